/**
 * Which device the cloud service takes a connection to be from (the protocol design's cloudService.deviceIdFrom), read
 * twice: the static rule (properties/certificate-authentication/design-rules.ts checkDesignStatically, its finding at
 * /cloudService/deviceIdFrom) and the emulated cloud service (emulator/attestation/cloud-service.ts), which acts on the
 * certificate's subject or on the ID the client names. The search and the Horn clauses take the certificate's subject
 * whatever the design says, so before s35-identity nothing played the rule's flaw: the emulated cloud read the
 * certificate alone and the client could not name an ID.
 *
 * On the built-in design and every protocol fixture with certificates on both sides of the device-to-cloud connection,
 * each with deviceIdFrom unset, "certificate" and "client-claim": d2, a device of the tenant with the certificate its
 * honest attestation earned and its own Pluton signing the handshake, connects naming d1's ID. The emulated cloud
 * accepting it as d1 must be exactly the designs the rule flags; and d2's honest connection (naming its own ID, where
 * the design asks for one) is accepted as d2 on every design, so a cloud that refuses everything does not pass.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeAs, encodeMessage } from '../../formats/attestation/messages.js';
import { createPki, type Pki } from '../../emulator/attestation/pki.js';
import { AttestationWorld, DEFAULT_EPOCH } from '../../emulator/attestation/world.js';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import { describesDeviceToCloud, type DeviceIdSource, type ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { loadPlatform, builtinPlatformFile } from '../../model/platform/load-platform.js';
import { checkDesignStatically } from '../../properties/certificate-authentication/design-rules.js';
import { fixture, fixtureNames } from '../attestation/helpers.js';

const SOURCES: (DeviceIdSource | undefined)[] = [undefined, 'certificate', 'client-claim'];

const withSource = (design: ProtocolDesign, source: DeviceIdSource | undefined): ProtocolDesign => {
  const copy = structuredClone(design);
  if (source === undefined) delete copy.cloudService.deviceIdFrom;
  else copy.cloudService.deviceIdFrom = source;
  return copy;
};

const ALL: [string, ProtocolDesign][] = [['the built-in design', builtinProtocol()], ...fixtureNames().map((n): [string, ProtocolDesign] => [n, fixture(n)])];
const BASES = ALL.filter(([, d]) => describesDeviceToCloud(d));
const CASES: [string, ProtocolDesign][] = BASES.flatMap(([name, d]) => SOURCES.map((s): [string, ProtocolDesign] => [`${name}, deviceIdFrom ${s ?? 'unset'}`, withSource(d, s)]));

/** Whom the emulated cloud accepted d2 as: when it names d1's ID, and when it names its own; undefined where refused. */
async function playClaims(design: ProtocolDesign, pki: Pki): Promise<{ asOther?: string; asItself?: string; d1: string; d2: string; refused?: string }> {
  const world = await AttestationWorld.create(design, { devices: [{ id: 'd1', software: ['good'] }, { id: 'd2', software: ['good'] }], pki, seed: 35 });
  const d1 = world.deviceIdOf('d1');
  const d2 = world.deviceIdOf('d2');
  const attested = await world.attest('d2');
  if (!attested.ok) return { d1, d2, refused: `d2's honest attestation: ${attested.reason}` };
  const honest = await world.connect('d2');
  const asItself = honest.ok ? world.cloud.accepted.at(-1)?.deviceId : undefined;
  // The same device again, its finish message naming d1: its own certificate and handshake signature, another's ID.
  const started = world.device('d2').device.startConnection()!;
  const hello = await world.cloud.handle(started.clientHello);
  if (!hello.accepted) return { d1, d2, ...(asItself ? { asItself } : {}), refused: hello.reason };
  const finish = await started.run.receive(hello.reply!);
  if (!finish.accepted) return { d1, d2, ...(asItself ? { asItself } : {}), refused: finish.reason };
  const decoded = decodeAs(finish.reply!, 'client-finish');
  if (!decoded.ok) throw new Error(decoded.reason);
  const claimingD1 = encodeMessage({ ...decoded.value, deviceId: world.device('d1').device.deviceId });
  const before = world.cloud.accepted.length;
  const done = await world.cloud.handle(claimingD1);
  const asOther = done.accepted && world.cloud.accepted.length > before ? world.cloud.accepted.at(-1)!.deviceId : undefined;
  return { d1, d2, ...(asItself ? { asItself } : {}), ...(asOther ? { asOther } : {}) };
}

describe('the cloud service\'s device ID source: the static rule against the emulated cloud', () => {
  let pki: Pki;
  const platform = loadPlatform(builtinPlatformFile()).design!;
  beforeAll(async () => {
    pki = await createPki(DEFAULT_EPOCH);
  });

  it('plays enough designs', () => {
    expect(BASES.length).toBeGreaterThan(5);
  });

  it.each(CASES)('%s: a device accepted as another exactly where the rule flags the design', async (_, design) => {
    const flagged = checkDesignStatically(design, platform).some((f) => f.pointer === '/cloudService/deviceIdFrom');
    const played = await playClaims(design, pki);
    // Not vacuous: the honest connection is accepted as the device itself on every design played.
    expect(played.refused, 'the honest parties must get as far as the connection').toBeUndefined();
    expect(played.asItself).toBe(played.d2);
    expect(played.asOther === played.d1, `emulated cloud accepted d2 as ${played.asOther ?? 'nobody'}; the rule ${flagged ? 'flags' : 'does not flag'} the design`).toBe(flagged);
  }, 60_000);
});

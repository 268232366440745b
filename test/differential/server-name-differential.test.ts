/**
 * Whether the device takes a server certificate only for the host it connects to (protocol design
 * device.serverNames), read four times: the rule (model/attestation/server-name-check.ts serverNameGap), the emulated
 * device (emulator/attestation/attesting-device.ts, validateChain with or without the expected name), the attacker
 * search (proofs/attacker-search/model.ts deviceTakesServerCert, with the root-issued certificate for the attacker's
 * own host among what it knows) and the Horn clauses (proofs/horn/translate.ts, the same certificate among the
 * attacker's facts). Before s36 a design could not say the device skips the name, and all three played a device
 * that checks.
 *
 * On the built-in design and every protocol fixture with certificates on both sides of the device-to-cloud
 * connection, each with serverNames "checked", "unchecked" and unset: the attacker poses as the cloud to a good
 * device with a server certificate the root issued it for a domain of its own. The emulated device taking it, the
 * search reporting injective-agreement and secrecy over that certificate, and the Horn clauses finding the server
 * agreement attack must each be exactly the designs the rule flags (where the design's device trusts only its root
 * store: under any-ca every reading already takes the attacker's server). The device takes the real cloud
 * certificate on every design, so a device that refuses everything does not pass.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeMessage, serverTbs, decodeAs } from '../../formats/attestation/messages.js';
import { signP256 } from '../../formats/image-package/ecdsa-p256.js';
import { generateSigningKey } from '../../formats/image-package/signing-key.js';
import { ATTACKER_DNS, createPki, webPkiServerChain, type Pki } from '../../emulator/attestation/pki.js';
import { AttestationWorld, DEFAULT_EPOCH } from '../../emulator/attestation/world.js';
import { DEFAULT_SCENARIO } from '../../model/attestation/attack-scenario.js';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import { describesDeviceToCloud, type ProtocolDesign, type ServerNameCheck } from '../../model/attestation/protocol-design.js';
import { serverNameGap } from '../../model/attestation/server-name-check.js';
import { searchProtocol } from '../../proofs/attacker-search/search.js';
import { proveProtocolUnbounded } from '../../proofs/horn/prove.js';
import { EXPECTED_VIOLATIONS, fixture, fixtureNames } from '../attestation/helpers.js';

const CHECKS: (ServerNameCheck | undefined)[] = [undefined, 'checked', 'unchecked'];

const withCheck = (design: ProtocolDesign, check: ServerNameCheck | undefined): ProtocolDesign => {
  const copy = structuredClone(design);
  if (check === undefined) delete copy.device.serverNames;
  else copy.device.serverNames = check;
  return copy;
};

const ALL: [string, ProtocolDesign][] = [['the built-in design', builtinProtocol()], ...fixtureNames().map((n): [string, ProtocolDesign] => [n, fixture(n)])];
// Designs whose device trusts its root store alone: under any-ca every reading takes the attacker's server whatever its name.
const BASES = ALL.filter(([, d]) => describesDeviceToCloud(d) && d.device.serverTrustAnchors === 'root-store');
const CASES: [string, string, ProtocolDesign][] = BASES.flatMap(([name, d]) => CHECKS.map((c): [string, string, ProtocolDesign] => [`${name}, serverNames ${c ?? 'unset'}`, name, withCheck(d, c)]));

/** Whether a good device, holding its certificate, takes the server hello an attacker signs under `chain`. */
async function deviceTakes(world: AttestationWorld, chain: Uint8Array[], key = generateSigningKey()): Promise<boolean> {
  const started = world.device('d1').device.startConnection();
  if (!started) throw new Error('d1 holds no certificate');
  const hello = decodeAs(started.clientHello, 'client-hello');
  if (!hello.ok) throw new Error(hello.reason);
  const share = generateSigningKey();
  const answer = await started.run.receive(encodeMessage({ type: 'server-hello', session: new Uint8Array(16).fill(0xee), share: share.publicKey, chain, signature: signP256(serverTbs(hello.value.share, share.publicKey), key) }));
  return answer.accepted;
}

describe("the device's check of a server certificate's host name: the rule, the emulated device, the search and the Horn clauses", () => {
  let pki: Pki;
  beforeAll(async () => {
    pki = await createPki(DEFAULT_EPOCH);
  });

  it('plays enough designs, checked and unchecked', () => {
    expect(BASES.length).toBeGreaterThan(5);
    expect(CASES.filter(([, , d]) => serverNameGap(d)).length).toBe(BASES.length);
  });

  it.each(CASES)('%s: the attacker is taken for the cloud exactly where the rule flags the design', async (_, base, design) => {
    const flagged = serverNameGap(design) !== undefined;
    const world = await AttestationWorld.create(design, { devices: [{ id: 'd1', software: ['good'] }], pki, seed: 36 });
    const attested = await world.attest('d1');
    expect(attested.ok, attested.ok ? '' : attested.reason).toBe(true);
    // Not vacuous: the cloud's own certificate, the handshake signed with its key, is taken on every design.
    expect(await deviceTakes(world, pki.cloud.chain, pki.cloud.key)).toBe(true);
    const eve = generateSigningKey();
    const emulated = await deviceTakes(world, await webPkiServerChain(pki, eve.publicKey, ATTACKER_DNS, DEFAULT_EPOCH), eve);
    expect(emulated, `emulated device ${emulated ? 'took' : 'refused'} the attacker's own-domain certificate; the rule ${flagged ? 'flags' : 'does not flag'} the design`).toBe(flagged);

    const search = searchProtocol(design, { scenario: DEFAULT_SCENARIO, bound: { sessions: 2 } });
    expect(search.incomplete).toBeUndefined();
    // The search reports one attack per goal: on a design already broken there another attack may be the one it names.
    const reported = new Set(search.violations.map((v) => v.property));
    const overEveHost = search.violations.filter((v) => /eve-host/.test(v.detail));
    const said = `search: ${search.violations.map((v) => v.property).join(', ') || 'holds'}`;
    if (!flagged) expect(overEveHost, said).toEqual([]);
    else {
      expect(reported.has('injective-agreement') && reported.has('secrecy'), said).toBe(true);
      if (!EXPECTED_VIOLATIONS[base]?.includes('injective-agreement')) expect(overEveHost.length, said).toBeGreaterThan(0);
    }

    const horn = proveProtocolUnbounded(design);
    const serverAgreement = horn.results.find((r) => r.id === 'server-agreement')!;
    expect(serverAgreement.verdict, serverAgreement.clause ?? serverAgreement.reason ?? '').toBe(flagged ? 'attack' : 'proved');
    if (flagged) expect(serverAgreement.derivation!.join('\n')).toMatch(/server certificate for a host of its own/);
  }, 120_000);
});

/**
 * The identity key never leaves Pluton. By design: the design names the device's identity key (a
 * private-key asset) and keeps every private key in Pluton (who may read, use or replace it is
 * key-confinement.ts's rule, tried by compromised components). In the emulator: every value any boot or
 * any compromised component put on a bus (flash reads and writes, image loads, Pluton requests and
 * answers, eFuse writes, network messages, including the factory's) and every trace is scanned for the
 * secret, raw or spelt out; and the device proves it holds the key: a quote (the one quote format,
 * quote-exchange.ts) over its measurements, for the nonce the attestation service sent, verifies under
 * the public key registered at the factory, with the measurements the service expects from the
 * genuine images. The exchange runs as the product's own protocol design describes it (design-quote.ts): the device
 * attests with a quote only if its attestation connection says so, signs it with what attestation.signingKey names as
 * the emulated device keeps it (Pluton's sealed key, or software signing with a value it reads), and the service
 * sends and checks the nonce the design says; a recorder replays the quote in the next session and a forger who
 * knows the design signs one from what crossed the buses: either accepted, the identity proves nothing now. (Before,
 * the emulated exchange was Azure Sphere's quote whatever the design said, so these were decided by the design rule
 * alone.) The design rule (model/attestation/protocol-design.ts quoteProofGap) still stands beside it: a flaw either
 * finds is a violation; test/differential/quote-proof-differential.test.ts holds the two together.
 */
import type { BootDevice, BusEvent } from '../../emulator/boot/index.js';
import { toHex } from '../../formats/image-package/index.js';
import type { Evidence } from '../verdict.js';
import { expectedMeasurements, expectedRegisters } from './quote-exchange.js';
import { forgeQuote, playQuoteExchange, type QuoteProtocol, type QuoteRegistration } from './design-quote.js';
import type { RuleInput, RuleOutcome } from './rule.js';
import { builtinProtocol, builtinProtocolFile, loadProtocol } from '../../model/attestation/load-protocol.js';
import { quoteProofGap, type ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';

const RULE = 'identity key stays in Pluton';
export const IDENTITY_REQUIREMENT = 'hardware-root-of-trust.identity-key-in-hardware';

export interface ScannedDevice {
  scenario: string;
  device: BootDevice;
  trace?: unknown;
}

/** `others`: devices the other rules used (their boots, compromised components, the fleet), scanned too. */
export function checkIdentityKey(input: RuleInput, others: readonly ScannedDevice[] = []): RuleOutcome {
  const { lab } = input;
  const design = lab.design;
  const base = { rule: RULE, requirement: IDENTITY_REQUIREMENT, extraBoots: [] };
  const privateKeys = design.assets.filter((a) => a.kind === 'private-key');
  if (privateKeys.length === 0) {
    return { ...base, verdict: 'unknown', summary: 'the platform design names no private-key asset: nothing says where the device identity key lives or who may use it', evidence: [{ title: `${RULE}: unknown`, lines: ['add the device identity key to the design\'s assets (kind "private-key", location "pluton") and the access rules of the components that use it'], reproduce: input.reproduce }] };
  }
  const problems: string[] = [];
  for (const asset of privateKeys) if (asset.location !== 'pluton') problems.push(`${asset.id} is kept in ${asset.location}, outside Pluton`);

  const protocol = productProtocol(input.product);
  // The device as it leaves the factory (registers cleared), on a bus of its own: the factory registers its quote key.
  const leaving = lab.factoryDevice.clone();
  const played = protocol.design ?? builtinProtocol();
  const signingKey = played.attestation.signingKey;
  const quote = attest(input, leaving, played);
  // The emulated exchange shows what the device does; the product's own protocol design decides, as a rule, whether
  // its service's check shows possession now. Each stands: a flaw either finds is a violation. The rule's finding,
  // located at the design's field, comes first in the summary.
  const stale = productProtocolGap(protocol, design);
  if (stale) problems.push(stale);
  if (!quote.ok) problems.push(quote.problem);

  // Scan last, so the quote exchange is scanned too.
  const devices: ScannedDevice[] = [
    { scenario: 'factory provisioning', device: lab.factoryDevice },
    { scenario: 'factory registration of the quote key', device: leaving },
    { scenario: input.normal.trace.scenario, device: input.normal.device, trace: input.normal.trace },
    ...input.attacks.map((a) => ({ scenario: a.run.trace.scenario, device: a.run.device, trace: a.run.trace })),
    ...others,
  ];
  let values = 0;
  let bytes = 0;
  const leaks: string[] = [];
  for (const { scenario, device, trace } of devices) {
    const scan = (event: Pick<BusEvent, 'channel' | 'from' | 'to' | 'label' | 'bytes'>) => {
      values++;
      bytes += event.bytes.length;
      if (device.pluton.containsIdentitySecret(event.bytes)) leaks.push(`${scenario}: ${event.channel} ${event.from} → ${event.to} (${event.label})`);
    };
    device.bus.events.forEach(scan);
    if (trace) scan({ channel: 'network', from: 'emulator', to: 'report', label: 'boot trace', bytes: new TextEncoder().encode(JSON.stringify(trace)) });
  }
  problems.push(...leaks.map((l) => `the identity secret crossed a bus: ${l}`));
  // Someone who knows the design and reads the buses signs a quote of their own: whatever the rule says of the key.
  if (quote.registration) {
    const forged = forgeQuote(devices.map((d) => d.device), played, quote.registration, input.verifier, lab.seed);
    quote.lines.push(`a forger who knows the design looked on every bus for ${signingKey}: ${forged ? `SIGNED a quote the service accepted, with ${forged}` : 'no value it found signs a quote the service accepts'}`);
    if (forged) problems.push(`the quote key ${signingKey} is ${quote.registration.signer}: a forger who read ${forged} signed a quote of its own for the service's nonce, claiming measurements and a client key of its choosing, and the service accepted it`);
  }

  const lines = [
    `${values} values (${bytes.toLocaleString('en-US')} bytes) from ${devices.length} devices scanned for the secret (raw, reversed, hex, base64): ${leaks.length} hits`,
    ...quote.lines,
  ];
  if (problems.length > 0) {
    return { ...base, verdict: 'violated', summary: problems[0]!, evidence: [{ title: `${RULE}: violated`, lines: [...problems, ...lines], reproduce: input.reproduce }] };
  }
  const evidence: Evidence = { title: `${RULE}: holds`, lines, data: { values, bytes } };
  return { ...base, verdict: 'holds', summary: `no value on any bus holds the identity secret (${values} scanned); the quote verifies`, evidence: [evidence] };
}

/**
 * The asset the product's protocol design signs quotes with (attestation.signingKey): the device's identity key, which
 * the lab provisions as Pluton's identity (emulator/boot/boot-device.ts identityAssetOf), whatever its place among the
 * design's private keys. Undefined when the protocol design cannot be read.
 */
export function quoteKeyOf(product: RuleInput['product']): string | undefined {
  return productProtocol(product).design?.attestation.signingKey;
}

/** The product's protocol design (its own file, or the built-in one), and the file it came from. */
export function productProtocol(product: RuleInput['product']): { file?: string; design?: ProtocolDesign } {
  const file = product.protocolFile;
  const design = file ? loadProtocol(file).design : builtinProtocol();
  return { ...(file ? { file } : {}), ...(design ? { design } : {}) };
}

/** Why the product's protocol design lets a recorded quote verify again, naming the file and field. */
function productProtocolGap(protocol: { file?: string; design?: ProtocolDesign }, platform: RuleInput['lab']['design']): string | undefined {
  const gap = protocol.design ? quoteProofGap(protocol.design, platform) : undefined;
  if (!gap) return undefined;
  return `${displayPath(protocol.file ?? builtinProtocolFile())} ${gap.pointer}: ${gap.message}, so attestation does not show the device holds its identity key now`;
}

/** The identity public key the factory sent to the vendor's device registry when it provisioned `device`. */
export function registeredIdentityKey(device: BootDevice): Uint8Array | undefined {
  return device.bus.events.find((e) => e.channel === 'network' && e.label === 'device identity public key')?.bytes;
}

/**
 * The attestation service's side: the factory registers the quote key of `leaving` (the device as it leaves the
 * factory); the service sends a nonce, checks the quote's signature over that nonce under the registered key, and
 * its measurements.
 */
function attest(input: RuleInput, leaving: BootDevice, protocol: QuoteProtocol): { ok: boolean; problem: string; lines: string[]; registration?: QuoteRegistration } {
  const { lab, normal, verifier } = input;
  const registered = registeredIdentityKey(lab.factoryDevice);
  if (!registered) return { ok: false, problem: 'the factory never registered the identity public key', lines: [] };
  // Taken on the booted device, whose bus records the exchange (and is scanned afterwards).
  const device = normal.device;
  const played = playQuoteExchange(leaving, device, protocol, verifier, lab.seed);
  const { registration, quote } = played;
  if (!registration || !quote) return { ok: false, problem: played.failure!, lines: [], ...(registration ? { registration } : {}) };
  const signed = !played.failure;
  const nonce = quote.values.nonce;
  const genuine = toHex(quote.values.measurements) === toHex(expectedMeasurements(input));
  // The registers behind the digest, read from the device to show which one differs.
  const expected = expectedRegisters(input);
  const registers = device.pluton.registerIds().map((id) => ({ id, value: toHex(device.pluton.readRegister(id)) }));
  const lines = [
    `quote (device ID, ${nonce.length ? `the service's nonce ${toHex(nonce).slice(0, 12)}…` : 'no nonce'}, measurements over ${registers.map((r) => r.id).join(', ') || 'no register'}, client key), signed by ${registration.signer}: signature ${signed ? 'verifies' : 'DOES NOT verify'} under the quote key registered at the factory`,
    `measurements ${toHex(quote.values.measurements).slice(0, 16)}… ${genuine ? 'match' : 'do NOT match'} the genuine chain's expected digest`,
    ...registers.map((r) => `${r.id} = ${r.value.slice(0, 16)}… ${toHex(expected.get(r.id) ?? new Uint8Array(32)) === r.value ? 'matches' : 'does NOT match'} the genuine chain's expected value`),
  ];
  if (played.replayed) lines.push(`a recorder replayed the quote: ${played.replayed}`);
  if (!signed) return { ok: false, problem: played.failure!, lines, registration };
  if (played.replayed) return { ok: false, problem: `${played.replayed}: the quote shows nothing current`, lines, registration };
  if (!genuine && normal.trace.outcome === 'booted') {
    const differing = registers.filter((r) => toHex(expected.get(r.id) ?? new Uint8Array(32)) !== r.value).map((r) => r.id);
    return { ok: false, problem: `after a genuine boot, the measurements (${differing.join(', ') || 'the register digest'}) differ from what the genuine images give: attestation cannot tell a genuine device`, lines, registration };
  }
  return { ok: true, problem: '', lines, registration };
}

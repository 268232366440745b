/**
 * The identity key never leaves Pluton. By design: every private-key asset lives in Pluton and no
 * access rule lets a component read it. In the emulator: every value any boot put on a bus (flash reads
 * and writes, image loads, Pluton requests and answers, eFuse writes, network messages, including the
 * factory's) and every trace is scanned for the secret, raw or spelt out; and the device proves it holds
 * the key: a quote over its registers verifies under the public key registered at the factory, with the
 * registers the attestation service expects from the genuine images.
 */
import { createHash } from 'node:crypto';
import { HmacDrbg, quoteMessage, type BootDevice, type BusEvent } from '../../emulator/boot/index.js';
import { toHex } from '../../model/image-package/index.js';
import type { Evidence } from '../verdict.js';
import type { RuleInput, RuleOutcome } from './rule.js';

const RULE = 'identity key stays in Pluton';

export function checkIdentityKey(input: RuleInput): RuleOutcome {
  const { lab } = input;
  const design = lab.design;
  const problems: string[] = [];
  for (const asset of design.assets.filter((a) => a.kind === 'private-key')) {
    if (asset.location !== 'pluton') problems.push(`${asset.id} is kept in ${asset.location}, outside Pluton`);
    for (const rule of design.access.filter((r) => r.asset === asset.id && r.rights.includes('read'))) problems.push(`${rule.component} may read ${asset.id}`);
  }

  const quote = attest(input);
  if (!quote.ok) problems.push(quote.problem);

  // Scan last, so the quote exchange is scanned too.
  const devices: { scenario: string; device: BootDevice; trace?: unknown }[] = [
    { scenario: 'factory provisioning', device: lab.factoryDevice },
    { scenario: input.normal.trace.scenario, device: input.normal.device, trace: input.normal.trace },
    ...input.attacks.map((a) => ({ scenario: a.run.trace.scenario, device: a.run.device, trace: a.run.trace })),
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

  const lines = [
    `${values} values (${bytes.toLocaleString('en-US')} bytes) from ${devices.length} devices scanned for the secret (raw, reversed, hex, base64): ${leaks.length} hits`,
    ...quote.lines,
  ];
  if (problems.length > 0) {
    return { rule: RULE, verdict: 'violated', summary: problems[0]!, evidence: [{ title: `${RULE}: violated`, lines: [...problems, ...lines], reproduce: input.reproduce }], extraBoots: [] };
  }
  const evidence: Evidence = { title: `${RULE}: holds`, lines, data: { values, bytes } };
  return { rule: RULE, verdict: 'holds', summary: `no value on any bus holds the identity secret (${values} scanned); the quote verifies`, evidence: [evidence], extraBoots: [] };
}

/** The attestation service's side: send a nonce, check the quote's signature and its registers. */
function attest(input: RuleInput): { ok: true; lines: string[] } | { ok: false; problem: string; lines: string[] } {
  const { lab, normal, verifier } = input;
  const registered = lab.factoryDevice.bus.events.find((e) => e.channel === 'network' && e.label === 'device identity public key')?.bytes;
  if (!registered) return { ok: false, problem: 'the factory never registered the identity public key', lines: [] };
  const nonce = new HmacDrbg(lab.seed, 'attestation service nonce').generate(32);
  // Taken on the booted device, whose bus records the exchange (and is scanned afterwards).
  const quote = normal.device.pluton.quote(nonce, 'attestation-client');
  const message = quoteMessage(quote.nonce, quote.registers);
  normal.device.bus.record('network', 'attestation-client', 'attestation-service', 'quote', Buffer.concat([message, quote.signature]));
  const signed = verifier.verify(message, quote.signature, registered);
  const expected = expectedRegisters(input);
  const mismatched = quote.registers.filter((r) => expected.has(r.id) && toHex(r.value) !== expected.get(r.id));
  const lines = [
    `quote over ${quote.registers.map((r) => r.id).join(', ')} with a fresh nonce: signature ${signed ? 'verifies' : 'DOES NOT verify'} under the identity key registered at the factory`,
    ...quote.registers.map((r) => `${r.id} = ${toHex(r.value).slice(0, 16)}… ${expected.get(r.id) === toHex(r.value) ? 'matches' : 'does NOT match'} the genuine chain's expected value`),
  ];
  if (!signed) return { ok: false, problem: 'the quote does not verify under the registered identity key', lines };
  if (mismatched.length > 0 && normal.trace.outcome === 'booted') return { ok: false, problem: `after a genuine boot, ${mismatched.map((r) => r.id).join(', ')} differ from what the genuine images give: attestation cannot tell a genuine device`, lines };
  return { ok: true, lines };
}

/** Each register folded over the genuine images' digests in boot order, as the attestation service computes it. */
function expectedRegisters(input: RuleInput): Map<string, string> {
  const values = new Map<string, Uint8Array>();
  for (const stage of input.lab.design.boot) {
    if (!stage.measurement) continue;
    const image = input.lab.vendor.current.images.get(stage.image)!;
    const digest = createHash('sha256').update(image).digest();
    const old = values.get(stage.measurement.register) ?? new Uint8Array(32);
    values.set(stage.measurement.register, createHash('sha256').update(old).update(digest).digest());
  }
  return new Map([...values].map(([id, v]) => [id, toHex(v)]));
}

/**
 * Every party's receive on hostile input: arbitrary bytes, and honest messages with bytes changed,
 * cut or appended. No receive may throw, and a message a party rejects must leave its state exactly as
 * it was (compared by snapshot).
 */
import fc from 'fast-check';
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import type { Step } from '../../emulator/attestation/common.js';
import { AttestationWorld } from '../../emulator/attestation/world.js';
import type { Pki } from '../../emulator/attestation/pki.js';

export type Target = 'security-service' | 'cloud-service' | 'device-attestation' | 'device-issued' | 'device-connection';
export const TARGETS: readonly Target[] = ['security-service', 'cloud-service', 'device-attestation', 'device-issued', 'device-connection'];

export interface HostileInput {
  target: Target;
  /** Arbitrary bytes, or a mutation of the honest message that target expects. */
  input: { kind: 'bytes'; bytes: Uint8Array } | { kind: 'mutate'; which: number; at: number; value: number; op: 'set' | 'cut' | 'append' };
}

export const hostileInputArbitrary = (): fc.Arbitrary<HostileInput> =>
  fc.record({
    target: fc.constantFrom(...TARGETS),
    input: fc.oneof(
      fc.record({ kind: fc.constant('bytes' as const), bytes: fc.oneof(fc.uint8Array({ maxLength: 256 }), fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Uint8Array.from([0xa0 | (b[0]! & 0x1f), ...b.subarray(1)]))) }),
      fc.record({ kind: fc.constant('mutate' as const), which: fc.nat(), at: fc.nat(), value: fc.nat({ max: 255 }), op: fc.constantFrom('set' as const, 'cut' as const, 'append' as const) }),
    ),
  });

/** A world with one good device part-way through each exchange, and the honest message each party expects next. */
export interface RobustnessBench {
  world: AttestationWorld;
  deliver: Record<Target, (bytes: Uint8Array) => Promise<Step>>;
  honest: Record<Target, Uint8Array[]>;
  snapshot: () => string;
}

/** `pki`: a PKI made earlier with createPki (for DEFAULT_EPOCH) to share. */
export async function makeRobustnessBench(design: ProtocolDesign, options: { pki?: Pki } = {}): Promise<RobustnessBench> {
  const world = await AttestationWorld.create(design, { devices: [{ id: 'd1', software: ['good'] }], ...(options.pki ? { pki: options.pki } : {}) });
  world.setPeriod(0);
  const att = await world.attest('d1');
  if (!att.ok) throw new Error(`the honest attestation fails: ${att.reason}`);
  const dev = world.device('d1').device;
  // A device run waiting for a challenge, one waiting for its certificate, one connection waiting for the server.
  const waitingChallenge = dev.startAttestation();
  const challenge = await world.service.handle(waitingChallenge.hello);
  const waitingIssued = dev.startAttestation();
  const c2 = await world.service.handle(waitingIssued.hello);
  const quote = await waitingIssued.run.receive(c2.reply!);
  const connection = dev.startConnection()!;
  const serverHello = await world.cloud.handle(connection.clientHello);
  const finishRun = dev.startConnection()!;
  const sh2 = await world.cloud.handle(finishRun.clientHello);
  const finish = await finishRun.run.receive(sh2.reply!);
  return {
    world,
    deliver: {
      'security-service': (b) => world.service.handle(b),
      'cloud-service': (b) => world.cloud.handle(b),
      'device-attestation': (b) => waitingChallenge.run.receive(b),
      'device-issued': (b) => waitingIssued.run.receive(b),
      'device-connection': (b) => connection.run.receive(b),
    },
    honest: {
      'security-service': [waitingChallenge.hello, quote.reply!],
      'cloud-service': [connection.clientHello, finish.reply!],
      'device-attestation': [challenge.reply!],
      'device-issued': [att.transcript[3]!],
      'device-connection': [serverHello.reply!],
    },
    snapshot: () => JSON.stringify([world.snapshot(), waitingChallenge.run.snapshot(), waitingIssued.run.snapshot(), connection.run.snapshot()]),
  };
}

export function hostileBytes(h: HostileInput, bench: RobustnessBench): Uint8Array {
  if (h.input.kind === 'bytes') return h.input.bytes;
  const pool = bench.honest[h.target];
  const base = pool[h.input.which % pool.length]!;
  const at = h.input.at % Math.max(1, base.length);
  if (h.input.op === 'cut') return base.slice(0, at);
  if (h.input.op === 'append') return Uint8Array.from([...base, h.input.value]);
  const out = base.slice();
  out[at] = out[at] === h.input.value ? (h.input.value ^ 0xff) : h.input.value;
  return out;
}

export class RobustnessViolation extends Error {
  override name = 'RobustnessViolation';
}

/** Delivers one hostile input; throws RobustnessViolation if the party throws, or rejects it and changes state. */
export async function checkHostileInput(h: HostileInput, bench: RobustnessBench): Promise<Step> {
  const bytes = hostileBytes(h, bench);
  const before = bench.snapshot();
  let step: Step;
  try {
    step = await bench.deliver[h.target](bytes);
  } catch (err) {
    throw new RobustnessViolation(`${h.target} threw on ${bytes.length} bytes (${Buffer.from(bytes.subarray(0, 24)).toString('hex')}…): ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!step.accepted && bench.snapshot() !== before) throw new RobustnessViolation(`${h.target} rejected a message (${step.reason}) but its state changed`);
  return step;
}

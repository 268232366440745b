/**
 * Runs one action sequence against a fresh set of parties: keeps the network log, the devices' runs, and
 * after every delivery checks the protocol rules on what was accepted (rules.ts) and, on what was
 * rejected, that no party's state changed (every party's snapshot, before and after). Returns behaviour
 * features for the structure-aware mode: which party accepted or rejected which message type, and why,
 * and each pair of consecutive such outcomes (the protocol states an input walks through).
 */
import { decodeMessage, encodeMessage, type Message } from '../../../formats/attestation/messages.js';
import type { Step } from '../../../emulator/attestation/common.js';
import type { DeviceAttestation, DeviceConnection } from '../../../emulator/attestation/attesting-device.js';
import { OracleViolation } from '../../core/oracle.js';
import { SPLICE_FIELDS, type Action } from './actions.js';
import { DEVICES, type Parties } from './parties.js';
import { ProtocolRules } from './rules.js';

/** A rejection reason as a feature: numbers and hex left out, so one reason is one feature. */
const reasonShape = (reason: string): string => reason.replace(/[0-9a-f]{8,}/gi, 'H').replace(/\d+/g, 'N').slice(0, 80);

export async function runSession(parties: Parties, actions: readonly Action[]): Promise<string[]> {
  const rules = new ProtocolRules(parties);
  const log: Uint8Array[] = [];
  const attestRuns: { device: string; run: DeviceAttestation }[] = [];
  const connectRuns: { device: string; run: DeviceConnection }[] = [];
  const features = new Set<string>();
  // State feedback in AFLNet's manner: each outcome, and each pair of consecutive outcomes.
  let previous = 'start';
  const outcome = (o: string) => {
    features.add(o);
    features.add(`${previous} > ${o}`);
    previous = o;
  };
  const world = parties.world;
  const deviceOf = (n: number) => DEVICES[n % DEVICES.length]!.id;
  const recent = <T>(list: readonly T[], n: number): T | undefined => (list.length ? list[list.length - 1 - (n % list.length)] : undefined);
  /** The n-th most recent logged message of one of `types` (the ones a receiver takes), else the n-th most recent of all. */
  const recentOf = (types: readonly string[], n: number): Uint8Array | undefined => {
    const typed = log.filter((m) => types.includes(typeOf(m)));
    return recent(typed.length ? typed : log, n);
  };
  const snapshot = () => JSON.stringify([world.snapshot(), attestRuns.map((r) => r.run.snapshot()), connectRuns.map((r) => r.run.snapshot())]);

  /** One delivery: the party's step, then the rules on an acceptance or the unchanged state on a rejection. */
  async function deliver(party: string, bytes: Uint8Array, receive: (b: Uint8Array) => Promise<Step>, onAccepted: (m: Message, reply: Uint8Array | undefined) => void): Promise<Step> {
    const before = snapshot();
    const step = await receive(bytes);
    const decoded = decodeMessage(bytes);
    const type = decoded.ok ? decoded.value.type : 'undecodable';
    if (!step.accepted) {
      outcome(`${party}:${type}:rejected:${reasonShape(step.reason)}`);
      const after = snapshot();
      if (after !== before) throw new OracleViolation('session.rejected-changes-state', `${party} rejected a ${type} message (${step.reason}) but its state changed`);
      // An error answer is not logged: no party takes one, and it would push the useful messages back.
      return step;
    }
    outcome(`${party}:${type}:accepted`);
    if (!decoded.ok) throw new OracleViolation('session.accepts-undecodable', `${party} accepted a message that does not decode: ${decoded.reason}`);
    onAccepted(decoded.value, step.reply);
    if (step.reply) log.push(step.reply);
    return step;
  }

  const toService = (bytes: Uint8Array) => deliver('service', bytes, (b) => parties.toService(b), (m, r) => rules.serviceAccepted(m, r));
  const toCloud = (bytes: Uint8Array) => {
    const before = world.cloud.accepted.length;
    return deliver('cloud', bytes, (b) => parties.toCloud(b), (m, r) => rules.cloudAccepted(m, r, before));
  };
  const toAttestRun = (r: { device: string; run: DeviceAttestation }, bytes: Uint8Array) => deliver(`device-attest`, bytes, (b) => r.run.receive(b), (m, reply) => rules.attestRunAccepted(r.device, m, reply));
  const toConnectRun = (r: { device: string; run: DeviceConnection }, bytes: Uint8Array) => deliver('device-connect', bytes, (b) => r.run.receive(b), () => rules.connectRunAccepted(r.device, r.run));

  function startAttest(device: string) {
    const { run, hello } = world.device(device).device.startAttestation();
    const r = { device, run };
    attestRuns.push(r);
    log.push(hello);
    return { r, hello };
  }
  function startConnect(device: string) {
    const started = world.device(device).device.startConnection();
    if (!started) return undefined;
    const r = { device, run: started.run };
    connectRuns.push(r);
    rules.connections.push(r);
    log.push(started.clientHello);
    const m = decodeMessage(started.clientHello);
    if (m.ok) rules.connectionStarted(device, m.value);
    return { r, hello: started.clientHello };
  }

  for (const x of actions) {
    switch (x.op) {
      case 'honest-attest': {
        const { r, hello } = startAttest(deviceOf(x.a));
        const challenge = await toService(hello);
        if (!challenge.accepted || !challenge.reply) break;
        const quote = await toAttestRun(r, challenge.reply);
        if (!quote.accepted || !quote.reply) break;
        const issued = await toService(quote.reply);
        if (issued.accepted && issued.reply) await toAttestRun(r, issued.reply);
        break;
      }
      case 'honest-connect': {
        const started = startConnect(deviceOf(x.a));
        if (!started) break;
        const serverHello = await toCloud(started.hello);
        if (!serverHello.accepted || !serverHello.reply) break;
        const finish = await toConnectRun(started.r, serverHello.reply);
        if (finish.accepted && finish.reply) await toCloud(finish.reply);
        break;
      }
      case 'attest-start':
        startAttest(deviceOf(x.a));
        break;
      case 'connect-start':
        startConnect(deviceOf(x.a));
        break;
      case 'to-service': {
        const m = recentOf(['hello', 'quote'], x.a);
        if (m) await toService(m);
        break;
      }
      case 'to-cloud': {
        const m = recentOf(['client-hello', 'client-finish'], x.a);
        if (m) await toCloud(m);
        break;
      }
      case 'to-attest-run': {
        const r = recent(attestRuns, x.a);
        const m = recentOf(['challenge', 'issued'], x.b);
        if (r && m) await toAttestRun(r, m);
        break;
      }
      case 'to-connect-run': {
        const r = recent(connectRuns, x.a);
        const m = recentOf(['server-hello'], x.b);
        if (r && m) await toConnectRun(r, m);
        break;
      }
      case 'splice': {
        const made = splice(log, recent(log, x.a), x.b, x.c);
        if (made) log.push(made);
        break;
      }
      case 'corrupt': {
        const m = recent(log, x.a);
        if (!m?.length) break;
        const copy = m.slice();
        copy[(x.b * 7919 + x.c) % copy.length]! ^= x.c || 1;
        log.push(copy);
        break;
      }
      case 'next-period':
        await parties.nextPeriod();
        outcome(`period:${Math.min(parties.period, 3)}`);
        break;
    }
  }
  return [...features];
}

const typeOf = (m: Uint8Array): string => {
  const d = decodeMessage(m);
  return d.ok ? d.value.type : 'undecodable';
};

/**
 * A copy of `message` with one of its fields (the `fieldChoice`-th it carries, in SPLICE_FIELDS order)
 * taken from the `donorChoice`-th most recent other logged message that carries a different value there,
 * or dropped when none does; undefined when the message does not decode.
 */
function splice(log: readonly Uint8Array[], message: Uint8Array | undefined, fieldChoice: number, donorChoice: number): Uint8Array | undefined {
  const m = message && decodeMessage(message);
  if (!m?.ok) return undefined;
  const fields = { ...m.value } as Record<string, unknown>;
  const carried = SPLICE_FIELDS.filter((f) => fields[f] !== undefined);
  if (!carried.length) return undefined;
  const field = carried[fieldChoice % carried.length]!;
  const mine = JSON.stringify(fields[field]);
  const donors: unknown[] = [];
  for (let i = log.length - 1; i >= 0; i--) {
    const d = decodeMessage(log[i]!);
    const value = d.ok ? (d.value as unknown as Record<string, unknown>)[field] : undefined;
    if (value !== undefined && JSON.stringify(value) !== mine) donors.push(value);
  }
  if (donors.length) fields[field] = donors[donorChoice % donors.length];
  else delete fields[field];
  return encodeMessage(fields as unknown as Message);
}

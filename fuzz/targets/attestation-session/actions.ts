/**
 * The input language of the stateful attestation campaign: a sequence of network actions. The attacker
 * is the network: every message a party sends, and every message the attacker makes from them (a field
 * spliced in from another message, a corrupted byte), goes into one log, and the attacker delivers any
 * logged message to any party's receiver, in any order, any number of times.
 *
 * Bytes: four per action (op, a, b, c); any byte string decodes (a trailing partial action is dropped),
 * so the byte-level engine's inputs are action sequences too. Message and run operands count back from
 * the newest (0 = the last one), among the messages the receiver takes (a quote or hello for the service,
 * a challenge or issued certificate for an attestation run, …) when the log has any: so small operands
 * name the traffic that matters, and inserting an action early keeps later ones pointing at it. Error
 * answers are not logged.
 */
import type { Rng } from '../../core/rng.js';
import type { StructureCodec } from '../../core/target.js';

export const OPS = [
  /** The device attests honestly end to end; every message is logged. */
  'honest-attest',
  /** A device opens an attestation run: its hello is logged; the run waits for a challenge. */
  'attest-start',
  /** A logged message to the security service. */
  'to-service',
  /** A logged message to a device's attestation run. */
  'to-attest-run',
  /** A device holding a certificate opens a cloud connection: its client-hello is logged. */
  'connect-start',
  /** A logged message to the cloud service. */
  'to-cloud',
  /** A logged message to a device's connection run. */
  'to-connect-run',
  /** A copy of a logged message with one of its fields taken from another logged message (or dropped, if none differs). */
  'splice',
  /** A copy of a logged message with one byte changed. */
  'corrupt',
  /** The next attestation period begins (24 h later): devices reboot into that period's software. */
  'next-period',
  /** The device connects to the cloud honestly. */
  'honest-connect',
] as const;
export type Op = (typeof OPS)[number];

export interface Action {
  op: Op;
  a: number;
  b: number;
  c: number;
}

/** Fields a splice can move between messages (the CBOR map keys of formats/attestation/messages.ts), in the order a splice's field operand counts them. */
export const SPLICE_FIELDS = ['session', 'nonce', 'deviceId', 'measurements', 'clientKey', 'signature', 'chain', 'share'] as const;

/** Longest action sequence run: each action may cost a few signatures and a certificate. */
export const MAX_ACTIONS = 16;
export const MAX_INPUT_BYTES = MAX_ACTIONS * 4;

export function decodeActions(bytes: Uint8Array): Action[] {
  const actions: Action[] = [];
  for (let i = 0; i + 4 <= bytes.length && actions.length < MAX_ACTIONS; i += 4) {
    actions.push({ op: OPS[bytes[i]! % OPS.length]!, a: bytes[i + 1]!, b: bytes[i + 2]!, c: bytes[i + 3]! });
  }
  return actions;
}

export function encodeActions(actions: readonly Action[]): Uint8Array {
  const out = new Uint8Array(Math.min(actions.length, MAX_ACTIONS) * 4);
  actions.slice(0, MAX_ACTIONS).forEach((x, i) => out.set([OPS.indexOf(x.op), x.a & 255, x.b & 255, x.c & 255], i * 4));
  return out;
}

export const act = (op: Op, a = 0, b = 0, c = 0): Action => ({ op, a, b, c });

/** A new action, its operands small most of the time (the recent messages, the first fields). */
function randomAction(rng: Rng): Action {
  const small = () => (rng.chance(0.8) ? rng.int(4) : rng.int(256));
  return act(rng.pick(OPS), small(), small(), small());
}

export const actionsCodec: StructureCodec<Action[]> = {
  decode: (bytes) => decodeActions(bytes),
  encode: (actions) => encodeActions(actions),
  clone: (actions) => actions.map((x) => ({ ...x })),
  mutate(actions, rng, donor) {
    const edits = rng.geometric(2);
    for (let e = 0; e < edits; e++) {
      const at = rng.int(actions.length + 1);
      switch (rng.int(9)) {
        case 0: // insert (a replay, a splice, a new run …)
          if (actions.length < MAX_ACTIONS) actions.splice(at, 0, randomAction(rng));
          break;
        case 1: // the same action again, later (a message delivered twice)
          if (actions.length && actions.length < MAX_ACTIONS) actions.splice(at, 0, { ...actions[rng.int(actions.length)]! });
          break;
        case 2: // drop
          if (actions.length) actions.splice(Math.min(at, actions.length - 1), 1);
          break;
        case 3: {
          // reorder: swap two actions
          if (actions.length < 2) break;
          const i = rng.int(actions.length);
          const j = rng.int(actions.length);
          [actions[i], actions[j]] = [actions[j]!, actions[i]!];
          break;
        }
        case 4:
        case 7:
        case 8: {
          // one operand changed (most often to a small one: the recent messages, a message's first fields)
          if (!actions.length) break;
          const x = actions[Math.min(at, actions.length - 1)]!;
          const k = rng.pick(['a', 'b', 'c'] as const);
          x[k] = rng.chance(0.7) ? rng.int(4) : rng.chance(0.5) ? (x[k] + rng.pick([1, 255])) & 255 : rng.int(256);
          break;
        }
        case 5: {
          // the op changed, operands kept
          if (!actions.length) break;
          actions[Math.min(at, actions.length - 1)]!.op = rng.pick(OPS);
          break;
        }
        default: {
          // a stretch of another input's actions (cross-session replays come from other sequences)
          const other = donor();
          if (!other?.length || actions.length >= MAX_ACTIONS) break;
          const from = rng.int(other.length);
          const piece = other.slice(from, from + rng.range(1, 4)).map((x) => ({ ...x }));
          actions.splice(at, 0, ...piece.slice(0, MAX_ACTIONS - actions.length));
        }
      }
    }
    return actions;
  },
  *shrink(actions) {
    for (let i = 0; i < actions.length; i++) yield [...actions.slice(0, i), ...actions.slice(i + 1)].map((x) => ({ ...x }));
    for (let i = 0; i < actions.length; i++) {
      for (const k of ['a', 'b', 'c'] as const) {
        if (actions[i]![k] !== 0) yield actions.map((x, j) => (j === i ? { ...x, [k]: 0 } : { ...x }));
      }
    }
  },
};

/**
 * Seed sequences of the stateful campaign: honest runs, and the attacks the protocol's rules are written
 * against, each of which the real parties reject — a replayed quote, a quote carrying another session's
 * nonce, a stale certificate offered to a new run, a downgraded device attesting, a replayed handshake.
 * Operands count back from the newest message (actions.ts); the comments give the log at that point.
 */
import type { NamedInput } from '../../core/target.js';
import { act, encodeActions, type Action } from './actions.js';

const D1 = 0;
const D2 = 1;
/** SPLICE_FIELDS indices. */
const NONCE = 1;
const CHAIN = 6;

const SEEDS: Record<string, Action[]> = {
  'honest-attest': [act('honest-attest', D1)],
  'honest-attest-and-connect': [act('honest-attest', D1), act('honest-connect', D1)],
  'two-devices-two-periods': [act('honest-attest', D1), act('honest-attest', D2), act('next-period'), act('honest-attest', D1), act('honest-attest', D2), act('honest-connect', D2)],
  // log: hello challenge quote issued — the quote again, to the same (used-up) session
  'replayed-quote': [act('honest-attest', D1), act('to-service', 1)],
  // a second session is opened, then the first session's quote gets the second challenge's nonce
  'swapped-nonce': [
    act('honest-attest', D1),
    act('attest-start', D1), // … issued hello1
    act('to-service', 0), // … hello1 challenge1
    act('splice', 3, NONCE, 0), // quote0 with challenge1's nonce
    act('to-service', 0),
  ],
  // next period: a new run gets past its challenge, then is offered the old (now expired) certificate
  'stale-certificate': [
    act('honest-attest', D1),
    act('next-period'),
    act('attest-start', D1), // hello0 challenge0 quote0 issued0 hello1
    act('to-service', 0), // … challenge1
    act('to-attest-run', 0, 0), // … quote1
    act('to-attest-run', 0, 3), // issued0
  ],
  // the handshake's last message replayed to the cloud, and another device's certificate chain in it
  'replayed-handshake': [act('honest-attest', D1), act('honest-attest', D2), act('honest-connect', D1), act('to-cloud', 0), act('splice', 0, CHAIN, 5), act('to-cloud', 0)],
  'interleaved-runs': [act('attest-start', D1), act('attest-start', D2), act('to-service', 1), act('to-service', 1), act('to-attest-run', 1, 0), act('to-attest-run', 0, 2)],
};

export function sessionSeeds(): NamedInput[] {
  return Object.entries(SEEDS).map(([name, actions]) => ({ name, bytes: encodeActions(actions) }));
}

/**
 * Seed sequences of the stateful campaign: honest runs, and the attacks the protocol's rules are written
 * against, each of which the real parties reject — a replayed quote, a quote moved into another session
 * (a cross-session replay), a quote carrying another session's nonce, a stale certificate offered to a new
 * run, a downgraded device attesting, a replayed handshake, runs interleaved.
 * Operands count back from the newest message (actions.ts); the comments give the log at that point.
 */
import type { NamedInput } from '../../core/target.js';
import { act, encodeActions, type Action } from './actions.js';

const D1 = 0;
const D2 = 1;
/** A splice's field operand counts the fields the message carries, in SPLICE_FIELDS order. */
const QUOTE_SESSION = 0; // a quote carries session, nonce, deviceId, measurements, clientKey, signature
const QUOTE_NONCE = 1;
const FINISH_CHAIN = 2; // a client-finish carries session, signature, chain

const SEEDS: Record<string, Action[]> = {
  'honest-attest': [act('honest-attest', D1)],
  'honest-attest-and-connect': [act('honest-attest', D1), act('honest-connect', D1)],
  'two-devices-two-periods': [act('honest-attest', D1), act('honest-attest', D2), act('next-period'), act('honest-attest', D1), act('honest-attest', D2), act('honest-connect', D2)],
  // the quote again, to its used-up session
  'replayed-quote': [act('honest-attest', D1), act('to-service', 0)],
  // a second session is opened, and the first session's quote is sent with the second challenge's nonce
  'swapped-nonce': [
    act('honest-attest', D1), // log: hello0 challenge0 quote0 issued0
    act('attest-start', D1), // … hello1
    act('to-service', 0), // … challenge1
    act('splice', 3, QUOTE_NONCE, 0), // … quote0 carrying challenge1's nonce
    act('to-service', 0),
  ],
  // a cross-session replay: the first session's quote moved into the second session (its nonce is the old one)
  'cross-session-quote': [act('honest-attest', D1), act('attest-start', D1), act('to-service', 0), act('splice', 3, QUOTE_SESSION, 0), act('to-service', 0)],
  // next period: a new run gets past its challenge, then is offered the old (now expired) certificate
  'stale-certificate': [
    act('honest-attest', D1),
    act('next-period'),
    act('attest-start', D1),
    act('to-service', 0), // challenge1
    act('to-attest-run', 0, 0), // the run answers challenge1
    act('to-attest-run', 0, 1), // issued0 (the run takes challenges and certificates: challenge0 issued0 challenge1)
  ],
  // the handshake's last message replayed to the cloud, then sent with d2's certificate chain in it
  'replayed-handshake': [act('honest-attest', D1), act('honest-attest', D2), act('honest-connect', D1), act('to-cloud', 0), act('splice', 0, FINISH_CHAIN, 1), act('to-cloud', 0)],
  // two runs interleaved, each challenge delivered out of order
  'interleaved-runs': [act('attest-start', D1), act('attest-start', D2), act('to-service', 0), act('to-service', 1), act('to-attest-run', 0, 1), act('to-attest-run', 1, 0)],
};

export function sessionSeeds(): NamedInput[] {
  return Object.entries(SEEDS).map(([name, actions]) => ({ name, bytes: encodeActions(actions) }));
}

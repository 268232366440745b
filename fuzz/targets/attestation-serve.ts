/**
 * Target attestation-serve: the stateful campaign of attestation-session (the same action sequences,
 * seeds and protocol-rule oracles) against `sevenfold serve`: a fresh server on a loopback port per
 * input, the security service and the cloud reached by HTTP POST (200 accepted, 400 rejected), stopped
 * after a bounded number of requests. The devices are the server's simulated ones, driven in process.
 * Slower than the in-process target (a PKI and a listening socket per input): a short slice in CI.
 */
import './attestation/cborg-require.js';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import type { FuzzTarget } from '../core/target.js';
import { actionsCodec, MAX_ACTIONS, MAX_INPUT_BYTES, type Action } from './attestation-session/actions.js';
import { loopbackParties } from './attestation-session/parties.js';
import { sessionSeeds } from './attestation-session/seeds.js';
import { SESSION_ORACLES, sessionRunner } from './attestation-session.js';

/**
 * The seeds that reach every party and both periods: each costs a server, so fewer seeds mean an earlier
 * start within CI's short slice.
 */
const SERVE_SEEDS = new Set(['honest-attest-and-connect', 'two-devices-two-periods', 'cross-session-quote', 'stale-certificate', 'replayed-handshake']);

/** At most two service or cloud requests per action, and one for a period change. */
const MAX_REQUESTS = MAX_ACTIONS * 2;

export const attestationServeTarget: FuzzTarget<Action[]> = {
  id: 'attestation-serve',
  title: 'the attestation protocol through `sevenfold serve` over loopback HTTP: the same action sequences as attestation-session, a fresh server per input, at most 32 requests',
  oracles: [...SESSION_ORACLES, 'the server answers 200 exactly when the party accepted and 400 when it rejected (any other status is a crash)'],
  maxInputBytes: MAX_INPUT_BYTES,
  setup() {
    const design = builtinProtocol();
    return sessionRunner(() => loopbackParties(design, MAX_REQUESTS));
  },
  seeds: () => sessionSeeds().filter((s) => SERVE_SEEDS.has(s.name)),
  structure: actionsCodec,
};

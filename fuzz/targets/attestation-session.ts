/**
 * Target attestation-session: the protocol parties' receivers driven by sequences of network actions
 * (attestation-session/actions.ts) — honest runs, replays, reordered and spliced messages, cross-session
 * and cross-period replays — against a fresh security service, cloud service and two devices per input,
 * all in this process. The oracles are the protocol's rules (attestation-session/rules.ts) and "a
 * rejected message changes no party's state".
 */
import './attestation/cborg-require.js';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import { createPki, type Pki } from '../../emulator/attestation/pki.js';
import { DEFAULT_EPOCH } from '../../emulator/attestation/world.js';
import type { FuzzTarget, TargetRunner } from '../core/target.js';
import { actionsCodec, decodeActions, MAX_INPUT_BYTES, type Action } from './attestation-session/actions.js';
import { inProcessParties, type Parties } from './attestation-session/parties.js';
import { sessionSeeds } from './attestation-session/seeds.js';
import { runSession } from './attestation-session/session-run.js';

export const SESSION_ORACLES = [
  'no certificate without a fresh valid quote: the security service issues only in a session it opened, once, in the period of its challenge, for the challenged device, over the nonce it sent, for a quote that device\'s Pluton signed with known-good measurements while running good software; the certificate names the device and certifies its client key under the tenant CA (read with node:crypto)',
  'a device answers only a challenge the service made for it, and keeps only a certificate the service issued to it, naming it and its client key, valid now',
  'the cloud accepts only a certificate the service issued, valid now, of a device running good software, in a handshake a device run finished with the same session key; a device finishes only a handshake the cloud ran for its share',
  'a rejected message changes no party\'s state (security service, cloud, devices and every run: snapshots before and after)',
  'an accepted message decodes, and each acceptance comes with the answer the protocol prescribes',
] as const;

/**
 * A runner over parties made by `makeParties` for each input. Exported so that tests can run the same
 * campaign against parties with a planted bug.
 */
export function sessionRunner(makeParties: (pki: () => Promise<Pki>) => Promise<Parties>): TargetRunner {
  let made: Promise<Pki> | undefined;
  // Made on first use, once per process: five certificates through WebCrypto.
  const pki = () => (made ??= createPki(DEFAULT_EPOCH));
  return {
    async run(input) {
      const parties = await makeParties(pki);
      try {
        return await runSession(parties, decodeActions(input));
      } finally {
        await parties.close();
      }
    },
  };
}

export const attestationSessionTarget: FuzzTarget<Action[]> = {
  id: 'attestation-session',
  title: 'the attestation protocol parties (security service, cloud service, devices) driven by sequences of valid, replayed, reordered and spliced messages, in process',
  oracles: SESSION_ORACLES,
  maxInputBytes: MAX_INPUT_BYTES,
  setup() {
    const design = builtinProtocol();
    // Chips from one seed: the devices' keys are the same in every input, so an input replays the same way.
    return sessionRunner(async (pki) => inProcessParties(design, await pki(), DEFAULT_EPOCH, 1));
  },
  seeds: sessionSeeds,
  structure: actionsCodec,
};

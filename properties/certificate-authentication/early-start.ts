/**
 * `verify` starts certificate-authentication's symbolic proofs in a worker thread (proofs-in-worker.ts)
 * as soon as it has the product and the options, from the same recipe the property uses
 * (symbolicProofInput): the product's protocol design, else the built-in one; the search size from the
 * product and --bound; --timeout for the unbounded proof; --seed and --runs name the concrete suites,
 * which the property runs itself. The property takes the results only when its own input is equal (a
 * design file changed in between, or options the property was given, make it compute here instead).
 */
import { availableParallelism } from 'node:os';
import { builtinProtocolFile, loadProtocol } from '../../model/attestation/load-protocol.js';
import type { Product } from '../../model/product/product.js';
import type { AttackerSearchBound } from '../../proofs/attacker-search/bound-option.js';
import { ProofsInWorker } from './proofs-in-worker.js';
import { chooseSearchSize } from './search-size.js';
import { symbolicProofInput } from './symbolic-proofs.js';
import { acceptanceWindowHours } from './freshness.js';
import type { RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { asks } from '../asked-rules.js';
import { ATTESTATION_PROTOCOL } from './rules.js';

export function startSymbolicProofs(product: Product, settings: { bound?: AttackerSearchBound; timeoutMs: number; runs: number; seed: number; requirements?: { profile: RequirementProfile } }, cpus = availableParallelism()): ProofsInWorker | undefined {
  // On one CPU a worker only adds its start-up and a second copy of the code it runs.
  if (cpus < 2) return undefined;
  // A design that cannot be read is reported by the property itself, with its errors.
  const design = loadProtocol(product.protocolFile ?? builtinProtocolFile()).design;
  if (!design) return undefined;
  // The search's acceptance window is the profile's, as the property's own input has it (else the inputs differ and the property searches again).
  // A profile without the requirement is reported by the property itself; the worker is then not started.
  let window: { acceptanceWindowHours?: number } = {};
  try {
    if (settings.requirements) window = { acceptanceWindowHours: acceptanceWindowHours(settings.requirements.profile) };
    // A profile that switches the attestation protocol off asks for no search (asked-rules.ts): none is started.
    if (settings.requirements && !asks(settings.requirements.profile, ATTESTATION_PROTOCOL)) return undefined;
  } catch {
    return undefined;
  }
  return ProofsInWorker.start(symbolicProofInput(design, chooseSearchSize(product, settings.bound), { ...settings, ...window }));
}

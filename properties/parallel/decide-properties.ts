/**
 * Decides a list of properties for a product, in this thread one after another (jobs = 1) or in
 * worker threads side by side: the one loop `verify` and `report` share, so both give each check the
 * same context and the same reproduce command whatever the number of jobs.
 */
import type { Product } from '../../model/product/product.js';
import type { RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { checkContext, type PropertyJobSettings } from './property-job.js';
import { runProperty, type PropertyDefinition } from '../registry.js';
import type { PropertyResult } from '../verdict.js';

/** The settings a worker needs (the files and the options that shape the checks), and what this thread has loaded. */
export interface DecidePropertiesRequest extends PropertyJobSettings {
  selected: readonly PropertyDefinition[];
  product: Product;
  requirements: { profile: RequirementProfile; file: string };
  /** The command that reproduces one property's verdict. */
  commandFor: (property: PropertyDefinition) => string;
  jobs: number;
  progress: (message: string) => void;
  /** Called as each verdict is known (in the order they finish). */
  done: (result: PropertyResult) => void;
}

/** The verdicts in the order of `selected`. */
export async function decideProperties(request: DecidePropertiesRequest): Promise<PropertyResult[]> {
  const { selected } = request;
  const options = { ...(request.bound ? { bound: request.bound } : {}), ...(request.faults !== undefined ? { faults: request.faults } : {}) };
  const jobs = Math.min(request.jobs, selected.length);
  if (jobs > 1) {
    const { runPropertiesInWorkers } = await import('./run-in-workers.js');
    const decided = await runPropertiesInWorkers(
      selected.map((p) => ({ propertyId: p.id, command: request.commandFor(p) })),
      jobs,
      { productFile: request.productFile, requirementsOption: request.requirementsOption, cwd: request.cwd, seed: request.seed, runs: request.runs, timeoutMs: request.timeoutMs, ...options },
      { progress: (id, m) => request.progress(`${id}: ${m}`), done: request.done },
    );
    return selected.map((p) => decided.get(p.id)!);
  }
  // certificate-authentication's symbolic proofs on the second core while this thread decides the
  // properties before it (they need only the design and the options); the property awaits them.
  const early = selected.some((p) => p.id === 'certificate-authentication') ? (await import('../certificate-authentication/early-start.js')).startSymbolicProofs(request.product, request) : undefined;
  const prestarted = early ? { prestarted: { certificateAuthentication: early } } : {};
  const results: PropertyResult[] = [];
  try {
    for (const property of selected) {
      request.progress(`checking ${property.id}…`);
      const result = await runProperty(property, request.product, { ...checkContext(request, request.requirements, request.commandFor(property), (m) => request.progress(`${property.id}: ${m}`)), ...prestarted });
      results.push(result);
      request.done(result);
    }
  } finally {
    await early?.stop();
  }
  return results;
}

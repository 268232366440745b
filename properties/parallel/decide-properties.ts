/**
 * Decides a list of properties for a product, in this thread one after another (jobs = 1) or in
 * worker threads side by side: the one loop `verify` and `report` share, so both give each check the
 * same context and the same reproduce command whatever the number of jobs.
 */
import type { Product } from '../../model/product/product.js';
import type { RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { checkContext, type PropertyJobSettings } from './property-job.js';
import { startProperty, type PropertyDefinition } from '../registry.js';
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
  /** Called as each verdict is known (in the order they finish: certificate-authentication last when its worker was started early). */
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
  // other properties (they need only the design and the options); the property is decided last, so
  // this thread waits for them only if they take longer than every other property together (deciding
  // it in its place, fourth, left this thread idle for the search's last few hundred milliseconds).
  // The worker ends after the proofs: by the time the property comes, last, it would seldom be through
  // the suites, and the part it did would be lost on the core the noble worker shares (measured: more
  // CPU and ~10 MB more peak, no faster). The property runs them here, where X.509 and the emulator are warm.
  const early = selected.some((p) => p.id === DEFERRED) ? (await import('../certificate-authentication/early-start.js')).startSymbolicProofs(request.product, request) : undefined;
  const prestarted = early ? { prestarted: { certificateAuthentication: early } } : {};
  const decided = new Map<PropertyDefinition, PropertyResult>();
  // Each verdict is handed on once noble has confirmed its signature verdicts, in the order decided;
  // meanwhile this thread goes on to the next check instead of idling for noble's worker.
  let reported = Promise.resolve();
  try {
    for (const property of decisionOrder(selected, early !== undefined)) {
      // A verdict noble has nothing left to confirm for is handed on before the next check starts.
      await Promise.race([reported, new Promise((resolve) => setImmediate(resolve))]);
      request.progress(`checking ${property.id}…`);
      const { confirmed } = await startProperty(property, request.product, { ...checkContext(request, request.requirements, request.commandFor(property), (m) => request.progress(`${property.id}: ${m}`)), ...prestarted });
      reported = reported.then(async () => {
        const result = await confirmed;
        decided.set(property, result);
        request.done(result);
      });
    }
    await reported;
  } finally {
    await early?.stop();
  }
  return selected.map((p) => decided.get(p)!);
}

/** The property whose work a worker thread started early: decided after the others when it did. */
const DEFERRED = 'certificate-authentication';

/** The order this thread decides `selected` in: as given, but the property a worker works for last (its work then overlaps all the others). */
export function decisionOrder(selected: readonly PropertyDefinition[], workerStarted: boolean): PropertyDefinition[] {
  if (!workerStarted) return [...selected];
  return [...selected.filter((p) => p.id !== DEFERRED), ...selected.filter((p) => p.id === DEFERRED)];
}

/**
 * A worker thread of `verify --jobs N`: loads the product and the requirement profile once, then
 * decides the properties the main thread sends it, one at a time, with the same runProperty the
 * single-threaded path calls (so a crash inside a check is `unknown`, as there).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadProduct } from '../../model/product/product.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { findProperty, runProperty } from '../registry.js';
import { chooseRequirements } from '../requirements-option.js';
import { checkContext, type FromWorker, type PropertyJobSettings, type ToWorker } from './property-job.js';
import type { PropertyResult } from '../verdict.js';

const settings = workerData as PropertyJobSettings;
const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);

const requirements = chooseRequirements(settings.requirementsOption, settings.cwd);
const loaded = loadProduct(settings.productFile);

async function decide(propertyId: string, command: string): Promise<PropertyResult> {
  const property = findProperty(propertyId);
  if (!property) return { property: propertyId, verdict: 'unknown', summary: `unknown property ${propertyId}` };
  // The main thread refused these before starting workers; if the files changed since, say so.
  if (!requirements.ok) return { property: propertyId, verdict: 'unknown', summary: `the requirement profile could not be loaded in the worker: ${requirements.errors.join('; ')}` };
  if (loaded.hasErrors || !loaded.product) return { property: propertyId, verdict: 'unknown', summary: 'the product could not be loaded in the worker (did its files change during the run?)' };
  return runProperty(property, loaded.product, checkContext(settings, requirements, command, (message) => post({ kind: 'progress', propertyId, message })));
}

port.on('message', (message: ToWorker) => {
  if (message.kind === 'stop') {
    // z3-solver's own threads would keep this worker alive.
    void shutdownZ3().finally(() => post({ kind: 'stopped' }));
    return;
  }
  const { propertyId, command } = message.job;
  void decide(propertyId, command).then((result) => post({ kind: 'result', propertyId, result }));
});

/**
 * `verify --jobs N`: the selected properties decided by N worker threads. Each worker takes the next
 * property when it is free (the costliest first, so two long ones do not end up in one queue);
 * results come back as each finishes. A worker that dies takes its property to `unknown`, never to
 * `holds`, and the others go on.
 */
import { Worker } from 'node:worker_threads';
import type { PropertyResult } from '../verdict.js';
import type { FromWorker, PropertyJob, PropertyJobSettings, ToWorker } from './property-job.js';

export interface WorkerPoolCallbacks {
  progress: (propertyId: string, message: string) => void;
  done: (result: PropertyResult) => void;
}

/** Rough cost order of the built-in product's checks (measured with `verify`'s own timings); unknown ids go last. */
const COSTLIEST_FIRST = ['certificate-authentication', 'renewable-security', 'failure-reporting', 'hardware-root-of-trust', 'defense-in-depth', 'compartmentalization', 'small-tcb'];

export function costliestFirst(jobs: readonly PropertyJob[]): PropertyJob[] {
  const rank = (id: string) => {
    const i = COSTLIEST_FIRST.indexOf(id);
    return i < 0 ? COSTLIEST_FIRST.length : i;
  };
  return [...jobs].sort((a, b) => rank(a.propertyId) - rank(b.propertyId));
}

export async function runPropertiesInWorkers(jobs: readonly PropertyJob[], threads: number, settings: PropertyJobSettings, callbacks: WorkerPoolCallbacks): Promise<Map<string, PropertyResult>> {
  const queue = costliestFirst(jobs);
  const results = new Map<string, PropertyResult>();
  const workerUrl = new URL('./property-worker.js', import.meta.url);
  const count = Math.max(1, Math.min(threads, queue.length));

  const runOne = () =>
    new Promise<void>((resolve) => {
      const worker = new Worker(workerUrl, { workerData: settings });
      let current: PropertyJob | undefined;
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        void worker.terminate().finally(resolve);
      };
      const next = () => {
        current = queue.shift();
        if (current) worker.postMessage({ kind: 'run', job: current } satisfies ToWorker);
        else worker.postMessage({ kind: 'stop' } satisfies ToWorker);
      };
      const record = (result: PropertyResult) => {
        results.set(result.property, result);
        callbacks.done(result);
      };
      worker.on('message', (message: FromWorker) => {
        if (message.kind === 'progress') callbacks.progress(message.propertyId, message.message);
        else if (message.kind === 'result') {
          record(message.result);
          next();
        } else finish();
      });
      worker.on('error', (err) => {
        // The worker is gone: its property cannot be decided here; the rest of the queue goes to the other workers.
        if (current && !results.has(current.propertyId)) {
          record({ property: current.propertyId, verdict: 'unknown', summary: `the check's worker thread failed: ${err instanceof Error ? err.message : String(err)}` });
        }
        current = undefined;
        finish();
      });
      worker.on('exit', () => {
        if (current && !results.has(current.propertyId)) record({ property: current.propertyId, verdict: 'unknown', summary: "the check's worker thread stopped before deciding" });
        finish();
      });
      next();
    });

  await Promise.all(Array.from({ length: count }, runOne));
  // A property a dead worker left in the queue with no live worker to take it.
  for (const job of queue) if (!results.has(job.propertyId)) {
    const result: PropertyResult = { property: job.propertyId, verdict: 'unknown', summary: 'no worker thread was left to decide it' };
    results.set(job.propertyId, result);
    callbacks.done(result);
  }
  return results;
}

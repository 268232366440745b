/**
 * The barrier between a property's check and its verdict: while the check runs, noble's confirmations
 * of node:crypto's ECDSA verdicts are computed on a worker thread (formats/image-package/noble-confirmations.ts);
 * the verdict is handed on only after every confirmation asked so far has come back, and it becomes
 * `unknown` with the cross-check reason if noble disagreed about any verdict in this process — the
 * same answer hardware-root-of-trust gives when a disagreement throws during its check. runProperty
 * (registry.ts) passes every verdict of `verify` and `report` through it.
 *
 * Only on the main thread: a `--jobs` property worker is already off it, the cores are already busy
 * with the other property workers, and a noble worker of its own would cost each ~13 MB; there noble
 * is asked in the property worker's own thread and a disagreement throws, as everywhere outside a deferral.
 */
import { isMainThread } from 'node:worker_threads';
import { deferNobleConfirmations } from '../formats/image-package/noble-confirmations.js';
import { startNobleWorker } from '../formats/image-package/noble-worker.js';
import type { PropertyResult } from './verdict.js';

export async function confirmedByNoble(decide: () => Promise<PropertyResult>): Promise<PropertyResult> {
  return (await decidedBeforeNoble(decide)).confirmed;
}

/**
 * The check decided, its verdict not yet handed on: `confirmed` is the verdict once noble has answered
 * (the barrier above). Returned as soon as the check is done, so `verify` can start the next property
 * while noble catches up on this one's confirmations (decide-properties.ts); the verdict is still
 * reported only through `confirmed`. A later check's confirmations join the same queue, so `confirmed`
 * may wait for some of those too (never for fewer than its own), and a disagreement found in them makes
 * it unknown as well: disagreements taint the whole process anyway (noble-confirmations.ts).
 */
export async function decidedBeforeNoble(decide: () => Promise<PropertyResult>): Promise<{ confirmed: Promise<PropertyResult> }> {
  if (!isMainThread) return { confirmed: Promise.resolve(await decide()) };
  const deferral = deferNobleConfirmations(startNobleWorker);
  let result: PropertyResult;
  try {
    result = await decide();
  } catch (err) {
    await deferral.settle(); // the deferral must close either way
    throw err;
  }
  // Settled from here on: this check adds no more confirmations, and the deferral closes now (a later check opens its own).
  const settled = deferral.settle();
  return { confirmed: settled.then((dispute) => (dispute === undefined ? result : disputed(result, dispute))) };
}

function disputed(result: PropertyResult, dispute: string): PropertyResult {
  return {
    property: result.property,
    verdict: 'unknown',
    summary: `noble and node:crypto disagree about a signature, so no verdict can be trusted: ${dispute}`,
    ...(result.timings ? { timings: result.timings } : {}),
  };
}

/**
 * Failure reporting: "Does the device report failures to its manufacturer?" Every failure the lab can
 * cause (an app crash, a firewall or capability denial, a boot that fails verification, an attestation
 * failure, an update failure, a power cut) becomes an event in the device's failure log, which must
 * survive reboots and power cuts, reach the security service at the next connection in reports bounded
 * as Azure Sphere's are, and be beyond an app's reach. Decided on the update emulator with the
 * product's apps running on the compartmentalization emulator, by four checks:
 *   1. random runs with power cuts and torn writes anywhere: no failure is lost (fast-check, shrunk);
 *   2. a cut at every flash operation of the log's own upkeep (acknowledge, compact) loses nothing;
 *   3. reports are bounded (1,000 events, 14 days) and bounding loses nothing;
 *   4. a flooding app can neither push out other failures nor erase the log.
 */
import { UpdateLab } from '../../emulator/update/index.js';
import { displayPath } from '../../model/diagnostics/display-path.js';
import type { Product } from '../../model/product/product.js';
import { updateDesignOf } from '../../model/update/product-update.js';
import type { PropertyCheckContext } from '../registry.js';
import type { CheckTiming, PropertyResult } from '../verdict.js';
import { checkAppCannotSuppress } from './app-cannot-suppress.js';
import { checkBoundedReports } from './bounded-reports.js';
import { checkLogSweep } from './log-sweep.js';
import { checkRandomRuns } from './random-runs.js';
import type { CheckOutcome } from './rule.js';
import { makeWorld } from './world.js';

const PROPERTY = 'failure-reporting';

export async function checkFailureReporting(product: Product, context: PropertyCheckContext): Promise<PropertyResult> {
  const timings: CheckTiming[] = [];
  const update = updateDesignOf(product);
  if (!update.design) return { property: PROPERTY, verdict: 'unknown', summary: `the update design ${displayPath(update.file)} cannot be used: ${update.errors[0] ?? 'unknown error'}`, timings };
  const design = update.design;
  const reproduce = `${context.command} --seed ${context.seed}`;
  context.progress(`provisioning an update lab from ${displayPath(product.platformFile)} and ${displayPath(update.file)} (seed ${context.seed})`);
  let started = performance.now();
  const lab = await UpdateLab.open(product.platform, design, { seed: context.seed, product: product.name });
  const world = makeWorld(product, lab);
  timings.push({ check: 'factory and apps', ms: performance.now() - started });
  if (typeof world === 'string') return { property: PROPERTY, verdict: 'unknown', summary: world, timings };
  const outcomes: CheckOutcome[] = [];
  const run = (name: string, check: () => CheckOutcome) => {
    context.progress(name);
    started = performance.now();
    outcomes.push(check());
    timings.push({ check: name, ms: performance.now() - started });
  };
  run('random runs with power cuts', () => checkRandomRuns(world, design, { seed: context.seed, runs: context.runs, reproduce }));
  run('log upkeep under power cuts', () => checkLogSweep(design, reproduce));
  run('bounded reports', () => checkBoundedReports(world, reproduce));
  run('app cannot suppress', () => checkAppCannotSuppress(world, reproduce));
  const evidence = [...outcomes.filter((o) => o.verdict !== 'holds'), ...outcomes.filter((o) => o.verdict === 'holds')].flatMap((o) => o.evidence);
  const bound = `${outcomes.map((o) => `${o.check}: ${o.bound}`).join('; ')}; failure log persistence: ${design.failureReporting.persistence}`;
  const violated = outcomes.filter((o) => o.verdict === 'violated');
  if (violated.length) return { property: PROPERTY, verdict: 'violated', summary: violated.map((o) => `${o.check}: ${o.summary}`).join(' | '), bound, evidence, timings };
  const unknown = outcomes.find((o) => o.verdict === 'unknown');
  if (unknown) return { property: PROPERTY, verdict: 'unknown', summary: `${unknown.check}: ${unknown.summary}`, bound, evidence, timings };
  return { property: PROPERTY, verdict: 'holds', summary: outcomes.map((o) => o.summary).join('; '), bound, evidence, timings };
}

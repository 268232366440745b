/**
 * A `holds` is about a device that can exist. A product whose apps cannot run together (two apps on one GPIO, one
 * I/O block on two cores, more real-time apps than M4 cores: the allocation of model/isolation/allocation.ts fails)
 * cannot be deployed as stated: the device refuses the app that conflicts (5242884 and its siblings), so the device
 * that runs is one with fewer apps, and which ones depends on the order they were installed in. Every other check
 * builds its device from the product's full list of apps: a hardware-root-of-trust, small-tcb or
 * certificate-authentication `holds` on such a product was judged on a device that cannot exist (s37-corpus case 10
 * held all three). Applied once, to every property, where registry.ts wraps the checks: a `holds` becomes `unknown`
 * naming each conflict. A `violated` stands (never a false holds; compartmentalization is violated by the conflict
 * itself wherever the profile asks for hardware-barriers). The conflicts are the direct allocator's (the one statement
 * of the rules is model/isolation/conflicts.ts); compartmentalization explains them with Z3's unsat cores.
 */
import { displayPath } from '../formats/diagnostics/display-path.js';
import type { AllocationProblem } from '../model/isolation/allocation.js';
import { describeClaim } from '../model/isolation/claims.js';
import { conflictRule } from '../model/isolation/conflicts.js';
import { IsolationSpec } from '../model/isolation/isolation-spec.js';
import type { Product } from '../model/product/product.js';
import type { PropertyResult } from './verdict.js';

/** Each reason the product's apps cannot run together, one line naming the apps, what they ask for and where; none when they can. */
export function conflictsOfApps(product: Product): string[] {
  const allocation = new IsolationSpec(product).allocation;
  return allocation.ok ? [] : allocation.problems.map(describeProblem);
}

function describeProblem(problem: AllocationProblem): string {
  if (problem.kind === 'no-core') {
    return `${problem.compartments.length} ${problem.core} apps (${problem.compartments.map((c) => `${c.name} ${displayPath(c.file)}`).join(', ')}) for fewer cores that can run them`;
  }
  const rule = conflictRule(problem.kind);
  const [a, b] = problem.claims;
  return `${describeClaim(a)} (${displayPath(a.file)} ${a.pointer}) and ${describeClaim(b)} (${displayPath(b.file)} ${b.pointer}): ${problem.kind}, device error ${rule.deviceError} ${rule.deviceErrorName}`;
}

/** The result, with a `holds` turned `unknown` when the product's apps cannot run together (conflicts from conflictsOfApps). */
export function holdsOnlyWhereAppsRunTogether(result: PropertyResult, conflicts: readonly string[]): PropertyResult {
  if (result.verdict !== 'holds' || !conflicts.length) return result;
  return {
    ...result,
    verdict: 'unknown',
    summary: `cannot decide: the product's apps cannot run together (${conflicts.length} conflict${conflicts.length > 1 ? 's' : ''}: ${conflicts[0]}${conflicts.length > 1 ? ` and ${conflicts.length - 1} more` : ''}; compartmentalization explains ${conflicts.length > 1 ? 'them' : 'it'}), so no device runs the apps this check was judged on: the device refuses an app that conflicts and runs fewer (the checks that ran: ${result.summary})`,
    evidence: [{ title: `the product's apps cannot run together: the holds below was judged on a device that cannot exist`, lines: conflicts.map((c) => `conflict: ${c}`) }, ...(result.evidence ?? [])],
  };
}

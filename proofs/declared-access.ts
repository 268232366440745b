/**
 * What the access proofs may assume when a product has no firewall assignment (an allocation
 * conflict: two apps need one I/O block on different cores, one GPIO twice, more real-time apps than
 * M4 cores…). The device refuses part of such a product (the app whose peripherals conflict does
 * not start), and which part depends on the order things are installed, so the product as written
 * has no single set of accesses. Without an assignment IsolationSpec grants no peripheral at all,
 * and a proof over that graph would "prove" every peripheral unreachable: an error state presented
 * as a proof.
 *
 * The sound basis is the manifests as declared: every app gets every peripheral it declares (a
 * real-time app, which has no OS check above the firewall, every peripheral of every block it
 * claims), whatever the conflict. Any way the device resolves the conflict grants a subset of that,
 * so "unreachable on the declared manifests" is a proof about every outcome; "reachable" is not (the
 * app that would open the path may be the one refused), and the callers say so.
 */
import { isChipPeripheral, type PeripheralCapability } from '../formats/chips/chip-profile.js';
import { displayPath } from '../formats/diagnostics/display-path.js';
import type { AllocationProblem } from '../model/isolation/allocation.js';
import { describeClaim } from '../model/isolation/claims.js';
import { conflictRule } from '../model/isolation/conflicts.js';
import type { AccessEdge, IsolationSpec } from '../model/isolation/isolation-spec.js';

/**
 * 'firewall-assignment': the product allocates; edges are what the device grants.
 * 'declared-manifests': it does not; edges are what the manifests ask for (an over-approximation).
 */
export type AccessBasis = 'firewall-assignment' | 'declared-manifests';

/** Every access the product grants, or, when it has no firewall assignment, every access its manifests declare. */
export function accessEdgesOf(spec: IsolationSpec): { basis: AccessBasis; edges: AccessEdge[]; conflicts: string[] } {
  if (spec.allocation.ok) return { basis: 'firewall-assignment', edges: spec.accessEdges(), conflicts: [] };
  // Without an assignment the spec grants no peripheral; everything else does not depend on the firewall.
  const edges = spec.accessEdges().filter((e) => e.to.kind !== 'peripheral');
  return { basis: 'declared-manifests', edges: [...declaredPeripheralEdges(spec), ...edges], conflicts: describeAllocationProblems(spec) };
}

function declaredPeripheralEdges(spec: IsolationSpec): AccessEdge[] {
  const chip = spec.product.chip;
  const edges: AccessEdge[] = [];
  const seen = new Set<string>();
  const add = (from: string, capability: PeripheralCapability, value: string | number, because: string) => {
    const key = `${from}|${capability}|${value}`;
    if (seen.has(key) || !isChipPeripheral(chip, capability, value)) return;
    seen.add(key);
    edges.push({ from, to: { kind: 'peripheral', capability, value }, because });
  };
  for (const claim of spec.claims) {
    const app = claim.compartment;
    if (!app.manifest) continue;
    if (app.kind === 'high-level') {
      add(app.id, claim.capability, claim.value, `${app.name} declares ${claim.capability} ${claim.value} (no firewall assignment: as declared)`);
      continue;
    }
    // A real-time app reaches every peripheral of the blocks its core would own.
    const because = `${app.name} claims block ${claim.block.id} (no firewall assignment: as declared)`;
    for (const gpio of claim.block.gpios) add(app.id, 'Gpio', gpio, because);
    for (const eint of claim.block.externalInterrupts ?? []) add(app.id, 'ExternalInterrupt', eint, because);
    for (const [capability, value] of Object.entries(claim.block.functions) as [PeripheralCapability, string][]) {
      if (capability !== 'ExternalInterrupt') add(app.id, capability, value, because);
    }
  }
  return edges;
}

/** One line per allocation problem, with the device's error and where each claim is written. */
export function describeAllocationProblems(spec: IsolationSpec): string[] {
  if (spec.allocation.ok) return [];
  return spec.allocation.problems.map((p) => describeProblem(spec, p));
}

function describeProblem(spec: IsolationSpec, p: AllocationProblem): string {
  if (p.kind === 'no-core') {
    const cores = spec.product.chip.cores.filter((c) => c.kind === (p.core === 'real-time' ? 'real-time' : 'high-level')).length;
    return `${p.compartments.length} ${p.core} apps (${p.compartments.map((c) => c.name).join(', ')}) need a core each; ${spec.product.chip.name} has ${cores}`;
  }
  const rule = conflictRule(p.kind);
  const [a, b] = p.claims;
  const at = (c: typeof a) => `${displayPath(c.file)}:${c.position.line}:${c.position.column}`;
  return `${rule.deviceErrorName} (${rule.deviceError}) on block ${a.block.id}: ${describeClaim(a)} (${at(a)}) and ${describeClaim(b)} (${at(b)})`;
}

/** The problems as one sentence for a reason line: the first few, and how many more. */
export function conflictSummary(conflicts: string[], shown = 3): string {
  const head = conflicts.slice(0, shown).join('; ');
  return conflicts.length > shown ? `${head}; and ${conflicts.length - shown} more` : head;
}

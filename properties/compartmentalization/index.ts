/**
 * Compartmentalization: "Does a failure in one component of the device require a reboot of the
 * entire device to return to operation?" Decided in three steps over one IsolationSpec:
 *  1. Z3 proves that a firewall assignment exists (or explains, with an unsat core, why not);
 *  2. the direct allocator must agree with Z3 (a disagreement is a Sevenfold defect: unknown);
 *  3. the property suite drives random app programs against the emulator: every result matches the
 *     spec, app A cannot observe app B's secrets, and a crash leaves every other app running.
 */
import { displayPath } from '../../model/diagnostics/display-path.js';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import type { Product } from '../../model/product/product.js';
import { proveAllocation, type ExplainedConflict } from '../../proofs/allocation-proof.js';
import type { PropertyCheckContext } from '../registry.js';
import type { CheckTiming, Evidence, PropertyResult } from '../verdict.js';
import { imageManifestEvidence, imageManifestFindings } from '../hardware-root-of-trust/image-manifest-match.js';
import { runCompartmentalizationSuite } from './suite.js';

const PROPERTY = 'compartmentalization';

export async function checkCompartmentalization(product: Product, context: PropertyCheckContext): Promise<PropertyResult> {
  const spec = new IsolationSpec(product);
  const reproduce = `${context.command} --seed ${context.seed}`;
  const warnings = spec.oneSidedLinks.map(
    (link) => `${displayPath(link.file)} ${link.pointer}: ${link.from.name} lists ${link.toName ?? link.to} as a partner, but not the other way round: the channel stays closed`,
  );
  const timings: CheckTiming[] = [];
  const base = { property: PROPERTY, ...(warnings.length ? { warnings } : {}), timings };

  // The spec is built from the product's manifests; the device enforces the ones inside the images. Where they
  // differ, any verdict below would be about apps the device does not run.
  const mismatches = imageManifestFindings(product);
  if (mismatches.length) {
    return {
      ...base,
      verdict: 'violated',
      summary: `${mismatches.length} image${mismatches.length > 1 ? 's differ' : ' differs'} from the product's manifest${mismatches.length > 1 ? 's' : ''}: ${mismatches[0]!.message}`,
      evidence: imageManifestEvidence(mismatches, reproduce),
    };
  }

  context.progress('proving the I/O firewall allocation with Z3');
  const proof = await proveAllocation(spec, { timeoutMs: context.timeoutMs });
  timings.push({ check: 'allocation (Z3)', ms: proof.timeMs });
  if (proof.status === 'unsat') {
    return {
      ...base,
      verdict: 'violated',
      summary: `${proof.conflicts.length} allocation conflict${proof.conflicts.length > 1 ? 's' : ''}: ${proof.conflicts[0]!.message}`,
      evidence: proof.conflicts.map((c) => conflictEvidence(c, reproduce)),
    };
  }
  if (proof.status === 'unknown') {
    return { ...base, verdict: 'unknown', summary: `Z3 could not decide the allocation: ${proof.reason}`, evidence: [{ title: 'allocation (Z3)', lines: [`unknown: ${proof.reason}`], reproduce }] };
  }
  if (!spec.allocation.ok) {
    return { ...base, verdict: 'unknown', summary: 'Z3 found an allocation the direct allocator rejects: a defect in Sevenfold, not a finding', evidence: [] };
  }

  const allocationEvidence: Evidence = {
    title: 'I/O firewall allocation (Z3: sat)',
    lines: [...proof.allocation.blockOwner].map(([block, core]) => `${block} → ${core}`),
    data: { coreOf: Object.fromEntries(proof.allocation.coreOf), blockOwner: Object.fromEntries(proof.allocation.blockOwner) },
  };
  context.progress(`running the property suite (${context.runs} runs per check, seed ${context.seed})`);
  const suite = runCompartmentalizationSuite(spec, { seed: context.seed, runs: context.runs });
  for (const r of suite) timings.push({ check: r.check, ms: r.timeMs });
  const suiteEvidence: Evidence[] = suite.map((r) => ({
    title: r.trivial ? `${r.check}: ${r.verdict} trivially (${r.trivial})` : `${r.check}: ${r.verdict} (${r.runs} runs, seed ${r.seed})`,
    lines: [r.summary, ...(r.counterexample ? [`counterexample: ${r.counterexample}`] : []), ...(r.replay ? [`replay: ${r.replay}`] : [])],
    reproduce,
  }));
  const violated = suite.find((r) => r.verdict === 'violated');
  if (violated) return { ...base, verdict: 'violated', summary: `${violated.check}: ${violated.summary}`, evidence: [allocationEvidence, ...suiteEvidence] };
  const unknown = suite.find((r) => r.verdict === 'unknown');
  if (unknown) return { ...base, verdict: 'unknown', summary: `${unknown.check}: ${unknown.summary}`, evidence: [allocationEvidence, ...suiteEvidence] };
  const trivial = suite.filter((r) => r.trivial);
  return {
    ...base,
    verdict: 'holds',
    summary: `firewall allocation proved; ${suite.length} suite checks passed${trivial.length ? ` (${trivial.map((r) => `${r.check} trivially: ${r.trivial}`).join('; ')})` : ''}`,
    bound: `Z3 allocation sat; ${suite.map((r) => (r.trivial ? `${r.check} trivial (${r.trivial})` : `${r.check} ${r.runs} runs`)).join(', ')}; seed ${context.seed}`,
    evidence: [allocationEvidence, ...suiteEvidence],
  };
}

function conflictEvidence(conflict: ExplainedConflict, reproduce: string): Evidence {
  return {
    title: `conflict (${conflict.kind}${conflict.deviceError ? `, device error ${conflict.deviceError}` : ''})`,
    lines: [
      conflict.message,
      ...conflict.claims.map((c) => `  ${displayPath(c.file)}${c.position ? `:${c.position.line}:${c.position.column}` : ''} ${c.pointer}: ${c.description}`),
      ...conflict.fixes.map((f) => `  fix: ${f}`),
    ],
    reproduce,
    data: conflict,
  };
}

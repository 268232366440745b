/**
 * Everything the four output formats show, computed once from a verification run: the summary
 * rows, the findings, the inventory and the diagrams.
 */
import { VERDICT_EXIT_CODE, type PropertyResult, type Verdict } from '../../properties/verdict.js';
import { buildComplianceEvidence, clausesOfFinding, type ComplianceEvidence } from './compliance-evidence.js';
import { reportDiagrams, type Diagram } from './diagrams.js';
import { findingsOfRun, type Finding } from './findings.js';
import { buildInventory, type Inventory } from './inventory.js';
import type { PropertyInfo, VerificationRun } from './types.js';


export interface SummaryRow {
  property: PropertyInfo;
  result: PropertyResult;
  /** The bound or run count behind the verdict, or why there is none. */
  basis: string;
}

export interface AuditReport {
  run: VerificationRun;
  generatedAt: string;
  /** The exit code of the run that made this report: the verdict's, and at least 1 when an included fuzz campaign crashed. */
  exitCode: (typeof VERDICT_EXIT_CODE)[Verdict];
  counts: Record<Verdict, number>;
  rows: SummaryRow[];
  findings: Finding[];
  inventory: Inventory;
  diagrams: Diagram[];
  /** Clause by clause: the evidence for and against, and what is not covered (never a compliance claim). */
  compliance: ComplianceEvidence;
  /** What the report left out and why (e.g. SVG files without a browser). */
  notes: string[];
}

/** "1 000 runs, seed 42" from a result: its bound, else the run counts its evidence titles state. */
export function basisOf(result: PropertyResult, run: VerificationRun): string {
  if (result.bound) return result.bound;
  const counts = (result.evidence ?? []).map((e) => /\((\d[\d\s,]*) runs?(?:, seed (\d+))?\)/.exec(e.title)).filter((m): m is RegExpExecArray => m !== null);
  if (counts.length) return `${counts.map((m) => `${m[1]} runs`).join(', ')}; seed ${counts[0]![2] ?? run.seed}`;
  if (result.verdict === 'violated') return `counterexample (seed ${run.seed})`;
  if (result.verdict === 'unknown') return 'none: not decided';
  return 'not stated by the check';
}

export function buildAuditReport(run: VerificationRun, generatedAt = new Date()): AuditReport {
  const resultOf = (id: string): PropertyResult =>
    run.results.find((r) => r.property === id) ?? { property: id, verdict: 'unknown', summary: 'not run in this verification' };
  const rows = run.properties.map((property) => {
    const result = resultOf(property.id);
    return { property, result, basis: basisOf(result, run) };
  });
  // Results for properties the registry does not list (should not happen) are still reported.
  for (const r of run.results) {
    if (!run.properties.some((p) => p.id === r.property)) rows.push({ property: { id: r.property, title: r.property, question: '', definition: '', implemented: true }, result: r, basis: basisOf(r, run) });
  }
  const counts: Record<Verdict, number> = { holds: 0, violated: 0, unknown: 0 };
  for (const row of rows) counts[row.result.verdict] += 1;
  const findings = findingsOfRun(run).map((f) => ({ ...f, clauses: clausesOfFinding(f, run.results.find((r) => r.property === f.property)) }));
  const inventory = buildInventory(run.product, run.cwd);
  const diagrams = reportDiagrams(run.product, inventory, findings);
  const notes: string[] = [];
  if (run.fuzz?.note) notes.push(run.fuzz.note);
  for (const k of run.fuzz?.campaigns ?? []) {
    if (k.didNotFuzz) notes.push(`fuzz campaign ${k.target}${k.engine ? ` (${k.engine})` : ''} in ${k.file} did not fuzz: ${k.didNotFuzz}; its 0 crashes are no evidence about ${k.property ?? 'its target'}: rerun it (${k.reproduce ?? 'sevenfold fuzz'})`);
  }
  const compliance = buildComplianceEvidence(run, rows, findings);
  return { run, generatedAt: generatedAt.toISOString(), exitCode: reportExitCode(run), counts, rows, findings, inventory, diagrams, compliance, notes };
}

/**
 * The exit code `sevenfold report` returns, written once so every format states the code the command gives: the
 * verdict's (0 holds, 1 violated, 3 unknown), and 1 instead of 0 when an included fuzz campaign crashed (a crash is
 * an error finding a CI gate must see). An unknown stays 3: a crash does not decide the undecided properties.
 */
export function reportExitCode(run: VerificationRun): AuditReport['exitCode'] {
  const crashes = run.fuzz?.campaigns.reduce((n, k) => n + k.crashes.length, 0) ?? 0;
  const code = VERDICT_EXIT_CODE[run.verdict];
  return crashes > 0 && code === VERDICT_EXIT_CODE.holds ? VERDICT_EXIT_CODE.violated : code;
}

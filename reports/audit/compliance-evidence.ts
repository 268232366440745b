/**
 * The report's compliance table: for each clause of EN 303 645, CRA Annex I Part I and NIST IR 8259A
 * that a Sevenfold check bears on (model/compliance/evidence.json), the verdicts and findings of this
 * run that are evidence for it (a property that holds, a requirement met in a decided verdict), evidence against it (a
 * violated property's findings, a failed requirement, a fuzz crash of a campaign that names its property,
 * a product diagnostic the table maps)
 * and what was not decided. A provision with sub-provisions reads no better than they do (clauseEvidence).
 * Sevenfold never claims compliance: the table shows evidence, and says so.
 */
import { clauseById, clauseLabel, clausesOf, complianceTable, sortClauseIds, type ComplianceTable } from '../../model/compliance/compliance.js';
import { describeRelaxation, relaxationInEffect } from '../../model/requirements/relaxation.js';
import type { PropertyResult } from '../../properties/verdict.js';
import type { Finding } from './findings.js';
import type { SummaryRow } from './report-model.js';
import type { VerificationRun } from './types.js';

export const COMPLIANCE_DISCLAIMER =
  'Evidence, not a compliance claim: each row lists what this run found for or against a clause and what it could not decide. ' +
  'Whether a product meets a clause is for an assessment against the published texts (ETSI TS 103 701 for EN 303 645); clauses Sevenfold has no check for are listed as not covered.';

export interface EvidenceItem {
  /** What gives the evidence: a property id, a requirement id, a finding id, a diagnostic code, or a sub-provision whose status a provision folds in. */
  ref: string;
  kind: 'property' | 'requirement' | 'finding' | 'diagnostic' | 'clause';
  text: string;
}

export type ClauseStatus = 'evidence against' | 'undecided' | 'evidence for' | 'no evidence in this run';

export interface ClauseEvidence {
  clause: string;
  /** "EN 303 645 5.7-1". */
  label: string;
  title: string;
  standard: string;
  status: ClauseStatus;
  for: EvidenceItem[];
  against: EvidenceItem[];
  unknown: EvidenceItem[];
}

export interface ComplianceEvidence {
  disclaimer: string;
  clauses: ClauseEvidence[];
  /** Clauses no Sevenfold check bears on: provisions with nothing covered, and uncovered sub-provisions of covered ones. */
  notCovered: { clause: string; label: string; title: string }[];
}

const short = (text: string, max = 100): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** "EN 303 645 5.7-1: The device verifies …"; a NIST capability is its own title. */
export function clauseHeading(c: { label: string; title: string }): string {
  return c.label.endsWith(c.title) ? c.label : `${c.label}: ${c.title}`;
}

/**
 * The clauses a finding bears on: those of the requirement whose check produced it when it names one,
 * else its property's and its property's failed requirements'; a fuzz crash, its campaign's property's.
 */
export function clausesOfFinding(finding: Finding, result: PropertyResult | undefined): string[] {
  // A crash is in Sevenfold's own readers or verifiers: it bears on a clause only through the property its campaign names.
  if (finding.kind === 'crash') return clausesOf('property', finding.property);
  const own = finding.requirement !== undefined ? clausesOf('requirement', finding.requirement) : [];
  if (own.length) return sortClauseIds(own);
  const failed = finding.kind === 'violation' ? (result?.requirements ?? []).filter((q) => q.outcome === 'failed').flatMap((q) => clausesOf('requirement', q.id)) : [];
  return sortClauseIds([...clausesOf('property', finding.property), ...failed]);
}

export function buildComplianceEvidence(run: VerificationRun, rows: readonly SummaryRow[], findings: readonly Finding[], table: ComplianceTable = complianceTable()): ComplianceEvidence {
  const byClause = new Map<string, { for: EvidenceItem[]; against: EvidenceItem[]; unknown: EvidenceItem[] }>();
  const add = (clauses: readonly string[], side: 'for' | 'against' | 'unknown', item: EvidenceItem) => {
    for (const id of clauses) {
      let entry = byClause.get(id);
      if (!entry) byClause.set(id, (entry = { for: [], against: [], unknown: [] }));
      if (!entry[side].some((x) => x.ref === item.ref)) entry[side].push(item);
    }
  };

  for (const row of rows) {
    const { result } = row;
    const id = row.property.id;
    const propertyClauses = clausesOf('property', id, table);
    const violations = findings.filter((f) => f.property === id && f.kind === 'violation');
    const findingItems = violations.map((f): EvidenceItem & { requirement?: string } => ({ ref: f.id, kind: 'finding', text: `${id} violated: ${short(f.message)}`, ...(f.requirement ? { requirement: f.requirement } : {}) }));
    // A holds decided against a profile that asks less than the built-in one (a rule off, a looser bound) is no
    // evidence for the clauses the built-in requirements bear on: undecided, naming what was relaxed.
    const relaxed = (result.requirements ?? []).filter(relaxationInEffect);
    if (result.verdict === 'holds' && !relaxed.length) add(clausesCheckedFor(table, id, propertyClauses, result), 'for', { ref: id, kind: 'property', text: `${id} holds` });
    if (result.verdict === 'holds' && relaxed.length) add(propertyClauses, 'unknown', { ref: id, kind: 'property', text: `${id} holds only against ${result.profile ?? 'a profile'}, which asks less than the built-in profile: ${relaxed.map((q) => describeRelaxation(q, q.relaxed!)).join(', ')}` });
    if (result.verdict === 'unknown') add(propertyClauses, 'unknown', { ref: id, kind: 'property', text: `${id} unknown` });
    if (result.verdict === 'violated') {
      // A finding from a requirement's own check is evidence against that requirement's clauses only (a
      // firewall-configuration flaw says nothing about resilience); the others count against the property's.
      const items = findingItems.length ? findingItems : [{ ref: id, kind: 'property' as const, text: `${id} violated: ${short(result.summary)}` }];
      for (const { ref, kind, text, requirement } of items as (EvidenceItem & { requirement?: string })[]) {
        const own = requirement !== undefined ? clausesOf('requirement', requirement, table) : [];
        add(own.length ? own : propertyClauses, 'against', { ref, kind, text });
      }
    }
    for (const q of result.requirements ?? []) {
      const clauses = clausesOf('requirement', q.id, table);
      if (q.relaxed && relaxationInEffect(q) && q.outcome !== 'failed') {
        add(clauses, 'unknown', { ref: q.id, kind: 'requirement', text: q.notStated ? `${q.id} not checked: not stated by ${result.profile ?? 'the profile'} (the built-in profile asks for it)` : q.switchedOff ? `${q.id} not checked: switched off by ${result.profile ?? 'the profile'} (on in the built-in profile)` : `${q.id} ${q.outcome === 'met' ? 'met' : q.outcome} only against ${describeRelaxation(q, q.relaxed)}` });
        continue;
      }
      // A part of a verdict that does not hold is not evidence for a clause: unknown may mean a part crashed, timed out
      // or was combined wrongly ("a Sevenfold defect, so nothing is claimed"), which the parts' outcomes need not show.
      if (q.outcome === 'met' && result.verdict === 'unknown') add(clauses, 'unknown', { ref: q.id, kind: 'requirement', text: `${q.id} met, but ${id} is unknown, so its parts are not counted for it` });
      else if (q.outcome === 'met') add(clauses, 'for', { ref: q.id, kind: 'requirement', text: `${q.id} met` });
      if (q.outcome === 'unknown') add(clauses, 'unknown', { ref: q.id, kind: 'requirement', text: `${q.id} not decided` });
      if (q.outcome === 'failed') {
        const behind = findingItems.filter((f) => f.requirement === undefined || f.requirement === q.id).map((f) => f.ref);
        add(clauses, 'against', { ref: q.id, kind: 'requirement', text: `${q.id} failed${behind.length ? ` (${behind.join(', ')})` : ''}` });
      }
    }
  }
  for (const f of findings.filter((x) => x.kind === 'crash')) {
    add(clausesOf('property', f.property, table), 'against', { ref: f.id, kind: 'finding', text: `fuzz crash (${f.property}): ${short(f.message)}` });
  }
  // Product diagnostics (warnings; a product with errors is not verified) whose code the table maps.
  for (const d of run.diagnostics) {
    const clauses = clausesOf('lint', String(d.code), table);
    if (clauses.length === 0) continue;
    add(clauses, 'against', { ref: `${d.code}:${d.file}#${d.pointer}`, kind: 'diagnostic', text: `${d.severity} ${d.code} ${d.name}: ${short(d.message)}` });
  }

  const mapped = new Set(table.rows.flatMap((r) => r.clauses));
  const statusOf = (entry: { for: EvidenceItem[]; against: EvidenceItem[]; unknown: EvidenceItem[] }): ClauseStatus =>
    entry.against.length ? 'evidence against' : entry.unknown.length ? 'undecided' : entry.for.length ? 'evidence for' : 'no evidence in this run';
  const folded = new Map<string, ClauseStatus>();
  const clauseEvidence = (id: string): ClauseEvidence => {
    const c = clauseById(id, table);
    const own = byClause.get(id) ?? { for: [], against: [], unknown: [] };
    const entry = { for: [...own.for], against: [...own.against], unknown: [...own.unknown] };
    // Evidence on a whole provision covers only part of it when it has sub-provisions (a log recording update failures
    // does not keep software updated): it reads no better than its sub-provisions. One some check speaks against is
    // against it; one undecided, with no evidence in this run, or covered by no check leaves it undecided.
    if (entry.for.length || entry.unknown.length || entry.against.length) {
      for (const sub of table.clauses.filter((x) => x.parent === id)) {
        const label = clauseLabel(sub, table);
        const status = mapped.has(sub.id) || table.clauses.some((x) => x.parent === sub.id) ? (folded.get(sub.id) ?? statusOf(clauseEvidence(sub.id))) : undefined;
        if (status === 'evidence against') entry.against.push({ ref: sub.id, kind: 'clause', text: `${label} evidence against` });
        else if (status === 'undecided') entry.unknown.push({ ref: sub.id, kind: 'clause', text: `${label} undecided` });
        else if (status === 'no evidence in this run') entry.unknown.push({ ref: sub.id, kind: 'clause', text: `${label} no evidence in this run` });
        else if (status === undefined) entry.unknown.push({ ref: sub.id, kind: 'clause', text: `${label} covered by no Sevenfold check` });
      }
    }
    const status = statusOf(entry);
    folded.set(id, status);
    return { clause: id, label: clauseLabel(c, table), title: c.title, standard: c.standard, status, ...entry };
  };
  const clauses = sortClauseIds(mapped, table).map(clauseEvidence);
  return { disclaimer: COMPLIANCE_DISCLAIMER, clauses, notCovered: notCoveredClauses(table, mapped) };
}

/**
 * The clauses a holding property is evidence for in this run: a clause that some of the property's requirements bear
 * on counts only when one of them was met here. A clause only requirements that did not bear on the product reach
 * (not applicable: no app connects, so cloud-device-authentication was not tried) was covered by no check, and
 * the property's holds said nothing of it (EN 303 645 5.5-4 read "evidence for" on a product with no connection).
 * Clauses the property's row names and none of its requirements' rows do rest on the property as a whole.
 */
function clausesCheckedFor(table: ReturnType<typeof complianceTable>, property: string, clauses: readonly string[], result: PropertyResult): string[] {
  const outcome = new Map((result.requirements ?? []).map((q) => [q.id, q.outcome]));
  const requirementRows = table.rows.filter((r) => r.subject.kind === 'requirement' && r.subject.id.startsWith(`${property}.`));
  // Only what the verdict names decides: a clause is dropped when every requirement bearing on it that the verdict
  // names did not bear on the product (and the verdict names at least one).
  return clauses.filter((clause) => {
    const named = requirementRows.filter((r) => r.clauses.includes(clause) && outcome.has(r.subject.id));
    return named.length === 0 || named.some((r) => outcome.get(r.subject.id) !== 'not-applicable');
  });
}

/** Provisions nothing bears on (their sub-provisions folded into them), and uncovered sub-provisions of covered provisions. */
function notCoveredClauses(table: ComplianceTable, mapped: ReadonlySet<string>): ComplianceEvidence['notCovered'] {
  const all = table.clauses;
  const touched = (c: ComplianceTable['clauses'][number]): boolean => mapped.has(c.id) || all.some((x) => x.parent === c.id && touched(x));
  const out: ComplianceEvidence['notCovered'] = [];
  for (const c of all) {
    if (touched(c)) continue;
    const parent = c.parent !== undefined ? all.find((x) => x.id === c.parent) : undefined;
    if (parent && !touched(parent)) continue;
    out.push({ clause: c.id, label: clauseLabel(c, table), title: c.title });
  }
  return out;
}

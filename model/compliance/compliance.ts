/**
 * Compliance evidence as data: the clauses of ETSI EN 303 645, the EU Cyber Resilience Act (Annex I
 * Part I) and NIST IR 8259A (clauses.json), and which Sevenfold property, profile requirement, lint code
 * gives evidence on each (evidence.json), one row per subject with its source. A fuzz crash bears on
 * the clauses of the property its campaign names, if any: the fuzz targets are Sevenfold's own readers
 * and verifiers, so a crash is not by itself evidence about the product.
 * Properties, lint SARIF and the audit report all read this one table. A row says that the evidence
 * bears on a clause, never that a product complies with it.
 *
 * Both files are validated against their schemas on first use, and every clause a row names must be in
 * the catalogue: a typo in the table is an error here, not a clause silently missing from a report.
 */
import type { ErrorObject } from 'ajv';
import { lazyValidator } from '../../formats/json/lazy-validator.js';
import clausesData from './clauses.json' with { type: 'json' };
import clausesSchema from './clauses.schema.json' with { type: 'json' };
import evidenceData from './evidence.json' with { type: 'json' };
import evidenceSchema from './evidence.schema.json' with { type: 'json' };

export interface Standard {
  id: string;
  name: string;
  /** Put before a clause number when shown: "EN 303 645 5.7-1". */
  label: string;
  title: string;
  source: string;
}

export interface Clause {
  /** "<standard>-<clause>": en303645-5.7-1, cra-i-2f, nistir8259a-software-update. Also the SARIF tag. */
  id: string;
  standard: string;
  /** As the standard numbers it: "5.7-1", "(2)(f)", "Software update". */
  clause: string;
  /** The provision a sub-provision belongs to. */
  parent?: string;
  /** Paraphrased, never quoted. */
  title: string;
}

/** What a row's subject is: a property id, a requirement id of the profile, or a diagnostic code. */
export type EvidenceSubjectKind = 'property' | 'requirement' | 'lint';

export interface EvidenceRow {
  subject: { kind: EvidenceSubjectKind; id: string };
  clauses: string[];
  /** What the evidence shows: why it bears on the clauses. */
  bears: string;
  /** The clauses by number in their published texts, and the Sevenfold rule the evidence comes from. */
  source: string;
}

export interface ComplianceTable {
  standards: Standard[];
  /** In catalogue order: each standard's clauses in the order the standard numbers them. */
  clauses: Clause[];
  rows: EvidenceRow[];
}

/** The table is data shipped with Sevenfold: a defect in it is Sevenfold's, reported with the row that has it. */
export class ComplianceTableError extends Error {
  constructor(message: string) {
    super(`model/compliance: ${message}`);
    this.name = 'ComplianceTableError';
  }
}

let cached: ComplianceTable | undefined;
// Precompiled by the build (formats/json/lazy-validator.ts): formatting a diagnostic, which reads this
// table, does not load Ajv's compiler.
const validClauses = lazyValidator(clausesSchema);
const validEvidence = lazyValidator(evidenceSchema);
/** As Ajv's errorsText: "data/rows/0 must have required property 'source', …". */
const errorsText = (errors: readonly ErrorObject[] | null | undefined): string => (errors ?? []).map((e) => `data${e.instancePath} ${e.message ?? ''}`).join(', ');

/** The table, checked once per process. */
export function complianceTable(): ComplianceTable {
  cached ??= checkTable(clausesData, evidenceData);
  return cached;
}

/** Validates the two documents and their cross-references; exported so tests can feed it a broken table. */
export function checkTable(clausesDoc: unknown, evidenceDoc: unknown): ComplianceTable {
  if (!validClauses(clausesDoc)) throw new ComplianceTableError(`clauses.json: ${errorsText(validClauses.errors)}`);
  if (!validEvidence(evidenceDoc)) throw new ComplianceTableError(`evidence.json: ${errorsText(validEvidence.errors)}`);
  const { standards, clauses } = clausesDoc as unknown as { standards: Standard[]; clauses: Clause[] };
  const { rows } = evidenceDoc as unknown as { rows: EvidenceRow[] };

  const standardIds = new Set(standards.map((s) => s.id));
  const clauseIds = new Set<string>();
  for (const c of clauses) {
    if (clauseIds.has(c.id)) throw new ComplianceTableError(`clauses.json: clause "${c.id}" is listed twice`);
    clauseIds.add(c.id);
    if (!standardIds.has(c.standard)) throw new ComplianceTableError(`clauses.json: clause "${c.id}" names the unknown standard "${c.standard}"`);
    if (!c.id.startsWith(`${c.standard}-`)) throw new ComplianceTableError(`clauses.json: clause "${c.id}" must start with "${c.standard}-"`);
    if (c.parent !== undefined && !clauseIds.has(c.parent)) throw new ComplianceTableError(`clauses.json: clause "${c.id}" names the parent "${c.parent}", which is not listed before it`);
  }
  const subjects = new Set<string>();
  rows.forEach((row, i) => {
    const key = `${row.subject.kind}:${row.subject.id}`;
    if (subjects.has(key)) throw new ComplianceTableError(`evidence.json /rows/${i}: ${key} has a row already`);
    subjects.add(key);
    for (const id of row.clauses) if (!clauseIds.has(id)) throw new ComplianceTableError(`evidence.json /rows/${i} (${key}): unknown clause "${id}"`);
  });
  return { standards, clauses, rows };
}

/** The row of one subject, when the table has one. */
export function evidenceRow(kind: EvidenceSubjectKind, id: string, table = complianceTable()): EvidenceRow | undefined {
  return table.rows.find((r) => r.subject.kind === kind && r.subject.id === id);
}

/** The clause ids a subject bears on; none when it has no row. */
export function clausesOf(kind: EvidenceSubjectKind, id: string, table = complianceTable()): string[] {
  return evidenceRow(kind, id, table)?.clauses ?? [];
}

export function clauseById(id: string, table = complianceTable()): Clause {
  const clause = table.clauses.find((c) => c.id === id);
  if (!clause) throw new ComplianceTableError(`unknown clause "${id}"`);
  return clause;
}

/** "EN 303 645 5.7-1", "CRA Annex I Part I (2)(f)", "NIST IR 8259A: Software update". */
export function clauseLabel(clause: Clause, table = complianceTable()): string {
  const standard = table.standards.find((s) => s.id === clause.standard);
  const label = standard?.label ?? clause.standard;
  return clause.clause === clause.title ? `${label}: ${clause.title}` : `${label} ${clause.clause}`;
}

/** Clause ids in catalogue order (a standard's clauses as it numbers them), without repeats. */
export function sortClauseIds(ids: Iterable<string>, table = complianceTable()): string[] {
  const wanted = new Set(ids);
  return table.clauses.map((c) => c.id).filter((id) => wanted.has(id));
}

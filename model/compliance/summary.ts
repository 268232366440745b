/**
 * The compliance table folded to one line per provision (an EN 303 645 clause 5.x, a CRA Annex I Part I
 * point, a NIST IR 8259A capability): which sub-provisions some check bears on, and which properties
 * (directly or through one of their profile requirements) and lint codes give the evidence. The README's
 * compliance table is this, and a test holds the two together.
 */
import { complianceTable, type ComplianceTable } from './compliance.js';

export interface ProvisionSummary {
  /** The provision's clause id (en303645-5.3, cra-i-2c, nistir8259a-software-update). */
  clause: string;
  /** Sub-provisions (or the provision itself) that some row names, in catalogue order: "5.3-1", "(2)(c)". */
  covered: string[];
  properties: string[];
  lintCodes: string[];
}

export function provisionSummaries(table: ComplianceTable = complianceTable()): ProvisionSummary[] {
  // A provision is a clause without a parent, or a point under a container (CRA (2)'s (a)-(m)).
  const containers = new Set(table.clauses.filter((c) => c.parent === undefined && table.clauses.some((x) => x.parent === c.id) && c.standard === 'cra').map((c) => c.id));
  const provisions = table.clauses.filter((c) => (c.parent === undefined && !containers.has(c.id)) || (c.parent !== undefined && containers.has(c.parent)));
  return provisions.map((p) => {
    const members = new Set([p.id, ...table.clauses.filter((c) => c.parent === p.id).map((c) => c.id)]);
    const rows = table.rows.filter((r) => r.clauses.some((id) => members.has(id)));
    const named = new Set(rows.flatMap((r) => r.clauses).filter((id) => members.has(id)));
    const propertyOf = (kind: string, id: string) => (kind === 'property' ? id : kind === 'requirement' ? id.slice(0, id.indexOf('.')) : undefined);
    const properties = [...new Set(rows.map((r) => propertyOf(r.subject.kind, r.subject.id)).filter((x): x is string => x !== undefined))];
    return {
      clause: p.id,
      covered: table.clauses.filter((c) => named.has(c.id)).map((c) => c.clause),
      properties: table.rows.filter((r) => r.subject.kind === 'property' && properties.includes(r.subject.id)).map((r) => r.subject.id),
      lintCodes: rows.filter((r) => r.subject.kind === 'lint').map((r) => r.subject.id),
    };
  });
}

/** The README's table: one row per provision some check bears on, then the provisions none does. */
export function provisionSummaryMarkdown(table: ComplianceTable = complianceTable()): string {
  const summaries = provisionSummaries(table);
  const label = (id: string) => {
    const c = table.clauses.find((x) => x.id === id)!;
    const standard = table.standards.find((s) => s.id === c.standard)!;
    return c.clause === c.title ? `${standard.label}: ${c.title}` : `${standard.label} ${c.clause} ${c.title}`;
  };
  const lines = ['| clause | evidence from |', '|---|---|'];
  for (const s of summaries.filter((x) => x.covered.length)) {
    const own = table.clauses.find((c) => c.id === s.clause)!.clause;
    const subs = s.covered.filter((c) => c !== own);
    const from = [
      ...s.properties.map((p) => `\`${p}\``),
      ...(s.lintCodes.length ? [`lint ${s.lintCodes.join(', ')}`] : []),
    ];
    lines.push(`| ${label(s.clause)}${subs.length ? ` (${subs.join(', ')})` : ''} | ${from.join('; ')} |`);
  }
  const none = summaries.filter((x) => !x.covered.length).map((x) => label(x.clause));
  return `${lines.join('\n')}\n\nNot covered by any check: ${none.join('; ')}.\n`;
}

/**
 * The summary table's bound cell (reports/audit/short-basis.ts): a long bound keeps its first clause there and points
 * to the property's section, where the whole text stays; a short bound is shown whole. A bound paragraph in the summary
 * once pushed a flawed product's violated rows below the report's first screen.
 */
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../reports/audit/html.js';
import { buildAuditReport } from '../../reports/audit/report-model.js';
import { SUMMARY_BASIS_CHARS, shortBasis } from '../../reports/audit/short-basis.js';
import { fabricatedBuiltinRun } from './fabricated-run.js';

const LONG =
  '45 boots: normal + 4 attacks × 8 stages + 12 measurement-exposure, recovery, development-signed-app and fleet boots; 9 compromised components × read, use, write of every key asset; seed 20261121';

describe('the summary table shows a short bound', () => {
  it('keeps a short bound whole', () => {
    expect(shortBasis('counterexample (seed 7)')).toEqual({ text: 'counterexample (seed 7)', shortened: false });
  });

  it('keeps the first clause of a long bound, or its first words when the clause is long too', () => {
    const short = shortBasis(LONG);
    expect(short.shortened).toBe(true);
    expect(short.text.length).toBeLessThanOrEqual(SUMMARY_BASIS_CHARS + 2);
    expect(LONG.startsWith(short.text.replace(/ …$/, ''))).toBe(true);
    expect(shortBasis('a'.repeat(40) + '; ' + 'b'.repeat(80))).toEqual({ text: `${'a'.repeat(40)} …`, shortened: true });
  });

  it('puts the short bound in the summary row and the whole bound in the property section', () => {
    const run = fabricatedBuiltinRun();
    run.results.find((r) => r.property === 'hardware-root-of-trust')!.bound = LONG;
    const report = buildAuditReport(run);
    const basis = report.rows.find((r) => r.property.id === 'hardware-root-of-trust')!.basis;
    expect(basis.length).toBeGreaterThan(SUMMARY_BASIS_CHARS);
    const html = renderHtml(report, { inlineMermaid: false });
    const row = html.match(/<tr class="[a-z]+" data-property="hardware-root-of-trust">.*?<\/tr>/s)![0];
    expect(row).toContain(`${shortBasis(basis).text} <a href="#`);
    expect(row).not.toContain('seed 20261121');
    expect(html).toContain(`Bound or run count: ${basis.replace(/&/g, '&amp;')}`);
  });
});

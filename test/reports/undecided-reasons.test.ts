/**
 * s37-plumbing: the audit report names every undecided property with its reason right under the summary table
 * (Markdown and HTML), before the inputs and findings. Before, it listed violations only: a run whose properties were unknown showed them as
 * "unknown" in the summary table beside the bound the check reached (a completed-looking "≤ 4 sessions, 2 devices …"
 * for a certificate-authentication whose unbounded proof ran out of time) with no reason anywhere above the
 * property's own section, and the Findings section said only "No property is violated and no check raised a warning."
 */
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../reports/audit/html.js';
import { renderMarkdown } from '../../reports/audit/markdown.js';
import { buildAuditReport } from '../../reports/audit/report-model.js';
import { undecidedReason } from '../../reports/audit/short-basis.js';
import type { PropertyResult } from '../../properties/verdict.js';
import { fabricatedBuiltinRun } from './fabricated-run.js';

const LONG_REASON = `the unbounded proof left 8 of 8 queries unknown (saturation did not finish: the time budget (1 ms) ran out): the attacker search holds only within its bound (${'x '.repeat(200)}), which is no proof`;

function runWith(results: (r: PropertyResult) => PropertyResult) {
  const run = fabricatedBuiltinRun();
  return { ...run, results: run.results.map(results) };
}

describe('the report names undecided properties, with their reasons, under its summary table', () => {
  it('Markdown: a "Not decided" list right under the summary table, each property with its reason; Findings points at it', () => {
    const run = runWith((r) => (r.property === 'certificate-authentication' ? { ...r, summary: LONG_REASON, bound: '≤ 4 sessions, 2 devices, 2 attestation periods' } : r));
    const md = renderMarkdown(buildAuditReport(run));
    const firstScreen = md.slice(md.indexOf('## Summary'), md.indexOf('## Inputs'));
    const undecided = run.results.filter((r) => r.verdict === 'unknown');
    expect(undecided.length).toBeGreaterThan(1);
    expect(firstScreen).toContain('**Not decided (unknown, not a pass):**');
    for (const r of undecided) expect(firstScreen).toContain(`[**${r.property}**](#property-${r.property}): ${undecidedReason(r.summary)}`);
    expect(firstScreen).toContain('the unbounded proof left 8 of 8 queries unknown');
    expect(md).toMatch(/No property is violated and no check raised a warning; \d+ not decided \(above\)\./);
  });

  it('HTML: a "not decided" section right under the summary table, each with its reason and a link to its section', () => {
    const run = runWith((r) => r);
    const html = renderHtml(buildAuditReport(run), { inlineMermaid: false });
    const firstScreen = html.slice(html.indexOf('<section id="summary-section">'), html.indexOf('<section id="inputs">'));
    const undecided = run.results.filter((r) => r.verdict === 'unknown');
    expect(firstScreen).toContain(`<section id="undecided"><h2>${undecided.length} not decided <small>(unknown, not a pass)</small></h2>`);
    for (const r of undecided) expect(firstScreen).toContain(`<li><strong>${r.property}</strong>: ${undecidedReason(r.summary)} <a href="#property-${r.property}">details</a></li>`);
  });

  it('a run with nothing undecided has no such list, and its Findings line reads as before', () => {
    const run = runWith((r) => (r.verdict === 'unknown' ? { ...r, verdict: 'holds', summary: 'held', requirements: [] } : r));
    const md = renderMarkdown(buildAuditReport(run));
    expect(md).not.toContain('Not decided');
    expect(md).toContain('No property is violated and no check raised a warning.\n');
    expect(renderHtml(buildAuditReport(run), { inlineMermaid: false })).not.toContain('<section id="undecided"');
  });
});

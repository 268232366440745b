/**
 * The README's compliance table is the data folded per provision (model/compliance/summary.ts): a row
 * added to or removed from model/compliance/evidence.json shows in the README, or this test fails.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { complianceTable } from '../../model/compliance/compliance.js';
import { provisionSummaries, provisionSummaryMarkdown } from '../../model/compliance/summary.js';

const README = resolve(fileURLToPath(import.meta.url), '../../..', 'README.md');

describe('README compliance table', () => {
  it('is the table the data gives', () => {
    expect(readFileSync(README, 'utf8')).toContain(provisionSummaryMarkdown());
  });

  it('folds sub-provisions into their provision and names each property and security lint code somewhere', () => {
    const summaries = provisionSummaries();
    const secureBoot = summaries.find((s) => s.clause === 'en303645-5.7')!;
    expect(secureBoot.covered).toEqual(['5.7-1', '5.7-2']);
    expect(secureBoot.properties).toContain('hardware-root-of-trust');
    expect(summaries.find((s) => s.clause === 'en303645-5.1')!.covered).toEqual([]);
    const named = new Set(summaries.flatMap((s) => [...s.properties, ...s.lintCodes]));
    for (const row of complianceTable().rows) if (row.subject.kind !== 'requirement') expect(named.has(row.subject.id), row.subject.id).toBe(true);
  });
});

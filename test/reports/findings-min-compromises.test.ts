/**
 * A report's findings must carry every reason a property is violated. Defense in depth's attack-graph evidence
 * (the fewest compromises to each critical asset) names no "violation" in its title, so the assets that fall to
 * fewer compromises than the profile requires were missing from the findings and the SARIF, while the verdict's
 * summary led with them; and a finding whose first line only announces a list ("15 ways …:") said no more.
 */
import { describe, expect, it } from 'vitest';
import { findingsOfResult } from '../../reports/audit/findings.js';
import type { PropertyResult } from '../../properties/verdict.js';
import { fabricatedBuiltinRun } from './fabricated-run.js';

const minCompromises = (outcome: 'met' | 'failed') => ({ id: 'defense-in-depth.min-compromises', statement: 'at least this many', value: 2, source: 'test', outcome });
const cuts = {
  title: 'minimum independent compromises per critical asset (required: 2, from the requirement profile)',
  lines: ['Device identity private key: 2 — weakest path: …', 'Trusted key store: 1  [TOO FEW] — weakest path: …'],
  data: { platform: 'design.json', minimumCuts: [{ asset: 'device-identity-key', cost: 2, path: [] }, { asset: 'trusted-key-store', cost: 1, path: [] }] },
};
const sweep = {
  title: 'fault sweep: 4 attack kinds × 8 stages; 133 boots',
  lines: ['2 ways to run a bad image within the tolerance:', '  skipping the single check rollback.one-bl boots a downgraded one-bl', '  skipping the single check sm.kernel.hash boots a swapped nw-kernel'],
  data: { bypasses: [{}], trace: [] },
};

describe('defense-in-depth findings', () => {
  it('an asset below min-compromises is a finding naming it, beside the fault sweep, whose message names its first way', () => {
    const result: PropertyResult = { property: 'defense-in-depth', verdict: 'violated', summary: 'Trusted key store falls to 1 compromise', evidence: [cuts, sweep], requirements: [minCompromises('failed')] };
    const findings = findingsOfResult(fabricatedBuiltinRun(), result);
    expect(findings.map((f) => f.message)).toEqual([
      'trusted-key-store falls to 1 compromise (2 required)',
      '2 ways to run a bad image within the tolerance: skipping the single check rollback.one-bl boots a downgraded one-bl (and 1 more)',
    ]);
  });

  it('the attack graph is no finding when every asset needs enough compromises', () => {
    const met = { ...cuts, data: { ...cuts.data, minimumCuts: [{ asset: 'device-identity-key', cost: 2, path: [] }] } };
    const result: PropertyResult = { property: 'defense-in-depth', verdict: 'violated', summary: 'fault sweep', evidence: [met, sweep], requirements: [minCompromises('met')] };
    expect(findingsOfResult(fabricatedBuiltinRun(), result).map((f) => f.title)).toEqual([sweep.title]);
  });
});

/**
 * The rule every property's verdict is held to where runProperty frames it (properties/verdict.ts
 * holdsOnlyWhenEveryRequirementDecided): a `holds` beside a requirement that is `unknown` or `failed` is a
 * check that combined its parts wrongly, and comes out `unknown`, never `holds`; and the combined verdict
 * of a run (combineVerdicts): a violation wins, then any unknown, and no result at all is unknown.
 */
import { describe, expect, it } from 'vitest';
import { loadProduct } from '../../model/product/product.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { refer } from '../../model/requirements/requirement-profile.js';
import { PROPERTIES, runProperty, type PropertyDefinition } from '../../properties/registry.js';
import { combineVerdicts, holdsOnlyWhenEveryRequirementDecided, type PropertyResult, type Verdict } from '../../properties/verdict.js';
import { checkContext } from '../helpers/check-context.js';

const product = () => loadProduct(builtinProductFile()).product!;
const smallTcb = PROPERTIES.find((p) => p.id === 'small-tcb')!;

/** small-tcb's frame (inputs, profile) with a check that answers `holds` over the given requirement outcomes. */
function claimingHolds(outcomes: Record<string, 'met' | 'failed' | 'unknown' | 'not-applicable'>): PropertyDefinition {
  return {
    ...smallTcb,
    check: async (_product, context) => ({
      property: 'small-tcb',
      verdict: 'holds',
      summary: 'every part passed',
      requirements: Object.entries(outcomes).map(([id, outcome]) => refer(context.requirements, id, outcome)),
    }),
  };
}

describe('a verdict is held against the requirements it names', () => {
  it('holds beside a requirement that was not decided, or failed, comes out unknown with both named', async () => {
    for (const outcome of ['unknown', 'failed'] as const) {
      const r = await runProperty(claimingHolds({ 'small-tcb.max-share': 'met', 'small-tcb.keys-in-vault': outcome }), product(), checkContext());
      expect(r.verdict).toBe('unknown');
      expect(r.summary).toContain(`small-tcb.keys-in-vault ${outcome}`);
      expect(r.summary).toContain('every part passed');
      expect(r.inputs!.length).toBeGreaterThan(0);
    }
  });

  it('sound twin: holds over requirements that are all met or not applicable stays holds', async () => {
    const r = await runProperty(claimingHolds({ 'small-tcb.max-share': 'met', 'small-tcb.keys-in-vault': 'not-applicable' }), product(), checkContext());
    expect(r.verdict).toBe('holds');
    expect(r.summary).toBe('every part passed');
  });

  it('a violated or unknown verdict is left as its check gave it', () => {
    const q = [{ id: 'x', statement: 's', source: 'src', outcome: 'unknown' as const }];
    for (const verdict of ['violated', 'unknown'] as const) expect(holdsOnlyWhenEveryRequirementDecided({ verdict, summary: 'why', requirements: q })).toEqual({ verdict, summary: 'why', requirements: q });
  });

  it('a check that throws is unknown, never holds', async () => {
    const crashing: PropertyDefinition = { ...smallTcb, check: async () => { throw new Error('boom'); } };
    const r = await runProperty(crashing, product(), checkContext());
    expect(r.verdict).toBe('unknown');
    expect(r.summary).toMatch(/the check failed internally: boom/);
  });
});

describe('combineVerdicts', () => {
  const of = (...verdicts: Verdict[]): PropertyResult[] => verdicts.map((verdict, i) => ({ property: `p${i}`, verdict, summary: '' }));
  it('holds only when every result holds; any violation wins, then any unknown; nothing decided is unknown', () => {
    expect(combineVerdicts(of('holds', 'holds'))).toBe('holds');
    expect(combineVerdicts(of('holds', 'unknown'))).toBe('unknown');
    expect(combineVerdicts(of('unknown', 'violated'))).toBe('violated');
    expect(combineVerdicts(of('holds', 'violated', 'unknown'))).toBe('violated');
    expect(combineVerdicts([])).toBe('unknown');
  });
});

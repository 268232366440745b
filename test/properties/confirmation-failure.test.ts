/**
 * A failure after a property's check returned (properties/registry.ts startProperty: the noble worker dying while it
 * confirms the check's signature verdicts, or a framing step throwing) is a defect in Sevenfold, as a crash inside the
 * check is: that property is `unknown` naming it, never a rejected promise. Before, the rejection escaped verify's
 * loop after earlier properties had printed, and the run ended on the top-level handler with half a report.
 * Seen failing with the `.catch` in startProperty removed (runProperty rejects with 'noble worker exited').
 */
import { describe, expect, it, vi } from 'vitest';

const dying = vi.hoisted(() => ({ on: false }));
vi.mock('../../properties/noble-barrier.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../properties/noble-barrier.js')>();
  return {
    ...actual,
    decidedBeforeNoble: async (...args: Parameters<typeof actual.decidedBeforeNoble>) => {
      const decided = await actual.decidedBeforeNoble(...args);
      if (!dying.on) return decided;
      // The check's own verdict is settled and then lost: confirmation never comes back.
      await decided.confirmed;
      return { confirmed: Promise.reject(new Error('noble worker exited with code 1')) };
    },
  };
});

const { PROPERTIES, runProperty } = await import('../../properties/registry.js');
const { loadProduct } = await import('../../model/product/product.js');
const { builtinProductFile } = await import('../../model/product/builtin.js');
const { checkContext } = await import('../helpers/check-context.js');

const product = loadProduct(builtinProductFile()).product!;
const property = PROPERTIES.find((p) => p.id === 'small-tcb')!;
const original = property.check!;
const met = [{ id: 'small-tcb.max-share', statement: 'the TCB is small', source: 'test', outcome: 'met' as const }];

async function runWith(confirmationDies: boolean) {
  dying.on = confirmationDies;
  property.check = async () => ({ property: 'small-tcb', verdict: 'holds', summary: 'the TCB is small', requirements: met });
  try {
    return await runProperty(property, product, checkContext());
  } finally {
    property.check = original;
    dying.on = false;
  }
}

describe('a failure after the check returned', () => {
  it('makes that property unknown, naming the failure, instead of rejecting', async () => {
    const result = await runWith(true);
    expect(result.verdict).toBe('unknown');
    expect(result.summary).toContain('the check failed internally: noble worker exited with code 1');
    expect(result.property).toBe('small-tcb');
    expect(result.profile).toBeTruthy();
  });

  it('control: the same check confirmed as usual keeps its verdict', async () => {
    const result = await runWith(false);
    expect(result.verdict).not.toBe('unknown');
    expect(result.summary).not.toContain('failed internally');
  });
});

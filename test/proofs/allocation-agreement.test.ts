/**
 * The Z3 allocation proof and the direct allocator (model/isolation/allocation.ts) must give the
 * same answer on every product, and both allocations must pass the checker
 * (proofs/allocation-check.ts) that makes the direct one a certificate when Z3 is not asked.
 * What this holds is the search, not the rules: all three read the same conflict and core rules
 * (model/isolation/conflicts.ts, apps.ts), so a fault in a rule passes here (a same-pin rule that never
 * fires was checked to); the emulator's application manager, a second reading of those rules, holds
 * them in test/differential/isolation-harness.ts.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { MT3620 } from '../../formats/chips/mt3620.js';
import type { ChipProfile, PeripheralCapability } from '../../formats/chips/chip-profile.js';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import type { BoardConfig } from '../../model/product/product.js';
import { allocationProblems } from '../../proofs/allocation-check.js';
import { proveAllocation } from '../../proofs/allocation-proof.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { scaledChip } from '../../bench/allocation-scaling.bench.js';
import { product, type AppSpec } from './build-product.js';

afterAll(() => shutdownZ3());

const CLAIMED: PeripheralCapability[] = ['Gpio', 'Pwm', 'Adc', 'Uart', 'I2cMaster', 'SpiMaster', 'I2sSubordinate'];

/** A few requests drawn from what the chip offers, so that collisions are common. */
function requests(chip: ChipProfile) {
  const pool = CLAIMED.flatMap((capability) => chip.peripherals[capability].slice(0, capability === 'Gpio' ? 16 : 4).map((value) => ({ capability, value })));
  return fc.uniqueArray(fc.constantFrom(...pool), { maxLength: 3, selector: (r) => `${r.capability}:${r.value}` }).map((list) => {
    const out: Partial<Record<PeripheralCapability, (string | number)[]>> = {};
    for (const r of list) (out[r.capability] ??= []).push(r.value);
    return out;
  });
}

function products(chip: ChipProfile, maxHighLevel: number, [minRealTime, maxRealTime]: [number, number]) {
  const apps = (kind: 'high-level' | 'real-time', max: number, min = 0) => fc.array(requests(chip), { minLength: min, maxLength: max }).map((list) => list.map((peripherals, i): AppSpec => ({ name: `${kind}${i}`, kind, peripherals })));
  const boards = fc.array(requests(chip), { maxLength: 2 }).map((list) => list.map((claims, i): BoardConfig => ({ name: `board${i}`, claims })));
  // The arbitrary yields the inputs (a short counterexample); the property builds the spec.
  return fc.tuple(apps('high-level', maxHighLevel), apps('real-time', maxRealTime, minRealTime), boards).map(([hl, rt, b]) => ({ apps: [...hl, ...rt], boards: b }));
}

const agrees = (chip: ChipProfile) => async (input: { apps: AppSpec[]; boards: BoardConfig[] }) => {
  const spec = new IsolationSpec(product(input.apps, { chip, boardConfigs: input.boards }));
  const proof = await proveAllocation(spec);
  expect(proof.status).not.toBe('unknown');
  expect(proof.status === 'sat').toBe(spec.allocation.ok);
  // Z3's allocation passes the checker that certifies the direct allocator's, and so does the allocator's own.
  if (proof.status === 'sat') expect(allocationProblems(spec, proof.allocation)).toEqual([]);
  if (spec.allocation.ok) expect(allocationProblems(spec, spec.allocation.allocation)).toEqual([]);
  // Conflict kinds may differ: after explaining one conflict Z3 retracts it and can find conflicts
  // the direct allocator never reaches (it skips the claims of an app left without a core).
  if (proof.status === 'unsat') expect(proof.conflicts.length).toBeGreaterThan(0);
};

describe('Z3 allocation agrees with the direct allocator', () => {
  it('on generated MT3620 products', async () => {
    await fc.assert(fc.asyncProperty(products(MT3620, 2, [0, 3]), agrees(MT3620)), { numRuns: 80 });
  });

  it('on generated products for a chip with four real-time cores (3 to 6 real-time apps)', async () => {
    const chip = scaledChip(4, 6);
    await fc.assert(fc.asyncProperty(products(chip, 1, [3, 6]), agrees(chip)), { numRuns: 60 });
  });
});

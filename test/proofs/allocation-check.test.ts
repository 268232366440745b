/**
 * The independent allocation checker (proofs/allocation-check.ts) and decideAllocation: a checked
 * direct assignment is the certificate (Z3 not asked); a broken one is unknown, never a pass; a
 * product with a conflict goes to Z3 for its explanation.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Allocation } from '../../model/isolation/allocation.js';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { loadProduct } from '../../model/product/product.js';
import { allocationProblems } from '../../proofs/allocation-check.js';
import { decideAllocation } from '../../proofs/allocation-proof.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { product } from './build-product.js';

afterAll(() => shutdownZ3());

const builtin = () => new IsolationSpec(loadProduct(builtinProductFile()).product!);
const allocationOf = (spec: IsolationSpec): Allocation => {
  if (!spec.allocation.ok) throw new Error('expected the direct allocator to succeed');
  return { coreOf: new Map(spec.allocation.allocation.coreOf), blockOwner: new Map(spec.allocation.allocation.blockOwner) };
};
/** The spec with its direct allocator's answer replaced: as if the allocator had a defect. */
const withAllocation = (spec: IsolationSpec, allocation: Allocation): IsolationSpec =>
  Object.assign(Object.create(Object.getPrototypeOf(spec) as object) as IsolationSpec, spec, { allocation: { ok: true, allocation } });

describe('allocation checker', () => {
  it("accepts the direct allocator's assignment of the built-in product", () => {
    const spec = builtin();
    expect(allocationProblems(spec, allocationOf(spec))).toEqual([]);
  });

  it('rejects a compartment on a core that cannot run it', () => {
    const spec = builtin();
    const bad = allocationOf(spec);
    const realTime = spec.compartments.find((c) => c.kind === 'real-time')!;
    const highLevel = spec.compartments.find((c) => c.kind !== 'real-time')!;
    bad.coreOf.set(realTime.id, bad.coreOf.get(highLevel.id)!);
    expect(allocationProblems(spec, bad).join('\n')).toMatch(/cannot run it/);
  });

  it('rejects two compartments that need a core of their own on one core', () => {
    const spec = builtin();
    const bad = allocationOf(spec);
    const [a, b] = spec.compartments.filter((c) => c.kind === 'real-time');
    bad.coreOf.set(b!.id, bad.coreOf.get(a!.id)!);
    expect(allocationProblems(spec, bad).join('\n')).toMatch(/both need a core of their own/);
  });

  it("rejects a block given to a core other than its claimant's", () => {
    const spec = builtin();
    const bad = allocationOf(spec);
    const [block] = [...bad.blockOwner.keys()];
    const other = [...new Set(bad.coreOf.values())].find((core) => core !== bad.blockOwner.get(block!))!;
    bad.blockOwner.set(block!, other);
    expect(allocationProblems(spec, bad).join('\n')).toMatch(/is given to/);
  });

  it('rejects two claims in conflict, even when every core is right', () => {
    const spec = new IsolationSpec(product([{ name: 'Blinky', peripherals: { Gpio: [9] } }, { name: 'Dimmer', peripherals: { Gpio: [9] } }]));
    const core = 'A7';
    const coreOf = new Map(spec.compartments.map((c) => [c.id, core]));
    const blockOwner = new Map(spec.claims.map((c) => [c.block.id, core]));
    expect(spec.allocation.ok).toBe(false);
    expect(allocationProblems(spec, { coreOf, blockOwner }).join('\n')).toMatch(/in conflict \(same-pin\)/);
  });
});

describe('decideAllocation', () => {
  it('takes the checked direct assignment as the certificate, without Z3', async () => {
    const spec = builtin();
    const decision = await decideAllocation(spec);
    expect(decision.decidedBy).toBe('direct allocator, checked');
    expect(decision.status).toBe('sat');
    expect(decision.stats.checks).toBe(0);
  });

  it('is unknown, never sat, when the checker rejects the assignment', async () => {
    const spec = builtin();
    const bad = allocationOf(spec);
    const [a, b] = spec.compartments.filter((c) => c.kind === 'real-time');
    bad.coreOf.set(b!.id, bad.coreOf.get(a!.id)!);
    const decision = await decideAllocation(withAllocation(spec, bad));
    expect(decision.status).toBe('unknown');
    if (decision.status === 'unknown') expect(decision.reason).toMatch(/defect in Sevenfold/);
  });

  it('asks Z3 to explain a conflict', async () => {
    const spec = new IsolationSpec(product([{ name: 'Blinky', peripherals: { Gpio: [9] } }, { name: 'Dimmer', kind: 'real-time', peripherals: { Gpio: [9] } }]));
    const decision = await decideAllocation(spec);
    expect(decision.decidedBy).toBe('Z3');
    expect(decision.status).toBe('unsat');
  });
});

it('leaves a product whose apps share a component ID to Z3: the assignment cannot name both', async () => {
  const spec = new IsolationSpec(product([{ name: 'One', kind: 'real-time', id: 'same-id' }, { name: 'Two', kind: 'real-time', id: 'same-id' }]));
  const decision = await decideAllocation(spec);
  expect(decision.decidedBy).toBe('Z3');
  expect(decision.status).toBe('sat');
});

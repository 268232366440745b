/**
 * Soundness of the access proofs on products with no firewall assignment. The device refuses part
 * of such a product; every subset of its apps that allocates is an outcome the device can reach. A
 * "no" (unreachable, no new access) must hold in every such outcome, and a conflicted product never
 * gets a plain "yes".
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { IsolationSpec, resourceKey, type Resource } from '../../model/isolation/isolation-spec.js';
import { accessGraph, reachableSet } from '../../proofs/access-graph.js';
import { proveNoNewAccess } from '../../proofs/access-diff-proof.js';
import { proveReach } from '../../proofs/reachability-proof.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { idOf, product, type AppSpec } from './build-product.js';

afterAll(() => shutdownZ3());

const names = ['A', 'B', 'C'];
const appArb = (name: string) =>
  fc
    .record({
      kind: fc.constantFrom('high-level' as const, 'real-time' as const),
      partners: fc.subarray(names.filter((n) => n !== name).map(idOf)),
      hosts: fc.subarray(['a.example', 'b.example']),
      gpio: fc.subarray([4, 5, 8, 9, 12]),
      pwm: fc.subarray(['PWM-CONTROLLER-1']),
    })
    .map((r): AppSpec => ({ name, kind: r.kind, partners: r.partners, hosts: r.hosts, peripherals: { Gpio: r.gpio, Pwm: r.pwm } }));
const productArb = fc.tuple(...names.map(appArb));

/** Every set of apps the device may end up running: the subsets of the product that allocate. */
function outcomes(apps: AppSpec[]): IsolationSpec[] {
  const specs: IsolationSpec[] = [];
  for (let mask = 1; mask < 1 << apps.length; mask++) {
    const spec = new IsolationSpec(product(apps.filter((_, i) => mask & (1 << i))));
    if (spec.allocation.ok) specs.push(spec);
  }
  return specs;
}

const targets = (spec: IsolationSpec): Resource[] => [
  ...[...accessGraph(spec).nodes.values()],
  ...[0, 4, 5, 6, 8, 9, 10, 12, 13].map((value): Resource => ({ kind: 'peripheral', capability: 'Gpio', value })),
  { kind: 'peripheral', capability: 'Pwm', value: 'PWM-CONTROLLER-1' },
];

describe('access proofs on products with no firewall assignment', () => {
  it('finds products with conflicts among the generated ones (the property below is not vacuous)', () => {
    const conflicted = fc.sample(productArb, { numRuns: 200, seed: 7 }).filter((apps) => !new IsolationSpec(product(apps)).allocation.ok);
    expect(conflicted.length).toBeGreaterThan(20);
  });

  it('"unreachable" holds in every outcome the device can reach, and a conflicted product never gets "reachable"', async () => {
    await fc.assert(
      fc.asyncProperty(productArb, fc.constantFrom(...names), async (apps, from) => {
        const spec = new IsolationSpec(product(apps));
        const possible = outcomes(apps).filter((o) => o.compartment(idOf(from)));
        for (const target of targets(spec)) {
          const proof = await proveReach(spec, idOf(from), target);
          if (!spec.allocation.ok) expect(proof.status).not.toBe('reachable');
          if (proof.status === 'unreachable') {
            for (const o of possible) expect(reachableSet(o, idOf(from)).has(resourceKey(target)), `${from} → ${resourceKey(target)} when the device runs ${o.compartments.map((c) => c.name).join(', ')}`).toBe(false);
          }
          if (proof.status === 'unknown') expect(proof.conflicts?.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 40, seed: 11 },
    );
  }, 240_000);

  it('"no new access" holds in every outcome of the new product, measured against an old product that allocates', async () => {
    await fc.assert(
      fc.asyncProperty(productArb, productArb, async (oldApps, newApps) => {
        const oldSpec = new IsolationSpec(product(oldApps));
        const proof = await proveNoNewAccess(oldSpec, new IsolationSpec(product(newApps)));
        if (!oldSpec.allocation.ok) {
          expect(proof.status).toBe('unknown');
          return;
        }
        if (proof.status !== 'no-new-access') return;
        for (const o of outcomes(newApps)) {
          for (const c of o.compartments) {
            const before = reachableSet(oldSpec, c.id);
            for (const key of reachableSet(o, c.id)) if (key !== `app:${c.id}`) expect(before.has(key), `${c.name} gains ${key}`).toBe(true);
          }
        }
      }),
      { numRuns: 40, seed: 5 },
    );
  }, 240_000);
});

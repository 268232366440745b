import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { IsolationSpec, resourceKey, type AccessEdge, type Resource } from '../../model/isolation/isolation-spec.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { loadProduct } from '../../model/product/product.js';
import { accessGraph, appNode, reachableSet } from '../../proofs/access-graph.js';
import { proveReach, ReachSession } from '../../proofs/reachability-proof.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { idOf, product, type AppSpec } from './build-product.js';

afterAll(() => shutdownZ3());

const builtin = () => new IsolationSpec(loadProduct(builtinProductFile()).product!);
const byName = (spec: IsolationSpec, name: string) => spec.compartments.find((c) => c.name === name)!.id;

/** A witness must be a path of the graph's access edges (declared ones when the product has no firewall assignment) from the app to the target. */
function expectPath(spec: IsolationSpec, from: string, target: Resource, witness: AccessEdge[]): void {
  const edges = new Set(accessGraph(spec).edges.map((e) => JSON.stringify(e.edge)));
  let at = appNode(from);
  for (const e of witness) {
    expect(edges.has(JSON.stringify(e))).toBe(true);
    expect(appNode(e.from)).toBe(at);
    at = resourceKey(e.to);
  }
  expect(at).toBe(resourceKey(target));
}

describe('reachability proof (Z3)', () => {
  it("finds Thermostat's path to the fan's PWM-CONTROLLER-1 through the channel to FanControl_RTApp", async () => {
    const spec = builtin();
    const thermostat = byName(spec, 'Thermostat');
    const fan = byName(spec, 'FanControl_RTApp');
    const target: Resource = { kind: 'peripheral', capability: 'Pwm', value: 'PWM-CONTROLLER-1' };
    const proof = await proveReach(spec, thermostat, target);
    expect(proof.status).toBe('reachable');
    if (proof.status !== 'reachable') throw new Error('expected reachable');
    expect(proof.witness).toHaveLength(2);
    expect(proof.witness[0]).toMatchObject({ from: thermostat, to: { kind: 'app', id: fan } });
    expect(proof.witness[1]).toMatchObject({ from: fan, to: target });
    expectPath(spec, thermostat, target, proof.witness);
  });

  it("proves that an app with no partners cannot reach another app's storage", async () => {
    const spec = new IsolationSpec(product([{ name: 'Loner', hosts: ['example.net'] }, { name: 'Keeper', storageKB: 8 }]));
    const proof = await proveReach(spec, idOf('Loner'), { kind: 'storage', owner: idOf('Keeper') });
    expect(proof.status).toBe('unreachable');
    if (proof.status !== 'unreachable') throw new Error('expected unreachable');
    // The model may also switch on nodes Loner cannot reach (Keeper's own); the set stays closed.
    expect(proof.certificate).toMatch(/^the \d+ nodes \{app Loner, .*\} contain app Loner, are closed under all 2 access edges( the manifests declare)?, and do not contain Keeper's storage$/);
  });

  it('reaches a host through a matching AllowedConnections wildcard', async () => {
    const spec = new IsolationSpec(product([{ name: 'Cloud', hosts: ['*.example.com'] }]));
    const proof = await proveReach(spec, idOf('Cloud'), { kind: 'host', host: 'api.example.com' });
    if (proof.status !== 'reachable') throw new Error(`expected reachable, got ${proof.status}`);
    expect(proof.witness).toMatchObject([{ to: { kind: 'host', host: '*.example.com' } }]);
  });

  it('refuses an app the product does not have', async () => {
    await expect(proveReach(builtin(), 'no-such-app', { kind: 'host', host: 'x' })).rejects.toThrow(/no app no-such-app/);
  });

  it('agrees with breadth-first search on generated products', async () => {
    const names = ['A', 'B', 'C', 'D'];
    const appArb = (name: string) =>
      fc.record({
        kind: fc.constantFrom('high-level' as const, 'real-time' as const),
        partners: fc.subarray(names.filter((n) => n !== name).map(idOf)),
        hosts: fc.subarray(['a.example', 'b.example']),
        storage: fc.boolean(),
        gpio: fc.subarray([4, 8, 12, 16]),
      }).map((r): AppSpec => ({ name, kind: r.kind, partners: r.partners, hosts: r.hosts, ...(r.storage ? { storageKB: 4 } : {}), peripherals: { Gpio: r.gpio } }));
    await fc.assert(
      fc.asyncProperty(fc.tuple(...names.map(appArb)), fc.constantFrom(...names), async (apps, from) => {
        const spec = new IsolationSpec(product(apps));
        const graph = accessGraph(spec);
        const expected = reachableSet(spec, idOf(from));
        const session = await ReachSession.open(spec, idOf(from), {}, graph);
        const targets: Resource[] = [...graph.nodes.values(), { kind: 'host', host: 'absent.example' }];
        for (const target of targets) {
          const proof = await session.reach(target);
          expect(proof.status).toBe(expected.has(resourceKey(target)) ? 'reachable' : 'unreachable');
          if (proof.status === 'reachable') expectPath(spec, idOf(from), target, proof.witness);
        }
      }),
      { numRuns: 30 },
    );
  });
});

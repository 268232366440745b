import { afterAll, describe, expect, it } from 'vitest';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { loadProduct } from '../../model/product/product.js';
import { proveNoNewAccess } from '../../proofs/access-diff-proof.js';
import { productAssumingNoBusMasters } from '../fixtures/bus-masters-stated.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { idOf, product, type AppSpec } from './build-product.js';

afterAll(() => shutdownZ3());

const spec = (apps: AppSpec[]) => new IsolationSpec(product(apps));

describe('no-new-access proof (Z3)', () => {
  it('finds no new access between two loads of the same product (its design stating busMasters [], the fixture assumption)', async () => {
    const load = () => new IsolationSpec(productAssumingNoBusMasters(loadProduct(builtinProductFile()).product!));
    const proof = await proveNoNewAccess(load(), load());
    expect(proof.status).toBe('no-new-access');
    expect(proof.grants).toEqual([]);
    expect(proof.checks).toBeGreaterThan(0);
  });

  it('is unknown on the built-in product as it is: its design leaves busMasters out and its apps drive peripheral blocks (s38-proofs case c02)', async () => {
    const load = () => new IsolationSpec(loadProduct(builtinProductFile()).product!);
    const proof = await proveNoNewAccess(load(), load());
    expect(proof.status).toBe('unknown');
    if (proof.status === 'unknown') expect(proof.reason).toMatch(/^in the old product .*\(\/busMasters\)/);
  });

  it('reports a host added to AllowedConnections, with its witness', async () => {
    const before = spec([{ name: 'Cloud', hosts: ['a.example.com'] }]);
    const after = spec([{ name: 'Cloud', hosts: ['a.example.com', 'b.example.com'] }]);
    const proof = await proveNoNewAccess(before, after);
    expect(proof.status).toBe('new-access');
    expect(proof.grants).toEqual([
      {
        app: idOf('Cloud'),
        appName: 'Cloud',
        resource: { kind: 'host', host: 'b.example.com' },
        witness: [{ from: idOf('Cloud'), to: { kind: 'host', host: 'b.example.com' }, because: 'AllowedConnections lists b.example.com' }],
        newApp: false,
      },
    ]);
  });

  it('does not report a host the old product already allowed through a wildcard', async () => {
    const before = spec([{ name: 'Cloud', hosts: ['*.example.com'] }]);
    const after = spec([{ name: 'Cloud', hosts: ['*.example.com', 'api.example.com'] }]);
    expect((await proveNoNewAccess(before, after)).status).toBe('no-new-access');
  });

  it('reports what opens when a one-sided partner link becomes mutual', async () => {
    const hub: AppSpec = { name: 'Hub', partners: [idOf('Motor')] };
    const motor = (partners: string[]): AppSpec => ({ name: 'Motor', kind: 'real-time', partners, peripherals: { Gpio: [12] } });
    const proof = await proveNoNewAccess(spec([hub, motor([])]), spec([hub, motor([idOf('Hub')])]));
    expect(proof.status).toBe('new-access');
    const hubGrants = proof.grants.filter((g) => g.app === idOf('Hub'));
    // Through the channel, Hub reaches what the real-time Motor reaches: every GPIO and interrupt line of the block its core owns.
    expect(hubGrants.map((g) => g.resource)).toEqual([
      { kind: 'app', id: idOf('Motor') },
      ...[12, 13, 14, 15].map((value) => ({ kind: 'peripheral', capability: 'Gpio', value })),
      ...[12, 13, 14, 15].map((n) => ({ kind: 'peripheral', capability: 'ExternalInterrupt', value: `EINT${n}` })),
    ]);
    expect(hubGrants[1]!.witness.map((e) => [e.from, e.to])).toEqual([
      [idOf('Hub'), { kind: 'app', id: idOf('Motor') }],
      [idOf('Motor'), { kind: 'peripheral', capability: 'Gpio', value: 12 }],
    ]);
    expect(proof.grants.some((g) => g.app === idOf('Motor') && g.resource.kind === 'app')).toBe(true);
  });

  it('marks everything an added app reaches as new', async () => {
    const proof = await proveNoNewAccess(spec([{ name: 'Old' }]), spec([{ name: 'Old' }, { name: 'Added', storageKB: 2 }]));
    expect(proof.grants).toMatchObject([{ app: idOf('Added'), resource: { kind: 'storage', owner: idOf('Added') }, newApp: true }]);
  });
});

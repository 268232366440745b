import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { minimumCompromises, type AttackGraph } from '../../model/platform/attack-graph.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { loadProduct } from '../../model/product/product.js';
import { checkDefenseInDepth } from '../../properties/defense-in-depth/index.js';
import { proveMinimumCompromises } from '../../proofs/attack-min-cut.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { checkContext } from '../helpers/check-context.js';

const fixtures = resolve(fileURLToPath(import.meta.url), '../../fixtures/platforms');
const context = checkContext({ seed: 5, runs: 1, timeoutMs: 20_000, command: 'sevenfold verify --property defense-in-depth' });
const check = (file: string) => checkDefenseInDepth(loadProduct(file).product!, context);

afterAll(async () => {
  await shutdownZ3();
});

describe('defense-in-depth', () => {
  it('holds for the built-in design, with the minimum cut of every critical asset', async () => {
    const r = await check(builtinProductFile());
    expect(r.verdict, r.summary).toBe('holds');
    expect(r.evidence?.[0]?.lines.find((l) => l.startsWith('Device identity private key'))).toMatch(/: 2 — weakest path/);
    expect(r.bound).toMatch(/fault sweep \d+ boots/);
  });

  it('is violated when one compromise reaches a secret, naming the path', async () => {
    const r = await check(resolve(fixtures, 'kernel-reads-key-store/sevenfold.json'));
    expect(r.verdict).toBe('violated');
    expect(r.summary).toMatch(/Pluton key store .* falls to 1 compromise/);
    expect(r.summary).toContain('nw-kernel');
  });

  it('is violated when one skipped check boots a tampered kernel, naming the check', async () => {
    const r = await check(resolve(fixtures, 'kernel-single-check/sevenfold.json'));
    expect(r.verdict).toBe('violated');
    expect(r.summary).toBe('skipping the single check sm.kernel.signature boots a tampered nw-kernel');
  });

  it('Z3 finds the same minimum as the exhaustive search on random attack graphs', async () => {
    const graphs = fc.record({
      nodes: fc.integer({ min: 2, max: 7 }),
      edges: fc.array(fc.record({ from: fc.nat(6), to: fc.nat(6), barriers: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 2 }) }), { maxLength: 14 }),
    });
    await fc.assert(
      fc.asyncProperty(graphs, async ({ nodes, edges }) => {
        const id = (i: number) => `n${i % nodes}`;
        const graph: AttackGraph = {
          nodes: Array.from({ length: nodes }, (_, i) => ({ kind: i === 0 ? 'attacker' : 'component', id: id(i) })),
          edges: edges.filter((e) => id(e.from) !== id(e.to)).map((e) => ({ from: id(e.from), to: id(e.to), barriers: e.barriers, description: '' })),
          attackers: ['n0'],
          goals: [],
        };
        const targets = graph.nodes.slice(1).map((n) => n.id);
        const proofs = await proveMinimumCompromises(graph, 'n0', targets, { timeoutMs: 10_000 });
        for (const proof of proofs) {
          expect(proof.status).toBe('proved');
          if (proof.status === 'proved') expect(proof.cost).toBe(minimumCompromises(graph, 'n0', proof.asset).cost);
        }
      }),
      { numRuns: 25, seed: 42 },
    );
  });
});

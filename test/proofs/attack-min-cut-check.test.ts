/**
 * The certificate that lets the exhaustive search decide a minimum cut without Z3
 * (proofs/attack-min-cut-check.ts): a true cheapest attack is certified, a wrong one never is, and a
 * graph with too many barrier sets is left to Z3.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { minimumCompromises, type AttackEdge, type AttackGraph } from '../../model/platform/attack-graph.js';
import { buildProductAttackGraph } from '../../model/platform/product-attack-graph.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { loadProduct } from '../../model/product/product.js';
import { certifyCheapestAttack } from '../../proofs/attack-min-cut-check.js';
import { proveMinimumCompromises } from '../../proofs/attack-min-cut.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';

afterAll(() => shutdownZ3());

const edge = (from: string, to: string, ...barriers: string[]): AttackEdge => ({ from, to, barriers, description: `${from} → ${to}` });
/** Attacker → asset either through two barriers (a, b) or through one that guards two hops (c). */
const edges = [edge('attacker', 'x', 'a'), edge('x', 'asset', 'b'), edge('attacker', 'y', 'c'), edge('y', 'asset', 'c'), edge('attacker', 'island', 'd')];
const graph: AttackGraph = {
  nodes: ['attacker', 'x', 'y', 'asset', 'island', 'vault'].map((id) => ({ id, name: id })) as AttackGraph['nodes'],
  edges,
  attackers: ['attacker'],
  goals: [],
};

describe('certifying a cheapest attack', () => {
  it("certifies the exhaustive search's answer: one barrier, broken twice", () => {
    const cheapest = minimumCompromises(graph, 'attacker', 'asset');
    expect(cheapest.cost).toBe(1);
    expect(certifyCheapestAttack(graph, cheapest).status).toBe('certified');
  });

  it('refutes a claimed minimum when a cheaper barrier set reaches the asset', () => {
    const dearer = { attacker: 'attacker', asset: 'asset', cost: 2, path: [edges[0]!, edges[1]!] };
    const certificate = certifyCheapestAttack(graph, dearer);
    expect(certificate.status).toBe('refuted');
    if (certificate.status === 'refuted') expect(certificate.reason).toMatch(/breaking only c \(1\) already reaches asset/);
  });

  it('refutes a witness whose barriers do not number the claimed cost, or that does not reach the asset', () => {
    expect(certifyCheapestAttack(graph, { attacker: 'attacker', asset: 'asset', cost: 1, path: [edges[0]!, edges[1]!] }).status).toBe('refuted');
    expect(certifyCheapestAttack(graph, { attacker: 'attacker', asset: 'asset', cost: 1, path: [edges[2]!] }).status).toBe('refuted');
    expect(certifyCheapestAttack(graph, { attacker: 'attacker', asset: 'asset', cost: 1, path: [edges[2]!, edges[1]!] }).status).toBe('refuted');
  });

  it('certifies an unreachable asset only when breaking every barrier still does not reach it', () => {
    expect(certifyCheapestAttack(graph, { attacker: 'attacker', asset: 'vault', cost: Infinity, path: [] }).status).toBe('certified');
    expect(certifyCheapestAttack(graph, { attacker: 'attacker', asset: 'asset', cost: Infinity, path: [] }).status).toBe('refuted');
  });

  it('leaves a graph with more barrier sets than allowed to Z3', () => {
    const cheapest = minimumCompromises(graph, 'attacker', 'asset');
    expect(certifyCheapestAttack(graph, { ...cheapest, cost: 2, path: [edges[0]!, edges[1]!] }, 3).status).toBe('too-large');
  });
});

it("differential: on the built-in product's graph every certified minimum is Z3's", async () => {
  const graph = buildProductAttackGraph(loadProduct(builtinProductFile()).product!);
  let certified = 0;
  for (const attacker of graph.attackers) {
    for (const proof of await proveMinimumCompromises(graph, attacker, graph.goals.map((g) => g.id), { timeoutMs: 20_000 })) {
      expect(proof.status).toBe('proved');
      const cheapest = minimumCompromises(graph, attacker, proof.asset);
      expect(certifyCheapestAttack(graph, cheapest).status, `${attacker} → ${proof.asset}`).toBe('certified');
      if (proof.status === 'proved') expect(cheapest.cost, `${attacker} → ${proof.asset}`).toBe(proof.cost);
      certified++;
    }
  }
  expect(certified).toBeGreaterThan(0);
});

/**
 * The defense-in-depth evidence is deterministic: the weakest path shown for each critical asset is
 * the exhaustive search's canonical path (minimumCompromises), not whichever of several equally cheap
 * paths Z3 happened to return, so the same product prints the same evidence on every run.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { minimumCompromises } from '../../model/platform/attack-graph.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { checkAttackGraph, type AttackCheck } from '../../properties/defense-in-depth/attack-check.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
/** Products where Z3 and the exhaustive search often pick different, equally cheap paths (a real-time app's attacker). */
const products: [string, string][] = [
  ['the built-in product', builtinProductFile()],
  ['examples/hello-world-rt', resolve(root, 'examples/hello-world-rt/sevenfold.json')],
  ['examples/intercore-comms', resolve(root, 'examples/intercore-comms/sevenfold.json')],
];

afterAll(async () => {
  await shutdownZ3();
});

const load = (file: string): Product => {
  const loaded = loadProduct(file);
  expect(loaded.hasErrors, loaded.diagnostics.map((d) => d.message).join('; ')).toBe(false);
  return loaded.product!;
};
const run = (product: Product) => checkAttackGraph(product, { minCompromises: 2, derivedExploitability: true, trustAssetsCritical: true, networkFacingByImageType: true, exceptionsFlashOnly: true, layerEscalation: true, physicalBarriersChecked: true, timeoutMs: 20_000, progress: () => {} });
const decided = (check: AttackCheck): Extract<AttackCheck, { status: 'decided' }> => {
  if (check.status !== 'decided') throw new Error(`the attack graph check was not decided: ${check.reason}`);
  return check;
};

describe('defense-in-depth evidence is the canonical path', () => {
  it.each(products)('every weakest path shown is the one minimumCompromises finds: %s', async (_name, file) => {
    const check = decided(await run(load(file)));
    const reached = check.goals.filter((g) => g.cost !== Infinity);
    expect(reached.length).toBeGreaterThan(0);
    for (const goal of reached) {
      const canonical = minimumCompromises(check.graph, goal.attacker!, goal.goal.id);
      expect(canonical.cost).toBe(goal.cost);
      expect(goal.path, `${goal.attacker} → ${goal.goal.id}`).toEqual(canonical.path);
    }
  });

  it('two runs on the same product print identical evidence', async () => {
    const product = load(builtinProductFile());
    const first = decided(await run(product));
    const second = decided(await run(product));
    expect(second.evidence.map((e) => e.lines)).toEqual(first.evidence.map((e) => e.lines));
    expect(second.evidence.map((e) => e.data)).toEqual(first.evidence.map((e) => e.data));
  });
});

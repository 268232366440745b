/**
 * The reach graph the Z3 proofs run on (proofs/access-graph.ts, from the spec's accessEdges and graph-gaps.ts) against
 * the emulated bus of the boot emulator (emulator/boot/access-rules.ts and dma-engines.ts, which read the design's
 * access rules and busMasters on their own): every app slot whose bus requests, its own or those of a DMA engine it
 * programs, may read or write the apps' storage region has a graph edge to every other app's storage. The isolation
 * harness holds the graph against the emulated app device, which reads the design through emulator/design-rights.ts;
 * this holds it against the bus itself, so a reach the spec and the app device both forget (s38-proofs case c01: a
 * DMA engine's reach of the storage region, missed by both, and the harness agreed) still shows. Designs from
 * generators.ts busMasterDesignArb. Not blind: with directStorageRight reading the slot's own rules only it fails.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccessRules } from '../../emulator/boot/access-rules.js';
import { DmaEngines, dmaRequester } from '../../emulator/boot/dma-engines.js';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { accessGraph, appNode } from '../../proofs/access-graph.js';
import { busMasterDesignArb, productArbOver } from './generators.js';

const SEED = 20261207;
const RUNS = 120;

/** Whether the bus lets `slot` (or an engine it programs) `right` the asset, as the boot emulator decides it. */
function busGrants(rules: AccessRules, engines: DmaEngines, slot: string, asset: string, right: 'read' | 'write'): boolean {
  return rules.decide(slot, asset, right).granted || engines.assignedTo(slot).some((e) => rules.decide(dmaRequester(e), asset, right).granted);
}

describe("the proofs' reach graph and the emulated bus", () => {
  it(`every app slot the bus lets touch the apps' storage region reaches every other app's storage in the graph (${RUNS} designs with bus masters)`, () => {
    let seen = 0;
    fc.assert(
      fc.property(productArbOver(busMasterDesignArb), ({ product, describe: shown }) => {
        const design = product.platform!;
        const spec = new IsolationSpec(product);
        const graph = accessGraph(spec);
        const rules = new AccessRules(design);
        const engines = new DmaEngines(design);
        const regions = design.assets.filter((a) => a.kind === 'storage').map((a) => a.id);
        for (const app of spec.compartments) {
          if (!app.manifest || app.slot === undefined) continue;
          if (!regions.some((r) => busGrants(rules, engines, app.slot!, r, 'read') || busGrants(rules, engines, app.slot!, r, 'write'))) continue;
          for (const owner of spec.compartments) {
            if (owner.id === app.id || spec.storageQuotaBytes(owner.id) === undefined) continue;
            seen++;
            const edge = graph.edges.some((e) => e.from === appNode(app.id) && e.to === `storage:${owner.id}`);
            expect(edge, `${app.name} (${app.slot}) → ${owner.name}'s storage\n${shown}`).toBe(true);
          }
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The generator must reach the case at all, or the test proves nothing.
    expect(seen).toBeGreaterThan(0);
  });
});

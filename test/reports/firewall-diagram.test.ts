/**
 * The firewall diagram draws each app-to-block edge once and each block once. A block that breaks
 * two rules at once (claimed by two functions and from two cores) is two conflicts; it was drawn as
 * two nodes with the same id and every edge twice, the labels on top of each other.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firewallDiagram } from '../../reports/audit/diagrams.js';
import { buildInventory } from '../../reports/audit/inventory.js';
import { loadOrThrow, root } from './fabricated-run.js';

function shape(source: string) {
  const edges = [...source.matchAll(/^\s*(\w+) -->\|"([^"]*)"\| (\w+)$/gm)].map((m) => ({ pair: `${m[1]}>${m[3]}`, labels: m[2]!.split('<br/>') }));
  const nodes = [...source.matchAll(/^\s*(b\w*)(\[|\{\{)/gm)].map((m) => m[1]!);
  return { edges, nodes };
}

describe('firewall diagram', () => {
  it.each(['isu-two-functions', 'adc-and-gpio', 'pin-and-pwm-across-cores', 'same-peripheral', 'cross-core-block', 'three-real-time-apps'])('%s: one edge per app and block, one node per block, no label twice', (fixture) => {
    const inventory = buildInventory(loadOrThrow(resolve(root, 'test/fixtures/products', fixture, 'sevenfold.json')), root);
    const source = firewallDiagram(inventory).source;
    const { edges, nodes } = shape(source);
    expect(new Set(edges.map((e) => e.pair)).size, source).toBe(edges.length);
    expect(new Set(nodes).size, source).toBe(nodes.length);
    for (const e of edges) expect(new Set(e.labels).size).toBe(e.labels.length);
  });

  it('a conflicted block that also sits in its core\'s list gets its edges once (the allocator lists it in both places)', () => {
    const inventory = buildInventory(loadOrThrow(resolve(root, 'test/fixtures/products/isu-two-functions/sevenfold.json')), root);
    const conflict = inventory.firewall.conflicts[0]!;
    const core = inventory.firewall.cores.find((c) => c.apps.includes(conflict.claims[0]!.app)) ?? inventory.firewall.cores[0]!;
    core.blocks.push({ block: conflict.block, gpios: [], claims: conflict.claims });
    const source = firewallDiagram(inventory).source;
    const { edges, nodes } = shape(source);
    expect(edges.length, source).toBeGreaterThan(0);
    expect(new Set(edges.map((e) => e.pair)).size, source).toBe(edges.length);
    expect(new Set(nodes).size, source).toBe(nodes.length);
    for (const e of edges) expect(new Set(e.labels).size, source).toBe(e.labels.length);
  });

  it('names every rule a block breaks in its one node', () => {
    const source = firewallDiagram(buildInventory(loadOrThrow(resolve(root, 'test/fixtures/products/isu-two-functions/sevenfold.json')), root)).source;
    expect(source).toMatch(/ISU1<br\/>CONFLICT: function-and-other-use, cross-core-block/);
  });
});

/**
 * Where defense in depth turns on who signs a flash asset the design leaves unsaid (model/platform/asset-signer.ts): a
 * component other than the reader may write a signed flash asset, the reader's flash exception drops the writer's
 * exploit of it, and the design names no signer (/assets/i/signedBy), so whether the writer can get its content past
 * the reader's check is not stated. The graph is built again with the writers of each such asset able to (then of all
 * of them), and where that lowers an asset below the required minimum the verdict cannot hold: a gap (unknown unless
 * something else is violated), naming the field. A writer the reader already answers to (it runs above it, or its
 * escalation to the reader is derived anyway) lowers nothing, so a design whose kernel writes the storage its services
 * read is not asked for the field.
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { minimumCompromises, type AttackGraph, type AttackGraphOptions, type UnstatedSigner } from '../../model/platform/attack-graph.js';
import { buildProductAttackGraph } from '../../model/platform/product-attack-graph.js';
import type { Product } from '../../model/product/product.js';

/** One sentence per unstated signer (or, failing each alone, all of them together) that could lower an asset below `required`. */
export function unstatedSignerGaps(product: Product, options: AttackGraphOptions, required: number): string[] {
  const stated = buildProductAttackGraph(product, options);
  const unstated = stated.unstatedSigners ?? [];
  if (!unstated.length) return [];
  const cheapest = (graph: AttackGraph, goal: string) => Math.min(...graph.attackers.map((a) => minimumCompromises(graph, a, goal).cost));
  const before = new Map(stated.goals.map((g) => [g.id, cheapest(stated, g.id)]));
  const platformFile = displayPath(product.platformFile);
  const lowered = (assets: ReadonlySet<string>) => {
    const signing = buildProductAttackGraph(product, { ...options, unstatedSignersSign: assets });
    return signing.goals.flatMap((goal) => {
      const cost = cheapest(signing, goal.id);
      return cost < required && cost < (before.get(goal.id) ?? Infinity) ? [{ goal, cost }] : [];
    });
  };
  const describe = (writers: readonly UnstatedSigner[], falls: { goal: { name: string }; cost: number }[]) => {
    const fields = [...new Map(writers.map((u) => [u.asset, u])).values()].map((u) => `${platformFile} /assets/${u.assetIndex}/signedBy`);
    const who = writers.map((u) => `${u.writer} may write ${u.asset}, which ${u.reader} parses`).join('; ');
    const what = falls.map((f) => `${f.goal.name} falls to ${f.cost} compromise${f.cost === 1 ? '' : 's'}`).join(', ');
    return `${fields.join(', ')}: the design does not state who signs ${fields.length === 1 ? 'it' : 'them'} (${who}); if the writer can get its content signed, the reader's check before parsing passes it and ${what}, so the verdict cannot rest on the reader's exception covering that writer`;
  };
  const byAsset = [...new Set(unstated.map((u) => u.asset))];
  const gaps = byAsset.flatMap((asset) => {
    const falls = lowered(new Set([asset]));
    return falls.length ? [describe(unstated.filter((u) => u.asset === asset), falls)] : [];
  });
  if (gaps.length || byAsset.length === 1) return gaps;
  const together = lowered(new Set(byAsset));
  return together.length ? [describe(unstated, together)] : [];
}

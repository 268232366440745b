/**
 * Sevenfold is judged on designs nobody here wrote: a maker's platform does not use the built-in design's ids, lists
 * its parts in another order and has parts the rules never look at. Each case takes a fixture product and its designs,
 * makes a drawn variant of them (test/properties/metamorphic-variant.ts: every id renamed by a bijection, to ids the
 * built-in design gives other parts; every array whose order means nothing shuffled; a memory region, a key and an
 * attacker added that nothing references), and asks for the seven verdicts and every requirement's outcome the
 * original gets. A rule that picks one thing out of a list by its position, or keys on a built-in id, fails here.
 * Bases: the classes found (replayed first, with the property that broke), then a seeded sample of the product
 * fixtures (platforms, products, updates) and of the protocol fixtures on the built-in product, one variant each.
 * The broad run: npx tsx test/properties/metamorphic-sweep.ts --relations variant --sample N --seeds S.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProduct } from '../../model/product/product.js';
import { PROPERTIES } from '../../properties/registry.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { checkContext, smallSearchProfile } from '../helpers/check-context.js';
import { baseFiles, PROTOCOL, root, writeFiles, type Files } from './metamorphic-inputs.js';
import { seededRandom, shuffled, variantOf } from './metamorphic-variant.js';

const context = checkContext({ seed: 1, runs: 1, requirements: smallSearchProfile(), bound: { sessions: 1, devices: 1, periods: 1 } });
const ALL = PROPERTIES.filter((p) => p.check).map((p) => p.id);
const dirs: string[] = [];

afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await shutdownZ3();
});

interface Case {
  /** A product file under the repository root. */
  product: string;
  /** A protocol fixture put in place of the product's protocol design. */
  protocol?: string;
  seed: number;
  properties: readonly string[];
}

/** Each property's verdict and its requirements' outcomes, or the input error when the files do not load. */
async function outcomes(c: Case, edit?: (f: Files) => void): Promise<Record<string, unknown> | string> {
  const dir = mkdtempSync(join(tmpdir(), 'sevenfold-rename-'));
  dirs.push(dir);
  const files = baseFiles(`file:${join(root, c.product)}`, dir);
  if (c.protocol) files[PROTOCOL] = JSON.parse(readFileSync(join(root, c.protocol), 'utf8'));
  edit?.(files);
  const loaded = loadProduct(writeFiles(dir, files));
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || !loaded.product) return `input error: ${errors.map((d) => `${d.name} ${d.pointer} ${d.message}`).join('; ')}`;
  const out: Record<string, unknown> = {};
  for (const id of c.properties) {
    const r = await PROPERTIES.find((p) => p.id === id)!.check!(loaded.product, context);
    out[id] = { verdict: r.verdict, requirements: Object.fromEntries((r.requirements ?? []).map((q) => [q.id, q.outcome])) };
  }
  return out;
}

/** The classes this test found, each replayed with the seed and the property that showed it. */
const FOUND: Case[] = [
  // defense-in-depth.layer-escalation was failed when the one cheapest path shown took an escalation step: a tie-break
  // by the order of the design's arrays, so the drawn order met it (properties/defense-in-depth/attack-check.ts ruleLowers).
  { product: 'test/fixtures/platforms/app-slot-in-secure-world/sevenfold.json', seed: 7, properties: ['defense-in-depth'] },
  // A device group's stage came from its name: the Production group that accepts development images, renamed, was taken
  // for a development group and hardware-root-of-trust held (update design deviceGroups[].stage, model/product/deployment.ts).
  { product: 'test/fixtures/updates/dev-signed-in-production/sevenfold.json', seed: 3, properties: ['hardware-root-of-trust'] },
  // A fleet in several device groups is judged group by group (deployment.deviceGroups, properties/fleet-groups.ts): its
  // groups renamed and the design's list shuffled, the group that breaks each property must still be found.
  { product: 'test/fixtures/products/fleet-second-group-accepts-dev-images/sevenfold.json', seed: 5, properties: ['hardware-root-of-trust', 'renewable-security'] },
];

const productFiles = ['test/fixtures/platforms', 'test/fixtures/products', 'test/fixtures/updates']
  .flatMap((dir) => readdirSync(join(root, dir)).map((name) => `${dir}/${name}/sevenfold.json`))
  .filter((file) => existsSync(join(root, file)))
  .filter((file) => {
    try {
      return !!baseFiles(`file:${join(root, file)}`, '');
    } catch {
      return false; // a fixture of an unreadable input: nothing to rename
    }
  });
const protocolFiles = readdirSync(join(root, 'test/fixtures/protocols')).filter((f) => f.endsWith('.json')).map((f) => `test/fixtures/protocols/${f}`);
const draw = seededRandom(34);
const SAMPLED: Case[] = [
  ...shuffled(productFiles, draw).slice(0, 4).map((product, i) => ({ product, seed: 100 + i, properties: ALL })),
  ...shuffled(protocolFiles, draw).slice(0, 1).map((protocol, i) => ({ product: 'products/mt3620-reference/sevenfold.json', protocol, seed: 200 + i, properties: ALL })),
];

describe('a design renamed, shuffled and padded gets the verdicts of the design it was made from', () => {
  it.each([...FOUND, ...SAMPLED].map((c) => [`${c.protocol ?? c.product} (variant #${c.seed}; ${c.properties.length === ALL.length ? 'all seven' : c.properties.join(', ')})`, c] as const))('%s', async (_, c) => {
    const before = await outcomes(c);
    if (typeof before === 'string') return; // a fixture of an input error: no verdict to compare
    expect(await outcomes(c, (f) => variantOf(f, c.seed))).toEqual(before);
  }, 300_000);
});

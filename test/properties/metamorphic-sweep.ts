/**
 * The metamorphic relations of metamorphic-verdicts.test.ts run over every product of the repository (not a CI test:
 * minutes to hours). Every product under test/fixtures/{platforms,products}/ and examples/, and the named bases, each
 * as its own files (metamorphic-inputs.ts productBase); for each: the baseline of all seven properties, then renaming,
 * reordering, every weakening and strengthening edit with each seed as its pick, and a longer attacker search. It writes
 * one JSON line per finding (and a line per base with its timing) to --out:
 *   improved   a weakening made a verdict better (violated → unknown/holds, unknown → holds)
 *   changed    a renaming, reordering or drawn variant (metamorphic-variant.ts: renamed, shuffled and padded, one per
 *              seed) changed a verdict (requirement-only changes are "requirements")
 *   crashed    a check threw, or said the check failed internally
 * Usage: nice -n 19 npx tsx test/properties/metamorphic-sweep.ts --out /tmp/sweep.jsonl [--seeds 0,1,2] [--only regex]
 *        [--relations rename,reorder,variant,weaken,bound] [--max-base-ms 20000] [--sample N]
 * Bases are run fastest first (by their baseline time), so a short run covers the most products.
 */
import { mkdtempSync, readdirSync, existsSync, appendFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadProduct } from '../../model/product/product.js';
import { PROPERTIES } from '../../properties/registry.js';
import type { Verdict } from '../../properties/verdict.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { checkContext, smallSearchProfile } from '../helpers/check-context.js';
import { seededRandom, shuffled, variantOf } from './metamorphic-variant.js';
import { baseFiles, improvedBy, PLATFORM, PRODUCT, PROTOCOL, renameEverything, reorderEverything, root, UPDATE, WEAKENINGS, writeFiles, type BaseName, type Files, type Json, type Weakening } from './metamorphic-inputs.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const out = arg('out', '/tmp/metamorphic-sweep.jsonl');
const seeds = arg('seeds', '0').split(',').map(Number);
const only = new RegExp(arg('only', '.'));
const relations = new Set(arg('relations', 'rename,reorder,weaken,bound').split(','));
const edits = new RegExp(arg('edits', '.'));
const maxBaseMs = Number(arg('max-base-ms', '60000'));
const sample = Number(arg('sample', '0'));
const ALL = PROPERTIES.filter((p) => p.check).map((p) => p.id).filter((p) => new RegExp(arg('properties', '.')).test(p));
const msByProperty: Record<string, number> = {};
const RANK: Record<Verdict, number> = { violated: 0, unknown: 1, holds: 2 };
const profile = smallSearchProfile();
const context = (sessions = 1) => checkContext({ seed: 1, runs: 1, requirements: profile, bound: { sessions, devices: 1, periods: 1 } });

interface Outcome { verdict: Verdict; summary: string; requirements: Record<string, string> }
type Outcomes = Record<string, Outcome>;
const log = (x: object) => appendFileSync(out, JSON.stringify({ at: new Date().toISOString(), ...x }) + '\n');

function bases(): BaseName[] {
  const found: string[] = [];
  for (const dir of ['test/fixtures/platforms', 'test/fixtures/products', 'test/fixtures/updates', 'examples']) {
    for (const name of readdirSync(join(root, dir))) {
      const file = join(root, dir, name, 'sevenfold.json');
      if (existsSync(file)) found.push(file);
      const nested = join(root, dir, name);
      try {
        for (const sub of readdirSync(nested)) if (existsSync(join(nested, sub, 'sevenfold.json'))) found.push(join(nested, sub, 'sevenfold.json'));
      } catch { /* not a folder */ }
    }
  }
  const first = [join(root, 'products/mt3620-reference/sevenfold.json'), ...found.filter((f) => f.includes('/examples/'))];
  const all = [...first, ...found.filter((f) => !first.includes(f))].map((f) => `file:${f}` as const).filter((b) => only.test(b));
  // --sample N: N of them, drawn from the first seed (a quick run that still meets every kind of fixture in time).
  return sample ? shuffled(all, seededRandom(seeds[0]!)).slice(0, sample) : all;
}
const label = (b: BaseName) => (b.startsWith('file:') ? relative(root, b.slice(5)) : b);

async function verdictsOf(base: BaseName, edit?: (f: Files) => void, sessions = 1, properties: readonly string[] = ALL): Promise<Outcomes | string> {
  const dir = mkdtempSync(join(tmpdir(), 'sevenfold-sweep-'));
  try {
    let files: Files;
    try {
      files = baseFiles(base, dir);
      edit?.(files);
    } catch (e) {
      return `edit failed: ${(e as Error).message}`;
    }
    const loaded = loadProduct(writeFiles(dir, files));
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length || !loaded.product) return `input error: ${errors.map((d) => `${d.name} ${d.pointer}`).join(', ')}`;
    const result: Outcomes = {};
    for (const id of properties) {
      try {
        const t0 = Date.now();
        const r = await PROPERTIES.find((p) => p.id === id)!.check!(loaded.product, context(sessions));
        msByProperty[id] = (msByProperty[id] ?? 0) + Date.now() - t0;
        result[id] = { verdict: r.verdict, summary: r.summary, requirements: Object.fromEntries((r.requirements ?? []).map((q) => [q.id, q.outcome])) };
      } catch (e) {
        result[id] = { verdict: 'unknown', summary: `THREW: ${(e as Error).stack?.split('\n').slice(0, 4).join(' | ')}`, requirements: {} };
      }
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function crashes(base: string, relation: string, o: Outcomes | string) {
  if (typeof o === 'string') return;
  for (const [p, x] of Object.entries(o)) if (/THREW|failed internally/i.test(x.summary)) log({ kind: 'crashed', base, relation, property: p, summary: x.summary });
}

function compareEqual(base: string, relation: string, before: Outcomes, after: Outcomes | string) {
  if (typeof after === 'string') return log({ kind: 'refused', base, relation, message: after });
  crashes(base, relation, after);
  for (const p of ALL) {
    const [b, a] = [before[p]!, after[p]!];
    if (b.verdict !== a.verdict) log({ kind: 'changed', base, relation, property: p, before: b.verdict, after: a.verdict, summaryBefore: b.summary, summaryAfter: a.summary });
    else if (JSON.stringify(b.requirements) !== JSON.stringify(a.requirements)) {
      const diff = Object.keys({ ...b.requirements, ...a.requirements }).filter((k) => b.requirements[k] !== a.requirements[k]).map((k) => `${k}: ${b.requirements[k]} → ${a.requirements[k]}`);
      log({ kind: 'requirements', base, relation, property: p, diff });
    }
  }
}

function compareNoBetter(base: string, relation: string, before: Outcomes, after: Outcomes | string, edit?: Weakening) {
  if (typeof after === 'string') return;
  crashes(base, relation, after);
  for (const p of Object.keys(after)) {
    const [b, a] = [before[p]!, after[p]!];
    if (edit ? improvedBy(edit, p, b.verdict, a.verdict) : RANK[a.verdict] > RANK[b.verdict]) log({ kind: 'improved', base, relation, property: p, before: b.verdict, after: a.verdict, summaryBefore: b.summary, summaryAfter: a.summary });
  }
}

/** The designs and hardware a product names (its deployment too): two products that name the same can be composed. */
function designKey(base: BaseName): string {
  const f = baseFiles(base, '/nonexistent');
  return JSON.stringify([f[PLATFORM], f[UPDATE], f[PROTOCOL], f[PRODUCT].hardwareDefinition ?? null, f[PRODUCT].hardwarePath ?? null, f[PRODUCT].deployment ?? null]);
}

/** Product b's apps (manifests copied), image certificates and critical assets added to product a: one product holding both designs' apps. */
function union(a: BaseName, b: BaseName): (f: Files) => void {
  return (f) => {
    const other = baseFiles(b, '/nonexistent');
    const offset = f[PRODUCT].apps.length;
    // The other product's apps are other apps: fresh ComponentIds (its partner lists following), except an app whose
    // image embeds its manifest (a changed manifest would be a mismatch, not the union meant).
    const fresh = new Map<string, string>();
    other[PRODUCT].apps.forEach((app: Json, i: number) => {
      const m = other[app.manifest];
      if (!app.image && typeof m.ComponentId === 'string') fresh.set(m.ComponentId.toLowerCase(), `0000${String(offset + i).padStart(4, '0')}-5eed-4000-8000-${String(offset + i).padStart(12, '0')}`);
    });
    other[PRODUCT].apps.forEach((app: Json, i: number) => {
      const manifest = `apps/app-${offset + i}/app_manifest.json`;
      const m = structuredClone(other[app.manifest]);
      if (!app.image) {
        m.ComponentId = fresh.get(String(m.ComponentId).toLowerCase()) ?? m.ComponentId;
        const partners = m.Capabilities?.AllowedApplicationConnections;
        if (partners) m.Capabilities.AllowedApplicationConnections = partners.map((x: string) => fresh.get(x.toLowerCase()) ?? x);
      }
      f[manifest] = m;
      f[PRODUCT].apps.push({ ...app, manifest });
    });
    for (const key of ['trustedImageCertificates', 'testImageCertificates', 'criticalAssets', 'boardConfigs']) {
      const merged = [...(f[PRODUCT][key] ?? []), ...(other[PRODUCT][key] ?? [])];
      if (merged.length) f[PRODUCT][key] = key === 'boardConfigs' ? merged : [...new Set(merged)];
    }
    void a;
  };
}

async function unions(list: BaseName[]) {
  const groups = new Map<string, BaseName[]>();
  for (const b of list) {
    try {
      const k = designKey(b);
      groups.set(k, [...(groups.get(k) ?? []), b]);
    } catch { /* a base that does not read */ }
  }
  const verdicts = new Map<BaseName, Outcomes>();
  const of = async (b: BaseName) => {
    if (!verdicts.has(b)) {
      const o = await verdictsOf(b);
      if (typeof o !== 'string') verdicts.set(b, o);
    }
    return verdicts.get(b);
  };
  let n = 0;
  for (const members of groups.values()) {
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        // A sample of the pairs: each product with the one the seed puts after it (a chain through the group).
        if (j !== i + 1 + (seeds[0]! % Math.max(1, members.length - i - 1))) continue;
        const [a, b] = [members[i]!, members[j]!];
        const [va, vb] = [await of(a), await of(b)];
        if (!va || !vb) continue;
        const after = await verdictsOf(a, union(a, b));
        n++;
        if (typeof after === 'string') {
          log({ kind: 'union-refused', base: `${label(a)} ∪ ${label(b)}`, message: after });
          continue;
        }
        crashes(`${label(a)} ∪ ${label(b)}`, 'union', after);
        for (const p of ALL) {
          const worse = RANK[va[p]!.verdict] <= RANK[vb[p]!.verdict] ? va[p]! : vb[p]!;
          if (RANK[after[p]!.verdict] > RANK[worse.verdict] && p !== 'small-tcb') log({ kind: 'improved', base: `${label(a)} ∪ ${label(b)}`, relation: 'union', property: p, before: `${va[p]!.verdict}/${vb[p]!.verdict}`, after: after[p]!.verdict, summaryBefore: worse.summary, summaryAfter: after[p]!.summary });
        }
      }
    }
  }
  log({ kind: 'unions', pairs: n });
}

async function main() {
  const list = bases();
  log({ kind: 'start', bases: list.length, seeds, relations: [...relations] });
  for (const base of ['rename', 'reorder', 'variant', 'bound', 'weaken'].some((r) => relations.has(r)) ? list : []) {
    const name = label(base);
    const t = Date.now();
    const baseline = await verdictsOf(base);
    const ms = Date.now() - t;
    if (typeof baseline === 'string') {
      log({ kind: 'base-refused', base: name, message: baseline });
      continue;
    }
    crashes(name, 'baseline', baseline);
    log({ kind: 'base', base: name, ms, verdicts: Object.fromEntries(ALL.map((p) => [p, baseline[p]!.verdict])) });
    if (ms > maxBaseMs) continue;
    if (relations.has('rename')) compareEqual(name, 'rename', baseline, await verdictsOf(base, renameEverything));
    if (relations.has('reorder')) compareEqual(name, 'reorder', baseline, await verdictsOf(base, reorderEverything));
    if (relations.has('variant')) for (const seed of seeds) compareEqual(name, `variant #${seed}`, baseline, await verdictsOf(base, (f) => variantOf(f, seed)));
    if (relations.has('bound')) compareNoBetter(name, 'a search of two sessions', baseline, await verdictsOf(base, undefined, 2));
    // Only a verdict below holds can improve: the weakened inputs are checked on those properties alone.
    const improvable = ALL.filter((p) => baseline[p]!.verdict !== 'holds');
    if (relations.has('weaken') && improvable.length) {
      const seen = new Set<string>([JSON.stringify(baseFiles(base, '/nonexistent'))]);
      for (const seed of seeds) {
        for (const e of WEAKENINGS.filter((x) => edits.test(x.name))) {
          // An edit that changes nothing on this base (or the same as an earlier pick) is not run again.
          let key: string;
          try {
            const f = baseFiles(base, '/nonexistent');
            e.apply(f, seed);
            key = JSON.stringify(f);
          } catch {
            key = `error ${e.name}`;
          }
          if (seen.has(key)) continue;
          seen.add(key);
          compareNoBetter(name, `${e.name} (#${seed})`, baseline, await verdictsOf(base, (f) => e.apply(f, seed), 1, improvable), e);
        }
      }
    }
    log({ kind: 'done', base: name });
  }
  if (relations.has('union')) await unions(list);
  log({ kind: 'end', msByProperty });
  await shutdownZ3();
}

main().catch((e) => {
  log({ kind: 'sweep-failed', message: (e as Error).stack });
  process.exit(1);
});

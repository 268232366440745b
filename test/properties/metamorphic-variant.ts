/**
 * A design nobody here wrote, made from one that is, seeded: what a maker's platform, update and protocol designs look
 * like next to the built-in ones. Three changes that mean nothing to a verdict, each drawn from the seed:
 *  - every id renamed by a bijection (components, assets, keys, attackers, boot checks, connections, device groups,
 *    apps and their ComponentIds), every reference following; the new ids are drawn from the built-in designs' own ids
 *    and fresh ones, so a maker's kernel may be called "device-identity-key" and its identity key "security-monitor";
 *  - every array whose order the schemas give no meaning shuffled (each boot stage's checks, not the boot list, which
 *    is the boot sequence; app slots keep their order among themselves, since apps fill them in order), and every
 *    object's keys;
 *  - unrelated parts added that nothing references: a scratch memory region no component may touch, a key that signs
 *    nothing, an attacker that controls nothing (each under a drawn id, which may be a built-in one).
 * metamorphic-inputs.ts renames and reorders by a fixed rotation and reversal; this draws both from a seed, so a rule
 * that picks one thing out of a list by its position, or by a built-in id, meets a design where the position or id
 * belongs to something else.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { imageFree, manifests, PLATFORM, PRODUCT, PROTOCOL, renameDeep, root, UPDATE, type Files, type Json } from './metamorphic-inputs.js';

export type Random = () => number;

/** mulberry32: a small seeded generator, so a variant is replayed from its seed. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(xs: readonly T[], random: Random): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const shuffledKeys = (o: Json, random: Random): Json => Object.fromEntries(shuffled(Object.entries(o), random));
const readJson = (file: string): Json => JSON.parse(readFileSync(file, 'utf8'));

/** Every id the built-in designs give a part: the pool renamed ids are drawn from, beside fresh ones. */
export function builtinIds(): string[] {
  const p = readJson(join(root, 'model/designs/azure-sphere-mt3620.json'));
  const q = readJson(join(root, 'model/designs/azure-sphere-attestation.json'));
  return [
    ...[...p.components, ...p.assets, ...p.keys, ...p.attackers].map((x: Json) => x.id as string),
    ...p.boot.flatMap((s: Json) => s.checks.map((c: Json) => c.id as string)),
    ...q.connections.map((c: Json) => c.id as string),
  ];
}

/** The ids a product's designs give their parts (one namespace: an exploit's target is a component or an asset). */
function designIds(f: Files): string[] {
  const p = f[PLATFORM];
  return [
    ...new Set<string>([
      ...[...p.components, ...p.assets, ...p.keys, ...p.attackers].map((x: Json) => x.id),
      ...p.boot.flatMap((s: Json) => s.checks.map((c: Json) => c.id)),
      ...f[PROTOCOL].connections.map((c: Json) => c.id),
    ]),
  ];
}

/**
 * A drawer of new ids: the built-in ids and fresh ones, shuffled, each handed out once. Ids already in the designs
 * are handed out too (a part may take another's id), never one a part keeps.
 */
function idDrawer(random: Random, taken: ReadonlySet<string>): () => string {
  const pool = shuffled([...new Set([...builtinIds(), ...Array.from({ length: 40 }, (_, i) => `part-${(i * 7919 + 17) % 1000}`)])], random).filter((id) => !taken.has(id));
  return () => {
    const id = pool.shift();
    if (id === undefined) throw new Error('the id pool ran out');
    return id;
  };
}

/** Every id renamed by a drawn bijection; the map from old id to new is returned (extras are drawn from what is left). */
export function renameRandomly(f: Files, random: Random): { map: Map<string, string>; draw: () => string } {
  const ids = designIds(f);
  const draw = idDrawer(random, new Set());
  const targets = ids.map(() => draw());
  const map = new Map(ids.map((id, i) => [id, targets[i]!]));
  for (const file of [PLATFORM, UPDATE, PROTOCOL]) f[file] = renameDeep(f[file], map);
  // The product names a platform asset where an app's own certificate key is kept.
  for (const app of f[PRODUCT].apps) if (app.certificateKeys) app.certificateKeys = Object.fromEntries(Object.entries(app.certificateKeys).map(([k, v]) => [k, map.get(v as string) ?? v]));
  // Device groups: neutral names in a drawn order (Azure Sphere's default group names carry a stage, facts §4, so no group takes one).
  const groups = new Map<string, string>(shuffled(f[UPDATE].deviceGroups, random).map((g: Json, i: number) => [g.name, `Fleet ${i} ${Math.floor(random() * 1000)}`]));
  for (const g of f[UPDATE].deviceGroups) g.name = groups.get(g.name);
  const deployment = f[PRODUCT].deployment;
  if (typeof deployment?.deviceGroup === 'string') deployment.deviceGroup = groups.get(deployment.deviceGroup) ?? deployment.deviceGroup;
  // Each group a fleet lists by name is renamed with it (a custom group, an object, is the product file's own).
  if (Array.isArray(deployment?.deviceGroups)) deployment.deviceGroups = deployment.deviceGroups.map((g: Json) => (typeof g === 'string' ? (groups.get(g) ?? g) : g));
  // Apps whose image does not embed the manifest: named after built-in parts, fresh ComponentIds, partner lists following.
  const editable = imageFree(f);
  const names = shuffled(builtinIds(), random);
  const newIds = new Map(editable.map((m, i) => [String(f[m].ComponentId).toLowerCase(), `${(0x10000000 + Math.floor(random() * 0xe0000000)).toString(16)}-${String(i).padStart(4, '0')}-4bbb-8ccc-${String(i).padStart(12, '0')}`]));
  const newNames = new Map<string, string>();
  editable.forEach((m, i) => {
    newNames.set(`storage:${f[m].Name}`, `storage:${names[i]}`);
    f[m].Name = names[i];
    f[m].ComponentId = newIds.get(String(f[m].ComponentId).toLowerCase());
  });
  if (Array.isArray(f[PRODUCT].criticalAssets)) f[PRODUCT].criticalAssets = f[PRODUCT].criticalAssets.map((x: string) => newNames.get(x) ?? x);
  for (const m of manifests(f)) {
    const partners = f[m].Capabilities?.AllowedApplicationConnections;
    if (partners) f[m].Capabilities.AllowedApplicationConnections = partners.map((x: string) => newIds.get(x.toLowerCase()) ?? x);
  }
  return { map, draw };
}

/** Every array whose order means nothing, and every object's keys, in a drawn order. */
export function shuffleRandomly(f: Files, random: Random): void {
  const p = f[PLATFORM];
  // App slots keep their order among themselves (apps fill them in order); the other components go anywhere.
  const slot = (c: Json) => c.imageType === 'Applications';
  const slots = p.components.filter(slot);
  const positions = new Set(shuffled(p.components.map((_: Json, i: number) => i), random).slice(0, slots.length));
  const others = shuffled(p.components.filter((c: Json) => !slot(c)), random);
  p.components = p.components.map((_: Json, i: number) => (positions.has(i) ? slots.shift() : others.shift())).map((c: Json) => shuffledKeys(c, random));
  for (const key of ['assets', 'access', 'keys', 'attackers', 'exploits', 'declaredTcb', 'exploitExceptions']) if (p[key]) p[key] = shuffled(p[key], random).map((x: Json) => (x && typeof x === 'object' ? shuffledKeys(x, random) : x));
  for (const a of p.access) a.rights = shuffled(a.rights, random);
  for (const a of p.attackers) a.controls = shuffled(a.controls, random);
  for (const a of p.assets) if (a.physicalBarriers) a.physicalBarriers = shuffled(a.physicalBarriers, random);
  // The boot list keeps its order: it is the boot sequence (a stage's measurer runs before it: measurement-integrity.ts),
  // which a drawn order among sibling stages changed (app-measured-by-kernel, the app listed before its measuring kernel).
  p.boot = p.boot.map((s: Json) => shuffledKeys({ ...s, checks: shuffled(s.checks, random) }, random));
  f[PLATFORM] = shuffledKeys(p, random);
  const u = f[UPDATE];
  u.deviceGroups = shuffled(u.deviceGroups, random);
  u.feeds = shuffled(u.feeds, random);
  u.updateKinds = shuffled(u.updateKinds, random).map((k: Json) => ({ ...k, contents: shuffled(k.contents, random) }));
  for (const key of ['recordedKinds', 'recordedApps', 'erasableBy']) if (u.failureReporting[key]) u.failureReporting[key] = shuffled(u.failureReporting[key], random);
  u.deferral.requiredCapabilities = shuffled(u.deferral.requiredCapabilities, random);
  f[UPDATE] = shuffledKeys(u, random);
  const q = f[PROTOCOL];
  q.connections = shuffled(q.connections, random);
  q.attestation.quoteFields = shuffled(q.attestation.quoteFields, random);
  q.attestation.signedFields = shuffled(q.attestation.signedFields, random);
  f[PROTOCOL] = shuffledKeys(q, random);
}

/**
 * Parts nothing references: a memory region no component may touch, a key that signs nothing, an attacker that controls
 * nothing. No key is added to a design that has none (unsigned-boot): there a key is not padding, it is the one key the
 * emulated vendor can sign an unchecked stage with (emulator/boot/vendor.ts imageKey) and the key whose absence
 * hardware-root-of-trust reports first, so the variant would be another design (s38, when the sample reached it).
 */
export function addUnrelated(f: Files, draw: () => string): void {
  const p = f[PLATFORM];
  p.assets.push({ id: draw(), name: 'scratch memory nothing uses', kind: 'memory-region', location: 'sram', secret: false, critical: false });
  if (p.keys.length) p.keys.push({ id: draw(), name: 'a key of the maker that signs nothing', holder: 'device-maker', custody: 'offline' });
  p.attackers.push({ id: draw(), name: 'an attacker that controls nothing', controls: [] });
}

/** The product's designs as a design nobody here wrote: renamed, shuffled and padded, all drawn from `seed`. */
export function variantOf(f: Files, seed: number): void {
  const random = seededRandom(seed);
  const { draw } = renameRandomly(f, random);
  addUnrelated(f, draw);
  shuffleRandomly(f, random);
}

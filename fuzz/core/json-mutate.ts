/**
 * Structure-aware mutation of JSON trees: one edit at a time (a value replaced by one the format
 * expects at that place, a member added, removed, repeated or renamed, a subtree moved or spliced in from
 * another input, a scalar nudged, a type changed, a raw token planted). A target steers it with a
 * dictionary of its keys and values, so mutations stay close to what the reader understands.
 *
 * Copy-on-write: no edit writes into the tree it is given. An edit copies the containers on the way from the
 * root to the place it changes (copyPath) and shares every other subtree with its parent, and a subtree copied
 * to another place, repeated or taken from a donor is shared too: a mutant costs its path, not its parent's size.
 * So a mutant's parent (a corpus entry) and its donors stay as they were. Whoever writes into a tree in place
 * (input-to-state does, the hardware definition's own edits do) must copy what it writes into in the same way.
 * The sites are listed again for each edit: remembered per tree, the lists outlived the young generation, and
 * collecting them cost more than listing them (an app manifest took twice as long to make). They are listed into
 * columns filled again each time (core/json-sites.ts), not an object per node.
 */
import { SiteTable } from './json-sites.js';
import { copyPath, jarr, jbool, jnull, jnum, jobj, jstr, replaceAtPath, type JNode } from './json-tree.js';
import { INTERESTING_U32, type Rng } from './rng.js';

export type JsonPath = readonly (string | number)[];

export interface JsonDictionary {
  /** Object keys worth adding or renaming to. */
  keys: readonly string[];
  strings: readonly string[];
  /** Number texts as written. */
  numbers: readonly string[];
  /** A value the format expects at this path (e.g. a GPIO in Capabilities/Gpio/0), or undefined. */
  valueAt?(path: JsonPath, rng: Rng): JNode | undefined;
  /** A member worth adding to the object at this path, or undefined. */
  memberAt?(path: JsonPath, rng: Rng): [string, JNode] | undefined;
}

const GENERIC_STRINGS = ['', ' ', '$', '$$', '{', 'null', 'true', '0', '-1', 'a'.repeat(64), '\u0000', '\u00e9', '\ud83d\ude00', '__proto__', 'constructor', '../x', 'C:\\x', '%s%n'];
const GENERIC_NUMBERS = ['0', '-0', '1', '-1', '2', '0.5', '1.0', '1e2', '1e999', '-1e999', '31', '32', '63', '64', '65', '127', '128', '255', '256', '65535', '65536', '2147483647', '2147483648', '4294967295', '4294967296', '9007199254740993', '1E-7'];
const RAW_TOKENS = ['NaN', 'Infinity', 'undefined', '01', '.5', '+1', '0x10', "'x'", '"\\ud800"', '"\\u0000"', '"\\x41"', '[1,]', '{"a":1,}', '// c', '/* c */ 1', '"', '{', '[', ''];

/** The sites of the tree being edited, and of a donor: listed again for each edit, into the same columns. */
const treeSites = new SiteTable();
const donorSites = new SiteTable();

/** A new root with the node at site `i` replaced (the root itself replaced: the value is the new root); `root` is not written. */
function replaceSite(root: JNode, all: SiteTable, i: number, value: JNode): JNode {
  return i === 0 ? value : replaceAtPath(root, all.indexPath(i), value);
}

/** copyPath to the node at site `i`. */
const copySite = (root: JNode, all: SiteTable, i: number): { root: JNode; node: JNode } => copyPath(root, all.indexPath(i));

/** One edit of a tree: a new root (sharing all it did not change with `root`); `root` itself is not written. */
export function mutateJson(root: JNode, rng: Rng, dict: JsonDictionary, donor?: () => JNode | undefined): JNode {
  const all = treeSites.fill(root);
  const site = rng.int(all.count);
  const roll = rng.int(100);
  if (roll < 28) return replaceSite(root, all, site, suggestedValue(all.path(site), rng, dict) ?? genericValue(rng, dict));
  if (roll < 43) return add(root, all, rng, dict);
  if (roll < 53) return remove(root, all, rng);
  if (roll < 57) return repeatMember(root, all, rng, dict);
  if (roll < 63) return rename(root, all, rng, dict);
  if (roll < 78) return replaceSite(root, all, site, nudge(all.node(site), rng, dict));
  if (roll < 83) return replaceSite(root, all, site, changeType(all.node(site), rng, dict));
  if (roll < 89) return transplant(root, all, rng);
  if (roll < 95) {
    const d = donor?.();
    if (d) {
      const from = donorSites.fill(d);
      const pick = rng.int(from.count);
      // Prefer a donor subtree from the same place in its own tree, when there is one.
      let same = -1;
      for (let j = 0; j < from.count && same < 0; j++) if (from.depth(j) === all.depth(site) && samePlace(from, j, all, site)) same = j;
      return replaceSite(root, all, site, same >= 0 && rng.chance(0.6) ? from.node(same) : from.node(pick));
    }
    return replaceSite(root, all, site, genericValue(rng, dict));
  }
  if (roll < 99) return replaceSite(root, all, site, { k: 'raw', text: rng.pick(RAW_TOKENS) });
  // Deep nesting: past the readers' nesting limit, or just under it.
  let nested: JNode = all.node(site);
  const depth = rng.pick([8, 62, 63, 64, 65, 66, 200]);
  for (let i = 0; i < depth; i++) nested = rng.chance(0.5) ? jarr([nested]) : jobj([['a', nested]]);
  return replaceSite(root, all, site, nested);
}

/**
 * Whether two sites of the same depth have the same key path, an array index matching any index (the same place in
 * two trees: Capabilities/Gpio/3 and Capabilities/Gpio/0). Compared step by step from the sites up, without the paths.
 */
function samePlace(a: SiteTable, i: number, b: SiteTable, j: number): boolean {
  for (; a.parent(i) >= 0; i = a.parent(i), j = b.parent(j)) {
    const x = a.key(i);
    const y = b.key(j);
    if (x !== y && !(typeof x === 'number' && typeof y === 'number')) return false;
  }
  return true;
}

function suggestedValue(path: JsonPath, rng: Rng, dict: JsonDictionary): JNode | undefined {
  return rng.chance(0.85) ? dict.valueAt?.(path, rng) : undefined;
}

export function genericValue(rng: Rng, dict: JsonDictionary): JNode {
  switch (rng.int(8)) {
    case 0:
    case 1:
      return jstr(rng.chance(0.7) && dict.strings.length ? rng.pick(dict.strings) : rng.pick(GENERIC_STRINGS));
    case 2:
    case 3:
      return jnum(rng.chance(0.6) && dict.numbers.length ? rng.pick(dict.numbers) : rng.pick(GENERIC_NUMBERS));
    case 4:
      return jbool(rng.chance(0.5));
    case 5:
      return jnull();
    case 6:
      return jarr(rng.chance(0.5) ? [] : [genericScalar(rng, dict)]);
    default:
      return jobj(rng.chance(0.5) || dict.keys.length === 0 ? [] : [[rng.pick(dict.keys), genericScalar(rng, dict)]]);
  }
}

function genericScalar(rng: Rng, dict: JsonDictionary): JNode {
  const v = genericValue(rng, dict);
  return v.k === 'arr' || v.k === 'obj' ? jnull() : v;
}

/** The sites whose node passes `wanted`, in the table's order. */
function sitesWhere(all: SiteTable, wanted: (i: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < all.count; i++) if (wanted(i)) out.push(i);
  return out;
}

const isContainer = (n: JNode): boolean => n.k === 'obj' || n.k === 'arr';

function add(root: JNode, all: SiteTable, rng: Rng, dict: JsonDictionary): JNode {
  const targets = sitesWhere(all, (i) => isContainer(all.node(i)));
  if (targets.length === 0) return root;
  const site = rng.pick(targets);
  const node = all.node(site);
  if (node.k === 'obj') {
    const suggestion = rng.chance(0.8) ? dict.memberAt?.(all.path(site), rng) : undefined;
    const key = suggestion?.[0] ?? (dict.keys.length && rng.chance(0.8) ? rng.pick(dict.keys) : rng.pick(GENERIC_STRINGS));
    const value = suggestion?.[1] ?? suggestedValue([...all.path(site), key], rng, dict) ?? genericValue(rng, dict);
    const at = rng.int(node.m.length + 1);
    const copy = copySite(root, all, site);
    (copy.node as JNode & { k: 'obj' }).m.splice(at, 0, [key, value]);
    return copy.root;
  } else if (node.k === 'arr') {
    const value = node.a.length > 0 && rng.chance(0.4) ? rng.pick(node.a) : (suggestedValue([...all.path(site), node.a.length], rng, dict) ?? genericValue(rng, dict));
    const at = rng.int(node.a.length + 1);
    const copy = copySite(root, all, site);
    (copy.node as JNode & { k: 'arr' }).a.splice(at, 0, value);
    return copy.root;
  }
  return root;
}

/** Removes the member or item at a site (not the root): a new root. */
function removeAt(root: JNode, all: SiteTable, site: number): JNode {
  const copy = copySite(root, all, all.parent(site));
  if (copy.node.k === 'obj') copy.node.m.splice(all.index(site), 1);
  else if (copy.node.k === 'arr') copy.node.a.splice(all.index(site), 1);
  return copy.root;
}

function remove(root: JNode, all: SiteTable, rng: Rng): JNode {
  // Every site but the root (site 0) has a parent.
  if (all.count <= 1) return root;
  return removeAt(root, all, 1 + rng.int(all.count - 1));
}

const objectMembers = (all: SiteTable): number[] => sitesWhere(all, (i) => all.parentNode(i)?.k === 'obj');

function repeatMember(root: JNode, all: SiteTable, rng: Rng, dict: JsonDictionary): JNode {
  const members = objectMembers(all);
  if (members.length === 0) return root;
  const site = rng.pick(members);
  const parent = all.parentNode(site) as JNode & { k: 'obj' };
  const [key, value] = parent.m[all.index(site)]!;
  const repeated = rng.chance(0.5) ? value : (suggestedValue(all.path(site), rng, dict) ?? genericValue(rng, dict));
  const at = rng.int(parent.m.length + 1);
  const copy = copySite(root, all, all.parent(site));
  (copy.node as JNode & { k: 'obj' }).m.splice(at, 0, [key, repeated]);
  return copy.root;
}

function rename(root: JNode, all: SiteTable, rng: Rng, dict: JsonDictionary): JNode {
  const members = objectMembers(all);
  if (members.length === 0) return root;
  const site = rng.pick(members);
  const key = (all.parentNode(site) as JNode & { k: 'obj' }).m[all.index(site)]![0];
  let renamed: string;
  switch (rng.int(5)) {
    case 0:
      renamed = key.toLowerCase() === key ? key.toUpperCase() : key.toLowerCase();
      break;
    case 1:
      renamed = rng.pick(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' ' + key, key + ' ']);
      break;
    default:
      if (!dict.keys.length) return root;
      renamed = rng.pick(dict.keys);
  }
  const copy = copySite(root, all, all.parent(site));
  const members2 = (copy.node as JNode & { k: 'obj' }).m;
  const index = all.index(site);
  members2[index] = [renamed, members2[index]![1]];
  return copy.root;
}

function nudge(node: JNode, rng: Rng, dict: JsonDictionary): JNode {
  switch (node.k) {
    case 'num': {
      const n = Number(node.raw);
      switch (rng.int(6)) {
        case 0:
          return jnum(n + 1);
        case 1:
          return jnum(n - 1);
        case 2:
          return jnum(-n);
        case 3:
          return jnum(n * 2);
        case 4:
          return jnum(String(rng.pick(INTERESTING_U32)));
        default:
          return jnum(rng.pick([...GENERIC_NUMBERS, ...dict.numbers]));
      }
    }
    case 'str': {
      const s = node.v;
      const chars = [...s];
      switch (rng.int(8)) {
        case 0:
          return jstr(s.slice(0, rng.int(s.length + 1)));
        case 1:
          return jstr(s + rng.pick(['x', ' ', '\u00e9', '\ud83d\ude00', '0', '}', '$', s]));
        case 2:
          return jstr(s.toUpperCase());
        case 3:
          return jstr(s.toLowerCase());
        case 4:
          return jstr(s.startsWith('$') ? s.slice(1) : '$' + s);
        case 5: {
          if (chars.length === 0) return jstr('x');
          const i = rng.int(chars.length);
          chars[i] = String.fromCharCode(rng.int(0x80));
          return jstr(chars.join(''));
        }
        case 6:
          return jstr(`{${s}}`);
        default:
          return jstr(s.repeat(rng.range(2, 8)));
      }
    }
    case 'lit':
      return node.raw === 'true' ? jbool(false) : node.raw === 'false' ? jbool(true) : jbool(rng.chance(0.5));
    case 'arr':
      if (node.a.length > 1 && rng.chance(0.5)) {
        const i = rng.int(node.a.length);
        const j = rng.int(node.a.length);
        const a = node.a.slice();
        [a[i], a[j]] = [a[j]!, a[i]!];
        return jarr(a);
      }
      return node.a.length > 0 && rng.chance(0.5) ? node.a[0]! : jarr([]);
    case 'obj':
      return node.m.length > 1 ? jobj(node.m.slice().reverse()) : node;
    default:
      return jnull();
  }
}

function changeType(node: JNode, rng: Rng, dict: JsonDictionary): JNode {
  switch (node.k) {
    case 'num':
      return rng.chance(0.5) ? jstr(node.raw) : jarr([node]);
    case 'str':
      return /^-?\d+$/.test(node.v) && rng.chance(0.5) ? jnum(node.v) : rng.chance(0.5) ? jarr([node]) : jobj([[node.v, jbool(true)]]);
    case 'arr':
      return node.a.length > 0 && rng.chance(0.5) ? node.a[0]! : jobj(node.a.map((v, i) => [String(i), v]));
    case 'obj':
      return rng.chance(0.5) ? jarr(node.m.map(([, v]) => v)) : node.m.length > 0 ? jstr(node.m[0]![0]) : jnull();
    default:
      return genericValue(rng, dict);
  }
}

/** Copies or moves a subtree to another place in the same tree (a copy shares the subtree). */
function transplant(root: JNode, all: SiteTable, rng: Rng): JNode {
  const from = rng.int(all.count);
  const to = rng.int(all.count);
  if (from === to || to === 0) return root;
  const moved = all.node(from);
  if (rng.chance(0.5) && from !== 0 && !isAncestor(all, from, to)) {
    const without = removeAt(root, all, from);
    // `to` as a place in the tree without `from`: an item after `from` in the same container moved up by one,
    // whether it is `to` itself or a container on the way to it. Sites are places (one per position, so a
    // subtree shared at two places is two sites), compared by number.
    const path = all.indexPath(to);
    for (let s = to; s !== 0; s = all.parent(s)) {
      if (all.parent(s) === all.parent(from)) {
        const level = all.depth(s) - 1;
        if (all.index(from) < path[level]!) path[level]! -= 1;
        break;
      }
    }
    return replaceAtPath(without, path, moved);
  }
  return replaceSite(root, all, to, moved);
}

/** Whether site a's key path is a prefix of site b's (by keys, as the paths compare: a repeated key is the same step). */
function isAncestor(all: SiteTable, a: number, b: number): boolean {
  const da = all.depth(a);
  if (da > all.depth(b)) return false;
  let s = b;
  for (let d = all.depth(b); d > da; d--) s = all.parent(s);
  // s is b's ancestor (or b) at a's depth: compare the steps from there up.
  for (let x = a; x !== 0; x = all.parent(x), s = all.parent(s)) if (all.key(x) !== all.key(s)) return false;
  return true;
}

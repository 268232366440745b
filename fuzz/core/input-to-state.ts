/**
 * Input-to-state replacement (Redqueen's name for it): the code compared x with y, and the input holds x
 * somewhere, so write y there. Works on any target's structure, generically: it walks plain objects, arrays,
 * Maps (keys too) and byte arrays, and finds x as a number field, a text field (whole or inside it, a JSON
 * number's spelling included), or inside bytes (a u8, u16, u32 or u64 in either byte order, or a UTF-8 string).
 * The structure's encoder then writes lengths and signatures again, so the replaced value reaches the
 * comparison it came from, however deep behind a signature it sits.
 */
import type { Rng } from './rng.js';

export interface Comparison {
  a: number | string | bigint;
  b: number | string | bigint;
}

type Operand = Comparison['a'];

interface Site {
  /** The value there now. */
  value: unknown;
  set(v: unknown): void;
}

const utf8 = new TextEncoder();
/**
 * Properties that are not input values, never replaced: which kind of node or which key a structure means
 * ('k', 'signer', 'signing'), and the JSON targets' print layout ('style': indent, line ending). A compared
 * number written as the indent (2 → 65536, a length compared somewhere) made one input of hundreds of
 * megabytes, printed and encoded only to be refused by its size: a quarter of update-design's fuzzing time.
 */
const NOT_INPUT_VALUES = new Set(['k', 'signer', 'signing', 'style']);

/**
 * Where a value sits: the container and the key in it (for a Map key, the key itself), and where that container
 * sits in turn, up to the root. A write copies every container on that way (copy-on-write): a structure may
 * share its nodes with its parent, a corpus entry (the JSON targets' clone shares the whole tree, see
 * core/json-mutate.ts), and a write in place would change the entry, and every mutant made of it after.
 */
interface Place {
  kind: 'root' | 'item' | 'mapValue' | 'mapKey';
  container: unknown;
  key: unknown;
  up: Place | undefined;
}

/**
 * A shallow copy of a container, of the same kind (an array, a Map, an object with its prototype). A plain object
 * is copied by a spread, which V8 gives the source's shape: a JSON node made by Object.create and Object.assign
 * had a shape of its own, and every node of that shape made the printer's and the walker's property reads slower.
 */
function copyOf(container: unknown): unknown {
  if (Array.isArray(container)) return container.slice();
  if (container instanceof Map) return new Map(container);
  const proto = Object.getPrototypeOf(container) as object | null;
  if (proto === Object.prototype) return { ...(container as object) };
  return Object.assign(Object.create(proto) as object, container);
}

/** Writes `v` at a place: the containers on the way copied, the root written last (holder.value). Nothing shared is written. */
function writeAt(holder: { value: unknown }, place: Place, v: unknown): void {
  switch (place.kind) {
    case 'root':
      holder.value = v;
      return;
    case 'mapKey': {
      // A key replaced in its place: the entries after it stay behind it.
      const map = place.container as Map<unknown, unknown>;
      const copy = new Map<unknown, unknown>();
      for (const [kk, vv] of map) copy.set(kk === place.key ? v : kk, vv);
      writeAt(holder, place.up!, copy);
      return;
    }
    case 'mapValue': {
      const copy = new Map(place.container as Map<unknown, unknown>);
      copy.set(place.key, v);
      writeAt(holder, place.up!, copy);
      return;
    }
    default: {
      const copy = copyOf(place.container) as Record<PropertyKey, unknown>;
      copy[place.key as PropertyKey] = v;
      writeAt(holder, place.up!, copy);
    }
  }
}

/**
 * The sites of a structure whose value passes `wanted` (every leaf when it is absent), each with a setter.
 * The setter is made only for a site that is kept: replaceCompared keeps the few that hold an operand, and
 * a closure for every node of a design file or hardware definition, made for every comparison written, was
 * most of what input-to-state cost (and of the garbage it left). A container met twice (a subtree the mutator
 * shared between two places) is two places, as in a tree (a structure's unfolded size is bounded by its input's,
 * which the engine bounds; the depth limit stops a cycle). A byte field met twice is one site, as it always was.
 */
function sites(root: { value: unknown }, wanted?: (value: unknown) => boolean, setters = true): Site[] {
  const out: Site[] = [];
  let seenBytes: Set<unknown> | undefined;
  // The way down to the value being visited, one frame per level, reused; a site that is kept gets a chain of
  // places (placeAt), made from the frames and shared with the sites kept before it as far as the frames are the
  // same (`made` places are still true up to `valid`). A place made for every node was most of the walk's garbage.
  const frames: { kind: Place['kind']; container: unknown; key: unknown }[] = [];
  const made: Place[] = [{ kind: 'root', container: undefined, key: undefined, up: undefined }];
  let valid = 0;
  const placeAt = (depth: number): Place => {
    for (let d = valid + 1; d <= depth; d++) {
      const f = frames[d]!;
      made[d] = { kind: f.kind, container: f.container, key: f.key, up: made[d - 1] };
    }
    valid = depth;
    return made[depth]!;
  };
  const visit = (value: unknown, kind: Place['kind'], container: unknown, key: unknown, depth: number): void => {
    if (depth > 40) return;
    if (value === null || value === undefined || typeof value === 'boolean' || typeof value === 'function') return;
    if (depth > 0) {
      const frame = (frames[depth] ??= { kind, container, key });
      frame.kind = kind;
      frame.container = container;
      frame.key = key;
      if (valid >= depth) valid = depth - 1;
    }
    if (typeof value === 'object') {
      if (value instanceof Uint8Array) {
        if (seenBytes?.has(value)) return;
        (seenBytes ??= new Set()).add(value);
      } else {
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) visit(value[i], 'item', value, i, depth + 1);
        } else if (value instanceof Map) {
          for (const [k, v] of [...value]) {
            visit(v, 'mapValue', value, k, depth + 1);
            visit(k, 'mapKey', value, k, depth + 1);
          }
        } else {
          for (const k of Object.keys(value)) if (!NOT_INPUT_VALUES.has(k)) visit((value as Record<string, unknown>)[k], 'item', value, k, depth + 1);
        }
        return;
      }
    }
    // A number, string, bigint or byte field.
    if (!wanted || wanted(value)) {
      if (!setters) out.push({ value, set: readOnly });
      else {
        const place = placeAt(depth);
        out.push({ value, set: (v) => writeAt(root, place, v) });
      }
    }
  };
  visit(root.value, 'root', undefined, undefined, 0);
  return out;
}

const readOnly = (): void => {
  throw new Error('input-to-state: a site listed for reading only was written');
};

/** The fixed-width encodings of an integer, in both byte orders, that `width` bytes can hold. */
function integerEncodings(n: bigint, width: 1 | 2 | 4 | 8): { le: Uint8Array; be: Uint8Array } | undefined {
  const bits = BigInt(8 * width);
  if (n < -(1n << (bits - 1n)) || n >= 1n << bits) return undefined;
  const u = BigInt.asUintN(8 * width, n);
  const le = new Uint8Array(width);
  for (let i = 0; i < width; i++) le[i] = Number((u >> BigInt(8 * i)) & 0xffn);
  return { le, be: le.slice().reverse() };
}

const asBigInt = (v: Operand): bigint | undefined => {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  return undefined;
};

/**
 * Where `needle` starts in `haystack` (overlapping matches too), at most `limit` of them. Node's native search:
 * an input that does not decode is its own structure, its bytes, and the comparison pass asks about up to 512
 * comparisons per step, each as seven integer encodings; a byte-by-byte loop over inputs of 10–25 KB
 * (requirement-profile) was a fifth of the engine's time.
 */
function indexesOf(haystack: Uint8Array, needle: Uint8Array, limit = Infinity): number[] {
  const out: number[] = [];
  if (needle.length === 0 || needle.length > haystack.length) return out;
  const hay = Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength);
  for (let at = hay.indexOf(needle); at >= 0 && out.length < limit; at = hay.indexOf(needle, at + 1)) out.push(at);
  return out;
}

/**
 * One direction of a comparison (write `to` where the input holds `from`), with what every site needs worked
 * out once: the operands as big integers and as text, and, when a byte site asks, their fixed-width encodings
 * and UTF-8 bytes (BigInt arithmetic per site and width was a tenth of the loop's time).
 */
class Direction {
  readonly fromBig: bigint | undefined;
  readonly toBig: bigint | undefined;
  readonly fromText: string;
  readonly toText: string;
  private encodings?: { from: Uint8Array; to: Uint8Array }[];
  private utf8?: { from: Uint8Array; to: Uint8Array };

  constructor(
    readonly from: Operand,
    readonly to: Operand,
  ) {
    this.fromBig = asBigInt(from);
    this.toBig = asBigInt(to);
    this.fromText = String(from);
    this.toText = String(to);
  }

  /** Where bytes may hold `from` as an integer: u8, then u16, u32, u64, little-endian before big-endian. */
  integerBytes(): { from: Uint8Array; to: Uint8Array }[] {
    if (this.encodings) return this.encodings;
    const out: { from: Uint8Array; to: Uint8Array }[] = [];
    if (this.fromBig !== undefined && this.toBig !== undefined) {
      for (const width of [1, 2, 4, 8] as const) {
        const ef = integerEncodings(this.fromBig, width);
        const et = integerEncodings(this.toBig, width);
        if (!ef || !et) continue;
        out.push({ from: ef.le, to: et.le });
        if (width > 1) out.push({ from: ef.be, to: et.be });
      }
    }
    return (this.encodings = out);
  }

  textBytes(): { from: Uint8Array; to: Uint8Array } {
    return (this.utf8 ??= { from: utf8.encode(this.fromText), to: utf8.encode(this.toText) });
  }
}

/**
 * Both directions of each comparison written into a structure, made once: the random writes ask about the same
 * ones again and again. Only a comparison that is written is remembered (see comparisonApplies).
 */
const directionsOf = new WeakMap<Comparison, [Direction, Direction]>();
function directions(c: Comparison): [Direction, Direction] {
  let both = directionsOf.get(c);
  if (!both) directionsOf.set(c, (both = [new Direction(c.a, c.b), new Direction(c.b, c.a)]));
  return both;
}

/**
 * Every way `from` shows in the value at a site, each as a function making the value with `to` written there
 * instead: one of them is picked, so only that one copy of a byte field is made.
 */
function replacementsAt(value: unknown, d: Direction): (() => unknown)[] {
  const out: (() => unknown)[] = [];
  if (typeof value === 'number' || typeof value === 'bigint') {
    const v = typeof value === 'bigint' ? value : Number.isSafeInteger(value) ? BigInt(value) : undefined;
    if (v !== undefined && d.fromBig !== undefined && d.toBig !== undefined && v === d.fromBig) {
      const t = d.toBig;
      out.push(typeof value === 'number' ? () => Number(t) : () => t);
    } else if (typeof value === 'number' && value === d.from && typeof d.to === 'number') {
      const t = d.to;
      out.push(() => t);
    }
    return out;
  }
  if (typeof value === 'string') {
    if (value === d.fromText) out.push(() => d.toText);
    else if (d.fromText.length >= 2) {
      const at = value.indexOf(d.fromText);
      if (at >= 0) out.push(() => value.slice(0, at) + d.toText + value.slice(at + d.fromText.length));
    }
    return out;
  }
  if (value instanceof Uint8Array) {
    if (d.fromBig !== undefined && d.toBig !== undefined) {
      for (const e of d.integerBytes()) {
        for (const at of indexesOf(value, e.from, 4)) {
          out.push(() => {
            const copy = value.slice();
            copy.set(e.to, at);
            return copy;
          });
        }
      }
    } else if (typeof d.from === 'string' && typeof d.to === 'string') {
      const { from: fb, to: tb } = d.textBytes();
      for (const at of indexesOf(value, fb, 4)) {
        out.push(() => {
          const copy = new Uint8Array(value.length - fb.length + tb.length);
          copy.set(value.subarray(0, at));
          copy.set(tb, at);
          copy.set(value.subarray(at + fb.length), at + tb.length);
          return copy;
        });
      }
    }
  }
  return out;
}

/** Whether replacementsAt(value, d) would find anything, without making the replaced copies. */
function appliesAt(value: unknown, d: Direction): boolean {
  if (typeof value === 'number' || typeof value === 'bigint') {
    const v = typeof value === 'bigint' ? value : Number.isSafeInteger(value) ? BigInt(value) : undefined;
    if (v !== undefined && d.fromBig !== undefined && d.toBig !== undefined && v === d.fromBig) return true;
    return typeof value === 'number' && value === d.from && typeof d.to === 'number';
  }
  if (typeof value === 'string') return value === d.fromText || (d.fromText.length >= 2 && value.includes(d.fromText));
  if (value instanceof Uint8Array) {
    if (d.fromBig !== undefined && d.toBig !== undefined) return d.integerBytes().some((e) => indexesOf(value, e.from, 1).length > 0);
    if (typeof d.from === 'string' && typeof d.to === 'string') return indexesOf(value, d.textBytes().from, 1).length > 0;
  }
  return false;
}

/**
 * Writes one comparison's other operand where the structure holds one of them (either side may be the
 * input's). Returns whether anything was written. `holder.value` is the structure (or the input bytes).
 */
export function replaceCompared(holder: { value: unknown }, comparison: Comparison, rng: Rng): boolean {
  const both = directions(comparison);
  // Only the sites that hold an operand (appliesAt is replacementsAt without making anything).
  const holding = sites(holder, (value) => appliesAt(value, both[0]) || appliesAt(value, both[1]));
  const options: { site: Site; make: () => unknown }[] = [];
  for (const d of both) {
    for (const site of holding) for (const make of replacementsAt(site.value, d)) options.push({ site, make });
  }
  if (!options.length) return false;
  const choice = rng.pick(options);
  choice.site.set(choice.make());
  return true;
}

/**
 * What a structure holds, indexed for the question "does it hold this operand anywhere?": its integers (as big
 * integers) and other numbers in sets, its texts in a set and joined into one string (a substring search is one
 * native search, not one per text), its byte fields as they are. The comparison pass asks that question for
 * hundreds of logged comparisons per input, against design files of thousands of sites.
 */
interface SiteIndex {
  bigints: Set<bigint>;
  numbers: Set<number>;
  texts: Set<string>;
  joined: string;
  bytes: Uint8Array[];
}

/** Between the texts in SiteIndex.joined: an operand containing it is looked for text by text instead. */
const JOIN = '\u0000';

function siteIndex(structure: unknown): SiteIndex {
  const index: SiteIndex = { bigints: new Set(), numbers: new Set(), texts: new Set(), joined: '', bytes: [] };
  const texts: string[] = [];
  for (const { value } of sites({ value: structure }, undefined, false)) {
    if (typeof value === 'number') {
      index.numbers.add(value);
      if (Number.isSafeInteger(value)) index.bigints.add(BigInt(value));
    } else if (typeof value === 'bigint') index.bigints.add(value);
    else if (typeof value === 'string') {
      index.texts.add(value);
      texts.push(value);
    } else if (value instanceof Uint8Array) index.bytes.push(value);
  }
  index.joined = texts.join(JOIN);
  return index;
}

/** Whether appliesAt(v, d) holds for some site value v of the index. */
function appliesInIndex(index: SiteIndex, d: Direction): boolean {
  if (d.fromBig !== undefined && d.toBig !== undefined && index.bigints.has(d.fromBig)) return true;
  if (typeof d.from === 'number' && typeof d.to === 'number' && index.numbers.has(d.from)) return true;
  if (index.texts.has(d.fromText)) return true;
  if (d.fromText.length >= 2) {
    if (!d.fromText.includes(JOIN) ? index.joined.includes(d.fromText) : [...index.texts].some((t) => t.includes(d.fromText))) return true;
  }
  return index.bytes.some((b) => appliesAt(b, d));
}

/** Each corpus entry's index, made once (an entry's structure is never changed in place: its mutants copy what they change). */
const siteIndexOf = new WeakMap<object, SiteIndex>();

/**
 * Whether replaceCompared would write anything into a copy of `structure`: asked before a copy is made, since
 * most comparisons of an entry's log name values its input does not hold (the comparison pass looks at many per input).
 */
export function comparisonApplies(structure: unknown, comparison: Comparison): boolean {
  let index = typeof structure === 'object' && structure !== null ? siteIndexOf.get(structure) : undefined;
  if (!index) {
    index = siteIndex(structure);
    if (typeof structure === 'object' && structure !== null) siteIndexOf.set(structure, index);
  }
  // Not remembered here: the comparison pass asks about each logged comparison of an entry once (up to 512 per
  // input), and most of them are never written. Remembered, each left its two directions (and, for an entry that
  // is bytes, fourteen integer encodings) alive for as long as its corpus entry: most of what the young
  // generation's collections copied and promoted late in a campaign (update-design: 12 of the 16 MB still alive
  // after 3,000 inputs, by the sampling heap profiler). Made here and dropped, they die young.
  const both = directionsOf.get(comparison);
  if (both) return appliesInIndex(index, both[0]) || appliesInIndex(index, both[1]);
  return appliesInIndex(index, new Direction(comparison.a, comparison.b)) || appliesInIndex(index, new Direction(comparison.b, comparison.a));
}

/** Each comparison's near misses, made once (the list is shared: read it, do not change it). */
const neighboursOf = new WeakMap<Comparison, readonly Comparison[]>();

/**
 * Near misses of an ordering: one either side of the compared value, where bounds checks go wrong. The same
 * objects each time for the same comparison, so that their directions (and integer encodings) are worked out
 * once: made afresh for every input-to-state write, they were a tenth of its time.
 */
export function neighbours(c: Comparison): readonly Comparison[] {
  const known = neighboursOf.get(c);
  if (known) return known;
  const out: Comparison[] = [c];
  for (const [x, y] of [[c.a, c.b], [c.b, c.a]] as const) {
    if (typeof y === 'number' && Number.isSafeInteger(y)) out.push({ a: x, b: y + 1 }, { a: x, b: y - 1 });
    if (typeof y === 'bigint') out.push({ a: x, b: y + 1n }, { a: x, b: y - 1n });
  }
  neighboursOf.set(c, out);
  return out;
}

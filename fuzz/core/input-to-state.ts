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
/** Properties that say which kind of node or which key a structure means, not input values: never replaced. */
const DISCRIMINANTS = new Set(['k', 'signer', 'signing']);

function sites(root: { value: unknown }): Site[] {
  const out: Site[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, set: (v: unknown) => void, depth: number): void => {
    if (depth > 40) return;
    if (value === null || value === undefined || typeof value === 'boolean' || typeof value === 'function') return;
    if (typeof value !== 'object') {
      out.push({ value, set });
      return;
    }
    if (seen.has(value)) return;
    seen.add(value);
    if (value instanceof Uint8Array) {
      out.push({ value, set });
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, (x) => (value[i] = x), depth + 1));
      return;
    }
    if (value instanceof Map) {
      const map = value;
      for (const [k, v] of [...map]) {
        visit(v, (x) => map.set(k, x), depth + 1);
        // A key replaced in its place: the entries after it are moved behind it again.
        visit(k, (x) => {
          const entries = [...map].map(([kk, vv]) => [kk === k ? x : kk, vv] as const);
          map.clear();
          for (const [kk, vv] of entries) map.set(kk, vv);
        }, depth + 1);
      }
      return;
    }
    for (const key of Object.keys(value)) {
      if (DISCRIMINANTS.has(key)) continue;
      const obj = value as Record<string, unknown>;
      visit(obj[key], (x) => (obj[key] = x), depth + 1);
    }
  };
  visit(root.value, (v) => (root.value = v), 0);
  return out;
}

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

function indexesOf(haystack: Uint8Array, needle: Uint8Array): number[] {
  const out: number[] = [];
  if (needle.length === 0 || needle.length > haystack.length) return out;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    out.push(i);
  }
  return out;
}

/** Every way `from` shows in the value at a site, each with the value after writing `to` there instead. */
function replacementsAt(value: unknown, from: Operand, to: Operand): unknown[] {
  const out: unknown[] = [];
  if (typeof value === 'number' || typeof value === 'bigint') {
    const v = typeof value === 'bigint' ? value : Number.isSafeInteger(value) ? BigInt(value) : undefined;
    const f = asBigInt(from);
    const t = asBigInt(to);
    if (v !== undefined && f !== undefined && t !== undefined && v === f) out.push(typeof value === 'number' ? Number(t) : t);
    else if (typeof value === 'number' && value === from && typeof to === 'number') out.push(to);
    return out;
  }
  if (typeof value === 'string') {
    const f = String(from);
    const t = String(to);
    if (value === f) out.push(t);
    else if (f.length >= 2) {
      const at = value.indexOf(f);
      if (at >= 0) out.push(value.slice(0, at) + t + value.slice(at + f.length));
    }
    return out;
  }
  if (value instanceof Uint8Array) {
    const f = asBigInt(from);
    const t = asBigInt(to);
    if (f !== undefined && t !== undefined) {
      for (const width of [1, 2, 4, 8] as const) {
        const ef = integerEncodings(f, width);
        const et = integerEncodings(t, width);
        if (!ef || !et) continue;
        for (const order of ['le', 'be'] as const) {
          if (width === 1 && order === 'be') continue;
          for (const at of indexesOf(value, ef[order]).slice(0, 4)) {
            const copy = value.slice();
            copy.set(et[order], at);
            out.push(copy);
          }
        }
      }
    } else if (typeof from === 'string' && typeof to === 'string') {
      const fb = utf8.encode(from);
      const tb = utf8.encode(to);
      for (const at of indexesOf(value, fb).slice(0, 4)) {
        const copy = new Uint8Array(value.length - fb.length + tb.length);
        copy.set(value.subarray(0, at));
        copy.set(tb, at);
        copy.set(value.subarray(at + fb.length), at + tb.length);
        out.push(copy);
      }
    }
  }
  return out;
}

/**
 * Writes one comparison's other operand where the structure holds one of them (either side may be the
 * input's). Returns whether anything was written. `holder.value` is the structure (or the input bytes).
 */
export function replaceCompared(holder: { value: unknown }, comparison: Comparison, rng: Rng): boolean {
  const all = sites(holder);
  const options: { site: Site; value: unknown }[] = [];
  for (const [from, to] of [[comparison.a, comparison.b], [comparison.b, comparison.a]] as const) {
    for (const site of all) for (const value of replacementsAt(site.value, from, to)) options.push({ site, value });
  }
  if (!options.length) return false;
  const choice = rng.pick(options);
  choice.site.set(choice.value);
  return true;
}

/** Near misses of an ordering: one either side of the compared value, where bounds checks go wrong. */
export function neighbours(c: Comparison): Comparison[] {
  const out: Comparison[] = [c];
  for (const [x, y] of [[c.a, c.b], [c.b, c.a]] as const) {
    if (typeof y === 'number' && Number.isSafeInteger(y)) out.push({ a: x, b: y + 1 }, { a: x, b: y - 1 });
    if (typeof y === 'bigint') out.push({ a: x, b: y + 1n }, { a: x, b: y - 1n });
  }
  return out;
}

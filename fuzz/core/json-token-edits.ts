/**
 * Token edits of an encoded JSON input: one scalar token of a corpus entry's bytes (a key, a string, a number,
 * true, false or null) replaced in place by another, with no tree: no clone, no mutation of a tree, no printing
 * and no UTF-8 encoding of the whole text, which cost the structure-aware loop more per input than the code under
 * test of the small JSON targets (app-manifest: 27.5 µs to make an input against 40.7 µs for the reader itself).
 * The replacement is a value the target's dictionary names (its keys, strings and numbers), one the code compared
 * (the runtime dictionary), another token of the same input (an id where a reference is, a key of another
 * member), a near value (a number one off, a string edited as field-edits.ts edits names) or a literal: each a
 * well-formed JSON token, so the text stays JSON and reaches the reader's model, not its syntax errors.
 * The structural mutations (json-mutate.ts: members added, removed, moved, types changed, subtrees spliced)
 * still make the other inputs; an edited input that joins the corpus is decoded then, so it is mutated
 * structurally too.
 */
import { editText } from './field-edits.js';
import { GENERIC_NUMBERS, GENERIC_STRINGS, type JsonDictionary } from './json-mutate.js';
import { INTERESTING_U32, type Rng } from './rng.js';
import { runtimeDictionary } from './runtime-dictionary.js';

/** What a scalar token is: a member's key, or a value. */
export const TOKEN_KEY = 0;
export const TOKEN_STRING = 1;
export const TOKEN_NUMBER = 2;
export const TOKEN_LITERAL = 3;

const isSpace = (c: number | undefined): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
/** Characters of a JSON number (and of the near-numbers a mutant may hold: they are replaced whole). */
const isNumberChar = (c: number): boolean => (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d || c === 0x2b || c === 0x65 || c === 0x45;

/**
 * The scalar tokens of a JSON text, as (start, end, kind) triples of byte offsets: strings (a key when a colon
 * follows), numbers, and words starting like a literal. A scan of the bytes, not a parse: it needs no valid
 * JSON (a mutant's text may not be), and what it takes for a token in a comment or a broken text is replaced
 * like any other token.
 */
export function scalarTokens(bytes: Uint8Array): Int32Array {
  let out = new Int32Array(96);
  let count = 0;
  const push = (start: number, end: number, kind: number) => {
    if (count + 3 > out.length) {
      const grown = new Int32Array(out.length * 2);
      grown.set(out);
      out = grown;
    }
    out[count++] = start;
    out[count++] = end;
    out[count++] = kind;
  };
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const c = bytes[i]!;
    if (c === 0x22) {
      let j = i + 1;
      while (j < n && bytes[j] !== 0x22) j += bytes[j] === 0x5c ? 2 : 1;
      if (j >= n) break; // an unterminated string: nothing after it is a token
      const end = j + 1;
      let k = end;
      while (isSpace(bytes[k])) k++;
      push(i, end, bytes[k] === 0x3a ? TOKEN_KEY : TOKEN_STRING);
      i = end;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      while (j < n && isNumberChar(bytes[j]!)) j++;
      push(i, j, TOKEN_NUMBER);
      i = j;
    } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
      let j = i + 1;
      while (j < n && bytes[j]! >= 0x61 && bytes[j]! <= 0x7a) j++;
      push(i, j, TOKEN_LITERAL);
      i = j;
    } else i++;
  }
  return out.subarray(0, count);
}

/** Each corpus entry's tokens, found once (an entry's bytes are never changed: an edit makes a copy). */
const tokensOf = new WeakMap<Uint8Array, Int32Array>();

function tokens(bytes: Uint8Array): Int32Array {
  let t = tokensOf.get(bytes);
  if (!t) tokensOf.set(bytes, (t = scalarTokens(bytes)));
  return t;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A JSON string token's value, or undefined when the token is not a well-formed JSON string. */
function stringValue(token: Uint8Array): string | undefined {
  try {
    const v: unknown = JSON.parse(decoder.decode(token));
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

function numberText(rng: Rng, dict: JsonDictionary, current: string | undefined): string {
  const n = current === undefined ? NaN : Number(current);
  switch (rng.int(6)) {
    case 0:
      if (Number.isFinite(n)) return String(n + (rng.chance(0.5) ? 1 : -1));
      break;
    case 1: {
      const seen = runtimeDictionary.numbers();
      if (seen.length) return String(rng.pick(seen));
      break;
    }
    case 2:
      return String(rng.pick(INTERESTING_U32));
    case 3:
      return rng.pick(GENERIC_NUMBERS);
  }
  return dict.numbers.length ? rng.pick(dict.numbers) : rng.pick(GENERIC_NUMBERS);
}

function stringText(rng: Rng, dict: JsonDictionary, current: string | undefined, keys: boolean): string {
  const roll = rng.int(10);
  if (roll < 3 && current !== undefined) return editText(current, rng);
  if (roll < 5) {
    const seen = runtimeDictionary.strings();
    if (seen.length) return rng.pick(seen);
  }
  const list = keys ? dict.keys : dict.strings;
  if (roll < 9 && list.length) return rng.pick(list);
  return rng.pick(GENERIC_STRINGS);
}

/**
 * The bytes with one scalar token replaced (see the header), or undefined when the text holds none. A key is
 * replaced by a key (a string a colon follows), a value by a value of any kind; a quarter of the time by a
 * copy of another token of the same kind of place in the same input.
 */
export function editJsonToken(bytes: Uint8Array, rng: Rng, dict: JsonDictionary): Uint8Array | undefined {
  const all = tokens(bytes);
  const count = all.length / 3;
  if (count === 0) return undefined;
  const t = rng.int(count);
  const start = all[3 * t]!;
  const end = all[3 * t + 1]!;
  const kind = all[3 * t + 2]!;
  let replacement: Uint8Array | undefined;
  if (rng.chance(0.25)) {
    // Another token of the input, where a key stays a key and a value a value.
    const other = rng.int(count);
    if ((all[3 * other + 2] === TOKEN_KEY) === (kind === TOKEN_KEY)) replacement = bytes.subarray(all[3 * other]!, all[3 * other + 1]!);
  }
  if (!replacement) {
    const current = kind === TOKEN_KEY || kind === TOKEN_STRING ? stringValue(bytes.subarray(start, end)) : kind === TOKEN_NUMBER ? decoder.decode(bytes.subarray(start, end)) : undefined;
    let text: string;
    if (kind === TOKEN_KEY) text = JSON.stringify(stringText(rng, dict, current, true));
    else {
      // A value keeps its kind more often than not: a string stays a string, a number a number.
      const as = rng.chance(0.7) ? kind : rng.pick([TOKEN_STRING, TOKEN_NUMBER, TOKEN_LITERAL]);
      text = as === TOKEN_STRING ? JSON.stringify(stringText(rng, dict, kind === TOKEN_STRING ? current : undefined, false)) : as === TOKEN_NUMBER ? numberText(rng, dict, kind === TOKEN_NUMBER ? current : undefined) : rng.pick(['true', 'false', 'null']);
    }
    replacement = encoder.encode(text);
  }
  const out = new Uint8Array(bytes.length - (end - start) + replacement.length);
  out.set(bytes.subarray(0, start));
  out.set(replacement, start);
  out.set(bytes.subarray(end), start + replacement.length);
  return out;
}

/**
 * Character-level edits of one string or byte-string field inside a binary format (a target name, a debug
 * name, a CBOR text or byte string). Byte havoc cannot do this: it breaks the length prefix in front of the
 * field and the signature over it. These edits change the field's value only; the target's encoder writes the
 * enclosing length fields and signs again, so the edited name reaches the name validation behind them.
 *
 * The edits: insert, delete, duplicate a run, flip the case, insert or substitute a separator (path
 * components, both slashes, NUL, Unicode look-alikes), whitespace or a separator at either end (trimming,
 * padding), and insert a word the code compares or names (from the campaign's dictionary, see
 * runtime-dictionary.ts).
 */
import type { Rng } from './rng.js';
import { runtimeDictionary } from './runtime-dictionary.js';

/** Separators and look-alikes that name validators get wrong: path steps, both slashes, NUL, Unicode. */
export const SEPARATORS: readonly string[] = [
  '..',
  '/',
  '\\',
  '\u0000',
  '../',
  '/..',
  '..\\',
  '//',
  '.',
  ' ',
  '\u00a0', // no-break space
  '\u2215', // division slash, looks like '/'
  '\uff0f', // fullwidth solidus
  '\u2024\u2024', // one-dot leaders, look like '..'
  '\u00e9', // é: two UTF-8 bytes
  '\u0130', // İ: upper case whose lower case is longer
  '\u202e', // right-to-left override
  '\ud83d\ude00', // an astral character: four UTF-8 bytes, two UTF-16 units
  '%2e%2e',
  ':',
];

/** What trimming, padding and line handling treat specially at either end of a name. */
export const EDGE_WHITESPACE: readonly string[] = [' ', '\t', '\n', '\r', '\u00a0', '\u2028', '\ufeff', '\u0000'];

export type TextEdit = 'insert' | 'delete' | 'duplicate' | 'case' | 'separator' | 'substitute' | 'word' | 'edge';
const TEXT_EDITS: readonly TextEdit[] = ['insert', 'delete', 'duplicate', 'case', 'separator', 'substitute', 'word', 'edge'];

/** One edit (or a named one) of a text field, by code point, so that surrogate pairs stay whole unless an edit splits them on purpose. */
export function editText(text: string, rng: Rng, edit: TextEdit = rng.pick(TEXT_EDITS)): string {
  const cps = Array.from(text);
  const at = rng.int(cps.length + 1);
  const run = () => Math.min(cps.length - Math.min(at, cps.length), rng.geometric(8));
  switch (edit) {
    case 'insert':
      cps.splice(at, 0, rng.chance(0.5) && cps.length ? rng.pick(cps) : String.fromCharCode(rng.chance(0.8) ? 0x20 + rng.int(95) : rng.int(0x3000)));
      break;
    case 'delete':
      if (cps.length) cps.splice(Math.min(at, cps.length - 1), Math.max(1, run()));
      break;
    case 'duplicate': {
      const from = rng.int(cps.length);
      cps.splice(at, 0, ...cps.slice(from, from + rng.geometric(16)));
      break;
    }
    case 'case': {
      if (!cps.length) break;
      if (rng.chance(0.2)) return rng.chance(0.5) ? text.toUpperCase() : text.toLowerCase();
      const i = Math.min(at, cps.length - 1);
      const c = cps[i]!;
      cps[i] = c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase();
      break;
    }
    case 'separator':
      cps.splice(at, 0, rng.pick(SEPARATORS));
      break;
    case 'substitute':
      if (cps.length) cps[Math.min(at, cps.length - 1)] = rng.pick(SEPARATORS);
      else cps.push(rng.pick(SEPARATORS));
      break;
    case 'word': {
      const words = runtimeDictionary.strings();
      const word = words.length && rng.chance(0.8) ? rng.pick(words) : rng.pick(SEPARATORS);
      if (rng.chance(0.3)) return word;
      cps.splice(at, 0, word);
      break;
    }
    case 'edge': {
      // Leading or trailing whitespace or a separator: what trim(), padding and "ends with" checks see.
      const pad = rng.chance(0.6) ? rng.pick(EDGE_WHITESPACE) : rng.pick(SEPARATORS);
      return rng.chance(0.5) ? pad + text : text + pad;
    }
  }
  return cps.join('');
}

const utf8Encoder = new TextEncoder();

/** One edit of a byte-string field: the same edits on bytes (a separator or word as its UTF-8 bytes), plus a flipped bit. */
export function editBytes(bytes: Uint8Array, rng: Rng, edit: TextEdit | 'flip' = rng.pick([...TEXT_EDITS, 'flip'] as const)): Uint8Array {
  const b = Array.from(bytes);
  const at = rng.int(b.length + 1);
  switch (edit) {
    case 'insert':
      b.splice(at, 0, rng.chance(0.5) && b.length ? rng.pick(b) : rng.int(256));
      break;
    case 'delete':
      if (b.length) b.splice(Math.min(at, b.length - 1), rng.geometric(8));
      break;
    case 'duplicate': {
      const from = rng.int(b.length);
      b.splice(at, 0, ...b.slice(from, from + rng.geometric(16)));
      break;
    }
    case 'case': {
      const letters = b.map((x, i) => ((x | 0x20) >= 0x61 && (x | 0x20) <= 0x7a ? i : -1)).filter((i) => i >= 0);
      if (letters.length) b[rng.pick(letters)]! ^= 0x20;
      break;
    }
    case 'separator':
      b.splice(at, 0, ...utf8Encoder.encode(rng.pick(SEPARATORS)));
      break;
    case 'substitute':
      b.splice(Math.min(at, Math.max(0, b.length - 1)), b.length ? 1 : 0, ...utf8Encoder.encode(rng.pick(SEPARATORS)));
      break;
    case 'word': {
      const words = runtimeDictionary.strings();
      b.splice(at, 0, ...utf8Encoder.encode(words.length && rng.chance(0.8) ? rng.pick(words) : rng.pick(SEPARATORS)));
      break;
    }
    case 'edge': {
      const pad = utf8Encoder.encode(rng.chance(0.6) ? rng.pick(EDGE_WHITESPACE) : rng.pick(SEPARATORS));
      return rng.chance(0.5) ? Uint8Array.from([...pad, ...b]) : Uint8Array.from([...b, ...pad]);
    }
    case 'flip':
      if (b.length) b[Math.min(at, b.length - 1)]! ^= 1 << rng.int(8);
      break;
  }
  return Uint8Array.from(b);
}

/** An edit of a fixed-size field: the edited bytes cut or zero-padded back to the field's size. */
export function editFixedBytes(bytes: Uint8Array, rng: Rng): Uint8Array {
  const edited = editBytes(bytes, rng);
  const out = new Uint8Array(bytes.length);
  out.set(edited.subarray(0, bytes.length));
  return out;
}

/** Several stacked edits of a text, bounded in code points (a field's own limit and a little past it). */
export function editTextField(text: string, rng: Rng, maxChars: number): string {
  let out = text;
  const n = rng.geometric(3);
  for (let i = 0; i < n; i++) out = editText(out, rng);
  const cps = Array.from(out);
  return cps.length > maxChars ? cps.slice(0, maxChars).join('') : out;
}

/**
 * A JSON tree's input bytes: printJsonTree's text (core/json-tree.ts) as UTF-8, written straight into bytes, with
 * the bytes of every container it writes remembered. Every input a JSON target makes is encoded, and a mutant
 * shares all but the path it edits with its parent (copy-on-write, core/json-mutate.ts), so its unchanged
 * subtrees are copied from the bytes they had in the parent's input rather than printed and encoded again: printing
 * a 13 KB platform design and encoding the text took 300–400 µs per input, a tenth of the engine's time on it.
 *
 * What is remembered is a view into the input that first printed the container (no copy), held by the container
 * itself under a property no one else sees (a symbol, not enumerable: a spread or Object.keys does not meet it,
 * so input-to-state neither walks it nor copies it into the copies it writes). A WeakMap by node held them first:
 * its entries made the garbage collector's work twice what it was (25 % of update-design's engine time, from 14 %).
 * The input's bytes are never written, and no tree is written in place once it is encoded (the mutators and
 * input-to-state copy what they change; shrinkJson and the hardware definition's own edits write into copies made
 * for the purpose): a node written in place after being encoded would be encoded as it was. Per layout (indent
 * and line ending) a container keeps the level of its first print there: a subtree moved to another depth, or
 * shared at two, is printed again at the other.
 */
import { PRETTY, type JNode, type PrintStyle } from './json-tree.js';

interface Printed {
  /** The indent unit and line ending ('' for one line). */
  layout: string;
  /** The nesting level it was printed at (its line breaks' indentation); any level in a one-line layout. */
  level: number;
  bytes: Uint8Array;
  /** The same container in another layout. */
  other: Printed | undefined;
}

const PRINTED = Symbol('printed bytes');
type Remembering = JNode & { [PRINTED]?: Printed };

function printedIn(n: JNode, layout: string): Printed | undefined {
  for (let p = (n as Remembering)[PRINTED]; p !== undefined; p = p.other) if (p.layout === layout) return p;
  return undefined;
}

function remember(n: JNode, layout: string, level: number, bytes: Uint8Array): void {
  const other = (n as Remembering)[PRINTED];
  const p: Printed = { layout, level, bytes, other };
  if (other === undefined) Object.defineProperty(n, PRINTED, { value: p, writable: true, configurable: true, enumerable: false });
  else (n as Remembering)[PRINTED] = p;
}

/** A container shorter than this is printed again each time: remembering it costs more than writing it. */
const REMEMBER_FROM_BYTES = 24;

/** Quoted strings and number or literal texts as UTF-8, remembered as printJsonTree remembers its quotes (core/json-tree.ts). */
const quotedBytes = new Map<string, Uint8Array>();
const rawBytes = new Map<string, Uint8Array>();
const TEXT_CACHE_SIZE = 8192;
const TEXT_CACHE_LONGEST = 1024;

const encoder = new TextEncoder();

function cachedUtf8(cache: Map<string, Uint8Array>, key: string, text: () => string): Uint8Array {
  let b = cache.get(key);
  if (b === undefined) {
    b = encoder.encode(text());
    if (key.length <= TEXT_CACHE_LONGEST) {
      if (cache.size >= TEXT_CACHE_SIZE) cache.clear();
      cache.set(key, b);
    }
  }
  return b;
}

const quotedUtf8 = (s: string): Uint8Array => cachedUtf8(quotedBytes, s, () => JSON.stringify(s));
const rawUtf8 = (s: string): Uint8Array => cachedUtf8(rawBytes, s, () => s);

const BOM = encoder.encode('\ufeff');
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const COMMA = 0x2c;
const COLON = 0x3a;
const SPACE = 0x20;

/** The buffer every encoding is written into (then copied out at its length); dropped when an input made it large. */
let buf = new Uint8Array(1 << 16);
const KEEP_BUFFER_BYTES = 1 << 20;

export function encodeJsonTree(root: JNode, style: PrintStyle = PRETTY): Uint8Array {
  const unit = style.indent === '\t' ? '\t' : ' '.repeat(style.indent);
  const multiline = unit !== '';
  const layout = multiline ? unit + style.eol : '';
  const breaks: Uint8Array[] = [];
  const lineBreak = (level: number): Uint8Array => (breaks[level] ??= encoder.encode(style.eol + unit.repeat(level)));

  let len = 0;
  const room = (extra: number): void => {
    if (len + extra <= buf.length) return;
    const grown = new Uint8Array(Math.max(buf.length * 2, len + extra));
    grown.set(buf.subarray(0, len));
    buf = grown;
  };
  const byte = (b: number): void => {
    room(1);
    buf[len++] = b;
  };
  const bytes = (b: Uint8Array): void => {
    room(b.length);
    if (b.length < 16) for (let i = 0; i < b.length; i++) buf[len + i] = b[i]!;
    else buf.set(b, len);
    len += b.length;
  };
  // The containers printed here, to remember once the input's bytes are made: node, level, start, end.
  const fresh: (JNode | number)[] = [];

  const write = (n: JNode, level: number): void => {
    switch (n.k) {
      case 'str':
        return bytes(quotedUtf8(n.v));
      case 'num':
      case 'lit':
        return bytes(rawUtf8(n.raw));
      case 'raw':
        return bytes(n.text.length <= 64 ? rawUtf8(n.text) : encoder.encode(n.text));
    }
    const isArr = n.k === 'arr';
    const count = isArr ? n.a.length : n.m.length;
    if (count === 0) {
      byte(isArr ? OPEN_ARR : OPEN_OBJ);
      byte(isArr ? CLOSE_ARR : CLOSE_OBJ);
      return;
    }
    const known = printedIn(n, layout);
    if (known !== undefined && (!multiline || known.level === level)) return bytes(known.bytes);
    const start = len;
    byte(isArr ? OPEN_ARR : OPEN_OBJ);
    for (let i = 0; i < count; i++) {
      if (multiline) bytes(lineBreak(level + 1));
      if (isArr) write(n.a[i]!, level + 1);
      else {
        const [key, v] = n.m[i]!;
        bytes(quotedUtf8(key));
        byte(COLON);
        if (multiline) byte(SPACE);
        write(v, level + 1);
      }
      if (i < count - 1) byte(COMMA);
    }
    if (multiline) bytes(lineBreak(level));
    byte(isArr ? CLOSE_ARR : CLOSE_OBJ);
    // A container met before at another level keeps the bytes of that one (its parent's, mostly: this input is most likely dropped).
    if (len - start >= REMEMBER_FROM_BYTES && known === undefined) fresh.push(n, level, start, len);
  };

  if (style.bom) bytes(BOM);
  write(root, 0);
  const out = buf.slice(0, len);
  if (buf.length > KEEP_BUFFER_BYTES) buf = new Uint8Array(1 << 16);
  for (let i = 0; i < fresh.length; i += 4) remember(fresh[i] as JNode, layout, fresh[i + 1] as number, out.subarray(fresh[i + 2] as number, fresh[i + 3] as number));
  return out;
}

/**
 * A second reading of printJsonTree's layout (fuzz/core/json-tree.ts), for the printer's tests: JSON.stringify for
 * every string, pieces joined, nothing remembered; and random trees holding every string a mutation can plant
 * (non-ASCII, escapes, lone surrogates, long strings), which the site-listing test uses too.
 */
import { jarr, jbool, jnull, jnum, jobj, jstr, type JNode, type PrintStyle } from '../../fuzz/core/json-tree.js';
import type { Rng } from '../../fuzz/core/rng.js';

/** The layout printJsonTree writes, with nothing remembered. */
export function plainPrint(node: JNode, style: PrintStyle): string {
  const unit = style.indent === '\t' ? '\t' : ' '.repeat(style.indent);
  const pieces: string[] = [];
  const write = (n: JNode, level: number): void => {
    if (n.k === 'str') pieces.push(JSON.stringify(n.v));
    else if (n.k === 'num' || n.k === 'lit') pieces.push(n.raw);
    else if (n.k === 'raw') pieces.push(n.text);
    else {
      const items: [string | undefined, JNode][] = n.k === 'arr' ? n.a.map((v) => [undefined, v]) : n.m;
      const [open, close] = n.k === 'arr' ? ['[', ']'] : ['{', '}'];
      if (items.length === 0) return void pieces.push(open + close);
      pieces.push(open);
      items.forEach(([key, v], i) => {
        if (unit) pieces.push(style.eol + unit.repeat(level + 1));
        if (key !== undefined) pieces.push(JSON.stringify(key), unit ? ': ' : ':');
        write(v, level + 1);
        if (i < items.length - 1) pieces.push(',');
      });
      if (unit) pieces.push(style.eol + unit.repeat(level));
      pieces.push(close);
    }
  };
  write(node, 0);
  return (style.bom ? '\ufeff' : '') + pieces.join('');
}

const STRINGS = ['', 'a', 'plain ascii', 'quote"inside', 'back\\slash', 'tab\tnew\nline', '\u0000', '\u007f', '\u00e9t\u00e9', '\u20ac', '\ud83d\ude00', '\ud800', 'x\udc00y', '\ufeff', '</script>', '\u2028', 'a'.repeat(300), 'b'.repeat(2000)];
const RAWS = ['NaN', '1e999', '-0', '01', "'x'", '"\\ud800"', '\u00e9', '\ud83d', '\ude00', 'x\ud83d\ude00', '', '{', '// c'];

function randomString(rng: Rng): string {
  if (rng.chance(0.6)) return rng.pick(STRINGS);
  const units: number[] = [];
  for (let i = rng.int(12); i > 0; i--) units.push(rng.pick([0x41, 0x22, 0x5c, 0x0a, 0x1f, 0x7e, 0x7f, 0x80, 0x7ff, 0x800, 0xd83d, 0xde00, 0xfffd, 0xffff, 0x20 + rng.int(0x5f)]));
  return String.fromCharCode(...units);
}

export function randomTree(rng: Rng, depth: number): JNode {
  switch (depth > 5 ? rng.int(4) : rng.int(7)) {
    case 0:
      return jstr(randomString(rng));
    case 1:
      return rng.chance(0.5) ? jnum(rng.pick(['0', '-0', '1.0', '1e400', '65535', String(rng.int(1e6))])) : { k: 'raw', text: rng.pick(RAWS) };
    case 2:
      return rng.chance(0.5) ? jbool(rng.chance(0.5)) : jnull();
    case 3:
      return jstr(rng.pick(STRINGS));
    case 4:
    case 5:
      return jobj(Array.from({ length: rng.int(6) }, () => [randomString(rng), randomTree(rng, depth + 1)] as [string, JNode]));
    default:
      return jarr(Array.from({ length: rng.int(6) }, () => randomTree(rng, depth + 1)));
  }
}

export const STYLES: PrintStyle[] = [];
for (const indent of [0, 2, 4, '\t'] as const) for (const eol of ['\n', '\r\n'] as const) for (const bom of [false, true]) STYLES.push({ indent, eol, bom });

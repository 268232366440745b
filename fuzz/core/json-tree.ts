/**
 * JSON as the structure-aware mode mutates it: a tree that keeps what JSON.parse loses — member order,
 * repeated keys, and numbers as written (1e400, -0, 1.0) — and prints back in several layouts. Inputs
 * that are not JSON have no tree; those stay with the byte-level mutations.
 */
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import type { Rng } from './rng.js';

export type JNode =
  | { k: 'obj'; m: [string, JNode][] }
  | { k: 'arr'; a: JNode[] }
  | { k: 'str'; v: string }
  | { k: 'num'; raw: string }
  | { k: 'lit'; raw: 'true' | 'false' | 'null' }
  /** Text printed as is: how a mutation plants a syntax error or a token JSON.stringify cannot write. */
  | { k: 'raw'; text: string };

export const jstr = (v: string): JNode => ({ k: 'str', v });
export const jnum = (n: number | string): JNode => ({ k: 'num', raw: typeof n === 'number' ? numberText(n) : n });
export const jbool = (b: boolean): JNode => ({ k: 'lit', raw: b ? 'true' : 'false' });
export const jnull = (): JNode => ({ k: 'lit', raw: 'null' });
export const jobj = (m: [string, JNode][] = []): JNode => ({ k: 'obj', m });
export const jarr = (a: JNode[] = []): JNode => ({ k: 'arr', a });

const numberText = (n: number): string => (Number.isFinite(n) ? String(n) : n > 0 ? '1e999' : n < 0 ? '-1e999' : '0');

/** The tree of a JSON text (a leading BOM is skipped); undefined when the text is not strict JSON. */
export function parseJsonTree(text: string): JNode | undefined {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(source, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    return undefined;
  }
  if (!root || errors.length > 0) return undefined;
  return fromNode(root, source, 0);
}

function fromNode(node: Node, text: string, depth: number): JNode {
  if (depth > 200) return jnull();
  switch (node.type) {
    case 'object':
      return jobj((node.children ?? []).filter((p) => p.children?.length === 2).map((p) => [String(p.children![0]!.value), fromNode(p.children![1]!, text, depth + 1)]));
    case 'array':
      return jarr((node.children ?? []).map((c) => fromNode(c, text, depth + 1)));
    case 'string':
      return jstr(String(node.value));
    case 'number':
      return jnum(text.slice(node.offset, node.offset + node.length));
    case 'boolean':
      return jbool(node.value === true);
    default:
      return jnull();
  }
}

/** A value from JSON.parse (or any plain data) as a tree. */
export function fromValue(value: unknown): JNode {
  if (value === null || value === undefined) return jnull();
  if (typeof value === 'boolean') return jbool(value);
  if (typeof value === 'number') return jnum(value);
  if (typeof value === 'string') return jstr(value);
  if (Array.isArray(value)) return jarr(value.map(fromValue));
  return jobj(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromValue(v)]));
}

export interface PrintStyle {
  /** 0 = one line. */
  indent: number | '\t';
  /** Line ending between members. */
  eol: '\n' | '\r\n';
  bom: boolean;
}

export const COMPACT: PrintStyle = { indent: 0, eol: '\n', bom: false };
export const PRETTY: PrintStyle = { indent: 2, eol: '\n', bom: false };

export function printJsonTree(node: JNode, style: PrintStyle = PRETTY): string {
  return printTree(node, style, undefined, false);
}

/**
 * printJsonTree for a tree none of whose containers is written once printed (the copy-on-write trees of the JSON
 * mutator and input-to-state, copyPath: a mutant copies the containers on the path it edits and shares the rest with
 * its parent). A container whose text was remembered (rememberPrintedTexts, for the trees that join the corpus: the
 * parents of mutants) is not printed again, so a mutant's text is its copied path printed anew and its parent's other
 * subtrees' texts reused: on the design-file targets' inputs (2-20 KB) printing every node again was 5-7 % of an
 * engine step. It remembers nothing itself: a mutant is printed once and dropped, unless it joins the corpus. A tree
 * written in place after printing (hardware-definition's own edits) must use printJsonTree.
 */
export function printSharedJsonTree(node: JNode, style: PrintStyle = PRETTY): string {
  return printTree(node, style, printedTexts, false);
}

/**
 * Remembers the printed text of each container of a tree that joins the corpus, for printSharedJsonTree to reuse in
 * its mutants. Only for those: remembering every mutant's containers (as printSharedJsonTree did until s37) made a
 * WeakMap entry and kept a rope of small strings for each container of each input the engine made, most of them
 * dropped at once, for the collector to trace and clear. In process (bench/fuzz/engine-steps-cpu.cjs, app-manifest
 * steps 12,000-18,000, seed 1, two builds side by side, the same corpus input for input), CPU per input: remembering
 * nothing at all 14-23 % below remembering every mutant (3 pairs); remembering the corpus only, 1 % above and 7 %
 * and 7 % below it (3 pairs, at a load of 14-18).
 */
export function rememberPrintedTexts(node: JNode, style: PrintStyle = PRETTY): void {
  printTree(node, style, printedTexts, true);
}

/** A container's text as last printed: the layout (indent unit and line end) and depth it was printed at. */
interface PrintedText {
  layout: string;
  level: number;
  text: string;
}

const printedTexts = new WeakMap<JNode, PrintedText>();

function printTree(node: JNode, style: PrintStyle, remembered: WeakMap<JNode, PrintedText> | undefined, remember = false): string {
  const unit = style.indent === '\t' ? '\t' : ' '.repeat(style.indent);
  const multiline = unit !== '';
  // The line breaks with their indentation made once per level; scalars appended to one string (V8 ropes).
  const breaks: string[] = [];
  const lineBreak = (level: number): string => (breaks[level] ??= style.eol + unit.repeat(level));
  const colon = multiline ? ': ' : ':';
  // A one-line layout prints a container the same at every depth.
  const layout = multiline ? `${unit}${style.eol}` : '';
  const write = (n: JNode, level: number): string => {
    switch (n.k) {
      case 'str':
        return quoted(n.v);
      case 'num':
      case 'lit':
        return n.raw;
      case 'raw':
        return n.text;
      case 'arr':
      case 'obj': {
        const count = n.k === 'arr' ? n.a.length : n.m.length;
        if (count === 0) return n.k === 'arr' ? '[]' : '{}';
        const known = remembered?.get(n);
        if (known !== undefined && known.layout === layout && (!multiline || known.level === level)) return known.text;
        let out = n.k === 'arr' ? '[' : '{';
        for (let i = 0; i < count; i++) {
          if (multiline) out += lineBreak(level + 1);
          if (n.k === 'obj') {
            const [key, v] = n.m[i]!;
            out += quoted(key) + colon + write(v, level + 1);
          } else out += write(n.a[i]!, level + 1);
          if (i < count - 1) out += ',';
        }
        if (multiline) out += lineBreak(level);
        out += n.k === 'arr' ? ']' : '}';
        if (remember) {
          if (known !== undefined) {
            known.layout = layout;
            known.level = level;
            known.text = out;
          } else remembered!.set(n, { layout, level, text: out });
        }
        return out;
      }
    }
  };
  const text = write(node, 0);
  return style.bom ? '\ufeff' + text : text;
}

/**
 * JSON.stringify of a string, remembered: a mutant shares all but one or two of its strings with its parent
 * (it shares the parent's nodes: copyPath), and quoting them again was most of printing a design of long statements
 * (a 10 KB requirement profile: 48 µs of printing, 14 µs with the quotes remembered). Strings up to
 * QUOTE_CACHE_LONGEST characters, at most QUOTE_CACHE_SIZE of them, forgotten all at once when full.
 */
const quotes = new Map<string, string>();
const QUOTE_CACHE_SIZE = 8192;
const QUOTE_CACHE_LONGEST = 1024;

function quoted(s: string): string {
  let q = quotes.get(s);
  if (q === undefined) {
    q = JSON.stringify(s);
    if (s.length <= QUOTE_CACHE_LONGEST) {
      if (quotes.size >= QUOTE_CACHE_SIZE) quotes.clear();
      quotes.set(s, q);
    }
  }
  return q;
}

export function randomStyle(rng: Rng): PrintStyle {
  return {
    indent: rng.pick([0, 2, 4, '\t'] as const),
    eol: rng.chance(0.1) ? '\r\n' : '\n',
    bom: rng.chance(0.05),
  };
}

/**
 * A deep copy, every node new. The mutators no longer need one (they copy the path they edit: copyPath), so this
 * is for code that writes into a tree in place: a shrink step, a test.
 */
export function cloneTree(n: JNode): JNode {
  switch (n.k) {
    case 'obj': {
      const m: [string, JNode][] = [];
      for (let i = 0; i < n.m.length; i++) m.push([n.m[i]![0], cloneTree(n.m[i]![1])]);
      return { k: 'obj', m };
    }
    case 'arr': {
      const a: JNode[] = [];
      for (let i = 0; i < n.a.length; i++) a.push(cloneTree(n.a[i]!));
      return { k: 'arr', a };
    }
    case 'str':
      return { k: 'str', v: n.v };
    case 'num':
      return { k: 'num', raw: n.raw };
    case 'lit':
      return { k: 'lit', raw: n.raw };
    case 'raw':
      return { k: 'raw', text: n.text };
  }
}

/** Where a node sits: its parent container and index, and the key path to it (object keys, array indexes). */
export interface NodeSite {
  node: JNode;
  parent?: JNode & ({ k: 'obj' } | { k: 'arr' });
  index: number;
  readonly path: readonly (string | number)[];
  /** The path's length, known without making the path. */
  readonly depth: number;
  /** The site of the parent container (absent at the root): the chain copyPath follows. */
  readonly up?: NodeSite;
}

/** A site whose path is made when asked (a copied key path per node was most of what listing the sites allocated). */
class TreeSite implements NodeSite {
  private made?: (string | number)[];

  constructor(
    readonly node: JNode,
    readonly parent: (JNode & ({ k: 'obj' } | { k: 'arr' })) | undefined,
    readonly index: number,
    readonly up: TreeSite | undefined,
    private readonly key: string | number,
    readonly depth: number,
  ) {}

  get path(): readonly (string | number)[] {
    return (this.made ??= this.up ? [...this.up.path, this.key] : []);
  }
}

/**
 * Every site of a tree, breadth first from the root (at most `limit`): a new list each time, for a shrink step. The
 * mutator lists the same sites in the same order into reused columns instead (core/json-sites.ts).
 */
export function sites(root: JNode, limit = 4000): NodeSite[] {
  const out: TreeSite[] = [new TreeSite(root, undefined, -1, undefined, '', 0)];
  for (let i = 0; i < out.length && out.length < limit; i++) {
    const site = out[i]!;
    const node = site.node;
    if (node.k === 'obj') for (let j = 0; j < node.m.length; j++) out.push(new TreeSite(node.m[j]![1], node, j, site, node.m[j]![0], site.depth + 1));
    else if (node.k === 'arr') for (let j = 0; j < node.a.length; j++) out.push(new TreeSite(node.a[j]!, node, j, site, j, site.depth + 1));
  }
  return out;
}

/** A container with its own member list (the members themselves shared); a scalar as it is. */
function shallowCopy(n: JNode): JNode {
  if (n.k === 'obj') return { k: 'obj', m: n.m.slice() };
  if (n.k === 'arr') return { k: 'arr', a: n.a.slice() };
  return n;
}

/**
 * Copy-on-write: a new root in which every container on the way to the node at `indexes` (the node included) is
 * a copy, and everything else is the old tree's. The copy of that node is returned with the root, free to be
 * changed in place; nothing of the old tree is written, so a mutant shares its parent's other subtrees and the
 * parent (a corpus entry, a donor) stays as it was. An object's member is a new pair when its value is replaced.
 */
export function copyPath(root: JNode, indexes: readonly number[]): { root: JNode; node: JNode } {
  const top = shallowCopy(root);
  let at = top;
  for (const i of indexes) {
    if (at.k === 'obj') {
      const [key, value] = at.m[i]!;
      const copy = shallowCopy(value);
      at.m[i] = [key, copy];
      at = copy;
    } else if (at.k === 'arr') {
      const copy = shallowCopy(at.a[i]!);
      at.a[i] = copy;
      at = copy;
    } else throw new RangeError('copyPath: a path through a scalar');
  }
  return { root: top, node: at };
}

/** A new root with the node at these indexes from the root replaced (no indexes: the value is the new root); `root` is not written. */
export function replaceAtPath(root: JNode, indexes: readonly number[], value: JNode): JNode {
  if (indexes.length === 0) return value;
  const { root: top, node: parent } = copyPath(root, indexes.slice(0, -1));
  const i = indexes[indexes.length - 1]!;
  if (parent.k === 'obj') parent.m[i] = [parent.m[i]![0], value];
  else if (parent.k === 'arr') parent.a[i] = value;
  return top;
}

/** The member value of an object node by key (the last one wins, as in the readers). */
export function member(node: JNode | undefined, key: string): JNode | undefined {
  if (node?.k !== 'obj') return undefined;
  for (let i = node.m.length - 1; i >= 0; i--) if (node.m[i]![0] === key) return node.m[i]![1];
  return undefined;
}

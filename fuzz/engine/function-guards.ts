/**
 * Which of a file's istanbul counters can only count while one of that file's function counters counts too,
 * so that the coverage read-out (coverage.ts) may skip them when that function did not run.
 *
 * istanbul increments a function's counter first thing in its body, and a statement or branch counter when
 * the code at its location runs. A counter inside the body of a plain function therefore runs only during a
 * call of the innermost function around it, which counted itself at entry of that same call: the counter is
 * "guarded". Not guarded (always read):
 *  - anything outside every counted function body: a module's top level;
 *  - a function's parameters (default values): they run before its body counts the function (and a default
 *    that throws stops it from counting at all), and they lie inside the body of the function around it;
 *  - anything inside the body of an async function or a generator: a call resumed after `await` or `yield`
 *    runs on (perhaps during a later input) without counting its function again;
 *  - anything inside a class property initialiser or a static block: they run from the class's constructor
 *    or definition, not from the function around the class;
 *  - anything inside a function that istanbul gave no counter of its own (a private method, a function its
 *    hints skip): its code runs without counting anything of this file.
 * The shapes (function bodies, and the regions above) come from parsing the code istanbul instrumented, so
 * their locations are istanbul's; a file without them has every counter read.
 */

/** A location as [start line, start column, end line, end column] (istanbul's and Babel's: lines from 1, columns from 0). */
export type Span = [number, number, number, number];

export interface CodeShapes {
  /** The bodies of the plain (not async, not generator) functions: guarded when istanbul counts the function. */
  plainBodies: Span[];
  /** Regions whose code runs without a function counter of its own (see the header). */
  unguarded: Span[];
  /** The statement counters the instrumented code still increments (lean-statements.ts), ascending; absent: every one. */
  countedStatements?: number[];
}

interface Loc {
  start: { line: number; column: number };
  end: { line: number; column: number };
}
interface AstNode {
  type: string;
  loc?: Loc | null;
  [k: string]: unknown;
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ObjectMethod', 'ClassMethod', 'ClassPrivateMethod']);
const CLASS_MEMBER_CODE = new Set(['ClassProperty', 'ClassPrivateProperty', 'ClassAccessorProperty', 'StaticBlock']);

const span = (loc: Loc): Span => [loc.start.line, loc.start.column, loc.end.line, loc.end.column];

/** The shapes of a parsed program (Babel's AST): every function and class-member region, by its location. */
export function shapesOf(program: AstNode): CodeShapes {
  const shapes: CodeShapes = { plainBodies: [], unguarded: [] };
  const stack: unknown[] = [program];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const n of node) stack.push(n);
      continue;
    }
    if (node === null || typeof node !== 'object' || typeof (node as AstNode).type !== 'string') continue;
    const n = node as AstNode;
    if (FUNCTION_TYPES.has(n.type)) {
      const body = n['body'] as AstNode | undefined;
      if (body?.loc) (n['async'] === true || n['generator'] === true ? shapes.unguarded : shapes.plainBodies).push(span(body.loc));
      // Parameters (default values) run before the body counts its function, and not at all when one throws.
      for (const param of (n['params'] as AstNode[] | undefined) ?? []) if (param.loc) shapes.unguarded.push(span(param.loc));
    } else if (CLASS_MEMBER_CODE.has(n.type) && n.loc) {
      shapes.unguarded.push(span(n.loc));
    }
    for (const key in n) {
      if (key === 'loc' || key === 'start' || key === 'end' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments' || key === 'extra') continue;
      const child = n[key];
      if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
  return shapes;
}

const before = (l1: number, c1: number, l2: number, c2: number) => l1 < l2 || (l1 === l2 && c1 <= c2);
/** Is `inner` within `outer` (edges included)? */
export const within = (inner: Span, outer: Span): boolean => before(outer[0], outer[1], inner[0], inner[1]) && before(inner[2], inner[3], outer[2], outer[3]);
const sameSpan = (a: Span, b: Span) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];

/** istanbul's per-file maps, as far as they are read here. */
export interface CoverageMaps {
  statementMap?: Record<string, Loc>;
  fnMap?: Record<string, { loc?: Loc }>;
  branchMap?: Record<string, { loc?: Loc; locations?: Partial<Loc>[] }>;
}

const validLoc = (l: Partial<Loc> | undefined): l is Loc =>
  !!l && typeof l.start?.line === 'number' && typeof l.start.column === 'number' && typeof l.end?.line === 'number' && typeof l.end.column === 'number';

/**
 * The function counter that guards each statement and branch counter of a file (see the header): for statement
 * k, `statements[k]` is the fnMap index of the innermost counted function around it, or -1 when the counter is
 * not guarded; the same for branch k in `branches[k]` (all its paths). Without the shapes or the maps, none is.
 */
export function counterGuards(maps: CoverageMaps, shapes: CodeShapes | undefined, statementCount: number, branchCount: number): { statements: number[]; branches: number[] } {
  const out = { statements: new Array<number>(statementCount).fill(-1), branches: new Array<number>(branchCount).fill(-1) };
  if (!shapes || !maps.statementMap || !maps.fnMap || !maps.branchMap) return out;
  // Counted bodies: a plain function's body that istanbul gave a counter (its fnMap loc is the body's location).
  const counted: { fn: number; body: Span }[] = [];
  for (const [key, f] of Object.entries(maps.fnMap)) {
    if (!validLoc(f.loc)) continue;
    const body = span(f.loc);
    if (shapes.plainBodies.some((b) => sameSpan(b, body))) counted.push({ fn: Number(key), body });
  }
  // A plain function istanbul did not count makes its body unguarded.
  const unguarded = [...shapes.unguarded, ...shapes.plainBodies.filter((b) => !counted.some((c) => sameSpan(b, c.body)))];
  const guard = (loc: Partial<Loc> | undefined): number => {
    if (!validLoc(loc)) return -1;
    const s = span(loc);
    // istanbul's increment of a counter sits inside the counter's own location (before a statement, at the start
    // of a branch's path, inside a default value), so the regions around the location decide, not those inside it
    // (a statement that defines an async function runs where the statement is).
    if (unguarded.some((u) => within(s, u))) return -1;
    // The innermost body around it: of nested bodies, the one that starts last.
    let best: { fn: number; body: Span } | undefined;
    for (const c of counted) if (within(s, c.body) && (!best || before(best.body[0], best.body[1], c.body[0], c.body[1]))) best = c;
    return best ? best.fn : -1;
  };
  for (let k = 0; k < statementCount; k++) out.statements[k] = guard(maps.statementMap[k]);
  for (let k = 0; k < branchCount; k++) {
    const b = maps.branchMap[k];
    const fn = b ? guard(b.loc) : -1;
    // Every path where the branch's own function counts it (a path's location inside another function is not).
    out.branches[k] = fn >= 0 && (b!.locations ?? []).every((l) => !validLoc(l) || guard(l) === fn) ? fn : -1;
  }
  return out;
}

/**
 * The comparison instrumentation of the fuzz build, applied with the coverage instrumentation when a
 * structure-aware worker loads the compiled code under test (coverage.ts): a Babel pass that
 *  - rewrites each comparison `a OP b` (===, !==, ==, !=, <, <=, >, >=) into `__sevenfoldCompare(k, a, b)`,
 *    which evaluates both sides once, in the same order, and returns the same result (compare-log.ts);
 *  - the comparisons made without an operator, each with the same values, order and result:
 *    `switch (d) { case X: … }` into `switch (_d = d) { case __sevenfoldCase(_d, X): … }` (the discriminant
 *    kept in a fresh variable of the enclosing function, each test still evaluated only when reached);
 *    `c.has(k)` (and `.includes`, `.indexOf`, `.get`) into `__sevenfoldLookup(_c = c, _k = k, _c.has(_k))`;
 *    `Object.hasOwn(o, k)` into `__sevenfoldOwnKey(o, k, false)` and `k in o` into `__sevenfoldOwnKey(k, o, true)`;
 *  - collects the file's string and number literals into the campaign's dictionary: the target's own
 *    dictionary of the words and numbers its code names, read off exactly the modules the target loads.
 * Left alone: `for` loop tests (a counter against a length tells nothing about the input), `typeof x === '…'`,
 * comparisons with null, undefined or two literals, `switch (true)` and `switch (typeof x)` (their tests are
 * comparisons of their own, or type names), optional calls (`c?.has(k)`), calls with a spread or with other
 * than one argument, and `#x in o`.
 *
 * Babel is resolved the way the coverage instrumenter is (through jsfuzz's dependencies, istanbul uses it).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runtimeDictionary } from '../core/runtime-dictionary.js';
import type { CodeShapes } from './function-guards.js';
import { CASE_FUNCTION, COMPARE_FUNCTION, LOOKUP_FUNCTION, OWN_KEY_FUNCTION } from './compare-log.js';

const OPERATORS = ['===', '!==', '==', '!=', '<', '<=', '>', '>='] as const;
/** The lookup methods whose argument is compared with a collection's elements (Array, Set, Map). */
const LOOKUP_METHODS = new Set(['includes', 'indexOf', 'has', 'get']);
const MAX_LITERAL_CHARS = 64;

/* Babel's types, as far as this pass uses them. */
interface Node {
  type: string;
  [k: string]: unknown;
}
interface Scope {
  generateUidIdentifier(name: string): Node;
  push(declaration: { id: Node }): void;
  getFunctionParent(): Scope | null;
  getProgramParent(): Scope;
}
interface NodePath {
  node: Node;
  parent: Node;
  key: string | number | null;
  parentPath: NodePath | null;
  scope: Scope;
  replaceWith(n: Node): void;
}
interface BabelTypes {
  callExpression(callee: Node, args: Node[]): Node;
  identifier(name: string): Node;
  numericLiteral(n: number): Node;
  stringLiteral(s: string): Node;
  booleanLiteral(b: boolean): Node;
  assignmentExpression(operator: string, left: Node, right: Node): Node;
  cloneNode(n: Node): Node;
  memberExpression(object: Node, property: Node): Node;
}
export interface Babel {
  transformSync(code: string, options: object): { code?: string | null } | null;
  parseSync(code: string, options: object): { program: Node } | null;
  types: BabelTypes;
}

let babel: Babel | undefined | null;

/** Babel, found where istanbul finds it (lean-statements.ts runs its own pass with it too); undefined when it is not installed. */
export function loadBabel(): Babel | undefined {
  if (babel !== undefined) return babel ?? undefined;
  const attempts = [
    () => createRequire(join(process.cwd(), 'package.json'))('@babel/core') as Babel,
    () => {
      const fromRoot = createRequire(join(process.cwd(), 'package.json'));
      const jsfuzzDir = dirname(fromRoot.resolve('jsfuzz/package.json'));
      return createRequire(join(jsfuzzDir, 'build', 'src', 'worker.js'))('@babel/core') as Babel;
    },
    () => createRequire(__filename)('@babel/core') as Babel,
  ];
  for (const attempt of attempts) {
    try {
      babel = attempt();
      return babel;
    } catch {
      // the next place
    }
  }
  babel = null;
  return undefined;
}

const isNullish = (n: Node): boolean => n.type === 'NullLiteral' || (n.type === 'Identifier' && n['name'] === 'undefined') || (n.type === 'UnaryExpression' && n['operator'] === 'void');
const isLiteral = (n: Node): boolean => /Literal$/.test(n.type) && n.type !== 'TemplateLiteral';
const isTypeof = (n: Node): boolean => n.type === 'UnaryExpression' && n['operator'] === 'typeof';

function comparisonPlugin(literals: (string | number)[]) {
  // The lookups this pass writes, not to be rewritten again.
  const written = new WeakSet<Node>();
  return ({ types: t }: { types: BabelTypes }) => ({
    visitor: {
      BinaryExpression(path: NodePath) {
        const node = path.node;
        const left = node['left'] as Node;
        const right = node['right'] as Node;
        if (node['operator'] === 'in') {
          if (left.type !== 'PrivateName') path.replaceWith(t.callExpression(t.identifier(OWN_KEY_FUNCTION), [left, right, t.booleanLiteral(true)]));
          return;
        }
        const op = OPERATORS.indexOf(node['operator'] as (typeof OPERATORS)[number]);
        if (op < 0) return;
        if (left.type === 'PrivateName' || isNullish(left) || isNullish(right) || isTypeof(left) || isTypeof(right) || (isLiteral(left) && isLiteral(right))) return;
        if (path.parent.type === 'ForStatement' && path.key === 'test') return;
        path.replaceWith(t.callExpression(t.identifier(COMPARE_FUNCTION), [t.numericLiteral(op), left, right]));
      },
      SwitchStatement(path: NodePath) {
        const discriminant = path.node['discriminant'] as Node;
        if (isLiteral(discriminant) || isTypeof(discriminant)) return;
        const cases = path.node['cases'] as Node[];
        if (!cases.some((c) => c['test'])) return;
        // A variable of the enclosing function (not of the switch's block: case tests are inside it, the discriminant is not).
        const scope = path.scope.getFunctionParent() ?? path.scope.getProgramParent();
        const held = scope.generateUidIdentifier('sevenfoldSwitch');
        scope.push({ id: held });
        path.node['discriminant'] = t.assignmentExpression('=', t.cloneNode(held), discriminant);
        for (const c of cases) {
          const test = c['test'] as Node | null;
          if (test) c['test'] = t.callExpression(t.identifier(CASE_FUNCTION), [t.cloneNode(held), test]);
        }
      },
      CallExpression(path: NodePath) {
        const callee = path.node['callee'] as Node;
        const args = path.node['arguments'] as Node[];
        if (callee.type !== 'MemberExpression' || callee['computed'] || (callee['property'] as Node).type !== 'Identifier') return;
        const object = callee['object'] as Node;
        const method = (callee['property'] as Node)['name'] as string;
        if (object.type === 'Super' || args.some((a) => a.type === 'SpreadElement')) return;
        if (object.type === 'Identifier' && object['name'] === 'Object' && method === 'hasOwn' && args.length === 2) {
          path.replaceWith(t.callExpression(t.identifier(OWN_KEY_FUNCTION), [args[0]!, args[1]!, t.booleanLiteral(false)]));
          return;
        }
        if (!LOOKUP_METHODS.has(method) || args.length !== 1 || isLiteral(object) || written.has(path.node)) return;
        // The call stays in the code, on the collection and key held in two fresh variables, so that each call
        // site keeps its own inline cache (rather than one shared function calling collection[method] for all);
        // the log gets the collection, the key and the result.
        const scope = path.scope.getFunctionParent() ?? path.scope.getProgramParent();
        const collection = scope.generateUidIdentifier('sevenfoldIn');
        const key = scope.generateUidIdentifier('sevenfoldKey');
        scope.push({ id: collection });
        scope.push({ id: key });
        const call = t.callExpression(t.memberExpression(t.cloneNode(collection), t.identifier(method)), [t.cloneNode(key)]);
        written.add(call);
        path.replaceWith(t.callExpression(t.identifier(LOOKUP_FUNCTION), [t.assignmentExpression('=', collection, object), t.assignmentExpression('=', key, args[0]!), call]));
      },
      StringLiteral(path: NodePath) {
        const value = path.node['value'] as string;
        const parent = path.parent;
        // Module names are not words of the format.
        if (parent.type === 'CallExpression' && (parent['callee'] as Node).type === 'Identifier' && (parent['callee'] as Node)['name'] === 'require') return;
        if (value.length > 0 && value.length <= MAX_LITERAL_CHARS) literals.push(value);
      },
      NumericLiteral(path: NodePath) {
        // The operator numbers this pass writes are not numbers of the format.
        const parent = path.parent;
        if (parent.type === 'CallExpression' && (parent['callee'] as Node)['name'] === COMPARE_FUNCTION && path.key === 0) return;
        literals.push(path.node['value'] as number);
      },
    },
  });
}

export interface InstrumentedCode {
  code: string;
  /** The file's string and number literals. */
  literals: (string | number)[];
  /** Where its functions and class members are (function-guards.ts): which coverage counters need reading only when a function ran. */
  shapes?: CodeShapes;
}

/** The compiled code with its comparisons logged, and its literals; the code unchanged when Babel is not there or cannot read it. */
export function instrumentComparisons(code: string, filename = 'code.js'): InstrumentedCode {
  const b = loadBabel();
  const literals: (string | number)[] = [];
  if (!b) return { code, literals };
  try {
    const out = b.transformSync(code, { filename, babelrc: false, configFile: false, compact: true, sourceType: 'script', plugins: [comparisonPlugin(literals)] })?.code;
    return { code: out ?? code, literals };
  } catch {
    return { code, literals: [] };
  }
}

/** Adds a file's literals to the campaign's dictionary. */
export function addLiterals(literals: readonly (string | number)[]): void {
  for (const l of literals) runtimeDictionary.add(l);
}

/** The program's syntax tree (a script, as istanbul parses it), or undefined when Babel is not there or cannot read it. */
export function parseScript(code: string, filename = 'code.js'): Node | undefined {
  try {
    return loadBabel()?.parseSync(code, { filename, babelrc: false, configFile: false, sourceType: 'script' })?.program;
  } catch {
    return undefined;
  }
}

export const comparisonInstrumentationAvailable = (): boolean => loadBabel() !== undefined;

/**
 * The comparison instrumentation of the fuzz build, applied with the coverage instrumentation when a
 * structure-aware worker loads the compiled code under test (coverage.ts): a Babel pass that
 *  - rewrites each comparison `a OP b` (===, !==, ==, !=, <, <=, >, >=) into `__sevenfoldCompare(k, a, b)`,
 *    which evaluates both sides once, in the same order, and returns the same result (compare-log.ts);
 *  - collects the file's string and number literals into the campaign's dictionary: the target's own
 *    dictionary of the words and numbers its code names, read off exactly the modules the target loads.
 * Left alone: `for` loop tests (a counter against a length tells nothing about the input), `typeof x === '…'`,
 * and comparisons with null, undefined or two literals.
 *
 * Babel is resolved the way the coverage instrumenter is (through jsfuzz's dependencies, istanbul uses it).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runtimeDictionary } from '../core/runtime-dictionary.js';
import { COMPARE_FUNCTION } from './compare-log.js';

const OPERATORS = ['===', '!==', '==', '!=', '<', '<=', '>', '>='] as const;
const MAX_LITERAL_CHARS = 64;

/* Babel's types, as far as this pass uses them. */
interface Node {
  type: string;
  [k: string]: unknown;
}
interface NodePath {
  node: Node;
  parent: Node;
  key: string | number | null;
  parentPath: NodePath | null;
  replaceWith(n: Node): void;
}
interface BabelTypes {
  callExpression(callee: Node, args: Node[]): Node;
  identifier(name: string): Node;
  numericLiteral(n: number): Node;
}
interface Babel {
  transformSync(code: string, options: object): { code?: string | null } | null;
  types: BabelTypes;
}

let babel: Babel | undefined | null;

function loadBabel(): Babel | undefined {
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
  return ({ types: t }: { types: BabelTypes }) => ({
    visitor: {
      BinaryExpression(path: NodePath) {
        const node = path.node;
        const op = OPERATORS.indexOf(node['operator'] as (typeof OPERATORS)[number]);
        if (op < 0) return;
        const left = node['left'] as Node;
        const right = node['right'] as Node;
        if (left.type === 'PrivateName' || isNullish(left) || isNullish(right) || isTypeof(left) || isTypeof(right) || (isLiteral(left) && isLiteral(right))) return;
        if (path.parent.type === 'ForStatement' && path.key === 'test') return;
        path.replaceWith(t.callExpression(t.identifier(COMPARE_FUNCTION), [t.numericLiteral(op), left, right]));
      },
      StringLiteral(path: NodePath) {
        const value = path.node['value'] as string;
        const parent = path.parent;
        // Module names are not words of the format.
        if (parent.type === 'CallExpression' && (parent['callee'] as Node).type === 'Identifier' && (parent['callee'] as Node)['name'] === 'require') return;
        if (value.length > 0 && value.length <= MAX_LITERAL_CHARS) literals.push(value);
      },
      NumericLiteral(path: NodePath) {
        literals.push(path.node['value'] as number);
      },
    },
  });
}

export interface InstrumentedCode {
  code: string;
  /** The file's string and number literals. */
  literals: (string | number)[];
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

export const comparisonInstrumentationAvailable = (): boolean => loadBabel() !== undefined;

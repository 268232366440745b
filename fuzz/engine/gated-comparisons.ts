/**
 * Comparisons that cost nothing while the comparison log is off: a Babel pass over the instrumented code (after
 * istanbul, so that it adds no counter of its own) that turns each `__sevenfoldCompare(k, a, b)` written by
 * compare-instrument.ts into `(__sevenfoldLogging ? __sevenfoldCompare(k, a, b) : a OP b)`, and a case test's and
 * a lookup's log call likewise (nativeOf). The log is on only
 * while the loop re-runs an input that joins the corpus (StructuredLoop.comparisonsOf); every other run of every
 * other input takes the native comparison. Every comparison was a call to one function shared by every
 * comparison of every file, mostly not inlined: on app-manifest's code under test, istanbul's counters alone cost
 * 4.5 % over the plain code and counters with the calls 16–18 %; gated, 11 % (hardware-definition 16 → 12 %);
 * measured in one process, plain and instrumented slices alternated, over the benchmark's loop inputs.
 * Only one of the two branches runs, so each operand is still evaluated once, in the same order, and the
 * counters inside an operand (istanbul's, copied with it) count once. An operand too big to be worth a second
 * copy, or holding a function or class (a second closure site), keeps the call alone.
 * Seeded in-process campaigns run the same inputs and keep the same corpus with and without the gate (the
 * counters and the logged comparisons are the same). Code it cannot read is left as it is.
 */
import { loadBabel } from './compare-instrument.js';
import { CASE_FUNCTION, COMPARE_FUNCTION, LOGGING_FLAG, LOOKUP_FUNCTION } from './compare-log.js';

interface Node {
  type: string;
  [k: string]: unknown;
}
interface NodePath {
  node: Node;
  replaceWith(n: Node): void;
}
interface Types {
  conditionalExpression(test: Node, consequent: Node, alternate: Node): Node;
  binaryExpression(operator: string, left: Node, right: Node): Node;
  sequenceExpression(expressions: Node[]): Node;
  identifier(name: string): Node;
  cloneNode(n: Node, deep?: boolean): Node;
}

/** compare-instrument.ts's operator numbers (the first argument of `__sevenfoldCompare`). */
const OPERATORS = ['===', '!==', '==', '!=', '<', '<=', '>', '>='] as const;
/** Operands up to this many syntax nodes are copied into the native branch. */
const MAX_OPERAND_NODES = 48;

/** The node count of an operand, or Infinity when it holds a function or a class (or is larger than the limit). */
function operandSize(n: unknown, budget = MAX_OPERAND_NODES): number {
  let count = 0;
  const walk = (v: unknown): void => {
    if (count > budget || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    const node = v as Node;
    if (typeof node.type !== 'string') return;
    if (/Function|Class/.test(node.type)) {
      count = Infinity;
      return;
    }
    count++;
    for (const key of Object.keys(node)) {
      if (key === 'loc' || key === 'start' || key === 'end' || key === 'extra' || key.endsWith('Comments')) continue;
      walk(node[key]);
    }
  };
  walk(n);
  return count;
}

/**
 * What a logging call computes, without the call: `a OP b` for `__sevenfoldCompare(k, a, b)`; the test `X` for
 * a case's `__sevenfoldCase(held, X)`; `(c' = c, k' = k, c'.has(k'))` for `__sevenfoldLookup(c' = c, k' = k,
 * c'.has(k'))`. Undefined for another call, or operands past the size limit.
 */
function nativeOf(t: Types, name: unknown, args: Node[]): Node | undefined {
  const copy = (n: Node) => t.cloneNode(n, true);
  const size = args.reduce((sum, a) => sum + operandSize(a), 0);
  if (size > MAX_OPERAND_NODES) return undefined;
  if (name === COMPARE_FUNCTION && args.length === 3) {
    const [op, left, right] = args as [Node, Node, Node];
    const operator = op.type === 'NumericLiteral' ? OPERATORS[op['value'] as number] : undefined;
    return operator ? t.binaryExpression(operator, copy(left), copy(right)) : undefined;
  }
  if (name === CASE_FUNCTION && args.length === 2) return copy(args[1]!);
  if (name === LOOKUP_FUNCTION && args.length === 3) return t.sequenceExpression(args.map(copy));
  return undefined;
}

function gatePlugin() {
  const gated = new WeakSet<Node>();
  return ({ types: t }: { types: Types }) => ({
    visitor: {
      CallExpression(path: NodePath) {
        const call = path.node;
        if (gated.has(call)) return;
        const callee = call['callee'] as Node;
        if (callee.type !== 'Identifier') return;
        const native = nativeOf(t, callee['name'], call['arguments'] as Node[]);
        if (!native) return;
        gated.add(call);
        path.replaceWith(t.conditionalExpression(t.identifier(LOGGING_FLAG), call, native));
      },
    },
  });
}

/** The instrumented code with its logged comparisons gated on the log being on (see the header). */
export function gateComparisons(instrumented: string, filename = 'code.js'): string {
  const babel = loadBabel();
  if (!babel || ![COMPARE_FUNCTION, CASE_FUNCTION, LOOKUP_FUNCTION].some((f) => instrumented.includes(f))) return instrumented;
  try {
    return babel.transformSync(instrumented, { filename, babelrc: false, configFile: false, compact: true, sourceType: 'script', plugins: [gatePlugin()] })?.code ?? instrumented;
  } catch {
    return instrumented;
  }
}

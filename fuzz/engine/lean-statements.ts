/**
 * Fewer statement counters in the structure-aware engine's coverage instrumentation: a Babel pass over the code
 * istanbul instrumented that removes each `cov_….s[k]++` whose count the engine's other counters already imply.
 * istanbul counts every statement, most of which only repeat a count that is there anyway:
 *  - the first statement of a function body counts what the function's counter counts;
 *  - the first statement of a branch path (if/else, case, ?:, && and ||, default value) what the path's counter counts;
 *  - a statement that follows another in the same block counts what that one counts, unless it stopped early:
 *    a `return`, `break` or `continue` sits in a branch path of its own (counted), and a throw is seen where it
 *    is caught, at the catch clause's first statement (kept, below);
 *  - a module's top level runs once, when the module loads: before the first input, or while an input requires it.
 * Kept, because no other counter says it:
 *  - the first counted statement of each loop body: how many times the body ran (its hit-count bucket);
 *  - the first counted statement of each catch clause: that something threw in its try block and was caught;
 *  - a class field's initialiser: it runs for each instance, and a class without a constructor has no function
 *    counter to count them.
 * Measured in process on 590 of the engine's own app-manifest inputs (CPU per input, runs interleaved): plain
 * code 54–57 µs, instrumented as before 77–80, lean 71–78; the read-out skips the removed counters, among them every
 * module's top level, which it read after every input. Seeded in-process campaigns keep the same corpus, input for
 * input, with and without the pass (README, "Engines").
 * The pass reports the statement counters it kept (CodeShapes.countedStatements), so that the read-out
 * (coverage.ts) skips the others. Code it cannot read, or whose coverage variable it does not find, is left whole.
 */
import { loadBabel } from './compare-instrument.js';

interface Node {
  type: string;
  [k: string]: unknown;
}
interface NodePath {
  node: Node;
  parentPath: NodePath;
  isExpressionStatement(): boolean;
  isSequenceExpression(): boolean;
  remove(): void;
  replaceWith(n: Node): void;
}

export interface LeanCode {
  code: string;
  /** The statement counters (istanbul's index k of `s[k]`) still in the code, in order; undefined when the code was left whole. */
  countedStatements?: number[];
}

const LOOP_BODIES = 'ForStatement|ForInStatement|ForOfStatement|WhileStatement|DoWhileStatement|CatchClause';
const CLASS_FIELDS = 'ClassProperty|ClassPrivateProperty';

/** istanbul's name for its coverage object: `var cov_<hash> = …` at the top of the program. */
function coverageVariable(program: Node): string | undefined {
  for (const statement of program['body'] as Node[]) {
    if (statement.type !== 'VariableDeclaration') continue;
    const id = ((statement['declarations'] as Node[])[0]?.['id'] as Node | undefined)?.['name'];
    if (typeof id === 'string' && id.startsWith('cov_')) return id;
  }
  return undefined;
}

/** The index k when `n` is `cov.s[k]++` (or `cov().s[k]++`, newer istanbul's form), else undefined. */
function statementCounter(n: unknown, cov: string): number | undefined {
  const node = n as Node | undefined;
  if (node?.type !== 'UpdateExpression' || node['operator'] !== '++') return undefined;
  const member = node['argument'] as Node;
  if (member.type !== 'MemberExpression' || !member['computed'] || (member['property'] as Node).type !== 'NumericLiteral') return undefined;
  const holder = member['object'] as Node;
  if (holder.type !== 'MemberExpression' || holder['computed'] || (holder['property'] as Node)['name'] !== 's') return undefined;
  const object = holder['object'] as Node;
  const named = object.type === 'CallExpression' ? (object['callee'] as Node) : object;
  if (named.type !== 'Identifier' || named['name'] !== cov) return undefined;
  return (member['property'] as Node)['value'] as number;
}

/** The counter istanbul put before (or into the initialiser of) the first statement of a block that has one. */
function firstCounterOf(block: Node, cov: string): Node | undefined {
  for (const statement of block['body'] as Node[]) {
    if (statement.type === 'ExpressionStatement' && statementCounter(statement['expression'], cov) !== undefined) return statement['expression'] as Node;
    if (statement.type === 'VariableDeclaration') {
      for (const d of statement['declarations'] as Node[]) {
        const init = d['init'] as Node | null;
        const first = init?.type === 'SequenceExpression' ? (init['expressions'] as Node[])[0] : undefined;
        if (first && statementCounter(first, cov) !== undefined) return first;
      }
    }
  }
  return undefined;
}

function leanPlugin(out: { cov?: string; counted: number[] }) {
  const kept = new WeakSet<Node>();
  return () => ({
    visitor: {
      Program(path: NodePath) {
        out.cov = coverageVariable(path.node);
      },
      // Entered before the counters inside them: the one to keep is marked first.
      [LOOP_BODIES](path: NodePath) {
        const body = path.node['body'] as Node | undefined;
        if (!out.cov || body?.type !== 'BlockStatement') return;
        const first = firstCounterOf(body, out.cov);
        if (first) kept.add(first);
      },
      [CLASS_FIELDS](path: NodePath) {
        const value = path.node['value'] as Node | null;
        const first = value?.type === 'SequenceExpression' ? (value['expressions'] as Node[])[0] : undefined;
        if (out.cov && first && statementCounter(first, out.cov) !== undefined) kept.add(first);
      },
      UpdateExpression(path: NodePath) {
        if (!out.cov) return;
        const k = statementCounter(path.node, out.cov);
        if (k === undefined) return;
        if (kept.has(path.node)) {
          out.counted.push(k);
          return;
        }
        const parent = path.parentPath;
        if (parent.isExpressionStatement()) parent.remove();
        else if (parent.isSequenceExpression()) {
          const items = parent.node['expressions'] as Node[];
          if (items.length === 2) parent.replaceWith(items[1]!);
          else path.remove();
        } else out.counted.push(k); // a place istanbul does not put statement counters: left as it is
      },
    },
  });
}

/** The instrumented code with the implied statement counters removed (see the header). */
export function leanStatements(instrumented: string, filename = 'code.js'): LeanCode {
  const babel = loadBabel();
  if (!babel) return { code: instrumented };
  const out: { cov?: string; counted: number[] } = { counted: [] };
  try {
    const code = babel.transformSync(instrumented, { filename, babelrc: false, configFile: false, compact: true, sourceType: 'script', plugins: [leanPlugin(out)] })?.code;
    if (!code || !out.cov) return { code: instrumented };
    // A kept counter may be visited twice (Babel visits a node again when the statements around it change).
    return { code, countedStatements: [...new Set(out.counted)].sort((a, b) => a - b) };
  } catch {
    return { code: instrumented };
  }
}

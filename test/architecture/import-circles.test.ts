/**
 * No module imports itself back through a chain of static value imports. In an ES module circle the module
 * evaluated first sees the other's bindings before they are initialised: a `const` read at top level throws
 * (temporal dead zone), a function call may run against half-made state, and which one wins depends on which file
 * is imported first. What is not a circle at run time, and so allowed: type-only imports (`import type`, or
 * braces holding only `type` names: tsc drops them), and a lazy `import()` back to a module that is already
 * evaluated (a command's action importing a constant of its declaration, the declaration importing the action
 * inside its handler: cli/commands/export-*, report-*). Read from the sources of every layer, so a new file
 * cannot slip past it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceFilesUnder } from './source-files.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LAYERS = ['formats', 'model', 'emulator', 'proofs', 'properties', 'reports', 'cli', 'fuzz'];

/** `import …/export … from '…'` at the start of a line (braces may span lines), and `import '…'`. */
const FROM = /^(?:import|export)\s+(type\s+)?([^;'"]*?)\s*from\s*'([^']+)'|^import\s+'([^']+)'/gm;

/** The relative modules a source imports statically for a value (what Node loads and links before running it). */
function valueImports(text: string): string[] {
  const specs: string[] = [];
  for (const m of text.matchAll(FROM)) {
    const [, typeKeyword, clause, spec, sideEffect] = m;
    if (sideEffect) {
      specs.push(sideEffect);
      continue;
    }
    if (typeKeyword) continue;
    const braces = /^\{([^}]*)\}$/.exec(clause!.trim());
    const names = braces ? braces[1]!.split(',').map((n) => n.trim()).filter(Boolean) : [];
    if (braces && names.length > 0 && names.every((n) => n.startsWith('type '))) continue;
    specs.push(spec!);
  }
  return specs.filter((s) => s.startsWith('.'));
}

/** The strongly connected groups of more than one module (or a module importing itself): each is a circle. */
function circles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

function sourceGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const layer of LAYERS) {
    for (const file of sourceFilesUnder(resolve(root, layer))) {
      const targets = valueImports(readFileSync(file, 'utf8'))
        .map((spec) => resolve(dirname(file), spec).replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts'))
        .filter((target) => existsSync(target));
      graph.set(relative(root, file), targets.map((t) => relative(root, t)));
    }
  }
  return graph;
}

describe('import circles', () => {
  const graph = sourceGraph();

  it('reads the value imports of every layer', () => {
    expect(graph.size).toBeGreaterThan(300);
    expect([...graph.values()].reduce((n, targets) => n + targets.length, 0)).toBeGreaterThan(1000);
    expect(graph.get('cli/commands/export-action.ts')).toContain('cli/commands/export-command.ts');
  });

  it('no module reaches itself through static value imports', () => {
    expect(circles(graph).map((group) => group.join(' → '))).toEqual([]);
  });

  it('counts type-only imports out, and a value import in', () => {
    expect(valueImports("import type { A } from './a.js';\nimport { type B } from './b.js';\nexport type { C } from './c.js';")).toEqual([]);
    expect(valueImports("import { type A, a } from './a.js';\nimport {\n  b,\n  type B,\n} from './b.js';\nexport { c } from './c.js';\nimport './d.js';\nimport x from './e.js';")).toEqual(['./a.js', './b.js', './c.js', './d.js', './e.js']);
    expect(valueImports("const lazy = await import('./a.js');\nimport { p } from 'package';")).toEqual([]);
  });

  it('finds a planted circle, and a module importing itself', () => {
    const planted = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']], ['e', ['e']]]);
    expect(circles(planted)).toEqual([['a', 'b', 'c'], ['e']]);
  });
});

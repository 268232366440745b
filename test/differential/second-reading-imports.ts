/**
 * The import graph of the deliberate second readings, read from the source text: which names of the rules
 * (model/, properties/) each second reading takes, directly or through any helper it imports (emulator/, formats/,
 * a reading beside its harness). A type is a shape of the design, not a decision, so `import type` and `type X`
 * specifiers are not followed. Used by second-reading-imports.test.ts, which fails when a second reading takes a
 * name that is not on its list of shared data.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** One value name a second reading takes from a rule module, with the chain of files it came through. */
export interface RuleImport {
  /** The rule module, relative to the root ("model/update/policy.ts"). */
  module: string;
  /** The name taken ("*" for a namespace or a dynamic import). */
  name: string;
  /** The files from the second reading to the one that imports the name, relative to the root. */
  via: string[];
}

interface Edge {
  target: string;
  names: string[];
}

const STATEMENT = /(?:^|[;\n])\s*(import|export)\s+(type\s+)?(\{[^}]*\}|\*(?:\s+as\s+\w+)?|\w+(?:\s*,\s*(?:\{[^}]*\}|\*\s+as\s+\w+))?)\s+from\s+['"]([^'"]+)['"]/g;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  return [base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, join(base, 'index.ts'), base].find((p) => existsSync(p) && statSync(p).isFile());
}

/** The value names a specifier list takes: `{ a, type B, c as d }` gives a and c; a default or namespace gives "*". */
function valueNames(clause: string): string[] {
  const braces = /\{([^}]*)\}/.exec(clause);
  const names = braces
    ? braces[1]!
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s && !s.startsWith('type '))
        .map((s) => s.split(/\s+as\s+/)[0]!.trim())
    : [];
  const outside = clause.replace(/\{[^}]*\}/, '').replace(/,/g, ' ').trim();
  return outside ? [...names, '*'] : names;
}

function edgesOf(file: string): Edge[] {
  if (!/\.m?ts$/.test(file)) return [];
  const source = readFileSync(file, 'utf8');
  const edges: Edge[] = [];
  for (const m of source.matchAll(STATEMENT)) {
    if (m[2]) continue; // import type / export type: shapes only
    const target = resolveImport(file, m[4]!);
    if (target) edges.push({ target, names: valueNames(m[3]!) });
  }
  for (const m of source.matchAll(DYNAMIC)) {
    const target = resolveImport(file, m[1]!);
    if (target) edges.push({ target, names: ['*'] });
  }
  return edges.filter((e) => e.names.length > 0);
}

export const isRuleModule = (path: string): boolean => /^(model|properties)\//.test(path);

/**
 * Every rule name `start` takes, following value imports through every file that is not itself a rule module (a
 * rule module is where a reading stops: whatever it takes is the rule's business). Each name once, by its shortest chain.
 */
export function ruleImports(root: string, start: string, stopsAt: (path: string) => boolean = isRuleModule): RuleImport[] {
  const found = new Map<string, RuleImport>();
  const seen = new Set<string>([start]);
  let frontier: { file: string; via: string[] }[] = [{ file: join(root, start), via: [start] }];
  while (frontier.length) {
    const next: typeof frontier = [];
    for (const { file, via } of frontier) {
      for (const edge of edgesOf(file)) {
        const path = relative(root, edge.target);
        if (stopsAt(path)) {
          for (const name of edge.names) if (!found.has(`${path}#${name}`)) found.set(`${path}#${name}`, { module: path, name, via });
        } else if (!seen.has(path) && !path.startsWith('..') && !path.startsWith('node_modules')) {
          seen.add(path);
          next.push({ file: edge.target, via: [...via, path] });
        }
      }
    }
    frontier = next;
  }
  return [...found.values()];
}

/** The rule modules a file's header names (model/…ts, properties/…ts): what it says it mirrors. */
export function headerModules(root: string, file: string): string[] {
  const header = (/^\/\*\*[\s\S]*?\*\//.exec(readFileSync(join(root, file), 'utf8'))?.[0] ?? '').replace(/\s*\n\s*\*\s*/g, ' ');
  return [...new Set([...header.matchAll(/\b(?:model|properties)\/[\w/.-]+?\.ts\b/g)].map((m) => m[0]))];
}

/** Source files under `dir` (relative to root), tests left out. */
export function sourcesUnder(root: string, dir: string): string[] {
  const walk = (d: string): string[] =>
    readdirSync(join(root, d)).flatMap((e) => {
      const p = join(d, e);
      return statSync(join(root, p)).isDirectory() ? walk(p) : /\.ts$/.test(e) && !/\.test\.ts$/.test(e) ? [p] : [];
    });
  return walk(dir);
}

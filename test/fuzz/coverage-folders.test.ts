/**
 * The structure-aware engine measures coverage of every reader a fuzz target calls: a file the targets import from
 * formats/ or model/ that is left out of the instrumented folders gets no coverage feedback, and its branches are
 * found only by chance (formats/ was left out once, after the readers moved out of model/).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coveredByFuzzing } from '../../fuzz/engine/coverage.js';
import { projectRoot } from '../../fuzz/core/project-root.js';

const root = projectRoot();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** Project files (relative, '/'-separated, compiled .js name) that the fuzz targets import from the readers and the spec. */
function readersImportedByTargets(): string[] {
  const found = new Set<string>();
  for (const file of sources(join(root, 'fuzz', 'targets'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)) {
      const target = relative(root, resolve(dirname(file), m[1]!)).split('\\').join('/');
      if (/^(formats|model)\//.test(target)) found.add(target);
    }
  }
  return [...found].sort();
}

describe('coverage of the fuzz targets', () => {
  it('instruments every reader and spec file the targets import', () => {
    const imported = readersImportedByTargets();
    expect(imported.some((f) => f.startsWith('formats/'))).toBe(true);
    expect(imported.filter((f) => !coveredByFuzzing(f))).toEqual([]);
  });

  it('leaves the engine and the CLI out: their branches are not the targets\' own', () => {
    expect(coveredByFuzzing('fuzz/engine/campaign.js')).toBe(false);
    expect(coveredByFuzzing('cli/main.js')).toBe(false);
  });
});

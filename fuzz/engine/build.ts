/**
 * dist-fuzz/: the fuzz targets and the model code they use, compiled to CommonJS (tsconfig.fuzz.json), because
 * jsfuzz instruments CommonJS only. Rebuilt when a source under fuzz/, formats/ or model/ is newer than the last build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FUZZ_TREE = 'dist-fuzz';
const STAMP = '.built';

/** Writes what makes a compiled tree load as CommonJS under a "type": "module" package. */
export function markCommonJs(tree: string): void {
  mkdirSync(tree, { recursive: true });
  writeFileSync(join(tree, 'package.json'), '{ "type": "commonjs" }\n');
}

function newestSource(root: string): number {
  let newest = 0;
  const walk = (dir: string, depth: number) => {
    if (depth > 8 || !existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  walk(join(root, 'fuzz'), 0);
  walk(join(root, 'formats'), 0);
  walk(join(root, 'model'), 0);
  newest = Math.max(newest, statSync(join(root, 'tsconfig.fuzz.json')).mtimeMs);
  return newest;
}

export interface BuildOutcome {
  tree: string;
  built: boolean;
}

/**
 * The compiled tree, built first when missing or older than its sources. Throws with tsc's output when the
 * build fails, and when there is nothing to build from (an installed package has no fuzz sources).
 */
export function ensureFuzzBuild(root: string, onBuild?: () => void): BuildOutcome {
  const tree = join(root, FUZZ_TREE);
  const config = join(root, 'tsconfig.fuzz.json');
  if (!existsSync(config)) {
    if (existsSync(join(tree, STAMP))) return { tree, built: false };
    throw new Error(`fuzzing needs the Sevenfold source tree (no ${config})`);
  }
  const stamp = join(tree, STAMP);
  const fresh = () => existsSync(stamp) && statSync(stamp).mtimeMs >= newestSource(root);
  if (fresh()) return { tree, built: false };
  // Several processes (test files, CLI runs) may find the tree stale at once: one builds, the others wait.
  const lock = `${tree}.lock`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`${lock} is held by another build; remove it if no build is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (fresh()) return { tree, built: false };
    onBuild?.();
    buildFuzzTree(root, config, tree);
    return { tree, built: true };
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * tsc -p <config> into a fresh folder, then the CommonJS marker and the build stamp, then swapped in for <tree>
 * with renames: a campaign that is loading modules from the old tree never sees a half-written file.
 */
export function buildFuzzTree(root: string, config: string, tree: string): void {
  const tsc = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsc.cmd' : 'tsc');
  if (!existsSync(tsc)) throw new Error('TypeScript is not installed (npm install): the fuzz targets are compiled with tsc');
  const started = Date.now();
  const fresh = `${tree}.new-${process.pid}`;
  rmSync(fresh, { recursive: true, force: true });
  const result = spawnSync(tsc, ['-p', config, '--outDir', fresh], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    rmSync(fresh, { recursive: true, force: true });
    throw new Error(`tsc -p ${config} failed:\n${(result.stdout + result.stderr).trim() || result.error?.message}`);
  }
  markCommonJs(fresh);
  writeFileSync(join(fresh, STAMP), `${new Date(started).toISOString()}\n`);
  const old = `${tree}.old-${process.pid}`;
  if (existsSync(tree)) renameSync(tree, old);
  renameSync(fresh, tree);
  rmSync(old, { recursive: true, force: true });
}

/**
 * The `sevenfold` process limits how far V8 lets its heap grow between full collections (cli/heap-growth.ts),
 * which keeps the peak memory of `verify` near what it keeps alive plus half (issue 15: peak ≤ 200 MB; the
 * figure itself is measured in bench/, `npm run bench -- --only processes`). Held here: the built CLI sets
 * the flag as it starts, before any command runs; likewise the optimisation budget (cli/optimisation-budget.ts). Run `npm run build` first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT } from '../../cli/heap-growth.js';
import { INTERRUPT_BUDGET_BYTES } from '../../cli/optimisation-budget.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const builtCli = resolve(root, 'dist/cli/main.js');

/** Records every v8.setFlagsFromString call (the CLI's named import reads the patched export) and prints them at exit. */
const RECORD_FLAGS = `data:text/javascript,import v8 from 'node:v8'; import { syncBuiltinESMExports } from 'node:module'; const calls = []; const set = v8.setFlagsFromString; v8.setFlagsFromString = (flags) => { calls.push(flags); set(flags); }; syncBuiltinESMExports(); process.on('exit', () => process.stderr.write('\\n@@flags ' + JSON.stringify(calls) + '\\n'));`;

describe('the sevenfold process', () => {
  it('limits the growth of its heap as it starts', () => {
    if (!existsSync(builtCli)) throw new Error('dist/cli/main.js is missing: run npm run build before the CLI tests');
    const run = spawnSync(process.execPath, ['--import', RECORD_FLAGS, builtCli, '--version'], { cwd: root, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const flags = JSON.parse(/@@flags (.*)/.exec(run.stderr)![1]!) as string[];
    expect(flags).toContain(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    expect(HEAP_GROWING_PERCENT).toBeGreaterThan(0);
  });

  // cli/optimisation-budget.ts: a short verify spent as much CPU optimising code on background threads as
  // running it on the main thread; the larger budget is set before any command module loads.
  it('delays V8\'s optimising compiler as it starts', () => {
    const run = spawnSync(process.execPath, ['--import', RECORD_FLAGS, builtCli, '--version'], { cwd: root, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const flags = JSON.parse(/@@flags (.*)/.exec(run.stderr)![1]!) as string[];
    expect(flags).toContain(`--interrupt-budget=${INTERRUPT_BUDGET_BYTES}`);
    expect(INTERRUPT_BUDGET_BYTES).toBeGreaterThan(67_584);
  });
});

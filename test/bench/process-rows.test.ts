/**
 * The whole-process rows (bench/process-rows.ts) read the CPU time and peak memory the child's main thread
 * reports as it exits. A preload runs in worker threads too: a worker that exits before the main thread
 * must not be the one whose figures the row reads.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../bench/process-rows.js';

describe('the process rows’ figures', () => {
  it('are the main thread’s at exit, not those of a worker that ended earlier', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sevenfold-process-rows-'));
    try {
      // A worker module that ends at once (as verify's workers end before it), then 300 ms of CPU on the main thread:
      // spun on the process's CPU clock, not the wall clock, so that a loaded machine (the spin getting a fraction of a
      // core) does not give less than the figure the test expects.
      writeFileSync(join(dir, 'worker.mjs'), 'export {};\n');
      writeFileSync(
        join(dir, 'main.mjs'),
        `import { Worker } from 'node:worker_threads';
         new Worker(new URL('./worker.mjs', import.meta.url)).on('exit', () => { const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; }; const end = cpu() + 300_000; while (cpu() < end); });\n`,
      );
      const figures = run([join(dir, 'main.mjs')]);
      expect(figures.exit).toBe(0);
      expect(figures.cpuS).toBeGreaterThan(0.25);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the process rows’ peak memory', () => {
  it('is the child’s own, not the resident size of the process that spawned it', () => {
    // getrusage's maxRSS survives exec: a child of a 300 MB parent reported at least 300 MB.
    const ballast = Buffer.alloc(300 * 1024 * 1024, 1);
    const figures = run(['-e', '0']);
    expect(ballast[ballast.length - 1]).toBe(1);
    expect(figures.exit).toBe(0);
    expect(figures.peakMB).toBeGreaterThan(10);
    expect(figures.peakMB).toBeLessThan(150);
  });
});

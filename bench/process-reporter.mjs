// Preloaded (--import) into each child of the bench's process rows (process-rows.ts): as the process exits,
// writes its CPU seconds (all threads) and peak resident memory to stderr. Only from the main thread: a
// preload runs in every worker thread too, and a worker that exits early (verify's proof and noble workers)
// wrote its line first, with the process's CPU and peak memory *at that moment*; the row read that line and
// under-reported verify's CPU by about a third.
import { isMainThread } from 'node:worker_threads';
import { peakResidentMiB } from './peak-memory.mjs';

if (isMainThread) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    process.stderr.write(`\n@@process ${JSON.stringify({ cpuS: (cpu.user + cpu.system) / 1e6, peakMB: peakResidentMiB() })}\n`);
  });
}

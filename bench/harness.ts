/**
 * The benchmark harness: every row measures a figure and, in the same run and process, a baseline
 * that does the unavoidable part of the same work. The ratio between them is what we track; absolute
 * numbers move with the machine, which is shared and noisy.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Bench } from 'tinybench';

export interface BenchRow {
  name: string;
  /** What the figure counts, e.g. "files/s". */
  unit: string;
  /** Why this baseline: printed under the table. */
  baselineDescription: string;
  /** Work items per call (e.g. files linted), to turn calls/s into items/s. */
  itemsPerCall: number;
  subject: () => unknown;
  baseline: () => unknown;
  /**
   * The clock the samples are timed with (default wall). 'cpu' is this process's CPU time: on a
   * machine shared by more runnable processes than cores, a call longer than a scheduler slice is
   * preempted in nearly every sample and a short one in few, so wall-clock medians understate the
   * longer side of a ratio (measured: a secure boot at 0.03x its baseline by wall-clock medians,
   * 0.5x by totals over the same calls); CPU time charges each call only for what it ran.
   */
  clock?: 'wall' | 'cpu';
  /**
   * Measure in two halves, subject then baseline, then baseline then subject, and take each side's
   * median over both: a side measured in one block sees only the machine's conditions of its own
   * seconds (other processes' load, which also slows this process's CPU time on shared cores). Costs a
   * second warm-up per side; for rows whose calls are short.
   */
  alternate?: boolean;
}

export interface BenchResult {
  name: string;
  unit: string;
  figure: number;
  baseline: number;
  ratio: number;
  baselineDescription: string;
}

/** The fewest timed calls per task, however long a call takes (the median of five). */
export const MIN_TIMED_CALLS = 5;

export async function measure(row: BenchRow, timeMs: number): Promise<BenchResult> {
  const order: ('subject' | 'baseline')[] = row.alternate ? ['subject', 'baseline', 'baseline', 'subject'] : ['subject', 'baseline'];
  const samples = { subject: [] as number[], baseline: [] as number[] };
  for (const side of order) {
    // Earlier rows (and the other side) leave garbage that V8 collects later, partly on background
    // threads that CPU time counts (seen once: right after the attacker searches, the first side of the
    // power-cut row ran 1.5x slower than the same side seconds later). A full collection first charges
    // neither side for what neither made.
    collectGarbage();
    // tinybench runs each task at least 64 times (and warms up 16 times) even past `time`: a row whose call takes
    // seconds (the 5-session attacker searches) kept `npm run bench` going for half an hour. Five timed calls and
    // one warm-up are the floor here; fast rows are still governed by `time`.
    const time = (timeMs * 2) / order.length;
    const bench = new Bench({ time, warmupTime: Math.min(500, time / 4), iterations: MIN_TIMED_CALLS, warmupIterations: 1, retainSamples: true, ...(row.clock === 'cpu' ? { now: cpuMs } : {}) });
    bench.add(side, row[side]);
    await bench.run();
    const result = bench.getTask(side)?.result as { latency?: { samples?: readonly number[] } } | undefined;
    samples[side].push(...(result?.latency?.samples ?? []));
  }
  const rate = (side: 'subject' | 'baseline') => {
    const ms = median(samples[side]);
    if (!ms) throw new Error(`benchmark ${row.name}/${side} produced no samples`);
    return (1000 / ms) * row.itemsPerCall;
  };
  const figure = rate('subject');
  const baseline = rate('baseline');
  return { name: row.name, unit: row.unit, figure, baseline, ratio: figure / baseline, baselineDescription: row.baselineDescription };
}

/** The median (the mean of the middle two for an even count), as tinybench's p50. */
function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A full garbage collection, with or without --expose-gc (the flag is set for this one lookup). */
const collectGarbage: () => void = (() => {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

export function formatTable(results: BenchResult[]): string {
  const header = ['benchmark', 'figure', 'baseline', 'ratio'];
  const rows = results.map((r) => [r.name, `${fmt(r.figure)} ${r.unit}`, `${fmt(r.baseline)} ${r.unit}`, `${r.ratio.toFixed(3)}x`]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const notes = results.map((r) => `  ${r.name}: baseline = ${r.baselineDescription}`);
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', ...notes].join('\n');
}

/** This process's CPU time (user + system, every thread) in milliseconds. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

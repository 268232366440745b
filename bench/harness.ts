/**
 * The benchmark harness: every row measures a figure and, in the same run and process, a baseline
 * that does the unavoidable part of the same work. The ratio between them is what we track; absolute
 * numbers move with the machine, which is shared and noisy.
 */
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
  // tinybench runs each task at least 64 times (and warms up 16 times) even past `time`: a row whose call takes
  // seconds (the 5-session attacker searches) kept `npm run bench` going for half an hour. Five timed calls and
  // one warm-up are the floor here; fast rows are still governed by `time`.
  const bench = new Bench({ time: timeMs, warmupTime: Math.min(500, timeMs / 4), iterations: MIN_TIMED_CALLS, warmupIterations: 1, ...(row.clock === 'cpu' ? { now: cpuMs } : {}) });
  bench.add('subject', row.subject).add('baseline', row.baseline);
  await bench.run();
  const median = (name: string) => {
    const task = bench.getTask(name);
    const result = task?.result as { latency?: { p50?: number } } | undefined;
    const ms = result?.latency?.p50;
    if (!ms) throw new Error(`benchmark ${row.name}/${name} produced no samples`);
    return (1000 / ms) * row.itemsPerCall;
  };
  const figure = median('subject');
  const baseline = median('baseline');
  return { name: row.name, unit: row.unit, figure, baseline, ratio: figure / baseline, baselineDescription: row.baselineDescription };
}

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

/**
 * Whole-process rows: a CLI command timed from outside, start-up included, against `node -e 0` (Node's
 * own start-up) measured in the same run. The two run in turn (A B A B …) and the ratio is taken pair
 * by pair, so a machine that speeds up or slows down during the run moves both sides of each pair;
 * the median pair is reported. Each child reports its own CPU time and peak resident memory as it
 * exits (a preloaded module, process-reporter.mjs, reads process.cpuUsage() and the peak resident memory), so the
 * figures need no tool outside Node.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const main = resolve(root, 'dist/cli/main.js');
/** Preloaded into each child: its main thread writes the figures to stderr as it exits (process-reporter.mjs). */
const REPORTER = pathToFileURL(resolve(root, 'bench', 'process-reporter.mjs')).href;

export interface ProcessRun {
  wallS: number;
  cpuS: number;
  peakMB: number;
  exit: number | null;
}

export interface ProcessRowResult {
  name: string;
  command: string;
  pairs: number;
  subject: ProcessRun;
  baseline: ProcessRun;
  /** Medians over the pairs of subject / baseline. */
  wallRatio: number;
  cpuRatio: number;
}

/** One child `node <args>`, timed from outside, with the figures its main thread reports as it exits. */
export function run(args: readonly string[]): ProcessRun {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', REPORTER, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallS = (performance.now() - started) / 1000;
  const line = /@@process (.*)/.exec(child.stderr ?? '')?.[1];
  if (!line) throw new Error(`${args.join(' ')} reported no figures (exit ${child.status}): ${(child.stderr ?? '').slice(-500)}`);
  const { cpuS, peakMB } = JSON.parse(line) as { cpuS: number; peakMB: number };
  return { wallS, cpuS, peakMB, exit: child.status };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** `sevenfold <args>` against `node -e 0`, `pairs` times in turn after one warm-up each. */
export function measureAgainstNode(name: string, cliArgs: readonly string[], pairs: number): ProcessRowResult {
  const subjectArgs = [main, ...cliArgs];
  const baselineArgs = ['-e', '0'];
  run(subjectArgs);
  run(baselineArgs);
  const subject: ProcessRun[] = [];
  const baseline: ProcessRun[] = [];
  for (let i = 0; i < pairs; i++) {
    subject.push(run(subjectArgs));
    baseline.push(run(baselineArgs));
  }
  const pick = (runs: ProcessRun[]): ProcessRun => ({ wallS: median(runs.map((r) => r.wallS)), cpuS: median(runs.map((r) => r.cpuS)), peakMB: median(runs.map((r) => r.peakMB)), exit: runs[0]!.exit });
  return {
    name,
    command: `node dist/cli/main.js ${cliArgs.join(' ')}`,
    pairs,
    subject: pick(subject),
    baseline: pick(baseline),
    wallRatio: median(subject.map((s, i) => s.wallS / baseline[i]!.wallS)),
    cpuRatio: median(subject.map((s, i) => s.cpuS / baseline[i]!.cpuS)),
  };
}

export function formatProcessTable(results: readonly ProcessRowResult[]): string {
  const header = ['process (vs node -e 0)', 'wall', 'cpu', 'peak', 'node wall', 'wall ratio', 'cpu ratio'];
  const rows = results.map((r) => [r.name, `${r.subject.wallS.toFixed(3)} s`, `${r.subject.cpuS.toFixed(3)} s`, `${r.subject.peakMB.toFixed(0)} MB`, `${r.baseline.wallS.toFixed(3)} s`, `${r.wallRatio.toFixed(1)}x`, `${r.cpuRatio.toFixed(1)}x`]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const notes = results.map((r) => `  ${r.name}: ${r.command} (exit ${r.subject.exit}), ${r.pairs} pairs in turn with node -e 0; medians; ratios pair by pair; peak = the child's own high-water mark of resident memory (VmHWM)`);
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', ...notes].join('\n');
}

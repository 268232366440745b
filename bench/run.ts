/**
 * `npm run bench`: runs every benchmark row and prints figure, baseline and ratio.
 * Options: --time <ms per task> (default 3000), --pairs <n> (whole-process rows, default 3), --json
 * (machine-readable), --only <group,…> (measure only these groups: lint, secure-boot, attacker-search, horn,
 * power-cut, allocation, processes; a rerun of one row should not pay for all the others). The
 * whole-process rows run the built CLI: `npm run build` first.
 * Each group of in-process rows runs in a fresh process of its own (this script again, with --group-process),
 * its figure and baseline alternating in it: a row measured after others in one process inherited their heap
 * and their warm caches (seen: the power-cut row's baseline of power-ons ran at 8,483/s after the attacker
 * searches against 3,538/s alone, the ratio 0.47 against 0.60), so a row's ratio depended on the order of
 * the rows rather than on the code it measures. --in-process keeps every group in this one process.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable, measure, type BenchResult, type BenchRow } from './harness.js';
import { lintThroughputRow } from './lint-throughput.bench.js';
import { attestationRows } from './attestation.bench.js';
import { allocationScaling } from './allocation-scaling.bench.js';
import { shutdownZ3 } from '../proofs/z3-session.js';
import { secureBootRow } from './secure-boot.bench.js';
import { updatePowerCutRows } from './update-power-cut.bench.js';
import { hornEngineComparison, hornProofRows } from './horn-proof.bench.js';
import { formatProcessTable, measureAgainstNode, type ProcessRowResult } from './process-rows.js';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const corpus = resolve(root, '../shared/corpus');
const args = process.argv.slice(2);
const timeArg = args.indexOf('--time');
const timeMs = timeArg >= 0 ? Number(args[timeArg + 1]) : 3000;
const pairsArg = args.indexOf('--pairs');
const pairs = pairsArg >= 0 ? Number(args[pairsArg + 1]) : 3;

const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? new Set(String(args[onlyArg + 1]).split(',')) : undefined;
const wanted = (group: string) => !only || only.has(group);

const groups: [string, () => Promise<(BenchRow | string)[]> | (BenchRow | string)[]][] = [
  ['lint', () => [lintThroughputRow(corpus)]],
  ['secure-boot', async () => [await secureBootRow()]],
  ['attacker-search', () => attestationRows()],
  ['horn', () => hornProofRows()],
  ['power-cut', () => updatePowerCutRows()],
];
const groupProcess = args.includes('--group-process');
const isolate = !groupProcess && !args.includes('--in-process');
const results: BenchResult[] = [];
const notes: string[] = [];

/** One group in a fresh process: its rows' results and notes, or why it gave none (printed, never a figure). */
function measureGroupInItsOwnProcess(group: string): void {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--only', group, '--time', String(timeMs), '--group-process', '--json', ...(args.includes('--horn-z3') && group === 'horn' ? ['--horn-z3'] : [])], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = child.status === 0 ? parseGroupOutput(child.stdout) : undefined;
  if (!out) {
    notes.push(`${group}: no figures (its process exited ${child.status ?? child.signal})`);
    return;
  }
  results.push(...out.rows);
  notes.push(...out.notes);
}

function parseGroupOutput(stdout: string): { rows: BenchResult[]; notes: string[] } | undefined {
  try {
    const parsed = JSON.parse(stdout, (_key, value: unknown) => (isNonFinite(value) ? Number(value.nonFinite) : value)) as { rows?: BenchResult[]; notes?: string[] };
    return { rows: parsed.rows ?? [], notes: parsed.notes ?? [] };
  } catch {
    return undefined;
  }
}

/**
 * A group's process hands its figures over as JSON, which has no Infinity or NaN (a row whose baseline took no
 * time, a ratio of nothing): they travel as { nonFinite: "Infinity" } and come back as numbers.
 */
interface NonFinite {
  nonFinite: string;
}
function isNonFinite(value: unknown): value is NonFinite {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 1 && typeof (value as NonFinite).nonFinite === 'string';
}
const keepNonFinite = (_key: string, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? { nonFinite: String(value) } : value);

const inProcessGroups = [...groups.map(([group]) => group), 'allocation'];
if (isolate) for (const group of inProcessGroups) if (wanted(group)) measureGroupInItsOwnProcess(group);
const rows: (BenchRow | string)[] = [];
if (!isolate) for (const [group, build] of groups) if (wanted(group)) rows.push(...(await build()));
for (const row of rows) {
  if (typeof row === 'string') {
    console.error(row);
    continue;
  }
  process.stderr.write(`measuring ${row.name}…\n`);
  results.push(await measure(row, timeMs));
}
// Async, one-shot Z3 measurements (allocation-scaling.bench.ts has its own loop).
if (!isolate && wanted('allocation')) {
  process.stderr.write('measuring allocation scaling (Z3)…\n');
  const scaling = await allocationScaling(timeMs);
  results.push(...scaling.results);
  notes.push(...scaling.notes);
}
if (!isolate && args.includes('--horn-z3')) notes.push(...(await hornEngineComparison(10_000)));
await shutdownZ3();
// Whole processes, start-up included, each against Node's own start-up in the same run.
const processes: ProcessRowResult[] = [];
if (!groupProcess && wanted('processes')) {
  process.stderr.write('measuring sevenfold --help and sevenfold verify against node -e 0…\n');
  processes.push(measureAgainstNode('sevenfold --help', ['--help'], pairs), measureAgainstNode('sevenfold verify (all seven, built-in product)', ['verify', '--seed', '1'], pairs));
}
if (groupProcess) console.log(JSON.stringify({ rows: results, notes }, keepNonFinite));
else if (args.includes('--json')) console.log(JSON.stringify({ rows: results, processes, notes }, null, 2));
else console.log([formatTable(results), '', ...notes, ...(processes.length ? ['', formatProcessTable(processes)] : [])].join('\n'));

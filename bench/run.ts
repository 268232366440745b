/**
 * `npm run bench`: runs every benchmark row and prints figure, baseline and ratio.
 * Options: --time <ms per task> (default 3000), --pairs <n> (whole-process rows, default 3), --json
 * (machine-readable), --only <group,…> (measure only these groups: lint, secure-boot, attacker-search, horn,
 * power-cut, allocation, processes; a rerun of one row should not pay for all the others). The
 * whole-process rows run the built CLI: `npm run build` first.
 */
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
const rows: (BenchRow | string)[] = [];
for (const [group, build] of groups) if (wanted(group)) rows.push(...(await build()));
const results: BenchResult[] = [];
for (const row of rows) {
  if (typeof row === 'string') {
    console.error(row);
    continue;
  }
  process.stderr.write(`measuring ${row.name}…\n`);
  results.push(await measure(row, timeMs));
}
// Async, one-shot Z3 measurements (allocation-scaling.bench.ts has its own loop).
const notes: string[] = [];
if (wanted('allocation')) {
  process.stderr.write('measuring allocation scaling (Z3)…\n');
  const scaling = await allocationScaling(timeMs);
  results.push(...scaling.results);
  notes.push(...scaling.notes);
}
if (args.includes('--horn-z3')) notes.push(...(await hornEngineComparison(10_000)));
await shutdownZ3();
// Whole processes, start-up included, each against Node's own start-up in the same run.
const processes: ProcessRowResult[] = [];
if (wanted('processes')) {
  process.stderr.write('measuring sevenfold --help and sevenfold verify against node -e 0…\n');
  processes.push(measureAgainstNode('sevenfold --help', ['--help'], pairs), measureAgainstNode('sevenfold verify (all seven, built-in product)', ['verify', '--seed', '1'], pairs));
}
if (args.includes('--json')) console.log(JSON.stringify({ rows: results, processes }, null, 2));
else console.log([formatTable(results), '', ...notes, ...(processes.length ? ['', formatProcessTable(processes)] : [])].join('\n'));

/**
 * `npm run bench`: runs every benchmark row and prints figure, baseline and ratio.
 * Options: --time <ms per task> (default 3000), --json (machine-readable).
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

const root = resolve(fileURLToPath(import.meta.url), '../..');
const corpus = resolve(root, '../shared/corpus');
const args = process.argv.slice(2);
const timeArg = args.indexOf('--time');
const timeMs = timeArg >= 0 ? Number(args[timeArg + 1]) : 3000;

const rows: (BenchRow | string)[] = [lintThroughputRow(corpus), await secureBootRow(), ...attestationRows(), ...(await updatePowerCutRows())];
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
process.stderr.write('measuring allocation scaling (Z3)…\n');
const scaling = await allocationScaling(timeMs);
results.push(...scaling.results);
await shutdownZ3();
if (args.includes('--json')) console.log(JSON.stringify(results, null, 2));
else console.log([formatTable(results), '', ...scaling.notes].join('\n'));

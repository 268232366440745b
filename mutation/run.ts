/**
 * npm run mutate [--concurrency n] [file…]: mutation testing of the spec's central rules (issue 13), one file at a time, each against
 * the tests that state its rules (mutation/tests-per-file.json) instead of every test that imports it transitively
 * (which made the initial run of one file exceed Stryker's five-minute dry-run limit on two cores). Prints one row
 * per file: mutants, killed, survived, timed out, no coverage, score; the per-mutant report is
 * reports/mutation/<file>.json (and .html). Exit 1 when a file scores under the threshold (85 %).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const THRESHOLD = 85;
const table = JSON.parse(readFileSync(join(root, 'mutation', 'tests-per-file.json'), 'utf8')) as Record<string, string[] | string>;
const { $schema: _schema, ...base } = JSON.parse(readFileSync(join(root, 'stryker.config.json'), 'utf8')) as Record<string, unknown>;
const configured = Object.keys(table).filter((k) => !k.startsWith('_'));
// --concurrency <n>: Stryker's test-runner processes (the config's 2 otherwise); 1 on a machine other work shares.
const argv = process.argv.slice(2);
const at = argv.indexOf('--concurrency');
const concurrency = at >= 0 ? Number(argv[at + 1]) : undefined;
if (at >= 0 && !(Number.isInteger(concurrency) && concurrency! > 0)) {
  console.error(`npm run mutate: --concurrency takes a whole number of processes above 0, not ${argv[at + 1] ?? 'nothing'}`);
  process.exit(2);
}
const asked = at >= 0 ? [...argv.slice(0, at), ...argv.slice(at + 2)] : argv;
const unknown = asked.filter((f) => !configured.includes(f));
if (unknown.length) {
  console.error(`npm run mutate: ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not in mutation/tests-per-file.json (configured: ${configured.join(', ')})`);
  process.exit(2);
}

interface MutantResult {
  status: string;
}
const rows: string[] = [];
let below = false;
for (const file of asked.length ? asked : configured) {
  const slug = file.replace(/[/.]/g, '_');
  const report = join(root, 'reports', 'mutation', `${slug}.json`);
  mkdirSync(dirname(report), { recursive: true });
  const tests = table[file] as string[];
  console.log(`mutating ${file} against ${tests.join(', ')}`);
  // Stryker's command line takes no nested options (the reporters' file names), so each file gets a config of its own.
  const config = join(root, 'reports', 'mutation', `${slug}.stryker.json`);
  writeFileSync(
    config,
    JSON.stringify({
      ...base,
      mutate: [file],
      ...(concurrency ? { concurrency } : {}),
      jsonReporter: { fileName: report },
      htmlReporter: { fileName: report.replace(/\.json$/, '.html') },
      incrementalFile: report.replace(/\.json$/, '.incremental.json'),
    }),
  );
  const run = spawnSync('npx', ['stryker', 'run', config], { cwd: root, stdio: 'inherit', env: { ...process.env, MUTATION_TESTS: tests.join(',') } });
  if (run.status !== 0) {
    rows.push(`${file}: stryker exited ${run.status}: no score`);
    below = true;
    continue;
  }
  const json = JSON.parse(readFileSync(report, 'utf8')) as { files: Record<string, { mutants: MutantResult[] }> };
  const mutants = Object.values(json.files).flatMap((f) => f.mutants);
  const count = (s: string) => mutants.filter((m) => m.status === s).length;
  const killed = count('Killed') + count('Timeout');
  const valid = mutants.length - count('CompileError') - count('RuntimeError') - count('Ignored');
  const score = valid ? (100 * killed) / valid : 0;
  if (score < THRESHOLD) below = true;
  rows.push(`${file}: ${mutants.length} mutants, ${count('Killed')} killed, ${count('Timeout')} timed out, ${count('Survived')} survived, ${count('NoCoverage')} without coverage: ${score.toFixed(1)} %`);
}
console.log(`\nmutation scores (threshold ${THRESHOLD} %):\n${rows.map((r) => `  ${r}`).join('\n')}`);
process.exit(below ? 1 : 0);

/**
 * The work of `sevenfold report` (declared in report-command.ts): verify every property, then write
 * the audit report in the formats asked for.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { formatDiagnostic } from '../../reports/diagnostics/format-diagnostics.js';
import { PROPERTIES } from '../../properties/registry.js';
import { slug } from '../../reports/audit/sarif.js';
import { runVerification } from '../../reports/audit/verification-run.js';
import { outputFolderProblem, ReportOutputError, writeReport } from '../../reports/audit/write-report.js';
import { readFuzzCampaigns } from '../../reports/audit/fuzz.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { printDesignFileErrors } from './command-error-output.js';
import type { CliIo } from '../io.js';
import { DEFAULT_FUZZ_DIR, DEFAULT_REPORT_DIR, type ReportCommandOptions } from './report-command.js';

export async function runReport(options: ReportCommandOptions, io: CliIo): Promise<ExitCode> {
  // Everything that can be checked without the product is checked before the verification runs.
  const outProblem = outputFolderProblem(options.out ?? DEFAULT_REPORT_DIR, io.cwd);
  if (outProblem) {
    io.err(`sevenfold report: ${options.out === undefined ? `the default output folder ${DEFAULT_REPORT_DIR}` : `--out ${options.out}`}: ${outProblem}; name a folder (it is created if missing)`);
    return EXIT.usage;
  }
  const fuzzPath = options.fuzz === undefined || options.fuzz === false ? undefined : options.fuzz === true ? DEFAULT_FUZZ_DIR : options.fuzz;
  if (fuzzPath !== undefined) {
    const found = readFuzzCampaigns(fuzzPath, io.cwd);
    if (found.campaigns.length === 0) {
      io.err(`sevenfold report: --fuzz ${fuzzPath}: ${existsSync(resolve(io.cwd, fuzzPath)) ? `no fuzz campaign results in it (sevenfold fuzz <target> --out ${fuzzPath} writes them)` : 'no such file or folder'}`);
      return EXIT.usage;
    }
  }
  let decided = 0;
  const outcome = await runVerification({
    ...(options.product !== undefined ? { product: options.product } : {}),
    cwd: io.cwd,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    runs: options.runs,
    timeoutMs: options.timeout,
    jobs: options.jobs,
    ...(options.requirements !== undefined ? { requirements: options.requirements } : {}),
    ...(fuzzPath !== undefined ? { fuzz: fuzzPath } : {}),
    progress: (m) => io.progress(m),
    // Each verdict on stderr as soon as it is known: io.progress shows nothing off a terminal, and a report
    // takes long enough that a CI log (or `| tee`) must show it is getting on. stdout keeps only the summary.
    done: (result) => io.err(`[${++decided}/${PROPERTIES.length}] ${result.property} ${result.verdict}`),
  });
  if (!outcome.ok && outcome.refusal) {
    io.err(`sevenfold report: ${outcome.refusal}`);
    return EXIT.usage;
  }
  if (!outcome.ok) {
    if (outcome.located) printDesignFileErrors(io, 'RequirementsInvalid', outcome.located);
    else for (const e of outcome.errors ?? []) io.err(e);
    for (const d of outcome.diagnostics) io.err(formatDiagnostic(d, { color: io.color }));
    // As verify says it: a broken requirement profile is not the product, and lint reads no profile.
    if (outcome.input === 'requirements') io.err(`sevenfold report: cannot use the requirement profile ${displayPath(outcome.file)}: fix the errors above first`);
    else io.err(`sevenfold report: cannot verify ${displayPath(outcome.file)}: fix the errors above first (sevenfold lint shows them with hints)`);
    return EXIT.usage;
  }
  const run = outcome.run;
  const outDir = options.out ?? `${DEFAULT_REPORT_DIR}/${slug(run.product.name)}`;
  let written;
  try {
    written = await writeReport(run, { outDir, formats: options.format, svg: options.svg ? 'auto' : 'off', progress: (m) => io.progress(m) });
  } catch (err) {
    io.progress('');
    // A folder it cannot use or a write the file system refused is the user's I/O error (2); anything else is a
    // defect in a report writer, which program.ts reports as an internal error (3), not as a folder to fix.
    if (!(err instanceof ReportOutputError) && (err as NodeJS.ErrnoException | undefined)?.code === undefined) throw err;
    io.err(`sevenfold report: cannot write the report to ${outDir}: ${err instanceof Error ? err.message : String(err)}`);
    io.err('(the verification ran; rerun with a writable --out and the same --seed to get the same report)');
    return EXIT.usage;
  }
  const report = written.report;
  io.out(`Product: ${run.product.name}${run.productSource === 'builtin' ? ' (built-in default product)' : ''}`);
  io.out(`  file: ${displayPath(run.product.file)}; seed: ${run.seed}`);
  io.out('');
  const width = Math.max(...report.rows.map((r) => r.property.id.length), 8);
  io.out(`${'property'.padEnd(width)}  ${'verdict'.padEnd(8)}  summary`);
  for (const r of report.rows) io.out(`${r.property.id.padEnd(width)}  ${r.result.verdict.padEnd(8)}  ${r.result.summary}`);
  io.out('');
  for (const f of report.findings) {
    const at = f.locations[0];
    io.out(`${f.level} ${f.property}: ${f.message}${at ? ` (${at.file}:${at.line}:${at.column})` : ''}`);
    io.out(`    reproduce: ${f.reproduce}`);
  }
  if (report.findings.length) io.out('');
  for (const file of written.files.filter((f) => !/\.(mmd|svg)$/.test(f))) io.out(`wrote ${displayPath(file)}`);
  const svgs = written.files.filter((f) => f.endsWith('.svg')).length;
  const mmds = written.files.filter((f) => f.endsWith('.mmd')).length;
  if (mmds) io.out(`wrote ${mmds} diagrams to ${displayPath(written.outDir)}/diagrams/ (.mmd${svgs ? ` and ${svgs} .svg` : ''})`);
  for (const s of written.skipped) io.out(`skipped: ${s}`);
  const c = report.counts;
  // A crash in an included fuzz campaign is an error in the report (and in its SARIF), so a CI gate must see it too:
  // report.exitCode (reports/audit/report-model.ts) is at least 1 then, and is the code every format states.
  const crashes = run.fuzz?.campaigns.reduce((n, k) => n + k.crashes.length, 0) ?? 0;
  const code = report.exitCode;
  if (crashes > 0) io.out(`fuzz: ${crashes} crash${crashes === 1 ? '' : 'es'} in the included campaigns`);
  io.out(`verdict: ${run.verdict} (${c.holds} hold, ${c.violated} violated, ${c.unknown} unknown) — exit ${code}`);
  return code;
}

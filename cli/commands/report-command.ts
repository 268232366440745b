/**
 * `sevenfold report`: verify every property of a product and write an audit report (Markdown,
 * HTML, JSON, SARIF) with diagrams. The exit code is the verdict's (0 holds, 1 violated,
 * 3 unknown), or 2 when the product cannot be loaded or the report cannot be written. This module
 * only declares the command (options and help); the work is in report-action.ts, loaded when it runs.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { REPORT_FORMATS, type ReportFormat } from '../../reports/audit/report-formats.js';
import { DEFAULT_FUZZ_OUT } from '../../fuzz/engine/fuzz-out-folder.js';
import { EXIT_CODES_HELP, type ExitCode } from '../exit-codes.js';
import { jobsOption, nonEmpty, runsOption, seedOption, timeoutOption } from '../options.js';
import type { CliIo } from '../io.js';
import { DEFAULT_TIMEOUT_MS } from '../../proofs/z3-session.js';

export const DEFAULT_REPORT_DIR = 'reports/out';
/** The folder `sevenfold fuzz` writes its results to by default (one constant for both commands). */
export const DEFAULT_FUZZ_DIR = DEFAULT_FUZZ_OUT;

export interface ReportCommandOptions {
  product?: string;
  out?: string;
  format: ReportFormat[];
  seed?: number;
  runs: number;
  timeout: number;
  requirements?: string;
  /** true: the default folder; a string: that file or folder; undefined: not asked for. */
  fuzz?: string | boolean;
  svg: boolean;
  /** Worker threads deciding properties side by side. */
  jobs: number;
}

const ALL_FORMATS: ReportFormat[] = [...REPORT_FORMATS];

export function parseFormats(value: string, previous?: ReportFormat[]): ReportFormat[] {
  const list = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .map((s) => (s === 'markdown' ? 'md' : s));
  if (list.length === 0) throw new InvalidArgumentError(`expected at least one of ${REPORT_FORMATS.join(', ')}`);
  const unknown = list.filter((s) => !(REPORT_FORMATS as readonly string[]).includes(s));
  if (unknown.length) throw new InvalidArgumentError(`unknown format ${unknown.map((s) => `"${s}"`).join(', ')}; choose from ${REPORT_FORMATS.join(', ')}`);
  // Repeated --format options add up; the default list is replaced by the first one given.
  const base = previous && previous !== ALL_FORMATS ? previous : [];
  return [...new Set([...base, ...(list as ReportFormat[])])];
}

export function registerReportCommand(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  program
    .command('report')
    .description('Verify every property and write an audit report: Markdown, HTML, JSON and SARIF, with diagrams.')
    .option('--product <file>', 'product file (default: ./sevenfold.json, else the built-in MT3620 reference product)', nonEmpty)
    .option('--out <dir>', `output folder (default: ${DEFAULT_REPORT_DIR}/<product name>)`, nonEmpty)
    .addOption(new Option('--format <formats>', `formats to write, comma-separated: ${REPORT_FORMATS.join(', ')}`).argParser(parseFormats).default(ALL_FORMATS, REPORT_FORMATS.join(',')))
    .option('--seed <n>', 'seed for randomised checks, to replay a run (default: random, printed)', seedOption)
    .option('--runs <n>', 'cases per randomised check', runsOption, 200)
    .option('--timeout <ms>', 'time limit per solver call; past it the check is unknown', timeoutOption, DEFAULT_TIMEOUT_MS)
    .option('--requirements <file>', 'requirement profile the properties hold the product to (default: the built-in profile)', nonEmpty)
    .option('--fuzz [path]', `include the latest fuzz campaign results from this file or folder (default folder: ${DEFAULT_FUZZ_DIR})`, nonEmpty)
    .option('--jobs <n>', 'worker threads deciding properties side by side (1 to 7); verdicts do not depend on it', jobsOption, 1)
    .option('--no-svg', 'do not try to write SVG files (they need mermaid-cli and a Chromium)')
    .addHelpText(
      'after',
      `
Writes report.md, report.html, report.json, report.sarif and diagrams/*.mmd into the output folder,
and diagrams/*.svg when mermaid-cli (mmdc) and a Chromium are installed.

Examples:
  $ sevenfold report
  $ sevenfold report --product test/fixtures/products/cross-core-block/sevenfold.json --out audit --seed 42
  $ sevenfold report --format sarif --out .       then upload report.sarif with github/codeql-action/upload-sarif

${EXIT_CODES_HELP}`,
    )
    .action(async (opts: ReportCommandOptions) => {
      const { runReport } = await import('./report-action.js');
      setExit(await runReport(opts, io));
    });
}

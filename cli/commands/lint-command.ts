import { lint, type LintResult } from '../../model/lint/lint.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { diagnosticToJson, formatDiagnostic, formatSummary } from '../../reports/diagnostics/format-diagnostics.js';
import { lintErrorSarif, lintSarif } from '../../reports/diagnostics/diagnostics-sarif.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import type { Severity } from '../../formats/diagnostics/diagnostic.js';
import { errorOutput } from './command-error-output.js';

export interface LintCommandOptions {
  hardware?: string;
  hardwarePath: string[];
  /** NAME or NAME=VALUE, from --define. */
  define?: string[];
  format: 'text' | 'json' | 'sarif';
  showResolved?: boolean;
  /** Lowest severity that fails the run (default error). */
  failOn?: 'error' | 'warning' | 'info';
  quiet?: boolean;
}

export function runLint(paths: string[], options: LintCommandOptions, io: CliIo, commandLine: readonly string[] = paths): ExitCode {
  const started = Date.now();
  const result = lint(paths, {
    ...(options.hardware ? { hardware: options.hardware } : {}),
    hardwarePath: options.hardwarePath,
    defines: parseDefines(options.define ?? []),
    onProgress: (done, total) => {
      if (Date.now() - started > 1000) io.progress(done < total ? `linting ${done}/${total} files…` : '');
    },
  });
  io.progress('');
  const command = ['sevenfold', 'lint', ...commandLine].join(' ');
  if (result.usageErrors.length > 0) {
    for (const message of result.usageErrors) io.err(`sevenfold lint: ${message}`);
    // The document stands for the run that did not happen: the findings of the paths it could read are left out.
    // SARIF has a notification per error; the JSON document one message.
    const sarif = () => lintErrorSarif({ messages: result.usageErrors }, { cwd: io.cwd, command });
    return errorOutput('lint', options.format, io, sarif).document({ kind: 'usage', message: result.usageErrors.join('; ') });
  }
  const failing = { error: ['error'], warning: ['error', 'warning'], info: ['error', 'warning', 'info'] }[options.failOn ?? 'error'] as Severity[];
  const code = failing.some((severity) => result.counts[severity] > 0) ? EXIT.findings : EXIT.ok;
  if (options.format === 'json') io.out(JSON.stringify(lintJson(result), null, 2));
  else if (options.format === 'sarif') io.out(JSON.stringify(lintSarif(result, { cwd: io.cwd, command }, code), null, 2));
  else printText(result, options, io);
  return code;
}

/** NAME=VALUE, or NAME alone for TRUE (cmake -D NAME would need a value; a board switch is the common case). */
export function parseDefines(defines: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const d of defines) {
    const at = d.indexOf('=');
    map.set(at < 0 ? d : d.slice(0, at), at < 0 ? 'TRUE' : d.slice(at + 1));
  }
  return map;
}

function printText(result: LintResult, options: LintCommandOptions, io: CliIo): void {
  for (const d of result.diagnostics) {
    if (options.quiet && d.severity !== 'error') continue;
    io.out(formatDiagnostic(d, { color: io.color }));
  }
  if (options.showResolved) {
    for (const f of result.files) {
      for (const p of f.manifest?.peripherals ?? []) {
        if (p.reference === undefined || p.value === undefined) continue;
        io.out(`${displayPath(f.file)}: ${p.capability} ${p.raw} = ${JSON.stringify(p.value)}  via ${p.resolvedVia?.join(' → ')}`);
      }
    }
  }
  io.out(formatSummary(result.counts, describeFiles(result)));
}

function describeFiles(result: LintResult): string {
  const count = (kind: string) => result.files.filter((f) => f.kind === kind).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [plural(count('manifest'), 'manifest'), plural(count('hardware-definition'), 'hardware definition')];
  if (count('product')) parts.push(plural(count('product'), 'product file'));
  if (count('unrecognised')) parts.push(`${count('unrecognised')} other`);
  const fromCmake = result.files.filter((f) => f.hardware?.from === 'cmake').length;
  const hw = result.hardware
    ? `; references resolved against ${displayPath(result.hardware.file)}`
    : fromCmake
      ? `; hardware definition${fromCmake === 1 ? '' : 's'} of ${plural(fromCmake, 'app')} found through CMakeLists.txt`
      : '';
  return `${plural(result.files.length, 'file')} (${parts.join(', ')})${hw}`;
}

function lintJson(result: LintResult): unknown {
  return {
    version: 1,
    summary: { ...result.counts, files: result.files.length },
    files: result.files.map((f) => ({
      file: displayPath(f.file),
      kind: f.kind,
      ...(f.hardware
        ? {
            hardwareDefinition: {
              file: displayPath(f.hardware.file),
              from: f.hardware.from,
              ...(f.hardware.cmakeFile ? { cmake: `${displayPath(f.hardware.cmakeFile)}:${f.hardware.line}` } : {}),
              ...(f.hardware.conditions?.length ? { conditions: f.hardware.conditions } : {}),
            },
          }
        : {}),
      ...(f.manifest
        ? {
            references: f.manifest.peripherals
              .filter((p) => p.reference !== undefined)
              .map((p) => ({ pointer: p.pointer, capability: p.capability, raw: p.raw, value: p.value ?? null, via: p.resolvedVia ?? [] })),
          }
        : {}),
    })),
    diagnostics: result.diagnostics.map(diagnosticToJson),
  };
}

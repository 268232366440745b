/**
 * What a command with a machine-readable format (verify, query reach, diff, attacks, image show|verify: --format
 * json; lint: --format json or sarif) writes on stdout when it stops before its result (exit 2), and what any of
 * them writes when the option parser refuses its command line (parse-error-output.ts): a CI step that parses stdout
 * gets a document saying why, not an empty stream it fails to parse with no hint. stderr keeps its own lines; this
 * module only adds the stdout document, written once here for every command.
 *
 * JSON: the `version` and `diagnostics` of the command's result document (same diagnostic objects), an `error` in
 * place of its result (no verdict, status or results key at all: nothing in it reads as an answer), and the inputs
 * the command was given. SARIF: the command passes its writer (lint: reports/diagnostics/diagnostics-sarif.ts,
 * lintErrorSarif), so the other commands do not load the SARIF code.
 */
import type { Diagnostic } from '../../formats/diagnostics/diagnostic.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import type { CodeName } from '../../formats/diagnostics/codes.js';
import type { LocatedError } from '../../formats/json/design-file.js';
import { makeDiagnostic } from '../../formats/json/located-json.js';
import { diagnosticToJson, formatDiagnostic } from '../../reports/diagnostics/format-diagnostics.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';

/** usage: the options ask for something impossible (an unknown property, attack or app); input: a file has errors. */
export type CommandErrorKind = 'usage' | 'input';

export interface CommandError {
  kind: CommandErrorKind;
  message: string;
  /** The located errors behind an input error (every diagnostic of the file, warnings included). */
  diagnostics?: readonly Diagnostic[];
  /** The inputs the command was given, named as its result document names them (product, old, new, …). */
  inputs?: Record<string, unknown>;
}

export function commandErrorJson(error: CommandError): Record<string, unknown> {
  return {
    version: 1,
    error: { kind: error.kind, message: error.message, exitCode: EXIT.usage },
    ...error.inputs,
    diagnostics: (error.diagnostics ?? []).map(diagnosticToJson),
  };
}

/** The `product` input of a command that loads one: the file as the CLI shows paths, and how it was chosen. */
export function productInput(file: string, source: string): Record<string, unknown> {
  return { product: { file: displayPath(file), source } };
}

/** The errors of a design file (requirement profile, update design) as diagnostics under that file's code. */
export function designFileDiagnostics(code: CodeName, errors: readonly LocatedError[]): Diagnostic[] {
  return errors.map((e) => makeDiagnostic(code, e.file, e.pointer, { line: e.line, column: e.column }, e.message));
}

/**
 * A design file named on the command line (a requirement profile, --protocol, --update) that does not load: each error
 * printed as the product's own design files print theirs (`file:line:col: error SF5201 RequirementsInvalid: message
 * [pointer]` and the hint). They were printed as bare `file:line:col: message`, with no severity and no code.
 */
export function printDesignFileErrors(io: CliIo, code: CodeName, errors: readonly LocatedError[]): void {
  for (const d of designFileDiagnostics(code, errors)) io.err(formatDiagnostic(d, { color: io.color }));
}

export interface ErrorOutput {
  /** The stdout document alone (for a stop whose stderr lines the command writes itself); returns exit 2. */
  document(error: CommandError): ExitCode;
  /** `sevenfold <command>: <message><advice>` on stderr, then the document; `advice` points at stderr lines above it, so the document leaves it out. */
  stop(error: CommandError, advice?: string): ExitCode;
}

/**
 * The stops of one command run. `format` is the run's --format: json writes the document above, sarif the log
 * `sarif` makes (a command with a SARIF format passes it), text nothing on stdout.
 */
export function errorOutput(command: string, format: string, io: CliIo, sarif?: (error: CommandError) => unknown): ErrorOutput {
  const document = (error: CommandError): ExitCode => {
    if (format === 'json') io.out(JSON.stringify(commandErrorJson(error), null, 2));
    else if (format === 'sarif' && sarif) io.out(JSON.stringify(sarif(error), null, 2));
    return EXIT.usage;
  };
  return {
    document,
    stop: (error, advice = '') => {
      io.err(`sevenfold ${command}: ${error.message}${advice}`);
      return document(error);
    },
  };
}

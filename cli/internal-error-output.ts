/**
 * An error no command caught (a defect in Sevenfold outside a property's check: the product loader, a report writer)
 * is neither the user's usage or input error (exit 2) nor a verdict: nothing was decided, so exit 3 (unknown). stderr
 * gets one line naming the command and the error and one saying it is Sevenfold's bug, with the stack trace only when
 * SEVENFOLD_DEBUG is set (a clear message, never a stack, is what the user sees: the brief's rule for every error). A
 * command line that asked for --format json gets a document on stdout, as the usage and input stops do
 * (command-error-output.ts), with `error.kind` `internal` and exit code 3; verify's also lists every property it was
 * asked for as `unknown` with the reason, so a CI step reading the verdicts reads no property as decided. lint's
 * --format sarif gets its stopped-run log with exit code 3. Loaded only on such an error.
 */
import type { Command } from 'commander';
import { findProperty, PROPERTIES } from '../properties/registry.js';
import type { PropertyResult } from '../properties/verdict.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import { commandOf, parseErrorFormat } from './parse-error-format.js';

export async function reportInternalError(err: unknown, program: Command, argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const { command, names } = commandOf(program, argv);
  const reason = String(err);
  const message = `internal error: ${reason}`;
  io.err(`sevenfold${names.length ? ` ${names.join(' ')}` : ''}: ${message}`);
  if (process.env['SEVENFOLD_DEBUG'] && err instanceof Error && err.stack) io.err(err.stack);
  io.err(`This is a bug in Sevenfold, not a finding about your device and not an error in your input: nothing was decided (exit ${EXIT.unknown}). Please report it with the command you ran${process.env['SEVENFOLD_DEBUG'] ? ' and the stack trace above' : '; SEVENFOLD_DEBUG=1 shows the stack trace'}.`);
  const asked = parseErrorFormat(program, argv);
  if (asked?.format === 'json') {
    const verdicts = asked.command === 'verify' ? { verdict: 'unknown', results: unknownResults(command, reason) } : {};
    io.out(JSON.stringify({ version: 1, error: { kind: 'internal', message, exitCode: EXIT.unknown }, ...verdicts, diagnostics: [] }, null, 2));
  } else if (asked?.format === 'sarif' && asked.command === 'lint') {
    const { lintErrorSarif } = await import('../reports/diagnostics/diagnostics-sarif.js');
    io.out(JSON.stringify(lintErrorSarif({ messages: [message], exitCode: EXIT.unknown }, { cwd: io.cwd, command: ['sevenfold', ...argv].join(' ') }), null, 2));
  }
  return EXIT.unknown;
}

/** Every property verify was asked for (--property, as commander parsed it; all when none or unparsed), each unknown naming the error. */
function unknownResults(verify: Command, reason: string): PropertyResult[] {
  const asked = (verify.opts()['property'] as string[] | undefined) ?? [];
  const ids = [...new Set(asked.filter((id) => findProperty(id)))];
  return (ids.length ? ids : PROPERTIES.map((p) => p.id)).map((property) => ({
    property,
    verdict: 'unknown',
    summary: `not decided: Sevenfold failed internally before deciding (${reason}): a bug in Sevenfold, not a finding about the device`,
  }));
}

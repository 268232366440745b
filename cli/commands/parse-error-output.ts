/**
 * The stdout document of a command line commander refused (exit 2, its message already on stderr) when it asked
 * for --format json or sarif (cli/parse-error-format.ts finds which): a usage error, through the same writer as the
 * commands' own stops. Loaded only on such an error, so the SARIF writer stays out of every other start.
 */
import type { CliIo } from '../io.js';
import { errorOutput } from './command-error-output.js';

export async function writeParseErrorDocument(target: { command: string; format: string }, message: string, argv: readonly string[], io: CliIo): Promise<void> {
  const commandLine = ['sevenfold', ...argv].join(' ');
  const { lintErrorSarif } = target.format === 'sarif' ? await import('../../reports/diagnostics/diagnostics-sarif.js') : { lintErrorSarif: undefined };
  const sarif = lintErrorSarif && ((error: { message: string }) => lintErrorSarif({ messages: [error.message] }, { cwd: io.cwd, command: commandLine }));
  // commander's messages start with "error: "; the document's kind already says it is one.
  errorOutput(target.command, target.format, io, sarif).document({ kind: 'usage', message: message.replace(/^error: /, '') });
}

/**
 * `sevenfold export --format proverif|tamarin`: the protocol design as a ProVerif (.pv) or Tamarin
 * (.spthy) model, for users who have those tools. Exit 0 when written; 2 for a bad option, a protocol
 * design with errors, or an output file that cannot be written. This module only declares the command
 * (options and help); the work is in export-action.ts, loaded when the command runs.
 */
import { Option, type Command } from 'commander';
import { EXIT_CODES_HELP, type ExitCode } from '../exit-codes.js';
import { nonEmpty } from '../options.js';
import type { CliIo } from '../io.js';

export interface ExportOptions {
  format: 'proverif' | 'tamarin';
  protocol?: string;
  out?: string;
}

/** How the built-in design is named in an exported file's header: the same on every machine. */
export const BUILTIN_SOURCE = 'the built-in design model/designs/azure-sphere-attestation.json';

export function registerExportCommand(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  program
    .command('export')
    .description('Write the attestation and device-authentication protocol design as a ProVerif or Tamarin model.')
    .addOption(new Option('--format <format>', 'model language').choices(['proverif', 'tamarin']).makeOptionMandatory())
    .option('--protocol <file>', 'protocol design (default: the built-in Azure Sphere attestation design)', nonEmpty)
    .option('--out <file>', 'file to write (default: standard output)', nonEmpty)
    .addHelpText(
      'after',
      `
Examples:
  $ sevenfold export --format proverif --out attestation.pv        then: proverif attestation.pv
  $ sevenfold export --format tamarin --protocol test/fixtures/protocols/no-nonce.json --out no-nonce.spthy
                                                                   then: tamarin-prover --prove no-nonce.spthy

${EXIT_CODES_HELP}`,
    )
    .action(async (opts: ExportOptions) => {
      // The protocol reader and the exporters load when the command runs, not for --help.
      const { runExport } = await import('./export-action.js');
      setExit(runExport(opts, io));
    });
}

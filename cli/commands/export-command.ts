/**
 * `sevenfold export --format proverif|tamarin`: the protocol design as a ProVerif (.pv) or Tamarin
 * (.spthy) model, for users who have those tools. Exit 0 when written; 2 for a bad option, a protocol
 * design with errors, or an output file that cannot be written.
 */
import { statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { builtinProtocolFile, formatProtocolError, loadProtocol } from '../../model/attestation/load-protocol.js';
import { exportProverif } from '../../proofs/horn/export-proverif.js';
import { exportTamarin } from '../../proofs/horn/export-tamarin.js';
import { EXIT, EXIT_CODES_HELP, type ExitCode } from '../exit-codes.js';
import { nonEmpty } from '../options.js';
import type { CliIo } from '../io.js';

export interface ExportOptions {
  format: 'proverif' | 'tamarin';
  protocol?: string;
  out?: string;
}

/** How the built-in design is named in an exported file's header: the same on every machine. */
export const BUILTIN_SOURCE = 'the built-in design model/protocols/azure-sphere-attestation.json';

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
    .action((opts: ExportOptions) => {
      setExit(runExport(opts, io));
    });
}

export function runExport(options: ExportOptions, io: CliIo): ExitCode {
  const file = options.protocol ? resolve(io.cwd, options.protocol) : builtinProtocolFile();
  const loaded = loadProtocol(file);
  if (!loaded.design) {
    for (const e of loaded.errors) io.err(formatProtocolError(e));
    io.err(`sevenfold export: cannot use the protocol design ${displayPath(file, io.cwd)}: fix the errors above first`);
    return EXIT.usage;
  }
  const source = options.protocol ? displayPath(file, io.cwd) : BUILTIN_SOURCE;
  const text = options.format === 'proverif' ? exportProverif(loaded.design, source) : exportTamarin(loaded.design, source);
  if (!options.out) {
    io.out(text);
    return EXIT.ok;
  }
  const out = resolve(io.cwd, options.out);
  if (isDirectory(out)) {
    io.err(`sevenfold export: --out ${options.out} is a folder; give a file name (e.g. ${options.format === 'proverif' ? 'model.pv' : 'model.spthy'})`);
    return EXIT.usage;
  }
  try {
    writeFileSync(out, text);
  } catch (err) {
    io.err(`sevenfold export: cannot write --out ${options.out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    return EXIT.usage;
  }
  io.out(`wrote ${displayPath(out, io.cwd)} (${options.format === 'proverif' ? 'ProVerif' : 'Tamarin'} model of ${loaded.design.name})`);
  return EXIT.ok;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

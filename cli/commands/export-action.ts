/**
 * The work of `sevenfold export` (declared in export-command.ts): read the protocol design and write it
 * as a ProVerif or Tamarin model.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { showControls } from '../../formats/diagnostics/visible-controls.js';
import { builtinProtocolFile, loadProtocol } from '../../model/attestation/load-protocol.js';
import { printDesignFileErrors } from './command-error-output.js';
import { exportProverif } from '../../proofs/horn/export-proverif.js';
import { exportTamarin } from '../../proofs/horn/export-tamarin.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { BUILTIN_SOURCE, type ExportOptions } from './export-command.js';

export function runExport(options: ExportOptions, io: CliIo): ExitCode {
  // The output is checked before the design is read and translated, and named in the message.
  const out = options.out === undefined ? undefined : resolve(io.cwd, options.out);
  const outProblem = out === undefined ? undefined : outputFileProblem(out, options);
  if (outProblem) {
    io.err(`sevenfold export: --out ${options.out}${outProblem}`);
    return EXIT.usage;
  }
  const file = options.protocol ? resolve(io.cwd, options.protocol) : builtinProtocolFile();
  const loaded = loadProtocol(file);
  if (!loaded.design) {
    printDesignFileErrors(io, 'ProtocolDesignInvalid', loaded.errors);
    io.err(`sevenfold export: cannot use the protocol design ${displayPath(file, io.cwd)}: fix the errors above first`);
    return EXIT.usage;
  }
  const source = options.protocol ? displayPath(file, io.cwd) : BUILTIN_SOURCE;
  const text = options.format === 'proverif' ? exportProverif(loaded.design, source) : exportTamarin(loaded.design, source);
  if (out === undefined) {
    io.out(text);
    return EXIT.ok;
  }
  try {
    writeFileSync(out, showControls(text));
  } catch (err) {
    io.err(`sevenfold export: cannot write --out ${options.out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    return EXIT.usage;
  }
  io.out(`wrote ${displayPath(out, io.cwd)} (${options.format === 'proverif' ? 'ProVerif' : 'Tamarin'} model of ${loaded.design.name})`);
  return EXIT.ok;
}

/** Why --out cannot be written (a folder, a folder that does not exist, a file on the way), or undefined. */
function outputFileProblem(out: string, options: ExportOptions): string | undefined {
  const folder = dirname(out);
  if (isDirectory(out)) return ` is a folder; give a file name (e.g. ${options.format === 'proverif' ? 'model.pv' : 'model.spthy'})`;
  if (!existsSync(folder)) return `: the folder ${dirname(options.out!)} does not exist`;
  if (!isDirectory(folder)) return `: ${dirname(options.out!)} is a file, not a folder`;
  return undefined;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `sevenfold init`: draft a product file (sevenfold.json) for the apps of a project, so that `verify` checks the
 * user's apps rather than the built-in reference product. This module only declares the command; the work is in
 * init-action.ts, loaded when the command runs.
 */
import { Option, type Command } from 'commander';
import type { ExitCode } from '../exit-codes.js';
import { nonEmpty } from '../options.js';
import type { CliIo } from '../io.js';

export interface InitOptions {
  out?: string;
  name?: string;
  hardwarePath: string[];
  force?: boolean;
}

export function registerInitCommand(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  program
    .command('init')
    .description('Draft a product file (sevenfold.json) for your apps: their manifests, and the hardware definition each is built against (from its CMakeLists.txt).')
    .argument('[paths...]', 'app folders or app_manifest.json files installed together on one device (default: every app manifest under the current folder)')
    .option('--out <file>', 'where to write the product file, or a folder for the sevenfold.json in it: an existing folder, or a missing path not ending in .json (made; default: ./sevenfold.json)', nonEmpty)
    .option('--name <name>', 'product name for reports (default: the folder name)', nonEmpty)
    .addOption(new Option('--hardware-path <dir>', "folder searched for imported hardware definitions, like the SDK's HardwareDefinitions (repeatable)").argParser((v: string, acc: string[]) => [...acc, nonEmpty(v)]).default([], 'none'))
    .option('--force', 'overwrite an existing product file')
    .addHelpText(
      'after',
      `
Examples:
  $ sevenfold init                                      every app under this folder (one high-level, up to two real-time)
  $ sevenfold init HighLevelApp RealTimeApp --hardware-path /opt/azurespheresdk/HardwareDefinitions
  $ sevenfold init && sevenfold verify

Exit 0: the product file was written and loads. Exit 2: nothing was written (a usage or input error), or the
file was written but does not load yet (its errors are printed: fix them, then run sevenfold verify).`,
    )
    .action(async (paths: string[], opts: InitOptions) => {
      const { runInit } = await import('./init-action.js');
      setExit(runInit(paths, opts, io));
    });
}

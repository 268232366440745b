/**
 * `sevenfold attacks`: the update attack catalog (TUF, Uptane, IETF SUIT RFC 9124), each attack run on
 * the update emulator against the product's platform and update design, with its result. Exit 0: every
 * attack defended; 1: at least one succeeded; 2: a bad option or file; 3: none succeeded, but one is undecided (a
 * step the design gives no way to play, a deadline the profile lacks) or its scenario failed internally.
 * This module only declares the command (options and help); the work is in attacks-action.ts, loaded
 * when the command runs, so --help does not load the update emulator.
 */
import { Option, type Command } from 'commander';
import { EXIT_CODES_HELP, type ExitCode } from '../exit-codes.js';
import { nonEmpty, nonEmptyList, seedOption } from '../options.js';
import type { CliIo } from '../io.js';

export interface AttacksOptions {
  product?: string;
  update?: string;
  requirements?: string;
  attack: string[];
  format: 'text' | 'json';
  seed: number;
}


export function registerAttacksCommand(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  program
    .command('attacks')
    .description('Run the update attack catalog (TUF, Uptane, IETF SUIT) against the product’s update design and list each attack with its result.')
    .option('--product <file>', 'product file (default: ./sevenfold.json, else the built-in product)', nonEmpty)
    .option('--update <file>', 'update design to attack instead of the product’s (e.g. test/fixtures/updates/freeze-undetected/update.json)', nonEmpty)
    .option('--requirements <file>', 'requirement profile whose deadlines the attacks hold the device to (default: the built-in profile)', nonEmpty)
    .addOption(new Option('--attack <ids>', `attacks to run, by id or standard id (repeat or separate with ","), e.g. tuf/rollback, THREAT.IMG.EXPIRED`).argParser(nonEmptyList).default([], 'every attack'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--seed <n>', 'seed of the emulated vendor, service and attacker keys', seedOption, 1)
    .addHelpText(
      'after',
      `
Examples:
  $ sevenfold attacks
  $ sevenfold attacks --attack tuf/indefinite-freeze --update test/fixtures/updates/freeze-undetected/update.json
  $ sevenfold attacks --format json

${EXIT_CODES_HELP}`,
    )
    .action(async (opts: AttacksOptions) => {
      const { runAttacksCommand } = await import('./attacks-action.js');
      setExit(await runAttacksCommand(opts, io));
    });
}

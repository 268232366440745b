/**
 * The `sevenfold` command line. Every command returns one of the shared exit codes; nothing here
 * calls process.exit, so tests can run the CLI in-process. A command's module is imported when the
 * command runs, so `--help` and every other command do not load (and compile) what they do not use:
 * the commands declared in commands/<name>-command.ts import only commander, options, exit codes and
 * import-free constants, and load their work (commands/<name>-action.ts) in the action.
 * test/cli/help-import-closure.test.ts holds this for the static imports of the built CLI.
 */
import { delimiter } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { faultsOption, jobsOption, nonEmpty, nonEmptyList, runsOption, seedOption, timeoutOption } from './options.js';
import { PROPERTIES } from '../properties/registry.js';
import { registerImageCommands } from './commands/image-command.js';
import { registerReportCommand } from './commands/report-command.js';
import { registerServeCommand } from './commands/serve-command.js';
import { registerAttacksCommand } from './commands/attacks-command.js';
import { registerFuzzCommands } from './commands/fuzz-command.js';
import { registerExportCommand } from './commands/export-command.js';
import { registerInitCommand } from './commands/init-command.js';
import { EXIT, EXIT_CODES_HELP, type ExitCode } from './exit-codes.js';
import { BOUND_SYNTAX, DEFAULT_SESSIONS, parseBoundOption, type AttackerSearchBound } from '../proofs/attacker-search/bound-option.js';
import type { CliIo } from './io.js';
import { parseErrorFormat } from './parse-error-format.js';
import { DEFAULT_TIMEOUT_MS } from '../proofs/z3-session.js';

const collectDirs = (value: string, previous: string[]): string[] => {
  const dirs = value.split(new RegExp(`[,${delimiter}]`)).filter((d) => d.trim() !== '');
  if (dirs.length === 0) throw new InvalidArgumentError('expected at least one folder, got an empty list');
  return [...previous, ...dirs];
};
const searchBound = (value: string): AttackerSearchBound => {
  const parsed = parseBoundOption(value);
  if (!parsed.ok) throw new InvalidArgumentError(parsed.message);
  return parsed.bound;
};
/** --define NAME or NAME=VALUE, as cmake -D takes it; a bare NAME is TRUE. */
const collectDefine = (value: string, previous: string[]): string[] => {
  const name = value.split('=')[0]!;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new InvalidArgumentError(`expected NAME or NAME=VALUE with NAME a CMake variable name (letters, digits, _), got ${JSON.stringify(value)}`);
  return [...previous, value];
};


export function buildProgram(io: CliIo, setExit: (code: ExitCode) => void): Command {
  const program = new Command('sevenfold');
  program
    .description('Verify Azure Sphere-class devices against the Seven Properties of Highly Secure Devices.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) })
    .exitOverride()
    .addHelpText(
      'after',
      `
Examples:
  $ sevenfold lint path/to/app_manifest.json              check one manifest
  $ sevenfold lint . --hardware HardwareDefinitions/mt3620_rdb/sample_appliance.json \\
        --hardware-path /opt/azurespheresdk/HardwareDefinitions
                                                         check a tree, resolving "$NAME" references
  $ sevenfold verify                                     verify the built-in MT3620 reference product
  $ sevenfold verify --product sevenfold.json --property compartmentalization
  $ sevenfold query reach --from Thermostat --to Gpio:20     can an app reach a peripheral?
  $ sevenfold diff old/sevenfold.json new/sevenfold.json    access the new version adds
  $ sevenfold image verify app.imagepackage --cert signer.pem   check an image package's signature
  $ sevenfold report                                     audit report (md, html, json, sarif) in reports/out/

${EXIT_CODES_HELP}`,
    );

  program
    .command('lint')
    .description('Check app manifests and hardware definitions the way Azure Sphere reads them.')
    .argument('<paths...>', 'files or folders; folders are searched for app_manifest.json and hardware-definition JSON', (value: string, previous: string[] = []) => [...previous, nonEmpty(value)])
    .option('--hardware <file>', 'hardware definition that "$NAME" references resolve against', nonEmpty)
    .addOption(new Option('--hardware-path <dirs>', `folders searched for imported hardware definitions (repeat, or separate with "," or "${delimiter}")`).argParser(collectDirs).default([], 'none'))
    .addOption(new Option('--define <name[=value]>', 'a variable for reading each app\'s CMakeLists.txt, as cmake -D sets it (repeat): --define AVNET selects if(AVNET) boards').argParser(collectDefine).default([], 'none'))
    .addOption(new Option('--format <format>', 'output format (sarif: for code scanning, e.g. GitHub)').choices(['text', 'json', 'sarif']).default('text'))
    .addOption(new Option('--fail-on <severity>', 'lowest severity that fails the run (exit 1)').choices(['error', 'warning', 'info']).default('error'))
    .option('--show-resolved', 'print what each "$NAME" reference resolved to, and through which files')
    .option('-q, --quiet', 'print errors only (the summary still counts everything)')
    .addHelpText(
      'after',
      `
Each app's "$NAME" references resolve against the hardware definition its CMakeLists.txt names
(azsphere_target_hardware_definition), unless --hardware names one for every app.

Examples:
  $ sevenfold lint ../shared/corpus/azure-sphere-samples --hardware ../shared/corpus/azure-sphere-samples/HardwareDefinitions/mt3620_rdb/sample_appliance.json --hardware-path ../shared/corpus/azure-sphere-samples@pre-20.07/Hardware
  $ sevenfold lint path/to/repo --hardware-path /opt/azurespheresdk/HardwareDefinitions --define AVNET

${EXIT_CODES_HELP}`,
    )
    .action(async (paths: string[], opts) => {
      const { runLint } = await import('./commands/lint-command.js');
      setExit(runLint(paths, opts, io));
    });

  program
    .command('verify')
    .description('Decide the seven properties for a product (default: ./sevenfold.json, else the built-in MT3620 reference product).')
    .option('--product <file>', 'product file (sevenfold.json)', nonEmpty)
    .addOption(new Option('--property <ids>', `property to check (repeat or separate with ","): ${PROPERTIES.map((p) => p.id).join(', ')}`).argParser(nonEmptyList).default([], `all ${PROPERTIES.length}`))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--seed <n>', 'seed for randomised checks, to replay a run (default: random, printed)', seedOption)
    .option('--runs <n>', 'cases per randomised check', runsOption, 200)
    .option('--timeout <ms>', 'time limit per solver call; past it the check is unknown', timeoutOption, DEFAULT_TIMEOUT_MS)
    .option('--requirements <file>', 'requirement profile the properties hold the product to (default: the built-in seven-properties-azure-sphere profile)', nonEmpty)
    .option('--bound <bound>', `certificate-authentication's attacker search: ${BOUND_SYNTAX}; default: ${DEFAULT_SESSIONS} sessions, 2 devices, 2 periods, whatever the product's fleet size (the profile's min-search-* below which the property is unknown)`, searchBound)
    .option('--faults <n>', "skipped boot checks the defense-in-depth fault sweep combines (default and minimum: the profile's defense-in-depth.fault-tolerance; at most 3)", faultsOption)
    .option('--jobs <n>', 'worker threads deciding properties side by side (1 to 7); verdicts do not depend on it', jobsOption, 1)
    .addHelpText(
      'after',
      `
Examples:
  $ sevenfold verify
  $ sevenfold verify --property compartmentalization --format json
  $ sevenfold verify --jobs 2
  $ sevenfold verify --property certificate-authentication --bound sessions=2,devices=1
  $ sevenfold verify --product test/fixtures/products/cross-core-block/sevenfold.json --seed 42

${EXIT_CODES_HELP}`,
    )
    .action(async (opts) => {
      const { runVerify } = await import('./commands/verify-command.js');
      setExit(await runVerify(opts, io));
    });

  const query = program.command('query').description('Ask the model of a product a question.');
  query
    .command('reach')
    .description('Can an app reach a peripheral, host, port, another app or its storage, directly or through partner apps? Exit 0: no (proved); 1: yes (with a witness path).')
    .requiredOption('--from <app>', 'app name or component ID', nonEmpty)
    .requiredOption('--to <resource>', 'Gpio:8, Pwm:PWM-CONTROLLER-1, Uart:ISU0, \'$NAME\' of the hardware definition, host:<name>, tcp:<port>, udp:<port>, app:<name>, storage:<name>', nonEmpty)
    .option('--product <file>', 'product file (default: ./sevenfold.json, else the built-in product)', nonEmpty)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--timeout <ms>', 'time limit per solver call', timeoutOption, DEFAULT_TIMEOUT_MS)
    .addHelpText(
      'after',
      `
Examples:
  $ sevenfold query reach --from Thermostat --to Pwm:PWM-CONTROLLER-1
  $ sevenfold query reach --from FanControl_RTApp --to host:thermostat-hub.azure-devices.net

${EXIT_CODES_HELP}`,
    )
    .action(async (opts) => {
      const { runQueryReach } = await import('./commands/query-command.js');
      setExit(await runQueryReach(opts, io));
    });

  program
    .command('diff')
    .description('Every access the new product grants that the old one did not (check-no-new-access), each with a witness. Exit 0: none.')
    .argument('<old>', 'old product file', nonEmpty)
    .argument('<new>', 'new product file', nonEmpty)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--timeout <ms>', 'time limit per solver call', timeoutOption, DEFAULT_TIMEOUT_MS)
    .addHelpText(
      'after',
      `
Example:
  $ sevenfold diff releases/1.0/sevenfold.json sevenfold.json

${EXIT_CODES_HELP}`,
    )
    .action(async (oldFile: string, newFile: string, opts) => {
      const { runDiff } = await import('./commands/diff-command.js');
      setExit(await runDiff(oldFile, newFile, opts, io));
    });

  registerInitCommand(program, io, setExit);
  registerImageCommands(program, io, setExit);
  registerReportCommand(program, io, setExit);
  registerServeCommand(program, io, setExit);
  registerAttacksCommand(program, io, setExit);
  registerFuzzCommands(program, io, setExit);
  registerExportCommand(program, io, setExit);
  return program;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help asked for (--help, `help`) is a clean exit; help shown because no command was named (`sevenfold`,
      // `sevenfold query`) is commander's error exit: a usage error, exit 2. It was 0, so a CI step whose command
      // came out empty (`sevenfold $STEP`) passed as if something had held.
      const clean = ['commander.helpDisplayed', 'commander.version'].includes(err.code) || (err.code === 'commander.help' && err.exitCode === 0);
      if (clean) return EXIT.ok;
      // A CI step that asked for --format json or sarif gets a document saying why, not an empty stdout.
      const asked = parseErrorFormat(program, argv);
      if (asked) await (await import('./commands/parse-error-output.js')).writeParseErrorDocument(asked, err.message, argv, io);
      return EXIT.usage;
    }
    // Not the user's input error (2) and never a verdict: unknown (3), with a document for --format json|sarif.
    return (await import('./internal-error-output.js')).reportInternalError(err, program, argv, io);
  }
  return code;
}

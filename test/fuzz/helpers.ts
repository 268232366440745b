/** Shared by the fuzz tests: the compiled CommonJS tree, and `sevenfold fuzz …` run in-process. */
import { Command, CommanderError } from 'commander';
import { registerFuzzCommands } from '../../cli/commands/fuzz-command.js';
import { EXIT, type ExitCode } from '../../cli/exit-codes.js';
import { captureIo } from '../helpers.js';

export async function runFuzzCli(args: string[], cwd = process.cwd()) {
  const io = captureIo(cwd);
  let code: ExitCode = EXIT.ok;
  const program = new Command('sevenfold').exitOverride().configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) });
  registerFuzzCommands(program, io, (c) => (code = c));
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    code = ['commander.helpDisplayed', 'commander.help'].includes(err.code) ? EXIT.ok : EXIT.usage;
  }
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

/**
 * `sevenfold …` run in-process through the real program (cli/program.ts's runCli: every command registered, the
 * same output handling and exit codes as the bin), with its output captured: for tests of one command that need
 * its exit code and text but not a child process.
 */
import { runCli } from '../cli/program.js';
import { captureIo } from './helpers.js';

export async function runCliInProcess(args: string[], cwd = process.cwd()) {
  const io = captureIo(cwd);
  const code = await runCli(args, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

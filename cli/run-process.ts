/**
 * What the `sevenfold` process does once its V8 flags are set: run the command line on the process's
 * streams, stop the solver, and exit with the command's code. Shared by the two ways the bin runs the
 * CLI (cli/start.ts): tsc's cli/main.js, the entry of the ES-module bundle, and the CommonJS bundle
 * dist/bundle/cli.cjs (build/bundle-cli.mjs), so both run the same code.
 */
import { runCli } from './program.js';
import { processIo, stopQuietlyWhenOutputCloses } from './io.js';
import { shutdownZ3 } from '../proofs/z3-session.js';

export async function runProcess(argv: readonly string[]): Promise<void> {
  stopQuietlyWhenOutputCloses();
  const code = await runCli(argv, processIo());
  await shutdownZ3();
  // Exit explicitly: solver worker threads (z3-solver) can otherwise keep the process alive.
  process.exitCode = code;
  process.stdout.write('', () => process.exit(code));
}

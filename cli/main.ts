#!/usr/bin/env node
import { runCli } from './program.js';
import { processIo } from './io.js';
import { shutdownZ3 } from '../proofs/z3-session.js';

// The Z3 WASM runtime reports stray messages from worker threads it already stopped; they mean nothing to a user.
const printError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && /^received "\w+" command from terminated worker/.test(args[0])) return;
  printError(...args);
};

const code = await runCli(process.argv.slice(2), processIo());
await shutdownZ3();
// Exit explicitly: solver worker threads (z3-solver) can otherwise keep the process alive.
process.exitCode = code;
process.stdout.write('', () => process.exit(code));

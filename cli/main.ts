#!/usr/bin/env node
import { runCli } from './program.js';
import { processIo, stopQuietlyWhenOutputCloses } from './io.js';
import { shutdownZ3 } from '../proofs/z3-session.js';
import { setCliV8Flags } from './v8-flags.js';

setCliV8Flags();

stopQuietlyWhenOutputCloses();
const code = await runCli(process.argv.slice(2), processIo());
await shutdownZ3();
// Exit explicitly: solver worker threads (z3-solver) can otherwise keep the process alive.
process.exitCode = code;
process.stdout.write('', () => process.exit(code));

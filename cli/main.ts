#!/usr/bin/env node
import { runCli } from './program.js';
import { processIo } from './io.js';

const code = await runCli(process.argv.slice(2), processIo());
// Exit explicitly: solver worker threads (z3-solver) can otherwise keep the process alive.
process.exitCode = code;
process.stdout.write('', () => process.exit(code));

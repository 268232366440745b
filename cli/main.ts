#!/usr/bin/env node
import { setCliV8Flags } from './v8-flags.js';
import { runProcess } from './run-process.js';

setCliV8Flags();
await runProcess(process.argv.slice(2));

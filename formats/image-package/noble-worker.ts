/**
 * The worker thread that computes noble's confirmations (noble-confirmations.ts) beside the main thread.
 * It runs noble's own p256.verify with NOBLE_VERIFY_OPTIONS, a malformed key or signature counting as
 * invalid: the same reading as verifyWithNoble (noble-verify.ts), which it mirrors in three lines
 * because a worker needs a JavaScript file or source and the checks also run from TypeScript sources
 * (vitest); test/image-package/noble-confirmations.test.ts holds the two readings against each other on
 * valid, tampered, high-S and malformed inputs.
 *
 * Started from source text with noble's resolved module URL, so it needs no file of its own beside
 * dist/ and finds noble wherever this module found it (any working directory). ESM only (import.meta):
 * not imported by anything the fuzz build (CommonJS) compiles.
 */
import { Worker } from 'node:worker_threads';
import type { NobleConfirmationBackend, StartNobleBackend } from './noble-confirmations.js';
import { NOBLE_VERIFY_OPTIONS } from './noble-verify.js';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.noble).then(({ p256 }) => {
  parentPort.on('message', ({ id, data, signature, publicKey }) => {
    let valid;
    try { valid = p256.verify(signature, data, publicKey, workerData.options); } catch { valid = false; }
    parentPort.postMessage({ id, valid: valid === true });
  });
});
`;

/** Starts the worker; for deferNobleConfirmations. */
export const startNobleWorker: StartNobleBackend = (answer, failed) => {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { noble: import.meta.resolve('@noble/curves/nist.js'), options: NOBLE_VERIFY_OPTIONS },
    // noble's verify keeps next to nothing: a small old generation holds the thread to a few MB of the
    // run's peak. Its BigInt arithmetic makes much short-lived garbage, though: with a 2 MiB young
    // generation the thread scavenged ~165 times in verify (~110 ms); 8 MiB measured 110-170 ms less CPU
    // for the whole run (interleaved, 5 rounds each, user+sys 2.73 s against 2.84 s) for ~6 MB more peak
    // (165 MB against 159 MB). Running out of them ends the worker, and its confirmations are made here.
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 8 },
  });
  worker.unref();
  let alive = true;
  const gone = (reason: string) => {
    if (!alive) return;
    alive = false;
    failed(reason);
  };
  worker.on('message', (message: { id: number; valid: boolean }) => answer(message.id, message.valid));
  worker.on('error', (err) => gone(err instanceof Error ? err.message : String(err)));
  worker.on('exit', (code) => gone(`the noble worker exited with code ${code}`));
  const backend: NobleConfirmationBackend = {
    send: (id, data, signature, publicKey) => worker.postMessage({ id, data, signature, publicKey }),
    busy: (waiting) => (waiting ? worker.ref() : worker.unref()),
    stop: () => {
      alive = false; // already handed back: its exit is no news
      void worker.terminate();
    },
  };
  return backend;
};

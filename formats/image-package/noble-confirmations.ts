/**
 * noble's confirmations, deferred. Every distinct ECDSA verdict is decided by node:crypto and noble,
 * and a disagreement means neither can be trusted (ecdsa-p256.ts). noble costs ~2.4 ms a verification
 * against node:crypto's ~0.05 ms, so while a property is being decided (properties/noble-barrier.ts
 * opens a deferral around each check) node:crypto's verdict is used at once and noble's is computed
 * on a worker thread (noble-worker.ts) in parallel. The barrier, `settle()`, waits for every
 * confirmation asked so far; the property's verdict is reported only after it, and becomes `unknown`
 * if noble disagreed about anything.
 *
 * Outside a deferral (fuzzing, the image commands, tests that call the checks directly) nothing
 * changes: noble is asked in this thread and a disagreement throws SignatureCrossCheckError at once.
 *
 * A disagreement taints the rest of the process, not only the property that asked: verdicts are
 * shared through memos (p256-verdicts.ts, each verifier's own, the update lab's), so a later property
 * can use the disputed verdict without asking again, and two implementations that disagree once give
 * no reason to trust either afterwards. So every settle() after the first disagreement reports it
 * (forgetVerdicts() clears it, for tests). The disputed triple is also dropped from the process memo.
 *
 * This module needs no worker itself: the caller hands in how to start one, so the fuzz build (CommonJS,
 * which cannot resolve noble's module URL) still compiles everything the formats import.
 */
import { disagreementMessage, verifyWithNoble } from './noble-verify.js';

/** Where noble answers: a worker thread, started when the first deferral opens and kept for the rest of the process. */
export interface NobleConfirmationBackend {
  /** Sends one triple; the verdict comes back through the `answer` given when the backend was started. */
  send(id: number, data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): void;
  /** True while answers are awaited: the backend keeps the process alive then, and lets it exit otherwise. */
  busy(waiting: boolean): void;
  /** Ends the backend (it has stopped answering); it must not answer afterwards. */
  stop(): void;
}

/**
 * A barrier that hears nothing from the worker for this long stops it and confirms the rest here: a
 * worker that hangs must not hang `verify`. Far above any real gap (a confirmation takes ~2.4 ms, ~10 ms
 * on a loaded machine), so it never fires on a working one.
 */
export const NOBLE_SILENCE_LIMIT_MS = 20_000;

/** Starts a backend; `failed` (at any time) hands every unanswered triple back to be confirmed in this thread. */
export type StartNobleBackend = (answer: (id: number, valid: boolean) => void, failed: (reason: string) => void) => NobleConfirmationBackend;

interface PendingConfirmation {
  data: Uint8Array;
  signature: Uint8Array;
  publicKey: Uint8Array;
  byNode: boolean;
  /** Drops the triple's remembered verdict when noble disputes it. */
  forget: () => void;
}

let openDeferrals = 0;
let startBackend: StartNobleBackend | undefined;
/** undefined: not started yet; null: could not start or died, so confirmations run in this thread. */
let backend: NobleConfirmationBackend | null | undefined;
let nextId = 0;
const pending = new Map<number, PendingConfirmation>();
let whenDrained: (() => void)[] = [];
const disputes: string[] = [];
let askedInBackground = 0;
let answeredInBackground = 0;
/** When the worker was last sent or answered anything (Date.now()), and the timer that watches for its silence. */
let lastHeardAt = 0;
let silenceTimer: ReturnType<typeof setTimeout> | undefined;

/** True while a property is being decided in this thread: node:crypto's verdict is used at once, noble's comes later. */
export function deferringNobleConfirmations(): boolean {
  return openDeferrals > 0;
}

export interface NobleDeferral {
  /**
   * Closes the deferral and waits for every confirmation asked so far in this thread (the barrier).
   * The first disagreement noble has found in this process, if any; undefined when noble agreed with every verdict.
   */
  settle(): Promise<string | undefined>;
}

/** Opens a deferral (they nest: confirmations stay deferred until the last one is settled). */
export function deferNobleConfirmations(start: StartNobleBackend): NobleDeferral {
  openDeferrals++;
  startBackend ??= start;
  // Started now, not at the first confirmation: the worker's start and noble's import (~40 ms each,
  // on the worker's thread) then overlap the check's own set-up instead of delaying its barrier.
  if (backend === undefined) backend = startOrNull();
  let open = true;
  return {
    settle: async () => {
      if (open) {
        open = false;
        openDeferrals--;
      }
      if (pending.size > 0) watchForSilence();
      while (pending.size > 0) await new Promise<void>((resolve) => whenDrained.push(resolve));
      return disputes[0];
    },
  };
}

/** Asks noble about a triple node:crypto has decided; the answer is checked when it comes. Only while deferring. */
export function confirmLater(data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array, byNode: boolean, forget: () => void): void {
  if (backend === undefined) backend = startOrNull();
  if (backend === null) {
    check({ data, signature, publicKey, byNode, forget }, verifyWithNoble(data, signature, publicKey));
    return;
  }
  const id = nextId++;
  // Copies: the caller may change its arrays (a tampering attack does), and a copy of a view holds only its own bytes.
  const job = { data: data.slice(), signature: signature.slice(), publicKey: publicKey.slice(), byNode, forget };
  pending.set(id, job);
  if (pending.size === 1) backend.busy(true);
  askedInBackground++;
  lastHeardAt = Date.now();
  backend.send(id, job.data, job.signature, job.publicKey);
}

/** Confirmations sent to the worker in this process (for benchmarks and tests). */
export function nobleConfirmationsInBackground(): number {
  return askedInBackground;
}

/** Answers that came back from the worker (the rest of those sent were confirmed here after it failed). */
export function nobleAnswersFromWorker(): number {
  return answeredInBackground;
}

/** Confirmations not yet answered. */
export function unansweredNobleConfirmations(): number {
  return pending.size;
}

/** Forgets every disagreement found (tests; forgetVerdicts() calls it). */
export function forgetNobleDisputes(): void {
  disputes.length = 0;
}

function startOrNull(): NobleConfirmationBackend | null {
  if (!startBackend) return null;
  try {
    return startBackend(answer, failed);
  } catch {
    return null;
  }
}

function answer(id: number, valid: boolean): void {
  const job = pending.get(id);
  if (!job) return;
  pending.delete(id);
  answeredInBackground++;
  lastHeardAt = Date.now();
  check(job, valid);
  if (pending.size === 0) drained();
}

/** The backend is gone: what it left unanswered is confirmed here, and so is everything asked from now on. */
function failed(_reason: string): void {
  const left = [...pending.values()];
  if (backend) backend.busy(false);
  backend = null;
  pending.clear();
  for (const job of left) check(job, verifyWithNoble(job.data, job.signature, job.publicKey));
  drained();
}

function check(job: PendingConfirmation, byNoble: boolean): void {
  if (byNoble === job.byNode) return;
  disputes.push(disagreementMessage(byNoble, job.byNode, job.data, job.signature, job.publicKey));
  job.forget();
}

function watchForSilence(): void {
  if (silenceTimer) return;
  const look = () => {
    silenceTimer = undefined;
    if (pending.size === 0 || !backend) return;
    const quiet = Date.now() - lastHeardAt;
    if (quiet < NOBLE_SILENCE_LIMIT_MS) {
      silenceTimer = setTimeout(look, NOBLE_SILENCE_LIMIT_MS - quiet);
      return;
    }
    const silent = backend;
    failed(`the noble worker answered nothing for ${quiet} ms`);
    silent.stop();
  };
  silenceTimer = setTimeout(look, NOBLE_SILENCE_LIMIT_MS);
}

function drained(): void {
  if (silenceTimer) clearTimeout(silenceTimer);
  silenceTimer = undefined;
  if (backend) backend.busy(false);
  const waiting = whenDrained;
  whenDrained = [];
  for (const resolve of waiting) resolve();
}

/**
 * The symbolic proofs of certificate-authentication (symbolic-proofs.ts: attacker search, unbounded
 * proof) run in a worker thread, started by `verify` as soon as the product is loaded,
 * so that it runs on another core while this thread decides the properties before
 * certificate-authentication; the property then awaits it. The concrete suites stay with the property:
 * verify decides it last, and a worker running them after the proofs was seldom through them by then
 * (the part it did was wasted, on the core the noble worker shares).
 *
 * A worker that throws, is killed, runs out of memory, exits before answering or sends something
 * malformed leaves its part `unknown` with the reason, never `holds`: the search as a search that
 * did not finish, the unbounded proof as a proof that failed. Nothing is retried here: a retry would hide a defect.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DEFAULT_BOUND } from '../../model/attestation/attack-scenario.js';
import { cloudModelledIn } from '../../proofs/attacker-search/model.js';
import { boundText, type SearchResult, type SearchStats } from '../../proofs/attacker-search/search.js';
import { decodeSearchResult, type SentSearchResult } from '../../proofs/attacker-search/transfer.js';
import type { HornResult } from '../../proofs/horn/prove.js';
import { decodeHornResult } from '../../proofs/horn/transfer.js';
import { sameInput, type SymbolicProofInput } from './symbolic-proofs.js';
import { failedProof } from './unbounded-proof.js';

/** Messages from the worker (proof-worker.ts). */
export type FromProofWorker =
  | { kind: 'search'; result: SentSearchResult }
  | { kind: 'search-failed'; reason: string }
  | { kind: 'horn'; result: HornResult };

export interface SymbolicProofs {
  search: SearchResult;
  horn: HornResult;
}

/** The built worker, next to this module in dist/ (run from the TypeScript sources there is none: see start). */
export const PROOF_WORKER_URL = new URL('./proof-worker.js', import.meta.url);

/**
 * The worker's young generation, in MiB. With V8's default (tens of MiB) the search's short-lived
 * garbage added ~20 MB to verify's peak, which the worker overlaps with the main thread's. Measured on
 * the worker alone, when it still ran the concrete suites after the proofs (built-in input): peak RSS
 * 116-121 MB with 8 MiB against 140 MB with the default, and the thread's CPU 0.9-1.0 s against
 * 1.0-1.1 s (4 MiB: no better). The old generation, and with it the search's memory limit, is V8's
 * default as in the main thread.
 */
const WORKER_YOUNG_GENERATION_MB = 8;

export class ProofsInWorker {
  private taken = false;
  private readonly proofs: Promise<SymbolicProofs>;

  private constructor(
    readonly input: SymbolicProofInput,
    private readonly worker: Worker,
  ) {
    this.proofs = this.collect();
  }

  /**
   * Starts the worker; undefined when there is no built worker to start (tests and benches run from
   * the TypeScript sources, which a worker thread cannot load): the property then computes here. The
   * worker is sent the input without its suites (it does not run them); the input kept for take()
   * still names them, so the property's own input matches it.
   */
  static start(input: SymbolicProofInput, workerUrl: URL = PROOF_WORKER_URL): ProofsInWorker | undefined {
    if (!existsSync(fileURLToPath(workerUrl))) return undefined;
    const { suites: _suites, ...workerData } = input;
    return new ProofsInWorker(input, new Worker(workerUrl, { workerData, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } }));
  }

  /** The proofs to await, for the one caller whose input equals the one this worker was started with; else undefined. */
  take(input: SymbolicProofInput): Promise<SymbolicProofs> | undefined {
    if (this.taken || !sameInput(input, this.input)) return undefined;
    this.taken = true;
    return this.proofs;
  }

  /** Ends the worker if it still runs (its results were not wanted, or are in). */
  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private collect(): Promise<SymbolicProofs> {
    const { input, worker } = this;
    return new Promise((resolve) => {
      let search: SearchResult | undefined;
      let horn: HornResult | undefined;
      const settle = (why?: string) => {
        if (why !== undefined) {
          search ??= unfinishedSearch(input, `stopped: its worker thread ${why}`);
          horn ??= failedProof(input.design, new Error(`its worker thread ${why}`));
        }
        if (search && horn) resolve({ search, horn });
      };
      worker.on('message', (message: FromProofWorker) => {
        if (message?.kind === 'search' && !search) search = decodeOr(() => decodeSearchResult(message.result), (err) => unfinishedSearch(input, `stopped: its worker thread sent ${err}`));
        else if (message?.kind === 'search-failed' && !search) search = unfinishedSearch(input, `stopped: it failed in its worker thread: ${String(message.reason)}`);
        else if (message?.kind === 'horn' && !horn) horn = decodeOr(() => decodeHornResult(message.result), (err) => failedProof(input.design, new Error(`its worker thread sent ${err}`)));
        else settle('sent an unexpected message');
        settle();
      });
      worker.on('error', (err) => settle(`failed: ${err instanceof Error ? err.message : String(err)}`));
      worker.on('exit', (code) => settle(`stopped (exit code ${code}) before answering`));
    });
  }
}

function decodeOr<T>(decode: () => T, otherwise: (error: string) => T): T {
  try {
    return decode();
  } catch (err) {
    return otherwise(err instanceof Error ? err.message : String(err));
  }
}

/** The search as one that did not finish, with the reason: the property is then unknown, never holds. */
function unfinishedSearch(input: SymbolicProofInput, reason: string): SearchResult {
  const bound = { ...DEFAULT_BOUND, sessions: input.sessions };
  const stats: SearchStats = { states: 0, transitions: 0, maxDepth: 0, maxDeliveries: 0, timeMs: 0, statesPerSecond: 0, peakHeapBytes: 0, bytesPerState: 0 };
  const cloudModelled = cloudModelledIn(input.design);
  return { verdict: 'unknown', design: input.design.name, scenario: input.scenario, bound, boundText: boundText(input.scenario, bound, stats, cloudModelled, 0, reason, []), reductions: [], stats, violations: [], incomplete: reason, completeSessions: 0, cloudModelled, prefix: [] };
}

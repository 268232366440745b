/**
 * The protocol work of certificate-authentication (symbolic-proofs.ts: attacker search, unbounded
 * proof, concrete suites) run in a worker thread, started by `verify` as soon as the product is loaded,
 * so that it runs on another core while this thread decides the properties before
 * certificate-authentication; the property then awaits it.
 *
 * A worker that throws, is killed, runs out of memory, exits before answering or sends something
 * malformed leaves its part `unknown` with the reason, never `holds`: the search as a search that
 * did not finish, the unbounded proof as a proof that failed, a suite as a suite that could not
 * decide. Nothing is retried here: a retry would hide a defect.
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
import type { SuiteOutcome } from './suites.js';
import { failedProof } from './unbounded-proof.js';

/** Messages from the worker (proof-worker.ts). */
export type FromProofWorker =
  | { kind: 'search'; result: SentSearchResult }
  | { kind: 'search-failed'; reason: string }
  | { kind: 'horn'; result: HornResult }
  | { kind: 'suites'; forged: TimedSuite; hostile: TimedSuite }
  | { kind: 'suites-failed'; reason: string };

/** A suite's outcome with its time in the worker. */
export type TimedSuite = SuiteOutcome & { ms: number };

export interface SymbolicProofs {
  search: SearchResult;
  horn: HornResult;
  /** When the input asks for the suites. */
  suites?: { forged: TimedSuite; hostile: TimedSuite };
}

/** The built worker, next to this module in dist/ (run from the TypeScript sources there is none: see start). */
export const PROOF_WORKER_URL = new URL('./proof-worker.js', import.meta.url);

/**
 * The worker's young generation, in MiB. With V8's default (tens of MiB) the search's short-lived
 * garbage added ~20 MB to verify's peak, which the worker overlaps with the main thread's. Measured on
 * the worker alone (built-in input, suites included): peak RSS 116-121 MB with 8 MiB against 140 MB
 * with the default, and the thread's CPU 0.9-1.0 s against 1.0-1.1 s (4 MiB: no better). The old
 * generation, and with it the search's memory limit, is V8's default as in the main thread.
 */
const WORKER_YOUNG_GENERATION_MB = 8;

export class ProofsInWorker {
  private taken = false;
  /** Set when the property stopped the worker to run the suites itself (its exit is then no failure). */
  private stopped = false;
  private readonly proofs: Promise<Pick<SymbolicProofs, 'search' | 'horn'>>;
  /** The suites' outcomes once the worker sent them (or failed before): set by the message handler. */
  private suites: SymbolicProofs['suites'];

  private constructor(
    readonly input: SymbolicProofInput,
    private readonly worker: Worker,
    /** Whether the worker was asked to run the suites after the proofs (else the property runs them). */
    private readonly workerRunsSuites: boolean,
  ) {
    this.proofs = this.collect();
  }

  /**
   * Starts the worker; undefined when there is no built worker to start (tests and benches run from
   * the TypeScript sources, which a worker thread cannot load): the property then computes here.
   * `proofsOnly`: the worker ends after the proofs and the property runs the suites itself (verify
   * decides the property last, by when the worker would seldom be through them: the part it did would
   * be wasted, on the core the noble worker shares); the input still names the suites, so the property's
   * own input matches it.
   */
  static start(input: SymbolicProofInput, workerUrl: URL = PROOF_WORKER_URL, options: { proofsOnly?: boolean } = {}): ProofsInWorker | undefined {
    if (!existsSync(fileURLToPath(workerUrl))) return undefined;
    const workerRunsSuites = input.suites !== undefined && !options.proofsOnly;
    const { suites: _suites, ...proofsOnly } = input;
    const workerData = workerRunsSuites ? input : proofsOnly;
    return new ProofsInWorker(input, new Worker(workerUrl, { workerData, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } }), workerRunsSuites);
  }

  /** The results, for the one caller whose input equals the one this worker was started with; else undefined. */
  take(input: SymbolicProofInput): TakenProofs | undefined {
    if (this.taken || !sameInput(input, this.input)) return undefined;
    this.taken = true;
    return { proofs: this.proofs, suitesIfDone: () => this.suitesIfDone() };
  }

  /**
   * The suites' outcomes if the worker has sent them; else the worker is stopped and undefined is
   * returned: the property runs the suites itself. They are seeded, so either thread gives the same
   * outcome; waiting would only pay when the worker is nearly through them, and it usually is not
   * (it runs them after the proofs, and loads X.509 and fast-check first).
   */
  private suitesIfDone(): SymbolicProofs['suites'] {
    if (!this.suites) {
      this.stopped = true;
      void this.stop();
    }
    return this.suites;
  }

  /** Ends the worker if it still runs (its results were not wanted, or are in). */
  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private collect(): Promise<Pick<SymbolicProofs, 'search' | 'horn'>> {
    const { input, worker } = this;
    return new Promise((resolve) => {
      let search: SearchResult | undefined;
      let horn: HornResult | undefined;
      const settle = (why?: string) => {
        if (why !== undefined) {
          search ??= unfinishedSearch(input, `stopped: its worker thread ${why}`);
          horn ??= failedProof(input.design, new Error(`its worker thread ${why}`));
          // A worker that failed before the suites (not one the property stopped to run them itself).
          if (this.workerRunsSuites && !this.stopped) this.suites ??= undecidedSuites(`its worker thread ${why}`);
        }
        if (search && horn) resolve({ search, horn });
      };
      worker.on('message', (message: FromProofWorker) => {
        if (message?.kind === 'search' && !search) search = decodeOr(() => decodeSearchResult(message.result), (err) => unfinishedSearch(input, `stopped: its worker thread sent ${err}`));
        else if (message?.kind === 'search-failed' && !search) search = unfinishedSearch(input, `stopped: it failed in its worker thread: ${String(message.reason)}`);
        else if (message?.kind === 'horn' && !horn) horn = decodeOr(() => decodeHornResult(message.result), (err) => failedProof(input.design, new Error(`its worker thread sent ${err}`)));
        else if (message?.kind === 'suites' && this.workerRunsSuites && !this.suites) this.suites = decodeOr(() => ({ forged: timedSuite(message.forged, 'forged chains'), hostile: timedSuite(message.hostile, 'hostile input') }), (err) => undecidedSuites(`its worker thread sent ${err}`));
        else if (message?.kind === 'suites-failed' && this.workerRunsSuites && !this.suites) this.suites = undecidedSuites(`failed in its worker thread: ${String(message.reason)}`);
        else settle('sent an unexpected message');
        settle();
      });
      worker.on('error', (err) => settle(`failed: ${err instanceof Error ? err.message : String(err)}`));
      worker.on('exit', (code) => settle(`stopped (exit code ${code}) before answering`));
    });
  }
}

/** What the property takes: the proofs to await, and the suites if they are done when it needs them. */
export interface TakenProofs {
  proofs: Promise<Pick<SymbolicProofs, 'search' | 'horn'>>;
  suitesIfDone: () => SymbolicProofs['suites'];
}

/** Both suites unknown, with the reason. */
function undecidedSuites(reason: string): NonNullable<SymbolicProofs['suites']> {
  return {
    forged: { evidence: { title: `forged chains: not decided: ${reason}`, lines: [] }, unknown: `forged-chain suite: ${reason}`, ms: 0 },
    hostile: { evidence: { title: `hostile input: not decided: ${reason}`, lines: [] }, unknown: `hostile-input suite: ${reason}`, ms: 0 },
  };
}

/** A suite's outcome as sent, checked: the evidence (title, lines, reproduce), a violation or an unknown, its time. */
function timedSuite(sent: unknown, name: string): TimedSuite {
  const fail = (what: string): never => {
    throw new Error(`a malformed ${name} outcome: ${what}`);
  };
  const s = (typeof sent === 'object' && sent !== null ? sent : fail('not an object')) as Record<string, unknown>;
  const e = (typeof s['evidence'] === 'object' && s['evidence'] !== null ? s['evidence'] : fail('evidence')) as Record<string, unknown>;
  if (typeof e['title'] !== 'string' || !Array.isArray(e['lines']) || !e['lines'].every((l) => typeof l === 'string')) fail('evidence');
  if (e['reproduce'] !== undefined && typeof e['reproduce'] !== 'string') fail('reproduce');
  for (const f of ['violation', 'unknown']) if (s[f] !== undefined && typeof s[f] !== 'string') fail(f);
  if (typeof s['ms'] !== 'number') fail('ms');
  return s as unknown as TimedSuite;
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

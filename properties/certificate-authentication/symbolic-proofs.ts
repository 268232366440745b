/**
 * The self-contained work of certificate-authentication's protocol part: the bounded attacker search
 * (proofs/attacker-search) and the unbounded Horn proof (proofs/horn) of the protocol design, and the
 * concrete suites (suites.ts: forged chains, hostile input). They read only what this input holds (the
 * design, the search's world and bound, the limits, the suites' seed and runs; the suites make their
 * own PKI), never the product's files, so they can run in another thread (proof-worker.ts) ahead of
 * the property and give the same answer there. The input is made by one recipe for both places; a
 * result computed elsewhere is used only for an input equal to the one the property makes itself
 * (sameInput).
 */
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { scenarioFor, type Scenario } from '../../model/attestation/attack-scenario.js';
import type { SaturationBudget } from '../../proofs/horn/saturate.js';
import type { SearchSize } from './search-size.js';

/** The symbolic search's time limit; past it the verdict is unknown. */
export const SEARCH_TIME_LIMIT_MS = 120_000;
/** Forged chains and hostile inputs per run of the property (at most; fewer with --runs). */
export const MAX_SUITE_RUNS = 100;

export interface SymbolicProofInput {
  design: ProtocolDesign;
  scenario: Scenario;
  sessions: number;
  searchTimeLimitMs: number;
  /** Unset: the search's default (a share of the heap limit of the thread it runs in). */
  searchMemoryLimitBytes?: number;
  /** The saturation's budget: --timeout, and what tests set. */
  hornBudget: Partial<SaturationBudget>;
  /** The concrete suites' cases and seed; unset: no suites (tests of the symbolic part alone). */
  suites?: { runs: number; seed: number };
}

/** What the property's context and options decide of the input. */
export interface SymbolicProofSettings {
  timeoutMs: number;
  runs: number;
  seed: number;
  symbolicOnly?: boolean;
  /** The requirement profile's certificate-authentication.max-certificate-lifetime: the search's acceptance window (Scenario.acceptanceWindowHours). */
  acceptanceWindowHours?: number;
}

export interface SymbolicProofLimits {
  searchTimeLimitMs?: number;
  searchMemoryLimitBytes?: number;
  unboundedBudget?: Partial<SaturationBudget>;
}

export function symbolicProofInput(design: ProtocolDesign, size: SearchSize, settings: SymbolicProofSettings, limits: SymbolicProofLimits = {}): SymbolicProofInput {
  return {
    design,
    scenario: scenarioFor(size, settings.acceptanceWindowHours),
    sessions: size.sessions,
    searchTimeLimitMs: limits.searchTimeLimitMs ?? SEARCH_TIME_LIMIT_MS,
    ...(limits.searchMemoryLimitBytes !== undefined ? { searchMemoryLimitBytes: limits.searchMemoryLimitBytes } : {}),
    hornBudget: { timeLimitMs: settings.timeoutMs, ...limits.unboundedBudget },
    ...(settings.symbolicOnly ? {} : { suites: { runs: Math.min(settings.runs, MAX_SUITE_RUNS), seed: settings.seed } }),
  };
}

/** Equal inputs (both made by symbolicProofInput, so their keys come in the same order). */
export function sameInput(a: SymbolicProofInput, b: SymbolicProofInput): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The verification run an audit report is generated from: the product, what every property check
 * concluded, and how to replay it (seed, runs, time limit). Built by runVerification() with the same
 * functions `sevenfold verify` uses; the renderers (Markdown, HTML, JSON, SARIF) read only this, so
 * they can be tested on a run made by hand.
 */
import type { Diagnostic } from '../../formats/diagnostics/diagnostic.js';
import type { Product } from '../../model/product/product.js';
import type { PropertyResult, Verdict } from '../../properties/verdict.js';

/** What the registry says about a property, copied into the run so renderers need not import the checks. */
export interface PropertyInfo {
  id: string;
  title: string;
  /** The seven-properties question the verdict answers. */
  question: string;
  definition: string;
  /** False when this version of Sevenfold has no check for it (its verdict is then unknown). */
  implemented: boolean;
}

/** One fuzz campaign's statistics and crashes, as read from the campaign's results file. */
export interface FuzzCrash {
  /** Short id (e.g. the input's hash). */
  id: string;
  /** What went wrong (the exception message). */
  message: string;
  /** The crashing input as saved by the fuzzer. */
  input?: string;
  stack?: string;
  /** The command that replays this crash. */
  reproduce?: string;
}

export interface FuzzCampaign {
  /** The results file this campaign was read from. */
  file: string;
  target: string;
  engine?: string;
  startedAt?: string;
  durationMs?: number;
  executions?: number;
  execsPerSecond?: number;
  corpusSize?: number;
  coverage?: string;
  seed?: number;
  /** The property this campaign gathers evidence for, when the campaign names one. */
  property?: string;
  crashes: FuzzCrash[];
  /** The command that reruns the campaign. */
  reproduce?: string;
  /** Set when the campaign ran no input (its engine never started, or it stopped before the first): why. Its "0 crashes" is no evidence. */
  didNotFuzz?: string;
}

export interface VerificationRun {
  /** The tool: its version and the git commit it runs from ("unknown" when it is not a git checkout). */
  tool: { name: 'sevenfold'; version: string; commit: string };
  /** ISO 8601. */
  startedAt: string;
  durationMs: number;
  product: Product;
  /** How the product was chosen: --product, ./sevenfold.json, or the built-in product. */
  productSource: 'option' | 'cwd' | 'builtin';
  /** --product as the user typed it, when given. */
  productGiven?: string;
  /** The working directory of the run (absolute): paths in the report are shown relative to it. */
  cwd: string;
  seed: number;
  runs: number;
  timeoutMs: number;
  /** Every property of the registry, in registry order. */
  properties: PropertyInfo[];
  /** One result per entry of `properties`, same order. */
  results: PropertyResult[];
  verdict: Verdict;
  /** Warnings and notes from loading the product (a run is never made from a product with errors). */
  diagnostics: Diagnostic[];
  /** The command that reproduces the whole verification (with --seed), every file by its absolute path, so it works from any folder. */
  command: string;
  /** Fuzz campaigns included on request (--fuzz); absent when not asked for. */
  fuzz?: { source: string; campaigns: FuzzCampaign[]; note?: string };
}

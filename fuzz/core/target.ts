/**
 * A fuzz target: the code under test behind one entry point, with its oracles, its seed corpus and the
 * structure the structure-aware mode mutates. Each target is one file in fuzz/targets/, listed in
 * fuzz/targets/registry.ts; both engines (jsfuzz on bytes, the structure-aware mode) and the regression
 * replay in npm test drive the same run().
 */
import type { Rng } from './rng.js';

export interface NamedInput {
  name: string;
  bytes: Uint8Array;
}

/**
 * Behaviour features, or a promise of them: a target whose code under test is asynchronous (the protocol
 * parties' receivers, which issue certificates through WebCrypto) returns a promise, and every caller awaits it.
 */
export type RunResult = readonly string[] | Promise<readonly string[]>;

export interface TargetRunner {
  /**
   * Runs one input through the code under test and every oracle. Throws (or rejects) on a bug: an
   * OracleViolation when an oracle fails, or whatever untyped error the code let escape. Returns behaviour
   * features (diagnostic names, verdicts) that the structure-aware mode uses as extra feedback.
   */
  run(input: Uint8Array): RunResult;
  /**
   * The code under test alone, without any oracle (the reader or loader the target exists for): the
   * baseline the throughput benchmark (bench/fuzz/throughput-vs-loop.ts) compares the engines with.
   */
  codeUnderTest?(input: Uint8Array): void;
  /**
   * run() in two stages, for the structure-aware loop: the code under test and the cheap oracles now, the
   * expensive oracles (round trips, schema re-validation, signature cross-checks, static property parts) as
   * `thorough`, which the loop calls on inputs that show something new and on a deterministic sample of the
   * others (core/staged-run.ts). run() must equal both stages in a row, so a replay runs every oracle.
   */
  stage?(input: Uint8Array): StagedRun;
  /**
   * One input in this many of those that show nothing new gets `thorough` anyway (THOROUGH_SAMPLE when absent).
   * A target whose expensive stage costs more than its code under test, and whose findings there come with new
   * behaviour, may sample fewer (core/staged-run.ts says which do, and why).
   */
  thoroughSample?: number;
}

export interface StagedRun {
  /** Behaviour features of the code under test and the cheap oracles. */
  features: readonly string[];
  /** The expensive oracles on the same input: throws on a bug, returns further behaviour features. */
  thorough(): readonly string[];
}

export interface StructureCodec<S> {
  /** The structure of an input (a seed or a corpus file), or undefined when it has none. */
  decode(bytes: Uint8Array): S | undefined;
  /** The input bytes of a structure: serialised and, where the target needs it, signed with the lab's key. */
  encode(structure: S): Uint8Array;
  clone(structure: S): S;
  /** One structural mutation of a structure (a clone: it may be changed in place). */
  mutate(structure: S, rng: Rng, donor: () => S | undefined): S;
  /** Smaller variants, for minimizing a crash: each one step simpler. */
  shrink(structure: S): Iterable<S>;
  /**
   * Called once for each structure that joins the corpus (a seed, a corpus file, an input that showed something
   * new): it will be the parent of many mutants. The JSON codec remembers its containers' printed texts here.
   */
  kept?(structure: S): void;
}

export interface FuzzTarget<S = unknown> {
  id: string;
  title: string;
  /** The oracles run() checks beyond "no untyped exception", one line each (for `fuzz --list` and the README). */
  oracles: readonly string[];
  /** Largest input worth trying (jsfuzz cuts every input at 4096 bytes). */
  maxInputBytes: number;
  /** Prepares the code under test once per process (keys, temp files, shared state). */
  setup(): TargetRunner;
  /** Valid inputs carrying the format's tokens: magic numbers, section tags, capability keys. */
  seeds(): NamedInput[];
  structure: StructureCodec<S>;
}

const encoder = new TextEncoder();

/** UTF-8 bytes of a text (one encoder for the process: every input the structure-aware mode makes is encoded). */
export const utf8 = (text: string): Uint8Array => encoder.encode(text);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

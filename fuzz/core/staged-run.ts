/**
 * Oracle amortisation. A target whose oracles cost more than its code under test splits run() into two
 * stages (TargetRunner.stage): the code under test with its cheap checks on every input, and the expensive
 * oracles (`thorough`). The structure-aware loop runs `thorough` on every input that reaches new coverage or
 * a new behaviour feature, and on one input in THOROUGH_SAMPLE of the others, chosen by a hash of the input
 * bytes, so no oracle is ever switched off and the choice is the same on every run. run() — used by replay,
 * the regression tests, minimizing and jsfuzz — always runs both stages.
 */
import type { StagedRun, TargetRunner } from './target.js';

/** One input in this many of those that show nothing new still gets the expensive oracles (unless the runner says otherwise). */
export const THOROUGH_SAMPLE = 8;

/**
 * The sample of the design-file targets (platform, update, protocol designs, requirement profiles: the shared
 * target of fuzz/targets/design/). Their expensive stage is a second JSON read, a second load of the
 * re-serialised file, the schema and the loader's rules restated: more than the code under test itself, so at one
 * in 8 the sampled inputs' expensive stage was 8–15 % of the engine's CPU, and inputs whose only news was coverage
 * of those oracles' own code joined the corpus and paid a comparison-logging re-run each (at a fixed count of
 * inputs after a warm-up, seed 1: protocol-design's expensive stages 582 → 134 in 4,000 inputs, update-design's
 * 351 → 140 in 2,000). The other targets keep THOROUGH_SAMPLE: the planted-bug benchmark's bugs in the binary
 * formats show in their expensive stage (roundtrip.length, verify.differential, roundtrip.signed), often on inputs
 * that show nothing new: with one in 32 for every target, image-signing-type-384 was found in 1 of 5 trials and
 * attestation-type-trimmed in 2 of 5, against 3 of 5 each at one in 8 (side by side; /work/notes/s28-fuzz-cases.md).
 */
export const DESIGN_FILE_THOROUGH_SAMPLE = 32;

/**
 * The sample of app-manifest, whose expensive stage is one oracle, the round trip (the manifest re-serialised and read
 * a second time: about the code under test again). At one in 8 it was 8.5 % of the engine's step (in process, steps
 * 3,000–7,000 after the seeds, seed 1: 521 expensive stages in 4,000 inputs, 47 of them for new inputs); at one in 32
 * about 2.7 %. The planted bugs of app-manifest (bench/fuzz/planted-bugs.ts) show in its cheap stage (model.port, a
 * TypeError). A reader that reads a re-serialised manifest differently is still checked on every input that reaches
 * new coverage or a new behaviour feature, and on one in 32 of the rest (test/fuzz/amortised-oracle-planted.test.ts:
 * an expensive-stage oracle finds its planted bug on a new input).
 */
export const MANIFEST_THOROUGH_SAMPLE = 32;

/**
 * The sample of product-file, whose expensive stage is the product's own checks with the static parts run on the
 * instantiated platform (TCB, attack graph, update fit) and the round trip's second load of the whole product (its
 * manifests, hardware and designs): another load of the code under test and then some. At one in 8 it was 15 % of the
 * engine's CPU (in process, inputs 1,500–4,500 after the seeds, seed 1, cpu profile). The planted-bug benchmark
 * (bench/fuzz/planted-bugs.ts) has no bug in the product loader; the bugs that show in an expensive stage are the
 * binary formats', which keep THOROUGH_SAMPLE. Every input that reaches new coverage or a new behaviour feature
 * still gets the product's checks, and one in 32 of the rest.
 */
export const PRODUCT_FILE_THOROUGH_SAMPLE = 32;

/**
 * The sample of hardware-definition, whose expensive stage is one oracle, the round trip: every definition written
 * again from its value and opened a second time, the resolutions checked again — the code under test once more. At
 * one in 8 it was about 5 % of the engine's step late in a campaign (s35's profile, inputs 3,500–5,000). Its planted
 * bugs (bench/fuzz/planted-bugs.ts: hardware-comment-type, a TypeError in the reader; hardware-merged-chain, oracle
 * resolve.chain) show in its cheap stage, which runs on every input: the code under test and every name's resolution
 * checked. A definition that reads differently once re-serialised is still checked on every input that reaches new
 * coverage or a new behaviour feature, every initial input, and one in 32 of the rest.
 */
export const HARDWARE_THOROUGH_SAMPLE = 32;

/** Whether an input that showed nothing new gets the expensive oracles anyway (a pure function of its bytes). */
export const sampledForThorough = (input: Uint8Array, oneIn: number = THOROUGH_SAMPLE): boolean => sampleHash(input) % oneIn === 3 % oneIn;

/**
 * A hash of every byte, four at a time (FNV-1a a byte at a time took 2% of the structure-aware loop, which
 * asks it of every input that shows nothing new), with a final mix so its low bits are as good as its high ones.
 */
export function sampleHash(bytes: Uint8Array): number {
  // The worker asks it again of the same input for the benchmark's sample of the inputs run (structured-worker.ts):
  // remembered for the last input, by identity (inputs are not changed once made).
  if (bytes === lastHashed) return lastHash;
  lastHashed = bytes;
  return (lastHash = hashOf(bytes));
}

let lastHashed: Uint8Array | undefined;
let lastHash = 0;

function hashOf(bytes: Uint8Array): number {
  let h = 0x811c9dc5 ^ bytes.length;
  const whole = bytes.length & ~3;
  let i = 0;
  for (; i < whole; i += 4) h = Math.imul(h ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)), 0x01000193);
  for (; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Both stages in a row: what run() does for a staged target. */
export function everyOracle(staged: StagedRun): readonly string[] {
  const more = staged.thorough();
  return more.length ? [...staged.features, ...more] : staged.features;
}

/** A runner from its stages: run() is both of them, so replay and the regression tests keep every oracle. */
export function stagedRunner(parts: { stage(input: Uint8Array): StagedRun; codeUnderTest(input: Uint8Array): void; thoroughSample?: number }): TargetRunner {
  return {
    run: (input) => everyOracle(parts.stage(input)),
    stage: parts.stage,
    codeUnderTest: parts.codeUnderTest,
    ...(parts.thoroughSample !== undefined ? { thoroughSample: parts.thoroughSample } : {}),
  };
}

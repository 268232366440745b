/**
 * The structure-aware fuzzing loop: pick a corpus entry, mutate its structure (the target's codec: JSON
 * trees, image sections and fields), re-serialise and re-sign it, run it, keep it when it shows something
 * new (coverage buckets when instrumented, and the target's behaviour features always). One in twenty
 * inputs also gets byte-level havoc after encoding, for the bugs that live below the structure.
 */
import { crashIdentity, type CrashIdentity } from '../core/stack.js';
import { comparisonApplies, neighbours, replaceCompared, type Comparison } from '../core/input-to-state.js';
import { Rng } from '../core/rng.js';
import { runtimeDictionary } from '../core/runtime-dictionary.js';
import { sampledForThorough } from '../core/staged-run.js';
import type { FuzzTarget, RunResult, StagedRun, TargetRunner } from '../core/target.js';
import type { CompareLog } from './compare-log.js';
import type { CoverageMap } from './coverage.js';

export interface CorpusEntry<S> {
  bytes: Uint8Array;
  structure?: S;
  /** What the code compared while it ran this input (with comparison logging on). */
  comparisons?: Comparison[];
  /**
   * neighbours() of each of `comparisons`, by the same index, filled as they are first drawn: the random
   * input-to-state writes draw four per write from the entry's list, and asking core/input-to-state.ts's WeakMap
   * for each was a few percent of an app-manifest step.
   */
  near?: (readonly Comparison[] | undefined)[];
}

/** How often an entry with logged comparisons is mutated by writing a compared value into it instead. */
const INPUT_TO_STATE_RATE = 0.2;
/** Comparisons of one entry tried in the systematic pass (the first ones a reader makes: its format checks). */
const MAX_COMPARISON_PASS = 128;

export interface LoopCrash {
  identity: CrashIdentity;
  bytes: Uint8Array;
}

export interface StepResult {
  crash?: LoopCrash;
  /** The input was added to the corpus. */
  added?: Uint8Array;
  /** The input run (absent when none was: a mutant over the input limit). */
  ran?: Uint8Array;
}

/**
 * Inputs a campaign's worker makes in one go before it runs them (StructuredLoop's `makeAhead`). Making an input
 * (the corpus entry, the mutator's dictionary and site table, printing, UTF-8) and running one (the reader, its
 * tables, the oracles) each have a working set of their own; alternating them input by input, each started cold in
 * the caches the other had just used: the cheap stage cost 1.19x as much after making an input as run after run
 * (bench/fuzz/stage-interference.cjs, app-manifest, session s38). Made 64 at a time and then run one after the other,
 * an input cost less CPU in process (session s38, the same loop alternating 200 ms slices of each way, load 12-18:
 * app-manifest 0.87-0.93 of the CPU per input made and run one by one, protocol-design 0.89-0.95, update-design 0.86,
 * requirement-profile 0.81, hardware-definition 1.02-1.04; the row: fuzz/README.md). What changes for the fuzzing: an
 * input found in a batch is a parent from the next batch on (up to 63 inputs later than one by one); the checks of
 * each input and the order the inputs run in are the loop's as before, and a seeded loop makes the same inputs in the
 * same order on every run (the paired benchmark repeats a campaign input for input). The made inputs not yet run when
 * a campaign stops were made for nothing, and their making is charged to the campaign as any other.
 */
export const WORKER_MAKE_AHEAD = 64;

export interface StructuredLoopOptions {
  /** Inputs made in one go before they are run (1, the default: made and run one by one). See WORKER_MAKE_AHEAD. */
  makeAhead?: number;
}

export class StructuredLoop<S> {
  readonly corpus: CorpusEntry<S>[] = [];
  private readonly behaviour = new Set<string>();
  private readonly rng: Rng;
  execs = 0;
  /** Inputs that got the expensive oracles (a staged target's `thorough`): new ones, initial ones, and the hash sample. */
  thoroughRuns = 0;

  constructor(
    private readonly target: FuzzTarget<S>,
    private readonly runner: TargetRunner,
    seed: number,
    private readonly coverage?: CoverageMap,
    private readonly compareLog?: CompareLog,
    options: StructuredLoopOptions = {},
  ) {
    this.rng = new Rng(seed);
    this.makeAhead = Math.max(1, Math.floor(options.makeAhead ?? 1));
    // Comparisons are logged only when an input that joins the corpus is run again (see execute).
    if (compareLog) compareLog.logging = false;
  }

  get features(): number {
    return this.behaviour.size + (this.coverage?.features ?? 0);
  }

  get covered(): number {
    return this.coverage?.covered ?? this.behaviour.size;
  }

  /** Runs an initial input (a seed or a corpus file). Every decodable one joins the corpus; a crashing one is reported and left out. */
  addInitial(bytes: Uint8Array): StepResult {
    return this.keepInitial(bytes, this.execute(bytes, true));
  }

  /** addInitial for a target whose runner may return a promise. */
  async addInitialAsync(bytes: Uint8Array): Promise<StepResult> {
    return this.keepInitial(bytes, await this.executeEither(bytes, true));
  }

  private keepInitial(bytes: Uint8Array, outcome: StepResult): StepResult {
    if (outcome.crash) return outcome;
    const structure = this.target.structure.decode(bytes);
    // The codec is instrumented code too (see madeInput): what decoding ran would be read out with the next seed
    // and reported as coverage of the code under test.
    this.coverage?.discard();
    this.corpus.push(this.entry(bytes, structure));
    return { added: bytes };
  }

  /** One mutated input, run (synchronous targets only: an asynchronous runner's promise is an error here). */
  step(): StepResult {
    const made = this.madeInput();
    if (made.bytes.length > this.target.maxInputBytes) return {};
    return this.keepStep(made, this.execute(made.bytes));
  }

  /** step() for a target whose runner may return a promise. */
  async stepAsync(): Promise<StepResult> {
    return this.stepEither();
  }

  /**
   * One mutated input, run, for any target: the result comes as it is while the runner answers synchronously
   * (a staged runner always does), and as a promise only when the runner returns one. The worker drives its
   * campaign with it: awaiting stepAsync() cost a promise and a turn of the microtask queue per input of a
   * synchronous target.
   */
  stepEither(): StepResult | Promise<StepResult> {
    const made = this.madeInput();
    if (made.bytes.length > this.target.maxInputBytes) return {};
    const outcome = this.executeEither(made.bytes);
    return isPromise(outcome) ? outcome.then((o) => this.keepStep(made, o)) : this.keepStep(made, outcome);
  }

  /** The step's result (a fresh object of execute's): the input joins the corpus when it showed something new. */
  private keepStep(made: { bytes: Uint8Array; structure?: S }, outcome: StepResult): StepResult {
    outcome.ran = made.bytes;
    if (outcome.crash || !outcome.added) return outcome;
    this.corpus.push(this.entry(made.bytes, made.structure));
    return outcome;
  }

  /**
   * The next input, with the coverage counted while it was made dropped: the targets' codecs (decode, clone,
   * mutate, encode) live in fuzz/targets/, an instrumented folder (for the oracles' sake), so without this the
   * mutator's own branches were read out after the input ran and counted as the input's new coverage: inputs
   * joined the corpus, and paid the expensive oracles and a comparison-logging re-run, for how they were made.
   */
  private madeInput(): { bytes: Uint8Array; structure?: S } {
    if (this.aheadAt < this.ahead.length) {
      const made = this.ahead[this.aheadAt]!;
      // Dropped from the queue once taken: a made input lives no longer than its run (and its joining the corpus).
      this.ahead[this.aheadAt++] = undefined;
      return made;
    }
    // The queue is empty: the next `makeAhead` inputs, made one after the other (see WORKER_MAKE_AHEAD).
    const made = this.nextInput();
    if (this.makeAhead > 1) {
      this.ahead.length = 0;
      for (let i = 1; i < this.makeAhead; i++) this.ahead.push(this.nextInput());
      this.aheadAt = 0;
    }
    this.coverage?.discard();
    return made;
  }

  /** Inputs per batch of madeInput (constructor's options.makeAhead). */
  private readonly makeAhead: number;
  /** Inputs made and not yet run, in the order they were made (from aheadAt on). */
  private readonly ahead: ({ bytes: Uint8Array; structure?: S } | undefined)[] = [];
  private aheadAt = 0;

  /** The next input to run: a comparison written into an entry, a structural mutation, or byte havoc. */
  private nextInput(): { bytes: Uint8Array; structure?: S } {
    if (this.corpus.length === 0) throw new Error('the corpus is empty: no seeds and no corpus inputs');
    const rng = this.rng;
    // Redqueen's pass: each new entry's comparisons tried one by one, half the time while any are left.
    let made = this.comparisonQueue.length && rng.chance(0.5) ? this.nextFromComparisonPass() : undefined;
    if (!made) {
      // Favour recent finds a little: they are where the frontier is.
      const parent = rng.chance(0.2) ? this.corpus[Math.max(0, this.corpus.length - 1 - rng.int(16))]! : rng.pick(this.corpus);
      if (parent.comparisons?.length && rng.chance(INPUT_TO_STATE_RATE)) {
        // Input-to-state at random: a few compared values (or one either side), written where the input holds the other side.
        const tries = rng.geometric(3);
        const list = parent.comparisons;
        const near = (parent.near ??= []);
        // rng.pick(neighbours(rng.pick(list))), four per write wanted, with each comparison's neighbours kept on the entry.
        const drawn: Comparison[] = [];
        for (let k = tries * 4; k > 0; k--) {
          const i = rng.int(list.length);
          const around = (near[i] ??= neighbours(list[i]!));
          drawn.push(around[rng.int(around.length)]!);
        }
        made = this.withComparisons(parent, drawn, tries);
      }
      if (made) {
        // written above
      } else if (parent.structure !== undefined && rng.chance(0.95)) {
        const codec = this.target.structure;
        const structure = codec.mutate(codec.clone(parent.structure), rng, () => this.donor());
        made = { bytes: codec.encode(structure), structure };
      } else {
        made = { bytes: havoc(parent.bytes, rng, this.target.maxInputBytes) };
      }
    }
    // An encoded structure can outgrow the target's input limit (a pretty-printed tree of long strings): beyond
    // it the readers refuse the file by its size alone, and the oracles would compare that refusal with a
    // re-serialised copy under the limit. Such an input is not run (step() checks; havoc cuts its output at the limit).
    return made;
  }

  /** Entries whose comparisons are still to be tried one at a time, each at most once. */
  private readonly comparisonQueue: { entry: CorpusEntry<S>; next: number }[] = [];
  /**
   * The comparisons the pass has written into some entry already. An entry mostly makes its parent's
   * comparisons again (the same type checks, the same table misses), so without this the queue never drained
   * and the pass took half of all inputs for the whole campaign, mostly repeating itself; the random
   * input-to-state mutation above still tries any comparison on any entry.
   */
  private readonly passTried = new PairSet();

  private nextFromComparisonPass(): { bytes: Uint8Array; structure?: S } | undefined {
    // Skipping a comparison costs no input, so a step may look at many; bounded, so that a step stays cheap.
    for (let looked = 0; looked < 512 && this.comparisonQueue.length; looked++) {
      const head = this.comparisonQueue[0]!;
      const list = head.entry.comparisons!;
      if (head.next >= Math.min(list.length, MAX_COMPARISON_PASS)) {
        this.comparisonQueue.shift();
        continue;
      }
      const comparison = list[head.next++]!;
      if (this.passTried.has(comparison)) continue;
      const made = this.withComparisons(head.entry, [comparison], 1);
      if (made) {
        this.passTried.add(comparison);
        return made;
      }
    }
    return undefined;
  }

  /** A copy of the entry with up to `want` of the comparisons written into it (input-to-state), encoded; undefined when none applies. */
  private withComparisons(parent: CorpusEntry<S>, comparisons: readonly Comparison[], want: number): { bytes: Uint8Array; structure?: S } | undefined {
    const codec = this.target.structure;
    const source = parent.structure ?? parent.bytes;
    // Only comparisons whose operands the entry holds can be written: the others are skipped, and the entry is
    // copied only once one applies. Asked one at a time, in order, until `want` are written: the random writes
    // draw four comparisons per write wanted, and asking about all of them first (each a Direction pair made and
    // dropped, and a look-up in the entry's site index) was work for comparisons never written. comparisonApplies
    // draws nothing from the generator and reads the parent only, so the same comparisons are written as before.
    let holder: { value: unknown } | undefined;
    let written = 0;
    for (const c of comparisons) {
      if (written >= want) break;
      if (!comparisonApplies(source, c)) continue;
      holder ??= { value: parent.structure !== undefined ? codec.clone(parent.structure) : parent.bytes.slice() };
      if (replaceCompared(holder, c, this.rng)) written++;
    }
    if (!holder || written === 0) return undefined;
    if (parent.structure === undefined) return { bytes: holder.value as Uint8Array };
    try {
      return { bytes: codec.encode(holder.value as S), structure: holder.value as S };
    } catch {
      return undefined; // a compared value the structure cannot hold there
    }
  }

  private lastComparisons: Comparison[] = [];

  private entry(bytes: Uint8Array, structure: S | undefined): CorpusEntry<S> {
    const e: CorpusEntry<S> = { bytes };
    if (structure !== undefined) {
      e.structure = structure;
      // It will be the parent of many mutants (a codec may prepare for that: the JSON one remembers printed texts);
      // the codec's own counters say nothing about an input (madeInput).
      if (this.target.structure.kept) {
        this.target.structure.kept(structure);
        this.coverage?.discard();
      }
    }
    if (this.lastComparisons.length) {
      e.comparisons = this.lastComparisons;
      this.comparisonQueue.push({ entry: e, next: 0 });
      // What the code compared on an input worth keeping joins the campaign's dictionary.
      for (const { a, b } of e.comparisons) {
        runtimeDictionary.add(a);
        runtimeDictionary.add(b);
      }
    }
    return e;
  }

  private donor(): S | undefined {
    for (let i = 0; i < 4; i++) {
      const e = this.rng.pick(this.corpus);
      if (e.structure !== undefined) return e.structure;
    }
    return undefined;
  }

  /**
   * Runs one input. A staged target (core/staged-run.ts) runs its code under test and cheap oracles first; its
   * expensive oracles follow when the input shows something new, or when its hash samples it. An input that
   * joins the corpus is run once more with comparison logging on (as AFL++ runs its CmpLog build on queue
   * entries only): logging every comparison of every input cost a quarter of the loop's time.
   */
  private execute(bytes: Uint8Array, joinsAnyway = false): StepResult {
    this.execs++;
    const runner = this.runner;
    let features: readonly string[];
    let staged: StagedRun | undefined;
    let result: RunResult;
    try {
      if (runner.stage) {
        staged = runner.stage(bytes);
        result = staged.features;
      } else result = runner.run(bytes);
    } catch (error) {
      return this.crashed(error, bytes);
    }
    if (isPromise(result)) throw new Error(`fuzz target ${this.target.id} is asynchronous: drive it with addInitialAsync and stepAsync`);
    features = result;
    let fresh = this.freshCoverage() + this.newFeatures(features);
    if (staged && (fresh > 0 || joinsAnyway || sampledForThorough(bytes, runner.thoroughSample))) {
      this.thoroughRuns++;
      try {
        features = staged.thorough();
      } catch (error) {
        return this.crashed(error, bytes);
      }
      fresh += this.freshCoverage() + this.newFeatures(features);
    }
    this.lastComparisons = (fresh > 0 || joinsAnyway) && this.compareLog ? this.comparisonsOf(bytes) : [];
    return fresh > 0 ? { added: bytes } : {};
  }

  /**
   * execute() for a runner that may return a promise (the stateful protocol targets): synchronous as long as
   * the runner's answer is (a staged runner's always is).
   */
  private executeEither(bytes: Uint8Array, joinsAnyway = false): StepResult | Promise<StepResult> {
    if (this.runner.stage) return this.execute(bytes, joinsAnyway);
    this.execs++;
    let result: RunResult;
    try {
      result = this.runner.run(bytes);
    } catch (error) {
      return this.crashed(error, bytes);
    }
    if (isPromise(result)) return this.afterAsyncRun(result, bytes, joinsAnyway);
    const fresh = this.freshCoverage() + this.newFeatures(result);
    this.lastComparisons = (fresh > 0 || joinsAnyway) && this.compareLog ? this.comparisonsOf(bytes) : [];
    return fresh > 0 ? { added: bytes } : {};
  }

  private async afterAsyncRun(pending: Promise<readonly string[]>, bytes: Uint8Array, joinsAnyway: boolean): Promise<StepResult> {
    let features: readonly string[];
    try {
      features = await pending;
    } catch (error) {
      return this.crashed(error, bytes);
    }
    const fresh = this.freshCoverage() + this.newFeatures(features);
    this.lastComparisons = (fresh > 0 || joinsAnyway) && this.compareLog ? await this.comparisonsOfAsync(bytes) : [];
    return fresh > 0 ? { added: bytes } : {};
  }

  private crashed(error: unknown, bytes: Uint8Array): StepResult {
    this.coverage?.collectNew();
    return { crash: { identity: crashIdentity(error), bytes } };
  }

  private freshCoverage(): number {
    return this.coverage ? this.coverage.collectNew() : 0;
  }

  private newFeatures(features: readonly string[]): number {
    let fresh = 0;
    for (const f of features) {
      if (!this.behaviour.has(f)) {
        this.behaviour.add(f);
        fresh++;
      }
    }
    return fresh;
  }

  /**
   * What the code under test compares on this input: the code under test alone again (only it is instrumented
   * for comparisons; the oracles' own checks would be logged from the readers they call again), else the
   * cheap stage or run(), logging comparisons. A failure of that second run says nothing new (the input passed
   * a moment ago), so it is not reported.
   */
  private comparisonsOf(bytes: Uint8Array): Comparison[] {
    this.startLogging();
    try {
      if (this.runner.codeUnderTest) this.runner.codeUnderTest(bytes);
      else if (this.runner.stage) this.runner.stage(bytes);
      else this.runner.run(bytes);
    } catch {
      // see above
    }
    return this.stopLogging();
  }

  /** comparisonsOf() for a runner that returns a promise. */
  private async comparisonsOfAsync(bytes: Uint8Array): Promise<Comparison[]> {
    this.startLogging();
    try {
      await this.runner.run(bytes);
    } catch {
      // see comparisonsOf
    }
    return this.stopLogging();
  }

  private startLogging(): void {
    this.compareLog!.take();
    this.compareLog!.logging = true;
  }

  /** The comparisons logged since startLogging; the re-run's coverage is not new (the first run counted it). */
  private stopLogging(): Comparison[] {
    this.compareLog!.logging = false;
    this.coverage?.collectNew();
    return this.compareLog!.take();
  }
}

/**
 * A set of comparisons by their operands (a Map keeps 1, '1' and 1n apart): the pass asks it about every
 * comparison it looks at, up to 512 per input, where building a string key for each was a cost of its own.
 */
class PairSet {
  private readonly byLeft = new Map<Comparison['a'], Set<Comparison['b']>>();

  has({ a, b }: Comparison): boolean {
    return this.byLeft.get(a)?.has(b) ?? false;
  }

  add({ a, b }: Comparison): void {
    let right = this.byLeft.get(a);
    if (!right) this.byLeft.set(a, (right = new Set()));
    right.add(b);
  }
}
const isPromise = <T>(r: T | Promise<T>): r is Promise<T> => typeof (r as { then?: unknown }).then === 'function';

/**
 * Byte-level mutations in the manner of jsfuzz/libFuzzer: flips, interesting bytes, deletions, duplications,
 * insertions. Edits one growable byte buffer in place (copyWithin, set): a number array made with Array.from
 * and spliced with spread arguments cost a twentieth of the loop's time for the one input in twenty it makes.
 */
export function havoc(input: Uint8Array, rng: Rng, maxBytes: number): Uint8Array {
  let buf = new Uint8Array(input.length + 64);
  buf.set(input);
  let len = input.length;
  const room = (extra: number) => {
    if (len + extra <= buf.length) return;
    const grown = new Uint8Array(Math.max(buf.length * 2, len + extra));
    grown.set(buf.subarray(0, len));
    buf = grown;
  };
  const insert = (at: number, chunk: Uint8Array) => {
    room(chunk.length);
    buf.copyWithin(at + chunk.length, at, len);
    buf.set(chunk, at);
    len += chunk.length;
  };
  const n = rng.geometric(8);
  for (let i = 0; i < n; i++) {
    const at = rng.int(len + 1);
    switch (rng.int(7)) {
      case 0:
        if (len) buf[Math.min(at, len - 1)]! ^= 1 << rng.int(8);
        break;
      case 1:
        if (len) buf[Math.min(at, len - 1)] = rng.pick([0, 1, 0x7f, 0x80, 0xff, 0x20, 0x22, 0x24, 0x2c, 0x30, 0x7b, 0x7d]);
        break;
      case 2: {
        const gone = Math.min(rng.range(1, 8), len - at);
        buf.copyWithin(at, at + gone, len);
        len -= gone;
        break;
      }
      case 3: {
        const from = rng.int(len);
        insert(at, buf.slice(from, Math.min(len, from + rng.range(1, 16))));
        break;
      }
      case 4:
        insert(at, rng.bytes(rng.range(1, 4)));
        break;
      case 5: {
        // A stretch copied over another place (past the end, the input grows).
        const from = rng.int(len);
        const chunk = buf.slice(from, Math.min(len, from + rng.range(1, 8)));
        const to = rng.int(len);
        room(chunk.length);
        buf.set(chunk, to);
        len = Math.max(len, to + chunk.length);
        break;
      }
      default:
        len = rng.int(len + 1);
    }
  }
  return buf.slice(0, Math.min(len, maxBytes));
}

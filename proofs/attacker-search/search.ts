/**
 * Breadth-first search of every interleaving of the protocol's runs under a Dolev–Yao attacker, up to
 * a bound on sessions. Breadth-first, so the first counterexample found for each property is a
 * shortest one (in stored states). The search goes on after a violation (to report every property)
 * unless `stopAtFirst`.
 *
 * Reductions, and why none loses a reachable violation of the goals checked (injective agreement,
 * freshness, secrecy, a downgraded or unmeasured device never certified nor accepted, tenant
 * isolation). Every violation is an event of one transition (a receiver's acceptance, or a secret
 * the attacker's knowledge now holds), decided by the state the transition starts from and the
 * message; so a reduction is sound when every trace of the plain system has a trace of the reduced
 * one that takes a transition with the same events from a state that decides them the same way.
 *
 *  1. State hashing (exact). Two interleavings that reach the same state are explored once. Keys are
 *     compact but exact (state-key.ts: every part numbered through a table keyed by its full text),
 *     so only equal states are merged, and equal states have equal futures.
 *  2. Fused device starts (partial order: the start commutes with everything up to the run's first
 *     delivery). A device attestation run's start sends hello(d), which the attacker can build
 *     anyway (constants are public; no receiver consults stored tuples or constants, only derivability
 *     and the stored keys, nonces, public keys and signatures), and takes one session. In any trace,
 *     move the start of such a run r to just before r's first delivery, which falls in the same period
 *     (a tick ends every open run): each step in between stays enabled (it sees one session fewer
 *     used, and the attacker can derive the same messages) and has the same outcome and events; run
 *     names of that slot are renumbered, and those runs create no fresh values, so nothing else
 *     changes. A run that never receives anything is dropped from the trace the same way. The start
 *     itself has no event (hello(d) reveals no secret). So every violation of the plain search is
 *     found, and the fused transition is two plain steps, so nothing is found that the plain search
 *     would not. The trace keeps both steps.
 *  3. Postponed responder starts (partial order). A service or cloud-service
 *     run starts when the attacker sends it a first message; the start only adds what the run sends
 *     to the attacker's knowledge, a run and a session. It is never a step of its own: it is fused
 *     with each step u after it that does not commute with it. u commutes with the start S when u is
 *     not itself a responder start, the same step t (same run, same message, same events) is also
 *     possible before S, S is offered after t without events, and S after t reaches exactly the
 *     state u reaches after S (the diamond: under `checkCommutation` it is computed and compared by
 *     exact key; in the search as verify runs it, the steps known to commute, below, are left out and
 *     every other step is fused with S, which only explores more).
 *     Take any plain trace and move each responder start right, one commuting step at a time, to
 *     just before its first non-commuting step (a step on its own run, a period change, a step that
 *     uses what it sent, another responder start, a start that takes the run name it would have),
 *     or out of the trace when nothing follows it: every swap keeps each step's events and the
 *     state after the pair, and a start dropped at the end had no events (a start with events is
 *     kept as its own step). Starts never pass each other, so this ends, and a step that needs what
 *     two starts sent is reached through the two starts fused one after the other. The reduced
 *     search explores exactly these traces (each postponed start fused with the step after it), so
 *     it finds every violation the plain search finds, and each fused step is plain steps, so it
 *     finds nothing more. With reduction 4 on, "the same state" is the same kept parts, which by 4
 *     have the same future.
 *     The steps known to commute, without the diamond computed: a step after S that the state
 *     before S offered too: a delivery to a run that existed before S with the same message,
 *     a device start's first delivery likewise, or a device run's start (its fresh name, in a slot not
 *     S's, fixes what it sends). Such a step reads nothing S changed: S adds a run with a fresh
 *     name in its own slot, a session, messages to the knowledge
 *     (which only grows, so what was offered stays offered and accepted alike) and, for a hub run, a
 *     count keyed by its fresh share, which the message (derivable before S) cannot name; and S after t
 *     is offered (knowledge grows) with the same fresh name (t starts no run in S's slot), adds no
 *     secret and reveals no key, so its only events are secrecy violations t's state already had and
 *     t reported. These steps are left out before they are computed (postponeResponderStarts, the
 *     `commuting` set). `checkCommutation` computes them instead and checks each one's diamond
 *     (throwing when one fails); the differential test runs it on every fixture.
 *     Two responder starts that are both offered before either (so neither uses what the other sent)
 *     are fused in one order only, the start with the smaller message first: S1·S2 is explored and
 *     S2·S1 not (S2·S1 is not even computed, unless `checkCommutation`). From different slots (service runs of two devices, a service and a cloud-service run)
 *     both orders reach the same state. From one slot (two cloud-service runs) the second order
 *     reaches that state with the two runs' names swapped, and with them the names of their fresh keys: a renaming of fresh values,
 *     which no receiver, event or secrecy check tells apart (they compare terms for equality; the one
 *     test of a name, the `x.`/`y.` prefix of the shares offered, holds for both), so the two states
 *     have the same futures up to the renaming, with the same violated goals (an event's text may
 *     name the other key).
 *     `checkCommutation` checks each pair left out (rename.ts renames the state, the exact keys are
 *     compared) and throws when one fails.
 *  4. Dead parts dropped (exact: a bisimulation). A part of a state that no receiver can consult again
 *     is dropped when it dies (dead-parts.ts lists what each receiver reads): event counts of ended
 *     runs' fresh shares and of earlier periods (an earlier period's device-run count kept as "some"),
 *     attested quotes and run-name counters of earlier periods, and every stored certificate of a
 *     device but its newest. Two states that differ only in dropped parts offer the same steps, with
 *     the same outcomes and the same events, to the same pairs of states again: every receiver and
 *     every event check reads only kept parts, and a dropped part is never read later because what
 *     it is keyed by (an ended run's fresh share, an earlier period) never comes back. So merging them
 *     loses no violation and adds none.
 *
 *  5. Run symmetry (exact up to renaming: a bisimulation). Two states that differ only by which of a
 *     slot's device attestation runs (same device, same period) is which are one state: state-key.ts
 *     keys attestation runs by (device, period, step, values) without their names. Such a run makes no
 *     fresh value, and its name is read nowhere but in the run list and the trace: not by a receiver,
 *     not in knowledge, counts, stores or event texts; a new run's name comes from the per-slot
 *     counter, which is in the key. So a renaming of attestation runs maps each step of one state to a
 *     step of the other with the same events, to renamed states again, and the search goes on from the
 *     state it stored first, whose trace is real. Runs of the other roles are not renamed: their names
 *     name their fresh nonces and Diffie–Hellman keys, which are in the knowledge and the counts, so
 *     renaming them would mean renaming terms in every part. The responder-start diamond check
 *     (reduction 3) compares exact keys, not symmetric ones. test/attestation/search-symmetry.test.ts
 *     reads the rule a second time: every pair of states the key merges is checked to be a renaming.
 *
 * Devices are not renamed: the default worlds (model/attestation/attack-scenario.ts scenarioFor)
 * give every device its own software schedule, and a device's keys, certificates and quotes name it,
 * so no two devices are interchangeable there; a world with two devices of one schedule would be.
 *
 * `reductions: false` searches the plain system (every start its own step, every part kept); a list
 * of reduction names switches on those alone. The differential tests
 * (test/attestation/search-reductions.test.ts) compare the verdict and every distinct violation
 * reached of the plain search with all reductions and with each alone, on every fixture.
 */
import { getHeapStatistics } from 'node:v8';
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { ALL_REDUCTIONS, REDUCTIONS, ProtocolModel, PROPERTY_IDS, type Action, type PropertyId, type Reduction, type State } from './model.js';
import type { Term } from './terms.js';
import { DEFAULT_BOUND, DEFAULT_SCENARIO, describeScenario, periodsOf, type Scenario, type SearchBound } from '../../model/attestation/attack-scenario.js';

export interface Counterexample {
  property: PropertyId;
  detail: string;
  /** The actions from the initial state to the violating step, the last one included. */
  trace: Action[];
}

export interface SearchStats {
  states: number;
  transitions: number;
  /** Longest trace explored, in actions (run starts, deliveries, period changes). */
  maxDepth: number;
  maxDeliveries: number;
  timeMs: number;
  statesPerSecond: number;
  /**
   * Memory: the largest growth of V8's used heap over its size when the search began, sampled with
   * the memory limit check (so it can miss a peak between samples, and garbage not yet collected
   * counts), and that growth per state stored.
   */
  peakHeapBytes: number;
  bytesPerState: number;
}

export interface SearchResult {
  verdict: 'holds' | 'violated' | 'unknown';
  design: string;
  scenario: Scenario;
  bound: SearchBound;
  /** The bound in words, as printed with a verdict (with the reductions applied and the states stored). */
  boundText: string;
  /** The reductions this search applied (header above), in the order of REDUCTIONS; empty for the plain search. */
  reductions: Reduction[];
  stats: SearchStats;
  violations: Counterexample[];
  /** With `allViolations`: every distinct violation reached, as `property: detail`, sorted. */
  reachedViolations?: string[];
  /** Why the search stopped early (state, time or memory limit): the verdict is then never 'holds'. */
  incomplete?: string;
  /** The largest session count searched to the end (verifyProtocol searches 1, 2, … sessions); 0 when none was. */
  completeSessions: number;
  cloudModelled: boolean;
  /** The honest first attestations the attacker saw before the search (replay material). */
  prefix: { device: string; messages: Term[] }[];
}

export interface SearchOptions {
  scenario?: Scenario;
  bound?: Partial<SearchBound>;
  timeLimitMs?: number;
  /** Stop (and answer unknown) when the heap grows past this many bytes; default: 70 % of the heap limit. */
  memoryLimitBytes?: number;
  stopAtFirst?: boolean;
  /** Offer every value of each field's type (slow; tests compare it with the default). */
  exhaustive?: boolean;
  /**
   * The reductions argued in the header (default on). Off: the plain transition system, every state
   * stored as it is; the differential tests compare both, and a reduction that lost an attack shows there.
   */
  reductions?: boolean | readonly Reduction[];
  /** Check each commutation the responder-start postponement takes as known by its diamond, and throw when one fails (tests). */
  checkCommutation?: boolean;
  /** Collect every distinct violation reached (property and detail), not only the first of each property (tests). */
  allViolations?: boolean;
  /** Called with every state reached (tests). */
  onState?: (state: State, model: ProtocolModel) => void;
  /** Called with every complete trace: a state with no successor (tests replay them concretely). */
  onLeaf?: (trace: Action[], state: State) => void;
  /** verifyProtocol: search the largest bound first and answer with it when it holds (default true); false: every bound in turn (tests compare both). */
  largestBoundFirst?: boolean;
}

export function searchProtocol(design: ProtocolDesign, options: SearchOptions = {}): SearchResult {
  return searchWith(modelFor(design, options), design, options);
}

/** The model of `design` under `options` (everything but the bound: the model never reads it; successors take it). */
function modelFor(design: ProtocolDesign, options: SearchOptions): ProtocolModel {
  const reductions = options.reductions === undefined || options.reductions === true ? ALL_REDUCTIONS : new Set(options.reductions === false ? [] : options.reductions);
  return new ProtocolModel(design, options.scenario ?? DEFAULT_SCENARIO, options.exhaustive ?? false, reductions, options.checkCommutation ?? false);
}

/**
 * One search with `model`. verifyProtocol passes one model to the searches of every bound: what the
 * model keeps (interned knowledge sets with their offers and successors, numbered state parts, shared
 * counters) are pure functions of the design, the scenario and the options, never of the bound, so the
 * larger search reuses what the smaller ones made. `heapBaseline`: the heap the memory figures are
 * measured from (verifyProtocol's start, so what earlier bounds left in the model is counted).
 */
function searchWith(model: ProtocolModel, design: ProtocolDesign, options: SearchOptions, heapBaseline?: number): SearchResult {
  const scenario = model.scenario;
  const bound: SearchBound = { ...DEFAULT_BOUND, ...options.bound };
  const reductions = model.reductions;
  const reached = new Set<string>();
  const started = performance.now();
  const visited = new Set<string>();
  const parent: number[] = [];
  /** The step (or fused steps) that reached each state. */
  const actions: (Action | Action[] | undefined)[] = [];
  const depth: number[] = [];
  const found = new Map<PropertyId, Counterexample>();
  let transitions = 0;
  let maxDepth = 0;
  let maxDeliveries = 0;
  let incomplete: string | undefined;
  const memoryLimit = options.memoryLimitBytes ?? defaultMemoryLimit();
  let expanded = 0;
  const heapAtStart = heapBaseline ?? getHeapStatistics().used_heap_size;
  let peakHeap = heapAtStart;

  const trace = (index: number): Action[] => {
    const out: Action[] = [];
    for (let i = index; i > 0; i = parent[i]!) {
      const a = actions[i]!;
      if (Array.isArray(a)) for (let j = a.length - 1; j >= 0; j--) out.push(a[j]!);
      else out.push(a);
    }
    return out.reverse();
  };

  const initial = model.initial();
  visited.add(model.hash(initial));
  parent.push(-1);
  actions.push(undefined);
  depth.push(0);
  let frontier: { state: State; index: number }[] = [{ state: initial, index: 0 }];
  options.onState?.(initial, model);
  outer: while (frontier.length > 0) {
    const next: { state: State; index: number }[] = [];
    for (const { state, index } of frontier) {
      const successors = model.successors(state, bound);
      transitions += successors.length;
      if (successors.length === 0) options.onLeaf?.(trace(index), state);
      for (const t of successors) {
        const h = model.hash(t.state);
        const isNew = !visited.has(h);
        for (const v of t.violations) {
          if (options.allViolations) reached.add(`${v.property}: ${v.detail}`);
          if (found.has(v.property)) continue;
          found.set(v.property, { property: v.property, detail: v.detail, trace: [...trace(index), ...(t.before ?? []), t.action] });
        }
        if (found.size > 0 && options.stopAtFirst) break outer;
        if (!isNew) continue;
        visited.add(h);
        const i = parent.length;
        parent.push(index);
        actions.push(t.before ? [...t.before, t.action] : t.action);
        depth.push(depth[index]! + 1);
        maxDepth = Math.max(maxDepth, depth[i]!);
        maxDeliveries = Math.max(maxDeliveries, t.state.deliveries);
        options.onState?.(t.state, model);
        next.push({ state: t.state, index: i });
        if (visited.size >= bound.maxStates) {
          incomplete = `stopped at the state limit (${bound.maxStates.toLocaleString('en-US')} states)`;
          break outer;
        }
      }
      if (options.timeLimitMs !== undefined && performance.now() - started > options.timeLimitMs) {
        incomplete = `stopped at the time limit (${options.timeLimitMs} ms)`;
        break outer;
      }
      // Running out of heap kills the process; stopping first turns it into an honest unknown.
      const heap = expanded++ % MEMORY_CHECK_EVERY === 0 ? getHeapStatistics().used_heap_size : 0;
      if (heap > peakHeap) peakHeap = heap;
      if (heap > memoryLimit) {
        incomplete = `stopped at the memory limit (${Math.round(memoryLimit / 2 ** 20).toLocaleString('en-US')} MiB of heap, ${visited.size.toLocaleString('en-US')} states)`;
        break outer;
      }
    }
    frontier = next;
  }
  const timeMs = performance.now() - started;
  const violations = PROPERTY_IDS.flatMap((p) => (found.has(p) ? [found.get(p)!] : []));
  peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size);
  const peakHeapBytes = peakHeap - heapAtStart;
  const stats: SearchStats = { states: visited.size, transitions, maxDepth, maxDeliveries, timeMs, statesPerSecond: visited.size / Math.max(timeMs / 1000, 1e-6), peakHeapBytes, bytesPerState: Math.round(peakHeapBytes / Math.max(1, visited.size)) };
  const verdict = violations.length > 0 ? 'violated' : incomplete ? 'unknown' : 'holds';
  const completeSessions = incomplete ? 0 : bound.sessions;
  const applied = REDUCTIONS.filter((r) => reductions.has(r));
  return { verdict, design: design.name, scenario, bound, boundText: boundText(scenario, bound, stats, model.cloudModelled, completeSessions, incomplete, applied), reductions: applied, stats, violations, ...(options.allViolations ? { reachedViolations: [...reached].sort() } : {}), ...(incomplete ? { incomplete } : {}), completeSessions, cloudModelled: model.cloudModelled, prefix: model.prefix };
}

/** Heap use is checked on the first expanded state and then every this many. */
export const MEMORY_CHECK_EVERY = 256;

function defaultMemoryLimit(): number {
  return Math.floor(getHeapStatistics().heap_size_limit * 0.7);
}

/**
 * The search at 1, 2, … sessions up to the bound, stopping at the first bound with a violation: the
 * counterexamples are then as short as they can be, and a flawed design is rejected without exploring
 * everything an attacker can do once it has won. A design that holds is searched at every bound; the
 * figures of the last (largest) search are reported, with the time of all of them.
 *
 * The largest bound is searched first, stopping at its first violation (probeLargestBound). When it holds,
 * so does every smaller bound, and its search is the very one the loop would end with, so it is the answer
 * without the smaller searches (about a fifth of verify's search on the built-in design). Only a probe that
 * holds is used; one that finds a violation or stops early (time, memory or state limit) is dropped, and the
 * bounds are searched one by one as before, with the whole time limit and a model of their own: the
 * counterexamples and the largest bound searched to the end are the loop's.
 */
export function verifyProtocol(design: ProtocolDesign, options: SearchOptions = {}): SearchResult {
  const bound: SearchBound = { ...DEFAULT_BOUND, ...options.bound };
  const started = performance.now();
  const heapAtStart = getHeapStatistics().used_heap_size;
  const last = probeLargestBound(design, options, bound, heapAtStart) ?? searchEachBound(modelFor(design, options), design, options, bound, heapAtStart);
  const timeMs = performance.now() - started;
  // The largest bound searched to its end: the one below an incomplete search, else the last one.
  const completeSessions = last.incomplete ? last.bound.sessions - 1 : last.bound.sessions;
  const result = { ...last, completeSessions, stats: { ...last.stats, timeMs } };
  return { ...result, boundText: boundText(result.scenario, result.bound, result.stats, result.cloudModelled, completeSessions, result.incomplete, result.reductions) };
}

/**
 * The search at the largest bound, stopping at its first violation; its result when it holds, else undefined.
 * Why a probe that holds answers for every bound: a trace within a smaller bound is a trace within the larger
 * one (the bound only stops run starts: a state with at most k sessions used offers the same steps under
 * either bound, and a state with k used offers under the larger bound every step it offers under bound k, the
 * fused responder starts added), and a step's events depend only on the state it starts from and the message;
 * so a violation reachable within k sessions is reachable within the bound. And the search at the bound is a
 * function of the design, the scenario, the options and the bound alone (searchWith: the model's caches are
 * pure), so it is the search the loop's last iteration makes. Searches with callbacks or collecting every
 * violation (tests) are left to the loop, as is a bound of one session (nothing to skip).
 */
function probeLargestBound(design: ProtocolDesign, options: SearchOptions, bound: SearchBound, heapAtStart: number): SearchResult | undefined {
  if (options.largestBoundFirst === false || bound.sessions <= 1 || options.onState || options.onLeaf || options.allViolations || options.stopAtFirst || options.checkCommutation) return undefined;
  const probe = searchWith(modelFor(design, options), design, { ...options, bound, stopAtFirst: true }, heapAtStart);
  return probe.verdict === 'holds' ? probe : undefined;
}

/** The loop of verifyProtocol: 1, 2, … sessions with one model, stopping at the first bound that does not hold; the time limit runs from its own start. */
function searchEachBound(model: ProtocolModel, design: ProtocolDesign, options: SearchOptions, bound: SearchBound, heapAtStart: number): SearchResult {
  const started = performance.now();
  let last: SearchResult | undefined;
  for (let sessions = 1; sessions <= bound.sessions; sessions++) {
    const remaining = options.timeLimitMs === undefined ? undefined : Math.max(1, options.timeLimitMs - (performance.now() - started));
    last = searchWith(model, design, { ...options, bound: { ...bound, sessions }, ...(remaining !== undefined ? { timeLimitMs: remaining } : {}) }, heapAtStart);
    if (last.verdict !== 'holds') break;
  }
  return last!;
}

/**
 * The bound in words, as explored: `completeSessions` is how many sessions were searched to the end;
 * when the search at `bound.sessions` stopped early, the text says so instead of claiming that bound.
 */
export function boundText(scenario: Scenario, bound: SearchBound, stats: Pick<SearchStats, 'maxDeliveries' | 'states' | 'bytesPerState'>, cloudModelled: boolean, completeSessions = bound.sessions, incomplete?: string, reductions: readonly Reduction[] = []): string {
  const periods = periodsOf(scenario);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const sessions = incomplete
    ? `${completeSessions > 0 ? `≤ ${plural(completeSessions, 'session')} searched to the end` : 'no session count searched to the end'} (the search at ${plural(bound.sessions, 'session')} ${incomplete})`
    : `≤ ${plural(bound.sessions, 'session')}`;
  return (
    `${sessions}, ${plural(scenario.devices.length, 'device')}, ${plural(periods, 'attestation period')}, attacker depth ${stats.maxDeliveries}` +
    ` (every interleaving of up to ${plural(bound.sessions, 'run')} of the device, security-service${cloudModelled ? ', device-connection and cloud-service' : ''} roles, the attacker starting service runs at will` +
    `${scenario.honestPrefix ? ", after each device's observed first attestation" : ''}; devices ${describeScenario(scenario)}; ` +
    `${incomplete ? 'runs explored' : 'every run explored to its end'}, at most ${stats.maxDeliveries} messages delivered in a trace; ${stats.states.toLocaleString('en-US')} states stored, ${reductions.length ? `reduced by ${reductions.join(', ')}` : 'no reduction'}; ${stats.bytesPerState.toLocaleString('en-US')} bytes of heap per state)`
  );
}

/**
 * The comparison log of the structure-aware mode (CmpLog, as AFL++ calls it): the instrumented code under test
 * calls `__sevenfoldCompare(op, left, right)` in place of each `===`, `!==`, `==`, `!=`, `<`, `<=`, `>`, `>=`
 * (compare-instrument.ts rewrites them when the fuzz build is loaded), and this records the operands of the
 * ones on numbers, strings and big integers whose sides differ: what the input would have needed to be for the
 * comparison to go the other way. The comparisons a reader makes without an operator are logged the same way:
 *  - a `switch`: `__sevenfoldCase(discriminant, test)` around each case test, the discriminant against the test;
 *  - a lookup that misses in a small collection: `__sevenfoldLookup(collection, key, result)` for `.includes(k)`,
 *    `.indexOf(k)`, `.has(k)` and `.get(k)`, and `__sevenfoldOwnKey` for `Object.hasOwn(o, k)` and `k in o`: the
 *    key against every element (an Array's items, a Set's members, a Map's or an object's keys), when the
 *    collection has at most MAX_LOOKUP_ENTRIES of them. The tables a reader checks a name or a tag against are
 *    that small; bigger ones are mostly built from the input itself. A hit is not logged: the input already
 *    holds a value the table names, and the readers look up every name and id of a valid input (the seeds of
 *    the manifest and hardware targets filled the log's 512 places with hits, crowding out the comparisons). The loop keeps each corpus entry's comparisons and writes the other operand
 * where the input holds one (core/input-to-state.ts); the operands of an input kept in the corpus also join the
 * campaign's dictionary (core/runtime-dictionary.ts).
 *
 * Frames of this file are left out of crash keys (core/stack.ts skips fuzz/engine/), so a comparison that
 * throws (a Symbol ordered) is keyed by the code that made it.
 */
import type { Comparison } from '../core/input-to-state.js';

export const COMPARE_FUNCTION = '__sevenfoldCompare';
export const CASE_FUNCTION = '__sevenfoldCase';
export const LOOKUP_FUNCTION = '__sevenfoldLookup';
export const OWN_KEY_FUNCTION = '__sevenfoldOwnKey';
/**
 * A global that is true while the log records: the instrumented code compares natively while it is false, and
 * calls COMPARE_FUNCTION only while it is true (gated-comparisons.ts).
 */
export const LOGGING_FLAG = '__sevenfoldLogging';
/** Lookups in collections larger than this are not logged. */
export const MAX_LOOKUP_ENTRIES = 64;
/** Distinct comparisons kept per input: enough for a format reader's checks, bounded against loops. */
const MAX_PER_INPUT = 512;
const MAX_TEXT = 64;

export interface CompareLog {
  /** The comparisons recorded since the last call, distinct, in the order first met. */
  take(): Comparison[];
  /** Whether comparisons are recorded (the loop turns it on only to re-run an input that joins the corpus). */
  logging: boolean;
}

const loggable = (v: unknown): v is number | string | bigint =>
  typeof v === 'number' ? Number.isFinite(v) : typeof v === 'string' ? v.length <= MAX_TEXT : typeof v === 'bigint';

/** Defines the global the instrumented code calls, and returns the log it writes to. */
export function installCompareLog(): CompareLog {
  // The pairs recorded, by left operand: a Map tells 1 from '1' and 1n as the old `typeof:value` keys did,
  // without building a string for each of the thousands of comparisons a run repeats.
  let seen = new Map<unknown, Set<unknown>>();
  let recorded: Comparison[] = [];
  /** Whether the log records (CompareLog.logging; LOGGING_FLAG says the same to the instrumented code). */
  let on = true;
  const global = globalThis as Record<string, unknown>;
  const record = (a: unknown, b: unknown): void => {
    // Off while the loop runs inputs it does not keep: it re-runs an input that joins the corpus with logging on.
    if (!on || recorded.length >= MAX_PER_INPUT || a === b || !loggable(a) || !loggable(b)) return;
    let right = seen.get(a);
    if (!right) seen.set(a, (right = new Set()));
    else if (right.has(b)) return;
    right.add(b);
    recorded.push({ a, b });
    // Full: nothing more is recorded for this input, so the instrumented code compares natively for the rest of
    // the run (the gate, gated-comparisons.ts) instead of calling in here for each comparison only to be refused.
    // take() opens the gate again. On platform designs two thirds of the re-runs filled the log in the loader and
    // then made every comparison of the static parts (TCB, attack graph, five instantiations) through the log.
    if (recorded.length >= MAX_PER_INPUT) global[LOGGING_FLAG] = false;
  };
  // The operators, in the order compare-instrument.ts numbers them.
  const compare = (op: number, a: unknown, b: unknown): boolean => {
    record(a, b);
    /* eslint-disable eqeqeq */
    switch (op) {
      case 0:
        return a === b;
      case 1:
        return a !== b;
      case 2:
        return a == b;
      case 3:
        return a != b;
      case 4:
        return (a as number) < (b as number);
      case 5:
        return (a as number) <= (b as number);
      case 6:
        return (a as number) > (b as number);
      default:
        return (a as number) >= (b as number);
    }
    /* eslint-enable eqeqeq */
  };
  // A case test is compared with === against the discriminant: the test's value is returned unchanged.
  const caseTest = (discriminant: unknown, test: unknown): unknown => {
    record(discriminant, test);
    return test;
  };
  const recordAll = (key: unknown, entries: Iterable<unknown>, size: number): void => {
    if (size > MAX_LOOKUP_ENTRIES) return;
    // (Callers ask log.logging first: with logging off, a missed lookup walked its collection for nothing.)
    for (const e of entries) record(key, e);
  };
  // The code made the call itself (compare-instrument.ts keeps it in place): here only its result is read.
  const lookup = (collection: unknown, key: unknown, result: unknown): unknown => {
    // A miss: false (includes, has), -1 (indexOf), undefined (get).
    if (on && recorded.length < MAX_PER_INPUT && (result === false || result === -1 || result === undefined) && loggable(key)) {
      if (Array.isArray(collection)) recordAll(key, collection, collection.length);
      else if (collection instanceof Set) recordAll(key, collection, collection.size);
      else if (collection instanceof Map) recordAll(key, collection.keys(), collection.size);
    }
    return result;
  };
  // Object.hasOwn(object, key) as ownKey(object, key, false); key in object as ownKey(key, object, true):
  // the arguments in the order the code evaluates them.
  const ownKey = (first: unknown, second: unknown, inOperator: boolean): boolean => {
    const [object, key] = inOperator ? [second, first] : [first, second];
    const result = inOperator ? (key as PropertyKey) in (object as object) : Object.hasOwn(object as object, key as PropertyKey);
    if (!result && on && recorded.length < MAX_PER_INPUT && loggable(key) && typeof object === 'object' && object !== null && !Array.isArray(object)) {
      const keys = Object.keys(object);
      recordAll(key, keys, keys.length);
    }
    return result;
  };
  const log: CompareLog = {
    get logging() {
      return on;
    },
    set logging(value: boolean) {
      on = value;
      global[LOGGING_FLAG] = value;
    },
    take() {
      const out = recorded;
      recorded = [];
      global[LOGGING_FLAG] = on;
      if (seen.size) seen = new Map();
      return out;
    },
  };
  global[LOGGING_FLAG] = on;
  global[COMPARE_FUNCTION] = compare;
  global[CASE_FUNCTION] = caseTest;
  global[LOOKUP_FUNCTION] = lookup;
  global[OWN_KEY_FUNCTION] = ownKey;
  return log;
}

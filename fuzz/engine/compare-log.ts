/**
 * The comparison log of the structure-aware mode (CmpLog, as AFL++ calls it): the instrumented code under test
 * calls `__sevenfoldCompare(op, left, right)` in place of each `===`, `!==`, `==`, `!=`, `<`, `<=`, `>`, `>=`
 * (compare-instrument.ts rewrites them when the fuzz build is loaded), and this records the operands of the
 * ones on numbers, strings and big integers whose sides differ: what the input would have needed to be for the
 * comparison to go the other way. The loop keeps each corpus entry's comparisons and writes the other operand
 * where the input holds one (core/input-to-state.ts); the operands of an input kept in the corpus also join the
 * campaign's dictionary (core/runtime-dictionary.ts).
 *
 * Frames of this file are left out of crash keys (core/stack.ts skips fuzz/engine/), so a comparison that
 * throws (a Symbol ordered) is keyed by the code that made it.
 */
import type { Comparison } from '../core/input-to-state.js';

export const COMPARE_FUNCTION = '__sevenfoldCompare';
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
  let seen = new Set<string>();
  let recorded: Comparison[] = [];
  const record = (a: unknown, b: unknown): void => {
    if (recorded.length >= MAX_PER_INPUT || a === b || !loggable(a) || !loggable(b)) return;
    const key = `${typeof a}:${String(a)}\u0000${typeof b}:${String(b)}`;
    if (seen.has(key)) return;
    seen.add(key);
    recorded.push({ a, b });
  };
  // The operators, in the order compare-instrument.ts numbers them.
  const compare = (op: number, a: unknown, b: unknown): boolean => {
    if (log.logging) record(a, b);
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
  const log: CompareLog = {
    logging: true,
    take() {
      const out = recorded;
      recorded = [];
      if (seen.size) seen = new Set();
      return out;
    },
  };
  (globalThis as Record<string, unknown>)[COMPARE_FUNCTION] = compare;
  return log;
}

/**
 * Option parsers shared by every command, so a value out of range is refused before any work starts
 * (commander prints "option '--runs <n>' argument '-1' is invalid. <message>" and the CLI exits 2).
 * The ranges are the ones that mean something: a timeout of 0 ms would make every solver call
 * unknown, zero runs would decide nothing, a seed must round-trip through the reproduce command.
 */
import { InvalidArgumentError } from 'commander';

/** A whole number in [min, max]; `what` names the unit for the message ("runs", "ms"). */
export function wholeNumber(min: number, max: number, what = ''): (value: string) => number {
  return (value: string) => {
    const text = value.trim();
    const n = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
    const unit = what ? ` ${what}` : '';
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(max === Number.MAX_SAFE_INTEGER ? `expected a whole number of at least ${min}${unit}` : `expected a whole number from ${min} to ${max}${unit}`);
    }
    return n;
  };
}

/** Cases per randomised check: at least one (zero runs decide nothing). */
export const runsOption = wholeNumber(1, 1_000_000, 'runs');
/** Per solver call: at least 1 ms, at most a day. */
export const timeoutOption = wholeNumber(1, 86_400_000, 'ms');
/** Skipped boot checks the fault sweep combines: every combination is booted, so more than 3 is out of reach. */
export const faultsOption = wholeNumber(1, 3, 'skipped checks');
/** Worker threads for verify: one per property at most (seven), so more than 7 would only idle. */
export const jobsOption = wholeNumber(1, 7, 'worker threads');
/** Seeds as fast-check and the emulators take them, and as the reproduce commands print them. */
export const seedOption = wholeNumber(0, 2 ** 31 - 1);

/** A value that must not be empty (an empty --product or --out would silently mean the default). */
export function nonEmpty(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('expected a value, got an empty string');
  return value;
}

/** Comma-separated list that adds up across repeated options; an empty list is an error, not "all". */
export function nonEmptyList(value: string, previous: string[] = []): string[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError('expected at least one name, got an empty list');
  return [...previous, ...items];
}

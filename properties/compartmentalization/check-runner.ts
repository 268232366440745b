/**
 * Runs one fast-check property as a suite check and turns what happened into a SuiteResult:
 * a failure the property itself raised (a Violation) is 'violated', with the shrunk counterexample
 * and how to replay it; anything else that goes wrong, zero cases run, or a run the time limit cut short is 'unknown'.
 */
import fc from 'fast-check';
import type { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { describeResult, describeSyscall, normalizeComponentId, type Syscall, type SyscallResult } from '../../emulator/syscalls.js';
import type { SuiteCheck, SuiteResult } from './suite.js';

/** A property failure: what broke, and the transcript of the run that broke it. */
export class Violation extends Error {
  constructor(
    message: string,
    readonly transcript: string[],
  ) {
    super(message);
    this.name = 'Violation';
  }
}

export interface CheckRunOptions {
  seed: number;
  runs: number;
  /** Replays one counterexample (fast-check's counterexamplePath). */
  path?: string;
  /** fast-check's commands replayPath, for the model-based check. */
  commandsReplayPath?: string;
  timeLimitMs?: number;
  /** How to call the suite again for this check: filled in with the path. */
  replayCall: (path: string, commandsReplayPath?: string) => string;
}

/**
 * The cases a check's generator can draw, as "<app>: <call kind>" (the check's own enumeration, from universe.ts), and
 * the ones its runs tried. A `holds` needs every one tried: runs that never had an app make some kind of call decided
 * nothing about it, however many there were (--runs below what reaches them gave `holds`: s37 note). The minimum is
 * the check's own enumeration, not a number chosen here.
 */
export interface CaseCoverage {
  expected: readonly string[];
  tried: Set<string>;
}

/** The `holds` of a check, or `unknown` naming the cases of its enumeration its runs never tried. */
export function coveredOrUnknown(result: SuiteResult, coverage: CaseCoverage | undefined): SuiteResult {
  if (result.verdict !== 'holds' || !coverage) return result;
  const never = coverage.expected.filter((c) => !coverage.tried.has(c));
  if (!never.length) return result;
  const shown = `${never.slice(0, 4).join(', ')}${never.length > 4 ? ` and ${never.length - 4} more` : ''}`;
  return { ...result, verdict: 'unknown', summary: `${result.runs} run${result.runs === 1 ? '' : 's'}, none failing, never tried ${never.length} of the ${coverage.expected.length} cases the check draws from (${shown}): nothing was decided about ${never.length === 1 ? 'it' : 'them'}; more --runs try every case` };
}

/** `examples`: cases tried before the random ones (they count towards the runs), so a few runs still cover them. */
export function runCheck<T>(check: SuiteCheck, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => void, holdsSummary: (runs: number) => string, options: CheckRunOptions, examples: readonly T[] = [], coverage?: CaseCoverage): SuiteResult {
  return coveredOrUnknown(runCheckOnce(check, arbitrary, predicate, holdsSummary, options, examples), coverage);
}

function runCheckOnce<T>(check: SuiteCheck, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => void, holdsSummary: (runs: number) => string, options: CheckRunOptions, examples: readonly T[]): SuiteResult {
  const start = performance.now();
  const base = { check, seed: options.seed };
  if (options.runs <= 0 && options.path === undefined) {
    return { ...base, verdict: 'unknown', runs: 0, summary: 'no cases were run (runs = 0)', timeMs: 0 };
  }
  const details = fc.check(fc.property(arbitrary, predicate), {
    seed: options.seed,
    numRuns: Math.max(1, options.runs),
    ...(examples.length ? { examples: examples.map((e) => [e] as [T]) } : {}),
    ...(options.path !== undefined ? { path: options.path } : {}),
    ...(options.timeLimitMs !== undefined ? { interruptAfterTimeLimit: options.timeLimitMs } : {}),
  });
  const timeMs = Math.round(performance.now() - start);
  if (details.failed && details.counterexample !== null) {
    const error = details.errorInstance;
    if (!(error instanceof Violation)) {
      const message = error instanceof Error ? error.message : String(error);
      return { ...base, verdict: 'unknown', runs: details.numRuns, summary: `the check failed internally (a Sevenfold defect, not a finding): ${message}`, timeMs };
    }
    const replayPath = commandsReplayPathOf(details.counterexample[0]);
    return {
      ...base,
      verdict: 'violated',
      runs: details.numRuns,
      summary: error.message,
      counterexample: error.transcript.join('\n'),
      replay: `seed ${details.seed}, path "${details.counterexamplePath}"${replayPath ? `, commands replayPath "${replayPath}"` : ''}: ${options.replayCall(details.counterexamplePath, replayPath)}`,
      timeMs,
    };
  }
  if (details.failed) {
    return { ...base, verdict: 'unknown', runs: details.numRuns, summary: details.interrupted ? 'interrupted by the time limit before any case failed or passed' : 'fast-check could not generate cases', timeMs };
  }
  if (details.numRuns === 0) return { ...base, verdict: 'unknown', runs: 0, summary: 'no cases were run before the time limit', timeMs };
  // A check the time limit cut short ran fewer cases than asked: that is a timeout, never 'holds' (it held "with a note").
  if (details.interrupted) return { ...base, verdict: 'unknown', runs: details.numRuns, summary: `interrupted by the time limit after ${details.numRuns} of ${options.runs} runs, none failing: fewer cases than asked decide nothing`, timeMs };
  return { ...base, verdict: 'holds', runs: details.numRuns, summary: holdsSummary(details.numRuns), timeMs };
}

function commandsReplayPathOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || !(Symbol.iterator in value)) return undefined;
  return /replayPath="([^"]*)"/.exec(String(value))?.[1];
}

export function nameResolver(spec: IsolationSpec): (id: string) => string {
  return (id) => {
    const name = spec.compartment(normalizeComponentId(id))?.name;
    if (name === undefined) return id;
    return normalizeComponentId(id) === id ? name : `${name} (written ${id})`;
  };
}

/** "3. Thermostat: connect evil.example.net → EACCES" */
export function transcriptLine(index: number, appName: string, call: Syscall, nameOf: (id: string) => string, result?: SyscallResult, note?: string): string {
  return `${index}. ${appName}: ${describeSyscall(call, nameOf)}${result ? ` → ${describeResult(result)}` : ''}${note ? `  [${note}]` : ''}`;
}

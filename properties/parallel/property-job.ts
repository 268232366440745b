/**
 * What a worker thread needs to decide one property exactly as the main thread would: the files
 * (not parsed objects, which do not cross threads), and the options that shape the check.
 * Both threads load the product and the profile from the same files with the same loaders, so a
 * verdict does not depend on the number of jobs (test/cli/verify-jobs.test.ts compares them).
 */
import type { AttackerSearchBound } from '../../proofs/attacker-search/bound-option.js';
import type { PropertyCheckContext } from '../registry.js';
import type { RequirementProfile } from '../../model/requirements/requirement-profile.js';
import type { PropertyResult } from '../verdict.js';

export interface PropertyJobSettings {
  productFile: string;
  /** `--requirements` as given (undefined: the built-in profile), resolved against `cwd`. */
  requirementsOption: string | undefined;
  cwd: string;
  seed: number;
  runs: number;
  timeoutMs: number;
  bound?: AttackerSearchBound;
  faults?: number;
}

export interface PropertyJob {
  propertyId: string;
  command: string;
}

/** Messages from the main thread to a worker. */
export type ToWorker = { kind: 'run'; job: PropertyJob } | { kind: 'stop' };

/** Messages from a worker to the main thread. */
export type FromWorker =
  | { kind: 'progress'; propertyId: string; message: string }
  | { kind: 'result'; propertyId: string; result: PropertyResult }
  | { kind: 'stopped' };

/** The context a check runs with, from the settings: the one recipe for this thread and for a worker. */
export function checkContext(settings: PropertyJobSettings, requirements: { profile: RequirementProfile; file: string }, command: string, progress: (message: string) => void): PropertyCheckContext {
  return {
    progress,
    seed: settings.seed,
    runs: settings.runs,
    timeoutMs: settings.timeoutMs,
    command,
    requirements: requirements.profile,
    requirementsFile: requirements.file,
    ...(settings.bound ? { bound: settings.bound } : {}),
    ...(settings.faults !== undefined ? { faults: settings.faults } : {}),
  };
}

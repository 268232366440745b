/**
 * `verify --format json`'s progress for a reader of stderr (a CI log): the JSON document comes on stdout
 * only at the end, and off a terminal the transient status line is not shown, so a long run said nothing
 * until it was over. Once the run has taken longer than PROGRESS_AFTER_MS, each property that finishes is
 * a line on stderr, and those that finished before then are caught up first; a run shorter than that
 * prints nothing (the document follows at once).
 */
import type { PropertyResult } from '../../properties/verdict.js';

/** How long a run goes before its finished properties are reported on stderr. */
export const PROGRESS_AFTER_MS = 3000;

export interface FinishedProperties {
  /** A property finished: the lines to print now (none before the threshold). */
  finished(result: PropertyResult): string[];
}

export function finishedPropertyLines(total: number, now: () => number = () => performance.now(), afterMs = PROGRESS_AFTER_MS): FinishedProperties {
  const started = now();
  const waiting: string[] = [];
  let count = 0;
  return {
    finished(result) {
      count += 1;
      const seconds = (now() - started) / 1000;
      waiting.push(`sevenfold verify: [${count}/${total}] ${result.property} ${result.verdict} (${seconds.toFixed(1)} s)`);
      if (now() - started < afterMs) return [];
      return waiting.splice(0);
    },
  };
}

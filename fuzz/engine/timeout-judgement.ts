/**
 * Whether an input that passed the per-input time limit during a campaign is a hang. The watch that
 * catches it measures wall time, so on a loaded machine (a CI runner with other jobs, two cores shared
 * by several campaigns) a worker that was descheduled can pass the limit on an input that is fast. The
 * input is replayed alone in a fresh worker before it is called a hang: a replay that also passes the
 * limit, or comes near it, is a hang (or a real slow input); a replay that crashes is that crash; a
 * replay that finishes well inside it was the machine, not the target.
 */
import type { ReplayResult } from './workers.js';

export type TimeoutJudgement =
  | { kind: 'hang' }
  | { kind: 'crash'; key: string; headline: string; stack: string }
  | { kind: 'load'; replayMs: number };

/** A replay taking at least this share of the limit is too slow to blame on load. */
export const SLOW_SHARE_OF_LIMIT = 0.5;

export function judgeTimeout(replay: ReplayResult | undefined, limitMs: number): TimeoutJudgement {
  if (!replay || replay.key === 'timeout' || replay.ms >= limitMs * SLOW_SHARE_OF_LIMIT) return { kind: 'hang' };
  if (!replay.ok) return { kind: 'crash', key: replay.key ?? 'unknown error', headline: replay.headline ?? replay.key ?? 'unknown error', stack: replay.stack ?? '' };
  return { kind: 'load', replayMs: replay.ms };
}

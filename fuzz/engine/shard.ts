/**
 * `sevenfold fuzz --shard i/n`: which part of a campaign one CI runner does. A campaign is a list of
 * units, one per target and mode (targets in the order asked, for `all` the registry's; modes structured
 * then bytes), each run for the campaign's time. The partition is a pure function of (units, i, n), so
 * every runner of a matrix computes the same plan without talking to the others:
 *
 * - n ≤ units: unit k goes to shard (k mod n) + 1, whole (its full time and run limit, the campaign seed).
 * - n > units: shard s (0-based) runs unit s mod units as replica r = ⌊s / units⌋ of the R shards that
 *   share that unit; each replica gets time/R (at least 1 s) and runs/R, and seed + r × 15,485,863, so
 *   the replicas explore differently from the same corpus and the total time stays the campaign's.
 *
 * Every unit is run by at least one shard, and the shards' times add up to the unsharded campaign's.
 */
import type { FuzzMode } from './campaign.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export interface ShardUnit {
  target: string;
  mode: FuzzMode;
  timeMs: number;
  runs?: number;
  seed: number;
  /** Which of the shards sharing this unit runs it (0-based), and how many share it. */
  replica: number;
  replicas: number;
}

/** The millionth prime: replica seeds stay apart from the per-worker offsets (7919, 104729) of a campaign. */
const REPLICA_SEED_STEP = 15_485_863;
const MAX_SHARDS = 1024;

/** "i/n" → a shard, or the reason it is not one (for a usage error). */
export function parseShard(text: string): Shard | { error: string } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return { error: 'expected i/n, the shard index and the shard count, e.g. 1/4' };
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS) return { error: `expected a shard count from 1 to ${MAX_SHARDS}` };
  if (index < 1 || index > count) return { error: `expected a shard index from 1 to ${count}` };
  return { index, count };
}

export function shardPlan(units: readonly { target: string; mode: FuzzMode }[], shard: Shard, campaign: { timeMs: number; runs?: number; seed: number }): ShardUnit[] {
  const { index, count } = shard;
  const s = index - 1;
  const whole = (u: { target: string; mode: FuzzMode }): ShardUnit => ({ ...u, timeMs: campaign.timeMs, ...(campaign.runs !== undefined ? { runs: campaign.runs } : {}), seed: campaign.seed, replica: 0, replicas: 1 });
  if (count <= units.length) return units.filter((_, k) => k % count === s).map(whole);
  const k = s % units.length;
  const replica = Math.floor(s / units.length);
  const replicas = Math.floor(count / units.length) + (k < count % units.length ? 1 : 0);
  const unit = units[k]!;
  return [
    {
      ...unit,
      timeMs: Number.isFinite(campaign.timeMs) ? Math.max(1000, Math.round(campaign.timeMs / replicas)) : campaign.timeMs,
      ...(campaign.runs !== undefined ? { runs: Math.max(1, Math.ceil(campaign.runs / replicas)) } : {}),
      seed: (campaign.seed + replica * REPLICA_SEED_STEP) >>> 0,
      replica,
      replicas,
    },
  ];
}

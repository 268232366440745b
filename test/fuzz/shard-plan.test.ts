/** `--shard i/n`: the partition of a campaign's targets × modes, its time and seeds (fuzz/engine/shard.ts). */
import { describe, expect, it } from 'vitest';
import { parseShard, shardPlan, type ShardUnit } from '../../fuzz/engine/shard.js';
import type { FuzzMode } from '../../fuzz/engine/campaign.js';

const units = ['a', 'b', 'c'].flatMap((target) => (['structured', 'bytes'] as FuzzMode[]).map((mode) => ({ target, mode })));
const campaign = { timeMs: 60_000, runs: 900, seed: 42 };
const allShards = (n: number): ShardUnit[][] => Array.from({ length: n }, (_, i) => shardPlan(units, { index: i + 1, count: n }, campaign));

describe('shardPlan', () => {
  it.each([1, 2, 4, 6])('with %i shards (no more than units) runs every unit exactly once, whole', (n) => {
    const plans = allShards(n);
    const run = plans.flat().map((u) => `${u.target}/${u.mode}`);
    expect(run.sort()).toEqual(units.map((u) => `${u.target}/${u.mode}`).sort());
    for (const u of plans.flat()) expect(u).toMatchObject({ timeMs: 60_000, runs: 900, seed: 42, replicas: 1 });
    // Round-robin: shard sizes differ by at most one.
    const sizes = plans.map((p) => p.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('with more shards than units gives each shard one unit; the replicas of a unit split its time and runs and have distinct seeds', () => {
    const plans = allShards(14); // 6 units: units 0 and 1 get 3 replicas, the others 2
    for (const p of plans) expect(p).toHaveLength(1);
    for (const [k, u] of units.entries()) {
      const replicas = plans.flat().filter((r) => r.target === u.target && r.mode === u.mode);
      expect(replicas).toHaveLength(k < 2 ? 3 : 2);
      expect(replicas.map((r) => r.replica).sort()).toEqual(replicas.map((_, i) => i));
      expect(new Set(replicas.map((r) => r.seed)).size).toBe(replicas.length);
      const total = replicas.reduce((t, r) => t + r.timeMs, 0);
      expect(Math.abs(total - 60_000)).toBeLessThanOrEqual(replicas.length);
      expect(replicas.reduce((t, r) => t + r.runs!, 0)).toBeGreaterThanOrEqual(900);
    }
  });

  it('is a function of its inputs: every runner computes the same plan', () => {
    expect(allShards(4)).toEqual(allShards(4));
    expect(allShards(9)).toEqual(allShards(9));
  });

  it('keeps "no time limit" unlimited for replicas', () => {
    const [u] = shardPlan(units, { index: 7, count: 8 }, { timeMs: Infinity, seed: 1 });
    expect(u!.timeMs).toBe(Infinity);
    expect(u!.runs).toBeUndefined();
  });
});

describe('parseShard', () => {
  it('reads i/n', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
  });
  it.each([
    ['0/2', /index from 1 to 2/],
    ['3/2', /index from 1 to 2/],
    ['1/0', /count from 1 to/],
    ['x/y', /expected i\/n/],
    ['1', /expected i\/n/],
    ['-1/2', /expected i\/n/],
    ['1.5/2', /expected i\/n/],
  ])('rejects %s', (text, why) => {
    const r = parseShard(text);
    expect('error' in r && r.error).toMatch(why);
  });
});

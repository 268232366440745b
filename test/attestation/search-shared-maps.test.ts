import { describe, expect, it } from 'vitest';
import { bumped, derived } from '../../proofs/attacker-search/shared-maps.js';

/**
 * The attacker search's counters are shared between states and never changed (shared-maps.ts): a
 * change makes a new map, and the same change to the same map gives that map again. A memo that
 * changed the map it came from, or answered a different change with a remembered map, would give
 * states counts they do not have.
 */
describe('copy-on-write counters of the attacker search', () => {
  it('counts on a new map and leaves the map it came from as it was', () => {
    const counts = new Map([['Rq|a|0', 1]]);
    const next = bumped(counts, ['Rq|a|0', 'Cq|a|0']);
    expect([...counts]).toEqual([['Rq|a|0', 1]]);
    expect([...next].sort()).toEqual([['Cq|a|0', 1], ['Rq|a|0', 2]]);
  });

  it('gives the same map for the same change, and another for another change', () => {
    const counts = new Map<string, number>();
    const a = bumped(counts, ['x']);
    expect(bumped(counts, ['x'])).toBe(a);
    expect(bumped(counts, ['y'])).not.toBe(a);
    expect(bumped(counts, ['x', 'y'])).not.toBe(a);
    expect([...bumped(a, ['x'])]).toEqual([['x', 2]]);
  });

  it('remembers a derived map by its argument text only', () => {
    const counts = new Map([['k', 1]]);
    let made = 0;
    const make = (n: number) => () => (made++, new Map([['k', n]]));
    const one = derived(counts, 'p1', make(1));
    expect(derived(counts, 'p1', make(9))).toBe(one);
    expect([...derived(counts, 'p2', make(2))]).toEqual([['k', 2]]);
    expect(made).toBe(2);
  });
});

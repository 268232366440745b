/**
 * The group renewable-security's emulated revocation, attacks and power cuts run on when the product's own group takes
 * no app updates (properties/renewable-security/test-group.ts): chosen by what the groups state, so the same design with
 * its groups renamed and listed in another order plays the same group. Before, it was the group called "Production",
 * else the first group that takes apps in the design's order.
 */
import { describe, expect, it } from 'vitest';
import { groupTakingEverything } from '../../properties/renewable-security/test-group.js';
import { defaultDesign } from './helpers.js';

describe('the group the emulated update scenarios run on', () => {
  it('is the production group on the Retail feed, whatever the groups are called and in whatever order they are listed', () => {
    const design = defaultDesign();
    expect(groupTakingEverything(design, 'Development')).toBe('Production');
    const renamed = defaultDesign();
    renamed.deviceGroups = renamed.deviceGroups.map((g, i) => ({ ...g, name: `Fleet ${i}` })).reverse();
    // Fleet 2 is the built-in Production group (stage production, Retail, no development images).
    expect(groupTakingEverything(renamed, 'Fleet 0')).toBe('Fleet 2');
  });

  it('is the product\'s own group when that takes every kind', () => {
    expect(groupTakingEverything(defaultDesign(), 'Field Test')).toBe('Field Test');
  });
});

/**
 * Which device group the emulated revocation, attacks and power cuts of renewable-security run on: they need a group
 * that takes every update kind.
 */
import { deviceGroup, kindsReceived } from '../../model/update/policy.js';
import type { UpdateDesign } from '../../model/update/update-design.js';

/**
 * The product's group when it takes every update kind, else a group of the design that does: revocation, attacks and
 * power cuts need one. Chosen by what the groups state (a production group first, then the Retail feed, then one that
 * refuses development images), not by a group called "Production" nor by where it is listed: the same design with its
 * groups renamed or reordered plays the same group (test/properties/rename-invariance.test.ts). The name breaks a tie
 * only between groups that state the same.
 */
export function groupTakingEverything(design: UpdateDesign, group: string): string {
  const own = deviceGroup(design, group);
  if (own && kindsReceived(own).includes('app')) return group;
  const rank = (g: UpdateDesign['deviceGroups'][number]) => [g.stage === 'production' ? 0 : 1, g.osFeed === 'Retail' ? 0 : 1, g.appDevelopmentCapability ? 1 : 0];
  const taking = design.deviceGroups.filter((g) => kindsReceived(g).includes('app')).sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]! || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  });
  return (taking[0] ?? own ?? design.deviceGroups[0]!).name;
}


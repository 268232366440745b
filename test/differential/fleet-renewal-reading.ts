/**
 * Second reading of renewable-security over a fleet in several device groups: the rule judges each group through
 * properties/fleet-groups.ts (every check run once per group) and model/update/renewal.ts (what a group's policy lets
 * through). This reading decides on the emulated service and device alone: in each group it publishes a new OS,
 * deploys new apps to that group, powers on a device of the group and lets it connect once; the fleet's OS (apps) are
 * renewed when every group's device then runs the new OS (apps). It reads no rule: what a group is sent is the emulated
 * service's own choice (emulator/update/group-feed.ts), what it installs the emulated update agent's.
 * Held against the rule by fleet-renewal-differential.test.ts.
 */
import { connect, type UpdateLab } from '../../emulator/update/index.js';
import type { UpdateKind } from '../../model/update/update-design.js';

export interface GroupOnDevice {
  group: string;
  /** The update kinds the group's device installed from the new release. */
  installed: UpdateKind[];
}

/** Release 3 of the OS and of the apps, deployed to each group in turn, and what one device of that group installed. */
export function renewedInEachGroup(lab: UpdateLab, groups: readonly string[]): GroupOnDevice[] {
  return groups.map((group) => {
    const service = lab.newService();
    lab.publishOs(3, service);
    lab.deployApps(group, 3, service);
    const device = lab.device({ deviceGroup: group });
    const check = connect(device, lab.connection(undefined, service), lab.now).check;
    return { group, installed: [...(check?.installedKinds ?? [])] };
  });
}

/** The fleet is renewed in a kind only when every group's device installed it. */
export const fleetRenews = (groups: readonly GroupOnDevice[], kind: UpdateKind): boolean => groups.every((g) => g.installed.includes(kind));

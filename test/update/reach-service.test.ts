/**
 * renewable-security's reach rule (properties/renewable-security/reach.ts) decides from the spec's
 * kindsReceived, through deploymentReach (model/update/renewal.ts), which update kinds a group receives,
 * and says "not applicable" when it receives none; it emulates the rest on the lab's security service,
 * which chooses what to send with its own reading of the policy (emulator/update/group-feed.ts
 * kindsServedTo). This holds the two together: for every update policy, the kinds the rule says a
 * production group receives are exactly the kinds of the targets the service puts in its document, and
 * the rule finds nothing to emulate exactly when the service sends nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../model/product/deployment.js';
import { deploymentReach } from '../../model/update/renewal.js';
import type { UpdateDesign, UpdatePolicy } from '../../model/update/update-design.js';
import { defaultDesign, openLab } from './helpers.js';

const POLICIES: UpdatePolicy[] = ['UpdateAll', 'No3rdPartyAppUpdates', 'NoUpdates'];
const groupName = (policy: UpdatePolicy) => `Policy ${policy}`;

/** The built-in update design with one production group per policy. */
function designWithEveryPolicy(): UpdateDesign {
  const design = defaultDesign();
  const template = design.deviceGroups.find((g) => g.name === 'Production')!;
  design.deviceGroups = POLICIES.map((updatePolicy) => ({ ...template, name: groupName(updatePolicy), updatePolicy }));
  return design;
}

/** A production deployment in the group with this policy, no appDevelopment capability: only the policy limits what it receives. */
function deploymentIn(design: UpdateDesign, policy: UpdatePolicy): Deployment {
  const group = design.deviceGroups.find((g) => g.updatePolicy === policy)!;
  return {
    group: { name: group.name, osFeed: group.osFeed, updatePolicy: policy, stage: 'production', fromUpdateDesign: true, acceptsDevelopmentImages: false },
    deviceCapabilities: [],
    isDefault: false,
  };
}

describe("the reach rule's kinds and the service's document", () => {
  it.each(POLICIES)('agree for a %s group, with a release published and deployed to it', async (policy) => {
    const design = designWithEveryPolicy();
    const lab = await openLab(design);
    const service = lab.newService();
    lab.publishOs(3, service, lab.now);
    lab.deployApps(groupName(policy), 3, service);
    const sent = [...new Set(service.targetsFor(groupName(policy), lab.now).map((t) => t.kind))].sort();
    const reach = deploymentReach(deploymentIn(design, policy));
    expect(sent).toEqual([...reach.kinds].sort());
    // The rule's "not applicable" (reach.ts: the group takes no update) exactly when the service sends nothing.
    expect(reach.kinds.length === 0).toBe(sent.length === 0);
  });

  // Without pinning which policy gets what (that is the two readings' business): the comparison sees
  // targets of every kind, and policies that are sent different sets.
  it('is not vacuous: targets of every kind are sent, and not every policy is sent the same', async () => {
    const design = designWithEveryPolicy();
    const lab = await openLab(design);
    const service = lab.newService();
    const kindsSent = POLICIES.map((p) => [...new Set(service.targetsFor(groupName(p), lab.now).map((t) => t.kind))].sort());
    expect(new Set(kindsSent.flat())).toEqual(new Set(['prerequisite', 'os', 'app']));
    expect(new Set(kindsSent.map((k) => k.join(','))).size).toBeGreaterThan(1);
  });
});

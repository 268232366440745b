/**
 * The deployment rules of model/product/deployment.ts, each with its exact value: the device
 * capabilities and the default group, the stage of each of Azure Sphere's five default groups
 * (azure-sphere-facts §4) by name in any case, a group taken from the update design (a custom group's
 * stage follows its appDevelopment capability), whether devices accept development-signed images, and
 * the one-line evidence. Mutation testing (issue 13) found these could change unnoticed.
 */
import { describe, expect, it } from 'vitest';
import {
  acceptsDevelopmentImages,
  withGroupCapabilities,
  DEFAULT_GROUP_NAME,
  DEVICE_CAPABILITIES,
  describeDeployment,
  groupFromUpdateDesign,
  type Deployment,
} from '../../model/product/deployment.js';
import { builtinUpdateFile, loadUpdateDesign } from '../../model/update/load-update.js';
import type { UpdateDesign } from '../../model/update/update-design.js';

const update = (): UpdateDesign => loadUpdateDesign(builtinUpdateFile()).design!;

const deployment = (over: Partial<Deployment> = {}): Deployment => ({
  group: { name: 'Production', osFeed: 'Retail', updatePolicy: 'UpdateAll', stage: 'production', fromUpdateDesign: true },
  deviceCapabilities: [],
  isDefault: false,
  ...over,
});

describe('the vocabulary', () => {
  it('names the three device capabilities and the Production group as the default', () => {
    expect(DEVICE_CAPABILITIES).toEqual(['appDevelopment', 'fieldServicing', 'enableRTCoreDebugging']);
    expect(DEFAULT_GROUP_NAME).toBe('Production');
  });
});

describe('a group from the update design', () => {
  it('is found by name in any case, with its feed, policy and stage', () => {
    expect(groupFromUpdateDesign(update(), 'field test')).toEqual({ name: 'Field Test', osFeed: 'Retail', updatePolicy: 'UpdateAll', stage: 'test', fromUpdateDesign: true });
    expect(groupFromUpdateDesign(update(), 'DEVELOPMENT')).toEqual({ name: 'Development', osFeed: 'Retail', updatePolicy: 'No3rdPartyAppUpdates', stage: 'development', fromUpdateDesign: true, acceptsDevelopmentImages: true });
    expect(groupFromUpdateDesign(update(), 'Production OS Evaluation')).toEqual({ name: 'Production OS Evaluation', osFeed: 'RetailEval', updatePolicy: 'UpdateAll', stage: 'production', fromUpdateDesign: true });
  });

  it('is none when the update design has no group of that name', () => {
    expect(groupFromUpdateDesign(update(), 'Lab')).toBeUndefined();
  });

  it('takes the stage the design states, never one read from the name: a group that states none is unstated, naming where to state it', () => {
    const u = update();
    u.deviceGroups.push(
      { name: 'Lab', osFeed: 'RetailEval', updatePolicy: 'NoUpdates', appDevelopmentCapability: true },
      { name: 'Fleet', osFeed: 'Retail', updatePolicy: 'UpdateAll', appDevelopmentCapability: false, stage: 'production' },
    );
    // Before: "Lab" was a development group because it accepts development images, and "Development" one by its name alone.
    expect(groupFromUpdateDesign(u, 'lab')).toEqual({ name: 'Lab', osFeed: 'RetailEval', updatePolicy: 'NoUpdates', stage: 'unstated', stagePointer: '/deviceGroups/5/stage', fromUpdateDesign: true, acceptsDevelopmentImages: true });
    expect(groupFromUpdateDesign(u, 'Fleet')?.stage).toBe('production');
    const renamed = update();
    for (const g of renamed.deviceGroups) delete g.stage;
    expect(groupFromUpdateDesign(renamed, 'Development')?.stage).toBe('unstated');
    expect(groupFromUpdateDesign(renamed, 'Production')?.stage).toBe('unstated');
  });
});

describe('development images', () => {
  it('are accepted only by devices that carry appDevelopment', () => {
    expect(acceptsDevelopmentImages(deployment({ deviceCapabilities: ['fieldServicing', 'appDevelopment'] }))).toBe(true);
    expect(acceptsDevelopmentImages(deployment({ deviceCapabilities: ['fieldServicing', 'enableRTCoreDebugging'] }))).toBe(false);
    expect(acceptsDevelopmentImages(deployment())).toBe(false);
    // A group the update design says accepts development-signed images gives its devices appDevelopment, outside development only.
    const production = withGroupCapabilities(deployment({ group: { name: 'Production', osFeed: 'Retail', updatePolicy: 'UpdateAll', stage: 'production', fromUpdateDesign: true, acceptsDevelopmentImages: true } }));
    expect(production.deviceCapabilities).toEqual(['appDevelopment']);
    expect(production.appDevelopmentFromGroup).toBe(true);
    expect(acceptsDevelopmentImages(production)).toBe(true);
    const development = withGroupCapabilities(deployment({ group: { name: 'Development', osFeed: 'Retail', updatePolicy: 'No3rdPartyAppUpdates', stage: 'development', fromUpdateDesign: true, acceptsDevelopmentImages: true } }));
    expect(development.deviceCapabilities).toEqual([]);
  });
});

describe('the evidence line', () => {
  it('names the group, its stage, feed and policy, no capability, an unstated fleet and the defaults', () => {
    expect(describeDeployment(deployment({ isDefault: true }))).toBe(
      'Production group (production; Retail feed, UpdateAll), no device capability, fleet size not stated (defaults: the product file has no "deployment")',
    );
  });

  it('lists the capabilities and the fleet size of a stated deployment', () => {
    const d = deployment({
      group: { name: 'Lab', osFeed: 'RetailEval', updatePolicy: 'NoUpdates', stage: 'development', fromUpdateDesign: false },
      deviceCapabilities: ['appDevelopment', 'fieldServicing'],
      fleetSize: 500,
    });
    expect(describeDeployment(d)).toBe('Lab group (development; RetailEval feed, NoUpdates), device capabilities appDevelopment, fieldServicing, fleet of 500');
  });
});

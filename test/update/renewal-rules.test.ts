/** The model rules renewable-security and hardware-root-of-trust stand on: what reaches a deployment, which apps are never renewed, and the rollback rule. */
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../model/product/deployment.js';
import { deploymentReach, unrenewedApps, unrenewedSystem } from '../../model/update/renewal.js';
import { checkRollbackRule } from '../../model/update/rollback.js';
import { builtinProfile } from '../helpers/check-context.js';
import { builtinProduct, defaultDesign, fixtureProduct, platform, profileWith } from './helpers.js';

const deployment = (group: Partial<Deployment['group']>, deviceCapabilities: Deployment['deviceCapabilities'] = []): Deployment => ({
  group: { name: 'Production', osFeed: 'Retail', updatePolicy: 'UpdateAll', stage: 'production', fromUpdateDesign: true, ...group },
  deviceCapabilities,
  isDefault: false,
});

describe('what reaches a deployment', () => {
  it('UpdateAll in production takes every kind', () => {
    expect(deploymentReach(deployment({}))).toEqual({ kinds: ['prerequisite', 'os', 'app'] });
  });

  it.each([
    [deployment({ name: 'Development', updatePolicy: 'No3rdPartyAppUpdates', stage: 'development' }), /No3rdPartyAppUpdates takes no app updates; the Development group is a development group/],
    [deployment({ name: 'Lab', stage: 'development' }), /the Lab group is a development group, whose devices sideload their apps/],
    [deployment({}, ['appDevelopment']), /the devices carry the appDevelopment capability, and cloud app deployments require it to be absent/],
  ])('no app updates reach %#, with the reason', (d, reason) => {
    const reach = deploymentReach(d);
    expect(reach.kinds).toEqual(['prerequisite', 'os']);
    expect(reach.noApps).toMatch(reason);
  });

  it('NoUpdates takes nothing, the system software included', () => {
    const reach = deploymentReach(deployment({ name: 'Frozen', updatePolicy: 'NoUpdates' }));
    expect(reach.kinds).toEqual([]);
    expect(reach.noSystem).toBe("the Frozen group's update policy NoUpdates takes no OS or prerequisite update");
  });
});

// The group's policy names kinds: a design that ships the OS in its app image set leaves it unrenewed wherever app
// deployments do not reach, though the policy "takes the OS" (before: system-software-renewable read the policy alone).
describe('system software never renewed where it is deployed', () => {
  it('none on the built-in design, in Production or in the Development group', () => {
    expect(unrenewedSystem(builtinProduct(), defaultDesign())).toEqual([]);
    const dev = fixtureProduct('renewal-development-group');
    expect(unrenewedSystem(dev, dev.update ?? defaultDesign())).toEqual([]);
  });
  it('none when the OS ships in the app image set and the group takes app deployments', () => {
    const product = fixtureProduct('renewal-os-in-app-image-set');
    expect(unrenewedSystem(product, product.update!)).toEqual([]);
  });
  it('the OS stages, in a development group that takes no app deployments', () => {
    const product = fixtureProduct('renewal-os-in-app-image-set-development');
    const stuck = unrenewedSystem(product, product.update!);
    expect(stuck.map((s) => s.item)).toEqual(['one-bl', 'pluton-runtime', 'security-monitor', 'nw-loader', 'nw-kernel', 'os-services']);
    expect(stuck[0]!.reason).toMatch(/No3rdPartyAppUpdates takes no app updates/);
  });
});

describe('apps never renewed where they are deployed', () => {
  it('none on the built-in product', () => {
    expect(unrenewedApps(builtinProduct(), defaultDesign())).toEqual([]);
  });

  it('a sideloaded app, by name and product-file pointer', () => {
    expect(unrenewedApps(fixtureProduct('renewal-sideloaded-app'), defaultDesign())).toEqual([{ name: 'Thermostat', pointer: '/apps/0', reason: 'it is sideloaded (delivery: sideload), and the security service never deploys a sideloaded app' }]);
  });

  it('an app whose slot no app update kind replaces', () => {
    const design = defaultDesign();
    design.updateKinds = design.updateKinds.map((k) => (k.kind === 'app' ? { ...k, contents: k.contents.filter((c) => c !== 'rt-app-1') } : k));
    expect(unrenewedApps(builtinProduct(), design)).toEqual([{ name: 'AirSampler_RTApp', pointer: '/apps/2', reason: `no update kind of "${design.name}" replaces its slot rt-app-1` }]);
  });

  // A third-party service that ships one bundle (apps inside its os kind, no app kind) renews the apps with the OS:
  // the rule once asked for an app kind, the built-in design's layout, and found every app unrenewed (false violated).
  it('none when a bundle of the os kind carries every app to a group that takes it (renewal-apps-in-os-bundle)', () => {
    const product = fixtureProduct('renewal-apps-in-os-bundle');
    expect(product.update!.updateKinds.map((k) => k.kind)).not.toContain('app');
    expect(unrenewedApps(product, product.update!)).toEqual([]);
  });
  it('the app its bundle leaves out (renewal-apps-in-os-bundle-one-left-out)', () => {
    const product = fixtureProduct('renewal-apps-in-os-bundle-one-left-out');
    expect(unrenewedApps(product, product.update!)).toEqual([{ name: 'AirSampler_RTApp', pointer: '/apps/2', reason: `no update kind of "${product.update!.name}" replaces its slot rt-app-1` }]);
  });
  it('a bundled app on devices that take no app deployments stays unrenewed', () => {
    const product = fixtureProduct('renewal-apps-in-os-bundle');
    const dev = { ...product, deployment: { ...product.deployment, group: { ...product.deployment.group, name: 'Development', updatePolicy: 'No3rdPartyAppUpdates' as const, stage: 'development' as const } } };
    expect(unrenewedApps(dev, product.update!).map((a) => a.name)).toEqual(['Thermostat', 'FanControl_RTApp', 'AirSampler_RTApp']);
  });
});

describe('the rollback rule', () => {
  it('every stage an update replaces is guarded on the built-in designs', () => {
    const result = checkRollbackRule(platform, defaultDesign(), builtinProfile());
    expect(result.required).toBe(true);
    expect(result.stages.map((s) => [s.image, s.kind, s.counter, s.bootRaises])).toEqual([
      ['one-bl', 'os', 'arc-firmware', 'after-verify'],
      ['pluton-runtime', 'os', 'arc-firmware', 'after-verify'],
      ['security-monitor', 'os', 'arc-firmware', 'after-verify'],
      ['nw-loader', 'os', 'arc-firmware', 'after-verify'],
      ['nw-kernel', 'os', 'arc-firmware', 'after-verify'],
      ['os-services', 'os', 'arc-firmware', 'after-verify'],
      ['hl-app', 'app', 'arc-apps', 'after-verify'],
      ['rt-app-0', 'app', 'arc-apps', 'after-verify'],
      ['rt-app-1', 'app', 'arc-apps', 'after-verify'],
    ]);
    expect(result.findings).toEqual([]);
  });

  it('finds a stage with no counter (located in the file as written), one raised before verification, and an installer that raises first', () => {
    const product = fixtureProduct('rollback-counter-missing');
    const flawed = structuredClone(product.platform);
    flawed.boot.find((s) => s.image === 'nw-kernel')!.rollback!.raised = 'before-verify';
    const update = { ...defaultDesign(), antiRollback: { counterRaised: 'before-verification' as const } };
    const result = checkRollbackRule(flawed, update, builtinProfile(), { basePlatform: product.basePlatform, platformFile: product.platformFile, updateFile: 'update.json' });
    expect(result.findings.map((f) => [f.image, f.where])).toEqual([
      ['nw-kernel', 'test/fixtures/products/rollback-counter-missing/platform.json /boot/4/rollback/raised'],
      ['rt-app-0', 'test/fixtures/products/rollback-counter-missing/platform.json /boot/7'],
      [undefined, 'update.json /antiRollback/counterRaised'],
    ]);
  });

  it('an instantiated platform is located in the file as written, whose boot list has every app slot', () => {
    const product = fixtureProduct('renewal-one-real-time-app');
    const flawed = structuredClone(product.platform);
    delete flawed.boot.find((s) => s.image === 'rt-app-0')!.rollback;
    expect(flawed.boot.findIndex((s) => s.image === 'rt-app-0')).toBe(6);
    expect(checkRollbackRule(flawed, product.update!, builtinProfile(), { basePlatform: product.basePlatform }).findings[0]!.where).toBe('the platform design /boot/7');
  });

  it('is off when the profile says so, and then nothing counts', () => {
    expect(checkRollbackRule(fixtureProduct('rollback-counter-missing').platform, defaultDesign(), profileWith({ 'renewable-security.rollback-counter-per-stage': false })).required).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import type { PropertyResult } from '../../properties/verdict.js';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import { assumeRecoveryChecksCounters } from '../fixtures/updates/recovery-checked-by-counters.js';
import { assumeMetadataKeysRotatedByRoot } from '../fixtures/updates/metadata-keys-rotated-by-root.js';
import { builtinProduct, context, defaultDesign, fixtureDesign, fixtureProduct, profileWith, timeAndRecoveryStated } from './helpers.js';
import { checkAgainstPlatform } from '../../model/update/load-update.js';
import { builtinProfile } from '../helpers/check-context.js';

const ctx = context('renewable-security');
const text = (r: PropertyResult) => [r.summary, ...(r.evidence ?? []).flatMap((e) => [e.title, ...e.lines])].join('\n');
const outcome = (r: PropertyResult, id: string) => r.requirements?.find((q) => q.id === `renewable-security.${id}`)?.outcome;

describe('renewable-security on the built-in product', () => {
  it('is unknown as it stands, naming both reasons: the built-in design does not say whether its time source is authenticated (the facts file does not), so max-freeze-detection is undecided, and so is the freeze attack that would answer the time sync; and it states recovery mode (Microsoft documents it) without what it checks (not public), so the recovery rule is undecided', async () => {
    const result = await checkRenewableSecurity(builtinProduct(), ctx);
    expect(result.verdict, result.summary).toBe('unknown');
    expect(result.summary).toMatch(/max-freeze-detection\): the update design does not state whether the device's time source is authenticated \(model\/designs\/azure-sphere-update.json \/timeSync\)/);
    expect(result.summary).toMatch(/the recovery path keeps a revoked release out \(renewable-security.rollback-counter-per-stage\): the update design states a recovery path but not whether .*\(model\/designs\/azure-sphere-update.json \/recoveryFlashing\/versionCheck\)/);
    // The attack's time-sync step is not played there: undecided, so the requirement it serves is unknown, never met.
    expect(result.requirements!.filter((r) => r.outcome !== 'met').map((r) => [r.id, r.outcome])).toEqual([
      ['renewable-security.max-freeze-detection', 'unknown'],
      ['renewable-security.rollback-counter-per-stage', 'unknown'],
      ['renewable-security.update-attacks-defeated', 'unknown'],
    ]);
    expect(text(result)).toMatch(/undecided tuf\/indefinite-freeze \[Indefinite freeze attack\]: undecided: the network attacker's time-sync answer was not played: the design does not state timeSync/);
  });

  it('holds with an authenticated time source, every requirement of the profile met, every rule run and bounded', async () => {
    const result = await checkRenewableSecurity(timeAndRecoveryStated(builtinProduct()), ctx);
    expect(result.verdict, result.summary).toBe('holds');
    expect(result.requirements!.map((r) => [r.id.replace('renewable-security.', ''), r.outcome])).toEqual([
      ['every-stage-renewable', 'met'],
      ['every-app-renewable', 'met'],
      ['system-software-renewable', 'met'],
      ['max-check-interval', 'met'],
      ['max-deferral', 'met'],
      ['min-link-rate', 'met'],
      ['largest-image', 'met'],
      ['max-freeze-detection', 'met'],
      ['rollback-counter-per-stage', 'met'],
      // Static since s36 (the metadata binds each target to its digest), so listed with the static rules.
      ['update-attacks-defeated', 'met'],
      // Static since s35 (the order of the key store's counter raise and the bank switch), so listed with the static rules.
      ['power-loss-safe', 'met'],
      ['max-reach', 'met'],
    ]);
    expect(result.summary).toMatch(/a Production device runs a new release 48 h after publication \(≤ 48 h\)/);
    expect(result.bound).toMatch(/26 attacks \(TUF 10, Uptane 3, SUIT 13/);
    expect(result.bound).toMatch(/\d+ flash operations × cut and torn = \d+ power cuts/);
    // The evidence says how much of the sweep was answered from memory (boot-memo.ts, after-cut-memo.ts).
    expect(text(result)).toMatch(/boots: \d+ run, \d+ answered from memory/);
    expect(text(result)).toMatch(/cut points: \d+ checked, [1-9]\d* given the outcome of an earlier cut point that left the same flash bytes/);
    expect(text(result)).toMatch(/Thermostat asks to defer at every check/);
    expect(text(result)).toMatch(/rt-app-0: refused by its own counter \(security version 2 is below arc-apps = 3\)/);
  });
});

// Each flawed update design is violated, the summary names the requirement, and the evidence carries why.
describe('flawed update designs', () => {
  it.each([
    ['yearly-checks', 'max-check-interval', /checks may be 8760 h apart, more than the 24 h renewable-security.max-check-interval allows/, /\/checks\/maxIntervalHours: 8760 h/],
    ['yearly-checks', 'max-reach', /still runs release 2 8760 h after release 3 was published, more than the 48 h renewable-security.max-reach allows/, /NOT running release 3 at the check 8760 h after publication/],
    ['long-deferral', 'max-deferral', /Thermostat may defer an update for 100000 h, more than the 24 h renewable-security.max-deferral allows/, /\/deferral\/maxHours: 100000 h/],
    ['no-check-on-connect-26h', 'max-reach', /runs release 3 only 52 h after it was published, more than the 48 h renewable-security.max-reach allows \(checks every 26 h; Thermostat defers\)/, /t\+26h update check/],
    ['long-deferral', 'max-reach', /still runs release 2 72 h after release 3 was published/, /Thermostat defers the os update until/],
    ['deferral-restarts-per-release', 'max-deferral', /Thermostat may defer an update for ever: the window restarts with every newer release/, /\/deferral\/countedFrom: each-release/],
    ['deferral-restarts-per-release', 'max-reach', /still runs release 2 72 h after release 3 was published/, /the vendor publishes release 4 while Thermostat defers/],
    ['unbounded-deferral', 'max-deferral', /may defer an update for no bound/, /Thermostat defers the os update until/],
    ['dev-signed-in-production', 'update-attacks-defeated', /suit\/upd-unapproved succeeded/, /sideload of image\/hl-app onto a Production device: ACCEPTED/],
    ['freeze-undetected', 'update-attacks-defeated', /tuf\/indefinite-freeze.* succeeded: the freeze was never reported/, /replays the first metadata/],
    ['freeze-noticed-late', 'update-attacks-defeated', /tuf\/indefinite-freeze, suit\/img-expired-offline succeeded: the freeze was never reported \(72 h of replays; renewable-security.max-freeze-detection ≤ 72 h\)/, /replays the first metadata/],
    ['skew-past-reach', 'update-attacks-defeated', /tuf\/fast-forward succeeded: .*locked out for longer than the 48 h renewable-security.max-reach allows/, /sequence at the edge of the clock skew/],
    ['counter-raised-before-verify', 'rollback-counter-per-stage', /the installer raises a stage's counter .* before the image is checked/, /\/antiRollback\/counterRaised/],
    ['counter-raised-before-verify', 'update-attacks-defeated', /update attacks are defeated .*succeeded/, /no bank boots|recovery mode/],
    ['no-ab-slot', 'update-attacks-defeated', /update attacks are defeated .*succeeded/, /recovery mode|halted/],
  ])('%s fails %s', async (fixture, requirement, summary, trace) => {
    const result = await checkRenewableSecurity(builtinProduct(fixtureDesign(fixture), `test/fixtures/updates/${fixture}/update.json`), ctx);
    expect(result.verdict).toBe('violated');
    expect(outcome(result, requirement)).toBe('failed');
    expect(result.summary).toContain(`(renewable-security.${requirement})`);
    expect(result.summary).toMatch(summary);
    expect(text(result)).toMatch(trace);
    expect(result.evidence!.find((e) => e.reproduce)?.reproduce).toBe('sevenfold verify --property renewable-security --seed 3');
  });

  it('a freeze noticed later than the profile allows fails max-freeze-detection; a profile without that requirement leaves the attacks undecided, naming it', async () => {
    const late = await checkRenewableSecurity(builtinProduct(fixtureDesign('freeze-noticed-late'), 'test/fixtures/updates/freeze-noticed-late/update.json'), ctx);
    expect(outcome(late, 'max-freeze-detection')).toBe('failed');
    const without = builtinProfile();
    without.requirements['renewable-security'] = without.requirements['renewable-security']!.filter((q) => q.id !== 'renewable-security.max-freeze-detection');
    // The recovery check and the metadata keys' rotation stated (fixture assumptions, ../fixtures/updates/recovery-checked-by-counters.ts,
    // metadata-keys-rotated-by-root.ts), so the attacks alone are undecided.
    const recoveryStated = defaultDesign();
    assumeRecoveryChecksCounters(recoveryStated);
    assumeMetadataKeysRotatedByRoot(recoveryStated);
    const undecided = await checkRenewableSecurity(builtinProduct(recoveryStated), context('renewable-security', 3, 20, without));
    expect(undecided.verdict).toBe('unknown');
    expect(undecided.summary).toMatch(/^update attacks are defeated \(renewable-security.update-attacks-defeated\): tuf\/indefinite-freeze: undecided: the requirement profile \S+ \S+ has no requirement "renewable-security.max-freeze-detection"$/);
    expect(outcome(undecided, 'update-attacks-defeated')).toBe('unknown');
  });

  it('a design that does not check on connecting still checks periodically: with no app that may restart the device and the built-in interval it holds, a release reaching the device 24 h after publication (no app defers)', async () => {
    const result = await checkRenewableSecurity(fixtureProduct('renewal-no-check-on-connect-no-restarting-app'), ctx);
    expect(result.verdict, result.summary).toBe('holds');
    expect(outcome(result, 'max-reach')).toBe('met');
    expect(outcome(result, 'update-attacks-defeated')).toBe('met');
    expect(outcome(result, 'power-loss-safe')).toBe('met');
    expect(result.summary).toMatch(/a Production device runs a new release 24 h after publication \(≤ 48 h\)/);
  });

  it('is violated when the trusted key store in flash is carried by no update kind (a compromised signing key is never revoked); the built-in design renews it', async () => {
    const result = await checkRenewableSecurity(fixtureProduct('renewal-key-store-never-updated'), ctx);
    expect(result.verdict).toBe('violated');
    expect(result.summary).toMatch(/key store trusted-key-store \(.*\) is in flash and updated by no update kind: a compromised signing key in it can never be revoked/);
    expect(outcome(result, 'every-stage-renewable')).toBe('failed');
    expect(checkAgainstPlatform(defaultDesign(), builtinProduct(defaultDesign()).platform)).toEqual([]);
  });

  it('is violated when the key store is installed after the images it verifies (the order is the design\'s, read once in checkAgainstPlatform); prerequisite first holds', async () => {
    const result = await checkRenewableSecurity(fixtureProduct('renewal-key-store-installed-last'), ctx);
    expect(result.verdict).toBe('violated');
    expect(result.summary).toMatch(/^the update design fits the platform \(renewable-security.every-stage-renewable\): \/updateKinds\/1\/order: the os update \(order 0\) is installed before the prerequisite update that renews key store trusted-key-store \(order 2\)/);
    expect(text(result)).toMatch(/\/updateKinds\/2\/order: the app update \(order 1\) is installed before/);
    expect(outcome(result, 'every-stage-renewable')).toBe('failed');
    const sameStep = defaultDesign();
    for (const k of sameStep.updateKinds) k.order = 0;
    expect(checkAgainstPlatform(sameStep, builtinProduct(sameStep).platform).join('\n')).toMatch(/the os update \(order 0\) is installed at the same step as the prerequisite update/);
  });

  it('a trusted key store kept in Pluton and carried by no update kind is violated too: where the list is kept does not make a compromised key revocable', async () => {
    const result = await checkRenewableSecurity(fixtureProduct('renewal-key-store-in-pluton-never-updated'), ctx);
    expect(result.verdict).toBe('violated');
    expect(result.summary).toMatch(/key store trusted-key-store \(.*\) is in pluton and updated by no update kind: a compromised signing key in it can never be revoked/);
    expect(outcome(result, 'every-stage-renewable')).toBe('failed');
  });

  it('"none can defer" is not read from a manifest the image contradicts: an image holding the deferral capabilities under a 48 h window is unknown; an image of the same manifest holds', async () => {
    const differs = await checkRenewableSecurity(fixtureProduct('renewal-image-defers'), ctx);
    expect(differs.verdict).toBe('unknown');
    expect(differs.summary).toMatch(/max-deferral\): no app's manifest holds SystemEventNotifications and SoftwareUpdateDeferral, but Gateway's image .* carries Capabilities\/(SoftwareUpdateDeferral|SystemEventNotifications) \[true\].*may then defer for 48 h, more than the 24 h/);
    expect(outcome(differs, 'max-deferral')).toBe('unknown');
    // max-reach's emulation reads the deferring app from the same manifests: its row is not met either.
    expect(outcome(differs, 'max-reach')).toBe('unknown');
    expect(text(differs)).toMatch(/a release reaches the devices in time: unknown/);
    const same = await checkRenewableSecurity(timeAndRecoveryStated(fixtureProduct('renewal-image-no-deferral')), ctx);
    expect(same.verdict, same.summary).toBe('holds');
    expect(outcome(same, 'max-reach')).toBe('met');
    expect(same.summary).toMatch(/no app of the product holds SystemEventNotifications and SoftwareUpdateDeferral, so none can defer \(the design allows 48 h\)/);
  });

  it.each([
    ['download.maxImageBytes 1', (d: ReturnType<typeof defaultDesign>) => { d.download.maxImageBytes = 1; }, /the last update check failed: install of .* bytes is over the 1-byte limit/],
    ['metadata.maxBytes 64', (d: ReturnType<typeof defaultDesign>) => { d.metadata.maxBytes = 64; }, /the last update check refused: metadata of \d+ bytes is over the 64-byte limit/],
  ])('a release that never installs (%s) fails max-reach, and the summary names the refused check, not only the schedule', async (_name, edit, cause) => {
    const d = defaultDesign();
    edit(d);
    const result = await checkRenewableSecurity(builtinProduct(d), ctx);
    expect(result.verdict).toBe('violated');
    expect(outcome(result, 'max-reach')).toBe('failed');
    expect(result.summary).toMatch(cause);
  });

  it('is violated, before anything is emulated, when a boot stage can never be renewed', async () => {
    const d = defaultDesign();
    const broken = { ...d, updateKinds: d.updateKinds.filter((k) => k.kind !== 'app') };
    const result = await checkRenewableSecurity(builtinProduct(broken), ctx);
    expect(result.verdict).toBe('violated');
    expect(result.summary).toMatch(/updated by no update kind/);
    expect(outcome(result, 'every-stage-renewable')).toBe('failed');
    expect(outcome(result, 'max-reach')).toBe('unknown');
    expect(result.bound).toMatch(/not run: reach \(the update design does not fit the platform\)/);
  });
});

// The bounds are the profile's: the same design holds or is violated as the profile changes.
describe('bounds come from the requirement profile', () => {
  it('a stricter check interval or reach makes the built-in product violated; a looser one leaves it holding', async () => {
    const strictInterval = await checkRenewableSecurity(builtinProduct(), context('renewable-security', 3, 20, profileWith({ 'renewable-security.max-check-interval': 12 })));
    expect(strictInterval.verdict).toBe('violated');
    expect(strictInterval.summary).toMatch(/checks may be 24 h apart, more than the 12 h renewable-security.max-check-interval allows/);
    const strictReach = await checkRenewableSecurity(builtinProduct(), context('renewable-security', 3, 20, profileWith({ 'renewable-security.max-reach': 36 })));
    expect(strictReach.verdict).toBe('violated');
    expect(strictReach.summary).toMatch(/runs release 3 only 48 h after it was published, more than the 36 h renewable-security.max-reach allows/);
    // Yearly checks: the first check after publication learns of it, the app defers 24 h, the next check a year later installs it.
    const loose = await checkRenewableSecurity(timeAndRecoveryStated(builtinProduct(fixtureDesign('yearly-checks'))), context('renewable-security', 3, 20, profileWith({ 'renewable-security.max-check-interval': 10_000, 'renewable-security.max-reach': 20_000, 'renewable-security.max-freeze-detection': 20_000 })));
    expect(loose.verdict, loose.summary).toBe('holds');
    expect(loose.summary).toMatch(/runs a new release 17520 h after publication \(≤ 20000 h\)/);
  });

  it('a product with no app that may defer is reached at its first check, and deferral is not applicable to it', async () => {
    const result = await checkRenewableSecurity(timeAndRecoveryStated(fixtureProduct('renewal-one-real-time-app')), ctx);
    expect(result.verdict, result.summary).toBe('holds');
    expect(outcome(result, 'max-deferral')).toBe('not-applicable');
    expect(result.summary).toMatch(/no app of the product holds SystemEventNotifications and SoftwareUpdateDeferral, so none can defer/);
    expect(result.summary).toMatch(/runs a new release 24 h after publication/);
  });
});

// The deployment decides what reaches the devices.
describe('the product as it is deployed', () => {
  it.each([
    ['renewal-development-group', /Thermostat \(\/apps\/0\), FanControl_RTApp \(\/apps\/1\), AirSampler_RTApp \(\/apps\/2\) can never be updated where they are deployed: the Development group's update policy No3rdPartyAppUpdates takes no app updates/],
    ['renewal-sideloaded-app', /Thermostat \(\/apps\/0\) can never be updated where it is deployed: it is sideloaded \(delivery: sideload\)/],
  ])('%s: an app never renewed is violated, naming the app and its product-file pointer', async (fixture, summary) => {
    const result = await checkRenewableSecurity(fixtureProduct(fixture), ctx);
    expect(result.verdict).toBe('violated');
    expect(result.summary).toMatch(summary);
    expect(outcome(result, 'every-app-renewable')).toBe('failed');
    expect(text(result)).toMatch(new RegExp(`test/fixtures/products/${fixture}/sevenfold.json /apps/0: Thermostat is never renewed`));
  });

  it('a group with the NoUpdates policy renews neither the OS nor the apps', async () => {
    const result = await checkRenewableSecurity(fixtureProduct('renewal-no-updates-group'), ctx);
    expect(result.verdict).toBe('violated');
    expect(outcome(result, 'system-software-renewable')).toBe('failed');
    expect(outcome(result, 'every-app-renewable')).toBe('failed');
    expect(outcome(result, 'max-reach')).toBe('not-applicable');
    expect(result.summary).toMatch(/the OS and its prerequisites are never renewed: the Frozen Fleet group's update policy NoUpdates takes no OS or prerequisite update/);
  });

  it('a group whose policy takes the OS, under a design that ships the OS in the app kind it does not receive, renews no OS', async () => {
    const result = await checkRenewableSecurity(fixtureProduct('renewal-os-in-app-image-set-development'), ctx);
    expect(result.verdict).toBe('violated');
    expect(outcome(result, 'system-software-renewable')).toBe('failed');
    expect(result.summary).toMatch(/one-bl, pluton-runtime, security-monitor, nw-loader, nw-kernel, os-services ship in the app update kind, which the Development group's devices never receive/);
  });

  it('the development group still receives the OS in time, and the update design is exercised in a group that takes everything', async () => {
    const result = await checkRenewableSecurity(fixtureProduct('renewal-development-group'), ctx);
    expect(outcome(result, 'max-reach')).toBe('met');
    expect(text(result)).toMatch(/release 3 \(prerequisite, os\) published for the Development group/);
    expect(text(result)).toMatch(/revocation, attacks and power cuts ran on a Production device/);
  });
});

// One rollback concept: a stage without its own counter is caught statically and by revocation.
describe('rollback', () => {
  it('a platform whose rt-app-0 stage has no counter is violated by the rule and by the revoked release running', async () => {
    const result = await checkRenewableSecurity(fixtureProduct('rollback-counter-missing'), ctx);
    expect(result.verdict).toBe('violated');
    expect(outcome(result, 'rollback-counter-per-stage')).toBe('failed');
    const all = text(result);
    expect(all).toMatch(/rollback-counter-missing\/platform.json \/boot\/7: rt-app-0 is replaced by the app update but has no anti-rollback counter/);
    // Written back whole, the old release halts at hl-app and hides rt-app-0; judged on its own, rt-app-0 runs.
    expect(all).toMatch(/app: release 2 written back whole \(.*manifest\/app-signing.*\) → refused \(bank b halted at hl-app\)/);
    expect(all).toMatch(/rt-app-0: release 2 RAN \(rollback.hl-app, rollback.rt-app-1 forced to pass\)/);
    expect(all).toMatch(/the revoked release 2 of rt-app-0 runs whenever the stages before it accept theirs/);
  });

  it('a profile that does not require rollback counters does not judge them', async () => {
    const result = await checkRenewableSecurity(timeAndRecoveryStated(fixtureProduct('rollback-counter-missing')), context('renewable-security', 3, 20, profileWith({ 'renewable-security.rollback-counter-per-stage': false })));
    expect(outcome(result, 'rollback-counter-per-stage')).toBe('not-applicable');
    expect(result.verdict, result.summary).toBe('holds');
  });
});

// The update lab and the attack catalog are built from the product's own stages.
describe('products with one app', () => {
  it.each([
    ['renewal-one-high-level-app', 'rt-app', /app: release 2 written back whole \(image\/hl-app, manifest\/app-signing\)/],
    ['renewal-one-real-time-app', 'hl-app', /app: release 2 written back whole \(image\/rt-app-0, manifest\/app-signing\)/],
  ])('%s holds, and no evidence names a %s slot it does not have', async (fixture, absent, revoked) => {
    const result = await checkRenewableSecurity(timeAndRecoveryStated(fixtureProduct(fixture)), ctx);
    expect(result.verdict, result.summary).toBe('holds');
    const json = JSON.stringify(result);
    expect(json).not.toContain(absent);
    expect(json).toMatch(revoked);
    expect(result.summary).toMatch(/every one of the 7 boot stages and the key store in flash \(trusted-key-store\) are renewable/);
  });
});

/**
 * A product that names no update design gets the built-in one: Azure Sphere's update service and OS failure log,
 * whose update kinds name the built-in design's components. On a device maker's own design (other ids) it replaces
 * none of that device's stages and describes another device's log (model/update/product-update.ts,
 * defaultForOtherDevice). What rests on it alone is unknown, not holds: failure-reporting (the log is the update
 * design's) and hardware-root-of-trust's rollback rule (it ranges over the stages an update replaces: none, so a
 * kernel guarded by SRAM held), and renewable-security (Azure Sphere's update service renews Azure Sphere's OS: on
 * another device it was violated for the built-in kinds naming what the platform lacks, and on a maker's OS under
 * Microsoft's ids it would hold the day the built-in design states what it leaves out today). The same device with its
 * own update design is decided.
 */
import { describe, expect, it } from 'vitest';
import { updateDesignOf } from '../../model/update/product-update.js';
import { checkFailureReporting } from '../../properties/failure-reporting/index.js';
import { checkHardwareRootOfTrust } from '../../properties/hardware-root-of-trust/index.js';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import { checkContext } from '../helpers/check-context.js';
import { loadPlatformFixture } from '../helpers/platform-fixture.js';

const context = (property: string) => checkContext({ seed: 7, runs: 5, timeoutMs: 10_000, command: `sevenfold verify --property ${property}` });
const outcome = (r: Awaited<ReturnType<typeof checkHardwareRootOfTrust>>, id: string) => r.requirements?.find((q) => q.id === id)?.outcome;

describe('the built-in update design on a platform it does not describe', () => {
  it('is named as describing another device, listing what the platform lacks; the built-in platform and a fitting design are not', () => {
    expect(updateDesignOf(loadPlatformFixture('maker-ids-default-update')).defaultForOtherDevice).toMatch(/^the update design is the built-in one \(Azure Sphere's update service and failure log\), which describes another device: its update kinds carry "trusted-key-store", "one-bl", .*"os-services", which the platform design ".*maker-ids-default-update" does not have/);
    expect(updateDesignOf(loadPlatformFixture('maker-ids-own-update')).defaultForOtherDevice).toBeUndefined();
    expect(updateDesignOf(loadPlatformFixture('sound-platform')).defaultForOtherDevice).toBeUndefined();
  });

  it('failure-reporting: unknown on the default, decided on the maker\'s own update design', async () => {
    const flawed = await checkFailureReporting(loadPlatformFixture('maker-ids-default-update'), context('failure-reporting'));
    expect(flawed.verdict).toBe('unknown');
    expect(flawed.summary).toMatch(/describes another device/);
    const sound = await checkFailureReporting(loadPlatformFixture('maker-ids-own-update'), context('failure-reporting'));
    expect(sound.verdict, sound.summary).toBe('holds');
  });

  it('hardware-root-of-trust: a kernel guarded by SRAM on the default update design is unknown (it held), and the maker\'s own update design holds', async () => {
    const flawed = await checkHardwareRootOfTrust(loadPlatformFixture('maker-ids-kernel-counter-in-sram'), context('hardware-root-of-trust'));
    expect(flawed.verdict, flawed.summary).toBe('unknown');
    expect(flawed.summary).toMatch(/^counters are raised only for verified images: which stages an update replaces, and so must be guarded, is not known: the update design is the built-in one/);
    expect(outcome(flawed, 'hardware-root-of-trust.rollback-after-verify')).not.toBe('met');
    const sound = await checkHardwareRootOfTrust(loadPlatformFixture('maker-ids-own-update'), context('hardware-root-of-trust'));
    expect(sound.verdict, sound.summary).toBe('holds');
  });

  it('renewable-security: unknown on the default for another device\'s ids (it was violated at the fit) and for a maker\'s OS under Microsoft\'s ids, naming why; decided on the maker\'s own update design', async () => {
    for (const name of ['maker-ids-default-update', 'labelled-os-maker-signed', 'custom-os-isolation-stated']) {
      const r = await checkRenewableSecurity(loadPlatformFixture(name), context('renewable-security'));
      expect(r.verdict, `${name}: ${r.summary}`).toBe('unknown');
      expect(r.summary, name).toMatch(/^the update design is the built-in one .*name the product's own with "update"/);
    }
    const sound = await checkRenewableSecurity(loadPlatformFixture('maker-ids-own-update'), context('renewable-security'));
    expect(sound.summary).not.toMatch(/built-in one/);
    // Its own design is judged rule by rule (unknown there only for what that design leaves out: its time sync).
    expect(outcome(sound, 'renewable-security.every-stage-renewable'), sound.summary).toBe('met');
  });
});

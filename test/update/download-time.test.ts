/**
 * A genuine image must arrive before the device gives up on it: the rule (model/update/download-time.ts) against
 * the profile's slowest link and largest genuine image, and the update lab, whose service times its genuine
 * downloads from the same two numbers (UpdateLabOptions.link), agree on whether an update installs.
 */
import { describe, expect, it } from 'vitest';
import { connect, UpdateLab } from '../../emulator/update/index.js';
import { downloadFinding } from '../../model/update/download-time.js';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import type { PropertyResult } from '../../properties/verdict.js';
import { builtinProduct, context, defaultDesign, fixtureDesign, fixtureProduct, platform, profileWith } from './helpers.js';

const ctx = context('renewable-security');
const outcome = (r: PropertyResult, id: string) => r.requirements?.find((q) => q.id === `renewable-security.${id}`)?.outcome;
const LINK = { bytesPerSecond: 125_000, imageBytes: 1_048_576 };

describe('the download-time rule', () => {
  it.each([
    [1, 4_194_304, 'violated', '/download/timeoutSeconds'],
    [8, 4_194_304, 'violated', '/download/timeoutSeconds'],
    [9, 4_194_304, 'unknown', '/download/timeoutSeconds'],
    [34, 4_194_304, 'holds', '/download/timeoutSeconds'],
    [3600, 65_536, 'violated', '/download/maxImageBytes'],
    [3600, 1_048_576, 'holds', '/download/timeoutSeconds'],
  ] as const)('timeout %i s, images up to %i bytes: %s at %s', (timeoutSeconds, maxImageBytes, verdict, pointer) => {
    const found = downloadFinding({ download: { timeoutSeconds, maxImageBytes } }, LINK.bytesPerSecond, LINK.imageBytes);
    expect([found.verdict, found.pointer]).toEqual([verdict, pointer]);
  });
});

describe('the update lab times genuine downloads from the same link', () => {
  it.each([1, 8, 9, 3600])('a %i s timeout: the device installs release 3 exactly when the rule finds the largest image arrives in time', async (timeoutSeconds) => {
    const design = defaultDesign();
    design.download.timeoutSeconds = timeoutSeconds;
    const lab = await UpdateLab.open(platform, design, { seed: 4, link: LINK });
    lab.publishOs(3);
    const device = lab.device();
    const check = connect(device, lab.connection(), lab.now, { check: true }).check;
    const inTime = downloadFinding({ download: { ...design.download, maxImageBytes: LINK.imageBytes } }, LINK.bytesPerSecond, LINK.imageBytes).verdict === 'holds';
    expect(lab.isCurrent(device), check?.detail).toBe(inTime);
    if (!inTime) expect(check?.detail).toMatch(/slow retrieval/);
  });
});

describe('renewable-security', () => {
  it('a 1 s download timeout is violated, statically and by the reach emulation (every genuine download abandoned); the built-in 3600 s meets it', async () => {
    const flawed = await checkRenewableSecurity(fixtureProduct('download-timeout-too-short'), ctx);
    expect(flawed.verdict).toBe('violated');
    expect(outcome(flawed, 'min-link-rate')).toBe('failed');
    expect(flawed.summary).toMatch(/a genuine image of 1048576 bytes takes 8.4 s at 125000 bytes\/s, more than the 1 s download timeout/);
    expect(outcome(flawed, 'max-reach')).toBe('failed');
    expect(flawed.summary).toMatch(/slow retrieval/);
    const sound = await checkRenewableSecurity(builtinProduct(), ctx);
    expect(outcome(sound, 'min-link-rate')).toBe('met');
    expect(outcome(sound, 'largest-image')).toBe('met');
  });

  it('an image limit below a genuine app image is violated', async () => {
    const flawed = await checkRenewableSecurity(builtinProduct(fixtureDesign('image-limit-below-app'), 'test/fixtures/updates/image-limit-below-app/update.json'), ctx);
    expect(flawed.verdict).toBe('violated');
    expect(outcome(flawed, 'largest-image')).toBe('failed');
    expect(flawed.summary).toMatch(/the device refuses any image over 65536 bytes, but a genuine image may be 1048576 bytes/);
  });

  it('a profile without a link rate cannot decide the timeout: the property is unknown, naming the requirement', async () => {
    const profile = profileWith({});
    profile.requirements['renewable-security'] = profile.requirements['renewable-security']!.filter((r) => r.id !== 'renewable-security.min-link-rate');
    // runProperty turns the error into an unknown verdict naming the requirement, as for every bound.
    await expect(checkRenewableSecurity(builtinProduct(), context('renewable-security', 3, 20, profile))).rejects.toThrow(/has no requirement "renewable-security.min-link-rate"/);
  });
});

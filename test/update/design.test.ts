import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAgainstPlatform, loadUpdateDesign, validateUpdateDesign, builtinUpdateFile } from '../../model/update/load-update.js';
import { checkBound, deferUntil, freezeDetectionBound, kindsReceived, HOUR } from '../../model/update/policy.js';
import { UPDATE_FLAWS } from '../fixtures/updates/make-flawed-updates.js';
import { tempDir } from '../helpers.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import { defaultDesign, FIXTURES, fixtureDesign, platform } from './helpers.js';

describe('the built-in update design', () => {
  const design = defaultDesign();

  it('loads without errors and fits the built-in platform', () => {
    expect(loadUpdateDesign(builtinUpdateFile()).errors).toEqual([]);
    expect(checkAgainstPlatform(design, platform)).toEqual([]);
  });

  it("has Azure Sphere's five default device groups, feeds and policies", () => {
    expect(design.deviceGroups.map((g) => [g.name, g.osFeed, g.updatePolicy, g.appDevelopmentCapability])).toEqual([
      ['Development', 'Retail', 'No3rdPartyAppUpdates', true],
      ['Field Test', 'Retail', 'UpdateAll', false],
      ['Production', 'Retail', 'UpdateAll', false],
      ['Field Test OS Evaluation', 'RetailEval', 'UpdateAll', false],
      ['Production OS Evaluation', 'RetailEval', 'UpdateAll', false],
    ]);
    expect(design.feeds.map((f) => [f.id, f.osFeedType, f.leadDays])).toEqual([['Retail', 0, 0], ['RetailEval', 1, 14]]);
    expect(kindsReceived(design.deviceGroups[0]!)).toEqual(['prerequisite', 'os']);
    expect(design.failureReporting).toMatchObject({ maxEventsPerReport: 1000, maxReportDays: 14, persistence: 'flash' });
  });

  it('bounds deferral at 24 h from when the update is learnt, however often an app asks', () => {
    const learned = 1000;
    expect(deferUntil(design, learned, learned, 10 * HOUR)).toBe(learned + 10 * HOUR);
    expect(deferUntil(design, learned, learned + 20 * HOUR, 10 * HOUR)).toBe(learned + 24 * HOUR);
    expect(checkBound(design, true)).toBe(3); // learn, defer at 20 h, install at 40 h
    expect(checkBound(design, false)).toBe(1);
    expect(freezeDetectionBound(design)).toBe((48 + 24) * HOUR);
  });
});

describe('reading an update design', () => {
  it('reports schema errors at their line and column', () => {
    const dir = tempDir();
    try {
      const text = JSON.stringify({ ...defaultDesign(), slots: { layout: 'ab', recovery: 'other-bank', writeBlockBytes: 1024, extra: 1 } }, null, 2);
      const loaded = loadUpdateDesign(dir.write('update.json', text));
      expect(loaded.design).toBeUndefined();
      expect(loaded.errors[0]).toMatchObject({ pointer: '/slots/extra', message: 'unknown field "extra"' });
      expect(loaded.errors[0]!.line).toBe(text.split('\n').findIndex((l) => l.includes('"extra"')) + 1);
    } finally {
      dir.cleanup();
    }
  });

  it('checks what the schema cannot: thresholds, feeds, duplicates, a single bank with a fallback', () => {
    const d = defaultDesign();
    expect(validateUpdateDesign({ ...d, metadata: { ...d.metadata, threshold: 2 } })).toEqual(['/metadata/threshold: a threshold of 2 signatures cannot be met by 1 key']);
    expect(validateUpdateDesign({ ...d, deviceGroups: [...d.deviceGroups, { ...d.deviceGroups[0]!, name: 'production' }] })[0]).toMatch(/already defined/);
    expect(validateUpdateDesign({ ...d, slots: { ...d.slots, layout: 'single' } })).toEqual(['/slots/recovery: a single bank has no other bank to fall back to']);
  });

  it('refuses a deferral capability the app manifest does not have, where it is written: a misspelt one would make "no app can defer" hold of every product', () => {
    const misspelt = loadUpdateDesign(join(FIXTURES, '../products/renewal-deferral-capability-misspelt/update.json'));
    expect(misspelt.errors.map((e) => [e.pointer, e.message])).toEqual([['/deferral/requiredCapabilities/1', '"SoftwareUpdateDefferal" is not a capability of the app manifest, so no app could ever hold it']]);
    expect(misspelt.errors[0]!.line).toBeGreaterThan(1);
    const d = defaultDesign();
    expect(validateUpdateDesign({ ...d, deferral: { ...d.deferral, requiredCapabilities: ['softwareupdatedeferral'] } })).toEqual(['/deferral/requiredCapabilities/0: "softwareupdatedeferral" is not a capability of the app manifest, so no app could ever hold it (did you mean "SoftwareUpdateDeferral"?)']);
    // The built-in design's capabilities, and none at all (every app may defer, within maxHours), are fine.
    expect(validateUpdateDesign(d)).toEqual([]);
    expect(validateUpdateDesign({ ...d, deferral: { ...d.deferral, requiredCapabilities: [] } })).toEqual([]);
  });

  // Times are u32 Unix seconds in update metadata, logs live in flash, images are held in memory: numbers
  // past what those can hold are refused where they are written, before any check runs on them.
  it.each([
    ['/checks/intervalHours', (d: UpdateDesign) => void (d.checks.intervalHours = 1e6), /must be <= 87600/],
    ['/checks/maxIntervalHours', (d: UpdateDesign) => void (d.checks.maxIntervalHours = 1e6), /must be <= 87600/],
    ['/deferral/maxHours', (d: UpdateDesign) => void (d.deferral.maxHours = 1e9), /must be <= 175200/],
    ['/metadata/expiresAfterHours', (d: UpdateDesign) => void (d.metadata.expiresAfterHours = 1e9), /must be <= 87600/],
    ['/metadata/maxClockSkewSeconds', (d: UpdateDesign) => void (d.metadata.maxClockSkewSeconds = 1e12), /must be <= 31536000/],
    ['/feeds/1/leadDays', (d: UpdateDesign) => void (d.feeds[1]!.leadDays = 1e6), /must be <= 3650/],
    ['/download/maxImageBytes', (d: UpdateDesign) => void (d.download.maxImageBytes = 2 ** 40), /must be <= 67108864/],
    ['/download/timeoutSeconds', (d: UpdateDesign) => void (d.download.timeoutSeconds = 1e12), /must be <= 31536000/],
    ['/failureReporting/eventsPerAppCapacity', (d: UpdateDesign) => void (d.failureReporting.eventsPerAppCapacity = 1e9), /must be <= 65536/],
    ['/failureReporting/totalEventCapacity', (d: UpdateDesign) => void (d.failureReporting.totalEventCapacity = 1e9), /must be <= 65536/],
    ['/failureReporting/maxReportDays', (d: UpdateDesign) => void (d.failureReporting.maxReportDays = 1e300), /must be <= 36500/],
    ['/checks/intervalHours', (d: UpdateDesign) => void (d.checks.intervalHours = 1e-6), /under one second: update metadata counts time in whole seconds/],
    ['/metadata/expiresAfterHours', (d: UpdateDesign) => void (d.metadata.expiresAfterHours = 1e-6), /under one second/],
  ])('refuses %s past what the device can hold, located', (pointer, apply, message) => {
    const d = defaultDesign();
    apply(d);
    const problems = validateUpdateDesign(d);
    expect(problems.find((p) => p.startsWith(`${pointer}:`)), problems.join('\n')).toMatch(message);
  });

  it('refuses a RetailEval feed that lags Retail (the reach rule counts from a group\'s own feed, so a lag would go uncounted), located; feeds that lead by the same days pass', () => {
    const lagging = defaultDesign();
    lagging.feeds = [{ ...lagging.feeds[0]!, leadDays: 14 }, { ...lagging.feeds[1]!, leadDays: 0 }];
    expect(validateUpdateDesign(lagging).find((p) => p.startsWith('/feeds/1/leadDays:'))).toMatch(/RetailEval gets each OS 0 days before Retail's 14, that is after Retail/);
    const level = defaultDesign();
    for (const f of level.feeds) f.leadDays = 3650;
    expect(validateUpdateDesign(level)).toEqual([]);
  });

  it('requires a total log capacity, located at the failureReporting object', () => {
    const d = defaultDesign();
    const { totalEventCapacity: _dropped, ...failureReporting } = d.failureReporting;
    expect(validateUpdateDesign({ ...d, failureReporting }).join('\n')).toMatch(/\/failureReporting.*totalEventCapacity/);
  });

  it('refuses to update images that share a counter in different kinds (raising it for one strands the others)', () => {
    const d = defaultDesign();
    d.updateKinds = d.updateKinds.map((k) => (k.kind === 'os' ? { ...k, contents: k.contents.filter((c) => c !== 'one-bl') } : k.kind === 'prerequisite' ? { ...k, contents: [...k.contents, 'one-bl'] } : k));
    expect(checkAgainstPlatform(d, platform).join('\n')).toMatch(/share the counter arc-firmware but are updated by different kinds/);
  });
});

describe('flawed fixtures', () => {
  const names = readdirSync(FIXTURES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

  it('has one fixture per planted flaw, each with a product file naming it', () => {
    expect(names.sort()).toEqual(Object.keys(UPDATE_FLAWS).sort());
    for (const name of names) expect(JSON.parse(readFileSync(join(FIXTURES, name, 'sevenfold.json'), 'utf8')).update).toBe('update.json');
  });

  it.each(Object.entries(UPDATE_FLAWS))('%s differs from the built-in design by its flaw alone', (name, flaw) => {
    const expected = defaultDesign();
    flaw.apply(expected);
    const { name: _n, description: _d, $schema: _s, ...fixture } = fixtureDesign(name) as typeof expected & { $schema?: string };
    const { name: _n2, description: _d2, $schema: _s2, ...want } = expected as typeof expected & { $schema?: string };
    expect(fixture).toEqual(want);
    expect(checkAgainstPlatform(fixtureDesign(name), platform)).toEqual([]);
  });
});

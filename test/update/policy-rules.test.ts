/**
 * Each update rule of model/update/policy.ts on its own, with the exact value it must give: the group
 * lookup, the kinds a group receives, what an app may defer and for how long, the check bound, metadata
 * freshness and expiry, the freeze-detection bound, and which kind carries a component. Mutation testing
 * (issue 13) found several of these could change unnoticed by the emulator-level update tests.
 */
import { describe, expect, it } from 'vitest';
import { builtinUpdateFile, loadUpdateDesign } from '../../model/update/load-update.js';
import { canDefer, checkBound, deferrable, deferUntil, deviceGroup, expiryFor, freezeDetectionBound, HOUR, isFresh, kindOf, kindsReceived } from '../../model/update/policy.js';
import type { UpdateDesign } from '../../model/update/update-design.js';

/** The built-in design: deferral at most 24 h, checks 20 h to 24 h apart, metadata expires after 48 h. */
const builtin = (): UpdateDesign => loadUpdateDesign(builtinUpdateFile()).design!;
function designWith(change: (d: UpdateDesign) => void): UpdateDesign {
  const d = builtin();
  change(d);
  return d;
}
const BOTH = ['SystemEventNotifications', 'SoftwareUpdateDeferral'];

describe('device groups', () => {
  it('are looked up by name without regard to case, and an unknown name finds none', () => {
    const d = builtin();
    expect(deviceGroup(d, 'Field Test')?.name).toBe('Field Test');
    expect(deviceGroup(d, 'field test')?.name).toBe('Field Test');
    expect(deviceGroup(d, 'PRODUCTION')?.name).toBe('Production');
    expect(deviceGroup(d, 'Lab')).toBeUndefined();
  });

  it('receive every kind under UpdateAll, the system software under No3rdPartyAppUpdates, nothing under NoUpdates', () => {
    expect(kindsReceived({ updatePolicy: 'UpdateAll' })).toEqual(['prerequisite', 'os', 'app']);
    expect(kindsReceived({ updatePolicy: 'No3rdPartyAppUpdates' })).toEqual(['prerequisite', 'os']);
    expect(kindsReceived({ updatePolicy: 'NoUpdates' })).toEqual([]);
  });
});

describe('deferral', () => {
  it('covers OS and app updates, never prerequisites', () => {
    expect(deferrable('prerequisite')).toBe(false);
    expect(deferrable('os')).toBe(true);
    expect(deferrable('app')).toBe(true);
  });

  it('needs every required capability, not one of them', () => {
    const d = builtin();
    expect(canDefer(d, BOTH)).toBe(true);
    expect(canDefer(d, [...BOTH, 'Gpio'])).toBe(true);
    expect(canDefer(d, ['SoftwareUpdateDeferral'])).toBe(false);
    expect(canDefer(d, ['SystemEventNotifications'])).toBe(false);
    expect(canDefer(d, [])).toBe(false);
  });

  it('is open to every app when the design requires no capability', () => {
    expect(canDefer(designWith((d) => (d.deferral.requiredCapabilities = [])), [])).toBe(true);
  });

  it('postpones by what the app asks, never past learnt time + maxHours, and never into the past', () => {
    const d = builtin();
    expect(deferUntil(d, 1000, 5000, 600)).toBe(5600);
    expect(deferUntil(d, 1000, 5000, 48 * HOUR)).toBe(1000 + 24 * HOUR);
    expect(deferUntil(d, 1000, 5000, -600)).toBe(5000);
  });

  it('is unbounded when maxHours is null: the app gets what it asks', () => {
    const d = designWith((x) => (x.deferral.maxHours = null));
    expect(deferUntil(d, 1000, 5000, 480 * HOUR)).toBe(5000 + 480 * HOUR);
  });
});

describe('the check bound', () => {
  it('is one check when no app can defer', () => {
    expect(checkBound(builtin(), false)).toBe(1);
    expect(checkBound(designWith((d) => (d.deferral.maxHours = null)), false)).toBe(1);
  });

  it('is one plus the checks an app can spend deferring (24 h of deferral, checks 20 h apart: 3)', () => {
    expect(checkBound(builtin(), true)).toBe(3);
    expect(checkBound(designWith((d) => (d.deferral.maxHours = 40)), true)).toBe(3);
    expect(checkBound(designWith((d) => (d.deferral.maxHours = 60)), true)).toBe(4);
  });

  it('is undefined when deferral is unbounded', () => {
    expect(checkBound(designWith((d) => (d.deferral.maxHours = null)), true)).toBeUndefined();
  });
});

describe('metadata freshness', () => {
  it('is fresh up to and including its expiry, stale one second later', () => {
    expect(isFresh(100, 99)).toBe(true);
    expect(isFresh(100, 100)).toBe(true);
    expect(isFresh(100, 101)).toBe(false);
  });

  it('expires expiresAfterHours after issue, or never (0xFFFFFFFF) when the design sets no expiry', () => {
    expect(expiryFor(builtin(), 1000)).toBe(1000 + 48 * HOUR);
    expect(expiryFor(designWith((d) => (d.metadata.expiresAfterHours = 0.5)), 1000)).toBe(1000 + 1800);
    expect(expiryFor(designWith((d) => (d.metadata.expiresAfterHours = null)), 1000)).toBe(0xffffffff);
  });

  it('a freeze is noticed within expiry plus the longest check interval, or never when metadata never expires', () => {
    expect(freezeDetectionBound(builtin())).toBe((48 + 24) * HOUR);
    expect(freezeDetectionBound(designWith((d) => (d.metadata.expiresAfterHours = null)))).toBeUndefined();
  });
});

describe('update kinds', () => {
  it('name the kind that carries a component or asset, and none for an id no kind lists', () => {
    const d = builtin();
    expect(kindOf(d, 'trusted-key-store')).toBe('prerequisite');
    expect(kindOf(d, 'nw-kernel')).toBe('os');
    expect(kindOf(d, 'rt-app-1')).toBe('app');
    expect(kindOf(d, 'no-such-component')).toBeUndefined();
  });
});

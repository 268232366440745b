/**
 * checks.onConnect says only whether the device checks on its first connection after power-on; its
 * periodic checks (checks.intervalHours) come either way (emulator/update/connection.ts checkDue). Before,
 * a design without the check on connecting never checked at all, and max-reach read violated although the
 * design checks every 20–24 h.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { connect, type UpdateLab } from '../../emulator/update/index.js';
import { HOUR } from '../../model/update/policy.js';
import { defaultDesign, openLab } from './helpers.js';

let noCheckOnConnect: UpdateLab;
let builtin: UpdateLab;

beforeAll(async () => {
  const design = defaultDesign();
  design.checks.onConnect = false;
  noCheckOnConnect = await openLab(design);
  builtin = await openLab();
});

const deployed = (lab: UpdateLab) => {
  const service = lab.newService();
  lab.publishOs(3, service);
  lab.deployApps('Production', 3, service);
  return service;
};

describe('update checks without checks.onConnect', () => {
  it('the first connection after power-on does not check; one intervalHours later does, and installs', () => {
    const lab = noCheckOnConnect;
    const service = deployed(lab);
    const device = lab.device();
    const first = connect(device, lab.connection(undefined, service), lab.now);
    expect(first.attested).toBe(true);
    expect(first.check).toBeUndefined();
    expect(device.journal.at(-1)).toMatch(/connect: no update check \(checks.onConnect is false; the next periodic check is due at t\+20h\)/);
    // Too early: the timer started at the first connection.
    lab.now += 19 * HOUR;
    expect(connect(device, lab.connection(undefined, service), lab.now).check).toBeUndefined();
    lab.now += 1 * HOUR;
    const periodic = connect(device, lab.connection(undefined, service), lab.now);
    expect(periodic.check).toMatchObject({ outcome: 'installed', installedKinds: ['os', 'app'] });
    expect(lab.isCurrent(device, service)).toBe(true);
    // The install rebooted the device: its next first connection again waits for the timer.
    lab.now += 1 * HOUR;
    expect(connect(device, lab.connection(undefined, service), lab.now).check).toBeUndefined();
  });

  it('with checks.onConnect (the built-in design) the first connection checks', () => {
    const lab = builtin;
    const service = deployed(lab);
    const device = lab.device();
    expect(connect(device, lab.connection(undefined, service), lab.now).check).toMatchObject({ outcome: 'installed' });
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { connect, sideload, type UpdateLab } from '../../emulator/update/index.js';
import { tamperedImage } from '../../emulator/update/attacks/forge.js';
import { deferUntil, HOUR } from '../../model/update/policy.js';
import { openLab } from './helpers.js';

let lab: UpdateLab;
beforeAll(async () => {
  lab = await openLab();
});

const deployed = (evalAt?: number) => {
  const service = lab.newService();
  lab.publishOs(3, service, evalAt);
  for (const g of ['Production', 'Field Test OS Evaluation']) lab.deployApps(g, 3, service);
  return service;
};

describe('an update', () => {
  it('stages OS and apps into the other bank, switches, and the boot raises the counters', () => {
    const service = deployed();
    const device = lab.device();
    expect(device.counters()).toEqual({ 'arc-firmware': 2, 'arc-apps': 2, 'arc-key-store': 2 });
    const result = connect(device, lab.connection(undefined, service), lab.now);
    expect(result.check).toMatchObject({ outcome: 'installed', installedKinds: ['os', 'app'] });
    expect(device.running).toBe('b');
    expect(lab.isCurrent(device, service)).toBe(true);
    expect(device.counters()).toEqual({ 'arc-firmware': 3, 'arc-apps': 3, 'arc-key-store': 2 });
    expect(device.log!.pending()).toEqual([]);
  });

  it('reaches RetailEval devices 14 days before Retail ones', () => {
    const service = deployed(lab.now);
    const retail = lab.device({ deviceGroup: 'Production' });
    const evaluation = lab.device({ deviceGroup: 'Field Test OS Evaluation' });
    connect(retail, lab.connection(undefined, service), lab.now);
    connect(evaluation, lab.connection(undefined, service), lab.now);
    expect(evaluation.counters()['arc-firmware']).toBe(3);
    expect(retail.counters()['arc-firmware']).toBe(2);
    lab.now += 14 * 24 * HOUR;
    connect(retail, lab.connection(undefined, service), lab.now);
    expect(retail.counters()['arc-firmware']).toBe(3);
  });

  it('gives a Development device the OS but not the apps (No3rdPartyAppUpdates)', () => {
    const service = deployed();
    lab.deployApps('Development', 3, service);
    const device = lab.device({ deviceGroup: 'Development' });
    connect(device, lab.connection(undefined, service), lab.now);
    expect(device.counters()).toEqual({ 'arc-firmware': 3, 'arc-apps': 2, 'arc-key-store': 2 });
  });

  it("lets an app defer by at most 24 h from when the device learnt of the update, across restarts", () => {
    const service = deployed();
    const device = lab.device({ deferral: { app: 'Thermostat', requestHours: 1000 } });
    const learnt = lab.now;
    const check = () => connect(device, lab.connection(undefined, service), lab.now).check!;
    expect(check()).toMatchObject({ outcome: 'deferred', deferredKinds: ['os', 'app'] });
    lab.now += 20 * HOUR;
    device.reboot(lab.now); // a restart must not restart the deferral window
    expect(check().outcome).toBe('deferred');
    expect(deferUntil(lab.design, learnt, lab.now, 1000 * HOUR)).toBe(learnt + 24 * HOUR);
    lab.now += 20 * HOUR;
    expect(check().outcome).toBe('installed');
  });

  it('accepts a development-signed sideload only where devices hold the appDevelopment capability', () => {
    const image = lab.builder.developmentSigned(lab.release('app', 3).slots.get('image/hl-app')!);
    expect(sideload(lab.device({ deviceGroup: 'Development' }), 'image/hl-app', image, lab.now)).toEqual({ ok: true, developmentSigned: true });
    const production = lab.device({ deviceGroup: 'Production' });
    expect(sideload(production, 'image/hl-app', image, lab.now)).toMatchObject({ ok: false, reason: /appDevelopment/ });
    expect(production.log!.pending().at(-1)).toMatchObject({ kind: 'update-failure', detail: /sideload/ });
  });

  // A finding about the boot model, kept as a test so a change to it is noticed: each stage's counter is
  // raised as that stage verifies (emulator/boot), so a new bank that fails at a later stage has already
  // raised the counter past the old bank, and the fallback cannot boot either (MCUboot #2549).
  it('known limitation: a staged bank that fails after its first counter-guarded stage strands the fallback', () => {
    const service = deployed();
    const device = lab.device();
    connect(device, lab.connection(undefined, service), lab.now, {
      hooks: { afterVerified: (d, bank) => d.banks.write(bank, 'image/nw-kernel', tamperedImage(lab.release('os', 3).slots.get('image/nw-kernel')!), 'attacker') },
    });
    const boot = device.lastBoot!;
    expect(boot.attempts.map((a) => [a.bank, a.trace.haltedAt])).toEqual([['b', 'nw-kernel'], ['a', 'one-bl']]);
    expect(device.isRunning).toBe(false);
    expect(device.counters()['arc-firmware']).toBe(3);
  });
});

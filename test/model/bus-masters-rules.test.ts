/**
 * The rules of model/platform/bus-masters.ts on their own, over designs and apps written out here (no property runs).
 * s38-mutants: mutation testing (npm run mutate model/platform/bus-masters.ts) against the property and differential
 * tests left 13 of 52 mutants alive. Five of them are false holds: any one of I2cMaster, SpiMaster, I2sSubordinate, Adc
 * and Pwm could be dropped from the block capabilities, because the only fixture with busMasters left out
 * (platforms/rt-app-dma-unstated) has the reference apps, which drive all six kinds at once, so another request always
 * kept the verdict unknown. A product whose apps drive, say, an SPI master alone, on the built-in design (which leaves
 * busMasters out), would then hold compartmentalization, small-tcb and hardware-root-of-trust with nothing saying what
 * that block's DMA engine reaches. The rest named the wrong place: reach pointers of the design's own rules, the app
 * named by its slot where it has a Name.
 */
import { describe, expect, it } from 'vitest';
import { busMastersUnstated, reachPointer, reachRules, type PeripheralDriver } from '../../model/platform/bus-masters.js';
import type { BusMaster } from '../../model/platform/platform-design.js';

const driver = (capability: string, raw: string | number, extra: Partial<PeripheralDriver> = {}): PeripheralDriver => ({
  slot: 'rt-app-0',
  manifestFile: 'apps/sampler/app_manifest.json',
  manifest: { name: 'Sampler', peripherals: [{ capability, raw, pointer: `/Capabilities/${capability}/0` }] },
  ...extra,
});

describe('busMastersUnstated', () => {
  it.each([
    ['Uart', 'ISU0'],
    ['I2cMaster', 'ISU1'],
    ['SpiMaster', 'ISU2'],
    ['I2sSubordinate', 'I2S0'],
    ['Adc', 'ADC-CONTROLLER-0'],
    ['Pwm', 'PWM-CONTROLLER-0'],
  ])('an app slot driving %s %s alone, with busMasters left out, is named: its block may carry a DMA engine', (capability, raw) => {
    expect(busMastersUnstated({}, [driver(capability, raw)])).toEqual([
      `Sampler (app slot rt-app-0) drives ${capability} ${raw} (apps/sampler/app_manifest.json /Capabilities/${capability}/0), and the platform design does not say which bus masters its components program nor what the I/O firewall lets them reach (/busMasters): a DMA engine of that block reaches whatever the firewall lets it, whatever the app's own rights`,
    ]);
  });

  it('a GPIO pin or an interrupt line moves no data by itself; an app with no Name is named by its slot', () => {
    expect(busMastersUnstated({}, [driver('Gpio', 8), driver('ExternalInterrupt', 'EINT4')])).toEqual([]);
    const [line] = busMastersUnstated({}, [driver('SpiMaster', 'ISU2', { manifest: { peripherals: [{ capability: 'SpiMaster', raw: 'ISU2', pointer: '/Capabilities/SpiMaster/0' }] } })]);
    expect(line).toMatch(/^rt-app-0 \(app slot rt-app-0\) drives SpiMaster ISU2 /);
  });

  it('nothing where the design states its bus masters, an empty list too, or where the app fills no slot of the design', () => {
    expect(busMastersUnstated({ busMasters: [] }, [driver('SpiMaster', 'ISU2')])).toEqual([]);
    expect(busMastersUnstated({}, [driver('SpiMaster', 'ISU2', { slot: undefined })])).toEqual([]);
  });
});

describe('reach rules and their pointers', () => {
  const dma: BusMaster = { id: 'isu1-dma', name: 'ISU1 DMA', controlledBy: ['rt-app-0', 'rt-app-1'], reaches: [{ asset: 'm4-0-ram', rights: ['write'] }, { asset: 'nw-memory', rights: ['read'] }] };
  const design = { access: [{ component: 'nw-kernel', asset: 'nw-memory', rights: ['read', 'write'] as ('read' | 'write')[] }, { component: 'rt-app-0', asset: 'm4-0-ram', rights: ['read'] as ('read' | 'write')[] }], busMasters: [dma] };

  it('the design\'s own rules keep /access/i, then one rule per controller and reach at /busMasters/m/reaches/r', () => {
    expect(reachRules(design).map((r) => [r.component, r.asset, r.rights.join('+'), r.pointer, r.busMaster])).toEqual([
      ['nw-kernel', 'nw-memory', 'read+write', '/access/0', undefined],
      ['rt-app-0', 'm4-0-ram', 'read', '/access/1', undefined],
      ['rt-app-0', 'm4-0-ram', 'write', '/busMasters/0/reaches/0', 'isu1-dma'],
      ['rt-app-0', 'nw-memory', 'read', '/busMasters/0/reaches/1', 'isu1-dma'],
      ['rt-app-1', 'm4-0-ram', 'write', '/busMasters/0/reaches/0', 'isu1-dma'],
      ['rt-app-1', 'nw-memory', 'read', '/busMasters/0/reaches/1', 'isu1-dma'],
    ]);
  });

  it('reachPointer gives each rule\'s pointer by its index, and /access/? past the end', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => reachPointer(design, i))).toEqual(['/access/0', '/access/1', '/busMasters/0/reaches/0', '/busMasters/0/reaches/1', '/busMasters/0/reaches/0', '/busMasters/0/reaches/1', '/access/?']);
  });
});

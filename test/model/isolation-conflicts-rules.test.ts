/**
 * The sharing rules between two peripheral claims (model/isolation/conflicts.ts, azure-sphere-facts §9 checks
 * 17-18), one rule per test, each called directly with the exact answer. Claims are built as claimsOf builds them
 * (the block is the one the chip maps the value to; a GPIO is a pin, anything else the whole block), except that
 * one compartment may ask for the same value twice here: claimsOf drops such a repeat before the rules see it, but
 * the rules themselves must not call an app's own two claims a conflict between apps.
 * Mutation testing found the same-compartment exemptions, the mixed pin-and-function case and the rule table's kinds
 * could each be changed unnoticed by the allocation and differential tests.
 */
import { describe, expect, it } from 'vitest';
import { blockOfPeripheral, type PeripheralCapability } from '../../formats/chips/chip-profile.js';
import { MT3620 } from '../../formats/chips/mt3620.js';
import type { Compartment, CompartmentKind } from '../../model/isolation/apps.js';
import type { PeripheralClaim } from '../../model/isolation/claims.js';
import { conflictRule, mustShareCore, sharePins, unconditionalConflict } from '../../model/isolation/conflicts.js';

const compartment = (id: string, kind: CompartmentKind = 'high-level'): Compartment => ({ id, name: id, kind, file: `/virtual/${id}/app_manifest.json` });

function claim(owner: Compartment, capability: PeripheralCapability, value: string | number): PeripheralClaim {
  const block = blockOfPeripheral(MT3620, capability, value);
  if (!block) throw new Error(`MT3620 has no block for ${capability} ${value}`);
  return { compartment: owner, capability, value, written: value, block, usage: capability === 'Gpio' || capability === 'ExternalInterrupt' ? 'pin' : 'function', file: owner.file, pointer: `/Capabilities/${capability}/0`, position: { line: 1, column: 1 } };
}

const blinky = compartment('blinky');
const dimmer = compartment('dimmer', 'real-time');

describe('the rule table: each conflict with the device error Azure Sphere reports for it', () => {
  it('names its own kind and the documented error number and name', () => {
    expect(conflictRule('same-pin')).toEqual({ kind: 'same-pin', deviceError: 5242884, deviceErrorName: 'RequestedGpioAlreadyInUse' });
    expect(conflictRule('same-peripheral')).toEqual({ kind: 'same-peripheral', deviceError: 5242888, deviceErrorName: 'RequestedPeripheralAlreadyInUse' });
    expect(conflictRule('function-and-other-use')).toEqual({ kind: 'function-and-other-use', deviceError: 2097187, deviceErrorName: 'RequestedPeripheralsRequireSamePin' });
    expect(conflictRule('cross-core-block')).toEqual({ kind: 'cross-core-block', deviceError: 5242895, deviceErrorName: 'GpioBlockConflict' });
  });
});

describe('unconditionalConflict: which claims on one block cannot coexist whatever the cores', () => {
  it('claims on different blocks never conflict', () => {
    expect(unconditionalConflict(claim(blinky, 'Gpio', 8), claim(dimmer, 'Gpio', 12))).toBeUndefined();
    expect(unconditionalConflict(claim(blinky, 'Pwm', 'PWM-CONTROLLER-0'), claim(dimmer, 'Gpio', 8))).toBeUndefined();
  });

  it('a claim does not conflict with itself', () => {
    const c = claim(blinky, 'Pwm', 'PWM-CONTROLLER-2');
    expect(unconditionalConflict(c, c)).toBeUndefined();
  });

  it('the same GPIO asked for by two apps is same-pin; by one app twice, or two GPIOs of one block, no conflict', () => {
    expect(unconditionalConflict(claim(blinky, 'Gpio', 9), claim(dimmer, 'Gpio', 9))).toBe('same-pin');
    expect(unconditionalConflict(claim(blinky, 'Gpio', 9), claim(blinky, 'Gpio', 9))).toBeUndefined();
    expect(unconditionalConflict(claim(blinky, 'Gpio', 8), claim(dimmer, 'Gpio', 9))).toBeUndefined();
  });

  it('the same controller asked for by two apps is same-peripheral; by one app twice, no conflict', () => {
    expect(unconditionalConflict(claim(blinky, 'Uart', 'ISU0'), claim(dimmer, 'Uart', 'ISU0'))).toBe('same-peripheral');
    expect(unconditionalConflict(claim(blinky, 'Uart', 'ISU0'), claim(blinky, 'Uart', 'ISU0'))).toBeUndefined();
  });

  it('a block used as a whole and also as a pin conflicts, in either order, even within one app (GPIO 26 and ISU0)', () => {
    const pwm = claim(blinky, 'Pwm', 'PWM-CONTROLLER-2');
    expect(unconditionalConflict(pwm, claim(dimmer, 'Gpio', 8))).toBe('function-and-other-use');
    expect(unconditionalConflict(claim(dimmer, 'Gpio', 8), pwm)).toBe('function-and-other-use');
    expect(unconditionalConflict(claim(blinky, 'Gpio', 26), claim(blinky, 'Uart', 'ISU0'))).toBe('function-and-other-use');
    expect(unconditionalConflict(claim(blinky, 'Uart', 'ISU0'), claim(blinky, 'Gpio', 26))).toBe('function-and-other-use');
  });

  it('one block asked for as two different functions conflicts, within one app and between two (ISU0 as UART and as I2C)', () => {
    expect(unconditionalConflict(claim(blinky, 'Uart', 'ISU0'), claim(blinky, 'I2cMaster', 'ISU0'))).toBe('function-and-other-use');
    expect(unconditionalConflict(claim(blinky, 'Uart', 'ISU0'), claim(dimmer, 'SpiMaster', 'ISU0'))).toBe('function-and-other-use');
  });
});

describe('mustShareCore: claims on one block from two compartments put them on one core', () => {
  it('holds for two compartments on one block, not for different blocks, not within one compartment', () => {
    expect(mustShareCore(claim(blinky, 'Gpio', 8), claim(dimmer, 'Gpio', 9))).toBe(true);
    expect(mustShareCore(claim(blinky, 'Gpio', 8), claim(dimmer, 'Gpio', 12))).toBe(false);
    expect(mustShareCore(claim(blinky, 'Gpio', 8), claim(blinky, 'Gpio', 9))).toBe(false);
    expect(mustShareCore(claim(blinky, 'Gpio', 8), claim(blinky, 'Pwm', 'PWM-CONTROLLER-2'))).toBe(false);
  });
});

describe('sharePins: two uses of the chip that drive a common pin (the reach reading of the same facts)', () => {
  it('the same GPIO, and nothing else between two pins', () => {
    expect(sharePins(claim(blinky, 'Gpio', 9), claim(dimmer, 'Gpio', 9))).toBe(true);
    expect(sharePins(claim(blinky, 'Gpio', 9), claim(dimmer, 'Gpio', 10))).toBe(false);
  });

  it('a block used as a whole drives every pin of the block, both ways', () => {
    expect(sharePins(claim(blinky, 'Pwm', 'PWM-CONTROLLER-2'), claim(dimmer, 'Gpio', 9))).toBe(true);
    expect(sharePins(claim(blinky, 'Gpio', 9), claim(dimmer, 'Pwm', 'PWM-CONTROLLER-2'))).toBe(true);
    expect(sharePins(claim(blinky, 'Uart', 'ISU0'), claim(dimmer, 'I2cMaster', 'ISU0'))).toBe(true);
  });

  it('never across blocks', () => {
    expect(sharePins(claim(blinky, 'Pwm', 'PWM-CONTROLLER-2'), claim(dimmer, 'Gpio', 12))).toBe(false);
    expect(sharePins(claim(blinky, 'Pwm', 'PWM-CONTROLLER-0'), claim(dimmer, 'Pwm', 'PWM-CONTROLLER-1'))).toBe(false);
  });
});

describe('external interrupts: EINTn is a pin of GPIO n\'s block', () => {
  it('on another core than a GPIO of the same block it must share the core; a GPIO of another block is free', () => {
    expect(claim(dimmer, 'ExternalInterrupt', 'EINT13').block.id).toBe('GPIO-3');
    expect(unconditionalConflict(claim(blinky, 'Gpio', 12), claim(dimmer, 'ExternalInterrupt', 'EINT13'))).toBeUndefined();
    expect(mustShareCore(claim(blinky, 'Gpio', 12), claim(dimmer, 'ExternalInterrupt', 'EINT13'))).toBe(true);
    expect(mustShareCore(claim(blinky, 'Gpio', 16), claim(dimmer, 'ExternalInterrupt', 'EINT13'))).toBe(false);
  });

  it('beside a PWM controller of its block it is the block used twice', () => {
    expect(unconditionalConflict(claim(blinky, 'Pwm', 'PWM-CONTROLLER-1'), claim(dimmer, 'ExternalInterrupt', 'EINT5'))).toBe('function-and-other-use');
  });
});

import { describe, expect, it } from 'vitest';
import { blockOfPeripheral, isChipPeripheral, type PeripheralCapability } from '../../formats/chips/chip-profile.js';
import { IoWindows } from '../../emulator/io-windows.js';
import { CHIPS, MT3620 } from '../../formats/chips/mt3620.js';
import { builtin } from '../helpers/app-device.js';

const chip = builtin().chip;
const windows = new IoWindows(chip);

describe("the emulator's I/O block index", () => {
  it('finds a GPIO by its number only: the string "8" is not GPIO 8', () => {
    const gpio = chip.blocks.find((b) => b.gpios.length > 0)!.gpios[0]!;
    expect(windows.windowOf('Gpio', gpio)).toMatchObject({ use: 'pin' });
    expect(windows.has('Gpio', gpio)).toBe(true);
    expect(windows.windowOf('Gpio', String(gpio))).toBeUndefined();
    expect(windows.has('Gpio', String(gpio))).toBe(false);
  });

  it("puts every peripheral of the chip behind the block the chip profile names, and knows no peripheral the chip lacks", () => {
    for (const [capability, values] of Object.entries(chip.peripherals) as [PeripheralCapability, (string | number)[]][]) {
      for (const value of values) {
        expect(windows.has(capability, value)).toBe(isChipPeripheral(chip, capability, value));
        expect(windows.windowOf(capability, value)?.block).toBe(blockOfPeripheral(chip, capability, value)?.id);
      }
    }
    expect(windows.has('Pwm', 'NO-SUCH-CONTROLLER')).toBe(false);
    expect(windows.windowOf('Adc', 'NO-SUCH-CONTROLLER')).toBeUndefined();
  });
});

describe('one index per built-in chip', () => {
  it('IoWindows.of gives the one index of a built-in chip profile, and a new one for a profile made in code', () => {
    expect(chip).toBe(MT3620);
    expect(IoWindows.of(chip)).toBe(IoWindows.of(MT3620));
    const copy = structuredClone(MT3620);
    const first = IoWindows.of(copy);
    expect(IoWindows.of(copy)).not.toBe(first);
    expect(first.chip).toBe(copy);
    // A profile made in code may change after an index was built from it: the next index sees the change.
    copy.blocks[0]!.functions = { ...copy.blocks[0]!.functions, Adc: 'ADC-X' };
    expect(IoWindows.of(copy).windowOf('Adc', 'ADC-X')).toMatchObject({ block: copy.blocks[0]!.id, use: 'function' });
  });

  it('the built-in chip profile cannot be changed, at any depth, so its index cannot go stale', () => {
    const gpios = MT3620.blocks[0]!.gpios;
    expect(() => gpios.push(99)).toThrow(TypeError);
    expect(() => ((MT3620.blocks[0]!.functions as Record<string, string>)['Pwm'] = 'PWM-X')).toThrow(TypeError);
    expect(() => ((MT3620.peripherals.Pwm as string[])[0] = 'PWM-X')).toThrow(TypeError);
    expect(() => ((MT3620.limits as { realTimeCores: number }).realTimeCores = 3)).toThrow(TypeError);
    expect(() => ((CHIPS as Record<string, unknown>)['other'] = MT3620)).toThrow(TypeError);
  });
});

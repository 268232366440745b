import { describe, expect, it } from 'vitest';
import { blockOfPeripheral, isChipPeripheral, type PeripheralCapability } from '../../formats/chips/chip-profile.js';
import { IoWindows } from '../../emulator/io-windows.js';
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

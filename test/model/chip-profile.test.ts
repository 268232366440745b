import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MT3620 } from '../../formats/chips/mt3620.js';
import { blockOfGpio, blockOfPeripheral } from '../../formats/chips/chip-profile.js';
import { HardwareSet } from '../../formats/hardware/hardware-set.js';
import { builtinProductFile } from '../../model/product/builtin.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const referenceBlocks = resolve(root, '../shared/reference/mt3620_blocks.json');
const chipDefinition = resolve(builtinProductFile(), '../hardware/mt3620.json');

describe('MT3620 chip profile', () => {
  it('puts every GPIO in exactly one block', () => {
    const all = MT3620.blocks.flatMap((b) => b.gpios);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(68);
  });

  it('maps peripherals to the blocks they occupy', () => {
    expect(blockOfGpio(MT3620, 9)?.id).toBe('GPIO-2');
    expect(blockOfPeripheral(MT3620, 'Pwm', 'PWM-CONTROLLER-2')?.id).toBe('GPIO-2');
    expect(blockOfPeripheral(MT3620, 'Adc', 'ADC-CONTROLLER-0')?.gpios).toEqual([41, 42, 43, 44, 45, 46, 47, 48]);
    expect(blockOfPeripheral(MT3620, 'SpiMaster', 'ISU2')?.gpios).toEqual([36, 37, 38, 39, 40]);
    expect(blockOfGpio(MT3620, 24)).toBeUndefined();
  });

  it.skipIf(!existsSync(referenceBlocks))('matches ../shared/reference/mt3620_blocks.json', () => {
    const ref = JSON.parse(readFileSync(referenceBlocks, 'utf8')) as { blocks: { block: string; gpios: number[]; alt_functions: Record<string, string> }[] };
    expect(MT3620.blocks.map((b) => ({ block: b.id, gpios: b.gpios, alt: b.functions }))).toEqual(
      ref.blocks.map((b) => ({ block: b.block, gpios: b.gpios, alt: b.alt_functions })),
    );
  });

  it('agrees with the chip hardware definition the built-in product ships', () => {
    const set = new HardwareSet();
    const hw = set.open(chipDefinition);
    expect(set.diagnostics).toEqual([]);
    const values = (type: string) =>
      hw.names()
        .map((n) => hw.lookup(n)!)
        .filter((r) => r.entry.type === type)
        .map((r) => r.entry.appManifestValue);
    expect(values('Gpio')).toEqual([...MT3620.peripherals.Gpio].sort((a, b) => Number(a) - Number(b)));
    expect(new Set(values('Uart'))).toEqual(new Set(MT3620.peripherals.Uart));
    expect(values('Pwm')).toEqual(MT3620.peripherals.Pwm);
    expect(values('Adc')).toEqual(MT3620.peripherals.Adc);
    expect(hw.names()).toHaveLength(101);
  });
});

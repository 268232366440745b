/**
 * The chip as the emulated hardware sees it, read from the chip profile's block table: which firewall
 * window (I/O block) each pin and each peripheral function sits behind, and which peripheral names
 * the chip answers to at all. The emulator's own index, built by each boot unless the caller shares
 * one across the boots of one product (it is never changed after it is built); it does not ask the
 * spec's claims or allocation.
 *
 * Second reading, on purpose: it mirrors blockOfPeripheral and isChipPeripheral
 * (formats/chips/chip-profile.ts), which the spec's claims and decisions use; test/differential/
 * isolation-harness.ts holds them together (every app against every chip peripheral, and some the chip
 * lacks).
 */
import type { ChipProfile, PeripheralCapability } from '../formats/chips/chip-profile.js';
import { CHIPS } from '../formats/chips/mt3620.js';

export interface IoWindow {
  /** Block id, as the firewall configuration names it. */
  block: string;
  /** One GPIO of the block, or the block used as a whole (a PWM, ADC, ISU or I2S function). */
  use: 'pin' | 'function';
}

/** The index of each built-in chip profile, made on first use (IoWindows.of). */
const builtinIndexes = new Map<ChipProfile, IoWindows>();

export class IoWindows {
  /**
   * The index of `chip`: for a built-in chip profile (formats/chips, frozen through and through, so the
   * object is its contents) the one index of the process, shared by every device booted on it; for any
   * other chip a new one, since a profile made in code may be changed after an index was built from it.
   */
  static of(chip: ChipProfile): IoWindows {
    if (!Object.values(CHIPS).includes(chip)) return new IoWindows(chip);
    let index = builtinIndexes.get(chip);
    if (!index) builtinIndexes.set(chip, (index = new IoWindows(chip)));
    return index;
  }

  // By capability, then by value as the manifest gives it: a Map tells the number 8 from the string "8"
  // (GPIO 8 is not "8"), so no key string is built per lookup (the property suite makes some hundred thousand).
  private readonly windows = new Map<PeripheralCapability, Map<string | number, IoWindow>>();
  private readonly pins = new Map<string, number[]>();
  private readonly exists = new Map<PeripheralCapability, Set<string | number>>();
  readonly blocks: ReadonlySet<string>;
  readonly cores: ReadonlyMap<string, 'high-level' | 'real-time' | 'security'>;

  /** `chip` is read here and kept only to say which chip this index was built for: a device of another chip must not use it. */
  constructor(readonly chip: ChipProfile) {
    for (const block of chip.blocks) {
      for (const gpio of block.gpios) setIn(this.windows, 'Gpio', gpio, { block: block.id, use: 'pin' });
      for (const eint of block.externalInterrupts ?? []) setIn(this.windows, 'ExternalInterrupt', eint, { block: block.id, use: 'pin' });
      this.pins.set(block.id, [...block.gpios]);
      for (const [capability, value] of Object.entries(block.functions)) setIn(this.windows, capability as PeripheralCapability, value, { block: block.id, use: 'function' });
    }
    for (const [capability, values] of Object.entries(chip.peripherals)) {
      let known = this.exists.get(capability as PeripheralCapability);
      if (!known) this.exists.set(capability as PeripheralCapability, (known = new Set()));
      for (const value of values) known.add(value);
    }
    this.blocks = new Set(chip.blocks.map((b) => b.id));
    this.cores = new Map(chip.cores.map((c) => [c.id, c.kind]));
  }

  /** The window a peripheral sits behind; undefined when no firewall window covers it (e.g. an EINT). */
  windowOf(capability: PeripheralCapability, value: string | number): IoWindow | undefined {
    return this.windows.get(capability)?.get(value);
  }

  /** Whether the chip has the peripheral (GPIOs by number: "8" is not GPIO 8). */
  has(capability: PeripheralCapability, value: string | number): boolean {
    return this.exists.get(capability)?.has(value) ?? false;
  }

  /** The GPIOs behind a block (for the faulty per-pin installer). Shared by every device built on this index: read only. */
  pinsOf(block: string): readonly number[] {
    return this.pins.get(block) ?? [];
  }
}

/** A later window for the same peripheral replaces an earlier one, as it did in one map keyed by capability and typed value. */
function setIn(windows: Map<PeripheralCapability, Map<string | number, IoWindow>>, capability: PeripheralCapability, value: string | number, window: IoWindow): void {
  let byValue = windows.get(capability);
  if (!byValue) windows.set(capability, (byValue = new Map()));
  byValue.set(value, window);
}

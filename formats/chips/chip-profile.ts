/**
 * What a chip offers to applications: its cores, its peripheral names and the I/O blocks that the
 * hardware firewalls assign to one core at a time. The readers use it to check raw manifest values;
 * the allocation spec, the emulator and the Z3 encodings read the same blocks.
 */
export type CoreKind = 'high-level' | 'real-time' | 'security';

export interface Core {
  id: string;
  kind: CoreKind;
  description: string;
}

/** Capability keys whose values name chip peripherals. */
export type PeripheralCapability =
  | 'Gpio'
  | 'Pwm'
  | 'Adc'
  | 'Uart'
  | 'I2cMaster'
  | 'SpiMaster'
  | 'I2sSubordinate'
  | 'ExternalInterrupt';

export interface IoBlock {
  id: string;
  gpios: number[];
  /** Peripheral value that occupies the whole block, per capability (e.g. Pwm → PWM-CONTROLLER-0). */
  functions: Partial<Record<PeripheralCapability, string>>;
  note?: string;
}

export interface ChipProfile {
  id: string;
  name: string;
  cores: Core[];
  blocks: IoBlock[];
  /** Peripheral values an app may request, per capability (GPIOs as numbers). */
  peripherals: Record<PeripheralCapability, readonly (string | number)[]>;
  limits: {
    realTimeCores: number;
    mutableStorageMaxKB: number;
    appNameStoredChars: number;
  };
}

export function blockOfGpio(chip: ChipProfile, gpio: number): IoBlock | undefined {
  return chip.blocks.find((b) => b.gpios.includes(gpio));
}

export function blockOfPeripheral(chip: ChipProfile, capability: PeripheralCapability, value: string | number): IoBlock | undefined {
  if (capability === 'Gpio') return typeof value === 'number' ? blockOfGpio(chip, value) : undefined;
  return chip.blocks.find((b) => b.functions[capability] === value);
}

export function isChipPeripheral(chip: ChipProfile, capability: PeripheralCapability, value: string | number): boolean {
  return chip.peripherals[capability].includes(value);
}

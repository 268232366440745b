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
  /**
   * External interrupts (EINTn) on the block's pins. Each is one pin of the block, like a GPIO: "External
   * interrupts are multiplexed with GPIO in the same way as other peripherals … no other application
   * (either high-level or RTApp) on the device uses a peripheral that maps to the same block" (MS Learn,
   * "Use external interrupts in real-time capable applications", which also says GPIO 5 maps to EINT5).
   */
  externalInterrupts?: readonly string[];
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
  if (capability === 'ExternalInterrupt') return chip.blocks.find((b) => b.externalInterrupts?.includes(String(value)));
  return chip.blocks.find((b) => b.functions[capability] === value);
}

export function isChipPeripheral(chip: ChipProfile, capability: PeripheralCapability, value: string | number): boolean {
  return chip.peripherals[capability].includes(value);
}

/**
 * MediaTek MT3620, as Azure Sphere exposes it. Blocks from ../shared/reference/mt3620_blocks.json
 * (MS Q&A 1254610, the gpio-rt / adc-rt / i2s-rt docs, and the comments in the SDK's mt3620.json).
 */
import type { ChipProfile, IoBlock } from './chip-profile.js';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
/** EINTn is on GPIO n (MS Learn, external interrupts: "GPIO 5 (which maps to EINT5)"; EINT0-EINT23). */
const eints = (from: number, to: number): string[] => range(from, to).map((n) => `EINT${n}`);

const blocks: IoBlock[] = [
  { id: 'GPIO-0', gpios: range(0, 3), externalInterrupts: eints(0, 3), functions: { Pwm: 'PWM-CONTROLLER-0' } },
  { id: 'GPIO-1', gpios: range(4, 7), externalInterrupts: eints(4, 7), functions: { Pwm: 'PWM-CONTROLLER-1' } },
  { id: 'GPIO-2', gpios: range(8, 11), externalInterrupts: eints(8, 11), functions: { Pwm: 'PWM-CONTROLLER-2' } },
  { id: 'GPIO-3', gpios: range(12, 15), externalInterrupts: eints(12, 15), functions: {} },
  { id: 'GPIO-4', gpios: range(16, 19), externalInterrupts: eints(16, 19), functions: {} },
  { id: 'GPIO-5', gpios: range(20, 23), externalInterrupts: eints(20, 23), functions: {} },
  ...[0, 1, 2].map((n) => isu(n, 26 + 5 * n)),
  { id: 'ADC', gpios: range(41, 48), functions: { Adc: 'ADC-CONTROLLER-0' } },
  { id: 'I2S0', gpios: range(56, 60), functions: { I2sSubordinate: 'I2S0' } },
  { id: 'I2S1', gpios: range(61, 65), functions: { I2sSubordinate: 'I2S1' } },
  isu(3, 66),
  isu(4, 71),
  { id: 'GPIO80', gpios: [80], functions: {}, note: 'block membership undocumented; treated as a block of its own' },
];

function isu(n: number, firstGpio: number): IoBlock {
  const name = `ISU${n}`;
  return { id: name, gpios: range(firstGpio, firstGpio + 4), functions: { Uart: name, I2cMaster: name, SpiMaster: name } };
}

const isus = range(0, 4).map((n) => `ISU${n}`);

/**
 * Frozen through and through: a built-in chip profile is a constant of the process, so what is derived
 * from it alone (the emulator's I/O block index, IoWindows.of) can be derived once and shared, and no
 * reader can change it for the others.
 */
export const MT3620: ChipProfile = deepFreeze({
  id: 'mt3620',
  name: 'MediaTek MT3620 (Azure Sphere)',
  cores: [
    { id: 'A7', kind: 'high-level', description: 'Cortex-A7: Security Monitor, the Azure Sphere OS and high-level apps' },
    { id: 'M4-0', kind: 'real-time', description: 'Cortex-M4F real-time core 0' },
    { id: 'M4-1', kind: 'real-time', description: 'Cortex-M4F real-time core 1' },
    { id: 'Pluton', kind: 'security', description: 'Pluton security subsystem (Cortex-M4F, not available to apps)' },
  ],
  blocks,
  peripherals: {
    // GPIO 24-25, 49-55 and 76-79 are not exposed by the SDK's mt3620.json; GPIO 80 is.
    Gpio: blocks.flatMap((b) => b.gpios),
    Pwm: ['PWM-CONTROLLER-0', 'PWM-CONTROLLER-1', 'PWM-CONTROLLER-2'],
    Adc: ['ADC-CONTROLLER-0'],
    Uart: isus,
    I2cMaster: isus,
    SpiMaster: isus,
    I2sSubordinate: ['I2S0', 'I2S1'],
    // EINTn is on GPIO n, EINT0-EINT23 (MS Learn, "Use external interrupts in real-time capable applications").
    ExternalInterrupt: blocks.flatMap((b) => b.externalInterrupts ?? []),
  },
  limits: { realTimeCores: 2, mutableStorageMaxKB: 64, appNameStoredChars: 31 },
});

export const CHIPS: Readonly<Record<string, ChipProfile>> = Object.freeze({ mt3620: MT3620 });

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

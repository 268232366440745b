/**
 * The sharing rules between two claims (azure-sphere-facts §9 checks 17-18). These are the only
 * statement of the rules: the direct allocator, the Z3 encoding and the emulator's installer all
 * ask this module.
 */
import type { PeripheralClaim } from './claims.js';

export type ConflictKind =
  /** Two compartments ask for the same GPIO. */
  | 'same-pin'
  /** Two compartments ask for the same controller or ISU. */
  | 'same-peripheral'
  /** A block used as a whole (PWM, ADC, ISU, I2S) is also asked for as pins or as another function. */
  | 'function-and-other-use'
  /** Claims on one block from compartments that end up on different cores. */
  | 'cross-core-block';

export interface ConflictRule {
  kind: ConflictKind;
  /** Device error Azure Sphere reports for this conflict. */
  deviceError: number;
  deviceErrorName: string;
}

const RULES: Record<ConflictKind, ConflictRule> = {
  'same-pin': { kind: 'same-pin', deviceError: (5 << 20) + 4, deviceErrorName: 'RequestedGpioAlreadyInUse' },
  'same-peripheral': { kind: 'same-peripheral', deviceError: (5 << 20) + 8, deviceErrorName: 'RequestedPeripheralAlreadyInUse' },
  'function-and-other-use': { kind: 'function-and-other-use', deviceError: (2 << 20) + 35, deviceErrorName: 'RequestedPeripheralsRequireSamePin' },
  'cross-core-block': { kind: 'cross-core-block', deviceError: (5 << 20) + 15, deviceErrorName: 'GpioBlockConflict' },
};

export function conflictRule(kind: ConflictKind): ConflictRule {
  return RULES[kind];
}

/**
 * The conflict between two claims whatever the cores, or undefined when they can coexist on one
 * core. Claims on the same block by compartments on different cores conflict as well: see
 * mustShareCore.
 */
export function unconditionalConflict(a: PeripheralClaim, b: PeripheralClaim): ConflictKind | undefined {
  if (a.block.id !== b.block.id || a === b) return undefined;
  const sameCompartment = a.compartment.id === b.compartment.id;
  if (a.usage === 'pin' && b.usage === 'pin') return !sameCompartment && a.value === b.value ? 'same-pin' : undefined;
  if (a.usage === 'function' && b.usage === 'function' && a.value === b.value && a.capability === b.capability) {
    return sameCompartment ? undefined : 'same-peripheral';
  }
  return 'function-and-other-use';
}

/**
 * Whether two uses of the chip's peripherals drive a common pin: the same GPIO, or a block used as a
 * whole (a PWM or ADC controller, an ISU function, an I2S interface) and any use of that block. A PWM
 * controller's outputs are its block's GPIOs (azure-sphere-facts §2.1: "Blocks 0, 1, and 2 also double
 * as PWM0, PWM1, PWM2. If PWM0… are allocated to core, the pins belonging to the respective block
 * should be considered allocated"), so whoever drives the controller drives those pins. The same
 * physical fact as 'function-and-other-use' above, read for reach instead of allocation.
 */
export function sharePins(a: Pick<PeripheralClaim, 'block' | 'usage' | 'value'>, b: Pick<PeripheralClaim, 'block' | 'usage' | 'value'>): boolean {
  if (a.block.id !== b.block.id) return false;
  return a.usage === 'function' || b.usage === 'function' || a.value === b.value;
}

/** Claims on one block must come from compartments on one core: the I/O firewall maps whole blocks. */
export function mustShareCore(a: PeripheralClaim, b: PeripheralClaim): boolean {
  return a.block.id === b.block.id && a.compartment.id !== b.compartment.id;
}

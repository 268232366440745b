/**
 * The direct allocator (model/isolation/allocation.ts) one rule at a time, with the exact allocation or the exact
 * problems: a high-level app and a real-time app each take a core of their kind to themselves, board configurations
 * share the A7 whatever their order, compartments left without a core are reported by kind with every competitor
 * and claim no block, and one block cannot be split between two cores. Mutation testing found the cross-core rule
 * and the problems' details could be changed unnoticed: the tests that reach them ask Z3, not this allocator.
 */
import { describe, expect, it } from 'vitest';
import { MT3620 } from '../../formats/chips/mt3620.js';
import { allocate, type AllocationResult } from '../../model/isolation/allocation.js';
import { compartmentsOf, type Compartment } from '../../model/isolation/apps.js';
import { claimsOf } from '../../model/isolation/claims.js';
import type { BoardConfig } from '../../model/product/product.js';
import { product, type AppSpec } from '../proofs/build-product.js';

function allocated(apps: AppSpec[], boardConfigs?: BoardConfig[]) {
  const p = product(apps, boardConfigs ? { boardConfigs } : {});
  const compartments = compartmentsOf(p);
  const claims = claimsOf(p, compartments);
  return { result: allocate(MT3620, compartments, claims), compartments, claims };
}

const allocationOf = (result: AllocationResult) => {
  if (!result.ok) throw new Error(`expected an allocation, got ${JSON.stringify(result.problems.map((p) => p.kind))}`);
  return { coreOf: Object.fromEntries(result.allocation.coreOf), blockOwner: Object.fromEntries(result.allocation.blockOwner) };
};
const problemsOf = (result: AllocationResult) => {
  if (result.ok) throw new Error('expected problems, got an allocation');
  return result.problems;
};
const board = (name: string, claims: BoardConfig['claims']): BoardConfig => ({ name, claims });
const compartment = (id: string, kind: Compartment['kind']): Compartment => ({ id, name: id, kind, file: `/virtual/${id}` });

describe('the direct allocator', () => {
  it('gives each compartment a core of its kind and each claimed block to its claimant\'s core; unclaimed blocks stay unassigned', () => {
    const { result } = allocated([
      { name: 'Blinky', peripherals: { Gpio: [8] } },
      { name: 'Dimmer', kind: 'real-time', peripherals: { Pwm: ['PWM-CONTROLLER-0'] } },
      { name: 'Sensor', kind: 'real-time', peripherals: { Adc: ['ADC-CONTROLLER-0'] } },
    ]);
    expect(allocationOf(result)).toEqual({ coreOf: { 'id-blinky': 'A7', 'id-dimmer': 'M4-0', 'id-sensor': 'M4-1' }, blockOwner: { 'GPIO-2': 'A7', 'GPIO-0': 'M4-0', ADC: 'M4-1' } });
  });

  it('board configurations share the A7 with a high-level app, whichever comes first', () => {
    const { result } = allocated([{ name: 'Blinky', peripherals: { Gpio: [8] } }], [board('leds', { Gpio: [9] })]);
    expect(allocationOf(result)).toEqual({ coreOf: { 'id-blinky': 'A7', 'board-config:leds': 'A7' }, blockOwner: { 'GPIO-2': 'A7' } });
    // compartmentsOf lists apps first; the rule must not depend on it.
    const leds = compartment('board-config:leds', 'board-config');
    const app = compartment('app', 'high-level');
    const first = allocate(MT3620, [leds, compartment('board-config:more', 'board-config'), app], []);
    expect(allocationOf(first).coreOf).toEqual({ 'board-config:leds': 'A7', 'board-config:more': 'A7', app: 'A7' });
  });

  it('reports the pair behind each unconditional conflict, in claim order', () => {
    // Both on the A7, so the shared block is no cross-core conflict: only the pin is.
    const { result, claims } = allocated([{ name: 'Blinky', peripherals: { Gpio: [9] } }], [board('leds', { Gpio: [9] })]);
    expect(problemsOf(result)).toEqual([{ kind: 'same-pin', claims: [claims[0], claims[1]] }]);
  });

  it('reports compartments left without a core once per kind, with every compartment of that kind competing', () => {
    const { result, compartments } = allocated([
      { name: 'Blinky' },
      { name: 'RtA', kind: 'real-time' },
      { name: 'RtB', kind: 'real-time' },
      { name: 'RtC', kind: 'real-time' },
      { name: 'RtD', kind: 'real-time' },
    ]);
    expect(problemsOf(result)).toEqual([{ kind: 'no-core', core: 'real-time', compartments: compartments.slice(1) }]);
    const twoHighLevel = allocated([{ name: 'One' }, { name: 'Two' }, { name: 'Rt', kind: 'real-time' }]);
    expect(problemsOf(twoHighLevel.result)).toEqual([{ kind: 'no-core', core: 'high-level', compartments: twoHighLevel.compartments.slice(0, 2) }]);
  });

  it('a compartment left without a core claims no block, so it causes no cross-core conflict of its own', () => {
    // RtC gets no M4; the board configuration on the A7 then claims GPIO-3 first and alone.
    const { result, compartments } = allocated(
      [
        { name: 'RtA', kind: 'real-time' },
        { name: 'RtB', kind: 'real-time' },
        { name: 'RtC', kind: 'real-time', peripherals: { Gpio: [12] } },
      ],
      [board('leds', { Gpio: [13] })],
    );
    expect(problemsOf(result)).toEqual([{ kind: 'no-core', core: 'real-time', compartments: compartments.slice(0, 3) }]);
  });

  it('one block claimed from two cores is cross-core-block, with the first claim and the other', () => {
    const { result, claims } = allocated([
      { name: 'Blinky', peripherals: { Gpio: [8] } },
      { name: 'Dimmer', kind: 'real-time', peripherals: { Gpio: [9] } },
    ]);
    expect(problemsOf(result)).toEqual([{ kind: 'cross-core-block', claims: [claims[0], claims[1]] }]);
  });

  it('one block claimed by two compartments on the same core is no conflict', () => {
    const { result } = allocated([{ name: 'Blinky', peripherals: { Gpio: [8] } }], [board('leds', { Gpio: [10] }), board('more', { Gpio: [11] })]);
    expect(allocationOf(result).blockOwner).toEqual({ 'GPIO-2': 'A7' });
  });
});

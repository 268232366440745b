import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { conflictRule } from '../../model/isolation/conflicts.js';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { loadProduct, type BoardConfig } from '../../model/product/product.js';
import { proveAllocation, type AllocationProof, type ExplainedConflict } from '../../proofs/allocation-proof.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { scaledChip, scaledProduct } from '../../bench/allocation-scaling.bench.js';
import { product, type AppSpec } from './build-product.js';

afterAll(() => shutdownZ3());

const prove = (apps: AppSpec[], boardConfigs?: BoardConfig[]) =>
  proveAllocation(new IsolationSpec(product(apps, boardConfigs ? { boardConfigs } : {})));

function onlyConflict(proof: AllocationProof): ExplainedConflict {
  expect(proof.status).toBe('unsat');
  if (proof.status !== 'unsat') throw new Error('expected unsat');
  expect(proof.conflicts).toHaveLength(1);
  return proof.conflicts[0]!;
}

describe('allocation proof (Z3)', () => {
  it('proves the built-in product allocatable, with the same allocation as the direct allocator', async () => {
    const spec = new IsolationSpec(loadProduct(builtinProductFile()).product!);
    const proof = await proveAllocation(spec);
    expect(proof.status).toBe('sat');
    if (proof.status !== 'sat' || !spec.allocation.ok) throw new Error('expected sat');
    expect(proof.allocation.coreOf).toEqual(spec.allocation.allocation.coreOf);
    expect(proof.allocation.blockOwner).toEqual(spec.allocation.allocation.blockOwner);
    expect(proof.timeMs).toBeGreaterThan(0);
  });

  it('names both apps when they ask for the same GPIO', async () => {
    const c = onlyConflict(await prove([{ name: 'Blinky', peripherals: { Gpio: [9] } }, { name: 'Dimmer', kind: 'real-time', peripherals: { Gpio: [9] } }]));
    expect(c.kind).toBe('same-pin');
    expect(c.deviceError).toBe(conflictRule('same-pin').deviceError);
    expect(c.deviceErrorName).toBe('RequestedGpioAlreadyInUse');
    expect(c.claims.map((k) => [k.compartment, k.capability, k.value, k.block, k.pointer])).toEqual([
      ['Blinky', 'Gpio', 9, 'GPIO-2', '/Capabilities/Gpio/0'],
      ['Dimmer', 'Gpio', 9, 'GPIO-2', '/Capabilities/Gpio/0'],
    ]);
    expect(c.message).toBe("app Blinky's Gpio 9 and app Dimmer's Gpio 9 both ask for GPIO 9 (block GPIO-2); a GPIO belongs to one app");
    expect(c.fixes).toHaveLength(2);
    expect(c.fixes[0]).toMatch(/^remove Gpio 9 from Blinky's manifest \(blinky\/app_manifest\.json \/Capabilities\/Gpio\/0\), or use a GPIO in a block no other app claims: any of \d+: GPIO-0 \(0-3\), GPIO-1 \(4-7\), GPIO-3 \(12-15\), /);
  });

  it('names every free block in a fix, not only the first as if it were the only one', async () => {
    // GPIO-0 and GPIO-1 are taken by other apps: the free ones start at GPIO-3.
    const c = onlyConflict(
      await prove([
        { name: 'Blinky', peripherals: { Gpio: [9] } },
        { name: 'Dimmer', kind: 'real-time', peripherals: { Gpio: [9] } },
        { name: 'Other', kind: 'real-time', peripherals: { Gpio: [0, 4] } },
      ]),
    );
    const fix = c.fixes.find((f) => f.includes("Blinky's manifest"))!;
    const named = /any of (\d+): (.*)$/.exec(fix);
    expect(named, fix).not.toBeNull();
    const blocks = named![2]!.split(', ').map((b) => b.split(' ')[0]);
    expect(blocks).toHaveLength(Number(named![1]));
    expect(blocks.slice(0, 3)).toEqual(['GPIO-3', 'GPIO-4', 'GPIO-5']);
    expect(blocks).not.toContain('GPIO-0');
    expect(blocks).not.toContain('GPIO-2');
    expect(c.fixes.join('\n')).not.toMatch(/claims: GPIO-\d \(\d+-\d+\)$/m);
  });

  it('reports the same ISU asked for by two apps', async () => {
    const c = onlyConflict(await prove([{ name: 'Logger', peripherals: { Uart: ['ISU0'] } }, { name: 'Modem', kind: 'real-time', peripherals: { Uart: ['ISU0'] } }]));
    expect(c.kind).toBe('same-peripheral');
    expect(c.deviceErrorName).toBe('RequestedPeripheralAlreadyInUse');
    expect(c.claims.map((k) => k.compartment)).toEqual(['Logger', 'Modem']);
    expect(c.fixes.join('\n')).toContain('use one of ISU1, ISU2, ISU3, ISU4 instead (blocks no other app claims)');
  });

  it('reports an ISU used as UART by one app and as SPI by another', async () => {
    const c = onlyConflict(await prove([{ name: 'Logger', peripherals: { Uart: ['ISU0'] } }, { name: 'Flash', kind: 'real-time', peripherals: { SpiMaster: ['ISU0'] } }]));
    expect(c.kind).toBe('function-and-other-use');
    expect(c.deviceErrorName).toBe('RequestedPeripheralsRequireSamePin');
    expect(c.message).toContain('as two different functions (Uart, SpiMaster)');
  });

  it("reports a high-level app's GPIO 8 against a real-time app's PWM-CONTROLLER-2 (one block)", async () => {
    const c = onlyConflict(await prove([{ name: 'Blinky', peripherals: { Gpio: [8] } }, { name: 'Dimmer', kind: 'real-time', peripherals: { Pwm: ['PWM-CONTROLLER-2'] } }]));
    // The PWM takes the whole block whatever the cores: conflicts.ts calls that function-and-other-use.
    expect(c.kind).toBe('function-and-other-use');
    expect(c.message).toBe("app Blinky's Gpio 8 and app Dimmer's Pwm PWM-CONTROLLER-2 both use block GPIO-2, which Pwm PWM-CONTROLLER-2 takes as a whole");
    expect(c.claims.map((k) => k.block)).toEqual(['GPIO-2', 'GPIO-2']);
  });

  it("reports a high-level app's GPIO 8 and a real-time app's GPIO 9 as one block on two cores", async () => {
    const c = onlyConflict(await prove([{ name: 'Blinky', peripherals: { Gpio: [8] } }, { name: 'Dimmer', kind: 'real-time', peripherals: { Gpio: [9] } }]));
    expect(c.kind).toBe('cross-core-block');
    expect(c.deviceErrorName).toBe('GpioBlockConflict');
    expect(c.message).toBe("app Blinky's Gpio 8 (block GPIO-2) and app Dimmer's Gpio 9 need block GPIO-2 on both A7 and M4-0; the I/O firewall gives a block to one core");
    expect(c.fixes).toHaveLength(2);
  });

  it('reports two real-time apps sharing a block, each on its own M4', async () => {
    const c = onlyConflict(await prove([{ name: 'Left', kind: 'real-time', peripherals: { Gpio: [8] } }, { name: 'Right', kind: 'real-time', peripherals: { Gpio: [10] } }]));
    expect(c.kind).toBe('cross-core-block');
    expect(c.message).toContain('need block GPIO-2 on both M4-0 and M4-1');
  });

  it('puts all three real-time apps in the core when the chip has two M4s', async () => {
    const c = onlyConflict(await prove([{ name: 'One', kind: 'real-time' }, { name: 'Two', kind: 'real-time' }, { name: 'Three', kind: 'real-time' }]));
    expect(c.kind).toBe('no-core');
    expect(c.deviceError).toBeUndefined();
    expect(c.compartments.map((k) => k.name)).toEqual(['One', 'Two', 'Three']);
    expect(c.message).toBe('3 real-time apps (One, Two, Three) need a real-time core each, but MediaTek MT3620 (Azure Sphere) has 2');
    expect(c.fixes).toHaveLength(3);
    expect(c.fixes[2]).toContain('remove real-time app Three (three/app_manifest.json) from the product');
  });

  it('reports an app the chip has no core for', async () => {
    const proof = await proveAllocation(new IsolationSpec(product([{ name: 'Lonely', kind: 'real-time' }], { chip: scaledChip(0, 2) })));
    const c = onlyConflict(proof);
    expect(c.kind).toBe('no-core');
    expect(c.message).toContain('app Lonely (real-time) has no core to run on');
    expect(c.fixes).toEqual(['remove app Lonely (lonely/app_manifest.json) from the product: scaled chip (0 real-time cores, 2 blocks) has no core for it']);
  });

  it("reports a board configuration's SPI on ISU0 against an app's UART on ISU0", async () => {
    const c = onlyConflict(await prove([{ name: 'Logger', peripherals: { Uart: ['ISU0'] } }], [{ name: 'Ethernet', claims: { SpiMaster: ['ISU0'] } }]));
    expect(c.kind).toBe('function-and-other-use');
    const board = c.claims.find((k) => k.compartmentKind === 'board-config')!;
    expect(board).toMatchObject({ compartment: 'Ethernet', pointer: '/boardConfigs/0/claims/SpiMaster/0', capability: 'SpiMaster', value: 'ISU0' });
    expect(c.message).toContain('board configuration Ethernet');
    expect(c.fixes.join('\n')).toContain('from board configuration Ethernet (sevenfold.json /boardConfigs/0/claims/SpiMaster/0)');
  });

  it('reports independent conflicts one by one, up to maxConflicts', async () => {
    const apps: AppSpec[] = [
      { name: 'Blinky', peripherals: { Gpio: [9], Uart: ['ISU0'] } },
      { name: 'Dimmer', kind: 'real-time', peripherals: { Gpio: [9] } },
    ];
    const boards = [{ name: 'Ethernet', claims: { SpiMaster: ['ISU0'] } }];
    const all = await prove(apps, boards);
    if (all.status !== 'unsat') throw new Error('expected unsat');
    expect(all.conflicts.map((c) => c.kind).sort()).toEqual(['function-and-other-use', 'same-pin']);
    expect(all.incomplete).toBeUndefined();
    const one = await proveAllocation(new IsolationSpec(product(apps, { boardConfigs: boards })), { maxConflicts: 1 });
    if (one.status !== 'unsat') throw new Error('expected unsat');
    expect(one.conflicts).toHaveLength(1);
    expect(one.incomplete).toBe('stopped after 1 conflicts');
  });

  it('returns unknown with a reason, never a verdict, when the solver runs out of time', async () => {
    const proof = await proveAllocation(new IsolationSpec(scaledProduct(1000)), { timeoutMs: 1 });
    expect(proof.status).toBe('unknown');
    if (proof.status !== 'unknown') throw new Error('expected unknown');
    expect(proof.reason).toMatch(/\S/);
    expect(proof.stats.checks).toBe(1);
  });

  it.skipIf(!existsSync('/usr/bin/z3'))('exports SMT-LIB that native z3 also finds sat', async () => {
    const proof = await proveAllocation(new IsolationSpec(loadProduct(builtinProductFile()).product!), { smtlib: true });
    if (proof.status !== 'sat') throw new Error('expected sat');
    const run = spawnSync('/usr/bin/z3', ['-in', '-smt2'], { input: proof.smtlib, encoding: 'utf8' });
    expect(run.stdout.trim()).toBe('sat');
  });
});

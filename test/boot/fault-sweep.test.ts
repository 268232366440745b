import { beforeAll, describe, expect, it } from 'vitest';
import { BootLab, skippableChecks, sweepSingleFaults } from '../../emulator/boot/index.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';

const builtin = loadPlatform(builtinPlatformFile()).design!;
const singleCheck = loadPlatform(new URL('../fixtures/platforms/kernel-single-check/platform.json', import.meta.url).pathname).design!;

let lab: BootLab;
beforeAll(async () => {
  lab = await BootLab.open(builtin, { seed: 3 });
});

describe('single-fault sweep (a tampered image at each stage × each check skipped)', () => {
  it('built-in design: no single skipped check boots a tampered image', async () => {
    const result = await sweepSingleFaults(builtin, { lab });
    expect(result.seed).toBe(3);
    const checks = skippableChecks(builtin);
    expect(checks).toHaveLength(27); // 18 design checks + 9 rollback comparisons
    expect(result.cases).toHaveLength(builtin.boot.length * checks.length);
    expect(result.boots).toBe(builtin.boot.length * (checks.length + 1));
    expect(result.unfaulted.every((u) => u.caught)).toBe(true);
    expect(result.bypasses).toEqual([]);
    // Skipping one of the two checks of the bad stage leaves the other to catch it.
    const kernel = result.cases.find((c) => c.badStage === 'nw-kernel' && c.skipped.id === 'sm.kernel.signature')!;
    expect(kernel).toMatchObject({ outcome: 'caught', reached: true, caughtBy: ['sm.kernel.hash'] });
    // A check after the bad stage is never reached.
    expect(result.cases.find((c) => c.badStage === 'nw-kernel' && c.skipped.id === 'sm.hl-app.signature')).toMatchObject({ outcome: 'caught', reached: false });
  });

  it('kernel-single-check: skipping sm.kernel.signature boots the tampered kernel, and only that', async () => {
    const result = await sweepSingleFaults(singleCheck, { seed: 3, verifier: 'node' });
    expect(result.bypasses.map((b) => ({ stage: b.badStage, check: b.skipped.id, checkStage: b.skipped.stage }))).toEqual([{ stage: 'nw-kernel', check: 'sm.kernel.signature', checkStage: 'nw-kernel' }]);
    const trace = result.bypasses[0]!.trace;
    expect(trace.faults).toEqual(['sm.kernel.signature']);
    expect(trace.stages.find((s) => s.image === 'nw-kernel')?.checks.map((c) => c.result)).toEqual(['skipped', 'pass']);
  });

  it('a downgrade is guarded by one check per stage (the counter): skipping it boots the old image', async () => {
    const result = await sweepSingleFaults(builtin, { lab, attack: 'downgrade', verifier: 'node' });
    expect(result.bypasses.map((b) => b.skipped.id)).toEqual(builtin.boot.map((s) => `rollback.${s.image}`));
  });
});

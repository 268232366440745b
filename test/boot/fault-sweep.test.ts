import { beforeAll, describe, expect, it } from 'vitest';
import { ATTACK_KINDS } from '../../emulator/boot/attacks.js';
import { checksUpTo, FaultSweepBudgetError, plannedBoots, sweepFaults } from '../../emulator/boot/fault-sweep.js';
import { BootLab, skippableChecks, sweepSingleFaults } from '../../emulator/boot/index.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';

const builtin = loadPlatform(builtinPlatformFile()).design!;
const singleCheck = loadPlatform(new URL('../fixtures/platforms/kernel-single-check/platform.json', import.meta.url).pathname).design!;

let lab: BootLab;
beforeAll(async () => {
  lab = await BootLab.open(builtin, { seed: 3 });
});

describe('fault sweep (a bad image at each stage × every combination of skipped checks up to it)', () => {
  it('built-in design, tampered images: no single skipped check boots one', async () => {
    const result = await sweepSingleFaults(builtin, { lab });
    expect(result.seed).toBe(3);
    expect(skippableChecks(builtin)).toHaveLength(27); // 18 design checks + 9 rollback comparisons
    // Only checks of the bad stage and the stages before it can decide whether it runs: 3 + 6 + … + 27.
    const relevant = builtin.boot.reduce((n, s) => n + checksUpTo(builtin, s.image).length, 0);
    expect(relevant).toBe(135);
    expect(result.cases).toHaveLength(relevant);
    // Every case is booted or decided by its unfaulted boot (a skipped check of a genuine earlier stage passes there).
    expect(result.boots + result.decidedByUnfaulted).toBe(relevant + builtin.boot.length);
    expect(result.decidedByUnfaulted).toBeGreaterThan(0);
    expect(result.unfaulted.every((u) => u.caught)).toBe(true);
    expect(result.bypasses).toEqual([]);
    // Skipping one of the two checks of the bad stage leaves the other to catch it.
    const kernel = result.cases.find((c) => c.badStage === 'nw-kernel' && c.skipped[0]!.id === 'sm.kernel.signature')!;
    expect(kernel).toMatchObject({ outcome: 'caught', reached: true, caughtBy: ['sm.kernel.hash'] });
    // A check after the bad stage is not combined at all.
    expect(result.cases.some((c) => c.badStage === 'nw-kernel' && c.skipped[0]!.id === 'sm.hl-app.signature')).toBe(false);
  });

  it('kernel-single-check: skipping sm.kernel.signature boots the tampered kernel, and only that', async () => {
    const result = await sweepSingleFaults(singleCheck, { seed: 3, verifier: 'node' });
    expect(result.bypasses.map((b) => ({ stage: b.badStage, checks: b.skipped.map((c) => `${c.id}@${c.stage}`) }))).toEqual([{ stage: 'nw-kernel', checks: ['sm.kernel.signature@nw-kernel'] }]);
    const trace = result.bypasses[0]!.trace;
    expect(trace.faults).toEqual(['sm.kernel.signature']);
    expect(trace.stages.find((s) => s.image === 'nw-kernel')?.checks.map((c) => c.result)).toEqual(['skipped', 'pass']);
  });

  it('a downgrade is guarded by one check per stage (the counter): skipping it boots the old image', async () => {
    const result = await sweepSingleFaults(builtin, { lab, attack: 'downgrade', verifier: 'node' });
    expect(result.bypasses.map((b) => b.skipped.map((c) => c.id))).toEqual(builtin.boot.map((s) => [`rollback.${s.image}`]));
  });

  it('runs every attack kind the emulator has by default, each at every stage', async () => {
    const result = await sweepFaults(builtin, { lab, verifier: 'node' });
    expect(result.attacks).toEqual([...ATTACK_KINDS]);
    for (const kind of ATTACK_KINDS) expect(result.unfaulted.filter((u) => u.attack === kind).map((u) => u.stage)).toEqual(builtin.boot.map((s) => s.image));
    // A swapped image (same signing key) passes the signature check: the manifest hash is its only guard.
    expect(result.bypasses.filter((b) => b.attack === 'swapped').map((b) => b.skipped.map((c) => c.id))).toContainEqual(['sm.kernel.hash']);
  });

  it('with two faults, skipping both checks of a stage boots a tampered image; pairs containing a known bypass are not booted', async () => {
    const kernelOnly = { ...builtin, boot: builtin.boot.slice(0, 5) };
    const result = await sweepFaults(kernelOnly, { seed: 3, verifier: 'node', attacks: ['tampered', 'downgrade'], faults: 2 });
    const tampered = result.bypasses.filter((b) => b.attack === 'tampered' && b.badStage === 'nw-kernel').map((b) => b.skipped.map((c) => c.id));
    expect(tampered).toEqual([['sm.kernel.signature', 'sm.kernel.hash']]);
    expect(result.bypasses.every((b) => b.attack !== 'tampered' || b.skipped.length === 2)).toBe(true);
    // Every downgrade bypass is the single rollback skip; the pairs around it are implied, not booted.
    expect(result.bypasses.filter((b) => b.attack === 'downgrade').every((b) => b.skipped.length === 1)).toBe(true);
    expect(result.impliedBypasses).toBeGreaterThan(0);
    expect(result.boots + result.decidedByUnfaulted + result.impliedBypasses).toBe(plannedBoots(kernelOnly, 2, 2));
  });

  // The third reduction (a case whose skipped runs all pass unfaulted is decided by the unfaulted boot)
  // against booting every case: the same cases, outcomes, reached flags, failed checks and bypasses.
  const comparable = (r: Awaited<ReturnType<typeof sweepFaults>>) => ({ cases: r.cases, bypasses: r.bypasses, unfaulted: r.unfaulted, impliedBypasses: r.impliedBypasses });
  it('deciding a case by its unfaulted boot gives what booting it gives: every attack kind, one fault', async () => {
    const decided = await sweepFaults(builtin, { lab, verifier: 'node' });
    const booted = await sweepFaults(builtin, { lab, verifier: 'node', bootEveryCase: true });
    expect(booted.decidedByUnfaulted).toBe(0);
    expect(decided.decidedByUnfaulted).toBeGreaterThan(booted.cases.length / 2);
    expect(comparable(decided)).toEqual(comparable(booted));
    expect(decided.boots + decided.decidedByUnfaulted).toBe(booted.boots);
  });

  it('… and with two faults, redundant checks and a design with a single-check stage', async () => {
    const kernelOnly = { ...builtin, boot: builtin.boot.slice(0, 5) };
    const redundant = { ...kernelOnly, boot: kernelOnly.boot.map((s) => ({ ...s, checks: s.checks.map((c, i) => (i === 0 ? { ...c, redundant: true } : c)) })) };
    // A swap into a stage whose signature checks name two keys is tried with an image of each (two plans).
    const twoKeys = structuredClone({ ...builtin, name: 'two-key kernel', boot: builtin.boot.filter((s) => ['one-bl', 'pluton-runtime', 'security-monitor', 'nw-kernel', 'hl-app'].includes(s.image)) });
    twoKeys.boot.find((s) => s.image === 'nw-kernel')!.checks = [
      { id: 'sm.kernel.signature', kind: 'signature', key: 'firmware-signing' },
      { id: 'sm.kernel.app-signature', kind: 'signature', key: 'app-signing' },
    ];
    for (const design of [kernelOnly, redundant, singleCheck, twoKeys]) {
      const options = { seed: 3, verifier: 'node' as const, faults: 2 };
      const decided = await sweepFaults(design, options);
      const booted = await sweepFaults(design, { ...options, bootEveryCase: true });
      expect(decided.decidedByUnfaulted, design.name).toBeGreaterThan(0);
      expect(comparable(decided), design.name).toEqual(comparable(booted));
    }
  });

  it('refuses a sweep over its boot budget instead of running part of it', async () => {
    await expect(sweepFaults(builtin, { lab, faults: 3, maxBoots: 1000 })).rejects.toBeInstanceOf(FaultSweepBudgetError);
  });
});

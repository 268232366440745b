/**
 * A FIFO stated as a `register` in the I/O registers is no measurement register (model/platform/measurement-register.ts).
 * Before (s32's left-alone item), every `register` was one: defense-in-depth counted an RT app's FIFO to the kernel as a
 * trust asset "falling to 0 compromises", and small-tcb put the FIFO's writers in the TCB, where the same words passed
 * through an SRAM window did neither (defended-rt-app-writes-own-buffer). A register a stage is measured into stays a
 * measurement register wherever it is kept (the flawed twin). Both readings of the scope agree (attack-reach.ts and
 * tcb-reading.ts, the differentials' own).
 */
import { describe, expect, it } from 'vitest';
import { isCriticalAsset } from '../../model/platform/critical-assets.js';
import { isMeasurementRegister } from '../../model/platform/measurement-register.js';
import { computeTcb } from '../../model/platform/tcb.js';
import { checkDefenseInDepth } from '../../properties/defense-in-depth/index.js';
import { checkSmallTcb } from '../../properties/small-tcb/index.js';
import { reachGoals } from '../differential/attack-reach.js';
import { checkContext } from '../helpers/check-context.js';
import { loadPlatformFixture } from '../helpers/platform-fixture.js';

const context = checkContext({ seed: 1, runs: 5, timeoutMs: 20_000, command: 'sevenfold verify --property defense-in-depth' });

describe('a FIFO stated as a register is no measurement register', () => {
  const fifo = loadPlatformFixture('defended-rt-app-fifo-to-kernel');
  const measured = loadPlatformFixture('defended-rt-app-writes-measured-io-register');

  it('the rule: a register in the I/O registers is one only when a stage is measured into it; elsewhere always', () => {
    const asset = (p: typeof fifo, id: string) => p.platform.assets.find((a) => a.id === id)!;
    expect(isMeasurementRegister(asset(fifo, 'm4-a7-fifo'), fifo.platform)).toBe(false);
    expect(isMeasurementRegister(asset(fifo, 'pcr-boot'), fifo.platform)).toBe(true);
    expect(isMeasurementRegister(asset(measured, 'pcr-apps'), measured.platform)).toBe(true);
    expect(isCriticalAsset(asset(fifo, 'm4-a7-fifo'), true, fifo.platform)).toBe(false);
    expect(isCriticalAsset(asset(measured, 'pcr-apps'), true, measured.platform)).toBe(true);
    // The differential's own reading of the goals agrees.
    expect(reachGoals(fifo.platform, true).map((a) => a.id)).not.toContain('m4-a7-fifo');
    expect(reachGoals(measured.platform, true).map((a) => a.id)).toContain('pcr-apps');
  });

  it('small-tcb: the FIFO writers are not in the TCB; the writer of a measured register is', () => {
    expect(computeTcb(fifo.platform).map((m) => m.component)).not.toContain('rt-app-0');
    expect(computeTcb(measured.platform).find((m) => m.component === 'rt-app-0')?.reasons.join('; ')).toMatch(/can overwrite the App measurement register/);
  });

  it('defense-in-depth and small-tcb hold with the FIFO (as with an SRAM window); the measured register is violated', async () => {
    const sound = await checkDefenseInDepth(fifo, context);
    expect(sound.verdict, sound.summary).toBe('holds');
    const tcb = await checkSmallTcb(fifo, context);
    expect(tcb.verdict, tcb.summary).toBe('holds');
    const flawed = await checkDefenseInDepth(measured, context);
    expect(flawed.verdict).toBe('violated');
    expect(flawed.summary).toMatch(/App measurement register \(in the I\/O registers\) falls to 0 compromises \(malicious-app@rt-app-0/);
  }, 120_000);
});

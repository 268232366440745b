/**
 * failure-reporting on a design where a genuine device does not boot in the update lab (kernel-counter-is-key-hash:
 * the kernel's counter is an eFuse key hash, which the emulator halts on): no app runs, so nothing emulated is
 * checked. It was "the check failed internally: the apps are not running" (read as a Sevenfold defect); now unknown
 * naming the halted boot (properties/failure-reporting/world.ts). And what the static checks found stands: a design
 * limit violated there is violated, not hidden behind the lab (it was unknown).
 */
import { describe, expect, it } from 'vitest';
import { builtinUpdateFile, loadUpdateDesign } from '../../model/update/load-update.js';
import { checkFailureReporting } from '../../properties/failure-reporting/index.js';
import { checkContext } from '../helpers/check-context.js';
import { loadPlatformFixture } from '../helpers/platform-fixture.js';
import { logKeptByKernel } from './helpers.js';

const context = checkContext({ seed: 3, runs: 5, timeoutMs: 10_000, command: 'sevenfold verify --property failure-reporting' });

describe('failure-reporting when a genuine device does not boot in the lab', () => {
  it('kernel-counter-is-key-hash: unknown, naming the boot that halted; never an internal failure', async () => {
    // With the log kept by the kernel: the built-in's OS services, which may write it, are a static finding of their own.
    const r = await checkFailureReporting(logKeptByKernel(loadPlatformFixture('kernel-counter-is-key-hash')), context);
    expect(r.verdict, r.summary).toBe('unknown');
    expect(r.summary).not.toMatch(/internally/);
    expect(r.summary).toMatch(/^a genuine device fresh from the factory does not boot on this design \(power-on: no bank boots .*halted at .*\): the product's apps never run/);
  });

  it('a design limit the static checks found violated stays violated when the lab cannot run the apps', async () => {
    const base = loadPlatformFixture('kernel-counter-is-key-hash');
    const builtin = loadUpdateDesign(builtinUpdateFile()).design!;
    const update = { ...builtin, failureReporting: { ...builtin.failureReporting, totalEventCapacity: 1 } };
    const r = await checkFailureReporting({ ...base, update, updateFile: '/products/own/update.json' }, context);
    expect(r.verdict, r.summary).toBe('violated');
    expect(r.summary).toMatch(/totalEventCapacity: the log keeps 1 events in all/);
    expect(r.bound).toMatch(/^static only: a genuine device .* does not boot/);
  });
});

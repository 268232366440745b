/**
 * A design states its defence against one glitch as data the boot emulator runs: a check or a
 * rollback comparison marked `redundant` is made twice, by independent code (model/platform/check-runs.ts).
 * The fault sweep skips one run at a time, so one glitch no longer boots a downgraded or swapped
 * image; two glitches still do, and the profile's fault tolerance decides which counts.
 * Designs are cut to their first stages: the rule is per stage, and the cut keeps the tests fast.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BootLab, NodeP256Verifier } from '../../emulator/boot/index.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import { checkFaults, type FaultCheck } from '../../properties/defense-in-depth/fault-check.js';
import { tempDir } from '../helpers.js';

const fixtures = resolve(fileURLToPath(import.meta.url), '../../fixtures/platforms');
const design = (file: string): PlatformDesign => {
  const loaded = loadPlatform(file);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.design!;
};
const defended = design(resolve(fixtures, 'defended-platform/platform.json'));
const builtin = design(builtinPlatformFile());
/** The first `n` boot stages of a design. */
const cut = (d: PlatformDesign, n: number): PlatformDesign => ({ ...structuredClone(d), boot: structuredClone(d.boot.slice(0, n)) });
const stage = (d: PlatformDesign, image: string) => d.boot.find((s) => s.image === image)!;
const faults = async (d: PlatformDesign, tolerance: number): Promise<Extract<FaultCheck, { status: 'decided' }>> => {
  const result = await checkFaults(d, { tolerance, faults: tolerance, seed: 7, progress: () => {} });
  if (result.status !== 'decided') throw new Error(`the fault sweep did not decide: ${result.reason}`);
  return result;
};

describe('redundant checks: one glitch skips one run', () => {
  it('the defended design survives one glitch: no downgraded, swapped, tampered or foreign-key image runs', async () => {
    const result = await faults(cut(defended, 3), 1);
    expect(result.problems).toEqual([]);
    // Both runs of each redundant check are glitch targets of their own.
    const ids = result.sweep.checks.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['rollback.one-bl#1', 'rollback.one-bl#2', '1bl.runtime.hash#1', '1bl.runtime.hash#2']));
    expect(ids).not.toContain('rollback.one-bl');
    expect(result.evidence.lines.some((l) => l.startsWith('made twice by independent code') && l.includes('rollback.one-bl (one-bl)'))).toBe(true);
  });

  it('the built-in design, cut the same way, does not: one skipped check boots a downgraded or swapped image', async () => {
    const result = await faults(cut(builtin, 3), 1);
    expect(result.problems).toEqual(
      expect.arrayContaining(['skipping the single check rollback.one-bl boots a downgraded one-bl', 'skipping the single check 1bl.runtime.hash boots a swapped pluton-runtime']),
    );
    expect(result.evidence.lines).toContain('the design makes no check twice (no redundant check): each check is one glitch from being skipped');
  });

  it('removing the redundancy from one check brings its single-glitch bypass back, and only that one', async () => {
    const noRollback = cut(defended, 3);
    delete stage(noRollback, 'security-monitor').rollback!.redundant;
    expect((await faults(noRollback, 1)).problems).toEqual(['skipping the single check rollback.security-monitor boots a downgraded security-monitor']);
    const noHash = cut(defended, 3);
    stage(noHash, 'pluton-runtime').checks.find((c) => c.kind === 'manifest-hash')!.redundant = false;
    expect((await faults(noHash, 1)).problems).toEqual(['skipping the single check 1bl.runtime.hash boots a swapped pluton-runtime']);
  });

  it('a profile that asks for two glitches still finds the defended design violated: both runs skipped boot the bad image', async () => {
    const result = await faults(cut(defended, 2), 2);
    // (A swap needs a second image under the same key: with these two stages there is none, see the 3-stage tests.)
    expect(result.problems).toEqual([
      'skipping the 2 checks rollback.one-bl#1 and rollback.one-bl#2 boots a downgraded one-bl',
      'skipping the 2 checks rollback.pluton-runtime#1 and rollback.pluton-runtime#2 boots a downgraded pluton-runtime',
    ]);
  });
});

describe('the boot emulator runs both runs', () => {
  it('skipping one run leaves the other to halt a downgraded image; naming the check skips both', async () => {
    const d = cut(defended, 2);
    const lab = await BootLab.open(d, { seed: 7 });
    const verifier = new NodeP256Verifier();
    const attack = lab.attacker.plan('downgrade', 'pluton-runtime');
    const one = lab.boot(verifier, { attack, skip: ['rollback.pluton-runtime#1'] }).trace;
    const runtime = one.stages.find((s) => s.image === 'pluton-runtime')!;
    expect(runtime.outcome.status).toBe('halted');
    expect(runtime.checks.filter((c) => c.kind === 'rollback').map((c) => [c.id, c.run, c.result])).toEqual([
      ['rollback.pluton-runtime', 1, 'skipped'],
      ['rollback.pluton-runtime', 2, 'fail'],
    ]);
    expect(runtime.steps).toContain('check:rollback.pluton-runtime#2');
    const both = lab.boot(verifier, { attack, skip: ['rollback.pluton-runtime'] }).trace;
    expect(both.stages.find((s) => s.image === 'pluton-runtime')!.outcome.status).toBe('ran');
  });
});

describe('the redundant field is read with located errors', () => {
  it('a non-boolean "redundant" is an error at its pointer', () => {
    const dir = tempDir();
    const bad = structuredClone(defended) as unknown as { boot: { checks: Record<string, unknown>[]; rollback?: Record<string, unknown> }[] };
    bad.boot[1]!.checks[1]!.redundant = 'yes';
    bad.boot[2]!.rollback!.redundant = 2;
    const loaded = loadPlatform(dir.write('platform.json', bad));
    dir.cleanup();
    expect(loaded.design).toBeUndefined();
    expect(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => d.pointer)).toEqual(expect.arrayContaining(['/boot/1/checks/1/redundant', '/boot/2/rollback/redundant']));
  });
});

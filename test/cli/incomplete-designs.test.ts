/**
 * A design that is incomplete for defense-in-depth (no attacker, no critical asset, a critical asset
 * that names nothing) is decided as a user runs it: `verify` exits 3 (unknown) and prints the reason,
 * located in the design or product file; it never exits 0 ("holds ≥ Infinity") and never crashes.
 * The profile asks for no glitch tolerance, so the fault sweep's finding does not decide first (with
 * the default profile the single-glitch downgrade makes these designs violated, the gap a warning).
 * A design the boot emulator cannot run (no signing key: this kind of design used to crash the check)
 * is decided by what can be decided, with the undecided fault sweep named.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';
import { builtinRequirementsFile } from '../../model/requirements/load-requirements.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { captureIo, tempDir } from '../helpers.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');

afterAll(async () => {
  await shutdownZ3();
});

describe('verify on designs incomplete for defense-in-depth', () => {
  it.each([
    ['no-attackers', /platform\.json \/attackers: the design names no attacker/],
    ['no-critical-assets', /marks a critical asset, so there is nothing to defend/],
    ['unknown-critical-storage', /sevenfold\.json \/criticalAssets\/0: "storage:NoSuchApp": no app named NoSuchApp/],
  ])('%s exits 3 with the reason, not 0 and not a crash', async (fixture, reason) => {
    const t = tempDir();
    try {
      const profile = JSON.parse(readFileSync(builtinRequirementsFile(), 'utf8'));
      delete profile.$schema;
      // A looser profile says so: its own name, and the relaxed values marked as its own choice (relaxation.ts).
      profile.name = 'no-glitches';
      Object.assign(profile.requirements['defense-in-depth'].find((r: { id: string }) => r.id === 'defense-in-depth.fault-tolerance'), { value: 0, ownChoice: true });
      // Only the assets the design marks critical: with the built-in scope (trust-assets-critical), no-critical-assets
      // is judged on the assets that decide trust (test/properties/defense-in-depth.test.ts).
      Object.assign(profile.requirements['defense-in-depth'].find((r: { id: string }) => r.id === 'defense-in-depth.trust-assets-critical'), { value: false, ownChoice: true });
      const file = t.write('no-glitches.json', profile);
      const io = captureIo(root);
      const code = await runCli(['verify', '--property', 'defense-in-depth', '--product', `test/fixtures/platforms/${fixture}/sevenfold.json`, '--requirements', file, '--seed', '3'], io);
      expect(code, io.stdout() + io.stderr()).toBe(3);
      expect(io.stdout()).toMatch(/defense-in-depth: unknown/);
      expect(io.stdout()).toMatch(reason);
      expect(io.stdout() + io.stderr()).not.toMatch(/internally|\n\s+at /);
    } finally {
      t.cleanup();
    }
  });
});

describe('verify on a design the boot emulator cannot run', () => {
  it('unsigned-boot (no signing key, no boot check) is violated by the attack graph, the fault sweep named as not decided: never a crash, never holds', async () => {
    const io = captureIo(root);
    const code = await runCli(['verify', '--property', 'defense-in-depth', '--product', 'test/fixtures/platforms/unsigned-boot/sevenfold.json', '--seed', '3'], io);
    expect(code, io.stdout() + io.stderr()).toBe(1);
    expect(io.stdout()).toMatch(/defense-in-depth: violated/);
    expect(io.stdout()).toMatch(/falls to 1 compromise \(physical-flash → /);
    expect(io.stdout()).toMatch(/warning: not decided: fault sweep: the boot emulator cannot run this design: the design has no signing key to sign one-bl with/);
    expect(io.stdout() + io.stderr()).not.toMatch(/internally|\n\s+at /);
  });
});

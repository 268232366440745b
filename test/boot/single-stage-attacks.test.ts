/**
 * A design with a single boot stage has no other image to swap into its slot: the swap attack is not
 * applicable there, said so with the reason, and nothing crashes (Attacker.#swapPartner used to throw a
 * bare Error in the middle of planning, which took the whole hardware-root-of-trust check down).
 */
import { describe, expect, it } from 'vitest';
import { AttackNotApplicable, BootLab, CrossCheckedVerifier, sweepFaults, type AttackKind } from '../../emulator/boot/index.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import { allLines, builtin, check, variant } from '../properties/hardware-root-of-trust-products.js';

const design = loadPlatform(builtinPlatformFile()).design!;
const singleStage = { ...design, boot: design.boot.filter((s) => s.image === 'one-bl') };

describe('attacks on a design with a single boot stage', () => {
  it('the swap is not applicable, with the reason; every other attack is planned, booted and rejected', async () => {
    const lab = await BootLab.open(singleStage, { seed: 5 });
    expect(lab.attacker.notApplicable('swapped', 'one-bl')).toMatch(/single boot stage/);
    expect(() => lab.attacker.plan('swapped', 'one-bl')).toThrow(AttackNotApplicable);
    const verifier = new CrossCheckedVerifier();
    for (const kind of ['tampered', 'unknown-key', 'downgrade'] as AttackKind[]) {
      expect(lab.attacker.notApplicable(kind, 'one-bl')).toBeUndefined();
      const run = lab.boot(verifier, { attack: lab.attacker.plan(kind, 'one-bl') });
      expect(run.trace.haltedAt, kind).toBe('one-bl');
    }
    // With a second stage the swap is back.
    const two = await BootLab.open({ ...design, boot: design.boot.slice(0, 2) }, { seed: 5 });
    expect(two.attacker.notApplicable('swapped', 'one-bl')).toBeUndefined();
    expect(two.attacker.plan('swapped', 'one-bl').description).toMatch(/pluton-runtime's current image/);
  });

  it('the fault sweep lists the swap as not applicable, with the attacker\'s reason, and sweeps the rest', async () => {
    const lab = await BootLab.open(singleStage, { seed: 5 });
    const sweep = await sweepFaults(singleStage, { lab, attacks: ['swapped', 'tampered'], faults: 1, verifier: 'node' });
    expect(sweep.notApplicable).toEqual([{ attack: 'swapped', stage: 'one-bl', reason: lab.attacker.notApplicable('swapped', 'one-bl') }]);
    expect(sweep.unfaulted.map((u) => `${u.attack} ${u.stage}`)).toEqual(['tampered one-bl']);
  });

  it('hardware-root-of-trust decides a single-stage product, listing the swap as not applicable', async () => {
    const product = variant(builtin(), { apps: [0], platform: (d) => void (d.boot = d.boot.filter((s) => s.image === 'one-bl')) });
    expect(product.platform.boot.map((s) => s.image)).toEqual(['one-bl']);
    const result = await check(product);
    expect(['holds', 'violated', 'unknown']).toContain(result.verdict);
    expect(result.bound).toMatch(/4 attacks × 1 stages − 1 not applicable/);
    expect(allLines(result)).toMatch(/swapped one-bl: not applicable, the design has a single boot stage/);
  });
});

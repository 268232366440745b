/**
 * The spec's boot acceptance rule and the boot emulator, driven with the same random designs, attacks and
 * skipped check runs, make the same decision at every boot step (boot-harness.ts). And the harness is not
 * blind: a disagreement planted on either side (a spec that forgets the manifest-hash check, believes no
 * key without an anchor, or forgets the manifests an unknown-key attack re-signs; an emulator whose
 * signature check accepts another design key, or whose rollback comparison always passes; an attacker that swaps in an image signed by another key) is found.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOOT_CHECK_ROUTINES, signatureCheck } from '../../emulator/boot/boot-checks.js';
import { imageSlot } from '../../emulator/boot/flash.js';
import { NodeP256Verifier } from '../../emulator/boot/p256-verifier.js';
import { loadPlatform } from '../../model/platform/load-platform.js';
import { BOOT_CHECK_RULES, installedFlash, type CheckRules } from '../../model/platform/boot-acceptance.js';
import { sweepFaults } from '../../emulator/boot/fault-sweep.js';
import { BASE_DESIGNS, bootCaseArb, bootDesignArb, describeBoot } from './boot-generators.js';
import { compareBoot, describeBootDisagreements, labFor, type BootDisagreement, type BootReadings } from './boot-harness.js';

const SEED = 20261205;
/** Designs; each carries one to four probes (attack, stage, skipped runs). */
const RUNS = 40;
/**
 * The most designs a search for a planted disagreement may try. It stops at the first one, so a larger cap costs only
 * when the planted fault is rare among the designs: which designs come up depends on the platform fixtures (each one
 * that varies the boot is a base design), so a new fixture could push the first swap-able design past RUNS.
 */
const PLANTED_RUNS = 5 * RUNS;
const verifier = new NodeP256Verifier();

class Disagreed extends Error {
  constructor(readonly list: BootDisagreement[], what: string) {
    super(`${what}\n${describeBootDisagreements(list)}`);
  }
}

let probesRun = 0;

/** The first disagreement over random cases (not shrunk: each new design signs a release), or undefined. */
async function search(readings: BootReadings = {}, runs = RUNS): Promise<{ message: string } | undefined> {
  const details = await fc.check(
    fc.asyncProperty(bootCaseArb, async ({ design, probes }) => {
      for (const probe of probes) {
        probesRun++;
        const list = await compareBoot(design, probe, verifier, readings);
        if (list.length) throw new Disagreed(list, `${describeBoot(design)}\nprobe: ${probe.kind} ${probe.stage}, skip [${probe.skip.join(', ')}]`);
      }
    }),
    { seed: SEED, numRuns: runs, endOnFailure: true },
  );
  if (!details.failed) return undefined;
  if (!(details.errorInstance instanceof Disagreed)) throw details.errorInstance;
  return { message: details.errorInstance.message };
}

/** A search for a planted disagreement: up to PLANTED_RUNS designs. */
const searchPlanted = (readings: BootReadings) => search(readings, PLANTED_RUNS);

const rules = (override: Partial<CheckRules>): CheckRules => ({ ...BOOT_CHECK_RULES, ...override });

describe('differential harness: the boot acceptance rule and the boot emulator', () => {
  it(`agree at every boot step of ${RUNS} random designs with their probes`, async () => {
    probesRun = 0;
    const found = await search();
    expect(found?.message).toBeUndefined();
    expect(probesRun).toBeGreaterThanOrEqual(RUNS);
  }, 120_000);

  describe('catches a disagreement planted in the spec', () => {
    it('a spec that forgets the manifest-hash check', async () => {
      const found = await searchPlanted({ rules: rules({ manifestHash: () => true }) });
      // A redundant check is reported per run (rom.1bl.hash#1): the search may land on a design with one.
      expect(found?.message).toMatch(/spec: .*(hash(#\d)?|check\d) pass.*\n\s+emulator: .*(hash(#\d)?|check\d) fail/);
    }, 60_000);

    it('a spec that believes no key without an anchor', async () => {
      const found = await searchPlanted({ rules: rules({ believed: (design, signed, impostors) => design.keys.some((k) => k.id === signed.key && (k.anchoredIn || k.certifiedBy)) && BOOT_CHECK_RULES.believed(design, signed, impostors) }) });
      expect(found?.message).toMatch(/spec: .* fail.*\n\s+emulator: .* pass/);
    }, 60_000);

    it('a spec that forgets the manifests an unknown-key attack re-signs', async () => {
      const found = await searchPlanted({
        rules: rules({
          attacked: (design, attack) => {
            const flash = BOOT_CHECK_RULES.attacked(design, attack);
            return attack.kind === 'unknown-key' ? { ...flash, manifests: installedFlash(design).manifests } : flash;
          },
        }),
      });
      expect(found?.message).toMatch(/probe: unknown-key[\s\S]*spec: .*→ ran\n\s+emulator: .*→ halted \(checks\)/);
    }, 60_000);
  });

  describe('catches a disagreement planted in the emulator', () => {
    it('a signature check that accepts another design key', async () => {
      const found = await searchPlanted({
        routines: {
          signature: (check, image, context) => {
            const own = signatureCheck(check, image, context);
            if (own.pass) return own;
            const other = context.design.keys.map((k) => signatureCheck({ ...check, key: k.id }, image, context)).find((o) => o.pass);
            return other ?? own;
          },
        },
      });
      expect(found?.message).toMatch(/spec: .* fail.*\n\s+emulator: .* pass/);
    }, 60_000);

    it('a rollback comparison that always passes', async () => {
      const found = await searchPlanted({ routines: { counter: (id, version, counter) => ({ ...BOOT_CHECK_ROUTINES.counter(id, version, counter), pass: true }) } });
      expect(found?.message).toMatch(/rollback\.[\w-]+(#\d)? fail.*\n\s+emulator: .*rollback\.[\w-]+(#\d)? pass/);
    }, 60_000);

    it('an attacker that swaps in an image signed by another key when there is one', async () => {
      const found = await searchPlanted({
        plans: (lab, kind, stage) => {
          if (kind !== 'swapped') return [lab.attacker.plan(kind, stage)];
          const signer = (image: string) => lab.vendor.imageKey(lab.design.boot.find((s) => s.image === image)!);
          const others = lab.design.boot.map((s) => s.image).filter((image) => image !== stage);
          const donor = others.find((image) => signer(image) !== signer(stage)) ?? others[0]!;
          const bytes = lab.vendor.current.images.get(donor)!;
          return [{ kind, stage, donor, description: `${donor}'s image in ${stage}'s slot`, apply: (device) => device.flash.write(imageSlot(stage), bytes, 'attacker') }];
        },
      });
      expect(found?.message).toMatch(/swap into .*\n\s+spec: +some image runs/);
    }, 60_000);
  });
});

describe('the generated designs', () => {
  it('are valid platform designs (schema, references, boot graph), so every disagreement is about a design a user could write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sevenfold-boot-designs-'));
    try {
      const problems = fc.sample(bootDesignArb, { seed: SEED, numRuns: 25 }).flatMap((design, i) => {
        const file = join(dir, `design-${i}.json`);
        writeFileSync(file, JSON.stringify(design));
        return loadPlatform(file).diagnostics.filter((d) => d.severity === 'error').map((d) => `${i}: ${d.message}`);
      });
      expect(problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('found by the harness: a swap into a stage whose signature checks name two keys', () => {
  // One image carries one signature: with the first key's check skipped, an image of the second key gets through, which
  // the attacker's single same-key swap never tried. The fault sweep now tries an image of each key (Attacker.plans).
  const design = structuredClone(BASE_DESIGNS[0]!);
  design.boot = design.boot.filter((s) => ['one-bl', 'pluton-runtime', 'security-monitor', 'nw-kernel', 'hl-app'].includes(s.image));
  design.boot.find((s) => s.image === 'nw-kernel')!.checks = [
    { id: 'sm.kernel.signature', kind: 'signature', key: 'firmware-signing' },
    { id: 'sm.kernel.app-signature', kind: 'signature', key: 'app-signing' },
  ];

  it('the spec and the emulator agree the swap runs when the first check is skipped', async () => {
    expect(await compareBoot(design, { kind: 'swapped', stage: 'nw-kernel', skip: ['sm.kernel.signature'] }, verifier)).toEqual([]);
  });

  it('the fault sweep reports the single-glitch bypass', async () => {
    const sweep = await sweepFaults(design, { lab: await labFor(design), verifier, attacks: ['swapped'], faults: 1 });
    expect(sweep.bypasses.map((b) => `${b.badStage}: ${b.skipped.map((c) => c.id).join(' ')}`)).toContain('nw-kernel: sm.kernel.signature');
  }, 60_000);
});

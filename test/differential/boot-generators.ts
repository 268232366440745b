/**
 * fast-check generators of platform designs and boot probes for the boot differential harness. A design
 * starts from the built-in Azure Sphere design or one of the platform fixtures (test/fixtures/platforms,
 * written by make-flawed-designs.ts: a kernel with a single check, a key with no chain, a counter raised
 * before verification, a loader that is not the Security Monitor, redundant checks…), keeps a prefix of
 * its boot stages (fewer images to sign), and varies them: a stage's checks replaced by none, one or two
 * of either kind, under the same or different keys, redundant or not; its anti-rollback counter removed,
 * or another one raised before or after verification, redundant or not; a certified key cut from its
 * certifier (taken as it stands). A probe is an attack kind on one stage with up to two check runs of that
 * stage or an earlier one skipped (now and then a whole redundant check).
 */
import { readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { BOOT_ATTACK_KINDS } from '../../model/platform/boot-acceptance.js';
import { stageCheckRuns } from '../../model/platform/check-runs.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import type { BootCheck, BootStage, PlatformDesign } from '../../model/platform/platform-design.js';
import type { BootProbe } from './boot-harness.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/platforms');

function load(file: string): PlatformDesign {
  const loaded = loadPlatform(file);
  if (!loaded.design) throw new Error(`${file} does not load`);
  return loaded.design;
}

/** The built-in design and every platform fixture that varies the boot (the others differ only in access rules or exploits). */
export const BASE_DESIGNS: PlatformDesign[] = (() => {
  const builtin = load(builtinPlatformFile());
  const designs = [builtin];
  for (const dir of readdirSync(fixtures).sort()) {
    const file = join(fixtures, dir, 'platform.json');
    if (!existsSync(file)) continue;
    const design = load(file);
    // A design with no signing key (unsigned-boot) gives the boot lab nothing to sign images with: the emulator
    // cannot build its flash, and defense-in-depth reports the sweep as not run. Nothing to compare here.
    if (design.keys.length === 0) continue;
    if (JSON.stringify(design.boot) !== JSON.stringify(builtin.boot) || JSON.stringify(design.keys) !== JSON.stringify(builtin.keys)) designs.push(design);
  }
  return designs;
})();

interface StageEdit {
  checks?: { kind: BootCheck['kind']; key: number; redundant: boolean }[];
  rollback?: { counter: number; raised: 'after-verify' | 'before-verify'; redundant: boolean } | 'none';
}

const stageEditArb: fc.Arbitrary<StageEdit> = fc.record(
  {
    checks: fc.array(fc.record({ kind: fc.constantFrom('signature' as const, 'manifest-hash' as const), key: fc.nat(3), redundant: fc.boolean() }), { maxLength: 2 }),
    rollback: fc.oneof(fc.constant('none' as const), fc.record({ counter: fc.nat(1), raised: fc.constantFrom('after-verify' as const, 'before-verify' as const), redundant: fc.boolean() })),
  },
  { requiredKeys: [] },
);

export const bootDesignArb: fc.Arbitrary<PlatformDesign> = fc
  .record({
    base: fc.nat(BASE_DESIGNS.length - 1),
    length: fc.integer({ min: 2, max: 9 }),
    edits: fc.array(fc.option(stageEditArb, { nil: undefined, freq: 2 }), { minLength: 9, maxLength: 9 }),
    unanchor: fc.option(fc.nat(3), { nil: undefined, freq: 5 }),
  })
  .map(({ base, length, edits, unanchor }) => {
    const design = structuredClone(BASE_DESIGNS[base]!);
    design.name = `${design.name} (varied)`;
    design.boot = keepLoadable(design, design.boot.slice(0, length));
    const keys = design.keys.map((k) => k.id);
    const counters = design.assets.filter((a) => a.kind === 'counter' && a.location === 'efuse').map((a) => a.id);
    design.boot.forEach((stage, i) => {
      const edit = edits[i];
      if (!edit) return;
      if (edit.checks) stage.checks = edit.checks.map((c, j) => ({ id: `${stage.image}.check${j}`, kind: c.kind, key: keys[c.key % keys.length]!, ...(c.redundant ? { redundant: true } : {}) }));
      if (edit.rollback === 'none') delete stage.rollback;
      else if (edit.rollback && counters.length) stage.rollback = { counter: counters[edit.rollback.counter % counters.length]!, raised: edit.rollback.raised, ...(edit.rollback.redundant ? { redundant: true } : {}) };
    });
    const certified = design.keys.filter((k) => k.certifiedBy);
    if (unanchor !== undefined && certified.length) delete certified[unanchor % certified.length]!.certifiedBy;
    return design;
  });

/** The stages whose loader is ROM or an earlier kept stage (a valid boot graph). */
function keepLoadable(design: PlatformDesign, stages: BootStage[]): BootStage[] {
  const rom = new Set(design.components.filter((c) => !c.mutable).map((c) => c.id));
  const kept: BootStage[] = [];
  for (const s of stages) if (rom.has(s.loadedBy) || kept.some((k) => k.image === s.loadedBy)) kept.push(s);
  return kept;
}

/** Probes on a design: an attack kind, a stage, up to two skipped runs of that stage or an earlier one. */
export function probesArb(design: PlatformDesign): fc.Arbitrary<BootProbe[]> {
  const probe = fc.record({ kind: fc.constantFrom(...BOOT_ATTACK_KINDS), stage: fc.nat(design.boot.length - 1), picks: fc.uniqueArray(fc.nat(40), { maxLength: 2 }), whole: fc.boolean() }).map(({ kind, stage, picks, whole }): BootProbe => {
    const runs = design.boot.slice(0, stage + 1).flatMap(stageCheckRuns);
    const skip = runs.length ? [...new Set(picks.map((p) => runs[p % runs.length]!).map((r) => (whole ? r.check : r.id)))] : [];
    return { kind: design.boot.length < 2 && kind === 'swapped' ? 'tampered' : kind, stage: design.boot[stage]!.image, skip };
  });
  return fc.array(probe, { minLength: 1, maxLength: 4 });
}

export const bootCaseArb = bootDesignArb.chain((design) => probesArb(design).map((probes) => ({ design, probes })));

/** How a generated design's boot reads, for a counterexample. */
export function describeBoot(design: PlatformDesign): string {
  const keys = design.keys.map((k) => `${k.id}${k.anchoredIn ? ` (anchor in ${k.anchoredIn})` : k.certifiedBy ? ` ← ${k.certifiedBy}` : ' (no chain)'}`).join(', ');
  const stages = design.boot.map((s) => `  ${s.image} by ${s.loadedBy}: ${s.checks.map((c) => `${c.id} ${c.kind}/${c.key}${c.redundant ? ' ×2' : ''}`).join(', ') || 'no checks'}${s.rollback ? `; rollback ${s.rollback.counter} ${s.rollback.raised}${s.rollback.redundant ? ' ×2' : ''}` : ''}`);
  return [`design ${design.name}; keys ${keys}`, ...stages].join('\n');
}

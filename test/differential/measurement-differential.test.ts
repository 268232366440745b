/**
 * Measurement integrity (model/platform/measurement-integrity.ts, measurementProblems, which
 * hardware-root-of-trust's measured-before-run rule and certificate-authentication's design rules read) and the
 * device's own reading of it (measurement-reading.ts: whether a tampered image that gets past its checks changes the
 * registers the quote reports, and whom the access controller lets overwrite them) agree on random designs: the same
 * subjects flagged, and so the same verdict. A design starts from the built-in one; each stage's measurement is kept,
 * dropped, taken after the stage runs, or moved to another component (one that runs before the stage, the stage
 * itself, one loaded later), with or without the extend right; access rules on the register are added (write,
 * read, extend) and dropped; the register moves to flash now and then. The harness is not blind: planted faults in
 * the rule disagree. The property's play (properties/hardware-root-of-trust/measurement-exposure.ts) reads whom an
 * attacker runs as where this reading does (emulator/boot/attacker-takeover.ts), so this holds it too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BootLab } from '../../emulator/boot/boot-lab.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import { measurementProblems, type MeasurementProblem } from '../../model/platform/measurement-integrity.js';
import type { AccessRule, PlatformDesign, Right } from '../../model/platform/platform-design.js';
import { loadGeneratedDesign } from '../helpers/generated-design.js';
import { measurementAsRun } from './measurement-reading.js';

const SEED = Number(process.env.SF_SEED ?? 20261208);
const RUNS = Number(process.env.SF_RUNS ?? 20);
const MUTANT_RUNS = 40;
const builtin = loadPlatform(builtinPlatformFile()).design!;
const COMPONENTS = builtin.components.map((c) => c.id);
const REGISTER = 'pcr-boot';

interface Variation {
  stages: { stage: number; how: 'drop' | 'after-run' | 'move'; by: string; extend: boolean }[];
  addRules: { component: string; rights: Right[] }[];
  dropRules: number[];
  inFlash: boolean;
}

const registerRules = builtin.access.flatMap((r, i) => (r.asset === REGISTER ? [i] : []));
const variationArb: fc.Arbitrary<Variation> = fc.record({
  stages: fc.array(fc.record({ stage: fc.nat(builtin.boot.length - 1), how: fc.constantFrom('drop' as const, 'after-run' as const, 'move' as const, 'move' as const), by: fc.constantFrom(...COMPONENTS), extend: fc.nat(3).map((n) => n > 0) }), { maxLength: 3 }),
  addRules: fc.array(fc.record({ component: fc.constantFrom(...COMPONENTS), rights: fc.subarray<Right>(['read', 'write', 'extend'], { minLength: 1 }) }), { maxLength: 2 }),
  dropRules: fc.subarray(registerRules, { maxLength: 1 }),
  inFlash: fc.nat(5).map((n) => n === 0),
});

function designOf(v: Variation): PlatformDesign {
  const design = structuredClone(builtin);
  design.name = `${builtin.name} (measurement varied)`;
  const added: AccessRule[] = v.addRules.map((r) => ({ component: r.component, asset: REGISTER, rights: r.rights }));
  design.access = [...design.access.filter((_, i) => !v.dropRules.includes(i)), ...added];
  for (const s of v.stages) {
    const stage = design.boot[s.stage]!;
    if (s.how === 'drop') delete stage.measurement;
    else if (stage.measurement && s.how === 'after-run') stage.measurement.when = 'after-run';
    else if (stage.measurement) {
      stage.measurement.by = s.by;
      if (s.extend) design.access.push({ component: s.by, asset: REGISTER, rights: ['extend'] });
    }
  }
  if (v.inFlash) design.assets.find((a) => a.id === REGISTER)!.location = 'flash';
  return design;
}

type Spec = (design: PlatformDesign) => MeasurementProblem[];

async function search(spec: Spec = measurementProblems, runs = RUNS): Promise<{ flagged: number; clean: number; disagreement?: string }> {
  let flagged = 0;
  let clean = 0;
  let disagreement: string | undefined;
  await fc.assert(
    fc.asyncProperty(variationArb, async (v) => {
      if (disagreement) return;
      const design = loadGeneratedDesign(designOf(v));
      const lab = await BootLab.open(design, { seed: 17 });
      const asRun = measurementAsRun(lab);
      expect(asRun.booted, 'the genuine boot of a generated design runs every stage').toBe(true);
      const device = [...new Set([...asRun.exposed, ...asRun.overwriters, ...asRun.inFlash.map((f) => f.firstMeasurer)])].sort();
      const rule = [...new Set(spec(design).map((p) => p.subject))].sort();
      if (rule.length) flagged++;
      else clean++;
      if (JSON.stringify(rule) !== JSON.stringify(device)) {
        disagreement = `rule only: ${rule.filter((x) => !device.includes(x)).join(', ') || '—'}\ndevice only: ${device.filter((x) => !rule.includes(x)).join(', ') || '—'}\n(exposed ${asRun.exposed.join(', ') || '—'}; overwriters ${asRun.overwriters.join(', ') || '—'}; in flash ${asRun.inFlash.map((f) => f.register).join(', ') || '—'})\n${JSON.stringify(v)}`;
      }
    }),
    { seed: SEED, numRuns: runs },
  );
  return { flagged, clean, ...(disagreement ? { disagreement } : {}) };
}

describe('differential: measurement integrity, rule and emulated device', () => {
  it(`flag the same stages and components on ${RUNS} random designs, some flagged and some clean`, async () => {
    const found = await search();
    expect(found.disagreement).toBeUndefined();
    expect(found.flagged).toBeGreaterThan(0);
    expect(found.clean).toBeGreaterThan(0);
  }, 120_000);

  it('is not blind: a rule that takes a measurement after the stage runs for one before it disagrees', async () => {
    const late: Spec = (design) => measurementProblems({ ...design, boot: design.boot.map((s) => (s.measurement ? { ...s, measurement: { ...s.measurement, when: 'before-run' as const } } : s)) });
    expect((await search(late, MUTANT_RUNS)).disagreement).toBeDefined();
  }, 120_000);

  it('is not blind: a rule that forgets who may write the register disagrees', async () => {
    const noWriters: Spec = (design) => measurementProblems({ ...design, access: design.access.map((r) => ({ ...r, rights: r.rights.filter((x) => x !== 'write') })).filter((r) => r.rights.length > 0) });
    expect((await search(noWriters, MUTANT_RUNS)).disagreement).toBeDefined();
  }, 120_000);
});

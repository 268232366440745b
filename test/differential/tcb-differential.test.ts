/**
 * The trusted computing base (model/platform/tcb.ts, computeTcb, which small-tcb judges) and the device's own
 * reading of whom it trusts (tcb-reading.ts: what the emulated access controller lets each compromised component
 * do, and who verifies and measures each stage in a normal boot) agree on random designs: the same members, each on
 * the same kinds of ground. A design starts from the built-in one; access rules are added (every right the loader
 * accepts on the asset's kind) and dropped, assets change their secrecy and, where the bus still reaches them, their
 * place, stages lose checks and are measured by another component (with the extend right or without). The harness
 * is not blind: a TCB that forgets counters, or the measurers, or is not closed over who may write a member's code
 * (an added execute right on memory another component may write) disagrees.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BootLab } from '../../emulator/boot/boot-lab.js';
import { builtinPlatformFile, loadPlatform, rightMismatch } from '../../model/platform/load-platform.js';
import type { AccessRule, PlatformDesign, Right } from '../../model/platform/platform-design.js';
import { computeTcb, type TcbMember } from '../../model/platform/tcb.js';
import { tcbAsRun, type GroundKind } from './tcb-reading.js';
import { loadGeneratedDesign } from '../helpers/generated-design.js';

const SEED = 20261207;
const RUNS = 30;
const builtin = loadPlatform(builtinPlatformFile()).design!;
const COMPONENTS = builtin.components.map((c) => c.id);
const ASSETS = builtin.assets.map((a) => a.id);
const RELOCATABLE = ['io-firewall-config', 'nw-memory', 'app-mutable-storage'];
const RIGHTS: Right[] = ['read', 'write', 'use', 'extend', 'execute'];

interface Variation {
  addRules: AccessRule[];
  dropRules: number[];
  marks: { asset: string; secret: boolean; location?: 'flash' | 'sram' | 'io-registers' }[];
  checks: ('both' | 'signature' | 'manifest-hash' | 'none')[];
  measurers: { stage: number; by: string; extend: boolean }[];
}

const variationArb: fc.Arbitrary<Variation> = fc.record({
  addRules: fc.array(fc.record({ component: fc.constantFrom(...COMPONENTS), asset: fc.constantFrom(...ASSETS), rights: fc.subarray(RIGHTS, { minLength: 1 }) }), { maxLength: 6 }),
  dropRules: fc.subarray(builtin.access.map((_, i) => i), { maxLength: 4 }),
  marks: fc.array(fc.record({ asset: fc.constantFrom(...ASSETS), secret: fc.boolean(), location: fc.option(fc.constantFrom('flash' as const, 'sram' as const, 'io-registers' as const), { nil: undefined }) }), { maxLength: 3 }),
  checks: fc.array(fc.constantFrom('both' as const, 'both' as const, 'signature' as const, 'manifest-hash' as const, 'none' as const), { minLength: builtin.boot.length, maxLength: builtin.boot.length }),
  measurers: fc.array(fc.record({ stage: fc.nat(builtin.boot.length - 1), by: fc.constantFrom(...COMPONENTS), extend: fc.boolean() }), { maxLength: 2 }),
});

function designOf(v: Variation): PlatformDesign {
  const design = structuredClone(builtin);
  design.name = `${builtin.name} (TCB varied)`;
  for (const m of v.marks) {
    const asset = design.assets.find((a) => a.id === m.asset)!;
    // A private key is secret whatever the mark (the loader refuses the mark: SF4008).
    asset.secret = m.secret || asset.kind === 'private-key';
    if (m.location && RELOCATABLE.includes(asset.id)) asset.location = m.location;
    // A secret store is not a signed key-store image (the loader refuses it): the mark wins, the image goes.
    if (asset.secret) delete asset.signedImage;
  }
  // Only rights the loader accepts on the asset's kind (extend on a register, use on a key, execute on memory or storage).
  const kindOf = (id: string) => design.assets.find((a) => a.id === id)!.kind;
  const added = v.addRules.map((r) => ({ ...r, rights: r.rights.filter((x) => !rightMismatch(x, kindOf(r.asset))) })).filter((r) => r.rights.length > 0);
  design.access = [...design.access.filter((_, i) => !v.dropRules.includes(i)), ...added];
  design.boot.forEach((stage, i) => {
    const keep = v.checks[i]!;
    stage.checks = stage.checks.filter((c) => keep === 'both' || c.kind === keep);
  });
  for (const m of v.measurers) {
    const stage = design.boot[m.stage]!;
    if (!stage.measurement) continue;
    stage.measurement.by = m.by;
    if (m.extend) design.access.push({ component: m.by, asset: stage.measurement.register, rights: ['extend'] });
  }
  return design;
}

const loaded = loadGeneratedDesign;

type Spec = (design: PlatformDesign) => TcbMember[];
const describeMembers = (m: Map<string, Set<string>>) => [...m].map(([c, g]) => `${c}: ${[...g].sort().join(', ')}`).sort();

async function search(spec: Spec = computeTcb, runs = RUNS): Promise<{ members: number; outside: number; disagreement?: string }> {
  let members = 0;
  let outside = 0;
  let disagreement: string | undefined;
  await fc.assert(
    fc.asyncProperty(variationArb, async (v) => {
      if (disagreement) return;
      const design = loaded(designOf(v));
      const lab = await BootLab.open(design, { seed: 13 });
      const asRun = tcbAsRun(lab);
      expect(asRun.booted, 'the normal boot of a generated design runs every stage').toBe(true);
      const specMembers = new Map(spec(design).map((m) => [m.component, new Set<string>(m.grounds.map((g) => g.kind))]));
      members += specMembers.size;
      outside += design.components.length - specMembers.size;
      const a = describeMembers(specMembers);
      const b = describeMembers(asRun.members as Map<string, Set<GroundKind>>);
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        disagreement = `spec only: ${a.filter((x) => !b.includes(x)).join('; ') || '—'}\nemulator only: ${b.filter((x) => !a.includes(x)).join('; ') || '—'}\n${JSON.stringify(v)}`;
      }
    }),
    { seed: SEED, numRuns: runs },
  );
  return { members, outside, ...(disagreement ? { disagreement } : {}) };
}

describe('differential: the trusted computing base, spec and emulated device', () => {
  it(`agree on every member and its grounds for ${RUNS} random designs`, async () => {
    const found = await search();
    expect(found.disagreement).toBeUndefined();
    expect(found.members).toBeGreaterThan(0);
    expect(found.outside).toBeGreaterThan(0);
  }, 300_000);

  it('is not blind: a TCB that forgets who may write an anti-rollback counter disagrees', async () => {
    const noCounters: Spec = (design) => computeTcb({ ...design, assets: design.assets.map((a) => (a.kind === 'counter' ? { ...a, kind: 'memory-region' as const, location: 'sram' as const } : a)) });
    expect((await search(noCounters)).disagreement).toBeDefined();
  }, 300_000);

  it('is not blind: a TCB not closed over who writes a member\'s code disagrees', async () => {
    const unclosed: Spec = (design) => computeTcb(design).filter((m) => !m.grounds.every((g) => g.kind === 'code-write' || g.kind === 'runs-above'));
    expect((await search(unclosed)).disagreement).toBeDefined();
  }, 300_000);

  it('is not blind: a TCB that forgets the measurers disagrees', async () => {
    const noMeasurers: Spec = (design) => computeTcb({ ...design, boot: design.boot.map(({ measurement: _, ...s }) => s) });
    expect((await search(noMeasurers)).disagreement).toBeDefined();
  }, 300_000);
});

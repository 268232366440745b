/**
 * What a loader may read while it checks a stage (an anchor hash, the trusted key store, an anti-rollback
 * counter): the spec (model/platform/boot-reads.ts, bootReads, with the design's read rights) and the boot
 * emulator's access controller (emulator/boot/boot-read-gate.ts) agree for every component and asset of the
 * built-in design, every platform fixture and random boot graphs (test/differential/boot-generators.ts). The
 * gate is enforced: a boot under a gate that forgets the counters halts at the first guarded stage, so a
 * reading that leaves out an implied read cannot pass unnoticed.
 */
import { readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { AccessRules, BootLab, BootReadGate, bootDevice, NodeP256Verifier } from '../../emulator/boot/index.js';
import { bootReads } from '../../model/platform/boot-reads.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import { rightsOf, type PlatformDesign } from '../../model/platform/platform-design.js';
import { bootDesignArb } from './boot-generators.js';

const builtin = loadPlatform(builtinPlatformFile()).design!;
const fixtures = resolve(fileURLToPath(import.meta.url), '../../fixtures/platforms');
const fixtureDesigns = readdirSync(fixtures)
  .filter((name) => existsSync(join(fixtures, name, 'platform.json')))
  .map((name) => [name, loadPlatform(join(fixtures, name, 'platform.json')).design] as const)
  .filter((entry): entry is readonly [string, PlatformDesign] => entry[1] !== undefined);

/** Every (component, asset) pair on which the two readings differ. */
function disagreements(design: PlatformDesign, gate = new BootReadGate(design, new AccessRules(design))): string[] {
  const implied = new Set(bootReads(design).map((r) => `${r.component}|${r.asset}`));
  const out: string[] = [];
  for (const c of design.components) {
    for (const a of design.assets) {
      const spec = implied.has(`${c.id}|${a.id}`) || rightsOf(design, c.id, a.id).includes('read');
      if (spec !== gate.mayRead(c.id, a.id)) out.push(`${c.id} read ${a.id}: spec ${spec}, emulator ${!spec}`);
    }
  }
  return out;
}

describe('a loader\'s reads of trust data: spec and emulator agree', () => {
  it('on the built-in design, where the boot graph implies the reads its four read rules do not state', () => {
    expect(disagreements(builtin)).toEqual([]);
    const implied = bootReads(builtin);
    // The ROM reads the anchor for 1BL's checks and the firmware counter it compares 1BL with, though no access rule says so.
    expect(implied).toContainEqual({ component: 'pluton-rom', asset: 'arc-firmware', stage: 0, what: 'counter' });
    expect(implied).toContainEqual({ component: 'security-monitor', asset: 'rom-key-hash', stage: 3, what: 'anchor' });
    expect(rightsOf(builtin, 'pluton-rom', 'arc-firmware')).toEqual([]);
  });

  it.each(fixtureDesigns.map(([name, design]) => [name, design] as const))('on the platform fixture %s', (_name, design) => {
    expect(disagreements(design)).toEqual([]);
  });

  it('on random boot graphs', () => {
    fc.assert(fc.property(bootDesignArb, (design) => disagreements(design).length === 0), { seed: 2027, numRuns: 100 });
  });
});

describe('the emulator enforces the gate', () => {
  let lab: BootLab;
  beforeAll(async () => {
    lab = await BootLab.open(builtin, { seed: 27 });
  });

  it('the built-in device boots under its own gate', () => {
    expect(lab.boot(new NodeP256Verifier()).trace.outcome).toBe('booted');
  });

  it('a gate that forgets the counters (a reading without the boot graph\'s counter reads) disagrees with the spec and halts the boot at the first guarded stage', () => {
    const withoutCounters = structuredClone(builtin);
    for (const s of withoutCounters.boot) delete s.rollback;
    const planted = new BootReadGate(withoutCounters, new AccessRules(builtin));
    expect(disagreements(builtin, planted)).toContain('pluton-rom read arc-firmware: spec true, emulator false');
    const trace = bootDevice(lab.factoryDevice.clone(), { verifier: new NodeP256Verifier(), readGate: planted });
    expect(trace.outcome).toBe('halted');
    expect(trace.haltedAt).toBe('one-bl');
    expect(trace.stages[0]!.outcome).toEqual({ status: 'halted', reason: 'the access controller refuses pluton-rom the read of its anti-rollback counter arc-firmware' });
  });

  it('a gate that forgets the anchors leaves every chain unanchored: the ROM refuses 1BL', () => {
    const withoutAnchors = structuredClone(builtin);
    withoutAnchors.keys = withoutAnchors.keys.map(({ anchoredIn: _dropped, ...k }) => k);
    const planted = new BootReadGate(withoutAnchors, new AccessRules({ access: builtin.access.filter((r) => r.asset !== 'rom-key-hash') }));
    const trace = bootDevice(lab.factoryDevice.clone(), { verifier: new NodeP256Verifier(), readGate: planted });
    expect(trace.outcome).toBe('halted');
    expect(trace.haltedAt).toBe('one-bl');
  });
});

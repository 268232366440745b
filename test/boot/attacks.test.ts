import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import { BootLab, CrossCheckedVerifier, flipByte, imageSlot, type AttackKind, type BootRun } from '../../emulator/boot/index.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';

const design = loadPlatform(builtinPlatformFile()).design!;
const fixture = (name: string): PlatformDesign => loadPlatform(new URL(`../fixtures/platforms/${name}/platform.json`, import.meta.url).pathname).design!;
const verifier = new CrossCheckedVerifier();
let lab: BootLab;
/** The built-in design with its key store's protection left out: the store is plain certificates an attacker can append to. */
const unsignedStore = structuredClone(design);
delete unsignedStore.assets.find((a) => a.id === 'trusted-key-store')!.signedImage;
let unsignedLab: BootLab;

beforeAll(async () => {
  lab = await BootLab.open(design, { seed: 5 });
  unsignedLab = await BootLab.open(unsignedStore, { seed: 5 });
});

const attack = (kind: AttackKind, stage: string, on = lab): BootRun => on.boot(verifier, { attack: on.attacker.plan(kind, stage) });
const haltedAt = (run: BootRun) => run.trace.stages.find((s) => s.outcome.status === 'halted');
const failed = (run: BootRun) => haltedAt(run)?.checks.filter((c) => c.result === 'fail').map((c) => c.id) ?? [];
const stageIds = design.boot.map((s) => s.image);

describe('attacks on the built-in design', () => {
  it.each(stageIds)('tampered %s: its signature and manifest-hash checks both fail, and its counter is not raised', (stage) => {
    const run = attack('tampered', stage);
    const halted = haltedAt(run)!;
    expect(halted.image).toBe(stage);
    expect(failed(run)).toEqual(design.boot.find((s) => s.image === stage)!.checks.map((c) => c.id));
    expect(halted.securityVersion).toBe(3);
    expect(halted.counter).toMatchObject({ before: 2, after: 2 });
  });

  it.each(stageIds)('unknown key at %s: its signer is in no key store (the store is a signed image the attacker cannot add to)', (stage) => {
    const run = attack('unknown-key', stage);
    const halted = haltedAt(run)!;
    expect(design.boot.findIndex((s) => s.image === halted.image)).toBeLessThanOrEqual(design.boot.findIndex((s) => s.image === stage));
    expect(run.trace.stages.some((s) => s.image === stage && s.outcome.status === 'ran')).toBe(false);
    const refused = halted.checks.filter((c) => c.result === 'fail');
    expect(refused.length).toBeGreaterThan(0);
    for (const check of refused) expect(check.detail).toMatch(/which is not in the key store$/);
  });

  it.each(stageIds)('unknown key at %s, the store unsigned (its certificate appended): rejected by a broken certificate chain, at the first stage that trusts the forged key or manifest', (stage) => {
    const run = attack('unknown-key', stage, unsignedLab);
    const halted = haltedAt(run)!;
    expect(design.boot.findIndex((s) => s.image === halted.image)).toBeLessThanOrEqual(design.boot.findIndex((s) => s.image === stage));
    expect(run.trace.stages.some((s) => s.image === stage && s.outcome.status === 'ran')).toBe(false);
    const broken = halted.checks.filter((c) => c.result === 'fail');
    expect(broken.length).toBeGreaterThan(0);
    for (const check of broken) expect(check.chain?.status).toBe('broken');
  });

  it.each(stageIds)('downgrade of %s: signature and manifest pass, the anti-rollback check alone refuses it', (stage) => {
    const run = attack('downgrade', stage);
    const halted = haltedAt(run)!;
    expect(halted.image).toBe(stage);
    expect(failed(run)).toEqual([`rollback.${stage}`]);
    expect(halted.checks.filter((c) => c.kind !== 'rollback').every((c) => c.result === 'pass')).toBe(true);
    expect(halted.securityVersion).toBe(1);
  });

  it.each(stageIds)('swapped image in %s: the manifest hash catches it', (stage) => {
    const run = attack('swapped', stage);
    expect(haltedAt(run)!.image).toBe(stage);
    expect(failed(run)).toContain(design.boot.find((s) => s.image === stage)!.checks.find((c) => c.kind === 'manifest-hash')!.id);
  });

  test.prop([fc.constantFrom(...stageIds), fc.nat()], { numRuns: 25 })('any single flipped byte of any image halts the boot at that image', (stage, position) => {
    const genuine = lab.vendor.current.images.get(stage)!;
    const run = lab.boot(verifier, { attack: { kind: 'tampered', stage, description: `byte ${position % genuine.length} of ${stage} flipped`, apply: (d) => d.flash.write(imageSlot(stage), flipByte(genuine, position % genuine.length), 'attacker') } });
    expect(haltedAt(run)?.image).toBe(stage);
  });
});

describe('attacks on flawed designs', () => {
  it('unanchored-app-key: an app signed with the attacker key boots, its chain reported as unanchored', async () => {
    const flawed = await BootLab.open(fixture('unanchored-app-key'), { seed: 5 });
    const run = attack('unknown-key', 'hl-app', flawed);
    const app = run.trace.stages.find((s) => s.image === 'hl-app')!;
    expect(app.outcome).toEqual({ status: 'ran' });
    expect(app.checks.find((c) => c.id === 'sm.hl-app.signature')?.chain?.status).toBe('unanchored');
    expect(app.steps).toContain('payload');
  });

  it('kernel-single-check: another validly signed image swapped into the kernel slot boots', async () => {
    const flawed = await BootLab.open(fixture('kernel-single-check'), { seed: 5 });
    const run = attack('swapped', 'nw-kernel', flawed);
    expect(run.trace.stages.find((s) => s.image === 'nw-kernel')?.outcome).toEqual({ status: 'ran' });
  });
});

describe('the attacker remembers its plans (shared by the properties that boot one lab)', () => {
  it('gives the same plan for the same kind, stage and options, and its own plan for any other', () => {
    const [first, second] = stageIds;
    const tampered = lab.attacker.plan('tampered', first!);
    expect(lab.attacker.plan('tampered', first!)).toBe(tampered);
    const others = [
      lab.attacker.plan('tampered', second!),
      lab.attacker.plan('tampered', first!, { keepSecurityVersion: true }),
      lab.attacker.plan('unknown-key', first!),
      lab.attacker.plan('downgrade', first!),
      lab.attacker.plan('swapped', first!),
    ];
    for (const other of others) expect(other).not.toBe(tampered);
    expect(others[0]!.stage).toBe(second);
    expect(others[1]!.description).toContain('security version kept');
    expect(tampered.description).toContain('security version raised');
    expect(others.slice(2).map((p) => p.kind)).toEqual(['unknown-key', 'downgrade', 'swapped']);
    // A remembered plan still attacks: the tampered image halts at its stage on a fresh device.
    expect(lab.boot(verifier, { attack: tampered }).trace.haltedAt).toBe(first);
  });
});

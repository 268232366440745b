/**
 * Who an attacker runs as, and so which stages are verified by a component an attacker takes over: the rule
 * (model/platform/verifier-takeover.ts, componentsAnAttackerTakesOver and verifiersAnAttackerTakesOver, which
 * hardware-root-of-trust's boot-attacks-rejected and measured-before-run read) and the emulated device's own reading
 * (emulator/boot/attacker-takeover.ts, attackerRunsAs, through the property's play
 * properties/hardware-root-of-trust/takeover-play.ts, which boots each stage it names) agree on random designs: the
 * same components, the same stages. A design starts from the built-in one; the malicious app's starts, the untrusted
 * and network-facing marks, a stage's loader, the flash writer, and write/execute rights on code (a memory region the
 * kernel executes, a flash overlay behind some physical barriers, checked kinds and a word no check carries) and a
 * vendor's driver on the A7 in a mode of its own (user or supervisor, normal or secure world, untrusted, an attacker's
 * start or neither) are varied. The harness is not blind: a rule that forgets the closure over control, the closure over
 * privilege, or the untrusted mark, disagrees.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccessRules } from '../../emulator/boot/access-rules.js';
import { attackerRunsAs } from '../../emulator/boot/attacker-takeover.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import type { PlatformDesign, Right } from '../../model/platform/platform-design.js';
import { componentsAnAttackerTakesOver, verifiersAnAttackerTakesOver } from '../../model/platform/verifier-takeover.js';
import { loadersTheDeviceSeesTaken } from '../../properties/hardware-root-of-trust/takeover-play.js';
import { loadGeneratedDesign } from '../helpers/generated-design.js';

const SEED = Number(process.env.SF_SEED ?? 20261206);
const RUNS = Number(process.env.SF_RUNS ?? 60);
const builtin = loadPlatform(builtinPlatformFile()).design!;
const COMPONENTS = builtin.components.map((c) => c.id);
const CODE = ['nw-memory', 'sm-memory', 'sm-overlay'];

interface Variation {
  controls: string[];
  untrusted: string[];
  networkFacing: { component: string; mark: boolean | undefined }[];
  loaders: { stage: number; by: string }[];
  flashWriter: boolean;
  overlayBarriers: string[];
  rights: { component: string; asset: string; rights: Right[] }[];
  /** A vendor's driver on the A7 (its own boot stage), in a mode of its own choosing, untrusted or an attacker's start. */
  driver?: { world: 'normal' | 'secure'; privilege: 'user' | 'supervisor'; start: 'untrusted' | 'controlled' | 'neither' };
}

const variationArb: fc.Arbitrary<Variation> = fc.record({
  controls: fc.subarray(COMPONENTS, { maxLength: 3 }),
  untrusted: fc.subarray(COMPONENTS, { maxLength: 2 }),
  networkFacing: fc.array(fc.record({ component: fc.constantFrom(...COMPONENTS), mark: fc.constantFrom(true, false, undefined) }), { maxLength: 2 }),
  // An app's stage (the last three), loaded by a component an earlier stage loads (the loader's own rules refuse others).
  loaders: fc.array(fc.record({ stage: fc.constantFrom(6, 7, 8), by: fc.constantFrom('pluton-runtime', 'security-monitor', 'nw-loader', 'nw-kernel', 'os-services', 'hl-app') }), { maxLength: 2 }),
  flashWriter: fc.nat(3).map((n) => n > 0),
  overlayBarriers: fc.subarray(['signature', 'manifest-hash', 'tamper-mesh']),
  rights: fc.array(fc.record({ component: fc.constantFrom(...COMPONENTS), asset: fc.constantFrom(...CODE), rights: fc.subarray<Right>(['read', 'write', 'execute'], { minLength: 1 }) }), { maxLength: 4 }),
  driver: fc.option(fc.record({ world: fc.constantFrom('normal' as const, 'secure' as const), privilege: fc.constantFrom('user' as const, 'supervisor' as const), start: fc.constantFrom('untrusted' as const, 'controlled' as const, 'neither' as const) }), { nil: undefined }),
});

function designOf(v: Variation): PlatformDesign {
  const d = structuredClone(builtin);
  d.name = `${builtin.name} (takeover varied)`;
  d.attackers.find((a) => a.id === 'malicious-app')!.controls = v.controls;
  for (const c of d.components) if (v.untrusted.includes(c.id)) c.untrusted = !c.untrusted;
  for (const n of v.networkFacing) {
    const c = d.components.find((x) => x.id === n.component)!;
    if (n.mark === undefined) delete c.networkFacing;
    else c.networkFacing = n.mark;
  }
  for (const l of v.loaders) if (d.boot[l.stage]!.image !== l.by) d.boot[l.stage]!.loadedBy = l.by;
  if (!v.flashWriter) d.attackers = d.attackers.filter((a) => !a.writesFlash);
  d.assets.push({ id: 'sm-memory', name: 'Security Monitor code in SRAM', kind: 'memory-region', location: 'sram', secret: false, critical: false });
  d.assets.push({ id: 'sm-overlay', name: 'Security Monitor overlay code in flash', kind: 'storage', location: 'flash', secret: false, critical: false, physicalBarriers: v.overlayBarriers });
  d.access.push({ component: 'security-monitor', asset: 'sm-memory', rights: ['read', 'write', 'execute'] });
  d.access.push(...v.rights);
  if (v.driver) {
    d.components.push({ id: 'vendor-driver', name: 'Vendor driver', core: 'A7', world: v.driver.world, privilege: v.driver.privilege, imageType: 'Other', mutable: true, networkFacing: false, ...(v.driver.start === 'untrusted' ? { untrusted: true } : {}) });
    const services = d.boot.find((stage) => stage.image === 'os-services')!;
    d.boot.push({ ...structuredClone(services), image: 'vendor-driver', checks: services.checks.map((c) => ({ ...c, id: c.id.replace('services', 'vendor-driver') })) });
    if (v.driver.start === 'controlled') d.attackers.find((a) => a.id === 'malicious-app')!.controls.push('vendor-driver');
  }
  return d;
}

type Rule = (design: PlatformDesign) => { components: string[]; stages: string[] };
const theRule: Rule = (design) => ({ components: [...componentsAnAttackerTakesOver(design).keys()].sort(), stages: verifiersAnAttackerTakesOver(design).map((v) => v.stage).sort() });

/** The device's reading, on the device's own access controller (no boot is needed to say whom an attacker runs as). */
function deviceSays(design: PlatformDesign): { components: string[]; stages: string[] } {
  const factoryDevice = { design, profile: { access: new AccessRules(design) } };
  const lab = { design, factoryDevice } as unknown as Parameters<typeof loadersTheDeviceSeesTaken>[0]['lab'];
  return { components: [...attackerRunsAs(factoryDevice).keys()].sort(), stages: loadersTheDeviceSeesTaken({ lab }).map((v) => v.stage).sort() };
}

function search(rule: Rule = theRule, runs = RUNS): { taken: number; none: number; disagreement?: string } {
  let taken = 0;
  let none = 0;
  let disagreement: string | undefined;
  fc.assert(
    fc.property(variationArb, (v) => {
      if (disagreement) return;
      const design = loadGeneratedDesign(designOf(v));
      const r = rule(design);
      const e = deviceSays(design);
      if (r.stages.length) taken++;
      else none++;
      if (JSON.stringify(r) !== JSON.stringify(e)) disagreement = `rule: ${JSON.stringify(r)}\ndevice: ${JSON.stringify(e)}\n${JSON.stringify(v)}`;
    }),
    { seed: SEED, numRuns: runs },
  );
  return { taken, none, ...(disagreement ? { disagreement } : {}) };
}

describe('differential: whom an attacker runs as, the takeover rule and the emulated device', () => {
  it(`agree on the components and the stages on ${RUNS} random designs, some with a taken-over verifier and some without`, () => {
    const found = search();
    expect(found.disagreement).toBeUndefined();
    expect(found.taken).toBeGreaterThan(RUNS / 10);
    expect(found.none).toBeGreaterThan(RUNS / 10);
  }, 60_000);

  it('the built-in design: the same four components on both readings, and no verifier among them', () => {
    expect(theRule(builtin)).toEqual(deviceSays(builtin));
    expect(deviceSays(builtin)).toEqual({ components: ['hl-app', 'os-services', 'rt-app-0', 'rt-app-1'], stages: [] });
  });

  it('is not blind: a rule that forgets the closure over control disagrees', () => {
    const noClosure: Rule = (design) => theRule({ ...design, access: design.access.map((r) => ({ ...r, rights: r.rights.filter((x) => x !== 'write') })).filter((r) => r.rights.length > 0) });
    expect(search(noClosure).disagreement).toBeDefined();
  }, 60_000);

  // s33: the rule closed over write and execute only, so an untrusted driver in the kernel's mode left the kernel's checks standing.
  it('is not blind: a rule that forgets the closure over privilege (every component on a core of its own) disagrees', () => {
    const ownCores: Rule = (design) => theRule({ ...design, components: design.components.map((c) => ({ ...c, core: c.id })) });
    expect(search(ownCores).disagreement).toBeDefined();
  }, 60_000);

  it('is not blind: a rule that forgets the untrusted mark disagrees', () => {
    const trusting: Rule = (design) => theRule({ ...design, components: design.components.map((c) => ({ ...c, untrusted: false })) });
    expect(search(trusting).disagreement).toBeDefined();
  }, 60_000);
});

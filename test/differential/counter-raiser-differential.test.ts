/**
 * Who raises a stage's anti-rollback counter: the spec (model/platform/counter-raiser.ts, counterRaiser)
 * and the boot emulator (emulator/boot/boot.ts, which asks its own access controller) agree on random
 * designs. A design starts from the built-in one; each eFuse counter's write right is given to a random
 * set of components (the read rights stay), and each stage keeps its counter, takes another or one of its
 * own, raised before or after verification. The factory device (release 2) then boots the vendor's
 * release 3, so every guarded stage's version is above its counter: the stage either raises it, naming the
 * component the access controller let write it, or leaves it, and the spec must say the same. The harness
 * is not blind: a spec that lets only the loader raise a counter disagrees with the emulator.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BootLab } from '../../emulator/boot/boot-lab.js';
import { bootDevice } from '../../emulator/boot/boot.js';
import { imageSlot, manifestSlot } from '../../emulator/boot/flash.js';
import { NodeP256Verifier } from '../../emulator/boot/p256-verifier.js';
import { counterRaiser } from '../../model/platform/counter-raiser.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';

const SEED = 20261205;
const RUNS = 30;
const verifier = new NodeP256Verifier();
const builtin = loadPlatform(builtinPlatformFile()).design!;

interface CounterPlan {
  /** Per eFuse counter (the built-in two, then one per stage), the components that may write it, as indexes into the components. */
  writers: number[][];
  /** Per stage: which counter guards it (index into the counters above) and when it is raised. */
  stages: { counter: number; raised: 'after-verify' | 'before-verify' }[];
}

const COUNTERS = 2 + builtin.boot.length;
const planArb: fc.Arbitrary<CounterPlan> = fc.record({
  writers: fc.array(fc.uniqueArray(fc.nat(builtin.components.length - 1), { maxLength: 2 }), { minLength: COUNTERS, maxLength: COUNTERS }),
  stages: fc.array(fc.record({ counter: fc.nat(COUNTERS - 1), raised: fc.constantFrom('after-verify' as const, 'before-verify' as const) }), { minLength: builtin.boot.length, maxLength: builtin.boot.length }),
});

function designOf(plan: CounterPlan): PlatformDesign {
  const design = structuredClone(builtin);
  design.name = `${builtin.name} (counters varied)`;
  const own = design.boot.map((s) => `arc-own-${s.image}`);
  for (const id of own) design.assets.push({ id, name: `Anti-rollback counter of its own (${id})`, kind: 'counter', location: 'efuse', secret: false, critical: false });
  const counters = ['arc-firmware', 'arc-apps', ...own];
  // Read rights stay; every write right on a counter is the plan's.
  design.access = design.access.map((r) => (counters.includes(r.asset) ? { ...r, rights: r.rights.filter((x) => x !== 'write') } : r)).filter((r) => r.rights.length > 0);
  plan.writers.forEach((components, i) => {
    for (const c of components) design.access.push({ component: design.components[c]!.id, asset: counters[i]!, rights: ['write'] });
  });
  design.boot.forEach((stage, i) => {
    stage.rollback = { counter: counters[plan.stages[i]!.counter]!, raised: plan.stages[i]!.raised };
  });
  return design;
}

interface Comparison {
  stage: string;
  spec: string | undefined;
  emulator: string | undefined;
}

/** Boots release 3 on the factory device of `design` and pairs each attempted raise with the spec's raiser. */
async function compare(design: PlatformDesign, spec: typeof counterRaiser = counterRaiser): Promise<Comparison[]> {
  const lab = await BootLab.open(design, { seed: 7 });
  const device = lab.factoryDevice.clone();
  const release = lab.vendor.release(3, design.boot.map((s) => s.image));
  for (const [component, image] of release.images) device.flash.write(imageSlot(component), image, 'test');
  for (const [key, manifest] of release.manifests) device.flash.write(manifestSlot(key), manifest, 'test');
  const trace = bootDevice(device, { verifier });
  expect(trace.outcome, JSON.stringify(trace.stages.at(-1)?.outcome)).toBe('booted');
  const comparisons: Comparison[] = [];
  trace.stages.forEach((stage, i) => {
    const counter = stage.counter;
    if (!counter || counter.imageVersion === undefined || counter.imageVersion <= counter.before) return; // no raise was asked for
    comparisons.push({ stage: stage.image, spec: spec(design, i).component, emulator: counter.raisedBy });
    // A raise granted moves the counter; one refused leaves it and says why.
    expect(counter.after).toBe(counter.raisedBy ? counter.imageVersion : counter.before);
    expect(counter.notRaised === undefined).toBe(counter.raisedBy !== undefined);
  });
  return comparisons;
}

async function search(spec?: typeof counterRaiser): Promise<{ raised: number; refused: number; disagreement?: string }> {
  let raised = 0;
  let refused = 0;
  let disagreement: string | undefined;
  await fc.assert(
    fc.asyncProperty(planArb, async (plan) => {
      if (disagreement) return;
      const design = designOf(plan);
      for (const c of await compare(design, spec)) {
        if (c.emulator) raised++;
        else refused++;
        if (c.spec !== c.emulator) {
          disagreement = `${c.stage}: spec ${c.spec ?? 'no one'}, emulator ${c.emulator ?? 'no one'}\n${design.boot.map((s) => `${s.image} by ${s.loadedBy}: ${s.rollback!.counter} ${s.rollback!.raised}`).join('\n')}\n${design.access.filter((r) => r.rights.includes('write') && r.asset.startsWith('arc-')).map((r) => `${r.component} writes ${r.asset}`).join(', ')}`;
          return;
        }
      }
    }),
    { seed: SEED, numRuns: RUNS },
  );
  return { raised, refused, ...(disagreement ? { disagreement } : {}) };
}

describe('differential: who raises an anti-rollback counter, spec and boot emulator', () => {
  it(`agree on every raise of ${RUNS} random designs, some granted and some refused`, async () => {
    const found = await search();
    expect(found.disagreement).toBeUndefined();
    expect(found.raised).toBeGreaterThan(0);
    expect(found.refused).toBeGreaterThan(0);
  }, 120_000);

  it('is not blind: a spec that lets only the loader raise its stage counter disagrees', async () => {
    const loaderOnly: typeof counterRaiser = (design, index) => {
      const stage = design.boot[index]!;
      const mayWrite = design.access.some((r) => r.component === stage.loadedBy && r.asset === stage.rollback!.counter && r.rights.includes('write'));
      return mayWrite ? { component: stage.loadedBy, as: 'loader' } : {};
    };
    expect((await search(loaderOnly)).disagreement).toBeDefined();
  }, 120_000);

  it('on the built-in design, the Pluton runtime raises the apps\' counter for the Security Monitor, and 1BL its own', () => {
    const raisers = builtin.boot.map((s, i) => [s.image, counterRaiser(builtin, i)]);
    expect(Object.fromEntries(raisers)).toMatchObject({
      'one-bl': { component: 'one-bl', as: 'the-stage-itself' },
      'pluton-runtime': { component: 'one-bl', as: 'loader' },
      'security-monitor': { component: 'pluton-runtime', as: 'loader' },
      'nw-kernel': { component: 'one-bl', as: 'asked-by-loader' },
      'hl-app': { component: 'pluton-runtime', as: 'asked-by-loader' },
    });
  });
});

/**
 * Key custody (model/platform/key-custody.ts, hardwareKeyProblems, which certificate-authentication's design rules
 * read for the quote key and the client-authentication key) and the device's own reading of it (key-custody-reading.ts:
 * whom the emulated Pluton, bus and access controller let read, replace or sign with the key, and whether Pluton holds
 * it at all) agree on random designs: the same verdict, the same components named, the same place and kind problems.
 * A design starts from the built-in one; the key is the identity key, a second private key kept anywhere the loader
 * accepts, or now and then a key store; rules on it are dropped and added (read, write, use) for any component;
 * components move to the Pluton core (an app slot among them) and are marked untrusted. The harness is not blind:
 * planted faults in the rule disagree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BootLab } from '../../emulator/boot/boot-lab.js';
import { hardwareKeyProblems } from '../../model/platform/key-custody.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import type { AssetLocation, PlatformDesign, Right } from '../../model/platform/platform-design.js';
import { loadGeneratedDesign } from '../helpers/generated-design.js';
import { keyCustodyAsRun } from './key-custody-reading.js';

const SEED = Number(process.env.SF_SEED ?? 20261209);
const RUNS = Number(process.env.SF_RUNS ?? 30);
const MUTANT_RUNS = 60;
const builtin = loadPlatform(builtinPlatformFile()).design!;
const COMPONENTS = builtin.components.map((c) => c.id);
const SECOND_KEY = 'client-key';

interface Variation {
  key: 'device-identity-key' | typeof SECOND_KEY | 'pluton-key-store';
  where: AssetLocation;
  dropRules: boolean;
  addRules: { component: string; rights: Right[] }[];
  toPluton: string[];
  untrusted: string[];
}

const variationArb: fc.Arbitrary<Variation> = fc.record({
  key: fc.constantFrom('device-identity-key' as const, 'device-identity-key' as const, SECOND_KEY, SECOND_KEY, 'pluton-key-store' as const),
  where: fc.constantFrom<AssetLocation>('pluton', 'pluton', 'pluton', 'flash', 'sram', 'io-registers', 'efuse'),
  dropRules: fc.boolean(),
  addRules: fc.array(fc.record({ component: fc.constantFrom(...COMPONENTS), rights: fc.subarray<Right>(['read', 'write', 'use', 'use', 'use'], { minLength: 1 }) }), { maxLength: 3 }),
  toPluton: fc.subarray(['security-monitor', 'os-services', 'hl-app', 'rt-app-0'], { maxLength: 2 }),
  untrusted: fc.subarray(['pluton-runtime', 'one-bl', 'security-monitor', 'os-services'], { maxLength: 1 }),
});

function designOf(v: Variation): PlatformDesign {
  const design = structuredClone(builtin);
  design.name = `${builtin.name} (key custody varied)`;
  if (v.key === SECOND_KEY) {
    design.assets.push({ id: SECOND_KEY, name: 'Device client-authentication key', kind: 'private-key', location: v.where, secret: true, critical: true });
    design.access.push({ component: 'pluton-runtime', asset: SECOND_KEY, rights: ['use'] });
  }
  if (v.dropRules) design.access = design.access.filter((r) => r.asset !== v.key);
  for (const r of v.addRules) design.access.push({ component: r.component, asset: v.key, rights: [...new Set(r.rights)] });
  for (const id of v.toPluton) Object.assign(design.components.find((c) => c.id === id)!, { core: 'Pluton', world: 'secure' });
  for (const id of v.untrusted) design.components.find((c) => c.id === id)!.untrusted = true;
  return design;
}

type Rule = typeof hardwareKeyProblems;

/** The rule's sentences sorted into the reading's three parts: kind, place, and the components named. */
function sortProblems(design: PlatformDesign, problems: string[]): { notAKey: boolean; outsidePluton: boolean; holders: string[] } {
  const byName = [...design.components].sort((a, b) => b.name.length - a.name.length);
  const holders = new Set<string>();
  let notAKey = false;
  let outsidePluton = false;
  for (const p of problems) {
    if (/is not a secret private key/.test(p)) notAKey = true;
    else if (/is kept in \S+, not inside Pluton/.test(p)) outsidePluton = true;
    else {
      const c = byName.find((x) => p.startsWith(`${x.name} `));
      holders.add(c ? c.id : `(unsorted: ${p})`);
    }
  }
  return { notAKey, outsidePluton, holders: [...holders].sort() };
}

async function search(rule: Rule = hardwareKeyProblems, runs = RUNS): Promise<{ held: number; notHeld: number; disagreement?: string }> {
  let held = 0;
  let notHeld = 0;
  let disagreement: string | undefined;
  await fc.assert(
    fc.asyncProperty(variationArb, async (v) => {
      if (disagreement) return;
      const design = loadGeneratedDesign(designOf(v));
      const lab = await BootLab.open(design, { seed: 19 });
      const device = keyCustodyAsRun(lab, v.key)!;
      const problems = rule(design, v.key, 'the key');
      const spec = sortProblems(design, problems);
      const deviceSays = { ...device, holders: [...device.holders].sort() };
      if (problems.length) notHeld++;
      else held++;
      if (JSON.stringify(spec) !== JSON.stringify(deviceSays)) disagreement = `rule: ${JSON.stringify(spec)}\ndevice: ${JSON.stringify(deviceSays)}\n${problems.join('\n')}\n${JSON.stringify(v)}`;
    }),
    { seed: SEED, numRuns: runs },
  );
  return { held, notHeld, ...(disagreement ? { disagreement } : {}) };
}

describe('differential: key custody, rule and emulated device', () => {
  it(`agree on whether ${RUNS} random designs hold their key in the hardware, and why not`, async () => {
    const found = await search();
    expect(found.disagreement).toBeUndefined();
    expect(found.held).toBeGreaterThan(0);
    expect(found.notHeld).toBeGreaterThan(0);
  }, 120_000);

  it('is not blind: a rule that lets any component on the Pluton core use the key disagrees', async () => {
    const anyOnPluton: Rule = (design, keyId, label) => hardwareKeyProblems({ ...design, components: design.components.map((c) => (c.core === 'Pluton' ? { ...c, untrusted: false, imageType: 'PlutonRuntime' } : c)) }, keyId, label);
    expect((await search(anyOnPluton, MUTANT_RUNS)).disagreement).toBeDefined();
  }, 120_000);
});

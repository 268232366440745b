/**
 * small-tcb's judgements (properties/small-tcb/rules.ts, judgeTcb over computeTcb) and the device's own reading of them
 * (tcb-judgement-reading.ts: the three rules over the TCB the emulated device shows, who it lets read a key and whether
 * Pluton holds it) agree on random designs under the built-in product: each rule's outcome and the components it names.
 * The design varies access rules on every asset (rights the loader accepts on its kind), assets' secrecy, where the
 * private keys are kept, components marked untrusted or network-facing, the OS services given a trusted right; the profile varies the share and each switch.
 * The harness is not blind: planted faults in the judgements disagree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BootLab } from '../../emulator/boot/boot-lab.js';
import { rightMismatch } from '../../model/platform/load-platform.js';
import type { AccessRule, PlatformDesign, Right } from '../../model/platform/platform-design.js';
import { computeTcb } from '../../model/platform/tcb.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import type { RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { judgeTcb } from '../../properties/small-tcb/rules.js';
import { builtinProfile } from '../helpers/check-context.js';
import { loadGeneratedDesign } from '../helpers/generated-design.js';
import { judgementsAsRun } from './tcb-judgement-reading.js';

const SEED = Number(process.env.SF_SEED ?? 20261211);
const RUNS = Number(process.env.SF_RUNS ?? 20);
const MUTANT_RUNS = 60;
const product = loadProduct(builtinProductFile()).product!;
const base = product.platform;
const COMPONENTS = base.components.map((c) => c.id);
const ASSETS = base.assets.map((a) => a.id);
const RIGHTS: Right[] = ['read', 'write', 'use', 'extend', 'execute'];

interface Variation {
  addRules: AccessRule[];
  dropRules: number[];
  secret: { asset: string; secret: boolean }[];
  keyIn?: 'flash' | 'sram' | 'efuse';
  untrusted: string[];
  networkFacing: string[];
  maxShare: number;
  noUntrustedMember: boolean;
  keysInVault: boolean;
  byImageType: boolean;
  /** The OS services (a Services image: network-facing by its type) given a trusted right, now and then. */
  trustServices: boolean;
}

const variationArb: fc.Arbitrary<Variation> = fc.record({
  addRules: fc.array(fc.record({ component: fc.constantFrom(...COMPONENTS), asset: fc.constantFrom(...ASSETS), rights: fc.subarray(RIGHTS, { minLength: 1 }) }), { maxLength: 4 }),
  dropRules: fc.subarray(base.access.map((_, i) => i), { maxLength: 3 }),
  secret: fc.array(fc.record({ asset: fc.constantFrom(...ASSETS), secret: fc.boolean() }), { maxLength: 2 }),
  keyIn: fc.option(fc.constantFrom('flash' as const, 'sram' as const, 'efuse' as const), { nil: undefined, freq: 4 }),
  untrusted: fc.subarray(COMPONENTS, { maxLength: 1 }),
  networkFacing: fc.subarray(COMPONENTS, { maxLength: 3 }),
  maxShare: fc.constantFrom(0.3, 0.5, 0.7),
  noUntrustedMember: fc.nat(4).map((n) => n > 0),
  keysInVault: fc.nat(4).map((n) => n > 0),
  byImageType: fc.nat(3).map((n) => n > 0),
  trustServices: fc.nat(2).map((n) => n === 0),
});

function designOf(v: Variation): PlatformDesign {
  const design = structuredClone(base);
  design.name = `${base.name} (TCB judgements varied)`;
  for (const s of v.secret) {
    const asset = design.assets.find((a) => a.id === s.asset)!;
    asset.secret = s.secret || asset.kind === 'private-key';
    // A secret store is not a signed key-store image (the loader refuses it): the mark wins, the image goes.
    if (asset.secret) delete asset.signedImage;
  }
  if (v.keyIn) design.assets.find((a) => a.id === 'device-identity-key')!.location = v.keyIn;
  const kindOf = (id: string) => design.assets.find((a) => a.id === id)!.kind;
  const added = v.addRules.map((r) => ({ ...r, rights: r.rights.filter((x) => !rightMismatch(x, kindOf(r.asset))) })).filter((r) => r.rights.length > 0);
  design.access = [...design.access.filter((_, i) => !v.dropRules.includes(i)), ...added];
  if (v.trustServices) design.access.push({ component: 'os-services', asset: 'io-firewall-config', rights: ['write'] });
  for (const c of design.components) {
    if (v.untrusted.includes(c.id)) c.untrusted = true;
    // The mark is stated or not for every component: the OS services lose the built-in design's mark now and then.
    c.networkFacing = v.networkFacing.includes(c.id);
  }
  return design;
}

function profileOf(v: Variation): RequirementProfile {
  const p = builtinProfile();
  const values: Record<string, number | boolean> = { 'small-tcb.max-share': v.maxShare, 'small-tcb.no-untrusted-member': v.noUntrustedMember, 'small-tcb.keys-in-vault': v.keysInVault, 'defense-in-depth.network-facing-by-image-type': v.byImageType };
  for (const list of Object.values(p.requirements)) for (const r of list ?? []) if (r.id in values) r.value = values[r.id]!;
  return p;
}

type Judge = typeof judgeTcb;

/** The components a rule names: flagged members (no-untrusted-member) or readers of a key (keys-in-vault). */
function namedBy(design: PlatformDesign, id: string, problems: string[]): string[] {
  if (id === 'small-tcb.max-share') return [];
  const byName = [...design.components].sort((a, b) => b.name.length - a.name.length);
  const named = new Set<string>();
  for (const p of problems) {
    if (/^the private key .* is kept in /.test(p)) continue;
    const app = /^app .* \(\/apps\/\d+\) is in the TCB: its slot (\S+) /.exec(p);
    if (app) {
      named.add(app[1]!);
      continue;
    }
    const c = byName.find((x) => p.startsWith(`${x.name} `) || p.startsWith(`the app slot ${x.name} `));
    named.add(c ? c.id : `(unsorted: ${p})`);
  }
  return [...named].sort();
}

async function search(judge: Judge = judgeTcb, runs = RUNS): Promise<{ outcomes: Set<string>; disagreement?: string }> {
  const outcomes = new Set<string>();
  let disagreement: string | undefined;
  await fc.assert(
    fc.asyncProperty(variationArb, async (v) => {
      if (disagreement) return;
      const design = loadGeneratedDesign(designOf(v));
      const varied: Product = { ...product, platform: design, basePlatform: design };
      const profile = profileOf(v);
      const lab = await BootLab.open(design, { seed: 29 });
      const device = judgementsAsRun(varied, lab, { maxShare: v.maxShare, noUntrustedMember: v.noUntrustedMember, keysInVault: v.keysInVault, networkFacingByImageType: v.byImageType });
      const spec = judge(varied, computeTcb(design), profile).rules.map((r) => ({ id: r.id, outcome: r.outcome, named: namedBy(design, r.id, r.problems) }));
      for (const r of spec) outcomes.add(`${r.id} ${r.outcome}`);
      const a = JSON.stringify(spec);
      const b = JSON.stringify(device);
      if (a !== b) disagreement = `rule:   ${a}\ndevice: ${b}\n${JSON.stringify(v)}`;
    }),
    { seed: SEED, numRuns: runs },
  );
  return { outcomes, ...(disagreement ? { disagreement } : {}) };
}

describe("differential: small-tcb's judgements, rule and emulated device", () => {
  it(`agree on each rule's outcome and the components it names for ${RUNS} random designs`, async () => {
    const found = await search();
    expect(found.disagreement).toBeUndefined();
    for (const id of ['small-tcb.max-share', 'small-tcb.no-untrusted-member', 'small-tcb.keys-in-vault']) {
      expect([...found.outcomes].filter((o) => o.startsWith(id)).length, `${id}: ${[...found.outcomes].join(', ')}`).toBeGreaterThan(1);
    }
  }, 120_000);

  it('is not blind: judgements that forget the network-facing image types disagree', async () => {
    const marksOnly: Judge = (p, tcb, profile) => {
      const off = structuredClone(profile);
      for (const list of Object.values(off.requirements)) for (const r of list ?? []) if (r.id === 'defense-in-depth.network-facing-by-image-type') r.value = false;
      return judgeTcb(p, tcb, off);
    };
    expect((await search(marksOnly, MUTANT_RUNS)).disagreement).toBeDefined();
  }, 120_000);
});

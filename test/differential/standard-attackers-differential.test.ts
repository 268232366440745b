/**
 * Defense-in-depth's standard attackers (properties/defense-in-depth/standard-attackers.ts, missingStandardAttackers)
 * and the device's own reading of them (standard-attackers-reading.ts: the components the application manager runs the
 * product's apps as, against the attackers the design names) agree on random products from the isolation generators
 * (test/differential/generators.ts) with the design's attackers varied: the network and flash attackers kept or
 * dropped, the compromised app made to run as any subset of the app slots (and as platform components), or no attacker
 * at all. The harness is not blind: a rule that forgets the real-time app slots disagrees.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Product } from '../../model/product/product.js';
import { missingStandardAttackers } from '../../properties/defense-in-depth/standard-attackers.js';
import { productArb, type GeneratedCase } from './generators.js';
import { missingThreatsAsRun } from './standard-attackers-reading.js';

const SEED = Number(process.env.SF_SEED ?? 20261212);
const RUNS = Number(process.env.SF_RUNS ?? 60);

interface Case {
  generated: GeneratedCase;
  network: boolean;
  flash: boolean;
  controls: string[];
  none: boolean;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  generated: productArb,
  network: fc.nat(3).map((n) => n > 0),
  flash: fc.nat(3).map((n) => n > 0),
  controls: fc.subarray(['hl-app', 'rt-app-0', 'rt-app-1', 'os-services', 'nw-kernel']),
  none: fc.nat(9).map((n) => n === 0),
});

type Rule = (product: Product) => string[];

/** The rule's sentences in the reading's terms. */
function sorted(problems: string[]): { network: boolean; apps: string[]; flash: boolean } {
  const apps = problems.flatMap((p) => /no attacker controls the app slots? (.*) \(a compromised app\)/.exec(p)?.[1]!.split(', ') ?? []);
  return { network: problems.some((p) => /on the network/.test(p)), apps: apps.sort(), flash: problems.some((p) => /physical access to the flash/.test(p)) };
}

function search(rule: Rule = missingStandardAttackers, runs = RUNS): { missing: number; disagreement?: string } {
  let missing = 0;
  let disagreement: string | undefined;
  fc.assert(
    fc.property(caseArb, (c) => {
      if (disagreement) return;
      const platform = structuredClone(c.generated.product.platform!);
      const present = new Set(platform.components.map((x) => x.id));
      platform.attackers = c.none
        ? []
        : [
            { id: 'malicious-app', name: 'A compromised app', controls: c.controls.filter((id) => present.has(id)) },
            ...(c.network ? [{ id: 'network', name: 'A network attacker', controls: [], network: true }] : []),
            ...(c.flash ? [{ id: 'physical-flash', name: 'A flash writer', controls: [], writesFlash: true }] : []),
          ];
      const product = { ...c.generated.product, platform };
      const spec = sorted(rule(product as unknown as Product));
      const device = missingThreatsAsRun(product);
      if (spec.network || spec.flash || spec.apps.length) missing++;
      if (JSON.stringify(spec) !== JSON.stringify(device)) disagreement = `rule: ${JSON.stringify(spec)}\ndevice: ${JSON.stringify(device)}\n${c.generated.describe}\n${JSON.stringify(platform.attackers)}`;
    }),
    { seed: SEED, numRuns: runs },
  );
  return { missing, ...(disagreement ? { disagreement } : {}) };
}

describe('differential: the standard attackers, rule and emulated device', () => {
  it(`agree on which threats ${RUNS} random products' designs leave out`, () => {
    const found = search();
    expect(found.disagreement).toBeUndefined();
    expect(found.missing).toBeGreaterThan(0);
    expect(found.missing).toBeLessThan(RUNS);
  });

  it('is not blind: a rule that forgets the real-time app slots disagrees', () => {
    const highLevelOnly: Rule = (product) => missingStandardAttackers({ ...product, platform: { ...product.platform, components: product.platform.components.filter((c) => !c.core.startsWith('M4')) } });
    expect(search(highLevelOnly).disagreement).toBeDefined();
  });
});

/**
 * Random update cases for the update differential harness (update-harness.ts): a design drawn from the
 * built-in Azure Sphere design and the flawed ones of test/fixtures/updates, with the device group's
 * policy, the deferral bound and when its window starts, the metadata keys and threshold, the expiry and the clock skew redrawn;
 * a deferring app or none; the releases offered (apps release 4 arriving mid-run now and then, while a
 * deferral window may be open); and up to five checks, each with its own document
 * (mostly genuine, so updates get installed and deferred, with each flaw drawn now and then).
 */
import fc from 'fast-check';
import type { UpdateDesign, UpdatePolicy } from '../../model/update/update-design.js';
import { defaultDesign, fixtureDesign } from '../update/helpers.js';
import type { DocumentPlan, UpdateCase } from './update-harness.js';

const HOUR = 3600;

const BASES: [string, UpdateDesign][] = [
  ['azure-sphere', defaultDesign()],
  ...['long-deferral', 'unbounded-deferral', 'freeze-undetected', 'no-ab-slot', 'no-recovery-bank', 'counter-raised-before-verify'].map((name): [string, UpdateDesign] => [name, fixtureDesign(name)]),
];

const POLICIES: UpdatePolicy[] = ['UpdateAll', 'No3rdPartyAppUpdates', 'NoUpdates'];

const designArb = fc
  .record({
    // The single-bank design twice as often: its installs are the only ones that keep the bank.
    base: fc.oneof({ arbitrary: fc.constantFrom(...BASES), weight: 3 }, { arbitrary: fc.constant(BASES.find(([name]) => name === 'no-ab-slot')!), weight: 1 }),
    groupIndex: fc.nat(),
    policy: fc.oneof({ arbitrary: fc.constant(POLICIES[0]!), weight: 3 }, { arbitrary: fc.constant(POLICIES[1]!), weight: 2 }, { arbitrary: fc.constant(POLICIES[2]!), weight: 1 }),
    // Multiples of the steps' advances, so a check lands exactly on the end of a deferral window now and then.
    maxHours: fc.option(fc.oneof(fc.constantFrom(10, 20, 30, 40), fc.integer({ min: 1, max: 72 })), { nil: null, freq: 4 }),
    keys: fc.integer({ min: 1, max: 3 }),
    threshold: fc.integer({ min: 1, max: 3 }),
    expiresAfterHours: fc.option(fc.integer({ min: 1, max: 96 }), { nil: null, freq: 4 }),
    skew: fc.integer({ min: 0, max: 3600 }),
    countedFrom: fc.constantFrom(undefined, 'first-notice' as const, 'each-release' as const),
  })
  .map(({ base: [baseName, base], groupIndex, policy, maxHours, keys, threshold, expiresAfterHours, skew, countedFrom }) => {
    const design = structuredClone(base);
    const group = design.deviceGroups[groupIndex % design.deviceGroups.length]!;
    group.updatePolicy = policy;
    design.deferral.maxHours = maxHours;
    if (countedFrom) design.deferral.countedFrom = countedFrom;
    else delete design.deferral.countedFrom;
    design.metadata = { ...design.metadata, keys, threshold: Math.min(threshold, keys), expiresAfterHours, maxClockSkewSeconds: skew };
    return { design, group: group.name, describe: `${baseName}, group ${group.name} (${policy}), deferral ${maxHours ?? '∞'} h from ${countedFrom ?? 'first-notice'}, ${Math.min(threshold, keys)} of ${keys} keys, expiry ${expiresAfterHours ?? '∞'} h, skew ${skew} s` };
  });

const documentArb = (skew: number): fc.Arbitrary<DocumentPlan> =>
  fc.record({
    signers: fc.oneof({ arbitrary: fc.constant('all' as const), weight: 4 }, { arbitrary: fc.constantFrom('threshold' as const, 'one-short' as const, 'none' as const), weight: 1 }),
    issuedOffset: fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.constantFrom(skew, skew + 1, -HOUR), weight: 1 }, { arbitrary: fc.integer({ min: -60 * HOUR, max: 2 * HOUR }), weight: 1 }),
    sequence: fc.oneof({ arbitrary: fc.constant('issued' as const), weight: 6 }, { arbitrary: fc.constant('below-trusted' as const), weight: 1 }),
    expiry: fc.oneof({ arbitrary: fc.constant('design' as const), weight: 5 }, { arbitrary: fc.constant('never' as const), weight: 1 }, { arbitrary: fc.constantFrom(-1, 0, 1), weight: 1 }),
    addressee: fc.oneof({ arbitrary: fc.constant('own' as const), weight: 8 }, { arbitrary: fc.constantFrom('other-group' as const, 'other-product' as const), weight: 1 }),
    kinds: fc.constantFrom('group' as const, 'all' as const),
    lowerOs: fc.oneof({ arbitrary: fc.constant(false), weight: 5 }, { arbitrary: fc.constant(true), weight: 1 }),
  });

export const updateCaseArb: fc.Arbitrary<UpdateCase> = designArb.chain((d) =>
  fc
    .record({
      deferralHours: fc.option(fc.constantFrom(1, 10, 30, 1000), { nil: undefined, freq: 2 }),
      osVersion: fc.oneof({ arbitrary: fc.constant(3 as const), weight: 3 }, { arbitrary: fc.constant(2 as const), weight: 1 }),
      keyStore: fc.oneof({ arbitrary: fc.constant('factory' as const), weight: 2 }, { arbitrary: fc.constant('reordered' as const), weight: 1 }),
      appVersion: fc.oneof({ arbitrary: fc.constant(3 as const), weight: 3 }, { arbitrary: fc.constant(2 as const), weight: 1 }),
      steps: fc.array(fc.record({ advanceSeconds: fc.constantFrom(0, 1, HOUR, 10 * HOUR, 20 * HOUR, 50 * HOUR), document: documentArb(d.design.metadata.maxClockSkewSeconds), newerApps: fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 }) }), { minLength: 1, maxLength: 5 }),
    })
    .map((rest) => ({ ...d, ...rest, describe: `${d.describe}, deferral request ${rest.deferralHours ?? 'none'}, OS ${rest.osVersion}, apps ${rest.appVersion}, ${rest.keyStore} key store` })),
);

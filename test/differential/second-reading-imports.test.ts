/**
 * A second reading is worth something only when it decides on its own: one that imports the rule it is held against
 * (directly, or through a helper of the emulator) agrees with it by construction, and the differential that holds
 * them together then tests nothing. This walks the import graph of every deliberate second reading (every file of
 * emulator/, which is the device and its attackers; the readings beside their harness in test/differential/) and
 * fails on any value name taken from a rule module (model/, properties/) that is not on the list of shared data
 * below, each with why it is data and not a decision. Types are shapes of the design and are not followed.
 * independence.test.ts checks, file by file, that each reading names the rule it mirrors in its header; this checks
 * the class: whatever a reading imports, through whatever helper.
 * The Z3 encodings (proofs/) read the rules on purpose (proofs/README.md: they restate none): what they are held
 * against is a search over the same rules, so each may not import the search it is held against.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { headerModules, ruleImports, sourcesUnder } from './second-reading-imports.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The deliberate second readings: the emulated device and its attackers, and the readings beside their harness. */
const SECOND_READINGS = [
  ...sourcesUnder(root, 'emulator'),
  ...sourcesUnder(root, 'test/differential').filter((f) => /-(reading|reach)\.ts$/.test(f) || f.endsWith('attestation-harness.ts')),
];

/** Names a second reading may take from a rule module: vocabulary and inputs, never a decision. */
const SHARED_DATA: Record<string, { names: string[]; why: string }> = {
  'model/attestation/protocol-design.ts': { names: ['QUOTE_FIELDS'], why: "the names of the quote's fields (the wire format's vocabulary); which the design sends is read by the device itself" },
  'model/product/instantiate.ts': { names: ['APP_IMAGE_TYPE'], why: 'the image type name an app slot is loaded from (formats/image-package vocabulary), compared by each reading itself' },
  'model/update/update-design.ts': { names: ['UPDATE_KINDS'], why: 'the list of update kinds (the schema enum); which kind a target is and who takes it the device reads itself' },
  'model/update/update-requirements.ts': { names: ['MAX_FREEZE_DETECTION', 'MAX_REACH'], why: "requirement ids: the attack catalog asks the stated profile for the bound, not the rule" },
  'model/requirements/requirement-profile.ts': {
    names: ['requiredNumber', 'MissingRequirementError'],
    why: 'reading the stated profile (a requirement comes from the profile, never from the design): the threshold the attack holds the device to is the same input the rule reads',
  },
  'model/attestation/attack-scenario.ts': {
    names: ['periodsOf', 'softwareAt'],
    why: "the scenario the concrete attacker plays (which periods there are and what software runs in each) is the experiment's premise, chosen by the user, not the protocol's decision",
  },
};

describe('second readings take no decision from the rules they are held against', () => {
  const taken = SECOND_READINGS.map((file) => ({ file, imports: ruleImports(root, file) }));

  it('finds the second readings and the rule modules their headers name', () => {
    expect(SECOND_READINGS.length).toBeGreaterThan(80);
    expect(headerModules(root, 'emulator/boot/boot.ts')).toContain('model/platform/boot-acceptance.ts');
  });

  it('every rule name a second reading takes, through any helper, is shared data with a reason', () => {
    const offenders = taken.flatMap(({ file, imports }) =>
      imports.filter((r) => !SHARED_DATA[r.module]?.names.includes(r.name)).map((r) => `${file}: ${r.name} from ${r.module} (via ${r.via.join(' > ')})`),
    );
    expect(offenders).toEqual([]);
  });

  it('no second reading takes anything from a module its header says it mirrors, beyond the shared data', () => {
    const offenders = taken.flatMap(({ file, imports }) => {
      const mirrored = headerModules(root, file);
      return imports.filter((r) => mirrored.includes(r.module) && !SHARED_DATA[r.module]?.names.includes(r.name)).map((r) => `${file} mirrors ${r.module} and takes ${r.name}`);
    });
    expect(offenders).toEqual([]);
  });

  // The other direction: a rule that called the device (or a reading) would be compared with itself just the same.
  it('no rule a second reading mirrors takes anything from the emulator or from a reading', () => {
    const mirrored = [...new Set(SECOND_READINGS.flatMap((f) => headerModules(root, f)))].filter((m) => m.startsWith('model/'));
    expect(mirrored.length).toBeGreaterThan(20);
    const offenders = mirrored.flatMap((rule) =>
      ruleImports(root, rule, (path) => path.startsWith('emulator/') || path.startsWith('test/')).filter((r) => !r.module.startsWith('model/') && !r.module.startsWith('properties/')).map((r) => `${rule}: ${r.name} from ${r.module} (via ${r.via.join(' > ')})`),
    );
    expect(offenders).toEqual([]);
  });

  it('every entry of the shared data is still taken by some reading (a stale entry widens the door)', () => {
    const used = new Set(taken.flatMap(({ imports }) => imports.map((r) => `${r.module}#${r.name}`)));
    const stale = Object.entries(SHARED_DATA).flatMap(([module, { names }]) => names.filter((n) => !used.has(`${module}#${n}`)).map((n) => `${module}#${n}`));
    expect(stale).toEqual([]);
  });
});

/**
 * The properties' own plays that a differential holds against a rule (the attacker's side lives in properties/, so the
 * walk above does not start there): each, and the rule modules it may take nothing from, through any helper.
 */
const PLAYS_HELD: { file: string; rules: string[]; holder: string }[] = [
  // s31: it stole the keys replaceableSigningKeys named, wrote the store back as storeWriters said and skipped what keyStoreRollback called unstated.
  // (load-update.ts is the update design's loader too, read by the property's other rules: only its running writers are held.)
  // s32: it steals an online anchor from the design's custody, not from signing-key-custody.ts's irrevocable keys.
  { file: 'properties/renewable-security/key-revocation.ts', rules: ['model/update/key-store-rollback.ts', 'model/update/load-update.ts#runningWriters', 'model/update/signing-key-custody.ts'], holder: 'test/differential/key-store-rollback-differential.test.ts' },
  // s32: the failure-reporting plays chose their stimuli and the sources they filled by the spec's logPolicyOf.
  { file: 'properties/failure-reporting/world.ts', rules: ['model/update/failure-log-policy.ts'], holder: 'test/differential/log-defaults-differential.test.ts' },
  { file: 'properties/failure-reporting/no-suppression.ts', rules: ['model/update/failure-log-policy.ts'], holder: 'test/differential/log-defaults-differential.test.ts' },
  { file: 'properties/failure-reporting/recorded-failures.ts', rules: ['model/update/failure-log-policy.ts'], holder: 'test/differential/log-defaults-differential.test.ts' },
  // s32: the exchange under the product's protocol design (quote key, nonce, signed fields, replay, forger) is held against quoteProofGap.
  { file: 'properties/hardware-root-of-trust/design-quote.ts', rules: ['model/attestation/protocol-design.ts#quoteProofGap', 'model/attestation/protocol-design.ts#nonceCheckOf', 'model/attestation/protocol-design.ts#DEVICE_CREDENTIAL'], holder: 'test/differential/quote-proof-differential.test.ts' },
  // s33: the verifier-takeover play booted only the stages verifiersAnAttackerTakesOver chose, and the measurement play
  // took its liars from componentsAnAttackerTakesOver: neither could find a takeover the rule missed.
  { file: 'properties/hardware-root-of-trust/takeover-play.ts', rules: ['model/platform/verifier-takeover.ts', 'model/platform/attack-surface.ts'], holder: 'test/differential/takeover-differential.test.ts' },
  { file: 'properties/hardware-root-of-trust/measurement-exposure.ts', rules: ['model/platform/verifier-takeover.ts', 'model/platform/measurement-integrity.ts', 'model/platform/attack-surface.ts'], holder: 'test/differential/measurement-differential.test.ts' },
  // s33: compartmentalization's verdict read sharedServiceCrashes alone; the emulated crash was read only by the differential.
  { file: 'properties/compartmentalization/service-crash-play.ts', rules: ['model/platform/crash-containment.ts', 'model/platform/app-interfaces.ts', 'model/platform/attack-graph.ts#layersAbove'], holder: 'test/differential/crash-containment-differential.test.ts' },
];

describe("the properties' plays take nothing from the rule they are held against", () => {
  it.each(PLAYS_HELD)('$file takes nothing from $rules', ({ file, rules, holder }) => {
    // An entry is a module (every name of it) or module#name.
    const modules = rules.map((r) => r.split('#')[0]!);
    const held = (r: { module: string; name: string }) => rules.includes(r.module) || rules.includes(`${r.module}#${r.name}`) || (r.name === '*' && modules.includes(r.module));
    const taken = ruleImports(root, file, (path) => modules.includes(path)).filter(held);
    expect(taken.map((r) => `${r.name} from ${r.module} (via ${r.via.join(' > ')})`)).toEqual([]);
    expect(readFileSync(join(root, holder), 'utf8')).toContain(file);
  });
});

/** Each Z3 encoding or certificate check, and the search (module#name) it is held against, which it may not reach. */
const PROOF_COUNTERPARTS: [string, string][] = [
  ['proofs/allocation-proof.ts', 'model/isolation/allocation.ts#allocate'],
  ['proofs/allocation-check.ts', 'model/isolation/allocation.ts#allocate'],
  ['proofs/attack-min-cut.ts', 'model/platform/attack-graph.ts#minimumCompromises'],
  ['proofs/attack-min-cut-check.ts', 'model/platform/attack-graph.ts#minimumCompromises'],
  ['proofs/horn/prove.ts', 'proofs/attacker-search/search.ts#*'],
  ['proofs/attacker-search/search.ts', 'proofs/horn/prove.ts#*'],
];

describe('a proof is held against a search it does not run', () => {
  it.each(PROOF_COUNTERPARTS)('%s does not reach %s', (file, counterpart) => {
    const [module, name] = counterpart.split('#') as [string, string];
    const inProofs = (path: string) => path === module || (module.startsWith('proofs/') ? false : /^(model|properties)\//.test(path));
    const reached = ruleImports(root, file, inProofs).filter((r) => r.module === module && (name === '*' || r.name === name || r.name === '*'));
    expect(reached.map((r) => `${r.name} via ${r.via.join(' > ')}`)).toEqual([]);
  });
});

/**
 * hardware-root-of-trust decided on the product: its instantiated device (only its app stages), its
 * deployment (device capabilities, device group, fleet size), its images, and the design's access rules
 * as the emulated hardware enforces them. Products are built in code from the built-in product, or read
 * from test/fixtures/products/root-of-trust/.
 */
import { describe, expect, it } from 'vitest';
import { BootLab, CrossCheckedVerifier } from '../../emulator/boot/index.js';
import type { RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { checkImageSigners, checkImageTrust } from '../../properties/hardware-root-of-trust/images.js';
import { checkPrivateKeyConfinement, runCompromisedComponents } from '../../properties/hardware-root-of-trust/key-confinement.js';
import type { RuleInput } from '../../properties/hardware-root-of-trust/rule.js';
import { findProperty, runProperty } from '../../properties/registry.js';
import { builtinProfile } from '../helpers/check-context.js';
import { accessPointer } from '../helpers/design-pointer.js';
import { allLines, builtin, check, context, fixture, loadFixture, outcome, SEED, variant } from './hardware-root-of-trust-products.js';

const evidenceData = (result: Awaited<ReturnType<typeof check>>, title: string) => result.evidence!.find((e) => e.title.startsWith(title))!.data as { locations: { file: string; pointer: string }[] };

describe('the product instantiates the device', () => {
  it('a one-app product boots with exactly its one app stage, named after its app', async () => {
    const product = fixture('one-high-level-app');
    const lab = await BootLab.open(product.platform, { seed: SEED });
    const normal = lab.boot(new CrossCheckedVerifier());
    expect(normal.trace.outcome).toBe('booted');
    expect(normal.trace.stages.map((s) => s.image)).toEqual(['one-bl', 'pluton-runtime', 'security-monitor', 'nw-loader', 'nw-kernel', 'os-services', 'hl-app']);
    expect(normal.trace.stages.at(-1)!.name).toBe('High-level app: Thermostat');
  });

  it('holds for a single high-level app, and no evidence names a stage the product lacks', async () => {
    const result = await check(fixture('one-high-level-app'));
    expect(result.verdict, result.summary).toBe('holds');
    expect(result.bound).toMatch(/4 attacks × 7 stages/);
    const text = JSON.stringify(result);
    expect(text).toMatch(/hl-app \(High-level app: Thermostat\)/);
    expect(text).not.toMatch(/rt-app-0|rt-app-1|Real-time app/);
  });

  it('holds for a single real-time app, and no evidence names the high-level app or the other M4', async () => {
    const result = await check(fixture('one-real-time-app'));
    expect(result.verdict, result.summary).toBe('holds');
    expect(result.bound).toMatch(/4 attacks × 7 stages/);
    const text = JSON.stringify(result);
    expect(text).toMatch(/rt-app-0 \(Real-time app on M4-0: FanControl_RTApp\)/);
    expect(text).not.toMatch(/hl-app|rt-app-1|High-level app/);
  });
});

describe('deployment: appDevelopment', () => {
  it('on production devices lets an app signed with the public SDK test key run: violated, with the boot trace', async () => {
    const result = await check(fixture('app-development-in-production'));
    expect(result.verdict).toBe('violated');
    expect(outcome(result, 'hardware-root-of-trust.no-app-development-in-production')).toBe('failed');
    expect(result.summary).toMatch(/development-signed apps do not run outside development: devices of the Production group \(production\) carrying appDevelopment: hl-app \(High-level app: Thermostat\) signed with the public SDK test key ran/);
    const trace = result.evidence!.find((e) => e.title.startsWith('trace: devices of the Production group'))!;
    expect(trace.lines.join('\n')).toMatch(/hl-app \(High-level app: Thermostat\) loaded by security-monitor: ran/);
    expect(trace.lines.join('\n')).toMatch(/sm\.hl-app\.signature \(signature, app-signing\): pass — signed by Azure Sphere SDK Test \(appDevelopment\); chain development: Azure Sphere SDK Test accepted in place of app-signing: the device carries the appDevelopment capability/);
    expect(evidenceData(result, 'development-signed apps do not run outside development: violated').locations).toEqual([expect.objectContaining({ pointer: '/deployment/deviceCapabilities/0' })]);
    // Nothing else is wrong with this product: the finding is the deployment's alone.
    expect(result.requirements!.filter((r) => r.outcome === 'failed').map((r) => r.id)).toEqual(['hardware-root-of-trust.no-app-development-in-production']);
  });

  it('on field-test devices is violated too: every deployment that is not a development one', async () => {
    const product = variant(builtin(), { apps: [0], deployment: { group: { name: 'Field Test', osFeed: 'Retail', updatePolicy: 'UpdateAll', stage: 'test', fromUpdateDesign: true }, deviceCapabilities: ['appDevelopment'] } });
    const result = await check(product);
    expect(result.verdict).toBe('violated');
    expect(outcome(result, 'hardware-root-of-trust.no-app-development-in-production')).toBe('failed');
  });

  it('on development devices is what development is: the same app runs and the requirement is not applicable', async () => {
    const result = await check(fixture('app-development-in-development'));
    expect(result.verdict, result.summary).toBe('holds');
    expect(outcome(result, 'hardware-root-of-trust.no-app-development-in-production')).toBe('not-applicable');
    expect(allLines(result)).toMatch(/hl-app \(High-level app: Thermostat\) signed with the public SDK test key: RAN/);
  });
});

describe("the product's images", () => {
  const input = (product: ReturnType<typeof builtin>) => ({ product, reproduce: 'sevenfold verify' }) as RuleInput;
  const development = { group: { name: 'Development', osFeed: 'Retail' as const, updatePolicy: 'UpdateAll' as const, stage: 'development' as const, fromUpdateDesign: true } };

  it('outside development, an image signed with the SDK test certificate, or marked UnderDevelopment or Temporary, is violated at /apps/i/image', () => {
    const base = builtin();
    for (const image of [{ signer: 'sdk-test' as const }, { flags: ['Temporary', 'UnderDevelopment'] }, { flags: ['Temporary', 'RemoveAtBoot'] }]) {
      const result = checkImageSigners(input(variant(base, { images: { 1: image } })));
      expect(result.verdict, JSON.stringify(image)).toBe('violated');
      expect(result.summary).toMatch(/^\/apps\/1\/image \(FanControl_RTApp\): /);
      expect((result.evidence[0]!.data as { locations: unknown[] }).locations).toEqual([expect.objectContaining({ pointer: '/apps/1/image', file: base.file, app: 'FanControl_RTApp' })]);
    }
    expect(checkImageSigners(input(variant(base, { images: { 0: {} } }))).verdict).toBe('holds');
  });

  it('in a development deployment the same images are allowed (not applicable)', () => {
    const result = checkImageSigners(input(variant(builtin(), { deployment: development, images: { 0: { signer: 'sdk-test', flags: ['Temporary', 'UnderDevelopment'] } } })));
    expect(result.verdict).toBe('holds');
    expect(result.requirementOutcome).toBe('not-applicable');
  });

  it('an image whose signature does not verify, or signed by a key the product does not trust, is violated in every deployment', () => {
    for (const deployment of [{}, development]) {
      expect(checkImageTrust(input(variant(builtin(), { deployment, images: { 0: { signatureValid: false } } }))).summary).toMatch(/\/apps\/0\/image \(Thermostat\): the signature does not verify/);
      expect(checkImageTrust(input(variant(builtin(), { deployment, images: { 2: { signer: 'untrusted' } } }))).summary).toMatch(/\/apps\/2\/image \(AirSampler_RTApp\): signed by a certificate that does not chain/);
    }
    expect(checkImageTrust(input(variant(builtin(), { images: { 0: {}, 1: {} } }))).verdict).toBe('holds');
  });

  it('a product without images: not applicable, and says which apps it booted with the platform signer instead', () => {
    const result = checkImageSigners(input(builtin()));
    expect(result.requirementOutcome).toBe('not-applicable');
    expect(result.evidence[0]!.lines).toContain('/apps/0 (Thermostat): no image package named; its stage boots the platform\'s app-signed image');
  });

  it('end to end: a test-signed image in production makes the property violated under production-signed-images, and the verdict lists the image file', async () => {
    const product = variant(builtin(), { apps: [0], images: { 0: { signer: 'sdk-test' } } });
    product.apps[0]!.imageFile = new URL('../fixtures/images/sample-app.imagepackage', import.meta.url).pathname;
    const result = await runProperty(findProperty('hardware-root-of-trust')!, product, context());
    expect(result.verdict).toBe('violated');
    expect(outcome(result, 'hardware-root-of-trust.production-signed-images')).toBe('failed');
    expect(outcome(result, 'hardware-root-of-trust.images-chain-to-anchor')).toBe('met');
    expect(result.inputs!.map((i) => i.role)).toContain('image package (Thermostat)');
  });
});

describe('a group the update design says accepts development-signed images', () => {
  it('gives its devices appDevelopment: outside development an SDK test-signed app runs and the rule is violated, naming the group; the built-in design holds', async () => {
    const product = loadFixture(new URL('../fixtures/products/production-group-accepts-dev-images/sevenfold.json', import.meta.url).pathname);
    expect(product.deployment.deviceCapabilities).toEqual(['appDevelopment']);
    const result = await check(product);
    expect(result.verdict).toBe('violated');
    expect(outcome(result, 'hardware-root-of-trust.no-app-development-in-production')).toBe('failed');
    expect(allLines(result)).toMatch(/the update design's Production group accepts development-signed images \(appDevelopmentCapability: true\), so its devices carry appDevelopment/);
    expect(allLines(result)).toMatch(/signed with the public SDK test key: RAN/);
    expect(builtin().deployment.deviceCapabilities).toEqual([]);
  });
});

describe("the product's images", () => {
  it('an image signed by a development certificate the product also lists as trusted is violated in Production (production-signed-images)', async () => {
    const result = await check(fixture('../image-development-cert-also-trusted'));
    expect(result.verdict).toBe('violated');
    expect(outcome(result, 'hardware-root-of-trust.production-signed-images')).toBe('failed');
    expect(result.summary).toMatch(/images outside development are production-signed: \/apps\/0\/image \(Blinky\): signed with .*test certificate on devices of the Production group/);
  });
});

describe('trusted key store writers', () => {
  it('untrusted customer code in the secure world that may write the trusted key store is violated: secure-world firmware only', async () => {
    const result = await check(fixture('secure-world-app-writes-key-store'));
    expect(result.verdict).toBe('violated');
    expect(outcome(result, 'hardware-root-of-trust.key-store-writes-confined')).toBe('failed');
    expect(result.summary).toMatch(/only secure-world firmware writes the trusted key store: secure-ta can write trusted-key-store/);
  });
});

describe('private key users', () => {
  it('untrusted customer code on the Pluton core that may use the identity key is violated: Pluton\'s own firmware only', async () => {
    const result = await check(fixture('untrusted-pluton-plugin-uses-identity-key'));
    expect(result.verdict).toBe('violated');
    expect(outcome(result, 'hardware-root-of-trust.private-keys-confined')).toBe('failed');
    expect(result.summary).toMatch(/private keys are confined to Pluton: pluton-plugin can use device-identity-key/);
  });
});

describe('apps the platform has no slot for', () => {
  it('a high-level app on a platform without a high-level slot is unknown (no stage verifies it), naming the app and its product-file entry', async () => {
    const result = await check(fixture('no-high-level-slot'));
    expect(result.verdict).toBe('unknown');
    expect(outcome(result, 'hardware-root-of-trust.images-chain-to-anchor')).toBe('unknown');
    expect(result.summary).toBe('running images are signed by keys chained to the anchor: app Thermostat (/apps/0) has no high-level app slot in the platform design: no boot stage loads it, so whether its image is verified is not known');
  });
});

describe('unique identity', () => {
  it('a factory that gives every device the same identity key is violated: the second device quotes as the first', async () => {
    const result = await check(fixture('same-identity-key'));
    expect(result.verdict).toBe('violated');
    expect(outcome(result, 'hardware-root-of-trust.unique-identity')).toBe('failed');
    expect(result.summary).toMatch(/every device has its own identity key: devices #0 and #1 have the same identity key: the design provisions it same-for-every-device/);
    expect(allLines(result)).toMatch(/device #1's quote for the service's nonce .*: verifies under its own registered key; VERIFIES under device #0's/);
    expect(allLines(result)).toMatch(/device #1's quote verifies as device #0's: the attestation service cannot tell the devices apart/);
    expect(evidenceData(result, 'every device has its own identity key: violated').locations).toEqual([expect.objectContaining({ pointer: '/identityKeyProvisioning' })]);
    // Stated, so not called a default.
    expect(allLines(result)).not.toMatch(/Azure Sphere's default/);
  });

  it('a factory key shared by every device is violated for a fleet of one too: the key is not the device\'s own', async () => {
    const result = await check(fixture('same-identity-key-one-device'));
    expect(result.verdict).toBe('violated');
    expect(outcome(result, 'hardware-root-of-trust.unique-identity')).toBe('failed');
    expect(result.summary).toMatch(/devices #0 and #1 have the same identity key: the design provisions it same-for-every-device/);
    expect(allLines(result)).toMatch(/the product states a fleet of 1, which does not change how the factory provisions keys/);
    expect(evidenceData(result, 'every device has its own identity key: violated').locations).toEqual([expect.objectContaining({ pointer: '/identityKeyProvisioning' })]);
  });

  it('a fleet of one device is no reason to skip uniqueness (it was not applicable): two devices of the factory are told apart', async () => {
    const result = await check(fixture('one-device'));
    expect(result.verdict, result.summary).toBe('holds');
    expect(outcome(result, 'hardware-root-of-trust.unique-identity')).toBe('met');
    expect(allLines(result)).toMatch(/2 devices provisioned by the same factory run \(the product states a fleet of 1/);
    expect(allLines(result)).not.toMatch(/there is no other device to tell it apart from/);
  });

  it('a profile that switches unique identity off leaves the flawed factory holding, the requirement not applicable', async () => {
    const profile: RequirementProfile = structuredClone(builtinProfile());
    profile.requirements['hardware-root-of-trust']!.find((r) => r.id === 'hardware-root-of-trust.unique-identity')!.value = false;
    const result = await check(fixture('same-identity-key'), { requirements: profile });
    expect(result.verdict, result.summary).toBe('holds');
    expect(outcome(result, 'hardware-root-of-trust.unique-identity')).toBe('not-applicable');
    // The rule is not run (it ran, and the summary said "which would be violated"); the summary never claims it.
    expect(result.timings!.map((t) => t.check)).not.toContain('unique identity');
    expect(result.summary).not.toMatch(/every device has its own identity key|would be violated/);
  });
});

describe('key confinement, as the emulated hardware enforces the design', () => {
  it('an app that may use the identity key: violated, and the quote it makes up verifies under the registered key', async () => {
    const result = await check(fixture('app-uses-identity-key'));
    expect(result.verdict).toBe('violated');
    expect(outcome(result, 'hardware-root-of-trust.private-keys-confined')).toBe('failed');
    expect(result.summary).toMatch(/private keys are confined to Pluton: hl-app can use device-identity-key/);
    const text = allLines(result);
    // The rule the fixture appends to the built-in design's access list, wherever the built-in's list ends.
    const rule = accessPointer(`${import.meta.dirname}/../fixtures/products/root-of-trust/app-uses-identity-key/platform.json`, 'hl-app', 'device-identity-key');
    expect(text).toContain(`hl-app may use device-identity-key (${rule} of the platform design): the emulated hardware granted it`);
    expect(text).toMatch(/a quote hl-app made up .* VERIFIES under the identity key registered at the factory/);
    const program = result.evidence!.find((e) => e.title === 'trace: the program of a compromised hl-app')!.lines;
    expect(program).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^use device-identity-key: GRANTED by ${rule}\\b`)), expect.stringMatching(/^read device-identity-key: refused/), expect.stringMatching(/^write device-identity-key: refused/)]));
    expect(evidenceData(result, 'private keys are confined to Pluton: violated').locations).toEqual([expect.objectContaining({ pointer: rule })]);
  });

  it('a kernel that may write the trusted key store: violated, and the store then lists the attacker\'s certificates', async () => {
    const result = await check(fixture('kernel-writes-key-store'));
    expect(result.verdict).toBe('violated');
    expect(outcome(result, 'hardware-root-of-trust.key-store-writes-confined')).toBe('failed');
    expect(outcome(result, 'hardware-root-of-trust.private-keys-confined')).toBe('met');
    expect(result.summary).toMatch(/only secure-world firmware writes the trusted key store: nw-kernel can write trusted-key-store/);
    expect(allLines(result)).toMatch(/the trusted key store now lists 6 certificates: 3 of them written by nw-kernel/);
  });

  it('read or replace by a kernel, use by the Security Monitor: each granted as written and each violated', async () => {
    const product = variant(builtin(), {
      apps: [0],
      platform: (d) => d.access.push({ component: 'nw-kernel', asset: 'device-identity-key', rights: ['read', 'write'] }, { component: 'security-monitor', asset: 'pluton-key-store', rights: ['use'] }),
    });
    const result = await check(product);
    expect(result.verdict).toBe('violated');
    const text = allLines(result);
    expect(text).toMatch(/nw-kernel may read device-identity-key .*granted.*\n {2}nw-kernel now holds the device's identity private key/);
    expect(text).toMatch(/nw-kernel may write device-identity-key .*granted.*\n {2}after the write the device's quotes no longer verify under the identity key registered at the factory/);
    expect(text).toMatch(/security-monitor may use pluton-key-store/);
    // The read put the secret on the mailbox: the bus scan finds it too.
    expect(outcome(result, 'hardware-root-of-trust.identity-key-in-hardware')).toBe('failed');
    expect(text).toMatch(/the identity secret crossed a bus: compromised nw-kernel: pluton-mailbox pluton → nw-kernel \(device-identity-key \(read\)\)/);
  });

  it('an identity key the design keeps in flash: the factory writes it there, and the bus scan finds it', async () => {
    const result = await check(variant(builtin(), { apps: [0], platform: (d) => void (d.assets.find((a) => a.id === 'device-identity-key')!.location = 'flash') }));
    expect(result.verdict).toBe('violated');
    expect(outcome(result, 'hardware-root-of-trust.identity-key-in-hardware')).toBe('failed');
    const text = allLines(result);
    expect(text).toMatch(/device-identity-key is kept in flash, outside Pluton/);
    expect(text).toMatch(/the identity secret crossed a bus: factory provisioning: flash-write factory → flash:asset\/device-identity-key/);
  });

  it('the emulated hardware and the design are two readings: a disagreement makes the verdict unknown', async () => {
    const product = builtin();
    const design = structuredClone(product.platform);
    const lab = await BootLab.open(design, { seed: SEED });
    // Planted on the spec's side: the design now says hl-app may use the identity key; the hardware was built before.
    design.access.push({ component: 'hl-app', asset: 'device-identity-key', rights: ['use'] });
    const input = { product: { ...product, platform: design }, lab, verifier: new CrossCheckedVerifier(), reproduce: 'x' } as unknown as RuleInput;
    const outcomeOfRule = checkPrivateKeyConfinement(input, runCompromisedComponents(input));
    expect(outcomeOfRule.verdict).toBe('unknown');
    expect(outcomeOfRule.summary).toMatch(/hl-app use device-identity-key: the emulator refused it .* the design's access rules and bus masters give it/);
  });
});

describe('the quote the product\'s protocol design describes (s30-redteam)', () => {
  // Each held: the emulated exchange is Azure Sphere's quote, whatever the product's protocol design says.
  it.each([
    ['quote-without-nonce', /no-nonce\.json \/attestation\/nonce: the quote carries no nonce of the service's/],
    ['quote-over-quote-nonce', /verifier-trusts-quote-nonce\.json \/attestation\/nonceCheck: the service verifies the quote over the nonce the quote carries/],
    ['attests-with-certificate', /attests-with-certificate\.json \/connections\/0\/client\/credential: the device attests with a certificate, not a quote signed by its identity key/],
    // s31-protocol: held; the emulated exchange signed with the identity key whatever signingKey the design named (s32: it signs with what the design names, below).
    ['quote-signed-by-register', /quote-signed-by-register\/protocol\.json \/attestation\/signingKey: the quote is signed with "pcr-boot", a register that is not secret, not a secret private key/],
  ])('%s: identity-key-in-hardware is violated, naming the protocol design and its field', async (name, why) => {
    const result = await check(fixture(name));
    expect(result.verdict).toBe('violated');
    expect(outcome(result, 'hardware-root-of-trust.identity-key-in-hardware')).toBe('failed');
    expect(allLines(result)).toMatch(why);
    expect(allLines(result)).toMatch(/so attestation does not show the device holds its identity key now/);
  });

  // s32: the emulated exchange runs the product's protocol design (properties/hardware-root-of-trust/design-quote.ts):
  // each flaw is found by the device itself too (seen: each stays violated with quoteProofGap switched off).
  it.each([
    ['quote-without-nonce', /a recorder replayed the quote: the quote recorded in one session, replayed as recorded, verified in the next \(the service sends no nonce\)/],
    ['quote-over-quote-nonce', /a recorder replayed the quote: the quote recorded in one session, replayed as recorded, verified in the next \(the service sent a new nonce/],
    ['attests-with-certificate', /the device attests with a certificate: it sends no quote, so nothing signed now reaches the service/],
    // pcr-boot is a value the attestation client reads off Pluton's mailbox: the quote fails and a forger who read it signs one.
    ['quote-signed-by-register', /the quote key pcr-boot is software, with pcr-boot read from pluton:pcr-boot: a forger who read pcr-boot \(released\) .* signed a quote of its own for the service's nonce/],
  ])('%s: the emulated exchange under the design finds it on its own', async (name, line) => {
    const result = await check(fixture(name));
    expect(result.verdict).toBe('violated');
    expect(allLines(result)).toMatch(line);
  });

  it('a protocol design of its own with the built-in quote holds (quote-with-fresh-nonce)', async () => {
    const result = await check(fixture('quote-with-fresh-nonce'));
    expect(result.verdict, result.summary).toBe('holds');
    expect(outcome(result, 'hardware-root-of-trust.identity-key-in-hardware')).toBe('met');
    expect(outcome(result, 'hardware-root-of-trust.measured-before-run')).toBe('met');
  });

  it('a quote whose measurements the identity key does not sign: measured-before-run is violated by the rule and by the emulated report (s34-protocol: it held)', async () => {
    const result = await check(fixture('quote-without-signed-measurements'));
    expect(result.verdict, result.summary).toBe('violated');
    expect(outcome(result, 'hardware-root-of-trust.measured-before-run')).toBe('failed');
    expect(allLines(result)).toMatch(/measurements-not-signed\.json \/attestation\/signedFields: the identity key's signature does not cover the measurements: .*so attestation does not see an image that got past the checks/);
    expect(allLines(result)).toMatch(/the emulated report under .*measurements-not-signed\.json: a device whose register shows a tampered image sent the genuine digest in its quote, and the signature over the quote still verified/);
    // It proves possession all the same: the identity rule is not what this flaw breaks.
    expect(outcome(result, 'hardware-root-of-trust.identity-key-in-hardware')).toBe('met');
  });
});

/**
 * Does a quote show that the device holds its key now? Two readings held together.
 * The rule: model/attestation/protocol-design.ts quoteProofGap (the device attests with a quote, signed by a secret
 * private key of the platform, over a fresh service nonce the service checks), with what identity-key.ts adds
 * statically for the quote key (a private key kept outside Pluton).
 * The emulated device: properties/hardware-root-of-trust/design-quote.ts playQuoteExchange and forgeQuote over
 * emulator/boot/quote-key.ts: the device attests as the design's attestation connection says, the factory registers
 * the key the device signs its quotes with (Pluton's sealed key, or software signing with the value it reads where
 * the design keeps the asset), the service sends the design's nonce and verifies the design's signed fields over the
 * nonce the design says it checks; a recorder replays the quote in the next session and a forger who knows the design
 * signs one of its own from what crossed the buses. Flawed when no quote verifies, or a replay or forgery does.
 * Before (s31), the emulated exchange was Azure Sphere's quote whatever the design said (always the identity key,
 * always a signed, checked nonce), so only the rule decided these.
 * Designs: the built-in platform with the quote signed by each of its assets; every protocol design among the fixtures;
 * the fixtures that name another quote key (quote-signed-by-register, maker-key-own-protocol); random protocol designs
 * (nonce policy, nonce check, carried and signed fields, attestation credential, quote key) that the loader's rules
 * take; random platforms (the built-in with one more asset of any kind, place and secrecy, which signs the quote).
 * Not blind: a rule that takes a key store for a key or ignores the nonce check, and a play without its forger or its
 * recorder, each disagree.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { BootLab, CrossCheckedVerifier } from '../../emulator/boot/index.js';
import { builtinProtocol, loadProtocol, validateProtocolDesign } from '../../model/attestation/load-protocol.js';
import { measurementReportGap, quoteProofGap, QUOTE_FIELDS, type CredentialKind, type ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import type { AssetKind, AssetLocation, PlatformDesign } from '../../model/platform/platform-design.js';
import { packageRoot } from '../../model/product/builtin.js';
import { forgeQuote, playQuoteExchange, playTamperedReport } from '../../properties/hardware-root-of-trust/design-quote.js';

const SEED = 20261206;
const builtinPlatform = loadPlatform(builtinPlatformFile()).design!;
const withKey = (signingKey: string): ProtocolDesign => ({ ...builtinProtocol(), attestation: { ...builtinProtocol().attestation, signingKey } });

type RuleOf = (protocol: ProtocolDesign, platform: PlatformDesign) => boolean;

/** The rule's reading: does the quote fail to show possession now (quoteProofGap, or a quote key kept outside Pluton)? */
const ruleFlaws: RuleOf = (protocol, platform) => {
  const asset = platform.assets.find((a) => a.id === protocol.attestation.signingKey);
  return quoteProofGap(protocol, platform) !== undefined || (asset?.kind === 'private-key' && asset.location !== 'pluton');
};

const verifier = new CrossCheckedVerifier();

/** The emulated device's reading: why no quote under the design shows possession now, or undefined when one does. */
function emulatedFlaw(lab: BootLab, protocol: ProtocolDesign, play: { forger?: boolean; recorder?: boolean } = {}): string | undefined {
  const normal = lab.boot(verifier);
  const leaving = lab.factoryDevice.clone();
  const played = playQuoteExchange(leaving, normal.device, protocol, verifier, SEED);
  if (played.failure) return played.failure;
  if (played.replayed && play.recorder !== false) return played.replayed;
  if (play.forger === false) return undefined;
  const forged = forgeQuote([lab.factoryDevice, leaving, normal.device], protocol, played.registration!, verifier, SEED);
  return forged ? `forged with ${forged}` : undefined;
}

/** The first design on which the two readings differ. */
function disagreement(lab: BootLab, platform: PlatformDesign, protocols: readonly [string, ProtocolDesign][], rule: RuleOf = ruleFlaws, play: { forger?: boolean; recorder?: boolean } = {}): string | undefined {
  for (const [name, protocol] of protocols) {
    const byRule = rule(protocol, platform);
    const byDevice = emulatedFlaw(lab, protocol, play);
    if (byRule !== (byDevice !== undefined)) return `${platform.name}, ${name}: the rule says ${byRule ? 'flawed' : 'sound'}${byRule ? ` (${quoteProofGap(protocol, platform)?.message ?? 'a private key kept outside Pluton'})` : ''}, the device ${byDevice ? `flawed (${byDevice})` : 'sound'}`;
  }
  return undefined;
}

const BUILTIN_KEYS: [string, ProtocolDesign][] = [...builtinPlatform.assets.map((a) => a.id), 'no-such-asset'].map((k) => [`quote signed by ${k}`, withKey(k)]);
const root = packageRoot();
const PROTOCOL_FIXTURES: [string, ProtocolDesign][] = readdirSync(join(root, 'test/fixtures/protocols'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, loadProtocol(join(root, 'test/fixtures/protocols', f)).design!]);

let builtinLab: BootLab;
beforeAll(async () => {
  builtinLab = await BootLab.open(builtinPlatform, { seed: SEED });
});

describe('differential: does a quote show possession now, design rule and emulated exchange', () => {
  it('agree on the built-in platform for every asset as the quote key, and a name it has none for (only the identity key is sound)', () => {
    expect(disagreement(builtinLab, builtinPlatform, BUILTIN_KEYS)).toBeUndefined();
    expect(emulatedFlaw(builtinLab, withKey('device-identity-key'))).toBeUndefined();
    expect(emulatedFlaw(builtinLab, withKey('pcr-boot'))).toMatch(/does not verify|forged/);
    expect(emulatedFlaw(builtinLab, withKey('rom-key-hash'))).toMatch(/forged with .*rom-key-hash/);
    expect(emulatedFlaw(builtinLab, withKey('no-such-asset'))).toMatch(/no asset "no-such-asset"/);
  });

  it('agree on every protocol design among the fixtures, and on the fixtures that name another quote key', async () => {
    expect(PROTOCOL_FIXTURES.length).toBeGreaterThan(10);
    expect(disagreement(builtinLab, builtinPlatform, PROTOCOL_FIXTURES)).toBeUndefined();
    expect(emulatedFlaw(builtinLab, PROTOCOL_FIXTURES.find(([f]) => f === 'no-nonce.json')![1])).toMatch(/replayed as recorded, verified in the next \(the service sends no nonce\)/);
    expect(emulatedFlaw(builtinLab, PROTOCOL_FIXTURES.find(([f]) => f === 'nonce-not-signed.json')![1])).toMatch(/replayed with the new session's nonce put in its nonce field/);
    expect(emulatedFlaw(builtinLab, PROTOCOL_FIXTURES.find(([f]) => f === 'verifier-trusts-quote-nonce.json')![1])).toMatch(/replayed as recorded, verified in the next/);
    expect(emulatedFlaw(builtinLab, PROTOCOL_FIXTURES.find(([f]) => f === 'attests-with-certificate.json')![1])).toMatch(/attests with a certificate: it sends no quote/);
    const register = loadProtocol(join(root, 'test/fixtures/products/root-of-trust/quote-signed-by-register/protocol.json')).design!;
    expect(ruleFlaws(register, builtinPlatform)).toBe(true);
    expect(emulatedFlaw(builtinLab, register)).toBeDefined();
    const dir = join(root, 'test/fixtures/platforms/maker-key-own-protocol');
    const maker = loadPlatform(join(dir, 'platform.json')).design!;
    const makerProtocol = loadProtocol(join(dir, 'protocol.json')).design!;
    expect(ruleFlaws(makerProtocol, maker)).toBe(false);
    expect(emulatedFlaw(await BootLab.open(maker, { seed: SEED }), makerProtocol)).toBeUndefined();
  });

  it('agree on random protocol designs: nonce policy and check, carried and signed fields, credential, quote key', () => {
    const credentials: CredentialKind[] = ['device-identity-key', 'device-identity-key', 'certificate', 'password'];
    const designs = fc.sample(
      fc.record({
        nonce: fc.constantFrom('service-nonce' as const, 'none' as const),
        nonceCheck: fc.constantFrom('sent-nonce' as const, 'quote-nonce' as const),
        signed: fc.subarray([...QUOTE_FIELDS]),
        measurementsCarried: fc.boolean(),
        credential: fc.constantFrom(...credentials),
        signingKey: fc.constantFrom('device-identity-key', 'device-identity-key', 'pcr-boot', 'pluton-key-store', 'trusted-key-store'),
      }),
      { seed: SEED, numRuns: 40 },
    );
    const cases: [string, ProtocolDesign][] = [];
    for (const d of designs) {
      const base = builtinProtocol();
      const quoteFields = QUOTE_FIELDS.filter((f) => f === 'deviceId' || f === 'clientKey' || (f === 'nonce' && d.nonce === 'service-nonce') || (f === 'measurements' && d.measurementsCarried));
      const protocol: ProtocolDesign = {
        ...base,
        attestation: { ...base.attestation, signingKey: d.signingKey, nonce: d.nonce, ...(d.nonce === 'service-nonce' ? { nonceCheck: d.nonceCheck } : { nonceCheck: undefined }), quoteFields, signedFields: d.signed.filter((f) => quoteFields.includes(f)) },
        connections: base.connections.map((c) => (c.protocol === 'attestation' ? { ...c, client: { ...c.client, credential: d.credential } } : c)),
      };
      if (protocol.attestation.nonceCheck === undefined) delete protocol.attestation.nonceCheck;
      if (validateProtocolDesign(protocol).length) continue;
      cases.push([JSON.stringify(d), protocol]);
    }
    expect(cases.length).toBeGreaterThan(25);
    const sound = cases.filter(([, p]) => !ruleFlaws(p, builtinPlatform)).length;
    expect(sound, 'some random design is sound').toBeGreaterThan(0);
    expect(disagreement(builtinLab, builtinPlatform, cases)).toBeUndefined();
  });

  it('agree on random platforms: one more asset, of any kind, place and secrecy the loader takes, signs the quote', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'quote-proof-differential-'));
    const text = readFileSync(builtinPlatformFile(), 'utf8');
    const kinds: AssetKind[] = ['private-key', 'key-hash', 'counter', 'register', 'key-store', 'firewall-config', 'storage', 'memory-region'];
    const places: AssetLocation[] = ['pluton', 'efuse', 'flash', 'sram', 'io-registers'];
    // A second secret private key in Pluton (sound) first, then random ones (mostly flawed).
    const samples = [{ kind: 'private-key' as AssetKind, location: 'pluton' as AssetLocation, secret: true }, ...fc.sample(fc.record({ kind: fc.constantFrom(...kinds), location: fc.constantFrom(...places), secret: fc.boolean() }), { seed: SEED, numRuns: 6 })];
    let compared = 0;
    const sound: string[] = [];
    for (const [i, extra] of samples.entries()) {
      const doc = JSON.parse(text) as { $schema?: string; assets: unknown[] };
      delete doc.$schema;
      doc.assets.push({ id: 'quote-key', name: 'the quote key', critical: false, ...extra });
      const file = join(scratch, `platform-${i}.json`);
      writeFileSync(file, JSON.stringify(doc));
      const loaded = loadPlatform(file);
      if (!loaded.design) continue;
      compared++;
      const lab = await BootLab.open(loaded.design, { seed: SEED });
      expect(disagreement(lab, loaded.design, [['quote signed by quote-key', withKey('quote-key')]]), JSON.stringify(extra)).toBeUndefined();
      if (!ruleFlaws(withKey('quote-key'), loaded.design)) sound.push(JSON.stringify(extra));
    }
    expect(compared).toBeGreaterThan(3);
    expect(sound).toEqual([JSON.stringify(samples[0])]);
  });

  it('is not blind: a rule that takes a key store for a key or ignores the nonce check, and a play without its forger or recorder, each disagree', () => {
    const keyStoreSigns: RuleOf = (protocol, platform) => platform.assets.find((a) => a.id === protocol.attestation.signingKey)?.kind !== 'key-store' && ruleFlaws(protocol, platform);
    expect(disagreement(builtinLab, builtinPlatform, BUILTIN_KEYS, keyStoreSigns)).toMatch(/quote signed by (pluton-key-store|trusted-key-store): the rule says sound, the device flawed/);
    const anyNonceCheck: RuleOf = (protocol, platform) => ruleFlaws({ ...protocol, attestation: { ...protocol.attestation, nonceCheck: 'sent-nonce' } }, platform);
    expect(disagreement(builtinLab, builtinPlatform, PROTOCOL_FIXTURES, anyNonceCheck)).toMatch(/verifier-trusts-quote-nonce\.json: the rule says sound, the device flawed/);
    expect(disagreement(builtinLab, builtinPlatform, BUILTIN_KEYS, ruleFlaws, { forger: false })).toMatch(/the rule says flawed .*, the device sound/);
    expect(disagreement(builtinLab, builtinPlatform, PROTOCOL_FIXTURES, ruleFlaws, { recorder: false })).toMatch(/the rule says flawed .*, the device sound/);
  });
});

/**
 * Does attestation see what the device runs? The rule: measurementReportGap (the device attests with a quote that
 * carries the measurements under the identity key's signature). The emulated reading: playTamperedReport (a device
 * whose register shows a tampered image sends the genuine digest, or no measurements, with Pluton's signature over its
 * real register; the service checks the signature and the carried digest). hardware-root-of-trust's measured-before-run
 * reads both (s34-protocol: it held for a design whose quote never reported the measurements).
 */
describe('differential: does attestation see the register, design rule and emulated report', () => {
  const report = (protocol: ProtocolDesign) => playTamperedReport(protocol, verifier, SEED);
  it('agree on every protocol fixture and on random designs (carried and signed fields, nonce, credential)', () => {
    const designs: [string, ProtocolDesign][] = [...PROTOCOL_FIXTURES];
    for (const d of fc.sample(fc.record({ signed: fc.subarray([...QUOTE_FIELDS]), measurementsCarried: fc.boolean(), nonce: fc.constantFrom('service-nonce' as const, 'none' as const), credential: fc.constantFrom<CredentialKind>('device-identity-key', 'device-identity-key', 'certificate') }), { seed: SEED, numRuns: 40 })) {
      const base = builtinProtocol();
      const quoteFields = QUOTE_FIELDS.filter((f) => f === 'deviceId' || f === 'clientKey' || (f === 'nonce' && d.nonce === 'service-nonce') || (f === 'measurements' && d.measurementsCarried));
      const protocol: ProtocolDesign = {
        ...base,
        attestation: { ...base.attestation, nonce: d.nonce, quoteFields, signedFields: d.signed.filter((f) => quoteFields.includes(f)) },
        connections: base.connections.map((c) => (c.protocol === 'attestation' ? { ...c, client: { ...c.client, credential: d.credential } } : c)),
      };
      if (d.nonce === 'none') delete protocol.attestation.nonceCheck;
      if (validateProtocolDesign(protocol).length) continue;
      designs.push([JSON.stringify(d), protocol]);
    }
    expect(designs.length).toBeGreaterThan(40);
    const differ = designs.filter(([, p]) => (measurementReportGap(p) !== undefined) !== (report(p) !== undefined)).map(([name, p]) => `${name}: rule ${measurementReportGap(p)?.message ?? 'sound'}, emulated ${report(p) ?? 'sound'}`);
    expect(differ).toEqual([]);
    expect(designs.filter(([, p]) => report(p) === undefined).length, 'some design reports the register').toBeGreaterThan(0);
    expect(designs.filter(([, p]) => report(p) !== undefined).length, 'some design does not').toBeGreaterThan(0);
  });
  it('name what the service took', () => {
    expect(report(PROTOCOL_FIXTURES.find(([f]) => f === 'measurements-not-signed.json')![1])).toMatch(/sent the genuine digest in its quote, and the signature over the quote still verified|sent a quote without measurements/);
    expect(report(builtinProtocol())).toBeUndefined();
  });
});

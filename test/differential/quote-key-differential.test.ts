/**
 * The quote's signing key (the protocol design's attestation.signingKey), two readings held together.
 * The rule: model/attestation/protocol-design.ts quoteProofGap's /attestation/signingKey finding (the quote shows
 * possession only when a secret private key of the platform signs it), with what identity-key.ts adds statically
 * for the same asset (a private key kept outside Pluton). The emulated device:
 * properties/hardware-root-of-trust/quote-exchange.ts playQuoteExchange and forgeQuote over
 * emulator/boot/quote-key.ts: the factory registers the
 * key the device signs its quotes with (Pluton's sealed key, or software signing with the value it reads where the
 * design keeps the asset), the booted device signs a quote for the service's nonce, and a forger who knows the
 * design signs one of its own from what crossed the buses. The emulated side calls it flawed when no quote verifies
 * or the forgery does. Before, the emulated exchange always signed with the identity key, so only the rule decided.
 * Designs: the built-in platform with the quote signed by each of its assets and by a name it has no asset for; the
 * fixtures that name another quote key (quote-signed-by-register, maker-key-own-protocol); random platforms (the
 * built-in with one more asset of any kind, place and secrecy, read by the loader, which signs the quote).
 * Not blind: a rule that takes a key store for a key, and a play without the forger, each disagree.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { BootLab, CrossCheckedVerifier, HmacDrbg } from '../../emulator/boot/index.js';
import { builtinProtocol, loadProtocol } from '../../model/attestation/load-protocol.js';
import { quoteProofGap, type ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import type { AssetKind, AssetLocation, PlatformDesign } from '../../model/platform/platform-design.js';
import { packageRoot } from '../../model/product/builtin.js';
import { forgeQuote, playQuoteExchange } from '../../properties/hardware-root-of-trust/quote-exchange.js';

const SEED = 20261206;
const builtinPlatform = loadPlatform(builtinPlatformFile()).design!;
const withKey = (signingKey: string): ProtocolDesign => ({ ...builtinProtocol(), attestation: { ...builtinProtocol().attestation, signingKey } });

type RuleOf = (protocol: ProtocolDesign, platform: PlatformDesign) => boolean;

/** The rule's reading: is the quote key flawed (its signing-key finding, or a private key kept outside Pluton)? */
const ruleFlaws: RuleOf = (protocol, platform) => {
  const asset = platform.assets.find((a) => a.id === protocol.attestation.signingKey);
  return quoteProofGap(protocol, platform)?.pointer === '/attestation/signingKey' || (asset?.kind === 'private-key' && asset.location !== 'pluton');
};

const verifier = new CrossCheckedVerifier();

/** The emulated device's reading: the reason no quote under the key shows possession, or undefined when one does. */
function emulatedFlaw(lab: BootLab, signingKey: string, forger = true): string | undefined {
  const normal = lab.boot(verifier);
  const leaving = lab.factoryDevice.clone();
  const nonce = new HmacDrbg(SEED, 'quote-key differential nonce').generate(32);
  const played = playQuoteExchange(leaving, normal.device, signingKey, verifier, nonce);
  if (played.failure) return played.failure;
  if (!forger) return undefined;
  const forged = forgeQuote([lab.factoryDevice, leaving, normal.device], signingKey, played.registration!, verifier, new HmacDrbg(SEED, 'forged nonce').generate(32));
  return forged ? `forged with ${forged}` : undefined;
}

/** The first quote key on which the two readings differ. */
function disagreement(lab: BootLab, platform: PlatformDesign, keys: readonly string[], rule: RuleOf = ruleFlaws, forger = true): string | undefined {
  for (const key of keys) {
    const byRule = rule(withKey(key), platform);
    const byDevice = emulatedFlaw(lab, key, forger);
    if (byRule !== (byDevice !== undefined)) return `${platform.name}, quote signed by ${key}: the rule says ${byRule ? 'flawed' : 'sound'}, the device ${byDevice ? `flawed (${byDevice})` : 'sound'}`;
  }
  return undefined;
}

const BUILTIN_KEYS = [...builtinPlatform.assets.map((a) => a.id), 'no-such-asset'];
let builtinLab: BootLab;
beforeAll(async () => {
  builtinLab = await BootLab.open(builtinPlatform, { seed: SEED });
});

describe('differential: the quote signing key, design rule and emulated exchange', () => {
  it("agree on the built-in platform for every asset as the quote key, and a name it has none for (only the identity key is sound)", () => {
    expect(disagreement(builtinLab, builtinPlatform, BUILTIN_KEYS)).toBeUndefined();
    expect(emulatedFlaw(builtinLab, 'device-identity-key')).toBeUndefined();
    expect(emulatedFlaw(builtinLab, 'pcr-boot')).toMatch(/does not verify|forged/);
    expect(emulatedFlaw(builtinLab, 'rom-key-hash')).toMatch(/forged with .*rom-key-hash/);
    expect(emulatedFlaw(builtinLab, 'no-such-asset')).toMatch(/no asset "no-such-asset"/);
  });

  it('agree on the fixtures that name another quote key: quote-signed-by-register (flawed), maker-key-own-protocol (sound)', async () => {
    const root = packageRoot();
    const register = loadProtocol(join(root, 'test/fixtures/products/root-of-trust/quote-signed-by-register/protocol.json')).design!;
    expect(ruleFlaws(register, builtinPlatform)).toBe(true);
    expect(emulatedFlaw(builtinLab, register.attestation.signingKey)).toBeDefined();
    const dir = join(root, 'test/fixtures/platforms/maker-key-own-protocol');
    const maker = loadPlatform(join(dir, 'platform.json')).design!;
    const makerProtocol = loadProtocol(join(dir, 'protocol.json')).design!;
    expect(ruleFlaws(makerProtocol, maker)).toBe(false);
    expect(emulatedFlaw(await BootLab.open(maker, { seed: SEED }), makerProtocol.attestation.signingKey)).toBeUndefined();
  });

  it('agree on random platforms: one more asset, of any kind, place and secrecy the loader takes, signs the quote', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'quote-key-differential-'));
    const text = readFileSync(builtinPlatformFile(), 'utf8');
    const kinds: AssetKind[] = ['private-key', 'key-hash', 'counter', 'register', 'key-store', 'firewall-config', 'storage', 'memory-region'];
    const places: AssetLocation[] = ['pluton', 'efuse', 'flash', 'sram', 'io-registers'];
    // A second secret private key in Pluton (sound) first, then random ones (mostly flawed).
    const samples = [{ kind: 'private-key' as AssetKind, location: 'pluton' as AssetLocation, secret: true }, ...fc.sample(fc.record({ kind: fc.constantFrom(...kinds), location: fc.constantFrom(...places), secret: fc.boolean() }), { seed: SEED, numRuns: 8 })];
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
      expect(disagreement(lab, loaded.design, ['quote-key']), JSON.stringify(extra)).toBeUndefined();
      if (!ruleFlaws(withKey('quote-key'), loaded.design)) sound.push(JSON.stringify(extra));
    }
    expect(compared).toBeGreaterThan(4);
    expect(sound).toEqual([JSON.stringify(samples[0])]);
  });

  it('is not blind: a rule that takes a key store for a signing key, and a play without its forger, each disagree', () => {
    const keyStoreSigns: RuleOf = (protocol, platform) => platform.assets.find((a) => a.id === protocol.attestation.signingKey)?.kind !== 'key-store' && ruleFlaws(protocol, platform);
    expect(disagreement(builtinLab, builtinPlatform, BUILTIN_KEYS, keyStoreSigns)).toMatch(/quote signed by (pluton-key-store|trusted-key-store): the rule says sound, the device flawed/);
    expect(disagreement(builtinLab, builtinPlatform, BUILTIN_KEYS, ruleFlaws, false)).toMatch(/the rule says flawed, the device sound/);
  });
});

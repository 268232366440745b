/**
 * Two classes audit 5 found reading "holds": a stage's anti-rollback counter that can go back or never
 * rises (an asset that is no counter, a counter in SRAM or flash, one a normal-world or untrusted
 * component may write, set back or raise at will, one no component may write), and a
 * component loaded from an image that no boot stage loads (nothing verifies or renews it). Each is read
 * by hardware-root-of-trust (booted) and by renewable-security's static rules (model/update/rollback.ts,
 * load-update.ts checkAgainstPlatform), from the fixtures of test/fixtures/platforms.
 */
import { describe, expect, it } from 'vitest';
import { checkAgainstPlatform } from '../../model/update/load-update.js';
import { checkRollbackRule } from '../../model/update/rollback.js';
import { checkHardwareRootOfTrust } from '../../properties/hardware-root-of-trust/index.js';
import { builtinProfile, checkContext } from '../helpers/check-context.js';
import { defaultDesign, fixtureProduct } from '../update/helpers.js';
import { loadPlatformFixture } from '../helpers/platform-fixture.js';

const load = loadPlatformFixture;
const rootOfTrust = (name: string) => checkHardwareRootOfTrust(load(name), checkContext({ seed: 7, runs: 5, timeoutMs: 10_000, command: 'sevenfold verify --property hardware-root-of-trust' }));
const outcome = (r: Awaited<ReturnType<typeof rootOfTrust>>, id: string) => r.requirements?.find((q) => q.id === id)?.outcome;

describe('an anti-rollback counter that can go back does not guard its stage', () => {
  it.each([
    ['app-counter-in-sram', 'nw-memory, a memory-region (Normal World memory), not an anti-rollback counter'],
    ['app-counter-in-flash', 'arc-apps, a counter kept in flash, which whoever writes the flash sets back'],
    ['app-counter-services-write', 'arc-apps, a counter in pluton that the normal-world os-services may write, and so set back'],
    ['app-counter-secure-app-writes', 'arc-apps, a counter in pluton that the untrusted secure-ta may write, and so set back'],
    ['app-counter-nobody-writes', 'arc-apps, a counter no access rule lets any component write, so no newer release ever raises it'],
    ['app-counter-services-raise', 'arc-apps, an eFuse counter that the normal-world os-services may write, and so raise for no verified image: past every genuine release, which the boot then refuses'],
  ])('%s: the rollback rule finds each app stage, located at its counter', (name, why) => {
    const product = load(name);
    const result = checkRollbackRule(product.platform, defaultDesign(), builtinProfile(), { basePlatform: product.basePlatform, platformFile: product.platformFile });
    expect(result.findings.map((f) => [f.image, f.where.replace(/^.*platform\.json /, '')])).toEqual([
      ['hl-app', '/boot/6/rollback/counter'],
      ['rt-app-0', '/boot/7/rollback/counter'],
      ['rt-app-1', '/boot/8/rollback/counter'],
    ]);
    const consequence = why.includes('past every genuine release') ? '' : ": the vendor's older, validly signed release of the stage boots again";
    expect(result.findings[0]!.problem).toBe(`hl-app is guarded by ${why}${consequence}`);
  });

  // s35-identity: the rule read only the world and the untrusted mark; a secure-world component the network attacker
  // runs as (verifier-takeover.ts) held with the write right, while the same one in the normal world was violated.
  it('a secure-world network agent that may write the apps\' eFuse counter is one the attacker runs as: found at each app stage; without the right, nothing', () => {
    const product = load('app-counter-network-agent-writes');
    const result = checkRollbackRule(product.platform, defaultDesign(), builtinProfile(), { basePlatform: product.basePlatform, platformFile: product.platformFile });
    expect(result.findings.map((f) => f.image)).toEqual(['hl-app', 'rt-app-0', 'rt-app-1']);
    expect(result.findings[0]!.problem).toBe('hl-app is guarded by arc-apps, an eFuse counter that secure-net-agent may write (an attacker runs as secure-net-agent: it parses network input), and so raise for no verified image: past every genuine release, which the boot then refuses');
    const sound = load('app-counter-network-agent-without-right');
    expect(checkRollbackRule(sound.platform, defaultDesign(), builtinProfile(), { basePlatform: sound.basePlatform, platformFile: sound.platformFile }).findings).toEqual([]);
  });

  it('hardware-root-of-trust: violated for the network agent with the right, holds without it', async () => {
    const flawed = await rootOfTrust('app-counter-network-agent-writes');
    expect(flawed.verdict).toBe('violated');
    expect(flawed.summary).toMatch(/an eFuse counter that secure-net-agent may write \(an attacker runs as secure-net-agent: it parses network input\)/);
    const sound = await rootOfTrust('app-counter-network-agent-without-right');
    expect(sound.verdict, sound.summary).toBe('holds');
  });

  it('a counter in Pluton written only by secure-world firmware guards its stages, as eFuses do', () => {
    const product = load('app-counter-in-pluton');
    expect(checkRollbackRule(product.platform, defaultDesign(), builtinProfile()).findings).toEqual([]);
  });

  it('untrusted customer code in the secure world that may write the counter is as bad as the normal world: hardware-root-of-trust is violated', async () => {
    const flawed = await rootOfTrust('app-counter-secure-app-writes');
    expect(flawed.verdict).toBe('violated');
    expect(flawed.summary).toMatch(/counters are raised only for verified images: hl-app is guarded by arc-apps, a counter in pluton that the untrusted secure-ta may write, and so set back/);
  });

  it('a stage that names an eFuse field that is no counter bank (the ROM key hash) as its counter is violated, not an internal failure of the boot emulator', async () => {
    const flawed = await rootOfTrust('kernel-counter-is-key-hash');
    expect(flawed.verdict, flawed.summary).toBe('violated');
    expect(flawed.summary).toMatch(/^counters are raised only for verified images: nw-kernel is guarded by rom-key-hash, a key-hash \(Hash of the ROM trust-anchor public key\), not an anti-rollback counter/);
  });

  it('hardware-root-of-trust is violated for a counter in flash and holds for one in Pluton', async () => {
    const flawed = await rootOfTrust('app-counter-in-flash');
    expect(flawed.verdict).toBe('violated');
    expect(flawed.summary).toMatch(/^counters are raised only for verified images: hl-app is guarded by arc-apps, a counter kept in flash/);
    const sound = await rootOfTrust('app-counter-in-pluton');
    expect(sound.verdict, sound.summary).toBe('holds');
  });
});

// s35-identity: key-confinement.ts took every secure-world firmware component for the vendor's own; the network attacker
// runs as a network-facing one (verifier-takeover.ts), which held key-store-writes-confined with the write right.
describe('the trusted key store\'s writers: who an attacker runs as', () => {
  it('a secure-world firmware network co-processor with the write right: violated at key-store-writes-confined, both readings naming it; without the right: met', async () => {
    const flawed = await rootOfTrust('key-store-written-by-network-coprocessor');
    expect(flawed.verdict).toBe('violated');
    expect(outcome(flawed, 'hardware-root-of-trust.key-store-writes-confined')).toBe('failed');
    expect((flawed.evidence ?? []).flatMap((e) => e.lines).join('\n')).toMatch(/an attacker of the design runs as net-coprocessor: it parses network input;/);
    const sound = await rootOfTrust('network-coprocessor-without-key-store');
    expect(sound.verdict, sound.summary).toBe('holds');
    expect(outcome(sound, 'hardware-root-of-trust.key-store-writes-confined')).toBe('met');
  });
});

describe('a component loaded from an image that no boot stage loads', () => {
  it('is not renewable (every-stage-renewable), while the same component as a boot stage is asked for as a stage', () => {
    const unbooted = load('unbooted-wifi-firmware');
    expect(checkAgainstPlatform(defaultDesign(), unbooted.platform)).toEqual(['wifi-firmware (Wi-Fi firmware) is loaded from an image but is neither a boot stage nor updated by any update kind: it can never be renewed']);
    const booted = load('booted-wifi-firmware');
    const asStage = checkAgainstPlatform(defaultDesign(), booted.platform);
    expect(asStage).toContain('boot stage wifi-firmware is updated by no update kind: it can never be renewed');
    expect(asStage.join('\n')).not.toMatch(/neither a boot stage/);
  });

  it('runs unverified: hardware-root-of-trust is violated under images-chain-to-anchor; booted and checked, it holds', async () => {
    const flawed = await rootOfTrust('unbooted-wifi-firmware');
    expect(flawed.verdict).toBe('violated');
    expect(outcome(flawed, 'hardware-root-of-trust.images-chain-to-anchor')).toBe('failed');
    expect(flawed.summary).toMatch(/wifi-firmware \(Wi-Fi firmware\) is loaded from a WifiFirmware image \(mutable\) but no boot stage loads it: nothing verifies it/);
    const sound = await rootOfTrust('booted-wifi-firmware');
    expect(sound.verdict, sound.summary).toBe('holds');
  });
});

describe('the trusted key store, a signed image with a counter of its own, is held to the same counter rule', () => {
  // s32-redteam: a design whose normal-world kernel may write the key store's counter held hardware-root-of-trust
  // ("counters are raised only for verified images"): the rule ranged over boot stages alone. Renewable-security found
  // the same counter (model/update/key-store-rollback.ts); both read counterWeakness.
  const storeRootOfTrust = (name: string) => checkHardwareRootOfTrust(fixtureProduct(name), checkContext({ seed: 7, runs: 5, timeoutMs: 10_000, command: 'sevenfold verify --property hardware-root-of-trust' }));
  it.each([
    ['renewal-key-store-counter-in-pluton-written-by-kernel', /trusted-key-store \(a signed image\) is guarded by arc-key-store, a counter in pluton that the normal-world nw-kernel may write, and so set back/],
    ['renewal-key-store-counter-raised-by-real-time-app', /trusted-key-store \(a signed image\) is guarded by arc-key-store, an eFuse counter that the normal-world rt-app-0 may write, and so raise for no verified image/],
    ['renewal-key-store-counter-in-sram', /trusted-key-store \(a signed image\) is guarded by arc-key-store, a counter kept in sram, which every reset sets back to zero/],
  ])('%s: hardware-root-of-trust violated, located at the store\'s counter', async (name, why) => {
    const result = await storeRootOfTrust(name);
    expect(result.verdict, result.summary).toBe('violated');
    expect(result.summary).toMatch(why);
    expect(result.evidence?.[0]?.lines.join('\n')).toMatch(/platform\.json \/assets\/\d+\/signedImage\/rollback\/counter: /);
  });

  it('renewal-key-store-counter-in-pluton (sound: written by secure-world firmware only): holds', async () => {
    const result = await storeRootOfTrust('renewal-key-store-counter-in-pluton');
    expect(result.verdict, result.summary).toBe('holds');
  });
});

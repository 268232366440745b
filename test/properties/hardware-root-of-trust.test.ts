import { resolve } from 'node:path';
import { productAssumingNoBusMasters } from '../fixtures/bus-masters-stated.js';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinProductFile } from '../../model/product/builtin.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { checkHardwareRootOfTrust } from '../../properties/hardware-root-of-trust/index.js';
import type { PropertyResult } from '../../properties/verdict.js';
import { builtinProfile, checkContext } from '../helpers/check-context.js';

const fixtures = resolve(fileURLToPath(import.meta.url), '../../fixtures/platforms');
const SEED = 20261121;

function load(file: string): Product {
  const loaded = loadProduct(file);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.product!;
}

const check = (product: Product): Promise<PropertyResult> =>
  checkHardwareRootOfTrust(product, checkContext({ seed: SEED, runs: 10, timeoutMs: 10_000, command: 'sevenfold verify --property hardware-root-of-trust' }));
const flawed = (name: string) => check(load(resolve(fixtures, name, 'sevenfold.json')));
/** The first verdict per fixture, kept for the reproducibility test. */
const firstRuns = new Map<string, PropertyResult>();
const flawedOnce = async (name: string) => {
  const result = await flawed(name);
  if (!firstRuns.has(name)) firstRuns.set(name, result);
  return result;
};
const allLines = (result: PropertyResult) => (result.evidence ?? []).flatMap((e) => [e.title, ...e.lines]).join('\n');

describe('hardware-root-of-trust', () => {
  it('is unknown for the built-in product as written, naming /busMasters: its apps drive peripheral blocks whose DMA reach is not stated (s37-dma)', async () => {
    const result = await check(load(builtinProductFile()));
    expect(result.verdict, result.summary).toBe('unknown');
    expect(result.summary).toContain('(/busMasters)');
    expect(allLines(result)).toContain('/busMasters: ');
  });

  // The fixture assumption of test/fixtures/bus-masters-stated.ts: no app programs a bus master, so only the boot rules decide.
  it('holds for the built-in design with no bus master (a fixture assumption), with the boots and the seed in the bound', async () => {
    const result = await check(productAssumingNoBusMasters(load(builtinProductFile())));
    expect(result.verdict, result.summary).toBe('holds');
    expect(result.bound).toMatch(/^51 boots: normal \+ 4 attacks × 9 stages \+ 14 measurement-exposure, recovery, development-signed-app and fleet boots; 10 compromised components .*seed 20261121/);
    expect(result.bound).toMatch(/distinct verdicts confirmed by noble/);
    const text = allLines(result);
    expect(text).toMatch(/identity key stays in Pluton: holds/);
    expect(text).toMatch(/0 hits/);
    expect(text).toMatch(/attacker programs the hash of its own key: refused/);
    expect(text).toMatch(/downgrade nw-kernel: halted at nw-kernel by rollback\.nw-kernel/);
    expect(text).toMatch(/hl-app \(High-level app: Thermostat\) signed with the public SDK test key: refused, halted at hl-app by sm\.hl-app\.signature/);
    expect(text).toMatch(/device #1's quote .*: verifies under its own registered key; does not verify under device #0's/);
    // The built-in design leaves identityKeyProvisioning out: the evidence says the value is Azure Sphere's default.
    expect(text).toMatch(/identity keys provisioned per-device \(Azure Sphere's default, its Pluton firmware being Microsoft's: model\/designs\/azure-sphere-mt3620\.json does not state identityKeyProvisioning\)/);
    // Every requirement the verdict tested, with its outcome: no images named, so the image requirement is not applicable.
    expect(Object.fromEntries(result.requirements!.map((r) => [r.id, r.outcome]))).toEqual({
      'hardware-root-of-trust.boot-attacks-rejected': 'met',
      'hardware-root-of-trust.images-chain-to-anchor': 'met',
      'hardware-root-of-trust.measured-before-run': 'met',
      'renewable-security.rollback-counter-per-stage': 'met',
      'hardware-root-of-trust.anchor-immutable': 'met',
      'hardware-root-of-trust.private-keys-confined': 'met',
      'hardware-root-of-trust.key-store-writes-confined': 'met',
      'hardware-root-of-trust.no-app-development-in-production': 'met',
      'hardware-root-of-trust.production-signed-images': 'not-applicable',
      'hardware-root-of-trust.unique-identity': 'met',
      'hardware-root-of-trust.identity-key-in-hardware': 'met',
    });
  });

  it('a profile without one of its requirements cannot decide: the check says which', async () => {
    const profile = structuredClone(builtinProfile());
    profile.requirements['hardware-root-of-trust'] = profile.requirements['hardware-root-of-trust']!.filter((r) => r.id !== 'hardware-root-of-trust.private-keys-confined');
    await expect(checkHardwareRootOfTrust(load(builtinProductFile()), checkContext({ requirements: profile }))).rejects.toThrow(/has no requirement "hardware-root-of-trust\.private-keys-confined"/);
  });

  it('kernel-measured-after-run: violated, naming nw-kernel, and a bypassed kernel is invisible to attestation', async () => {
    const result = await flawed('kernel-measured-after-run');
    expect(result.verdict).toBe('violated');
    expect(result.summary).toMatch(/every stage is measured before it runs: nw-kernel is measured after-run/);
    expect(result.requirements!.filter((r) => r.outcome === 'failed').map((r) => r.id)).toEqual(['hardware-root-of-trust.measured-before-run']);
    const evidence = result.evidence!.find((e) => e.title.startsWith('every stage is measured before it runs: violated'))!;
    expect(evidence.data).toEqual({ stages: ['nw-kernel'] });
    expect(evidence.lines.join('\n')).toMatch(/nw-kernel was measured after it started running \(order: .* → run → measure\)/);
    expect(evidence.lines.join('\n')).toMatch(/nw-kernel: tampered image bypassing its checks → pcr-boot EQUALS the genuine value/);
    expect(result.evidence!.some((e) => e.title.startsWith('trace: normal boot') && e.reproduce === `sevenfold verify --property hardware-root-of-trust --seed ${SEED}`)).toBe(true);
  });

  it('a stage verified by a loader an attacker takes over is violated under boot-attacks-rejected: the tampered image runs with the loader\'s checks not made; the kernel as loader holds', async () => {
    for (const [name, why] of [['rt-app-verified-by-network-services', 'it parses network input'], ['app-verifies-rt-app', 'the attacker malicious-app controls it; the design marks it untrusted']] as const) {
      const result = await flawed(name);
      expect(result.verdict, name).toBe('violated');
      expect(result.requirements!.find((r) => r.id === 'hardware-root-of-trust.boot-attacks-rejected')?.outcome, name).toBe('failed');
      expect(result.summary).toContain(`no stage is verified by a component an attacker takes over: rt-app-0 is verified by ${name === 'app-verifies-rt-app' ? 'hl-app' : 'os-services'} (/boot/7/loadedBy), which an attacker takes over (${why})`);
      expect(allLines(result)).toMatch(/tampered image with .*'s checks not made: RAN/);
    }
    const sound = await flawed('rt-app-verified-by-kernel');
    expect(sound.verdict, sound.summary).toBe('holds');
  });

  it('closed over control: the Security Monitor, whose code the untrusted real-time app may write, verifies the later stages: violated; its own memory only: holds', async () => {
    const result = await flawed('rt-app-writes-monitor-memory');
    expect(result.verdict).toBe('violated');
    expect(result.summary).toContain('nw-loader is verified by security-monitor (/boot/3/loadedBy), which an attacker takes over (rt-app-0, which an attacker takes over (the attacker malicious-app controls it; the design marks it untrusted), may write sm-memory, which it executes)');
    const sound = await flawed('monitor-memory-own-only');
    expect(sound.verdict, sound.summary).toBe('holds');
  });

  // s33: the takeover rule closed over write-and-execute rights only: an untrusted driver in the kernel's privileged mode
  // left the kernel's checks and measurements standing, and both parts held (the emulated device's own reading found it).
  it('closed over privilege: the kernel beside an untrusted driver in its mode verifies nothing and measures nothing: violated; the driver as a user-mode helper under it: holds', async () => {
    const verified = await flawed('rt-app-verified-by-kernel-beside-untrusted-driver');
    expect(verified.verdict, verified.summary).toBe('violated');
    expect(verified.summary).toContain('rt-app-0 is verified by nw-kernel (/boot/7/loadedBy), which an attacker takes over (vendor-wifi-driver, which an attacker takes over (the design marks it untrusted), runs beside it in normal-world supervisor mode on A7)');
    expect(verified.summary).not.toContain('the readings disagree');
    const measured = await flawed('app-measured-by-kernel-beside-untrusted-driver');
    expect(measured.verdict, measured.summary).toBe('violated');
    expect(measured.requirements!.find((r) => r.id === 'hardware-root-of-trust.measured-before-run')?.outcome).toBe('failed');
    expect(allLines(measured)).toContain('hl-app: tampered image bypassing its checks → pcr-boot EQUALS the genuine value: invisible to attestation');
    const sound = await flawed('rt-app-verified-by-kernel-over-untrusted-helper');
    expect(sound.verdict, sound.summary).toBe('holds');
  });

  // s31-isolation found the flash writer holding the monitor through its overlay for defense-in-depth; the monitor
  // verifying the later stages held hardware-root-of-trust until the takeover rule read flash code too.
  it('a loader that runs code from flash with no check before it is the flash writer\'s: monitor-executes-flash-overlay violated; the overlay behind a signature and a hash holds', async () => {
    const result = await flawed('monitor-executes-flash-overlay');
    expect(result.verdict, result.summary).toBe('violated');
    expect(result.requirements!.find((r) => r.id === 'hardware-root-of-trust.boot-attacks-rejected')?.outcome).toBe('failed');
    expect(result.summary).toContain('nw-loader is verified by security-monitor (/boot/3/loadedBy), which an attacker takes over (it executes sm-overlay from flash with no check before it, which the attacker physical-flash writes)');
    expect(allLines(result)).toMatch(/tampered image with security-monitor's checks not made: RAN/);
    const sound = await flawed('monitor-executes-checked-flash-overlay');
    expect(sound.verdict, sound.summary).toBe('holds');
  });

  // s33-consistency: the takeover rule asked for a flash writer the design names, so leaving the flash attacker out held
  // hardware-root-of-trust; the profile's threat model has one whatever the design names (model/platform/flash-writers.ts).
  it('the same overlay in a design naming no flash attacker: still violated, the profile\'s flash writer named', async () => {
    const result = await flawed('monitor-executes-flash-overlay-no-flash-attacker');
    expect(result.verdict, result.summary).toBe('violated');
    expect(result.summary).toContain("which an attacker takes over (it executes sm-overlay from flash with no check before it, which an attacker with physical access to the flash (the profile's threat model) writes)");
    expect(allLines(result)).toMatch(/tampered image with security-monitor's checks not made: RAN/);
  });

  // s32: a measurer an attacker runs as was taken at its word: the rule read only its extend right and the boot order.
  it('a stage measured by a component an attacker takes over: violated under measured-before-run, the measurer extending the genuine digest; measured by the Security Monitor: holds', async () => {
    const result = await flawed('rt-app-measured-by-hl-app');
    expect(result.verdict, result.summary).toBe('violated');
    expect(result.requirements!.find((r) => r.id === 'hardware-root-of-trust.measured-before-run')?.outcome).toBe('failed');
    expect(result.summary).toContain('every stage is measured before it runs: rt-app-0 is measured by hl-app, which an attacker takes over (the attacker malicious-app controls it; the design marks it untrusted)');
    // The emulated boot: the tampered image past its checks, hl-app reporting the genuine digest: the register cannot tell.
    expect(allLines(result)).toContain('rt-app-0: tampered image bypassing its checks → pcr-boot EQUALS the genuine value: invisible to attestation');
    const sound = await flawed('rt-app-measured-by-security-monitor');
    expect(sound.verdict, sound.summary).toBe('holds');
  });

  it('app-writes-measurement-register: violated, the app that may overwrite pcr-boot named under measured-before-run (the built-in design, whose measurers only extend it, holds above)', async () => {
    const result = await flawed('app-writes-measurement-register');
    expect(result.verdict).toBe('violated');
    expect(result.requirements!.find((r) => r.id === 'hardware-root-of-trust.measured-before-run')?.outcome).toBe('failed');
    expect(result.summary).toMatch(/every stage is measured before it runs: hl-app may write pcr-boot, which only pluton-rom, one-bl, pluton-runtime measure stages into: it can overwrite the measurements/);
  });

  it('app-measured-by-kernel-without-right: violated under measured-before-run (the hardware refuses an extend no access rule grants); with the right, it holds', async () => {
    const result = await flawed('app-measured-by-kernel-without-right');
    expect(result.verdict).toBe('violated');
    expect(result.requirements!.find((r) => r.id === 'hardware-root-of-trust.measured-before-run')?.outcome).toBe('failed');
    expect(result.summary).toMatch(/every stage is measured before it runs: nw-kernel measures hl-app into pcr-boot, but no access rule gives nw-kernel the extend right on pcr-boot: the measurement is refused and hl-app runs unmeasured/);
    // The emulator's access controller refuses the extend too (its own reading of the access rules).
    expect(allLines(result)).toMatch(/normal boot: hl-app ran without being measured \(the access controller refuses nw-kernel the extend right on pcr-boot\)/);
    const sound = await flawed('app-measured-by-kernel');
    expect(sound.verdict, sound.summary).toBe('holds');
  });

  it('measurer-writes-register: a measurer that may also write the register is violated under measured-before-run (measuring takes extend only)', async () => {
    const result = await flawed('measurer-writes-register');
    expect(result.verdict).toBe('violated');
    expect(result.requirements!.find((r) => r.id === 'hardware-root-of-trust.measured-before-run')?.outcome).toBe('failed');
    expect(result.summary).toMatch(/every stage is measured before it runs: nw-kernel may write pcr-boot, which it and pluton-rom, one-bl, pluton-runtime measure stages into: measuring takes only extend/);
  });

  it('measurement-register-in-flash: violated under measured-before-run, naming the register and its measurers (the built-in design keeps pcr-boot in Pluton and holds above)', async () => {
    const result = await flawed('measurement-register-in-flash');
    expect(result.verdict).toBe('violated');
    expect(result.requirements!.find((r) => r.id === 'hardware-root-of-trust.measured-before-run')?.outcome).toBe('failed');
    expect(result.summary).toMatch(/every stage is measured before it runs: pcr-boot, which pluton-rom, one-bl, pluton-runtime measure stages into, is kept in flash, not in a hardware register/);
  });

  it('counter-raised-before-verify: violated, with the trace of the burnt fuse and the bricked genuine release', async () => {
    const result = await flawedOnce('counter-raised-before-verify');
    expect(result.verdict).toBe('violated');
    expect(result.summary).toMatch(/arc-firmware raised 2 → 3 \(before-verify\) for nw-kernel, which then failed sm\.kernel\.signature, sm\.kernel\.hash/);
    const titles = result.evidence!.map((e) => e.title);
    expect(titles).toContain('trace: the genuine release afterwards (BRICKED: halted at one-bl by rollback.one-bl)');
    expect(allLines(result)).toMatch(/5\. nw-kernel \(Normal World kernel \(Linux\)\) loaded by security-monitor: HALTED/);
    expect(result.requirements!.find((r) => r.id === 'renewable-security.rollback-counter-per-stage')?.outcome).toBe('failed');
  });

  it('unanchored-app-key: violated, naming the key, the checks that accept it, and the attack it lets through', async () => {
    const result = await flawed('unanchored-app-key');
    expect(result.verdict).toBe('violated');
    expect(result.summary).toMatch(/key app-signing has no certification chain to an anchor in the design, yet checks sm\.hl-app\.signature/);
    expect(result.summary).toMatch(/unknown-key hl-app/);
    expect(allLines(result)).toMatch(/normal boot: hl-app ran after sm\.hl-app\.signature, whose key app-signing is unanchored/);
  });

  it('is reproducible: the same seed gives the same verdict, bound and evidence', async () => {
    const a = firstRuns.get('counter-raised-before-verify') ?? (await flawed('counter-raised-before-verify'));
    const b = await flawed('counter-raised-before-verify');
    expect(b.summary).toBe(a.summary);
    expect(b.bound).toBe(a.bound);
    expect(b.evidence).toEqual(a.evidence);
  });
});

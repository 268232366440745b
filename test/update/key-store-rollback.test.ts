/**
 * The key-store rollback rule (model/update/key-store-rollback.ts) on the fixtures that state each way a trusted key
 * store is (or is not) kept from being put back after a revocation, and the platform reader's refusals of a
 * signedImage that names nothing it can read. Before, the platform schema had no field for it: the store had no
 * version and no signature, and the key revocation held on every design while the store of before could be put back.
 * The emulated play of each fixture is held against the rule by test/differential/key-store-rollback-differential.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadPlatform } from '../../model/platform/load-platform.js';
import { keyStoreRollback } from '../../model/update/key-store-rollback.js';
import { signedImageCounterFindings } from '../../model/update/rollback.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import { checkKeyStoreProtection } from '../../properties/renewable-security/key-store-protection.js';
import { packageRoot } from '../../model/product/builtin.js';
import { platform as builtin } from './helpers.js';

const fixture = (name: string) => loadPlatform(join(packageRoot(), 'test/fixtures/products', name, 'platform.json')).design!;
const judged = (name: string) => keyStoreRollback(fixture(name))[0]!;

describe('key-store rollback: the rule on each fixture', () => {
  it('the built-in design: signed by rom-anchor, arc-key-store compared at boot and update: protected', () => {
    expect(keyStoreRollback(builtin)).toEqual([expect.objectContaining({ status: 'protected', store: 'trusted-key-store' })]);
  });

  it('protection left out: unstated, naming /assets/7/signedImage', () => {
    const r = judged('renewal-key-store-protection-unstated');
    expect(r.status).toBe('unstated');
    expect(r.status === 'unstated' && r.pointer).toBe('/assets/7/signedImage');
  });

  it.each([
    ['renewal-key-store-no-counter', /rollback is not stated/],
    ['renewal-key-store-written-by-running-component', /has no "boot": an attacker with physical access to the flash \(the profile's threat model\), os-services can write the old store back/],
    ['renewal-key-store-counter-not-checked-at-boot', /has no "boot": physical-flash can write/],
    ['renewal-key-store-signed-by-stage-key', /signed by firmware-signing, and firmware-signing signs boot stages/],
    ['renewal-key-store-counter-in-flash', /arc-key-store, the key store's counter, is a counter kept in flash, which whoever writes the flash sets back.* \(physical-flash writes it back down with the old store\)/],
    // s33: no flash attacker named; the profile's writes the counter back (before: protected, hardware-root-of-trust violated).
    ['renewal-key-store-counter-in-flash-no-flash-attacker', /a counter kept in flash, which whoever writes the flash sets back.* \(an attacker with physical access to the flash \(the profile's threat model\) writes it back down with the old store\)/],
    ['renewal-key-store-counter-in-sram', /arc-key-store, the key store's counter, is a counter kept in sram, which every reset sets back to zero/],
    ['renewal-key-store-counter-in-pluton-written-by-kernel', /arc-key-store, the key store's counter, is a counter in pluton that the normal-world nw-kernel may write, and so set back/],
    ['renewal-key-store-counter-raised-by-real-time-app', /arc-key-store, the key store's counter, is an eFuse counter that the normal-world rt-app-0 may write/],
    ['renewal-key-store-signed-by-key-below-stage-key', /signed by store-signing \(certified below firmware-signing\), and firmware-signing signs boot stages/],
  ])('%s: unprotected', (name, reason) => {
    const r = judged(name);
    expect(r.status).toBe('unprotected');
    expect(r.status === 'unprotected' && r.reasons.join('\n')).toMatch(reason);
  });

  // renewal-key-store-in-pluton-checked-at-update (s33): before, unprotected, the trusted Security Monitor counted as a writer an attacker uses.
  it.each(['renewal-key-store-in-pluton-checked-at-update', 'renewal-key-store-counter-not-checked-at-update', 'renewal-key-store-written-by-running-component-checked-at-boot', 'renewal-key-store-signed-by-key-below-anchor', 'renewal-key-store-counter-in-pluton'])('%s: protected', (name) => {
    expect(judged(name).status).toBe('protected');
  });

  it('a counter no component may raise where it is compared: unprotected', () => {
    const d = structuredClone(builtin);
    d.access = d.access.filter((r) => r.asset !== 'arc-key-store');
    const r = keyStoreRollback(d)[0]!;
    expect(r.status === 'unprotected' && r.reasons.join('\n')).toMatch(/no component may raise arc-key-store/);
  });
});

describe("the key store's counter: renewable-security and hardware-root-of-trust read one rule for every writer kind", () => {
  // s32-renewal noted that a key-store counter in Pluton written by an untrusted secure-world app was violated under
  // renewable-security (keyStoreRollback) and held hardware-root-of-trust; since 90b9c0b both read counterWeakness
  // (model/update/rollback.ts). Each writer kind that rule names is held to both readings here, in the design alone.
  const customer = (id: string, core: string, privilege: PlatformDesign['components'][number]['privilege']): PlatformDesign['components'][number] => ({ id, name: `customer code ${id}`, core, world: 'secure', privilege, imageType: 'Other', mutable: true, untrusted: true });
  const writtenBy = (location: 'pluton' | 'efuse', writer: string, component?: PlatformDesign['components'][number]): PlatformDesign => {
    const d = structuredClone(builtin);
    d.assets.find((a) => a.id === 'arc-key-store')!.location = location;
    if (component) d.components.push(component);
    d.access.push({ component: writer, asset: 'arc-key-store', rights: ['write'] });
    return d;
  };
  it.each([
    ['an untrusted secure-world app, counter in Pluton', writtenBy('pluton', 'secure-ta', customer('secure-ta', 'A7', 'user')), /a counter in pluton that the untrusted secure-ta may write, and so set back/],
    ['an untrusted secure-world app, counter in eFuses', writtenBy('efuse', 'secure-ta', customer('secure-ta', 'A7', 'user')), /an eFuse counter that the untrusted secure-ta may write, and so raise for no verified image/],
    ['an untrusted plug-in on the Pluton core', writtenBy('pluton', 'pluton-plugin', customer('pluton-plugin', 'Pluton', 'firmware')), /a counter in pluton that the untrusted pluton-plugin, one-bl, pluton-runtime may write \(an attacker runs as one-bl: pluton-plugin, .* runs beside it in secure-world firmware mode on Pluton; as pluton-runtime: /],
    ['the normal-world OS services', writtenBy('pluton', 'os-services'), /a counter in pluton that the normal-world os-services may write/],
  ])('%s: unprotected for renewable-security, a finding for hardware-root-of-trust', (_, design, why) => {
    const store = keyStoreRollback(design)[0]!;
    expect(store.status).toBe('unprotected');
    expect(store.status === 'unprotected' && store.reasons.join('\n')).toMatch(why);
    expect(signedImageCounterFindings(design).map((f) => f.problem).join('\n')).toMatch(why);
  });

  it('written by secure-world firmware alone (the built-in design, counter in Pluton): neither reading finds anything', () => {
    const design = writtenBy('pluton', 'pluton-runtime');
    expect(keyStoreRollback(design)[0]!.status).toBe('protected');
    expect(signedImageCounterFindings(design)).toEqual([]);
  });
});

describe('the platform reader refuses a signedImage it cannot read', () => {
  const load = (change: (d: typeof builtin) => void) => {
    const d = structuredClone(builtin);
    change(d);
    const file = join(mkdtempSync(join(tmpdir(), 'sevenfold-ks-')), 'platform.json');
    writeFileSync(file, JSON.stringify(d));
    return loadPlatform(file).diagnostics.map((x) => `${x.pointer} ${x.message}`).join('\n');
  };
  it('on another asset than a trusted key store, naming an unknown key or a counter that is not one', () => {
    expect(load((d) => (d.assets.find((a) => a.id === 'pluton-key-store')!.signedImage = { signedBy: 'rom-anchor' }))).toMatch(/\/assets\/1\/signedImage pluton-key-store is a secret key store/);
    expect(load((d) => (d.assets.find((a) => a.id === 'trusted-key-store')!.signedImage!.signedBy = 'no-such-key'))).toMatch(/\/assets\/7\/signedImage\/signedBy "no-such-key" is not a key/);
    expect(load((d) => (d.assets.find((a) => a.id === 'trusted-key-store')!.signedImage!.rollback!.counter = 'pcr-boot'))).toMatch(/\/assets\/7\/signedImage\/rollback\/counter "pcr-boot" is a register, not a counter/);
  });
});

// The verdict once followed the emulated play alone, and a play weaker than the rule held (renewal-key-store-signed-by-key-below-stage-key).
describe('key-store rollback read as a static rule of renewable-security (key-store-protection.ts)', () => {
  it.each([
    ['renewal-key-store-signed-by-key-below-stage-key', 'violated'],
    ['renewal-key-store-no-counter', 'violated'],
  ] as const)('%s: %s, whatever the play finds', (name, verdict) => {
    const [outcome] = checkKeyStoreProtection(fixture(name), 'platform.json', 'test');
    expect(outcome).toMatchObject({ verdict, requirement: 'renewable-security.every-stage-renewable' });
  });

  // Unstated is the play's unknown (a play not run is unknown too); protected is the play's to confirm.
  it.each(['renewal-key-store-protection-unstated', 'renewal-key-store-counter-not-checked-at-update'])('%s: adds nothing', (name) => {
    expect(checkKeyStoreProtection(fixture(name), 'platform.json', 'test')).toEqual([]);
  });
});

/**
 * A compromised signing key is revoked (properties/renewable-security/key-revocation.ts): the lab steals each
 * image-signing key the key store can replace, the vendor re-keys (Vendor.rotated) and publishes the key-store
 * update, the device must install it, refuse the stolen key's images, and keep the new key store when the old
 * metadata is replayed. Before, no check played a key compromise at all: the vendor had one signer per role, and
 * only the static rules judged the key store (in some kind, installed first, writable by a running component).
 */
import { describe, expect, it } from 'vitest';
import { KEY_STORE_SLOT } from '../../emulator/boot/index.js';
import type { UpdateLab } from '../../emulator/update/index.js';
import { checkKeyRevocation } from '../../properties/renewable-security/key-revocation.js';
import type { RuleInput } from '../../properties/renewable-security/rule.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import { builtinProfile } from '../helpers/check-context.js';
import { builtinProduct, defaultDesign, fixtureProduct, openLab } from './helpers.js';

const inputFor = (lab: UpdateLab, design: UpdateDesign): RuleInput => ({ lab, design, product: builtinProduct(design), requirements: builtinProfile(), group: lab.deviceGroup, deferringApp: undefined, reproduce: 'test', progress: () => {} });
const evidenceOf = (outcome: Awaited<ReturnType<typeof checkKeyRevocation>>) => outcome.evidence.flatMap((e) => e.lines).join('\n');

describe('renewable-security: a compromised signing key is revoked (emulated)', () => {
  it('built-in design: firmware-signing and app-signing each replaced; every stolen-key image refused by the key store; the replayed metadata brings nothing back', async () => {
    const lab = await openLab(defaultDesign(), 11);
    const outcome = await checkKeyRevocation(inputFor(lab, defaultDesign()));
    expect(outcome.verdict).toBe('holds');
    expect(outcome.requirement).toBe('renewable-security.every-stage-renewable');
    const lines = evidenceOf(outcome);
    for (const stage of ['pluton-runtime', 'security-monitor', 'nw-loader', 'nw-kernel', 'os-services', 'hl-app', 'rt-app-0', 'rt-app-1']) expect(lines).toMatch(new RegExp(`${stage}: the stolen key's image \\(version 9\\) refused: .*not in the key store`));
    expect(lines).toMatch(/metadata of .* replayed: refused .*rollback.*the old key store stays out/);
    // The key store of before, put back: refused at boot by its version (the loaders), and at update by the installer.
    expect(lines).toMatch(/the key store of release 2 .* written into bank b \(as physical-flash or security-monitor could\): refused \(.*the loader refused the key store: the key store's version 2 is below arc-key-store = 3/);
    expect(lines).toMatch(/the key store of release 2 .* listed as an update in metadata signed with 1 of 1 metadata key: failed \(.*the key store's version 2 is below arc-key-store = 3: an older key store is not installed/);
    // The anchor is named as beyond any key store, not silently left out.
    expect(outcome.bound).toContain('not replaced: rom-anchor');
  });

  it('a key-store update that keeps the stolen key\'s certificate (the old store and the new key\'s): violated, and the stolen key\'s images run', async () => {
    const lab = await openLab(defaultDesign(), 11);
    const rekeyed = lab.rekeyed.bind(lab);
    lab.rekeyed = async (keys, version) => {
      const release = await rekeyed(keys, version);
      const slots = new Map(release.slots);
      // The re-keyed store, signed as the design says, that also carries the replaced keys' old certificates.
      const rotated = await lab.vendor.rotated(keys);
      slots.set(KEY_STORE_SLOT, rotated.keyStore(version, { alsoCarrying: keys.map((k) => lab.vendor.certificates.get(k)!) }));
      return { ...release, slots };
    };
    const outcome = await checkKeyRevocation(inputFor(lab, defaultDesign()));
    expect(outcome.verdict).toBe('violated');
    expect(outcome.summary).toMatch(/still trusts the stolen key/);
    expect(evidenceOf(outcome)).toMatch(/hl-app: the stolen key's image \(version 9\) RAN/);
  });

  it('an update design that carries the key store in no kind (renewal-key-store-never-updated), played anyway: the device cannot take the re-keyed release, violated', async () => {
    const design = fixtureProduct('renewal-key-store-never-updated').update!;
    const lab = await openLab(design, 11);
    const outcome = await checkKeyRevocation(inputFor(lab, design));
    expect(outcome.verdict).toBe('violated');
    expect(outcome.summary).toMatch(/did not install it/);
    expect(evidenceOf(outcome)).toMatch(/not in the key store/);
  });
});

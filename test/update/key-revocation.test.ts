/**
 * A compromised signing key is revoked (properties/renewable-security/key-revocation.ts): the lab steals each
 * image-signing key the key store can replace, the vendor re-keys (Vendor.rotated) and publishes the key-store
 * update, the device must install it, refuse the stolen key's images, and keep the new key store when the old
 * metadata is replayed. Before, no check played a key compromise at all: the vendor had one signer per role, and
 * only the static rules judged the key store (in some kind, installed first, writable by a running component).
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { imageSlot, KEY_STORE_SLOT } from '../../emulator/boot/index.js';
import { UpdateLab } from '../../emulator/update/index.js';
import { checkKeyRevocation } from '../../properties/renewable-security/key-revocation.js';
import type { RuleInput } from '../../properties/renewable-security/rule.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import { builtinProfile } from '../helpers/check-context.js';
import { builtinProduct, defaultDesign, fixtureProduct, openLab, platform } from './helpers.js';

const inputFor = (lab: UpdateLab, design: UpdateDesign): RuleInput => ({ lab, design, product: builtinProduct(design), requirements: builtinProfile(), group: lab.deviceGroup, deferringApp: undefined, reproduce: 'test', progress: () => {} });
const evidenceOf = (outcome: Awaited<ReturnType<typeof checkKeyRevocation>>) => outcome.evidence.flatMap((e) => e.lines).join('\n');

describe('renewable-security: a compromised signing key is revoked (emulated)', () => {
  it('built-in design: firmware-signing and app-signing each replaced; every stolen-key image refused by the key store; the replayed metadata brings nothing back', async () => {
    const lab = await openLab(defaultDesign(), 11);
    const outcome = await checkKeyRevocation(inputFor(lab, defaultDesign()));
    expect(outcome.verdict).toBe('holds');
    expect(outcome.requirement).toBe('renewable-security.every-stage-renewable');
    expect(outcome.summary).toBe('each of firmware-signing, app-signing, once stolen, was replaced by a key-store update the device installed; images signed with it were refused and the old key store did not come back, neither replayed, nor written back, nor listed under the metadata keys');
    expect(outcome.evidence.map((e) => e.title)).toEqual(['a compromised signing key is revoked: holds']);
    expect(outcome.evidence[0]!.lines[0]).toBe('firmware-signing: replaced; the device installed release 3 and runs the new key store');
    // Every line is a key's line or one of its steps (indented): nothing else is mixed in.
    for (const line of outcome.evidence[0]!.lines) expect(line).toMatch(/^(firmware-signing|app-signing): |^ {2}\S/);
    const lines = evidenceOf(outcome);
    for (const stage of ['pluton-runtime', 'security-monitor', 'nw-loader', 'nw-kernel', 'os-services', 'hl-app', 'rt-app-0', 'rt-app-1']) expect(lines).toMatch(new RegExp(`${stage}: the stolen key's image \\(version 9\\) refused: .*not in the key store`));
    expect(lines).toMatch(/metadata of .* replayed: refused .*rollback.*the old key store stays out/);
    // The store is signed by the anchor, which no thief holds: no store of the attacker's own is tried (s31).
    expect(lines).not.toMatch(/a key store the attacker signed/);
    // The key store of before, put back: refused at boot by its version (the loaders), and at update by the installer.
    expect(lines).toMatch(/the key store of release 2 .* written into bank b \(as physical-flash could\): refused \(.*the loader refused the key store: the key store's version 2 is below arc-key-store = 3/);
    expect(lines).toMatch(/the key store of release 2 .* listed as an update in metadata signed with 1 of 1 metadata key: failed \(.*the key store's version 2 is below arc-key-store = 3: an older key store is not installed/);
    // The anchor is named as beyond any key store, not silently left out.
    expect(outcome.bound).toContain('not replaced: rom-anchor');
    // The whole bound: what was played, and only the anchor named as beyond any key store (s31: a bound naming every
    // signing key "not replaced" passed the line above).
    expect(outcome.bound).toBe(
      "each of 2 image-signing keys (firmware-signing, app-signing) stolen, replaced by a key-store update with release 3, then the stolen key's images written into flash and the old metadata replayed, then the key store of before put back (written into the running bank by whoever the device lets write it, and listed as an update under the metadata keys up to the threshold of 1; not handed to recovery mode, whose check the design does not state (/recoveryFlashing/versionCheck)); not replaced: rom-anchor (an anchor: its hash is in eFuses, no key store can revoke it)",
    );
  });

  it('a key-store update that keeps the stolen key\'s certificate (the old store and the new key\'s): violated, and the stolen key\'s images run', async () => {
    const lab = await openLab(defaultDesign(), 11);
    const rekeyed = lab.rekeyed.bind(lab);
    // The lab is shared by this file's tests (openLab): the plant goes with this test.
    onTestFinished(() => {
      delete (lab as { rekeyed?: unknown }).rekeyed;
    });
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
    // Each stage that ran is shown by its trace (s31: dropping the trace left every test green).
    expect(outcome.evidence.map((e) => e.title)).toContain("trace: hl-app signed with the revoked app-signing (the other stages genuine, their reading of the forged manifests forced to pass)");
    expect(outcome.evidence.find((e) => e.title.startsWith('trace: hl-app'))?.reproduce).toBe('test');
  });

  // s30 left it unplayed: the rule called such a store unprotected, and the play held (it forged a store only with the stolen key itself).
  it('a store signer certified below a stolen key (renewal-key-store-signed-by-key-below-stage-key): the thief certifies a signer of its own, its store is believed, violated', async () => {
    const product = fixtureProduct('renewal-key-store-signed-by-key-below-stage-key');
    const lab = await UpdateLab.open(product.platform, product.update!, { seed: 11 });
    const outcome = await checkKeyRevocation({ ...inputFor(lab, product.update!), product });
    expect(outcome.verdict, outcome.summary).toBe('violated');
    expect(outcome.summary).toMatch(/a key store the attacker signed at version 9 with a key of its own it certified as store-signing under the stolen firmware-signing .*(believed it again|installed it)/);
  });

  it('an update design that carries the key store in no kind (renewal-key-store-never-updated), played anyway: the device cannot take the re-keyed release, violated', async () => {
    const design = fixtureProduct('renewal-key-store-never-updated').update!;
    const lab = await openLab(design, 11);
    const outcome = await checkKeyRevocation(inputFor(lab, design));
    expect(outcome.verdict).toBe('violated');
    expect(outcome.summary).toMatch(/did not install it/);
    // The problem names the journal's last entry, and the line its last three, here its two (s31: "no journal", or
    // none of the entries, passed).
    const notInstalled = evidenceOf(outcome).split('\n').find((l) => l.startsWith('firmware-signing: key-store update NOT installed: '))!;
    const entries = notInstalled.slice('firmware-signing: key-store update NOT installed: '.length).split(' | ');
    expect(entries[0]).toBe('t+0h power-on: boot 1 runs bank a');
    expect(entries).toHaveLength(2);
    expect(outcome.summary).toBe(`after firmware-signing was stolen and the vendor published a key-store update replacing it, the device did not install it (${entries[1]})`);
    expect(evidenceOf(outcome)).toMatch(/not in the key store/);
  });

  // Mutation testing (s30) found the two ways this rule answers unknown unguarded: removed, each gave `holds`.
  it('a design whose every boot stage is signed by the anchor alone: no key the key store can replace, so unknown, never holds', async () => {
    const anchored = structuredClone(platform);
    for (const stage of anchored.boot) for (const check of stage.checks) check.key = 'rom-anchor';
    // The built-in lab, its platform read as the anchored one (the rule reads only the platform before it finds no key to play).
    const lab = await openLab(defaultDesign(), 11);
    const outcome = await checkKeyRevocation(inputFor(Object.create(lab, { platform: { value: anchored } }) as UpdateLab, defaultDesign()));
    expect(outcome.verdict).toBe('unknown');
    expect(outcome.summary).toBe('no boot stage is signed by a key the key store can replace (rom-anchor): a compromised signing key could not be revoked by any update');
    expect(outcome.bound).toMatch(/^each of 0 image-signing keys \(none\) stolen.*not replaced: rom-anchor/);
    expect(outcome.evidence).toEqual([]);
  });

  it("the stolen key's images refused for another reason than the key store (cut short): the revocation was not tested, unknown", async () => {
    const lab = await openLab(defaultDesign(), 11);
    // The attacker's images (version 9) cut to their first 64 bytes, and no manifest of the stolen key's written (each
    // stage is judged on its own, s32: the stolen key's manifest listing it would be refused by the key store whatever
    // the image): refused before their signer is looked up in the key store.
    const vendor = lab.vendor;
    const release = vendor.release;
    vendor.release = function (this: typeof vendor, version, stages, base) {
      const made = release.call(this, version, stages, base);
      if (version !== 9 || !base) return made;
      return { manifests: base.manifests, images: new Map([...made.images].map(([stage, bytes]) => [stage, stages.includes(stage) ? bytes.subarray(0, 64) : bytes])) };
    };
    onTestFinished(() => {
      delete (vendor as { release?: unknown }).release;
    });
    const outcome = await checkKeyRevocation(inputFor(lab, defaultDesign()));
    expect(outcome.verdict, outcome.summary).toBe('unknown');
    expect(outcome.summary).toMatch(/^the revocation could not be tested for .*rt-app-0 \(app-signing\).*: the stolen key's image was refused for another reason$/);
    expect(evidenceOf(outcome)).toContain("  rt-app-0: the stolen key's image refused, but not for its signer missing from the key store: the revocation was not tested");
  });

  // Mutation testing (s31): any failed check of the stage was taken for the key store's refusal (its reason unread),
  // with no test failing. The cut-short images above halt before their stage is reached; here the last stage is
  // reached and refused by its own checks for other reasons only: its image is signed by a key the store does hold,
  // and the manifest is the vendor's genuine one, which does not list it.
  it("the stolen key's image of a reached stage refused by its own checks for other reasons (signed by another key the store holds): not tested, unknown", async () => {
    const lab = await openLab(defaultDesign(), 11);
    const vendor = lab.vendor;
    const release = vendor.release;
    // With app-signing stolen: rt-app-1's attacker image swapped for the release's nw-kernel image (its signer,
    // firmware-signing, is in the key store: "accepts only app-signing", not "not in the key store"), and no forged
    // manifest written (the genuine one's hash of rt-app-1 does not match).
    vendor.release = function (this: typeof vendor, version, stages, base) {
      const made = release.call(this, version, stages, base);
      if (version !== 9 || !stages.includes('rt-app-1') || !base) return made;
      return { images: new Map([...made.images].map(([stage, bytes]) => [stage, stage === 'rt-app-1' ? base.images.get('nw-kernel')! : bytes])), manifests: base.manifests };
    };
    onTestFinished(() => {
      delete (vendor as { release?: unknown }).release;
    });
    const outcome = await checkKeyRevocation(inputFor(lab, defaultDesign()));
    const lines = evidenceOf(outcome);
    expect(outcome.verdict, outcome.summary).toBe('unknown');
    expect(outcome.summary).toBe("the revocation could not be tested for rt-app-1 (app-signing): the stolen key's image was refused for another reason");
    expect(lines).toContain("  rt-app-1: the stolen key's image refused, but not for its signer missing from the key store: the revocation was not tested");
    // The stolen key's other images are still refused by the key store, and said so.
    for (const stage of ['hl-app', 'rt-app-0']) expect(lines).toMatch(new RegExp(`  ${stage}: the stolen key's image \\(version 9\\) refused: .*not in the key store`));
  });

  // s31-mutation left it: the vendor's own re-keyed image of rt-app-1 (version 3, the new app-signing's) put where the
  // stolen key's goes, with the genuine manifests, was refused by arc-apps = 9: the play forged every app at once and
  // forced the others' checks to pass, so hl-app's forged image ran and raised the counter the apps share to the
  // attacker's version. Each stage is now judged with the others genuine: the genuine image runs, and is not taken for
  // the stolen key's (the play counts a run only at the attacker's version: with that test gone this is violated).
  it("each stage judged on its own: the vendor's genuine re-keyed image in the stolen key's place runs at its own version, not counted as the stolen key's (unknown)", async () => {
    const lab = await openLab(defaultDesign(), 11);
    const vendor = lab.vendor;
    const release = vendor.release;
    const rekeyed = lab.rekeyed.bind(lab);
    let genuine: Awaited<ReturnType<UpdateLab['rekeyed']>> | undefined;
    lab.rekeyed = async (keys, version) => (genuine = await rekeyed(keys, version));
    vendor.release = function (this: typeof vendor, version, stages, base) {
      const made = release.call(this, version, stages, base);
      if (version !== 9 || !stages.includes('rt-app-1') || !base || !genuine) return made;
      return { images: new Map([...made.images].map(([stage, bytes]) => [stage, stage === 'rt-app-1' ? genuine!.slots.get(imageSlot('rt-app-1'))! : bytes])), manifests: base.manifests };
    };
    onTestFinished(() => {
      delete (vendor as { release?: unknown }).release;
      delete (lab as { rekeyed?: unknown }).rekeyed;
    });
    const outcome = await checkKeyRevocation(inputFor(lab, defaultDesign()));
    const lines = evidenceOf(outcome);
    expect(outcome.verdict, outcome.summary).toBe('unknown');
    expect(outcome.summary).toBe("the revocation could not be tested for rt-app-1 (app-signing): the stolen key's image was refused for another reason");
    expect(lines).toContain("  rt-app-1: the stolen key's image not the one that ran (version 3 ran): the revocation was not tested");
    for (const stage of ['hl-app', 'rt-app-0']) expect(lines).toMatch(new RegExp(`  ${stage}: the stolen key's image \\(version 9\\) refused: .*not in the key store`));
  });
});

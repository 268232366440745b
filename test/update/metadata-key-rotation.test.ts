/**
 * A stolen online metadata key must be replaceable. Before s36 the update design could not say how its metadata keys
 * are replaced (the lab provisioned them at the factory and nothing rotated them), so every design was judged as if a
 * thief of them were shut out, and held; yet the thief signs fresh metadata listing the old images, and the device
 * neither updates nor reports a freeze. Now the design states it (metadata.keyRotation), the rule reads it
 * (model/update/metadata-key-rotation.ts, outcome properties/renewable-security/metadata-key-rotation.ts), the device
 * checks a key set with the root it was provisioned with (emulator/update/metadata-key-rotation.ts, its own reading)
 * and tuf/key-compromise plays the thief of every online key (emulator/update/attacks/tuf.ts).
 * Fixtures (test/fixtures/updates/make-renewal-products.ts): renewal-metadata-keys-never-rotated (flawed),
 * renewal-metadata-keys-rotated-by-root (sound twin), renewal-metadata-keys-rotation-unstated (unknown).
 */
import { describe, expect, it } from 'vitest';
import { AttackContext, findAttack, runAttack, UpdateLab } from '../../emulator/update/index.js';
import { acceptMetadataKeySet, trustedMetadataKeys } from '../../emulator/update/metadata-key-rotation.js';
import { signMetadataKeySet } from '../../formats/update-metadata/metadata-key-set.js';
import { judgeMetadataKeyRotation } from '../../model/update/metadata-key-rotation.js';
import { builtinUpdateFile } from '../../model/update/load-update.js';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import { builtinProfile } from '../helpers/check-context.js';
import { context, defaultDesign, fixtureProduct } from './helpers.js';

const FIXTURES = ['renewal-metadata-keys-never-rotated', 'renewal-metadata-keys-rotated-by-root', 'renewal-metadata-keys-rotation-unstated'];
/** What the attack's verdict must be for each verdict of the rule. */
const EXPECTED_ATTACK = { unrotatable: 'succeeded', rotatable: 'defended', unstated: 'undecided' } as const;

describe('online metadata keys a thief stole', () => {
  it('the rule reads each statement of the field; the built-in design leaves it out (not public)', () => {
    expect(FIXTURES.map((name) => judgeMetadataKeyRotation(fixtureProduct(name).update!).verdict)).toEqual(['unrotatable', 'rotatable', 'unstated']);
    const builtin = judgeMetadataKeyRotation(defaultDesign(), builtinUpdateFile());
    expect(builtin.verdict).toBe('unstated');
    expect(builtin.where).toBe('model/designs/azure-sphere-update.json /metadata/keyRotation');
  });

  it.each(FIXTURES)('%s: the rule and the emulated thief of the online keys agree', async (name) => {
    const product = fixtureProduct(name);
    const rule = judgeMetadataKeyRotation(product.update!).verdict;
    const lab = await UpdateLab.open(product.platform, product.update!, { seed: 5, deviceGroup: product.deployment.group.name });
    const played = runAttack(findAttack('tuf/key-compromise')!, await AttackContext.create(lab, builtinProfile()));
    const transcript = played.lines.join('\n');
    expect(played.verdict, transcript).toBe(EXPECTED_ATTACK[rule]);
    if (rule === 'unrotatable') expect(transcript).toMatch(/the thief's fresh metadata: ACCEPTED/);
    if (rule === 'rotatable') {
      expect(transcript).toMatch(/the vendor's key set: accepted/);
      expect(transcript).toMatch(/the thief's fresh metadata: refused: refused: .* not trusted/);
    }
    if (rule === 'unstated') expect(played.summary).toMatch(/\/metadata\/keyRotation/);
  }, 60_000);

  it('the device refuses a key set its root did not sign, and one no newer than the set it holds', async () => {
    const product = fixtureProduct('renewal-metadata-keys-rotated-by-root');
    const lab = await UpdateLab.open(product.platform, product.update!, { seed: 5, deviceGroup: product.deployment.group.name });
    const device = lab.device();
    const rotated = lab.rotatedMetadataKeys(1);
    // Signed by a stolen online key instead of the root: a thief cannot rotate the keys to its own.
    expect(acceptMetadataKeySet(device, signMetadataKeySet(1, rotated.keys.map((k) => k.publicKey), lab.metadataKeys[0]!), lab.now)).toMatchObject({ accepted: false });
    expect(acceptMetadataKeySet(device, rotated.document!, lab.now)).toMatchObject({ accepted: true });
    expect(acceptMetadataKeySet(device, rotated.document!, lab.now)).toMatchObject({ accepted: false, detail: expect.stringMatching(/not newer/) });
  }, 60_000);

  it.each([
    ['not an uncompressed point', 0, 0x02, /key 1 of the set is not an uncompressed point/],
    ['off the curve', 64, 0x01, /key 1 of the set is not a point of P-256/],
  ] as const)('the device refuses a root-signed key set holding a key %s, and keeps trusting its keys', async (_what, at, xor, reason) => {
    // Found by the metadata-key-set fuzz target (fuzz/regressions/metadata-key-set/): any 65 bytes were read as a key,
    // and the device would have trusted a key that verifies nothing, refusing every later metadata document.
    const product = fixtureProduct('renewal-metadata-keys-rotated-by-root');
    const lab = await UpdateLab.open(product.platform, product.update!, { seed: 5, deviceGroup: product.deployment.group.name });
    const device = lab.device();
    const keys = lab.rotatedMetadataKeys(1).keys.map((k) => k.publicKey.slice());
    keys[0]![at] = at === 0 ? xor : keys[0]![at]! ^ xor;
    const before = trustedMetadataKeys(device).map((k) => Buffer.from(k.publicKey).toString('hex'));
    expect(acceptMetadataKeySet(device, signMetadataKeySet(1, keys, lab.metadataRoot!), lab.now)).toMatchObject({ accepted: false, detail: expect.stringMatching(reason) });
    expect(trustedMetadataKeys(device).map((k) => Buffer.from(k.publicKey).toString('hex'))).toEqual(before);
  }, 60_000);

  it('the never-rotated design is violated, statically and by the attack; its twin holds; unstated is unknown naming the field', async () => {
    const [flawed, sound, unstated] = await Promise.all(FIXTURES.map((name) => checkRenewableSecurity(fixtureProduct(name), context('renewable-security', 5, 1))));
    expect(flawed!.verdict, flawed!.summary).toBe('violated');
    expect(flawed!.summary).toMatch(/^a stolen online metadata key can be replaced \(renewable-security\.update-attacks-defeated\): nothing replaces the online metadata keys/);
    expect(flawed!.summary).toMatch(/update attacks are defeated \(renewable-security\.update-attacks-defeated\): tuf\/key-compromise succeeded: the device accepted fresh metadata a thief signed/);
    expect(sound!.verdict, sound!.summary).toBe('holds');
    expect(unstated!.verdict, unstated!.summary).toBe('unknown');
    expect(unstated!.summary).toMatch(/renewal-metadata-keys-rotation-unstated\/update\.json \/metadata\/keyRotation/);
  }, 240_000);
});

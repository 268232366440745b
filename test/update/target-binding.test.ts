/**
 * Update metadata that names each target by its component and security version, not its digest, lets a thief of an
 * image-signing key (not yet revoked), holding no metadata key, install its own image under the vendor's genuine
 * metadata: the two keys of an update become one. Before s36 the update design could not state it (the schema refused
 * the field), so a design with that flaw was judged as if it bound digests, and held. Now the design states it
 * (metadata.targetBinding), the rule reads it (model/update/target-binding.ts, outcome
 * properties/renewable-security/target-binding.ts), the installer compares the digest only where it is bound
 * (emulator/update/installer.ts, its own reading) and tuf/key-compromise plays the thief (emulator/update/attacks/tuf.ts).
 * Fixtures (test/fixtures/updates/make-renewal-products.ts): renewal-metadata-binds-version-only (flawed),
 * renewal-metadata-binds-digest (sound twin), renewal-metadata-binding-unstated (unknown).
 */
import { describe, expect, it } from 'vitest';
import { AttackContext, findAttack, runAttack, UpdateLab } from '../../emulator/update/index.js';
import { judgeTargetBinding } from '../../model/update/target-binding.js';
import { builtinUpdateFile } from '../../model/update/load-update.js';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import { builtinProfile } from '../helpers/check-context.js';
import { context, defaultDesign, fixtureProduct } from './helpers.js';

const FIXTURES = ['renewal-metadata-binds-version-only', 'renewal-metadata-binds-digest', 'renewal-metadata-binding-unstated'];
/** What the attack's verdict must be for each verdict of the rule. */
const EXPECTED_ATTACK = { unbound: 'succeeded', bound: 'defended', unstated: 'undecided' } as const;

describe('update metadata that binds each target', () => {
  it('the rule reads each statement of the field; the built-in design names targets by SHA-256', () => {
    expect(FIXTURES.map((name) => judgeTargetBinding(fixtureProduct(name).update!).verdict)).toEqual(['unbound', 'bound', 'unstated']);
    const builtin = judgeTargetBinding(defaultDesign(), builtinUpdateFile());
    expect(builtin).toEqual({ verdict: 'bound', where: 'model/designs/azure-sphere-update.json /metadata/targetBinding' });
  });

  it.each(FIXTURES)('%s: the rule and the emulated thief of an image key agree', async (name) => {
    const product = fixtureProduct(name);
    const rule = judgeTargetBinding(product.update!).verdict;
    const lab = await UpdateLab.open(product.platform, product.update!, { seed: 5, deviceGroup: product.deployment.group.name });
    const played = runAttack(findAttack('tuf/key-compromise')!, await AttackContext.create(lab, builtinProfile()));
    const transcript = played.lines.join('\n');
    expect(played.verdict, transcript).toBe(EXPECTED_ATTACK[rule]);
    if (rule === 'unbound') expect(transcript).toMatch(/the device INSTALLED the thief’s image/);
    if (rule === 'bound') expect(transcript).toMatch(/the device refused it: .*SHA-256 does not match the metadata/);
  }, 60_000);

  it('the version-bound design still refuses a tampered, endless or swapped download by its later checks: those attacks are defended, not "succeeded" for want of the digest\'s refusal', async () => {
    const product = fixtureProduct('renewal-metadata-binds-version-only');
    const lab = await UpdateLab.open(product.platform, product.update!, { seed: 5, deviceGroup: product.deployment.group.name });
    const attacks = await AttackContext.create(lab, builtinProfile());
    const results = ['tuf/endless-data', 'tuf/mix-and-match', 'suit/net-redirect', 'suit/net-onpath'].map((id) => runAttack(findAttack(id)!, attacks));
    for (const r of results) expect(r.verdict, `${r.id}\n${r.lines.join('\n')}`).toBe('defended');
  }, 60_000);

  it('the version-bound design is violated, statically and by the attack; its twin holds; unstated is unknown naming the field', async () => {
    const [flawed, sound, unstated] = await Promise.all(FIXTURES.map((name) => checkRenewableSecurity(fixtureProduct(name), context('renewable-security', 5, 1))));
    expect(flawed!.verdict, flawed!.summary).toBe('violated');
    expect(flawed!.summary).toMatch(/^the update metadata binds each target to its digest \(renewable-security\.update-attacks-defeated\): the update metadata names each target by its component and security version/);
    expect(flawed!.summary).toMatch(/update attacks are defeated \(renewable-security\.update-attacks-defeated\): tuf\/key-compromise succeeded/);
    expect(sound!.verdict, sound!.summary).toBe('holds');
    expect(unstated!.verdict, unstated!.summary).toBe('unknown');
    expect(unstated!.summary).toMatch(/renewal-metadata-binding-unstated\/update\.json \/metadata\/targetBinding/);
  }, 240_000);
});

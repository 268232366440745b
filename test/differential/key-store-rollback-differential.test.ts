/**
 * Key-store rollback: the spec's rule (model/update/key-store-rollback.ts, keyStoreRollback: what keeps the trusted key
 * store of before a revocation from being put back) held against the update emulator's play of it (renewable-security's
 * "a compromised signing key is revoked", properties/renewable-security/key-revocation.ts step 6, over the emulator's
 * own reading of the design's signedImage: emulator/boot/signed-key-store.ts at boot, emulator/update/installer.ts at
 * update). The emulator never calls the rule: it signs the store as a TrustedKeystore image, compares its version with
 * the counter where the design says, and its attacker writes the store of before back (lowering a counter kept in
 * flash when it has the flash) or lists it under the metadata keys. For random variants of the built-in design's
 * store protection (signer, counter, where it is compared, where the counter is kept, who may raise it, whether an
 * attacker has the flash): the spec's "protected" is the run's holds, its "unprotected" the run's violated, and its
 * "unstated" an unknown naming the field (never holds). Before, the store had no version and no signature, and the
 * key revocation held while the store of before could be put back.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UpdateLab } from '../../emulator/update/update-lab.js';
import type { KeyStoreCheckPoint, PlatformDesign } from '../../model/platform/platform-design.js';
import { keyStoreRollback } from '../../model/update/key-store-rollback.js';
import { checkKeyRevocation } from '../../properties/renewable-security/key-revocation.js';
import { builtinProfile } from '../helpers/check-context.js';
import { builtinProduct, defaultDesign, platform as builtin } from '../update/helpers.js';

interface Variant {
  stated: boolean;
  /** store-signing: a key of the store's own, certified by firmware-signing (a stage key) or by rom-anchor (the root). */
  signedBy: 'rom-anchor' | 'firmware-signing' | 'app-signing' | 'store-signing-below-firmware' | 'store-signing-below-anchor';
  checkedAt: KeyStoreCheckPoint[] | undefined;
  /** Where the store's counter is kept (the built-in: eFuses). */
  counterAt: 'efuse' | 'flash' | 'pluton' | 'sram';
  /** Whether the design names an attacker with the flash (without one, the profile's still writes it: s33). */
  flashAttacker: boolean;
  /** Where the store itself is kept (the built-in: flash); one in Pluton no flash writer reaches. */
  storeAt?: 'flash' | 'pluton';
  /** Components that may write the store's counter (the built-in: one-bl and the Pluton runtime; nw-kernel and rt-app-0 are ones an attacker can take over). */
  counterWriters: ('one-bl' | 'pluton-runtime' | 'nw-kernel' | 'rt-app-0')[];
}

function designOf(v: Variant): PlatformDesign {
  const d = structuredClone(builtin);
  const store = d.assets.find((a) => a.id === 'trusted-key-store')!;
  if (!v.stated) delete store.signedImage;
  else {
    const dedicated = v.signedBy === 'store-signing-below-firmware' || v.signedBy === 'store-signing-below-anchor';
    if (dedicated) d.keys.push({ id: 'store-signing', name: 'Key-store signing key', certifiedBy: v.signedBy === 'store-signing-below-firmware' ? 'firmware-signing' : 'rom-anchor', holder: 'microsoft' });
    store.signedImage = { signedBy: dedicated ? 'store-signing' : v.signedBy, ...(v.checkedAt ? { rollback: { counter: 'arc-key-store', checkedAt: v.checkedAt } } : {}) };
  }
  d.assets.find((a) => a.id === 'arc-key-store')!.location = v.counterAt;
  if (v.storeAt) store.location = v.storeAt;
  if (!v.flashAttacker) d.attackers = d.attackers.filter((a) => !a.writesFlash);
  d.access = d.access.filter((r) => r.asset !== 'arc-key-store');
  for (const c of v.counterWriters) d.access.push({ component: c, asset: 'arc-key-store', rights: ['read', 'write'] });
  d.name = `${builtin.name} — key-store variant ${JSON.stringify(v)}`;
  return d;
}

const update = { ...defaultDesign(), timeSync: 'authenticated' as const };

async function run(v: Variant) {
  const platform = designOf(v);
  const spec = keyStoreRollback(platform)[0]!;
  const lab = await UpdateLab.open(platform, update, { seed: 7 });
  const outcome = await checkKeyRevocation({ lab, design: update, product: builtinProduct(update), requirements: builtinProfile(), group: lab.deviceGroup, deferringApp: undefined, reproduce: 'test', progress: () => {} });
  return { spec, outcome };
}

const expected = { protected: 'holds', unprotected: 'violated', unstated: 'unknown' } as const;

const variants: fc.Arbitrary<Variant> = fc.record({
  stated: fc.constantFrom(true, true, true, false),
  signedBy: fc.constantFrom('rom-anchor' as const, 'rom-anchor' as const, 'firmware-signing' as const, 'app-signing' as const, 'store-signing-below-firmware' as const, 'store-signing-below-anchor' as const),
  checkedAt: fc.option(fc.constantFrom<KeyStoreCheckPoint[]>(['boot', 'update'], ['boot', 'update'], ['boot'], ['update']), { nil: undefined, freq: 4 }),
  counterAt: fc.constantFrom('efuse' as const, 'efuse' as const, 'flash' as const, 'pluton' as const, 'sram' as const),
  flashAttacker: fc.boolean(),
  storeAt: fc.constantFrom('flash' as const, 'flash' as const, 'pluton' as const),
  counterWriters: fc.subarray(['one-bl', 'pluton-runtime', 'nw-kernel', 'rt-app-0'] as Variant['counterWriters']),
});

describe('key-store rollback: spec rule and the emulated revocation agree', () => {
  it('the built-in design and one variant per flaw the rule names', async () => {
    const base: Variant = { stated: true, signedBy: 'rom-anchor', checkedAt: ['boot', 'update'], counterAt: 'efuse', flashAttacker: true, counterWriters: ['one-bl', 'pluton-runtime'] };
    const cases: [Partial<Variant>, keyof typeof expected][] = [
      [{}, 'protected'],
      [{ stated: false }, 'unstated'],
      [{ checkedAt: undefined }, 'unprotected'],
      [{ checkedAt: ['update'] }, 'unprotected'],
      [{ checkedAt: ['boot'] }, 'protected'],
      [{ signedBy: 'firmware-signing' }, 'unprotected'],
      [{ signedBy: 'store-signing-below-firmware' }, 'unprotected'],
      [{ signedBy: 'store-signing-below-anchor' }, 'protected'],
      [{ counterAt: 'flash' }, 'unprotected'],
      // s33: a design that names no flash attacker still has the profile's (before: protected, while hardware-root-of-trust was violated).
      [{ counterAt: 'flash', flashAttacker: false }, 'unprotected'],
      // s33: a store kept in Pluton that only the trusted Security Monitor writes, compared at update: nobody an attacker
      // uses writes it back (before: unprotected, "as security-monitor could"); with the counter in flash, it is set back.
      [{ storeAt: 'pluton', checkedAt: ['update'], flashAttacker: false }, 'protected'],
      [{ storeAt: 'pluton', checkedAt: ['update'], counterAt: 'flash', counterWriters: ['pluton-runtime'] }, 'unprotected'],
      [{ counterAt: 'sram' }, 'unprotected'],
      [{ counterAt: 'pluton' }, 'protected'],
      [{ counterAt: 'pluton', counterWriters: ['one-bl', 'pluton-runtime', 'nw-kernel'] }, 'unprotected'],
      // No attacker with the flash: the store of before comes back through the update path once the kernel sets the counter back (s32).
      [{ counterAt: 'pluton', counterWriters: ['one-bl', 'pluton-runtime', 'nw-kernel'], flashAttacker: false }, 'unprotected'],
      [{ counterWriters: ['one-bl', 'pluton-runtime', 'rt-app-0'] }, 'unprotected'],
      [{ counterWriters: [] }, 'unprotected'],
    ];
    for (const [change, status] of cases) {
      const { spec, outcome } = await run({ ...base, ...change });
      expect(spec.status, JSON.stringify(change)).toBe(status);
      expect(outcome.verdict, `${JSON.stringify(change)}: ${outcome.summary}`).toBe(expected[status]);
      if (status === 'unstated') expect(outcome.summary).toContain('/assets/7/signedImage');
    }
  }, 240_000);

  it('random variants: the spec\'s status is the run\'s verdict', async () => {
    await fc.assert(
      fc.asyncProperty(variants, async (v) => {
        const { spec, outcome } = await run(v);
        expect(outcome.verdict, `${JSON.stringify(v)}: spec ${spec.status}${spec.status === 'unprotected' ? ` (${spec.reasons.join('; ')})` : ''}; run: ${outcome.summary}`).toBe(expected[spec.status]);
      }),
      { numRuns: 8, seed: 30 },
    );
  }, 240_000);
});

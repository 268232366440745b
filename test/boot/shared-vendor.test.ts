/**
 * What a vendor makes (keys, certificates, the current release) is made once per design, seed and body
 * size (Vendor.create): the boot lab and the update lab of a run share it instead of issuing the same
 * certificates and signing the same images twice. It is remembered by the exact inputs: a design that
 * differs in any field deep inside, another seed or another body size get their own. Each caller still
 * gets a vendor over its own design object.
 */
import { describe, expect, it } from 'vitest';
import { BootLab, Vendor } from '../../emulator/boot/index.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';

const design = loadPlatform(builtinPlatformFile()).design!;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('what vendors make, shared', () => {
  it('is made once for the same inputs, also when the design is an equal copy, and the boot lab uses it', async () => {
    const first = await Vendor.create(design, { seed: 21 });
    const copy = structuredClone(design);
    const again = [
      await Vendor.create(design, { seed: 21 }),
      await Vendor.create(copy, { seed: 21 }),
      // The default body size is the body size: stating it changes nothing.
      await Vendor.create(design, { seed: 21, bodyBytes: first.bodyBytes }),
      // Labs for other device capabilities differ, but what their vendor makes does not depend on capabilities.
      (await BootLab.shared(design, { seed: 21, capabilities: ['appDevelopment'] })).vendor,
    ];
    for (const vendor of again) {
      expect(vendor.certificates).toBe(first.certificates);
      expect(vendor.current).toBe(first.current);
      expect(vendor.sdkTest).toBe(first.sdkTest);
    }
    // Each vendor reads the design its caller gave.
    expect(again[1]!.design).toBe(copy);
    expect(first.design).toBe(design);
  });

  it('is made again when any input differs, a field deep in the design included, with what that input makes', async () => {
    const first = await Vendor.create(design, { seed: 21 });
    const renamed = structuredClone(design);
    const last = design.keys.at(-1)!.id;
    renamed.keys.at(-1)!.id = `${last}-renamed`;
    for (const stage of renamed.boot) for (const check of stage.checks) if (check.key === last) check.key = `${last}-renamed`;
    for (const k of renamed.keys) if (k.certifiedBy === last) k.certifiedBy = `${last}-renamed`;
    const otherSeed = await Vendor.create(design, { seed: 22 });
    const otherBody = await Vendor.create(design, { seed: 21, bodyBytes: 512 });
    const otherDesign = await Vendor.create(renamed, { seed: 21 });
    for (const other of [otherSeed, otherBody, otherDesign]) expect(other.current).not.toBe(first.current);
    const anchor = design.keys.find((k) => k.anchoredIn)!.id;
    expect(hex(otherSeed.anchorHash(anchor))).not.toBe(hex(first.anchorHash(anchor)));
    expect(otherBody.bodyBytes).toBe(512);
    expect(hex(otherBody.current.images.get(design.boot[0]!.image)!)).not.toBe(hex(first.current.images.get(design.boot[0]!.image)!));
    expect([...otherDesign.certificates.keys()].at(-1)).toBe(`${last}-renamed`);
  });
});

/**
 * One vendor per design, seed and body size (Vendor.create): the boot lab and the update lab of a run
 * share it instead of issuing the same certificates and signing the same images twice. It is remembered
 * by the exact inputs: a design that differs in any field deep inside, another seed or another body size
 * get a vendor of their own, and a vendor that cannot be made is not remembered.
 */
import { describe, expect, it } from 'vitest';
import { BootLab, Vendor } from '../../emulator/boot/index.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';

const design = loadPlatform(builtinPlatformFile()).design!;

describe('the shared vendor', () => {
  it('is the same vendor for the same inputs, also when the design is an equal copy, and the boot lab uses it', async () => {
    const first = await Vendor.create(design, { seed: 21 });
    expect(await Vendor.create(design, { seed: 21 })).toBe(first);
    expect(await Vendor.create(structuredClone(design), { seed: 21 })).toBe(first);
    // The default body size is the body size: stating it changes nothing.
    expect(await Vendor.create(design, { seed: 21, bodyBytes: first.bodyBytes })).toBe(first);
    // Labs for other device capabilities differ, but their vendor does not depend on capabilities.
    expect((await BootLab.shared(design, { seed: 21, capabilities: ['appDevelopment'] })).vendor).toBe(first);
  });

  it('is another vendor when any input differs, a field deep in the design included, with what that input makes', async () => {
    const first = await Vendor.create(design, { seed: 21 });
    const renamed = structuredClone(design);
    renamed.keys[renamed.keys.length - 1]!.id += '-renamed';
    for (const stage of renamed.boot) for (const check of stage.checks) if (check.key === design.keys.at(-1)!.id) check.key = renamed.keys.at(-1)!.id;
    for (const k of renamed.keys) if (k.certifiedBy === design.keys.at(-1)!.id) k.certifiedBy = renamed.keys.at(-1)!.id;
    const otherSeed = await Vendor.create(design, { seed: 22 });
    const otherBody = await Vendor.create(design, { seed: 21, bodyBytes: 512 });
    const otherDesign = await Vendor.create(renamed, { seed: 21 });
    for (const other of [otherSeed, otherBody, otherDesign]) expect(other).not.toBe(first);
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    const anchor = design.keys.find((k) => k.anchoredIn)!.id;
    expect(hex(otherSeed.anchorHash(anchor))).not.toBe(hex(first.anchorHash(anchor)));
    expect(otherBody.bodyBytes).toBe(512);
    expect([...otherDesign.certificates.keys()].at(-1)).toMatch(/-renamed$/);
  });

  it('does not remember a vendor that could not be made', async () => {
    const keyless = { ...structuredClone(design), keys: [] };
    const first = Vendor.create(keyless, { seed: 21 });
    await expect(first).rejects.toThrow(/no signing key/);
    const second = Vendor.create(keyless, { seed: 21 });
    expect(second).not.toBe(first);
    await expect(second).rejects.toThrow(/no signing key/);
  });
});

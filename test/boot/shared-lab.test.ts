/**
 * One lab per run (BootLab.shared): the properties that boot the chain share the lab opened for the
 * same design, seed, body size and device capabilities. It is remembered by the exact inputs: a design
 * that differs in any field deep inside, another seed or other capabilities get a lab of their own.
 */
import { describe, expect, it } from 'vitest';
import { BootLab } from '../../emulator/boot/index.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';

const design = loadPlatform(builtinPlatformFile()).design!;

describe('the shared boot lab', () => {
  it('is the same lab for the same inputs, also when the design is an equal copy', async () => {
    const first = await BootLab.shared(design, { seed: 11 });
    expect(await BootLab.shared(design, { seed: 11 })).toBe(first);
    expect(await BootLab.shared(structuredClone(design), { seed: 11 })).toBe(first);
  });

  it('is another lab when any input differs, a field deep in the design included', async () => {
    const first = await BootLab.shared(design, { seed: 11 });
    const renamed = structuredClone(design);
    renamed.boot[renamed.boot.length - 1]!.checks[0]!.id += '-renamed';
    const others = [
      await BootLab.shared(design, { seed: 12 }),
      await BootLab.shared(design, { seed: 11, capabilities: ['appDevelopment'] }),
      await BootLab.shared(design, { seed: 11, bodyBytes: 512 }),
      await BootLab.shared(renamed, { seed: 11 }),
    ];
    for (const other of others) expect(other).not.toBe(first);
    expect(others[3]!.design.boot.at(-1)!.checks[0]!.id).toMatch(/-renamed$/);
    expect(others[1]!.factoryDevice.carries('appDevelopment')).toBe(true);
    expect(first.factoryDevice.carries('appDevelopment')).toBe(false);
  });
});

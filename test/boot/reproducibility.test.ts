import { describe, expect, it } from 'vitest';
import { BootLab, CrossCheckedVerifier, NodeP256Verifier } from '../../emulator/boot/index.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';

const design = loadPlatform(builtinPlatformFile()).design!;

describe('reproducibility', () => {
  it('the same seed gives the same keys, images, traces and identity; another seed does not', async () => {
    const [a, b, c] = await Promise.all([BootLab.open(design, { seed: 99 }), BootLab.open(design, { seed: 99 }), BootLab.open(design, { seed: 100 })]);
    const boots = (lab: BootLab) => [lab.boot(new NodeP256Verifier()).trace, lab.boot(new CrossCheckedVerifier(), { attack: lab.attacker.plan('tampered', 'nw-kernel') }).trace, lab.boot(new NodeP256Verifier(), { attack: lab.attacker.plan('unknown-key', 'hl-app') }).trace];
    expect(boots(a)).toEqual(boots(b));
    expect([...a.vendor.certificates.values()]).toEqual([...b.vendor.certificates.values()]);
    expect(a.factoryDevice.pluton.getPublicKey('test')).toEqual(b.factoryDevice.pluton.getPublicKey('test'));
    expect(a.factoryDevice.bus.events.map((e) => [e.channel, e.label, Buffer.from(e.bytes).toString('hex')])).toEqual(b.factoryDevice.bus.events.map((e) => [e.channel, e.label, Buffer.from(e.bytes).toString('hex')]));
    expect(boots(c)[0]!.registers).not.toEqual(boots(a)[0]!.registers);
    expect(c.factoryDevice.pluton.getPublicKey('test')).not.toEqual(a.factoryDevice.pluton.getPublicKey('test'));
  });
});

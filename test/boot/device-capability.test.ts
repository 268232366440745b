/**
 * The device carries its capabilities and the Security Monitor consults them at run time: an app signed
 * with the public SDK test key runs on a device with appDevelopment and nowhere else, and only in an
 * app's slot. A fleet from one factory run has one identity per device unless the design says otherwise.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BootLab, CrossCheckedVerifier, imageSlot, NodeP256Verifier, type BootRun } from '../../emulator/boot/index.js';
import { deviceIdOf, encodeQuoteBody } from '../../formats/attestation/messages.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';

const design = loadPlatform(builtinPlatformFile()).design!;
const verifier = new CrossCheckedVerifier();
let production: BootLab;
let development: BootLab;

beforeAll(async () => {
  [production, development] = await Promise.all([BootLab.open(design, { seed: 3 }), BootLab.open(design, { seed: 3, capabilities: ['appDevelopment'] })]);
});

const stage = (run: BootRun, image: string) => run.trace.stages.find((s) => s.image === image);

describe('appDevelopment, as the device carries it', () => {
  it('the same SDK-test-signed app runs on a device that carries appDevelopment, and is refused on one that does not', () => {
    const onDevelopment = development.boot(verifier, { attack: development.attacker.sdkTestSigned('hl-app') });
    expect(onDevelopment.trace.outcome).toBe('booted');
    const app = stage(onDevelopment, 'hl-app')!;
    expect(app.checks.filter((c) => c.kind !== 'rollback').map((c) => [c.result, c.chain?.status])).toEqual([
      ['pass', 'development'],
      ['pass', 'development'],
    ]);
    const onProduction = production.boot(verifier, { attack: production.attacker.sdkTestSigned('hl-app') });
    expect(onProduction.trace.haltedAt).toBe('hl-app');
    expect(stage(onProduction, 'hl-app')!.checks.find((c) => c.id === 'sm.hl-app.signature')!.detail).toMatch(/names signer [0-9a-f]+…, which is not in the key store/);
  });

  it('the images are identical on both devices: only the capability differs', () => {
    const a = development.attacker.sdkTestSigned('rt-app-0');
    const b = production.attacker.sdkTestSigned('rt-app-0');
    const da = development.factoryDevice.clone();
    const db = production.factoryDevice.clone();
    a.apply(da);
    b.apply(db);
    expect(da.flash.peek(imageSlot('rt-app-0'))).toEqual(db.flash.peek(imageSlot('rt-app-0')));
    expect(da.carries('appDevelopment')).toBe(true);
    expect(db.carries('appDevelopment')).toBe(false);
  });

  it('only apps: an OS stage signed with the SDK test key is refused even on a development device', () => {
    for (const image of ['nw-kernel', 'os-services']) {
      const run = development.boot(verifier, { attack: development.attacker.sdkTestSigned(image) });
      // Halted at the first stage whose manifest the SDK-signed one replaced, or at the image itself.
      expect(run.trace.outcome, image).toBe('halted');
      expect(stage(run, image)?.outcome.status, image).not.toBe('ran');
      expect(run.trace.stages.flatMap((s) => s.checks).some((c) => c.chain?.status === 'development')).toBe(false);
    }
  });

  it('the SDK test signature must still verify: a damaged one is refused on a development device', () => {
    const plan = development.attacker.sdkTestSigned('hl-app');
    const run = development.boot(verifier, {
      attack: {
        ...plan,
        apply: (device) => {
          plan.apply(device);
          const bytes = device.flash.peek(imageSlot('hl-app'))!.slice();
          bytes[bytes.length - 1]! ^= 1;
          device.flash.write(imageSlot('hl-app'), bytes, 'developer');
        },
      },
    });
    expect(run.trace.haltedAt).toBe('hl-app');
    expect(stage(run, 'hl-app')!.checks.find((c) => c.id === 'sm.hl-app.signature')!.detail).toMatch(/signature does not verify under Azure Sphere SDK Test/);
  });
});

describe('a fleet from one factory run', () => {
  const registered = (lab: BootLab, serial: number) => (serial === 0 ? lab.factoryDevice : lab.provisionFleet(serial + 1)[serial]!).bus.events.find((e) => e.label === 'device identity public key')!.bytes;

  it('per-device (the default): every device its own identity key; one device\'s quote does not verify as another\'s', () => {
    const fleet = production.provisionFleet(3);
    expect(fleet.map((d) => d.serial)).toEqual([0, 1, 2]);
    const keys = [0, 1, 2].map((i) => Buffer.from(registered(production, i)).toString('hex'));
    expect(new Set(keys).size).toBe(3);
    const nonce = new Uint8Array(32).fill(4);
    const pluton = fleet[1]!.pluton;
    const claimed = { nonce, measurements: pluton.measurements('client'), clientKey: pluton.clientPublicKey('client') };
    const signature = pluton.quote(encodeQuoteBody({ deviceId: deviceIdOf(pluton.getPublicKey('client')), ...claimed }), 'client');
    const node = new NodeP256Verifier();
    // The service verifies the body it expects of the device it names: its registered key's device ID.
    const asDevice = (serial: number) => node.verify(encodeQuoteBody({ deviceId: deviceIdOf(registered(production, serial)), ...claimed }), signature, registered(production, serial));
    expect(asDevice(1)).toBe(true);
    expect(asDevice(0)).toBe(false);
  });

  it('same-for-every-device: the factory gives every device one key', async () => {
    const lab = await BootLab.open({ ...design, identityKeyProvisioning: 'same-for-every-device' }, { seed: 3 });
    expect(Buffer.from(registered(lab, 1)).toString('hex')).toBe(Buffer.from(registered(lab, 0)).toString('hex'));
  });
});

/**
 * The emulated device's identity key (Pluton's identity: the device ID, the secret the identity scan looks for, the key
 * a factory stores when the design keeps it outside Pluton) is the asset the protocol design signs quotes with, passed
 * by hardware-root-of-trust as LabOptions.identityKey, not the design's first private-key asset. Before, a design that
 * listed its client key before its identity key (test/fixtures/platforms/client-key-in-pluton, reordered) had the
 * client key taken for the identity.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BootLab } from '../../emulator/boot/index.js';
import { packageRoot } from '../../model/product/builtin.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';

const fixture = JSON.parse(readFileSync(join(packageRoot(), 'test/fixtures/platforms/client-key-in-pluton/platform.json'), 'utf8')) as PlatformDesign;
/** The same design with the client key listed first among the assets. */
const clientKeyFirst = (): PlatformDesign => ({ ...fixture, assets: [...fixture.assets.filter((a) => a.id === 'device-client-key'), ...fixture.assets.filter((a) => a.id !== 'device-client-key')] });

describe('the emulated identity key is the one the protocol names, wherever the design lists it', () => {
  it('a lab told the quote key provisions it as the identity, on every device of the fleet', async () => {
    const lab = await BootLab.open(clientKeyFirst(), { seed: 7, identityKey: 'device-identity-key' });
    expect(lab.factoryDevice.pluton.identityAssetId).toBe('device-identity-key');
    expect(lab.provisionFleet(2).map((d) => d.pluton.identityAssetId)).toEqual(['device-identity-key', 'device-identity-key']);
  });

  it('told nothing, it keeps the design\'s only or first private key (the boots that do not read the identity)', async () => {
    const lab = await BootLab.open(fixture, { seed: 7 });
    expect(lab.factoryDevice.pluton.identityAssetId).toBe('device-identity-key');
  });
});

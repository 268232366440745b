/**
 * The key revocation rule's step 5 (properties/renewable-security/key-revocation.ts): replaying the metadata recorded
 * before the compromise must not bring the old key store back. No design of the lab lets it come back (the agent
 * refuses older metadata, the store's counter refuses an older store), so no other test saw this branch decide:
 * mutation testing (s30) found `if (back)` could be switched off with every test green. Planted here: an update agent
 * that, on the first replay, writes the factory's key store (the one that still certifies the stolen key) into the
 * running bank. The rule must be violated, naming the replay.
 */
import { describe, expect, it, vi } from 'vitest';
import { KEY_STORE_SLOT } from '../../emulator/boot/index.js';
import type { UpdateLab } from '../../emulator/update/index.js';
import { checkKeyRevocation } from '../../properties/renewable-security/key-revocation.js';
import { builtinProfile } from '../helpers/check-context.js';
import { builtinProduct, defaultDesign, openLab } from './helpers.js';

const plant = vi.hoisted(() => ({ lab: undefined as UpdateLab | undefined, replays: 0 }));

vi.mock('../../emulator/update/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../emulator/update/index.js')>();
  return {
    ...real,
    checkForUpdates: (...args: Parameters<typeof real.checkForUpdates>) => {
      const result = real.checkForUpdates(...args);
      const [device] = args;
      // The first call is the rule's replay of the pre-compromise metadata: the planted agent takes its key store.
      if (plant.lab && plant.replays++ === 0 && device.running) device.banks.write(device.running, KEY_STORE_SLOT, plant.lab.builder.factory.slots.get(KEY_STORE_SLOT)!, 'planted agent');
      return result;
    },
  };
});

describe('key revocation: replayed metadata that brings the old key store back', () => {
  it('is violated, naming the replay (an agent planted to take the old store on replay)', async () => {
    const design = defaultDesign();
    const lab = await openLab(design, 11);
    plant.lab = lab;
    plant.replays = 0;
    const outcome = await checkKeyRevocation({ lab, design, product: builtinProduct(design), requirements: builtinProfile(), group: lab.deviceGroup, deferringApp: undefined, reproduce: 'test', progress: () => {} });
    expect(plant.replays).toBeGreaterThan(0);
    expect(outcome.verdict).toBe('violated');
    expect(outcome.summary).toMatch(/^replaying the metadata of .* brought back the key store that trusts the revoked /);
  });
});

/**
 * A stage whose anti-rollback counter names an eFuse field that is no counter bank (the ROM key hash): the loader
 * cannot read a counter there and halts, whatever the attack and whatever check a glitch skips. The spec's boot walk
 * (model/platform/boot-acceptance.ts, counterUnreadable) and the boot emulator (BootDevice.readCounter, boot.ts) say
 * so at the same step (test/differential/boot-harness.ts): without the spec's rule the harness finds the emulator
 * halting where the spec lets the stage run.
 */
import { describe, expect, it } from 'vitest';
import { NodeP256Verifier } from '../../emulator/boot/index.js';
import { BOOT_ATTACK_KINDS } from '../../model/platform/boot-acceptance.js';
import { loadPlatform } from '../../model/platform/load-platform.js';
import { PLATFORM_FIXTURES } from '../helpers/platform-fixture.js';
import { compareBoot, describeBootDisagreements } from './boot-harness.js';
import { resolve } from 'node:path';

const design = loadPlatform(resolve(PLATFORM_FIXTURES, 'kernel-counter-is-key-hash', 'platform.json')).design!;
const verifier = new NodeP256Verifier();

describe('a counter the device cannot hold: spec and emulator agree', () => {
  it.each(BOOT_ATTACK_KINDS.filter((k) => k !== 'swapped'))('%s on the kernel and on the stage after it, with and without the comparison skipped', async (kind) => {
    for (const stage of ['nw-kernel', 'os-services']) {
      for (const skip of [[], ['rollback.nw-kernel']]) {
        const found = await compareBoot(design, { kind, stage, skip }, verifier);
        expect(found, describeBootDisagreements(found)).toEqual([]);
      }
    }
  });
});

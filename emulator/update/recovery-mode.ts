/**
 * Recovery mode, as the device runs it: whoever holds the device (on the MT3620, DEBUG_RTS held at reset, then XMODEM
 * over the recovery UART, azure-sphere-facts §3.4) hands the recovery loader an image set; the loader writes it into
 * the bank the device boots and restarts it. What the loader checks is the update design's recoveryFlashing:
 *   - versionCheck 'anti-rollback': before writing, each stage image's security version (its RV section) is read and
 *     compared with the stage's counter as the chip holds it, and so is a key store's (kept as a signed image with a
 *     counter) with the store's counter; a set with one image below is refused whole, and the device then boots as it
 *     did (its ordinary boot, counters and all);
 *   - versionCheck 'none': the set is written and booted by the recovery boot path, which does not consult the
 *     anti-rollback counters: every stage's counter comparison is left out, and so is the key store's where the
 *     platform compares it at boot (KEY_STORE_COUNTER_CHECK); signatures, hashes and key chains are still checked by the
 *     boot emulator. Before (s35), the store's comparison stayed on (the boot emulator had no switch for it): the old
 *     store handed to recovery mode was refused at boot, and the key-revocation rule held on a path that compares nothing;
 *   - no recoveryFlashing, or its versionCheck not stated: there is nothing to run (refused, saying why).
 * Second reading, on purpose, of the rule model/update/recovery-flashing.ts (judgeRecoveryFlashing): it does not import
 * it; the revocation play (properties/renewable-security/revocation.ts, step 4) recovers a device to the revoked release
 * and asks whether it ran, and test/update/recovery-flashing.test.ts holds the two against each other on the fixtures.
 */
import { imageSlot, KEY_STORE_COUNTER_CHECK, KEY_STORE_SLOT, rollbackCheckId, signedKeyStoreOf, storeVersion } from '../boot/index.js';
import { securityVersionOfBytes } from './slots.js';
import { stamp, type PowerOnResult, type UpdateDevice } from './update-device.js';

export type RecoveryResult = { recovered: true; boot: PowerOnResult } | { recovered: false; reason: string; notPlayed?: true };

/** Recovers `device` with `images` (boot slot → bytes) at lab time `now`, as its design's recovery path would. */
export function recoverDevice(device: UpdateDevice, images: ReadonlyMap<string, Uint8Array>, now: number): RecoveryResult {
  const path = device.design.recoveryFlashing;
  if (!path) return { recovered: false, reason: 'the design has no recovery path', notPlayed: true };
  if (path.versionCheck === undefined) return { recovered: false, reason: 'the design does not say what its recovery path checks: not played', notPlayed: true };
  const guarded = device.platform.boot.filter((s) => s.rollback);
  if (path.versionCheck === 'anti-rollback') {
    const storeCounter = signedKeyStoreOf(device.platform)?.image.rollback?.counter;
    const compared = [
      ...guarded.map((stage) => ({ name: stage.image, slot: imageSlot(stage.image), counter: stage.rollback!.counter, version: securityVersionOfBytes })),
      ...(storeCounter ? [{ name: 'the key store', slot: KEY_STORE_SLOT, counter: storeCounter, version: storeVersion }] : []),
    ];
    for (const { name, slot, counter: id, version: versionOf } of compared) {
      const bytes = images.get(slot);
      if (!bytes) continue;
      const counter = device.chip.readCounter(id, 'recovery-loader');
      const version = versionOf(bytes);
      if (!counter.ok || version < counter.value) {
        const reason = counter.ok ? `${name} has security version ${version}, below ${id} = ${counter.value}` : `cannot read ${id}: ${counter.reason}`;
        device.journal.push(`${stamp(now)} recovery mode: image set refused (${reason})`);
        return { recovered: false, reason };
      }
    }
  }
  const bank = device.running ?? device.banks.active();
  for (const [slot, bytes] of images) device.banks.write(bank, slot, bytes, 'recovery-loader');
  device.journal.push(`${stamp(now)} recovery mode: ${images.size} images written into bank ${bank}${path.versionCheck === 'none' ? ', booted without the counter comparison' : ''}`);
  const storeCompared = signedKeyStoreOf(device.platform)?.image.rollback?.checkedAt.includes('boot');
  const skip = path.versionCheck === 'none' ? [...guarded.map((s) => rollbackCheckId(s.image)), ...(storeCompared ? [KEY_STORE_COUNTER_CHECK] : [])] : [];
  return { recovered: true, boot: device.reboot(now, { skip }) };
}

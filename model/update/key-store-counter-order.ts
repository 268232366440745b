/**
 * When the installer raises a key store's counter, relative to switching the boot to the bank it staged: the order
 * decides what a power cut between the two leaves, and it is written once here. Where the platform design has the
 * installer compare the store's version at update (signedImage.rollback.checkedAt has "update"), the installer also
 * raises the counter to the new store's version once it installed it, one time; a boot that compares the store
 * (checkedAt has "boot") raises it at every boot. The update design states the order
 * (antiRollback.keyStoreCounterRaised):
 *   - after-switch: a cut after the switch and before the raise leaves the counter below the new store. Where no boot
 *     raises it (compared at update alone), nothing ever does: the store of before, which still certifies the key
 *     the update revoked, is installed again whenever it is offered (a window open for good: violated);
 *   - before-switch: a cut after the raise and before the switch leaves the running bank's store below the counter.
 *     Where the boot compares it, that bank no longer boots; with a bank to fall back to (slots ab and other-bank) the
 *     staged one boots, with none the device boots nothing (violated);
 *   - not stated: the order that is not safe for this design may be the device's, so unless both orders are safe the
 *     verdict is unknown, naming the field.
 * A single-bank design has no switch: the raise follows the in-place writes, as after-switch. Judged under
 * renewable-security.power-loss-safe. The emulator's second reading: emulator/update/installer.ts (raiseKeyStoreCounter
 * and where it is called), swept by properties/renewable-security/power-cuts.ts over a key-store update (every cut
 * point, the counter raise one of them).
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import type { PlatformDesign } from '../platform/platform-design.js';
import { renewableKeyStores } from './load-update.js';
import type { UpdateDesign } from './update-design.js';

export type CounterOrder = 'before-switch' | 'after-switch';

export type KeyStoreCounterOrderVerdict =
  | { verdict: 'not-applicable'; why: string }
  | { verdict: 'holds'; summary: string }
  | { verdict: 'violated' | 'unknown'; where: string; problem: string };

export function judgeKeyStoreCounterOrder(platform: PlatformDesign, update: UpdateDesign, updateFile?: string): KeyStoreCounterOrderVerdict {
  const store = renewableKeyStores(platform).find((a) => a.signedImage?.rollback?.checkedAt.includes('update'));
  const rollback = store?.signedImage?.rollback;
  if (!store || !rollback) return { verdict: 'not-applicable', why: 'no trusted key store whose counter the installer compares and raises at update' };
  const where = `${updateFile ? displayPath(updateFile) : 'the update design'} /antiRollback/keyStoreCounterRaised`;
  const atBoot = rollback.checkedAt.includes('boot');
  const fallback = update.slots.layout === 'ab' && update.slots.recovery === 'other-bank';
  const single = update.slots.layout === 'single';
  const risks: Record<CounterOrder, string | undefined> = {
    'after-switch': atBoot ? undefined : `a power cut after the device ${single ? 'wrote the new key store in place' : 'switched to the staged bank'} and before the installer raised ${rollback.counter} leaves ${rollback.counter} below the new ${store.id} for good (it is compared at update alone, so no boot raises it): the store of before, which still certifies the key the update revoked, is installed again whenever it is offered`,
    'before-switch': atBoot && !fallback ? `a power cut after the installer raised ${rollback.counter} and before the device switched to the staged bank leaves the running bank's ${store.id} below ${rollback.counter}: the boot compares it and refuses it, and with no bank to fall back to (slots ${update.slots.layout}, recovery ${update.slots.recovery}) the device boots nothing` : undefined,
  };
  const stated = single ? 'after-switch' : update.antiRollback.keyStoreCounterRaised;
  if (stated) {
    const risk = risks[stated];
    return risk ? { verdict: 'violated', where, problem: risk } : { verdict: 'holds', summary: `the installer raises ${rollback.counter} ${stated === 'after-switch' ? 'after' : 'before'} switching banks, and a power cut between the two leaves ${atBoot ? 'the boot to raise it' : 'the bank of before, whose store the next check replaces'}` };
  }
  const open = (Object.entries(risks) as [CounterOrder, string | undefined][]).filter(([, risk]) => risk);
  if (!open.length) return { verdict: 'holds', summary: `either order of raising ${rollback.counter} and switching banks survives a power cut between the two (the boot compares ${store.id} and there is a bank to fall back to)` };
  return { verdict: 'unknown', where, problem: `the update design does not state when the installer raises ${rollback.counter}, the counter of ${store.id} it compares at update, relative to switching banks (${where}); ${open.map(([order, risk]) => `raised ${order}, ${risk}`).join('; ')}` };
}

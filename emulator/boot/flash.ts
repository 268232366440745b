/**
 * External flash: named slots of bytes. Nothing in flash is protected by the flash itself; an attacker
 * with physical access (and the factory) can write any slot. What keeps the device safe is that the
 * boot checks everything it reads from here. Slot names:
 *   image/<component>   the image package of a boot stage
 *   manifest/<key>      the boot manifest signed by <key>
 *   key-store           the trusted key store (key certificates)
 *   asset/<asset>       an asset the design places in flash (e.g. an anchor hash not in eFuses)
 */
import type { BusLog } from './bus.js';

export const imageSlot = (component: string) => `image/${component}`;
export const manifestSlot = (key: string) => `manifest/${key}`;
export const assetSlot = (asset: string) => `asset/${asset}`;
export const KEY_STORE_SLOT = 'key-store';

export class Flash {
  #slots = new Map<string, Uint8Array>();

  constructor(private readonly bus: BusLog) {}

  /** The stored bytes are shared with the log, never changed in place: a write replaces the slot. */
  write(slot: string, bytes: Uint8Array, by: string): void {
    this.bus.record('flash-write', by, `flash:${slot}`, `write ${slot}`, bytes);
    this.#slots.set(slot, bytes);
  }

  read(slot: string, by: string): Uint8Array | undefined {
    const bytes = this.#slots.get(slot);
    if (bytes) this.bus.record('flash-read', `flash:${slot}`, by, `read ${slot}`, bytes);
    return bytes;
  }

  /** Reading without a bus transfer: for the factory and tests that inspect what was written. */
  peek(slot: string): Uint8Array | undefined {
    return this.#slots.get(slot);
  }

  clone(bus: BusLog): Flash {
    const copy = new Flash(bus);
    for (const [slot, bytes] of this.#slots) copy.#slots.set(slot, bytes);
    return copy;
  }
}

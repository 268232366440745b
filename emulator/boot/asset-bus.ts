/**
 * A running component's reads and writes of assets outside Pluton (eFuses, flash, SRAM, I/O registers),
 * as the bus controller carries them: it consults the design's access rules (the device's AccessRules)
 * for every request and carries out only what they grant. (Physical access to the flash chip bypasses
 * this controller; that attacker is attacks.ts's.) Pluton's keys are requested from Pluton itself.
 * Where an asset lives: the trusted key store in flash is the store the loaders read (KEY_STORE_SLOT);
 * other flash assets are asset/<id>; eFuse assets are the fuse array; SRAM and I/O-register assets are
 * the device's volatile registers.
 */
import type { PlatformAsset, Right } from '../../model/platform/platform-design.js';
import type { BootDevice } from './boot-device.js';
import { assetSlot, KEY_STORE_SLOT } from './flash.js';
import type { KeyRequestResult } from './pluton.js';

/** The flash slot of an asset the design keeps in flash. */
export function flashSlotOf(asset: Pick<PlatformAsset, 'id' | 'kind'>): string {
  return asset.kind === 'key-store' ? KEY_STORE_SLOT : assetSlot(asset.id);
}

export class AssetBus {
  constructor(private readonly device: BootDevice) {}

  read(asset: PlatformAsset, requester: string): KeyRequestResult {
    const refused = this.#decide(asset, 'read', requester);
    if (refused) return refused;
    const value = this.#value(asset, requester) ?? new Uint8Array(0);
    return { granted: true, rule: this.device.profile.access.decide(requester, asset.id, 'read').rule!, value };
  }

  write(asset: PlatformAsset, value: Uint8Array, requester: string): KeyRequestResult {
    const refused = this.#decide(asset, 'write', requester);
    if (refused) return refused;
    const { device } = this;
    const rule = device.profile.access.decide(requester, asset.id, 'write').rule!;
    switch (asset.location) {
      case 'flash':
        device.flash.write(flashSlotOf(asset), value, requester);
        break;
      case 'efuse': {
        const programmed = device.efuses.has(asset.id) && asset.kind !== 'counter' ? device.efuses.program(asset.id, value, requester) : undefined;
        if (!programmed?.ok) return { granted: false, reason: `the eFuse controller refused: ${programmed && !programmed.ok ? programmed.reason : `${asset.id} is not a programmable field`}` };
        break;
      }
      case 'sram':
      case 'io-registers':
        device.bus.record('memory', requester, `${asset.location}:${asset.id}`, `write ${asset.id}`, value);
        device.registers.set(asset.id, value.slice());
        break;
      case 'pluton':
        return { granted: false, reason: `${asset.id} is in Pluton: only Pluton's mailbox reaches it` };
    }
    return { granted: true, rule, value: this.#peek(asset) ?? value };
  }

  #decide(asset: PlatformAsset, right: Right, requester: string): KeyRequestResult | undefined {
    if (asset.location === 'pluton') return { granted: false, reason: `${asset.id} is in Pluton: only Pluton's mailbox reaches it` };
    if (this.device.profile.access.decide(requester, asset.id, right).granted) return undefined;
    this.device.bus.record('memory', requester, `${asset.location}:${asset.id}`, `${right} ${asset.id}: refused by the bus controller`, new Uint8Array(0));
    return { granted: false, reason: `no access rule gives ${requester} '${right}' on ${asset.id}` };
  }

  #value(asset: PlatformAsset, requester: string): Uint8Array | undefined {
    const { device } = this;
    switch (asset.location) {
      case 'flash':
        return device.flash.read(flashSlotOf(asset), requester);
      case 'efuse':
        return asset.kind !== 'counter' && device.efuses.has(asset.id) ? device.readAnchor(asset.id, requester) : undefined;
      case 'sram':
      case 'io-registers': {
        const value = device.registers.get(asset.id);
        if (value) device.bus.record('memory', `${asset.location}:${asset.id}`, requester, `read ${asset.id}`, value);
        return value;
      }
      case 'pluton':
        return undefined;
    }
  }

  #peek(asset: PlatformAsset): Uint8Array | undefined {
    const { device } = this;
    if (asset.location === 'flash') return device.flash.peek(flashSlotOf(asset));
    if (asset.location === 'efuse') return device.efuses.has(asset.id) && asset.kind !== 'counter' ? device.efuses.read(asset.id) : undefined;
    return device.registers.get(asset.id);
  }
}

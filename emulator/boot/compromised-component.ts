/**
 * The program of a compromised component: an attacker who runs as `component` (an exploited app, a
 * kernel with a bug) tries every access to every key asset of the design, read, use and write, through
 * the only doors software has: Pluton's mailbox for the keys Pluton holds, the bus controller for the
 * rest. It is not told what the design allows; the hardware grants what the design's access rules say
 * and refuses the rest, and each attempt is recorded with what the component got out of it. Refused, it has each DMA
 * engine it drives (`engines`, dma-engines.ts) try the same transfer, which the firewall decides by the engine's window.
 */
import type { PlatformAsset } from '../../model/platform/platform-design.js';
import { AssetBus, flashSlotOf } from './asset-bus.js';
import type { BootDevice } from './boot-device.js';
import { DmaEngines, dmaRequester } from './dma-engines.js';

export type AttemptedRight = 'read' | 'use' | 'write';
export const ATTEMPTED_RIGHTS: readonly AttemptedRight[] = ['read', 'use', 'write'];

export interface AccessAttempt {
  component: string;
  asset: string;
  right: AttemptedRight;
  /** no-such-operation: the asset's hardware has no such request (nothing 'uses' a flash region). */
  outcome: 'granted' | 'refused' | 'no-such-operation';
  /** Index of the design access rule that granted it. */
  rule?: number;
  /** The DMA engine (busMasters[].id) that carried it, when the component's own rights did not. */
  engine?: string;
  detail: string;
  /** What the component got: the key's value (read), a signature (use), the asset after its write. */
  value?: Uint8Array;
}

export interface CompromisedProgram {
  /** What it asks Pluton to sign with a key it may use. */
  messageToSign: Uint8Array;
  /** A P-256 private key the attacker knows, written in place of a Pluton key. */
  replacementKey: Uint8Array;
  /** What it writes into an asset outside Pluton, given what is there now (e.g. a key store with its own certificate appended). */
  replacementFor(asset: PlatformAsset, current: Uint8Array | undefined): Uint8Array;
}

/** Every attempt of `component` on every asset in `assets` (read, use, write, in that order per asset) on `device`. */
export function runCompromisedComponent(device: BootDevice, component: string, assets: readonly PlatformAsset[], program: CompromisedProgram, engines: DmaEngines = new DmaEngines(device.design)): AccessAttempt[] {
  const bus = new AssetBus(device);
  const attempts: AccessAttempt[] = [];
  for (const asset of assets) {
    for (const right of ATTEMPTED_RIGHTS) {
      const base = { component, asset: asset.id, right };
      let result;
      if (asset.location === 'pluton') {
        if (right === 'read') result = device.pluton.readKey(asset.id, component);
        else if (right === 'use') result = device.pluton.useKey(asset.id, program.messageToSign, component);
        else result = device.pluton.writeKey(asset.id, program.replacementKey, component);
      } else if (right === 'use') {
        attempts.push({ ...base, outcome: 'no-such-operation', detail: `${asset.id} is in ${asset.location}: there is nothing to ask to use it, only to read or write it` });
        continue;
      } else {
        // Refused on the bus, it programs each DMA engine it drives to make the same transfer (dma-engines.ts): the
        // firewall in front of the engine decides it by the engine's window, not by the component's rights.
        const transfer = (requester: string) => (right === 'read' ? bus.read(asset, requester) : bus.write(asset, program.replacementFor(asset, asset.location === 'flash' ? device.flash.peek(flashSlotOf(asset)) : undefined), requester));
        result = transfer(component);
        const engine = result.granted ? undefined : engines.assignedTo(component).find((e) => transfer(dmaRequester(e)).granted);
        if (engine !== undefined) {
          const value = right === 'read' ? bus.read(asset, dmaRequester(engine)) : undefined;
          attempts.push({ ...base, outcome: 'granted', engine, detail: `through the DMA engine ${engine} it programs, which the firewall lets ${right} ${asset.id}`, ...(value?.granted ? { value: value.value } : {}) });
          continue;
        }
      }
      attempts.push(result.granted ? { ...base, outcome: 'granted', rule: result.rule, detail: describeGrant(asset, right, result.value), value: result.value } : { ...base, outcome: 'refused', detail: result.reason });
    }
  }
  return attempts;
}

function describeGrant(asset: PlatformAsset, right: AttemptedRight, value: Uint8Array): string {
  switch (right) {
    case 'read':
      return `got ${value.length} bytes of ${asset.id}`;
    case 'use':
      return `got a ${value.length}-byte signature by ${asset.id} over its own message`;
    case 'write':
      return `${asset.id} now holds what it wrote (${value.length} bytes)`;
  }
}

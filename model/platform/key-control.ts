/**
 * Who reads, uses or replaces a device private key through Pluton's firmware. hardware-root-of-trust.private-keys-
 * confined asks that no component outside the security subsystem's own firmware can read, use or replace a private key
 * ("Private keys stored in a hardware-protected vault, inaccessible to software"). A right the access rules give Pluton's
 * firmware (pluton-firmware.ts) is the vault's own only while nobody else decides what that firmware does:
 *  - a component outside Pluton's firmware that holds it by the hardware (control-closure.ts: it may write memory the
 *    firmware executes, or runs above or beside it on its core) runs its own code as that firmware, and so reads, uses
 *    or replaces the key as the firmware may: a normal-world kernel let write the RAM a Pluton crypto service executes
 *    signs with the identity key (it held, s36-tcb: only the direct access rules were read);
 *  - an attacker of the design that runs as the firmware (verifier-takeover.ts componentsAnAttackerTakesOver: a
 *    network-facing Pluton service, one whose code an app may write) does the same: the firmware is then the
 *    attacker's, not the vault's. It held for such a service that loads nothing (a loader so taken was caught as a
 *    takeover of its checks); the key-store rule already read who an attacker runs as (s35-identity).
 * Held by properties/hardware-root-of-trust/key-confinement.ts against the emulated device's own reading
 * (emulator/boot/attacker-takeover.ts attackerRunsAs and runsAsFrom, on its access controller); a disagreement is unknown.
 */
import { closeOverControl } from './control-closure.js';
import type { PlatformAsset, PlatformDesign } from './platform-design.js';
import { isPlutonFirmware } from './pluton-firmware.js';
import { componentsAnAttackerTakesOver } from './verifier-takeover.js';
import type { AttackSurfaceRules } from './attack-surface.js';

/** A private key to the requirement: a private-key asset, or a key store whose contents are secret. */
export const isPrivateKeyAsset = (asset: PlatformAsset): boolean => asset.kind === 'private-key' || (asset.kind === 'key-store' && asset.secret);

export type KeyRight = 'read' | 'use' | 'write';

export interface KeyRightThroughFirmware {
  /** Who gets the right: a component outside Pluton's firmware, or the firmware itself when an attacker runs as it. */
  component: string;
  /** The Pluton firmware component the access rules give the right. */
  via: string;
  asset: string;
  right: KeyRight;
  /** Index of the access rule that gives `via` the right. */
  access: number;
  why: string;
}

export function privateKeyRightsThroughFirmware(design: PlatformDesign, rules: AttackSurfaceRules = {}): KeyRightThroughFirmware[] {
  const firmwareRights = design.access.flatMap((rule, access) => {
    const c = design.components.find((x) => x.id === rule.component);
    const a = design.assets.find((x) => x.id === rule.asset);
    if (!c || !a || !isPlutonFirmware(c) || !isPrivateKeyAsset(a)) return [];
    return rule.rights.filter((r): r is KeyRight => r === 'read' || r === 'use' || r === 'write').map((right) => ({ via: c.id, asset: a.id, right, access }));
  });
  if (firmwareRights.length === 0) return [];
  const out: KeyRightThroughFirmware[] = [];
  const taken = componentsAnAttackerTakesOver(design, rules);
  for (const r of firmwareRights) {
    const why = taken.get(r.via);
    if (why) out.push({ component: r.via, ...r, why: `an attacker of the design runs as ${r.via}: ${why}` });
  }
  for (const c of design.components) {
    if (isPlutonFirmware(c)) continue;
    const held = new Map([[c.id, 'its own program']]);
    closeOverControl(design, held, (id) => (id === c.id ? id : `${id}, which ${c.id} holds (${held.get(id)})`));
    for (const r of firmwareRights) {
      const why = held.get(r.via);
      if (why && r.via !== c.id) out.push({ component: c.id, ...r, why: `${c.id} runs its own code as ${r.via}: ${why}` });
    }
  }
  return out;
}

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
 * The same holds of the trusted key store (hardware-root-of-trust.key-store-writes-confined: only secure-world firmware
 * changes it): a write right of secure-world firmware counts against whoever runs as that firmware, a Normal World
 * kernel let write the RAM the Security Monitor executes adds a signer through it (it held, s36-tcb). The components an
 * attacker runs as are that rule's own reading already (key-confinement.ts attackerWhy).
 * Held by properties/hardware-root-of-trust/key-confinement.ts against the emulated device's own reading
 * (emulator/boot/attacker-takeover.ts attackerRunsAs and runsAsFrom, on its access controller); a disagreement is unknown.
 */
import { isAppSlot } from '../product/instantiate.js';
import { insideRights, rightsThroughControl, type KeptRights, type RightThroughControl } from './control-closure.js';
import type { PlatformAsset, PlatformComponent, PlatformDesign } from './platform-design.js';
import { isPlutonFirmware } from './pluton-firmware.js';
import { isTrustedKeyStore } from './trusted-key-store.js';
import { componentsAnAttackerTakesOver } from './verifier-takeover.js';
import type { AttackSurfaceRules } from './attack-surface.js';

/** A private key to the requirement: a private-key asset, or a key store whose contents are secret. */
export const isPrivateKeyAsset = (asset: PlatformAsset): boolean => asset.kind === 'private-key' || (asset.kind === 'key-store' && asset.secret);

const SECURE_FIRMWARE_PRIVILEGES: ReadonlySet<string> = new Set(['rom', 'firmware', 'supervisor']);
/**
 * Secure-world firmware, the only writer key-store-writes-confined allows: the secure world's own code (ROM, firmware,
 * the supervisor), not customer code the design marks untrusted or an app slot that happens to run there ("only
 * Microsoft code runs in Secure World"). Whether an attacker runs as it is key-confinement.ts's to add.
 */
export const isSecureWorldFirmware = (c: PlatformComponent): boolean => c.world === 'secure' && c.untrusted !== true && !isAppSlot(c) && SECURE_FIRMWARE_PRIVILEGES.has(c.privilege);

export const PRIVATE_KEY_RIGHTS: KeptRights = { inside: isPlutonFirmware, asset: isPrivateKeyAsset, rights: ['read', 'use', 'write'] };
export const KEY_STORE_WRITES: KeptRights = { inside: isSecureWorldFirmware, asset: isTrustedKeyStore, rights: ['write'] };

/** private-keys-confined's grants through Pluton's firmware: the firmware an attacker runs as, and whoever holds it. */
export function privateKeyRightsThroughFirmware(design: PlatformDesign, rules: AttackSurfaceRules = {}): RightThroughControl[] {
  const granted = insideRights(design, PRIVATE_KEY_RIGHTS);
  if (granted.length === 0) return [];
  const taken = componentsAnAttackerTakesOver(design, rules);
  const byAttacker = granted.flatMap((r) => {
    const why = taken.get(r.via);
    return why ? [{ component: r.via, ...r, why: `an attacker of the design runs as ${r.via}: ${why}` }] : [];
  });
  return [...byAttacker, ...rightsThroughControl(design, PRIVATE_KEY_RIGHTS)];
}

/**
 * Second reading, on purpose, of model/platform/key-custody.ts (hardwareKeyProblems, which certificate-authentication's
 * design rules read for the quote key and the client-authentication key): whether a device key is held by the
 * hardware, read from what the emulated device does with it rather than from the design's access list. Held against
 * it by test/differential/key-custody-differential.test.ts over random designs; it imports neither key-custody.ts nor
 * pluton-firmware.ts (isPlutonFirmware).
 *
 * A key is held by the hardware when:
 *  - it is a private key the design keeps secret (what a key is, the design states: a key store or a hash is not one);
 *  - Pluton holds it: the emulated Pluton answers a request to sign with it (for a key anywhere else there is nothing
 *    to ask, facts §4's Pluton ioctls sign only with keys inside it, and whoever uses it holds its bytes);
 *  - no component, run as a compromised component on a provisioned device (emulator/boot/compromised-component.ts),
 *    gets its bytes or replaces it: the device grants neither read nor write to anyone, Pluton's firmware included
 *    (a firmware that can read the key can hand it out);
 *  - only Pluton's own firmware gets a signature with it. Which component that is the design says, read here from the
 *    documentation of a component (platform-design.ts): it runs on the Pluton core, the design does not mark it
 *    untrusted (customer code placed there), and it is not an app (image type Applications). Where Pluton has no
 *    door for a request (a key kept outside it), the device's own access controller (emulator/boot/access-rules.ts)
 *    answers whether the component may use it: software that uses a key outside the vault holds it.
 */
import { runCompromisedComponent, type AccessAttempt } from '../../emulator/boot/compromised-component.js';
import type { BootLab } from '../../emulator/boot/boot-lab.js';
import type { PlatformComponent } from '../../model/platform/platform-design.js';

export interface KeyCustodyAsRun {
  /** The asset is not a secret private key. */
  notAKey: boolean;
  /** Pluton does not hold it (no signing request for it exists). */
  outsidePluton: boolean;
  /** Components that get the key's bytes, replace it, or sign with it without being Pluton's own firmware. */
  holders: string[];
}

const runsAsPlutonFirmware = (c: PlatformComponent): boolean => c.core === 'Pluton' && !c.untrusted && c.imageType !== 'Applications';

export function keyCustodyAsRun(lab: BootLab, keyId: string): KeyCustodyAsRun | undefined {
  const design = lab.design;
  const asset = design.assets.find((a) => a.id === keyId);
  if (!asset) return undefined;
  const access = lab.factoryDevice.profile.access;
  const got = (attempt: AccessAttempt): boolean => {
    if (attempt.outcome === 'granted') return true;
    const noDoor = attempt.outcome === 'no-such-operation' || /Pluton holds no key/.test(attempt.detail);
    return noDoor && access.decide(attempt.component, attempt.asset, attempt.right).granted;
  };
  let outsidePluton = false;
  const holders: string[] = [];
  for (const c of design.components) {
    const attempts = runCompromisedComponent(lab.factoryDevice.clone(), c.id, [asset], lab.attacker.compromisedProgram(new Uint8Array([0x4b, 0x45, 0x59])));
    if (attempts.some((a) => a.right === 'use' && (a.outcome === 'no-such-operation' || /Pluton holds no key/.test(a.detail)))) outsidePluton = true;
    const taken = attempts.some((a) => a.right !== 'use' && got(a));
    const signs = attempts.some((a) => a.right === 'use' && got(a));
    if (taken || (signs && !runsAsPlutonFirmware(c))) holders.push(c.id);
  }
  return { notAKey: asset.kind !== 'private-key' || !asset.secret, outsidePluton, holders };
}

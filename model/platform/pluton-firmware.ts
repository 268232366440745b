/**
 * Pluton's own firmware: a component that runs on the Pluton core and is neither code the design marks
 * untrusted (a customer plug-in placed there) nor an app slot. The requirement that private keys be used
 * only inside the security subsystem means this firmware, not whatever the design puts on that core: an
 * untrusted plug-in on the Pluton core that may use the identity key is customer code signing as the
 * device. Read by key custody (model/platform/key-custody.ts, certificate-authentication's key rules) and by
 * hardware-root-of-trust's private-key confinement (properties/hardware-root-of-trust/key-confinement.ts).
 */
import { isAppSlot } from '../product/instantiate.js';
import type { PlatformComponent } from './platform-design.js';

export function isPlutonFirmware(c: PlatformComponent): boolean {
  return c.core === 'Pluton' && c.untrusted !== true && !isAppSlot(c);
}

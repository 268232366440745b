/**
 * Crash containment (model/platform/crash-containment.ts, sharedServiceCrashes), one clause at a time on the built-in
 * product with one field changed in memory: only the shared services (storage, network, configuration) count, not the
 * app's own layers, the channel's kernel or Pluton's key use; an app in no slot is not counted; a user-mode service is
 * restarted by the layers above it, any other crashes the device. test/properties/service-crash-isolation.test.ts
 * plays the fixtures through compartmentalization (Z3, too slow per mutant); mutation testing (s31) runs this file.
 */
import { describe, expect, it } from 'vitest';
import { sharedServiceCrashes } from '../../model/platform/crash-containment.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { loadProduct, type Product } from '../../model/product/product.js';

const builtin = loadProduct(builtinProductFile()).product!;
const changed = (change: (p: Product) => void): Product => {
  const p = structuredClone(builtin);
  change(p);
  return p;
};
const crashesOf = (p: Product) => sharedServiceCrashes(p).map((c) => `${c.taker.app} ${c.taker.component} ${c.taker.kind} ${c.taker.pointer} [${c.restartedBy.join(', ')}] ${c.runs}`);

describe('crash containment: which shared services an app\'s input crashes, and who restarts them', () => {
  it('the built-in product: the OS services behind Thermostat\'s storage, network and configuration, restarted by the layers above; not its own kernel, not the channels\' kernels, not Pluton\'s key use', () => {
    expect(crashesOf(builtin)).toEqual([
      '0 os-services storage /Capabilities/MutableStorage [nw-loader, nw-kernel] normal user on A7',
      '0 os-services network /Capabilities/AllowedConnections [nw-loader, nw-kernel] normal user on A7',
      '0 os-services config /Capabilities/SystemEventNotifications [nw-loader, nw-kernel] normal user on A7',
    ]);
  });

  it('a service out of user mode (here in the secure world\'s supervisor, no layer of the app) is restarted by nothing: its crash reboots the device', () => {
    const privileged = changed((p) => Object.assign(p.platform.components.find((c) => c.id === 'os-services')!, { privilege: 'supervisor', world: 'secure' }));
    expect(crashesOf(privileged)).toEqual([
      '0 os-services storage /Capabilities/MutableStorage [] secure supervisor on A7',
      '0 os-services network /Capabilities/AllowedConnections [] secure supervisor on A7',
      '0 os-services config /Capabilities/SystemEventNotifications [] secure supervisor on A7',
    ]);
  });

  it('a privileged service with a layer above it is still restarted by nothing: only a user-mode process is restarted alone', () => {
    // os-services in the secure world's supervisor, under a Security Monitor raised to firmware: that monitor is a
    // layer above the service, but a crash of a privileged domain is not restarted by it (s31: read for a user-mode
    // service, the monitor "restarted" it, and failure-isolation would hold on a crash that reboots the device).
    const underMonitor = changed((p) => {
      Object.assign(p.platform.components.find((c) => c.id === 'os-services')!, { privilege: 'supervisor', world: 'secure' });
      p.platform.components.find((c) => c.id === 'security-monitor')!.privilege = 'firmware';
    });
    expect(crashesOf(underMonitor)).toEqual([
      '0 os-services storage /Capabilities/MutableStorage [] secure supervisor on A7',
      '0 os-services network /Capabilities/AllowedConnections [] secure supervisor on A7',
      '0 os-services config /Capabilities/SystemEventNotifications [] secure supervisor on A7',
    ]);
  });

  it('an app in no slot of the design runs on nothing stated: not counted here (other rules name it undecided)', () => {
    const unslotted = changed((p) => delete (p.apps[0] as { slot?: string }).slot);
    expect(crashesOf(unslotted)).toEqual([]);
  });
});

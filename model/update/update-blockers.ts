/**
 * Who may keep the device from the update service, and why renewal rests on it. The device checks for updates on
 * the first internet connection after each boot and then every 20–24 h (azure-sphere-facts §3.5); an app that may
 * take the device down before that check or install completes, or take it off the network, keeps it on the release
 * it has for as long as it likes. No deferral bound limits it (the deferral window is the OS's, DOC-DEFER; this is
 * no deferral the OS grants), and renewal is what would replace the compromised app. Two ways, each a capability a
 * high-level app's manifest states (facts §1.3):
 *  - down: `PowerControls` ForceReboot (PowerManagement_ForceSystemReboot) and ForcePowerDown
 *    (PowerManagement_ForceSystemPowerDown: everything but the real-time clock off for as long as the app asks).
 *    Microsoft's own warning (learn.microsoft.com/azure-sphere/app-development/power-down, "Power Down and forcing
 *    updates"): since they let an app power the device down at any time, making sure the device checks for updates
 *    becomes that app's responsibility, and a device whose app does not may get no app or OS update and need
 *    recovery. SetPowerProfile only sets the CPU frequency (…/app-development/set-power-profiles): nothing down;
 *  - off the network: `NetworkConfig` lets an app disable a network interface, Wi-Fi included
 *    (Networking_SetInterfaceState, …/applibs-networking/function-networking-setinterfacestate), and `WifiConfig`
 *    lets it remove every stored Wi-Fi network, disconnecting the device (WifiConfig_ForgetAllNetworks), or disable
 *    one (WifiConfig_SetNetworkEnabled), persisted with WifiConfig_PersistConfig (…/applibs-wificonfig). Reading
 *    the proxy settings (ReadNetworkProxyConfig) or serving DHCP/SNTP on a private interface changes no connection.
 * Real-time apps get none of the OS's services (§1.4; the manifest reader grants them none of these).
 *
 * Read by renewable-security (properties/renewable-security/update-blockers.ts, max-deferral); the update emulator
 * has its own reading of who may take the device down or offline (emulator/update/device-controls.ts), held against
 * this one by test/update/update-blockers.test.ts, and plays it in the reach emulation (reach.ts), where each app
 * tries both before each update check.
 */
import type { Product } from '../product/product.js';

/** PowerControls values that take the whole device down (reboot it, or power it off until a wake-up). */
export const DEVICE_DOWN_POWER_CONTROLS: readonly string[] = ['ForceReboot', 'ForcePowerDown'];
/** Boolean capabilities that let an app take the device off the network. */
export const NETWORK_OFF_CAPABILITIES: readonly string[] = ['NetworkConfig', 'WifiConfig'];

export interface UpdateBlocker {
  /** The app's name (its manifest's Name, else its manifest file). */
  app: string;
  /** Its product-file entry (/apps/i). */
  pointer: string;
  manifestFile: string;
  /** What lets it: a power control (ForceReboot, ForcePowerDown) or a capability (NetworkConfig, WifiConfig). */
  control: string;
  /** 'down': it takes the device down; 'offline': it takes it off the network. */
  way: 'down' | 'offline';
  /** Where its manifest grants it: /Capabilities/PowerControls/<index>, /Capabilities/NetworkConfig, … */
  capabilityPointer: string;
}

/**
 * The power controls of one app that take the whole device down: those its manifest lists, for a high-level app (a
 * real-time app gets none of the OS's services). Read here and by check-restarts.ts (which asks for ForceReboot).
 */
export function deviceDownControls(app: Pick<Product['apps'][number], 'manifest'>): string[] {
  return app.manifest.kind === 'high-level' ? app.manifest.powerControls.filter((c) => DEVICE_DOWN_POWER_CONTROLS.includes(c)) : [];
}

/** The product's apps that may keep the device from the update service: high-level apps holding a device-down power control or a network-off capability (one entry each, the first that lets it). */
export function updateBlockers(product: Pick<Product, 'apps'>): UpdateBlocker[] {
  return product.apps.flatMap((app): UpdateBlocker[] => {
    if (app.manifest.kind !== 'high-level') return [];
    const at = { app: app.manifest.name ?? app.manifestFile, pointer: app.pointer, manifestFile: app.manifestFile };
    const index = app.manifest.powerControls.findIndex((c) => DEVICE_DOWN_POWER_CONTROLS.includes(c));
    if (index >= 0) return [{ ...at, control: app.manifest.powerControls[index]!, way: 'down', capabilityPointer: `/Capabilities/PowerControls/${index}` }];
    const network = NETWORK_OFF_CAPABILITIES.find((c) => app.manifest.enabled.includes(c));
    return network ? [{ ...at, control: network, way: 'offline', capabilityPointer: `/Capabilities/${network}` }] : [];
  });
}

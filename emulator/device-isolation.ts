/**
 * How the emulated device isolates apps beyond the I/O firewall, for a platform design that says so in
 * its appIsolation fields, and as an Azure Sphere device behaves where the design leaves one out:
 *  - network: a high-level app's outbound connections pass its own firewall, built from
 *    AllowedConnections ("the application will fail when it tries to connect" to any other endpoint);
 *  - real-time apps have no network at all (the M4 cores have no network stack);
 *  - storage: MutableStorage is "persistent per-app flash storage", opened only by its owner;
 *  - inter-core channels: both apps must list each other in AllowedApplicationConnections (DOC-INTERAPP).
 * (Microsoft's app manifest documentation for AllowedConnections, MutableStorage and
 * AllowedApplicationConnections.)
 *
 * Second reading, on purpose: it mirrors the spec's appIsolationOf and its table AZURE_SPHERE_APP_ISOLATION
 * (model/platform/platform-design.ts) without importing either. Before, the device and the isolation spec
 * filled the absent fields through that one function, so a wrong default (per-app storage read as shared,
 * say) was agreed by both and test/differential/isolation-harness.ts, which draws designs that leave
 * fields out, could not see it; now the harness holds the two readings against each other on every
 * access those fields decide (connect, storage, channel).
 * Whether a default may stand for a verdict (only on a design whose OS is Azure Sphere's) is not the device's
 * question: model/platform/app-isolation-stated.ts makes the verdicts that read a field left out on another OS
 * unknown, whatever the device did with its placeholder.
 */
import type { AppIsolation, PlatformDesign } from '../model/platform/platform-design.js';

/** The device's behaviour for one design: each field as the design states it, else the Azure Sphere device's. */
export function deviceIsolation(design: Pick<PlatformDesign, 'appIsolation'> | undefined): AppIsolation {
  const stated = design?.appIsolation ?? {};
  return {
    networkFirewall: stated.networkFirewall ?? 'allowed-connections',
    realTimeNetwork: stated.realTimeNetwork ?? 'none',
    storage: stated.storage ?? 'per-app',
    appConnections: stated.appConnections ?? 'both-list-each-other',
  };
}

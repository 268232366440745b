/**
 * The OS capabilities an app's manifest grants outside the access graph: boolean capabilities
 * (WifiConfig, NetworkConfig, CertStore, SystemTime, DhcpService, …), each PowerControls entry and the
 * DeviceAuthentication tenant. None is a node of access-graph.ts (they gate device-wide services, not
 * a resource one app reaches), so the no-new-access proof never saw them: a new version whose app
 * gained NetworkConfig (it may move the device to another network) was "no new access, proved".
 * Compared per app (by compartment id) as sets; a real-time app holds none (the manifest reader grants
 * it no high-level-only capability).
 */
import type { IsolationSpec } from '../model/isolation/isolation-spec.js';

export interface CapabilityGrant {
  /** Compartment id (component ID) of the app that gains the capability. */
  app: string;
  appName: string;
  /** "NetworkConfig", "PowerControls ForceReboot", "DeviceAuthentication <tenant>". */
  capability: string;
  /** True when the old product had no app with this id. */
  newApp: boolean;
}

/** Every capability an app of the new product holds that the app with its id in the old product does not. */
export function newCapabilities(oldSpec: IsolationSpec, newSpec: IsolationSpec): CapabilityGrant[] {
  const grants: CapabilityGrant[] = [];
  for (const app of newSpec.compartments) {
    if (!app.manifest) continue;
    const before = oldSpec.compartment(app.id)?.manifest;
    const had = new Set(before ? capabilitiesOf(before) : []);
    for (const capability of capabilitiesOf(app.manifest)) {
      if (!had.has(capability)) grants.push({ app: app.id, appName: app.name, capability, newApp: !before });
    }
  }
  return grants;
}

type Manifest = NonNullable<ReturnType<IsolationSpec['compartment']>>['manifest'] & object;

function capabilitiesOf(m: Manifest): string[] {
  return [
    ...m.enabled,
    ...m.powerControls.map((p) => `PowerControls ${p}`),
    // Tenant IDs are GUIDs: compared without regard to case.
    ...(m.deviceAuthentication === undefined ? [] : [`DeviceAuthentication ${m.deviceAuthentication.toLowerCase()}`]),
  ];
}

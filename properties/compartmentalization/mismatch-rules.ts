/**
 * Which of compartmentalization's rules an image/manifest difference breaks. The checks read the product's manifests;
 * the device enforces the manifest inside each image (image-manifest-match.ts). A difference in a field a rule reads
 * makes that rule's verdict about an app the device does not run, so the difference is reported under that rule, and
 * only when the profile asks for it (asked-rules.ts); a difference no asked rule reads decides nothing here (other
 * properties read those fields: renewable-security the clock and deferral capabilities, certificate-authentication
 * DeviceAuthentication, defense-in-depth all of them).
 * What each rule reads:
 *  - hardware-barriers: the app's identity and kind (its compartment and core) and its peripherals (the allocation);
 *  - app-network-firewall, real-time-apps-no-network: the app's kind, hosts and server ports;
 *  - storage-isolation: its identity (the owner of its storage) and MutableStorage;
 *  - app-connection-acceptance: its identity and AllowedApplicationConnections;
 *  - failure-isolation: its identity and kind (the app that crashes), and what reaches a shared service's crash
 *    (crash-containment: MutableStorage, network, device configuration; model/platform/app-interfaces.ts);
 *  - firewall-config-trusted-only reads the platform design's access rules, no manifest field.
 * A field this table does not know is charged to every rule (a new field is never silently read by none).
 */
import { CAPABILITIES } from '../../formats/manifest/capabilities.js';
import { FAILURE_ISOLATION, HARDWARE_BARRIERS } from './rules.js';

const NETWORK_FIREWALL = 'compartmentalization.app-network-firewall';
const REAL_TIME_NO_NETWORK = 'compartmentalization.real-time-apps-no-network';
const STORAGE = 'compartmentalization.storage-isolation';
const ACCEPTANCE = 'compartmentalization.app-connection-acceptance';
const FIREWALL_CONFIG = 'compartmentalization.firewall-config-trusted-only';

/** Every rule of compartmentalization's section: what a field this table does not know is charged to. */
export const EVERY_RULE = [HARDWARE_BARRIERS, FAILURE_ISOLATION, NETWORK_FIREWALL, REAL_TIME_NO_NETWORK, STORAGE, ACCEPTANCE, FIREWALL_CONFIG] as const;

const IDENTITY = [HARDWARE_BARRIERS, STORAGE, ACCEPTANCE, FAILURE_ISOLATION];
/** An app's hosts and ports: the network firewall's (a high-level app's) or the no-network rule's (a real-time app's), and the network stack its traffic reaches. */
const NETWORK = [NETWORK_FIREWALL, REAL_TIME_NO_NETWORK, FAILURE_ISOLATION];
const BY_FIELD: Record<string, readonly string[]> = {
  'image type': IDENTITY,
  'Identity section ComponentId': IDENTITY,
  ComponentId: IDENTITY,
  ApplicationType: [HARDWARE_BARRIERS, REAL_TIME_NO_NETWORK, NETWORK_FIREWALL, FAILURE_ISOLATION],
  'Capabilities/AllowedConnections': NETWORK,
  'Capabilities/AllowedTcpServerPorts': NETWORK,
  'Capabilities/AllowedUdpServerPorts': NETWORK,
  'Capabilities/AllowedApplicationConnections': [ACCEPTANCE],
  'Capabilities/MutableStorage/SizeKB': [STORAGE, FAILURE_ISOLATION],
  'Capabilities/PowerControls': [FAILURE_ISOLATION],
  // The app's DeviceAuthentication reaches the key user, whose crash is not a shared service's (crash-containment).
  'Capabilities/DeviceAuthentication': [],
};

/**
 * The rules of compartmentalization a difference in this field (as image-manifest-match.ts names it) breaks, for an
 * app the product's manifest states is of `kind`: a high-level app's hosts are the network firewall's, a real-time
 * app's the no-network rule's.
 */
export function rulesBrokenBy(field: string, kind: 'high-level' | 'real-time'): readonly string[] {
  const known = BY_FIELD[field];
  if (known === NETWORK) return NETWORK.filter((id) => id !== (kind === 'real-time' ? NETWORK_FIREWALL : REAL_TIME_NO_NETWORK));
  if (known) return known;
  const name = field.startsWith('Capabilities/') ? field.slice('Capabilities/'.length) : undefined;
  const capability = name !== undefined && Object.hasOwn(CAPABILITIES, name) ? CAPABILITIES[name] : undefined;
  if (capability?.shape.kind === 'peripherals') return [HARDWARE_BARRIERS];
  // A boolean capability asks the OS services for device configuration (app-interfaces.ts): only a crash there reads it.
  if (capability?.shape.kind === 'boolean') return [FAILURE_ISOLATION];
  return EVERY_RULE;
}

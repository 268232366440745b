/**
 * Capabilities that reconfigure the device's network (join another Wi-Fi network, change IP, DNS or
 * proxy settings, change the hardware address) held by an app that sends and accepts nothing itself.
 * The app cannot use the network, yet it can move the whole device, and with it the OS's update and
 * attestation traffic, onto a network of an attacker's choosing. Often this is the one app meant to
 * manage the network (the samples' WiFi and DHCP apps), so a warning for the reviewer to confirm, not
 * an error (least privilege: Microsoft Learn, "How to secure an Azure Sphere"; ETSI EN 303 645 5.6).
 */
import { joinPointer } from '../../../formats/diagnostics/diagnostic.js';
import type { LocatedJson } from '../../../formats/json/located-json.js';
import type { AppManifest } from '../../../formats/manifest/app-manifest.js';

export const NETWORK_CONFIGURATION = ['WifiConfig', 'NetworkConfig', 'EnterpriseWifiConfig', 'HardwareAddressConfig'];

export function reportNetworkConfigWithoutConnections(doc: LocatedJson, manifest: AppManifest): void {
  // A fragment lists only what one snippet needs: the app it is merged into may well connect.
  if (manifest.fragment || manifest.kind !== 'high-level') return;
  const held = NETWORK_CONFIGURATION.filter((c) => manifest.enabled.includes(c));
  if (held.length === 0) return;
  if (manifest.allowedConnections.length > 0 || manifest.tcpServerPorts.length > 0 || manifest.udpServerPorts.length > 0) return;
  doc.report(
    'NetworkConfigWithoutConnections',
    joinPointer('/Capabilities', held[0]!),
    `${held.join(' and ')} in an app that makes no connection (no AllowedConnections, no server ports): it can reconfigure the device's network without using it`,
  );
}

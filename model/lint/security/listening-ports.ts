/**
 * AllowedTcpServerPorts / AllowedUdpServerPorts: ports the app listens on (azure-sphere-facts §1.3).
 * A listening port is an inbound interface any host on the network can reach, before any
 * authentication the app may or may not do: the attack surface a reviewer lists first (ETSI EN 303 645
 * 5.6 "minimize exposed attack surfaces", CRA Annex I (2)(j)).
 */
import { joinPointer } from '../../../formats/diagnostics/diagnostic.js';
import type { LocatedJson } from '../../../formats/json/located-json.js';
import type { AppManifest } from '../../../formats/manifest/app-manifest.js';
import { capabilityList } from './capability-values.js';

export function reportListeningPorts(doc: LocatedJson, manifest: AppManifest): void {
  for (const [key, protocol, granted] of [
    ['AllowedTcpServerPorts', 'TCP', manifest.tcpServerPorts],
    ['AllowedUdpServerPorts', 'UDP', manifest.udpServerPorts],
  ] as const) {
    capabilityList(doc, key).forEach((port, i) => {
      // Only ports the reader granted: invalid values are already device errors, and a real-time app is granted none.
      if (typeof port !== 'number' || !granted.includes(port)) return;
      doc.report('ListeningPort', joinPointer('/Capabilities', key, i), `${manifest.name ?? 'the app'} listens on ${protocol} port ${port}: any host on the network can connect to it`);
    });
  }
}

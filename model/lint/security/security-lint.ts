/**
 * The security lint: manifest rules a security reviewer expects, each with a stable SFnnnn code
 * (formats/diagnostics/codes.ts, tag "security"). Two of them are read where the value is read, so that
 * the model never grants what they reject: PlaceholderTenant (formats/manifest/read-manifest.ts) and
 * HighLevelOnlyCapability (formats/manifest/capabilities.ts). The rest look at a manifest already read.
 */
import { joinPointer } from '../../../formats/diagnostics/diagnostic.js';
import type { LocatedJson } from '../../../formats/json/located-json.js';
import type { AppManifest } from '../../../formats/manifest/app-manifest.js';
import { capabilityList } from './capability-values.js';
import { classifyHost } from './connections.js';
import { reportListeningPorts } from './listening-ports.js';
import { reportNetworkConfigWithoutConnections } from './network-config.js';
import { isBlankText } from '../../../formats/json/free-text.js';

export function securityLint(doc: LocatedJson, manifest: AppManifest): void {
  // A real-time app is granted no connections at all (HighLevelOnlyCapability already says so).
  if (manifest.kind === 'high-level') {
    capabilityList(doc, 'AllowedConnections').forEach((host, i) => {
      if (typeof host !== 'string' || isBlankText(host)) return;
      const finding = classifyHost(host);
      if (finding) doc.report(finding.name, joinPointer('/Capabilities', 'AllowedConnections', i), finding.message);
    });
  }
  reportListeningPorts(doc, manifest);
  reportNetworkConfigWithoutConnections(doc, manifest);
}

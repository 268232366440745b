/**
 * AllowedConnections entries a security reviewer stops at. The list is the app firewall of a
 * high-level app: "if you try to access any endpoint that has not been declared in the application
 * manifest then the application will fail when it tries to connect" (Microsoft Learn, "How to secure
 * an Azure Sphere"; azure-sphere-facts §1.3). Each entry should therefore name exactly the servers the
 * app talks to (least privilege, same page; ETSI EN 303 645 5.6, CRA Annex I (2)(j)).
 */
import type { CodeName } from '../../../formats/diagnostics/codes.js';
import { groupDestination } from '../../isolation/group-destinations.js';
import { placeholderHost } from '../../isolation/placeholder-hosts.js';

export interface HostFinding {
  name: CodeName;
  message: string;
}

/**
 * Cloud domains under which any customer gets a name of their own (an IoT hub is
 * <name>.azure-devices.net, a storage account <name>.blob.core.windows.net, ...). A wildcard over one
 * of them lets the app send to a hub or bucket an attacker creates.
 */
const SHARED_SERVICE_DOMAINS = [
  'azure-devices.net',
  'azure-devices-provisioning.net',
  'core.windows.net',
  'servicebus.windows.net',
  'azurewebsites.net',
  'cloudapp.azure.com',
  'cloudapp.net',
  'azureedge.net',
  'amazonaws.com',
  'cloudfront.net',
  'appspot.com',
  'herokuapp.com',
  'github.io',
];

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function ipv4(host: string): number[] | undefined {
  return IPV4.test(host) ? host.split('.').map(Number) : undefined;
}

function isIpv6(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h.includes(':') && /^[0-9a-fA-F:.]+$/.test(h) && h.split(':').length <= 9;
}

function isPrivateIpv4([a, b]: number[]): boolean {
  return a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168) || a === 127 || (a === 169 && b === 254);
}

/** The one finding for an entry, most specific first; undefined when the entry is a plain host name. */
export function classifyHost(raw: string): HostFinding | undefined {
  const host = raw.trim().toLowerCase();
  // The placeholder rule is certificate-authentication's too (model/isolation/placeholder-hosts.ts).
  const placeholder = placeholderHost(raw);
  if (placeholder) return { name: 'PlaceholderHost', message: placeholder.reason };

  if (host === '*' || host === '*.*') return { name: 'WildcardConnection', message: `"${raw}" on its own admits every host: the app firewall no longer restricts where this app connects` };
  if (host.startsWith('*.')) {
    const suffix = host.slice(2);
    if (!suffix.includes('.')) return { name: 'WildcardConnection', message: `"${raw}" admits every host in the top-level domain .${suffix}: the app firewall no longer restricts where this app connects` };
    const shared = SHARED_SERVICE_DOMAINS.find((d) => suffix === d || suffix.endsWith(`.${d}`));
    if (shared) return { name: 'SharedServiceWildcard', message: `"${raw}" admits every customer's service under ${shared}, including one an attacker creates` };
    return undefined;
  }

  const group = groupDestination(host);
  if (group) return { name: 'BroadcastConnection', message: `"${raw}" is ${group}` };
  const v4 = ipv4(host);
  if (v4) {
    if (v4[3] === 255) return { name: 'BroadcastConnection', message: `"${raw}" is the broadcast address of its /24 network: what the app sends there reaches every host on it` };
    return ipLiteral(raw, isPrivateIpv4(v4));
  }
  if (isIpv6(host)) return ipLiteral(raw, /^\[?(fe80|fc|fd|::1)/i.test(host));
  return undefined;
}

function ipLiteral(raw: string, isPrivate: boolean): HostFinding {
  const who = isPrivate
    ? 'any device on the local network that takes this address (e.g. from DHCP) is trusted'
    : 'the address can be reassigned to another owner, and TLS cannot check a server certificate against a bare address as it does a host name';
  return { name: 'IpLiteralConnection', message: `"${raw}" is an IP address, not a host name: ${who}` };
}

/**
 * AllowedConnections entries a template left for the maker to fill in: the samples ship
 * "yourhostname.azure-devices.net" (azure-sphere-samples LoggingToAzure) and "<IoT Hub Endpoint>"
 * (Azure-Sphere-Learning-Path LearnTV_IoT_Hub). Such an entry names no host anyone owns: the product that
 * ships will list another host in its place, and what that host is, and how the app authenticates to it,
 * is not in the product under review.
 *
 * Read by lint's SF6008 PlaceholderHost (model/lint/security/connections.ts) and by certificate-authentication
 * (properties/certificate-authentication/app-connections.ts), which decides a connection to a template
 * placeholder `unknown` whatever the product file states for it (device-certificate stated for
 * "yourhostname.azure-devices.net" held).
 *
 * Two kinds, because they are read differently:
 *  - `template`: text that asks for a value (a fill-in word, angle brackets, spaces: formats/manifest/placeholders.ts).
 *    Both readers stop at it.
 *  - `reserved`: a name under a domain reserved for documentation and testing (RFC 2606, RFC 6761). Lint warns;
 *    certificate-authentication does not stop at it, since hand-written products (Sevenfold's own fixtures and
 *    examples among them) use these names on purpose to stand for a real host, as RFC 2606 intends.
 */
import { isPlaceholderText } from '../../formats/manifest/placeholders.js';

export interface PlaceholderHost {
  kind: 'template' | 'reserved';
  /** Why the entry names no real host ("… is a template placeholder, not a host name"). */
  reason: string;
}

const RESERVED_DOMAINS = ['example.com', 'example.net', 'example.org'];
const RESERVED_TLDS = ['example', 'test', 'invalid', 'localhost'];

/** What makes `entry` a placeholder, or undefined when it is written as a real host (or group, or address) would be. */
export function placeholderHost(entry: string): PlaceholderHost | undefined {
  if (isPlaceholderText(entry)) return { kind: 'template', reason: `"${entry}" is a template placeholder, not a host name` };
  const host = entry.trim().toLowerCase().replace(/\.$/, '');
  const reserved = RESERVED_DOMAINS.find((d) => host === d || host.endsWith(`.${d}`)) ?? RESERVED_TLDS.find((t) => host === t || host.endsWith(`.${t}`));
  if (reserved) return { kind: 'reserved', reason: `"${entry}" lies under ${reserved}, a name reserved for documentation and testing (RFC 2606/6761): no real server answers for it` };
  return undefined;
}

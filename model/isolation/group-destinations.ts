/**
 * AllowedConnections entries that name a group of hosts, not one host: what the app sends there reaches every
 * member, and no member is a peer the app could authenticate.
 *
 *  - 255.255.255.255, the limited broadcast address: every host on the local network (RFC 919; RFC 1122
 *    §3.2.1.3 (c)). Real apps send to it: the gallery's BalancingRobot and UdpDebugLog list it.
 *  - 224.0.0.0/4, IPv4 multicast: every host that joins the group (RFC 5771).
 *  - ff00::/8, IPv6 multicast (RFC 4291 §2.7).
 *
 * A subnet's directed broadcast (10.0.0.255 for 10.0.0.0/24) is left out on purpose: whether an address ending in
 * .255 is one depends on a prefix length the manifest does not state (in 10.0.0.0/16 it is a host), so only lint
 * guesses at it, as a warning.
 *
 * Read by certificate-authentication (properties/certificate-authentication/app-connections.ts): the device
 * certificate is presented in a TLS handshake with one server (azure-sphere-facts §4, DeviceAuth_SslCtxFunc), and
 * a certificate of the app's own likewise authenticates one TLS or DTLS peer; a group has no such peer, so a
 * certificate stated for one authenticates nobody (it held: "255.255.255.255": "device-certificate" on the
 * BalancingRobot app). Lint's SF6003 BroadcastConnection reads it too (model/lint/security/connections.ts).
 */
import { hostKey } from '../../formats/manifest/host-names.js';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** An IPv4-mapped IPv6 address (RFC 4291 §2.5.5.2) as hostKey writes it, "[::ffff:ffff:ffff]", in dotted form. */
function mappedIpv4(key: string): string | undefined {
  const m = /^\[::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/.exec(key);
  if (!m) return undefined;
  const [high, low] = [parseInt(m[1]!, 16), parseInt(m[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** What the group is ("the limited broadcast address: …"), or undefined when the entry names one host (or none). */
export function groupDestination(entry: string): string | undefined {
  // "::ffff:255.255.255.255" is the IPv4 broadcast written as an IPv6 address: one destination, two spellings.
  const key = mappedIpv4(hostKey(entry)) ?? hostKey(entry);
  if (IPV4.test(key)) {
    if (key === '255.255.255.255') return 'the limited broadcast address: what the app sends there reaches every host on the local network';
    const first = Number(key.split('.')[0]);
    if (first >= 224 && first <= 239) return 'an IPv4 multicast group (224.0.0.0/4): what the app sends there reaches every host that joins it';
    return undefined;
  }
  // hostKey writes an IPv6 literal in its canonical bracketed form ("[ff02::1]").
  if (/^\[ff[0-9a-f]{2}:/.test(key)) return 'an IPv6 multicast group (ff00::/8): what the app sends there reaches every host that joins it';
  return undefined;
}

/**
 * What an AllowedConnections entry (or a product file's apps[].authentication key) is as a name, read once
 * for every reader that compares or classifies one.
 *
 *  - hostKey: the form two spellings of one host share. DNS compares names without regard to case, an
 *    absolute name ("api.example.com.") is the same host as the relative one (RFC 1034 §3.1; TLS sends it
 *    without the dot, RFC 6066 §3), and IDNA's mapping (UTS #46, as node:url applies it) folds full-width
 *    letters and ideographic full stops to ASCII, so a resolver looks up "api．example．com" as
 *    "api.example.com". A statement keyed by one spelling decides the connection written in another (it was
 *    left undecided, a password stated for "api.example.com" never met the manifest's "api.example.com.").
 *  - isHostNameEntry: whether the entry is a name at all: dot-separated labels of letters, digits, hyphens
 *    and underscores (DNS-SD service labels start with one), optionally under a leading "*." or the bare
 *    "*", or an IPv4 address. "sas:key@hub.azure-devices.net" or "evil.example/.azure-devices.net" end like
 *    an IoT Hub host but name none: a URL parser reads the first as a password and the second as host
 *    evil.example, and what the device's firewall makes of either is not in the facts.
 */
import { domainToASCII } from 'node:url';

/** Characters that end a host in a URL (userinfo, port, path, query, fragment, IPv6 brackets) or are no part of a DNS name. */
const NOT_IN_A_NAME = /[/\\?#@:[\]%\s\p{Cc}]/u;
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i;

/** The entry as the resolver looks it up: IDNA-mapped, where that keeps it a name; otherwise as written. */
function lookedUp(entry: string): string {
  if (NOT_IN_A_NAME.test(entry)) return entry;
  return domainToASCII(entry) || entry;
}

/**
 * An IPv6 literal, bracketed or not, in the URL standard's canonical form ("[2001:db8::1]" for "2001:DB8:0::1"):
 * one address in many spellings (RFC 5952 §4), as "[2001:db8::1]" in a manifest and "2001:DB8::1" in a statement.
 * Undefined for anything that is not one (a port key "tcp:N" has letters past a-f).
 */
function ipv6Key(entry: string): string | undefined {
  const bare = entry.replace(/^\[(.*)\]$/, '$1');
  if (!bare.includes(':') || !/^[0-9a-f:.]+$/i.test(bare)) return undefined;
  try {
    return new URL(`x://[${bare}]`).hostname;
  } catch {
    return undefined;
  }
}

/** One key per host: IDNA-mapped, lower case, without the root's trailing dot; an IPv6 literal in its canonical form. Port keys ("tcp:N") keep their form in lower case. */
export function hostKey(entry: string): string {
  return ipv6Key(entry) ?? lookedUp(entry).toLowerCase().replace(/\.$/, '');
}

/**
 * The host a product file's key names when it is written as a URL or as host:port ("mqtts://user@broker.example",
 * "broker.example:1883", "[2001:db8::1]:8883"), keyed as hostKey keys it: a statement of how the app authenticates
 * to that host, with more than the host in it. Undefined for a key that is a name (or an IPv6 literal) already, and
 * for one that names no host.
 */
export function hostNamedBy(key: string): string | undefined {
  if (ipv6Key(key) || !NOT_IN_A_NAME.test(key)) return undefined;
  try {
    const host = new URL(key.includes('://') ? key : `x://${key}`).hostname;
    return host ? hostKey(host) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether an AllowedConnections entry is a host name, a wildcard over one, "*" or an IPv4 address (which is labels of digits). */
export function isHostNameEntry(entry: string): boolean {
  if (NOT_IN_A_NAME.test(entry)) return false;
  const name = hostKey(entry);
  if (name === '*') return true;
  const labels = (name.startsWith('*.') ? name.slice(2) : name).split('.');
  return name.length <= 253 && labels.every((l) => LABEL.test(l));
}

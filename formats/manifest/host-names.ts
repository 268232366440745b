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

/** One key per host: IDNA-mapped, lower case, without the root's trailing dot. Port keys ("tcp:N") keep their form in lower case. */
export function hostKey(entry: string): string {
  return lookedUp(entry).toLowerCase().replace(/\.$/, '');
}

/** Whether an AllowedConnections entry is a host name, a wildcard over one, "*" or an IPv4 address (which is labels of digits). */
export function isHostNameEntry(entry: string): boolean {
  if (NOT_IN_A_NAME.test(entry)) return false;
  const name = hostKey(entry);
  if (name === '*') return true;
  const labels = (name.startsWith('*.') ? name.slice(2) : name).split('.');
  return name.length <= 253 && labels.every((l) => LABEL.test(l));
}

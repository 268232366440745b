/**
 * The ports an app listens on, and how the product file names them. A listening port is a connection
 * that others open, so certificate-authentication judges it like a host the app connects to; the product
 * file states its authentication in the same apps[i].authentication object, under "tcp:N" or "udp:N"
 * (lower or upper case, N in 1..65535 without leading zeros), a key no host name can be (a DNS name has no
 * ':').
 */
import type { AppManifest } from '../../formats/manifest/app-manifest.js';

export interface ListenedPort {
  protocol: 'tcp' | 'udp';
  number: number;
  /** The product file's key for it, lower case: "tcp:11000". */
  key: string;
  /** The manifest capability that grants it. */
  capability: 'AllowedTcpServerPorts' | 'AllowedUdpServerPorts' | ServiceCapability;
  /** Set for a server the OS runs for the app (DhcpService, SntpService): what it serves. */
  service?: string;
  /**
   * Set with `service`: why that server authenticates no client with a certificate. The server is the OS's and
   * speaks its protocol, so what the product file states for its port cannot make it authenticate by certificate.
   */
  noCertificate?: string;
}

type ServiceCapability = 'DhcpService' | 'SntpService';

/**
 * Servers the OS runs on the device for an app that holds the capability, and the port each answers on:
 * "Azure Sphere can run … a DHCP server, and a simple network time protocol (SNTP) server for a network
 * interface … The external device can use the SNTP server to synchronize its time with Azure Sphere" (MS
 * Learn, "Use network services"; azure-sphere-facts §1.3 DhcpService, SntpService). A DHCP server listens on
 * UDP 67 (RFC 2131 §4.1) and an SNTP server on UDP 123 (RFC 4330 §4). Any host on that network reaches them
 * like a port the app declares, so they are judged like one: left out, the app read as one that listens
 * on nothing, or only on its declared ports, and its certificate-authentication held.
 */
const SERVICE_PORTS: readonly { capability: ServiceCapability; protocol: 'udp'; number: number; service: string; noCertificate: string }[] = [
  {
    capability: 'DhcpService',
    protocol: 'udp',
    number: 67,
    service: 'the DHCP server the OS runs for it',
    noCertificate: 'DHCP authenticates no party with a certificate: it is "built directly on UDP and IP", which RFC 2131 §7 calls inherently insecure, and its one authentication option (RFC 3118) is a key both sides share',
  },
  {
    capability: 'SntpService',
    protocol: 'udp',
    number: 123,
    service: 'the SNTP server the OS runs for it',
    noCertificate: 'SNTP authenticates no party with a certificate: its one authentication is the optional key identifier and message digest of a key both sides share (RFC 4330 §4)',
  },
];

const PORT_KEY = /^(tcp|udp):([1-9][0-9]{0,4})$/i;

/** The port an apps[i].authentication key names, or undefined when the key names a host. */
export function portOfKey(key: string): { protocol: 'tcp' | 'udp'; number: number } | undefined {
  const m = PORT_KEY.exec(key);
  if (!m) return undefined;
  const number = Number(m[2]);
  return number <= 65535 ? { protocol: m[1]!.toLowerCase() as 'tcp' | 'udp', number } : undefined;
}

export function listenedPorts(manifest: AppManifest): ListenedPort[] {
  const of = (protocol: 'tcp' | 'udp', ports: readonly number[], capability: ListenedPort['capability']): ListenedPort[] =>
    ports.map((number) => ({ protocol, number, key: `${protocol}:${number}`, capability }));
  const running = SERVICE_PORTS.filter((s) => manifest.enabled.includes(s.capability));
  // A port declared as well as served is one port, judged once; the OS's server answers on it all the same.
  const declared = [...of('tcp', manifest.tcpServerPorts, 'AllowedTcpServerPorts'), ...of('udp', manifest.udpServerPorts, 'AllowedUdpServerPorts')].map((d) => {
    const served = running.find((s) => s.protocol === d.protocol && s.number === d.number);
    return served ? { ...d, service: served.service, noCertificate: served.noCertificate } : d;
  });
  const services = running.filter((s) => !declared.some((d) => d.protocol === s.protocol && d.number === s.number)).map(
    (s): ListenedPort => ({ protocol: s.protocol, number: s.number, key: `${s.protocol}:${s.number}`, capability: s.capability, service: s.service, noCertificate: s.noCertificate }),
  );
  return [...declared, ...services];
}

export function describePort(port: { protocol: 'tcp' | 'udp'; number: number; service?: string }): string {
  return `${port.protocol.toUpperCase()} port ${port.number}${port.service ? ` (${port.service})` : ''}`;
}

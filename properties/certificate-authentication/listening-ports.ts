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
  capability: 'AllowedTcpServerPorts' | 'AllowedUdpServerPorts';
}

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
  return [...of('tcp', manifest.tcpServerPorts, 'AllowedTcpServerPorts'), ...of('udp', manifest.udpServerPorts, 'AllowedUdpServerPorts')];
}

export function describePort(port: { protocol: 'tcp' | 'udp'; number: number }): string {
  return `${port.protocol.toUpperCase()} port ${port.number}`;
}

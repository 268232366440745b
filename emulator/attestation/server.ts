/**
 * `sevenfold serve`: the security service and a cloud service on a loopback HTTP port, so a person can
 * attack the protocol with their own tools (replay, reorder, forge). CBOR messages are POSTed as they
 * are (application/cbor); the reply is the party's answer, 200 when it accepted the message and 400
 * (with an error message) when it did not. Simulated devices can be made to attest or connect
 * honestly, and every transcript is returned, to capture and replay.
 *
 * Only loopback addresses are accepted for listening.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { derToPem } from '../../model/attestation/certificates.js';
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import type { Software } from '../../model/attestation/attack-scenario.js';
import { hex, type Step } from './common.js';
import { AttestationWorld } from './world.js';

export const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'] as const;
export const MAX_DEVICES = 16;
const MAX_BODY = 64 * 1024;

export interface ServeOptions {
  design: ProtocolDesign;
  host?: string;
  port?: number;
  /** Simulated devices: d1, d2, …; the last one runs downgraded software from period 1 on. */
  devices?: number;
  /** Stop after this many requests (a bounded session; 0: no limit). */
  maxRequests?: number;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  world: AttestationWorld;
  requests: number;
  closed: Promise<void>;
  close(): Promise<void>;
}

export class ServeOptionError extends Error {}

export async function startAttestationServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  if (!(LOOPBACK_HOSTS as readonly string[]).includes(host)) throw new ServeOptionError(`--host must be a loopback address (${LOOPBACK_HOSTS.join(', ')}); got ${host}`);
  const count = options.devices ?? 2;
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_DEVICES) throw new ServeOptionError(`--devices must be a whole number from 1 to ${MAX_DEVICES}; got ${count}`);
  const devices = Array.from({ length: count }, (_, i) => ({ id: `d${i + 1}`, software: (i === count - 1 && count > 1 ? ['good', 'downgraded'] : ['good', 'good']) as Software[] }));
  const world = await AttestationWorld.create(options.design, { devices, epoch: new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000) });
  world.clock.time = new Date();
  const log = options.log ?? (() => {});
  let period = 0;
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    state.requests++;
    handle(req, res).catch((err: unknown) => send(res, 500, 'application/json', JSON.stringify({ error: err instanceof Error ? err.message : String(err) })));
    if (options.maxRequests && state.requests >= options.maxRequests) res.on('finish', () => void close());
  });

  const describe = () => ({
    protocol: options.design.name,
    period,
    endpoints: {
      'POST /attestation': 'CBOR hello or quote to the security service; the reply is its CBOR answer (200 accepted, 400 rejected)',
      'POST /cloud': 'CBOR client-hello or client-finish to the cloud service',
      'GET /devices': 'the simulated devices: device ID, identity public key, software per period',
      'POST /devices/<name>/attest': 'the device attests honestly; returns the transcript (hex) to capture and replay',
      'POST /devices/<name>/connect': 'the device connects to the cloud honestly; returns the transcript',
      'POST /period/next': 'the next attestation period begins (24 h later): devices reboot into that period\'s software',
      'GET /pki/<root|tenant-ca|other-tenant-ca|security-service|cloud>.pem': 'certificates',
      'GET /log': 'what the services accepted',
    },
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (req.method === 'GET' && path === '/') return send(res, 200, 'application/json', JSON.stringify(describe(), null, 2));
    if (req.method === 'GET' && path === '/devices') {
      return send(res, 200, 'application/json', JSON.stringify([...world.devices.values()].map((d) => ({ name: d.id, deviceId: d.device.deviceIdHex, identityPublicKey: hex(d.pluton.publicKey()), software: d.software })), null, 2));
    }
    if (req.method === 'GET' && path === '/log') {
      return send(res, 200, 'application/json', JSON.stringify({ issued: world.service.issued, accepted: world.cloud.accepted.map((a) => ({ ...a, sessionKey: undefined })) }, null, 2));
    }
    const pem = /^\/pki\/(root|tenant-ca|other-tenant-ca|security-service|cloud)\.pem$/.exec(path);
    if (req.method === 'GET' && pem) {
      const p = world.pki;
      const der = { root: p.root.der, 'tenant-ca': p.tenantCa.der, 'other-tenant-ca': p.otherTenantCa.der, 'security-service': p.securityService.chain[0]!, cloud: p.cloud.chain[0]! }[pem[1] as 'root'];
      return send(res, 200, 'application/x-pem-file', derToPem(der));
    }
    if (req.method !== 'POST') return send(res, 405, 'application/json', JSON.stringify({ error: 'method not allowed' }));
    const body = await readBody(req);
    if (body === undefined) return send(res, 413, 'application/json', JSON.stringify({ error: `bodies are at most ${MAX_BODY} bytes` }));
    world.clock.time = new Date(Math.max(Date.now(), world.clock.epoch.getTime()) + period * options.design.attestation.periodHours * 3_600_000);
    if (path === '/attestation' || path === '/cloud') {
      const step: Step = path === '/attestation' ? await world.service.handle(body) : await world.cloud.handle(body);
      log(`${path}: ${body.length} bytes ${step.accepted ? 'accepted' : `rejected (${step.reason})`}`);
      return send(res, step.accepted ? 200 : 400, 'application/cbor', step.reply ?? new Uint8Array(0));
    }
    if (path === '/period/next') {
      period++;
      world.setPeriod(period, Date.now() - world.clock.epoch.getTime());
      world.clock.time = new Date(Date.now() + period * options.design.attestation.periodHours * 3_600_000);
      return send(res, 200, 'application/json', JSON.stringify({ period }));
    }
    const dev = /^\/devices\/([A-Za-z0-9]+)\/(attest|connect)$/.exec(path);
    if (dev && world.devices.has(dev[1]!)) {
      const r = dev[2] === 'attest' ? await world.attest(dev[1]!) : await world.connect(dev[1]!);
      return send(res, 200, 'application/json', JSON.stringify({ ok: r.ok, ...(r.reason ? { reason: r.reason } : {}), transcript: r.transcript.map(hex) }, null, 2));
    }
    return send(res, 404, 'application/json', JSON.stringify({ error: 'not found', see: 'GET /' }));
  }

  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      server.close(() => {
        resolveClosed();
        resolve();
      });
      server.closeAllConnections();
    }));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}`,
    port,
    world,
    get requests() {
      return state.requests;
    },
    closed,
    close,
  };
}

function readBody(req: IncomingMessage): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? undefined : new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array): void {
  res.writeHead(status, { 'content-type': type, 'content-length': typeof body === 'string' ? Buffer.byteLength(body) : body.length });
  res.end(body);
}

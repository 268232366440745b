/**
 * `sevenfold serve`: the security service and a cloud service on a loopback HTTP port, so a person can
 * attack the protocol with their own tools (replay, reorder, forge). CBOR messages are POSTed as they
 * are (application/cbor); the reply is the party's answer, 200 when it accepted the message and 400
 * (with an error message) when it did not. Simulated devices can be made to attest or connect
 * honestly, and every transcript is returned, to capture and replay.
 *
 * Only loopback addresses are accepted for listening. Unknown paths are 404, a known path asked with
 * the wrong method 405 (with Allow). A client that sends its headers or its declared body too slowly
 * (a Content-Length it never delivers) loses its connection after a few seconds, so one tool cannot
 * hold the server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { derToPem } from '../../formats/attestation/certificates.js';
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import type { Software } from '../../model/attestation/attack-scenario.js';
import { hex, type Step } from './common.js';
import { AttestationWorld } from './world.js';

import { LOOPBACK_HOSTS, MAX_DEVICES } from './serve-limits.js';
export { LOOPBACK_HOSTS, MAX_DEVICES };
const MAX_BODY = 64 * 1024;
/** How long a client may take to send its headers, and its whole request. */
export const HEADERS_TIMEOUT_MS = 5_000;
export const REQUEST_TIMEOUT_MS = 5_000;

export interface ServeOptions {
  design: ProtocolDesign;
  host?: string;
  port?: number;
  /** Simulated devices: d1, d2, …; the last one runs downgraded software from period 1 on. */
  devices?: number;
  /** Stop after this many requests (a bounded session; 0: no limit). */
  maxRequests?: number;
  /** Defaults HEADERS_TIMEOUT_MS and REQUEST_TIMEOUT_MS; tests make them shorter. */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
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
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const headersTimeout = Math.min(options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS, requestTimeout);
  // Node checks these timeouts every connectionsCheckingInterval (30 s by default): check often enough to honour them.
  const checkEvery = Math.max(100, Math.min(1000, Math.floor(headersTimeout / 2)));
  const server: Server = createServer({ headersTimeout, requestTimeout, connectionsCheckingInterval: checkEvery }, (req, res) => {
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
    const allowed = methodFor(path, world.devices);
    if (!allowed) return send(res, 404, 'application/json', JSON.stringify({ error: 'not found', see: 'GET /' }));
    if (req.method !== allowed) {
      res.setHeader('allow', allowed);
      return send(res, 405, 'application/json', JSON.stringify({ error: `${path} takes ${allowed}`, see: 'GET /' }));
    }
    if (req.method === 'GET' && path === '/') return send(res, 200, 'application/json', JSON.stringify(describe(), null, 2));
    if (req.method === 'GET' && path === '/devices') {
      return send(res, 200, 'application/json', JSON.stringify([...world.devices.values()].map((d) => ({ name: d.id, deviceId: d.device.deviceIdHex, identityPublicKey: hex(d.device.identityPublicKey), software: d.software })), null, 2));
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
    const read = await readBody(req);
    if (read === 'aborted') return; // the client went away, or took longer than the request timeout
    if (read === 'too-large') return send(res, 413, 'application/json', JSON.stringify({ error: `bodies are at most ${MAX_BODY} bytes` }));
    const body = read;
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
    if (dev) {
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

/** The method each known path takes, or undefined for a path the server does not have (404). */
function methodFor(path: string, devices: ReadonlyMap<string, unknown>): 'GET' | 'POST' | undefined {
  if (['/', '/devices', '/log'].includes(path) || /^\/pki\/(root|tenant-ca|other-tenant-ca|security-service|cloud)\.pem$/.test(path)) return 'GET';
  if (['/attestation', '/cloud', '/period/next'].includes(path)) return 'POST';
  const dev = /^\/devices\/([A-Za-z0-9]+)\/(attest|connect)$/.exec(path);
  return dev && devices.has(dev[1]!) ? 'POST' : undefined;
}

/** The body, 'too-large' past MAX_BODY, or 'aborted' when the connection ends first (the request timeout closes it). */
function readBody(req: IncomingMessage): Promise<Uint8Array | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? 'too-large' : new Uint8Array(Buffer.concat(chunks))));
    req.on('error', () => resolve('aborted'));
    req.on('close', () => {
      if (!req.complete) resolve('aborted');
    });
  });
}

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array): void {
  res.writeHead(status, { 'content-type': type, 'content-length': typeof body === 'string' ? Buffer.byteLength(body) : body.length });
  res.end(body);
}

/**
 * The parties a stateful campaign input talks to, one fresh set per input: the security service and the
 * cloud service (in process, or `sevenfold serve` over loopback HTTP), and two devices whose receivers run
 * in process — d1 runs good software in every period, d2 good software in period 0 and a downgraded
 * release from period 1 on (serve's own device line-up). A world's state snapshot covers every party.
 */
import { decodeMessage } from '../../../formats/attestation/messages.js';
import type { ProtocolDesign } from '../../../model/attestation/protocol-design.js';
import type { Software } from '../../../model/attestation/attack-scenario.js';
import type { Step } from '../../../emulator/attestation/common.js';
import type { Pki } from '../../../emulator/attestation/pki.js';
import { AttestationWorld } from '../../../emulator/attestation/world.js';
import { SecurityService } from '../../../emulator/attestation/security-service.js';
import { startAttestationServer, type RunningServer } from '../../../emulator/attestation/server.js';

export const DEVICES: readonly { id: string; software: Software[] }[] = [
  { id: 'd1', software: ['good', 'good'] },
  { id: 'd2', software: ['good', 'downgraded'] },
];

export interface Parties {
  /** Devices, clock and (in process, or inside the server) the services whose state the oracles snapshot. */
  world: AttestationWorld;
  period: number;
  toService(bytes: Uint8Array): Promise<Step>;
  toCloud(bytes: Uint8Array): Promise<Step>;
  nextPeriod(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The services called as functions, in this process; the PKI (five certificates) is made once per campaign.
 * `serviceClass` replaces the security service by another build of it with the same registry, known-good
 * list, clock and randomness (tests: a copy with a planted bug); the cloud then asks that one too.
 */
export async function inProcessParties(design: ProtocolDesign, pki: Pki, epoch: Date, seed: number, serviceClass?: typeof SecurityService): Promise<Parties> {
  const world = await AttestationWorld.create(design, { devices: DEVICES.map((d) => ({ ...d })), pki, epoch, seed });
  if (serviceClass) {
    const s = world.service;
    const replacement = new serviceClass(design, pki, s.registry, s.knownGood, s.clock, s.events, s.random);
    // The world's and the cloud's fields are readonly for their own code; the campaign swaps the party before any message.
    Object.assign(world, { service: replacement });
    Object.assign(world.cloud, { securityService: replacement });
  }
  const parties: Parties = {
    world,
    period: 0,
    toService: (bytes) => world.service.handle(bytes),
    toCloud: (bytes) => world.cloud.handle(bytes),
    async nextPeriod() {
      parties.period++;
      world.setPeriod(parties.period);
    },
    close: async () => {},
  };
  return parties;
}

/**
 * `sevenfold serve` on a loopback port, stopped after `maxRequests` requests: the services are reached by
 * HTTP POST (200: accepted, 400: rejected, the body is the party's CBOR answer); the devices are the
 * server's own simulated devices, whose receivers the campaign calls in process.
 */
export async function loopbackParties(design: ProtocolDesign, maxRequests: number): Promise<Parties> {
  const server: RunningServer = await startAttestationServer({ design, devices: DEVICES.length, maxRequests });
  const post = async (path: string, body?: Uint8Array): Promise<{ status: number; body: Uint8Array }> => {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/cbor' }, ...(body ? { body } : {}) });
    return { status: res.status, body: new Uint8Array(await res.arrayBuffer()) };
  };
  const step = async (path: string, bytes: Uint8Array): Promise<Step> => {
    const r = await post(path, bytes);
    if (r.status === 200) return r.body.length ? { accepted: true, reply: r.body } : { accepted: true };
    if (r.status === 400) {
      const answer = decodeMessage(r.body);
      return { accepted: false, reason: answer.ok && answer.value.type === 'error' ? answer.value.reason : 'rejected (HTTP 400) without an error message', reply: r.body };
    }
    throw new Error(`sevenfold serve answered ${path} with HTTP ${r.status}: ${Buffer.from(r.body).toString('utf8').slice(0, 200)}`);
  };
  const parties: Parties = {
    world: server.world,
    period: 0,
    toService: (bytes) => step('/attestation', bytes),
    toCloud: (bytes) => step('/cloud', bytes),
    async nextPeriod() {
      const r = await post('/period/next');
      if (r.status !== 200) throw new Error(`sevenfold serve answered /period/next with HTTP ${r.status}`);
      parties.period++;
    },
    close: () => server.close(),
  };
  return parties;
}

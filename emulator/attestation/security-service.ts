/**
 * The Azure Sphere Security Service, in process: it answers a device's hello with a fresh challenge,
 * checks the quote's signature under the device's registered identity key over the nonce it sent in
 * that session, and its measurements against the known-good ones, and issues a device certificate chained to the tenant CA, valid for the
 * design's lifetime. It also answers status checks (revocation 'status-check'): did this device, with
 * this client key, pass attestation in the current period?
 *
 * Second reading, on purpose, of which nonce the quote is verified over: it mirrors the spec's nonceCheckOf
 * (model/attestation/protocol-design.ts: the design's attestation.nonceCheck, 'sent-nonce' when absent)
 * without calling it. Before, the symbolic search, the Horn clauses and this service all read the field
 * through that one function, so the replay of the search's traces on these parties could not disagree
 * about it; test/attestation/replay.test.ts (every trace the search accepts on the built-in design must be
 * accepted here too), test/differential/attestation-differential.test.ts (whatever this service accepts
 * that a goal forbids, the search must not say the goal holds: the other direction) and
 * test/attestation/nonce-check.test.ts now hold the two readings together.
 */
import { randomBytes } from 'node:crypto';
import { issueCertificate } from '../../formats/attestation/certificates.js';
import { bytesEqual } from '../../formats/attestation/der.js';
import { challengeTbs, decodeMessage, encodeMessage, quoteTbs, type QuoteMessage } from '../../formats/attestation/messages.js';
import type { ProtocolDesign, QuoteField } from '../../model/attestation/protocol-design.js';
import { signP256, verifyP256 } from '../../formats/image-package/ecdsa-p256.js';
import { hex, isP256Point, reject, type Clock, type Step } from './common.js';
import type { Pki } from './pki.js';

interface ServiceSession {
  deviceId: Uint8Array;
  nonce?: Uint8Array;
  period: number;
}

export interface IssuedRecord {
  deviceId: string;
  clientKey: string;
  period: number;
  serialNumber: string;
  notAfter: string;
}

export interface ServiceEvents {
  /** Called after a quote is accepted, with the measurements the service was shown (undefined if none were). */
  onAccepted?: (deviceId: string, measurements: Uint8Array | undefined, clientKey: Uint8Array) => void;
}

export class SecurityService {
  private readonly sessions = new Map<string, ServiceSession>();
  readonly issued: IssuedRecord[] = [];
  /** `${deviceId}|${clientKey}` → periods with a successful attestation. */
  private readonly attested = new Map<string, Set<number>>();

  constructor(
    readonly design: ProtocolDesign,
    readonly pki: Pki,
    /** Device ID (hex) → registered identity public key. */
    readonly registry: Map<string, Uint8Array>,
    /** Known-good values of the boot measurement register. */
    readonly knownGood: Uint8Array[],
    readonly clock: Clock,
    readonly events: ServiceEvents = {},
    /** Fresh values (tests make them reproducible). */
    readonly random: (n: number) => Uint8Array = (n) => new Uint8Array(randomBytes(n)),
  ) {}

  snapshot(): string {
    return JSON.stringify({
      sessions: [...this.sessions].map(([k, s]) => [k, hex(s.deviceId), s.nonce && hex(s.nonce), s.period]),
      issued: this.issued,
      attested: [...this.attested].map(([k, v]) => [k, [...v]]),
    });
  }

  /** Open sessions (tests). */
  get openSessions(): number {
    return this.sessions.size;
  }

  async handle(bytes: Uint8Array): Promise<Step> {
    const m = decodeMessage(bytes);
    if (!m.ok) return reject(m.reason);
    if (m.value.type === 'hello') return this.onHello(m.value.deviceId);
    if (m.value.type === 'quote') return this.onQuote(m.value);
    return reject(`the security service does not take ${m.value.type} messages`);
  }

  private onHello(deviceId: Uint8Array): Step {
    if (!this.registry.has(hex(deviceId))) return reject('unknown device');
    const session = this.random(16);
    const nonce = this.design.attestation.nonce === 'service-nonce' ? this.random(32) : undefined;
    this.sessions.set(hex(session), { deviceId: deviceId.slice(), ...(nonce ? { nonce } : {}), period: this.clock.period(this.design) });
    const signature = signP256(challengeTbs(this.design, nonce, deviceId), this.pki.securityService.key);
    return { accepted: true, reply: encodeMessage({ type: 'challenge', session, ...(nonce ? { nonce } : {}), chain: this.pki.securityService.chain, signature }) };
  }

  private async onQuote(q: QuoteMessage): Promise<Step> {
    const a = this.design.attestation;
    const id = hex(q.session);
    const session = this.sessions.get(id);
    if (!session) return reject('no such session');
    if (session.period !== this.clock.period(this.design)) return reject('the challenge has expired');
    for (const f of ['deviceId', 'nonce', 'measurements', 'clientKey'] as QuoteField[]) {
      if (a.quoteFields.includes(f) !== (q[f] !== undefined)) return reject(`the quote ${a.quoteFields.includes(f) ? 'lacks' : 'must not carry'} "${f}"`);
    }
    if (!q.deviceId || !bytesEqual(q.deviceId, session.deviceId)) return reject('the quote is for another device');
    const nonce = this.nonceVerifiedOver(session, q);
    if (!nonce.ok) return reject(nonce.reason);
    if (q.measurements && !this.knownGood.some((g) => bytesEqual(g, q.measurements!))) return reject('the measurements are not known-good');
    const registered = this.registry.get(hex(session.deviceId))!;
    // The signature is checked over what the service knows: the device it opened the session for and the nonce it verifies.
    const values: Partial<Record<QuoteField, Uint8Array>> = { deviceId: session.deviceId, ...(nonce.value ? { nonce: nonce.value } : {}), ...(q.measurements ? { measurements: q.measurements } : {}), ...(q.clientKey ? { clientKey: q.clientKey } : {}) };
    if (!verifyP256(quoteTbs(this.design, values), q.signature, registered)) return reject('the quote signature does not verify under the registered identity key');
    const clientKey = q.clientKey!;
    if (!isP256Point(clientKey)) return reject('the client key is not a point on P-256');
    // Accepted: the session is used up, and the device gets its certificate.
    const now = this.clock.now();
    const notAfter = new Date(now.getTime() + this.design.deviceCertificate.lifetimeHours * 3_600_000 - 1000);
    const tenant = this.pki.tenantCa;
    const der = await issueCertificate({
      issuerKey: tenant.key,
      issuerName: tenant.name,
      subjectName: `CN=${hex(session.deviceId)}, O=${tenant.tenantId}`,
      subjectPublicKey: clientKey,
      notBefore: now,
      notAfter,
      usage: 'client',
    });
    this.sessions.delete(id);
    const period = this.clock.period(this.design);
    const key = `${hex(session.deviceId)}|${hex(clientKey)}`;
    if (!this.attested.has(key)) this.attested.set(key, new Set());
    this.attested.get(key)!.add(period);
    this.issued.push({ deviceId: hex(session.deviceId), clientKey: hex(clientKey), period, serialNumber: '', notAfter: notAfter.toISOString() });
    this.events.onAccepted?.(hex(session.deviceId), q.measurements, clientKey);
    return { accepted: true, reply: encodeMessage({ type: 'issued', session: q.session, chain: [der, tenant.der] }) };
  }

  /**
   * The nonce the quote's signature is verified over. Sound (`sent-nonce`): the nonce this session sent,
   * which the quote must carry. The flawed variant a design may state (`quote-nonce`): whatever nonce
   * the quote carries, so an old quote still verifies.
   */
  private nonceVerifiedOver(session: ServiceSession, q: QuoteMessage): { ok: true; value?: Uint8Array } | { ok: false; reason: string } {
    if (this.design.attestation.nonce !== 'service-nonce') return { ok: true };
    // A design that does not say which nonce is checked gets the service's own behaviour: the one it sent.
    if ((this.design.attestation.nonceCheck ?? 'sent-nonce') === 'quote-nonce') return q.nonce ? { ok: true, value: q.nonce } : { ok: false, reason: 'the quote carries no nonce' };
    if (!session.nonce || !q.nonce || !bytesEqual(q.nonce, session.nonce)) return { ok: false, reason: "the quote does not answer this session's nonce" };
    return { ok: true, value: session.nonce };
  }

  /** The status check: did `deviceId` with `clientKey` pass attestation in the current period? */
  status(deviceId: string, clientKey: Uint8Array): boolean {
    return this.attested.get(`${deviceId}|${hex(clientKey)}`)?.has(this.clock.period(this.design)) ?? false;
  }
}

/**
 * The device side: daily attestation to the security service, and the mutual handshake with a cloud
 * service. Keys stay in the device's Pluton, the boot emulator's (emulator/boot/pluton.ts), which signs
 * the quote body the client builds only if its device ID, measurements and client key are Pluton's
 * own; the device trusts servers only through its root store (or anything, in a design that says so).
 * Every receive either accepts the message and moves on, or rejects it with a reason and changes
 * nothing.
 */
import { randomBytes } from 'node:crypto';
import { bytesEqual } from '../../formats/attestation/der.js';
import { validateChain, type AnchorPolicy, type ParsedCertificate } from '../../formats/attestation/certificates.js';
import { challengeTbs, clientTbs, decodeAs, deviceIdOf, encodeMessage, quoteTbs, serverTbs } from '../../formats/attestation/messages.js';
import { QUOTE_FIELDS, type ProtocolDesign, type QuoteField } from '../../model/attestation/protocol-design.js';
import { verifyP256 } from '../../formats/image-package/ecdsa-p256.js';
import { generateSigningKey, type SigningKey } from '../../formats/image-package/signing-key.js';
import type { Pluton } from '../boot/pluton.js';
import { hex, reject, sessionKey, type Clock, type Step } from './common.js';

/** The component that runs the attestation client: the requester Pluton's bus log names. */
export const ATTESTATION_CLIENT = 'attestation-client';

export interface DeviceTrust {
  root: ParsedCertificate;
  serviceName: string;
  cloudName: string;
}

export interface HeldCertificate {
  chain: Uint8Array[];
  leaf: ParsedCertificate;
}

export class AttestingDevice {
  readonly identityPublicKey: Uint8Array;
  readonly deviceId: Uint8Array;
  /** Certificates obtained by attestation, oldest first. */
  readonly certificates: HeldCertificate[] = [];

  constructor(
    readonly design: ProtocolDesign,
    readonly pluton: Pluton,
    readonly trust: DeviceTrust,
    readonly clock: Clock,
    /** Who asks Pluton: the attestation client, unless a test or replay runs as another component. */
    readonly requester: string = ATTESTATION_CLIENT,
  ) {
    this.identityPublicKey = pluton.getPublicKey(requester);
    this.deviceId = deviceIdOf(this.identityPublicKey);
  }

  /** The client-authentication public key Pluton holds (the key the device certificate certifies). */
  clientPublicKey(): Uint8Array {
    return this.pluton.clientPublicKey(this.requester);
  }

  get deviceIdHex(): string {
    return hex(this.deviceId);
  }

  serverAnchors(): AnchorPolicy {
    return this.design.device.serverTrustAnchors === 'any-ca' ? 'any-ca' : 'root-store';
  }

  /**
   * The name a server certificate must carry to be taken for `host`: none when the design's device checks the
   * chain alone (device.serverNames "unchecked"). Read here from the design, not through the rule's
   * serverNameChecked (model/attestation/server-name-check.ts), so that the emulated device stands as its own
   * reading of the field (test/differential/server-name-differential.test.ts holds the two together); an
   * unstated field runs the checking device, as the search does.
   */
  serverNameFor(host: string): string | undefined {
    return this.design.device.serverNames === 'unchecked' ? undefined : host;
  }

  startAttestation(): { run: DeviceAttestation; hello: Uint8Array } {
    return { run: new DeviceAttestation(this), hello: encodeMessage({ type: 'hello', deviceId: this.deviceId }) };
  }

  /** Undefined when the device holds no certificate yet. */
  startConnection(ephemeral: SigningKey = generateSigningKey()): { run: DeviceConnection; clientHello: Uint8Array } | undefined {
    const cert = this.certificates[this.certificates.length - 1];
    if (!cert) return undefined;
    const run = new DeviceConnection(this, ephemeral, cert);
    return { run, clientHello: encodeMessage({ type: 'client-hello', share: ephemeral.publicKey }) };
  }

  snapshot(): string {
    return JSON.stringify({ certificates: this.certificates.map((c) => c.chain.map(hex)) });
  }
}

export class DeviceAttestation {
  state: 'await-challenge' | 'await-issued' | 'done' = 'await-challenge';
  nonce?: Uint8Array;
  session?: Uint8Array;

  constructor(readonly device: AttestingDevice) {}

  snapshot(): string {
    return JSON.stringify({ state: this.state, nonce: this.nonce && hex(this.nonce), session: this.session && hex(this.session) });
  }

  async receive(bytes: Uint8Array): Promise<Step> {
    if (this.state === 'await-challenge') return this.onChallenge(bytes);
    if (this.state === 'await-issued') return this.onIssued(bytes);
    return reject('this attestation run is over');
  }

  private onChallenge(bytes: Uint8Array): Step {
    const d = this.device;
    const design = d.design;
    const m = decodeAs(bytes, 'challenge');
    if (!m.ok) return reject(m.reason);
    const c = m.value;
    const withNonce = design.attestation.nonce === 'service-nonce';
    if (withNonce !== (c.nonce !== undefined)) return reject(withNonce ? 'the challenge has no nonce' : 'the challenge has a nonce this protocol does not use');
    const chain = validateChain(c.chain, { anchors: d.serverAnchors(), usage: 'server', now: d.clock.now(), root: d.trust.root, expectedName: d.serverNameFor(d.trust.serviceName) });
    if (!chain.ok) return reject(`the security service's certificate: ${chain.reason}`);
    if (!verifyP256(challengeTbs(design, c.nonce, d.deviceId), c.signature, chain.leaf.publicKey)) return reject('the challenge signature does not verify');
    const values: Record<QuoteField, Uint8Array> = {
      deviceId: d.deviceId,
      nonce: c.nonce ?? new Uint8Array(0),
      measurements: d.pluton.measurements(d.requester),
      clientKey: d.clientPublicKey(),
    };
    const signature = d.pluton.quote(quoteTbs(design, values), d.requester);
    const fields: Partial<Record<QuoteField, Uint8Array>> = {};
    for (const f of QUOTE_FIELDS) if (design.attestation.quoteFields.includes(f)) fields[f] = values[f];
    this.state = 'await-issued';
    if (c.nonce) this.nonce = c.nonce;
    this.session = c.session;
    return { accepted: true, reply: encodeMessage({ type: 'quote', session: c.session, ...fields, signature }) };
  }

  private onIssued(bytes: Uint8Array): Step {
    const d = this.device;
    const m = decodeAs(bytes, 'issued');
    if (!m.ok) return reject(m.reason);
    // Our own certificate must chain to a tenant CA under the root store, name us and certify our client key.
    const anchors: AnchorPolicy = d.design.device.serverTrustAnchors === 'any-ca' ? 'any-ca' : 'any-tenant';
    const chain = validateChain(m.value.chain, { anchors, usage: 'client', now: d.clock.now(), root: d.trust.root, expectedName: d.deviceIdHex });
    if (!chain.ok) return reject(`the issued certificate: ${chain.reason}`);
    if (!bytesEqual(chain.leaf.publicKey, d.clientPublicKey())) return reject('the issued certificate certifies another key');
    d.certificates.push({ chain: m.value.chain.map((c) => c.slice()), leaf: chain.leaf });
    this.state = 'done';
    return { accepted: true };
  }
}

export class DeviceConnection {
  state: 'await-server-hello' | 'done' = 'await-server-hello';
  sessionKey?: Uint8Array;
  serverShare?: Uint8Array;

  constructor(
    readonly device: AttestingDevice,
    readonly ephemeral: SigningKey,
    readonly certificate: HeldCertificate,
  ) {}

  snapshot(): string {
    return JSON.stringify({ state: this.state, key: this.sessionKey && hex(this.sessionKey) });
  }

  async receive(bytes: Uint8Array): Promise<Step> {
    if (this.state !== 'await-server-hello') return reject('this connection run is over');
    const d = this.device;
    const m = decodeAs(bytes, 'server-hello');
    if (!m.ok) return reject(m.reason);
    const s = m.value;
    const anchors = d.serverAnchors();
    const chain = validateChain(s.chain, { anchors, usage: 'server', now: d.clock.now(), root: d.trust.root, expectedName: d.serverNameFor(d.trust.cloudName) });
    if (!chain.ok) return reject(`the cloud service's certificate: ${chain.reason}`);
    const X = this.ephemeral.publicKey;
    if (!verifyP256(serverTbs(X, s.share), s.signature, chain.leaf.publicKey)) return reject('the server handshake signature does not verify');
    let key: Uint8Array;
    try {
      key = sessionKey(this.ephemeral.secretKey, s.share, X, s.share);
    } catch {
      return reject('the server share is not a point on P-256');
    }
    const signature = d.pluton.signWithClientKey(clientTbs(X, s.share), d.requester);
    this.state = 'done';
    this.sessionKey = key;
    this.serverShare = s.share;
    // A cloud that acts on the ID the client names (cloudService.deviceIdFrom "client-claim") is told the device's own.
    const claim = d.design.cloudService.deviceIdFrom === 'client-claim' ? { deviceId: d.deviceId } : {};
    return { accepted: true, reply: encodeMessage({ type: 'client-finish', session: s.session, chain: this.certificate.chain, signature, ...claim }) };
  }
}

export const freshSession = (): Uint8Array => new Uint8Array(randomBytes(16));

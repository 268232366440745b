/**
 * A cloud service (Azure IoT Hub / DPS), in process: the server side of the mutual handshake. It proves
 * itself with its server certificate and a signature over both ECDH shares, and accepts a device only
 * with a certificate chain its trust anchors allow (the tenant CA by default), valid now, for client
 * authentication, naming a device ID, whose key signs the handshake; with revocation 'status-check'
 * it also asks the security service whether the device attested in the current period.
 *
 * Which device it then takes the connection to be from follows the design's cloudService.deviceIdFrom: the
 * certificate's (its subject's common name), or, for "client-claim", the ID the client names in its finish message,
 * whatever the certificate says. Second reading, on purpose, of the static rule in
 * properties/certificate-authentication/design-rules.ts (checkDesignStatically, /cloudService/deviceIdFrom), which
 * the search and the Horn clauses do not model; test/differential/device-id-source-differential.test.ts holds the
 * two together (a device of the tenant accepted as another ⇔ the rule flags the design).
 */
import { validateChain, type AnchorPolicy } from '../../formats/attestation/certificates.js';
import { clientTbs, decodeMessage, encodeMessage, serverTbs, type ClientFinishMessage } from '../../formats/attestation/messages.js';
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { signP256, verifyP256 } from '../../formats/image-package/ecdsa-p256.js';
import { generateSigningKey, type SigningKey } from '../../formats/image-package/signing-key.js';
import { DEVICE_ID_HEX, hex, isP256Point, reject, sessionKey, type Clock, type Step } from './common.js';
import type { Pki } from './pki.js';
import type { SecurityService } from './security-service.js';

interface CloudSession {
  clientShare: Uint8Array;
  ephemeral: SigningKey;
}

export interface AcceptedDevice {
  deviceId: string;
  issuer: string;
  clientKey: string;
  sessionKey: Uint8Array;
  period: number;
}

export class CloudService {
  private readonly sessions = new Map<string, CloudSession>();
  readonly accepted: AcceptedDevice[] = [];
  /**
   * Whether its status queries reach the security service: an attacker on the path may drop them. What the cloud then
   * does is the design's deviceCertificate.statusUnreachable (refuse unless it says "accept"): a second reading, on
   * purpose, of model/attestation/status-check.ts, held to it by test/differential/status-check-differential.test.ts.
   */
  statusReachable = true;

  constructor(
    readonly design: ProtocolDesign,
    readonly pki: Pki,
    readonly securityService: SecurityService,
    readonly clock: Clock,
    readonly random: (n: number) => Uint8Array,
    readonly makeEphemeral: () => SigningKey = generateSigningKey,
  ) {}

  snapshot(): string {
    return JSON.stringify({ sessions: [...this.sessions].map(([k, s]) => [k, hex(s.clientShare), hex(s.ephemeral.publicKey)]), accepted: this.accepted.map((a) => ({ ...a, sessionKey: hex(a.sessionKey) })) });
  }

  anchors(): AnchorPolicy {
    return this.design.cloudService.deviceTrustAnchors;
  }

  async handle(bytes: Uint8Array): Promise<Step> {
    const m = decodeMessage(bytes);
    if (!m.ok) return reject(m.reason);
    if (m.value.type === 'client-hello') return this.onClientHello(m.value.share);
    if (m.value.type === 'client-finish') return this.onClientFinish(m.value);
    return reject(`the cloud service does not take ${m.value.type} messages`);
  }

  private onClientHello(share: Uint8Array): Step {
    if (!isP256Point(share)) return reject('the client share is not a point on P-256');
    const session = this.random(16);
    const ephemeral = this.makeEphemeral();
    this.sessions.set(hex(session), { clientShare: share.slice(), ephemeral });
    const signature = signP256(serverTbs(share, ephemeral.publicKey), this.pki.cloud.key);
    return { accepted: true, reply: encodeMessage({ type: 'server-hello', session, share: ephemeral.publicKey, chain: this.pki.cloud.chain, signature }) };
  }

  private onClientFinish(f: ClientFinishMessage): Step {
    const id = hex(f.session);
    const session = this.sessions.get(id);
    if (!session) return reject('no such session');
    const chain = validateChain(f.chain, { anchors: this.anchors(), usage: 'client', now: this.clock.now(), root: this.pki.root.parsed, tenantCa: this.pki.tenantCa.parsed });
    if (!chain.ok) return reject(`the device certificate: ${chain.reason}`);
    const certified = chain.leaf.commonName ?? '';
    if (!DEVICE_ID_HEX.test(certified)) return reject('the certificate does not name a device ID');
    // The status check is of the certificate presented, so it asks about the device the certificate names.
    if (this.design.deviceCertificate.revocation === 'status-check') {
      if (!this.statusReachable) {
        if (this.design.deviceCertificate.statusUnreachable !== 'accept') return reject('the status query got no answer from the security service');
      } else if (!this.securityService.status(certified, chain.leaf.publicKey)) return reject('the security service reports no attestation of this device in this period');
    }
    const claimed = f.deviceId === undefined ? undefined : hex(f.deviceId);
    if (this.design.cloudService.deviceIdFrom === 'client-claim' && claimed === undefined) return reject('the client names no device ID, which this cloud service acts on (cloudService.deviceIdFrom "client-claim")');
    const deviceId = this.design.cloudService.deviceIdFrom === 'client-claim' ? claimed! : certified;
    const Y = session.ephemeral.publicKey;
    if (!verifyP256(clientTbs(session.clientShare, Y), f.signature, chain.leaf.publicKey)) return reject('the client handshake signature does not verify');
    let key: Uint8Array;
    try {
      key = sessionKey(session.ephemeral.secretKey, session.clientShare, session.clientShare, Y);
    } catch {
      return reject('the client share is not a point on P-256');
    }
    this.sessions.delete(id);
    this.accepted.push({ deviceId, issuer: chain.issuer.subject, clientKey: hex(chain.leaf.publicKey), sessionKey: key, period: this.clock.period(this.design) });
    return { accepted: true };
  }
}

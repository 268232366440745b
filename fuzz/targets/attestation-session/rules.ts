/**
 * The oracles of the stateful campaign: the protocol's rules, checked on what the parties accept. They
 * restate, over concrete messages, the events the bounded attacker search raises
 * (proofs/attacker-search/model.ts: injective agreement, freshness, untrusted software, tenant
 * isolation), and read certificates with node:crypto's X509Certificate, not with the parties' own reader,
 * so a party's check that goes missing is not excused by the same check missing here.
 *
 * What the rules know is what the network saw: the challenges the security service sent (and for which
 * device and nonce), the quotes each device's Pluton signed, the certificates the service issued, the
 * handshakes the cloud ran. The honest parties' secrets are never read.
 */
import { X509Certificate } from 'node:crypto';
import { decodeMessage, type Message } from '../../../formats/attestation/messages.js';
import { MEASUREMENTS } from '../../../emulator/attestation/world.js';
import { hex } from '../../../emulator/attestation/common.js';
import { OracleViolation } from '../../core/oracle.js';
import { DEVICES, type Parties } from './parties.js';

interface SentChallenge {
  deviceId: string;
  nonce: string | undefined;
  period: number;
}

interface SignedQuote {
  device: string;
  nonce: string | undefined;
  measurements: string | undefined;
  clientKey: string | undefined;
}

const violation = (oracle: string, message: string) => new OracleViolation(`session.${oracle}`, message);

/** A certificate as node:crypto reads it: the device ID it names, the key it certifies, its validity. */
function readCertificate(der: Uint8Array): { commonName: string | undefined; publicKey: string; from: number; to: number; x509: X509Certificate } {
  const x509 = new X509Certificate(der);
  const commonName = /(?:^|\n)CN=([^\n]*)/.exec(x509.subject)?.[1];
  const spki = x509.publicKey.export({ type: 'spki', format: 'der' });
  return { commonName, publicKey: hex(spki.subarray(spki.length - 65)), from: Date.parse(x509.validFrom), to: Date.parse(x509.validTo), x509 };
}

export class ProtocolRules {
  private readonly challenges = new Map<string, SentChallenge>();
  private readonly usedSessions = new Set<string>();
  private readonly quotes: SignedQuote[] = [];
  private readonly acceptedQuotes = new Set<string>();
  private readonly issued = new Set<string>();
  /** Cloud handshakes: server share → the client share it answered. */
  private readonly serverHellos = new Map<string, string>();
  /** Client share of each device connection run → the device. */
  private readonly clientHellos = new Map<string, string>();

  constructor(private readonly parties: Parties) {}

  private get world() {
    return this.parties.world;
  }

  private softwareNow(device: string) {
    const d = DEVICES.find((x) => x.id === device)!;
    return d.software[Math.min(this.parties.period, d.software.length - 1)]!;
  }

  private deviceByIdHex(deviceId: string): string | undefined {
    return [...this.world.devices.values()].find((d) => d.device.deviceIdHex === deviceId)?.id;
  }

  /** A message the service accepted, and its answer. */
  serviceAccepted(delivered: Message, reply: Uint8Array | undefined): void {
    const answer = reply ? decodeMessage(reply) : undefined;
    if (delivered.type === 'hello') {
      if (!answer?.ok || answer.value.type !== 'challenge') throw violation('service-answer', 'the security service accepted a hello without answering with a challenge');
      this.challenges.set(hex(answer.value.session), { deviceId: hex(delivered.deviceId), nonce: answer.value.nonce && hex(answer.value.nonce), period: this.parties.period });
      return;
    }
    if (delivered.type !== 'quote') throw violation('service-accepts', `the security service accepted a ${delivered.type} message`);
    const q = delivered;
    const session = hex(q.session);
    const sent = this.challenges.get(session);
    // No certificate without a fresh, valid quote for the verifier's own nonce.
    if (!sent) throw violation('quote-session', `the security service accepted a quote for session ${session}, which it never opened`);
    if (this.usedSessions.has(session)) throw violation('quote-replay', `the security service accepted a second quote in session ${session}`);
    if (sent.period !== this.parties.period) throw violation('quote-freshness', `the security service accepted in period ${this.parties.period} a quote for a challenge of period ${sent.period}`);
    if (!q.deviceId || hex(q.deviceId) !== sent.deviceId) throw violation('quote-device', 'the security service accepted a quote for another device than the one it challenged');
    const nonce = q.nonce && hex(q.nonce);
    if (nonce !== sent.nonce) throw violation('quote-nonce', `the security service accepted a quote over nonce ${nonce ?? '(none)'} in a session whose challenge sent ${sent.nonce ?? '(none)'}`);
    const device = this.deviceByIdHex(sent.deviceId);
    const signed = this.quotes.find((s) => s.device === device && s.nonce === nonce && s.measurements === (q.measurements && hex(q.measurements)) && s.clientKey === (q.clientKey && hex(q.clientKey)));
    if (!device || !signed) throw violation('quote-agreement', `the security service accepted a quote (nonce ${nonce}) that no device signed`);
    const key = JSON.stringify(signed);
    if (this.acceptedQuotes.has(key)) throw violation('quote-replay', 'the security service accepted one signed quote twice');
    if (this.softwareNow(device) !== 'good' || (q.measurements && hex(q.measurements) !== hex(MEASUREMENTS.good))) {
      throw violation('untrusted-software', `the security service certified ${device}, which runs ${this.softwareNow(device)} software`);
    }
    if (!answer?.ok || answer.value.type !== 'issued' || !answer.value.chain[0]) throw violation('service-answer', 'the security service accepted a quote without issuing a certificate');
    const cert = readCertificate(answer.value.chain[0]);
    if (cert.commonName !== sent.deviceId || cert.publicKey !== (q.clientKey && hex(q.clientKey))) throw violation('issued-subject', 'the issued certificate does not name the quoting device and certify its client key');
    if (!cert.x509.verify(new X509Certificate(this.world.pki.tenantCa.der).publicKey)) throw violation('issued-subject', 'the issued certificate is not signed by the tenant CA');
    this.usedSessions.add(session);
    this.acceptedQuotes.add(key);
    this.issued.add(hex(answer.value.chain[0]));
  }

  /** A device's attestation run accepted a message (a challenge, answered with a quote; or its certificate). */
  attestRunAccepted(device: string, delivered: Message, reply: Uint8Array | undefined): void {
    const me = this.world.device(device).device;
    if (delivered.type === 'challenge') {
      // The device answers only a challenge the service made for it (its signature covers the nonce and device ID, not the session).
      const nonce = delivered.nonce && hex(delivered.nonce);
      if (![...this.challenges.values()].some((c) => c.deviceId === me.deviceIdHex && c.nonce === nonce)) throw violation('challenge-origin', `${device} answered a challenge the security service never sent it`);
      const quote = reply && decodeMessage(reply);
      if (!quote?.ok || quote.value.type !== 'quote') throw violation('device-answer', `${device} accepted a challenge without answering with a quote`);
      const q = quote.value;
      this.quotes.push({ device, nonce: q.nonce && hex(q.nonce), measurements: q.measurements && hex(q.measurements), clientKey: q.clientKey && hex(q.clientKey) });
      return;
    }
    if (delivered.type !== 'issued' || !delivered.chain[0]) throw violation('device-accepts', `${device}'s attestation run accepted a ${delivered.type} message`);
    const der = hex(delivered.chain[0]);
    if (!this.issued.has(der)) throw violation('certificate-origin', `${device} accepted a certificate the security service never issued`);
    const cert = readCertificate(delivered.chain[0]);
    const now = this.world.clock.now().getTime();
    if (cert.commonName !== me.deviceIdHex || cert.publicKey !== hex(me.clientPublicKey())) throw violation('certificate-subject', `${device} accepted a certificate for another device or key`);
    if (now < cert.from || now > cert.to) throw violation('certificate-stale', `${device} accepted a certificate valid ${new Date(cert.from).toISOString()} to ${new Date(cert.to).toISOString()}, not now (${new Date(now).toISOString()})`);
  }

  /** A device opened a connection: its client share. */
  connectionStarted(device: string, clientHello: Message): void {
    if (clientHello.type === 'client-hello') this.clientHellos.set(hex(clientHello.share), device);
  }

  cloudAccepted(delivered: Message, reply: Uint8Array | undefined, acceptedBefore: number): void {
    if (delivered.type === 'client-hello') {
      const answer = reply && decodeMessage(reply);
      if (!answer?.ok || answer.value.type !== 'server-hello') throw violation('cloud-answer', 'the cloud accepted a client-hello without a server-hello');
      this.serverHellos.set(hex(answer.value.share), hex(delivered.share));
      return;
    }
    if (delivered.type !== 'client-finish' || !delivered.chain[0]) throw violation('cloud-accepts', `the cloud service accepted a ${delivered.type} message`);
    const accepted = this.world.cloud.accepted;
    if (accepted.length !== acceptedBefore + 1) throw violation('cloud-accepts', 'the cloud service accepted a client-finish without recording the device');
    const der = hex(delivered.chain[0]);
    if (!this.issued.has(der)) throw violation('cloud-certificate', 'the cloud service accepted a certificate the security service never issued (its tenant CA issues only through attestation)');
    const cert = readCertificate(delivered.chain[0]);
    const now = this.world.clock.now().getTime();
    if (now < cert.from || now > cert.to) throw violation('cloud-certificate-stale', 'the cloud service accepted a certificate that is not valid now');
    const device = cert.commonName ? this.deviceByIdHex(cert.commonName) : undefined;
    if (device && this.softwareNow(device) !== 'good') throw violation('untrusted-software', `the cloud service accepted ${device}, which runs ${this.softwareNow(device)} software in period ${this.parties.period}`);
    // Agreement: a device connection run of that device finished the same handshake (same session key).
    const record = accepted[accepted.length - 1]!;
    const key = hex(record.sessionKey);
    const ran = this.connections.some((c) => c.device === device && c.run.state === 'done' && c.run.sessionKey !== undefined && hex(c.run.sessionKey) === key);
    if (!ran) throw violation('cloud-agreement', `the cloud service accepted ${device ?? record.deviceId} in a handshake no device run finished`);
  }

  /** Device connection runs (the campaign registers each one it starts). */
  readonly connections: { device: string; run: { state: string; sessionKey?: Uint8Array; serverShare?: Uint8Array; ephemeral: { publicKey: Uint8Array } } }[] = [];

  connectRunAccepted(device: string, run: { serverShare?: Uint8Array; ephemeral: { publicKey: Uint8Array } }): void {
    // The device finishes only a handshake the cloud ran with its own share.
    const answered = run.serverShare && this.serverHellos.get(hex(run.serverShare));
    if (answered !== hex(run.ephemeral.publicKey)) throw violation('server-agreement', `${device} accepted a server-hello the cloud service never sent for its share`);
  }
}

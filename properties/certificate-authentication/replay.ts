/**
 * The tie between the symbolic search and the concrete protocol: a trace the search found (every
 * message accepted by its receiver) is played against the real parties (CBOR messages, X.509
 * certificates, P-256 signatures, each device's Pluton), each abstract term made concrete:
 *
 * - agents, nonces, measurement values and keys map to the world's device IDs, the nonces the real
 *   service drew, the real register values and real keys;
 * - a signature or certificate an honest party produced is reused byte for byte; one the attacker
 *   makes is made with a key the attacker really holds (its own, a compromised one) or by the Pluton
 *   of a device the attacker runs, which refuses what the abstract oracle would refuse;
 * - a signature by an honest key that no honest party produced is an error: the abstract attacker did
 *   something the concrete one cannot.
 *
 * The replay fails at the first step whose concrete receiver does not accept, with the receiver's
 * reason: the abstract and concrete protocols disagree there.
 */
import { sha512 } from '@noble/hashes/sha2.js';
import { issueCertificate } from '../../formats/attestation/certificates.js';
import { challengeTbs, clientTbs, decodeMessage, encodeMessage, quoteTbs, serverTbs, type Message } from '../../formats/attestation/messages.js';
import { QUOTE_FIELDS, type ProtocolDesign, type QuoteField } from '../../model/attestation/protocol-design.js';
import { signP256 } from '../../formats/image-package/ecdsa-p256.js';
import { generateSigningKey, type SigningKey } from '../../formats/image-package/signing-key.js';
import { AGENTS, ProtocolModel, type Action } from '../../proofs/attacker-search/model.js';
import type { Scenario, Software } from '../../model/attestation/attack-scenario.js';
import { fieldsOf, labelOf, type Term } from '../../proofs/attacker-search/terms.js';
import { hex, type Step } from '../../emulator/attestation/common.js';
import type { DeviceAttestation, DeviceConnection } from '../../emulator/attestation/attesting-device.js';
import { ATTACKER_DNS, CLOUD_DNS, OTHER_TENANT_ID, SERVICE_DNS, TENANT_ID, webPkiServerChain, type Pki } from '../../emulator/attestation/pki.js';
import { AttestationWorld, MEASUREMENTS } from '../../emulator/attestation/world.js';

export interface ReplayResult {
  ok: boolean;
  /** Steps played (deliveries and starts). */
  steps: number;
  /** Where and why the concrete protocol disagreed. */
  failure?: string;
  world: AttestationWorld;
}

type Handle = { kind: 'device-attest'; run: DeviceAttestation } | { kind: 'device-connect'; run: DeviceConnection } | { kind: 'service' | 'hub'; session?: Uint8Array };

class Mismatch extends Error {}

/** `pki`: share one PKI (made by createPki for DEFAULT_EPOCH) across many replays. */
export async function replayTrace(design: ProtocolDesign, scenario: Scenario, trace: readonly Action[], options: { pki?: Pki } = {}): Promise<ReplayResult> {
  const world = await AttestationWorld.create(design, { devices: scenario.devices, ...(options.pki ? { pki: options.pki } : {}) });
  const r = new Replayer(design, scenario, world);
  try {
    await r.prefix();
    for (const action of trace) await r.play(action);
    return { ok: true, steps: r.steps, world };
  } catch (err) {
    if (err instanceof Mismatch) return { ok: false, steps: r.steps, failure: err.message, world };
    throw err;
  }
}

class Replayer {
  readonly model: ProtocolModel;
  steps = 0;
  private tickIndex = 0;
  private readonly handles = new Map<string, Handle>();
  /** Concrete bytes of abstract nonces, signatures (r||s) and certificate chains, learned from honest messages or made. */
  private readonly nonces = new Map<number, Uint8Array>();
  private readonly signatures = new Map<number, Uint8Array>();
  private readonly chains = new Map<number, Uint8Array[]>();
  private readonly keys = new Map<string, SigningKey>();
  private readonly selfSigned = new Map<string, Uint8Array>();
  private lastCloudEphemeral: SigningKey | undefined;
  private period = 0;

  constructor(
    readonly design: ProtocolDesign,
    readonly scenario: Scenario,
    readonly world: AttestationWorld,
  ) {
    this.model = new ProtocolModel(design, scenario);
    this.model.initial(); // fills model.prefix
    this.keys.set('k:eve', generateSigningKey());
    this.keys.set('sk:as3', world.pki.securityService.key);
    this.keys.set('sk:hub', world.pki.cloud.key);
    this.keys.set('ca:tenant-a', world.pki.tenantCa.key);
    this.keys.set('ca:tenant-b', world.pki.otherTenantCa.key);
    this.keys.set('root', world.pki.root.key);
    this.nonces.set(this.model.eveNonce.id, new Uint8Array(32).fill(0xee));
    this.chains.set(this.model.hubCert.id, world.pki.cloud.chain);
    const cloud = world.cloud as unknown as { makeEphemeral: () => SigningKey };
    cloud.makeEphemeral = () => (this.lastCloudEphemeral = generateSigningKey());
    world.setPeriod(0, this.offset());
    // The search's attacker is on the path from the cloud to the security service too: where the cloud accepts a status
    // query that gets no answer (statusUnreachable "accept"), it drops every one (model/attestation/status-check.ts).
    if (design.deviceCertificate.statusUnreachable === 'accept') world.cloud.statusReachable = false;
  }

  private offset(): number {
    return 3_600_000 + this.steps * 1000;
  }

  /** The honest first attestations, played for real and learned. */
  async prefix(): Promise<void> {
    for (const { device, messages } of this.model.prefix) {
      const done = await this.world.attest(device);
      if (!done.ok) throw new Mismatch(`the honest first attestation of ${device} failed concretely: ${done.reason}`);
      done.transcript.forEach((bytes, i) => this.learn(messages[i]!, bytes));
    }
  }

  async play(a: Action): Promise<void> {
    this.steps++;
    if (a.kind === 'tick') {
      this.period = a.period;
      this.world.setPeriod(a.period, this.offset());
      this.tickIndex++;
      return;
    }
    this.world.setPeriod(this.period, this.offset());
    const where = `step ${this.steps} (${a.kind} ${a.run})`;
    if (a.kind === 'start') {
      const dev = this.world.device(a.agent).device;
      if (a.role === 'device-attest') {
        const { run, hello } = dev.startAttestation();
        this.handles.set(a.run, { kind: 'device-attest', run });
        this.learn(a.sent, hello);
      } else {
        const x = generateSigningKey();
        this.keys.set(`x.${a.run}`, x);
        const started = dev.startConnection(x);
        if (!started) throw new Mismatch(`${where}: the concrete device holds no certificate`);
        this.handles.set(a.run, { kind: 'device-connect', run: started.run });
        this.learn(a.sent, started.clientHello);
      }
      return;
    }
    let handle = this.handles.get(a.run);
    if (!handle) {
      if (a.role !== 'service' && a.role !== 'hub') throw new Mismatch(`${where}: no such run`);
      handle = { kind: a.role };
      this.handles.set(a.run, handle);
    }
    const session = handle.kind === 'service' || handle.kind === 'hub' ? handle.session : undefined;
    const bytes = await this.concrete(a.message, session);
    let step: Step;
    if (handle.kind === 'service') step = await this.world.service.handle(bytes);
    else if (handle.kind === 'hub') step = await this.world.cloud.handle(bytes);
    else if (handle.kind === 'device-attest' || handle.kind === 'device-connect') step = await handle.run.receive(bytes);
    else throw new Mismatch(`${where}: no such run`);
    if (!step.accepted) throw new Mismatch(`${where}: the concrete ${a.role} rejects what the abstract one accepts: ${step.reason}`);
    if (handle.kind === 'hub' && !handle.session && this.lastCloudEphemeral) this.keys.set(`y.${a.run}`, this.lastCloudEphemeral);
    if (a.sent) {
      if (!step.reply) throw new Mismatch(`${where}: the concrete ${a.role} sends nothing where the abstract one sends ${a.sent}`);
      this.learn(a.sent, step.reply);
      const reply = decodeMessage(step.reply);
      if ((handle.kind === 'service' || handle.kind === 'hub') && reply.ok && 'session' in reply.value) handle.session = reply.value.session;
    } else if (step.reply) {
      throw new Mismatch(`${where}: the concrete ${a.role} replies where the abstract one does not`);
    }
  }

  // ---------------------------------------------------------------- learning from honest messages

  private learn(t: Term, bytes: Uint8Array): void {
    const d = decodeMessage(bytes);
    if (!d.ok) throw new Mismatch(`an honest party sent an undecodable message: ${d.reason}`);
    const m = d.value;
    const label = labelOf(t);
    const f = t.args.slice(1);
    const sigOf = (s: Term | undefined, bytes: Uint8Array) => {
      if (s?.kind === 'sig') this.signatures.set(s.id, bytes);
    };
    if (m.type === 'challenge' && label === 'challenge') {
      if (m.nonce && f[0]) this.nonces.set(f[0].id, m.nonce);
      sigOf(f[f.length - 1], m.signature);
    } else if (m.type === 'quote' && label === 'quote') {
      sigOf(f[f.length - 1], m.signature);
    } else if (m.type === 'issued' && label === 'issued') {
      this.chains.set(f[0]!.id, m.chain);
    } else if (m.type === 'server-hello' && label === 'server-hello') {
      sigOf(f[2], m.signature);
    } else if (m.type === 'client-finish' && label === 'client-finish') {
      sigOf(f[1], m.signature);
    } else if (m.type !== label) {
      throw new Mismatch(`an honest party sent a ${m.type} where the abstract one sends ${label}`);
    }
  }

  // ---------------------------------------------------------------- making abstract terms concrete

  private deviceId(agent: Term): Uint8Array {
    if (agent.kind !== 'const') throw new Mismatch(`${agent} is not an agent`);
    if (this.world.devices.has(agent.name)) return this.world.device(agent.name).device.deviceId;
    return sha512(new TextEncoder().encode(`sevenfold test agent ${agent.name}`));
  }

  private nonceBytes(n: Term): Uint8Array | undefined {
    if (n.kind === 'const' && n.name === 'no-nonce') return undefined;
    const b = this.nonces.get(n.id);
    if (!b) throw new Mismatch(`no concrete value for the nonce ${n}`);
    return b;
  }

  private keyOf(k: Term): SigningKey | undefined {
    return this.keys.get(k.name);
  }

  private point(p: Term): Uint8Array {
    if (p.kind !== 'pk') throw new Mismatch(`${p} is not a public key`);
    const k = p.args[0]!;
    const m = /^(ik|ck):(.+)$/.exec(k.name);
    if (m) {
      const device = this.world.device(m[2]!).device;
      return m[1] === 'ik' ? device.identityPublicKey : device.clientPublicKey();
    }
    const key = this.keyOf(k);
    if (!key) throw new Mismatch(`no concrete key for ${k}`);
    return key.publicKey;
  }

  private measurement(m: Term): Uint8Array {
    const kind = m.name.replace(/^m-/, '') as Software;
    const v = MEASUREMENTS[kind];
    if (!v) throw new Mismatch(`no concrete value for the measurement ${m}`);
    return v;
  }

  /** The concrete signature for sig[k](body) over `tbs`. */
  private signature(s: Term, tbs: Uint8Array): Uint8Array {
    const known = this.signatures.get(s.id);
    if (known) return known;
    const k = s.args[0]!;
    const held = this.attackerKey(k);
    if (held) return signP256(tbs, held);
    const oracle = /^(ik|ck):(.+)$/.exec(k.name);
    const software = oracle ? this.model.software(oracle[2]!, this.period) : undefined;
    if (oracle && software !== undefined && software !== 'good') {
      const device = this.world.device(oracle[2]!).device;
      try {
        return oracle[1] === 'ik' ? device.pluton.quote(tbs, device.requester) : device.pluton.signWithClientKey(tbs, device.requester);
      } catch (err) {
        throw new Mismatch(`the Pluton of ${oracle[2]} refuses to sign ${s}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    throw new Mismatch(`the attacker cannot make ${s}: no honest party signed it and it does not hold ${k}`);
  }

  /** Keys the concrete attacker holds: its own and the scenario's compromised ones. */
  private attackerKey(k: Term): SigningKey | undefined {
    if (k.name === 'k:eve') return this.keys.get('k:eve');
    if (!this.scenario.compromisedKeys.includes(k.name)) return undefined;
    return this.keyOf(k);
  }

  private tenantId(t: Term): string {
    return t.name === 'tenant-a' ? TENANT_ID : t.name === 'tenant-b' ? OTHER_TENANT_ID : t.name;
  }

  /** A certificate term as a chain: an honest one as issued, a forged one issued now with the attacker's key. */
  private async chain(c: Term): Promise<Uint8Array[]> {
    const known = this.chains.get(c.id);
    if (known) return known;
    if (c.id === this.model.eveServerCert.id) return this.eveServerChain();
    const body = fieldsOf(c.args[1]!, 'cert', 6);
    if (c.kind !== 'sig' || !body) throw new Mismatch(`${c} is not a certificate`);
    const issuerTerm = c.args[0]!;
    const issuer = this.attackerKey(issuerTerm) ?? (issuerTerm.name === 'ca:tenant-b' ? this.world.pki.otherTenantCa.key : undefined);
    if (!issuer || (issuerTerm.name === 'ca:tenant-b' && !this.isEveCert(body))) throw new Mismatch(`the attacker cannot issue ${c}`);
    const [subject, subjectKey, tenant, usage, from, until] = body as [Term, Term, Term, Term, Term, Term];
    const period = this.design.attestation.periodHours * 3_600_000;
    const at = (t: Term, end: boolean) => (t.name === 'forever' ? new Date(this.world.clock.epoch.getTime() + 20 * 365 * 86_400_000) : new Date(this.world.clock.epoch.getTime() + Number(t.name.slice(1)) * period - (end ? 1000 : 0)));
    const isServer = usage.name === 'server';
    const name = subject.name === AGENTS.hub ? CLOUD_DNS : subject.name === AGENTS.service ? SERVICE_DNS : hex(this.deviceId(subject));
    const issuerName = issuerTerm.name === 'ca:tenant-b' ? this.world.pki.otherTenantCa.name : `CN=attacker CA ${issuerTerm.name}`;
    const der = await issueCertificate({
      issuerKey: issuer,
      issuerName,
      subjectName: `CN=${name}, O=${this.tenantId(tenant)}`,
      subjectPublicKey: this.point(subjectKey),
      notBefore: at(from, false),
      notAfter: at(until, true),
      usage: isServer ? 'server' : 'client',
      ...(isServer ? { dnsName: name } : {}),
    });
    const chain = [der, issuerTerm.name === 'ca:tenant-b' ? this.world.pki.otherTenantCa.der : await this.selfSignedCa(issuerTerm.name, issuer, issuerName)];
    this.chains.set(c.id, chain);
    return chain;
  }

  /** The attacker's server certificate for its own domain, from a CA of the root store (the search's eveServerCert). */
  private async eveServerChain(): Promise<Uint8Array[]> {
    const id = this.model.eveServerCert.id;
    let chain = this.chains.get(id);
    if (!chain) this.chains.set(id, (chain = await webPkiServerChain(this.world.pki, this.keys.get('k:eve')!.publicKey, ATTACKER_DNS, this.world.clock.epoch)));
    return chain;
  }

  /** The attacker legitimately holds its own device's certificate from the other tenant. */
  private isEveCert(body: readonly Term[]): boolean {
    return body[0]!.name === AGENTS.attackerDevice && body[1]!.kind === 'pk' && body[1]!.args[0]!.name === 'k:eve';
  }

  private async selfSignedCa(id: string, key: SigningKey, name: string): Promise<Uint8Array> {
    let der = this.selfSigned.get(id);
    if (!der) {
      const epoch = this.world.clock.epoch.getTime();
      der = await issueCertificate({ issuerKey: key, issuerName: name, subjectName: name, subjectPublicKey: key.publicKey, notBefore: new Date(epoch - 86_400_000), notAfter: new Date(epoch + 10 * 365 * 86_400_000), usage: 'ca' });
      this.selfSigned.set(id, der);
    }
    return der;
  }

  /** A server chain for a challenge signed by `k`: the real one for the security service's key, else a self-signed one. */
  private async serverChain(k: Term): Promise<Uint8Array[]> {
    if (k.name === 'sk:as3') return this.world.pki.securityService.chain;
    // Under the root store the attacker's key is certified only for its own domain (the search's eveServerCert).
    if (k.name === 'k:eve' && this.design.device.serverTrustAnchors === 'root-store') return this.eveServerChain();
    const key = this.attackerKey(k);
    if (!key) throw new Mismatch(`the attacker cannot present a certificate for ${k}`);
    const name = `CN=${SERVICE_DNS}`;
    return [await issueCertificate({ issuerKey: key, issuerName: name, subjectName: name, subjectPublicKey: key.publicKey, notBefore: new Date(this.world.clock.epoch.getTime() - 86_400_000), notAfter: new Date(this.world.clock.epoch.getTime() + 365 * 86_400_000), usage: 'server', dnsName: SERVICE_DNS })];
  }

  private async concrete(t: Term, session: Uint8Array | undefined): Promise<Uint8Array> {
    const label = labelOf(t);
    const f = t.args.slice(1);
    const sess = session ?? new Uint8Array(16);
    let m: Message;
    switch (label) {
      case 'hello':
        m = { type: 'hello', deviceId: this.deviceId(f[0]!) };
        break;
      case 'challenge': {
        const s = f[f.length - 1]!;
        const body = s.args[1]!.args.slice(1);
        const nonce = f.length === 2 ? this.nonceBytes(f[0]!) : undefined;
        const deviceId = this.deviceId(body[body.length - 1]!);
        m = { type: 'challenge', session: sess, ...(nonce ? { nonce } : {}), chain: await this.serverChain(s.args[0]!), signature: this.signature(s, challengeTbs(this.design, nonce, deviceId)) };
        break;
      }
      case 'quote': {
        const carried = QUOTE_FIELDS.filter((x) => this.design.attestation.quoteFields.includes(x));
        const values: Partial<Record<QuoteField, Uint8Array>> = {};
        carried.forEach((field, i) => {
          const v = f[i]!;
          if (field === 'deviceId') values.deviceId = this.deviceId(v);
          else if (field === 'nonce') {
            const n = this.nonceBytes(v);
            if (n) values.nonce = n;
          } else if (field === 'measurements') values.measurements = this.measurement(v);
          else values.clientKey = this.point(v);
        });
        const s = f[f.length - 1]!;
        const signedBody = s.args[1]!.args.slice(1);
        const signed = QUOTE_FIELDS.filter((x) => this.design.attestation.signedFields.includes(x));
        const tbsValues: Partial<Record<QuoteField, Uint8Array>> = {};
        signed.forEach((field, i) => {
          const v = signedBody[i]!;
          if (field === 'deviceId') tbsValues.deviceId = this.deviceId(v);
          else if (field === 'nonce') tbsValues.nonce = this.nonceBytes(v)!;
          else if (field === 'measurements') tbsValues.measurements = this.measurement(v);
          else tbsValues.clientKey = this.point(v);
        });
        m = { type: 'quote', session: sess, ...values, signature: this.signature(s, quoteTbs(this.design, tbsValues)) };
        break;
      }
      case 'issued':
        m = { type: 'issued', session: sess, chain: await this.chain(f[0]!) };
        break;
      case 'client-hello':
        m = { type: 'client-hello', share: this.point(f[0]!) };
        break;
      case 'server-hello': {
        const [Y, c, s] = f as [Term, Term, Term];
        const [X] = s.args[1]!.args.slice(1) as [Term];
        m = { type: 'server-hello', session: sess, share: this.point(Y), chain: await this.chain(c), signature: this.signature(s, serverTbs(this.point(X), this.point(Y))) };
        break;
      }
      case 'client-finish': {
        const [c, s] = f as [Term, Term];
        const [X, Y] = s.args[1]!.args.slice(1) as [Term, Term];
        // The search's cloud takes the certificate's subject: where the design's cloud acts on the ID the client names
        // (cloudService.deviceIdFrom "client-claim"), the attacker names that subject, so the message means what the trace's does.
        const subject = c.kind === 'sig' ? fieldsOf(c.args[1]!, 'cert', 6)?.[0] : undefined;
        const claim = this.design.cloudService.deviceIdFrom === 'client-claim' && subject ? { deviceId: this.deviceId(subject) } : {};
        m = { type: 'client-finish', session: sess, chain: await this.chain(c), signature: this.signature(s, clientTbs(this.point(X), this.point(Y))), ...claim };
        break;
      }
      default:
        throw new Mismatch(`no concrete form for ${t}`);
    }
    return encodeMessage(m);
  }
}

/**
 * A concrete attacker against the emulated attestation parties (emulator/attestation: the security
 * service, the devices with their Plutons, the cloud service), with no symbolic model in between: a
 * bounded, enumerated catalogue of what a network attacker of the scenario can do with real bytes,
 * played after the scenario's honest first attestations (which it saw):
 *
 * - to the security service, in every period and for every device's session: a quote it recorded
 *   (any device's, from period 0: an old quote, another device's, one for another nonce), or one a
 *   device it runs (bad software that period) has its Pluton sign, sent as is or with its nonce,
 *   measurements or device ID swapped for the session's nonce, the known-good measurements or the
 *   session's device;
 * - to the cloud service, in every period: every certificate it holds (each device's from period 0,
 *   expired or not; a certificate it issues itself, with or without its own CA, naming each device or
 *   itself; its own device's certificate from another tenant's CA), with a handshake signed by its own
 *   key or by the Pluton of a device it runs, and, where the design has a status check, with the cloud's status
 *   query dropped as well; and every good device's own connection with the
 *   certificate it holds (no attestation since);
 * - to every good device opening a connection: the attacker poses as the cloud service, with a server
 *   certificate it issued itself, the real one, or one the root issued it for a domain of its own (the web
 *   PKI), signing the handshake with its own key.
 *
 * Second reading, on purpose, of the goals the symbolic search checks: it mirrors the events of
 * proofs/attacker-search/model.ts (serviceOnQuote, hubOnClientFinish, deviceOnServerHello; the goals'
 * text is PROPERTY_TEXT there) without importing the search: an accepted quote of a device running bad
 * software that period is untrusted-software; of a good device, one made in an earlier period is
 * freshness, one accepted again or made by no run is injective-agreement; a cloud acceptance of a
 * certificate not issued by the tenant CA is tenant-isolation, of a bad device untrusted-software, of a
 * good device in a handshake it never ran injective-agreement, with no attestation that period
 * freshness; a good device that accepts a server that is not the cloud service: injective-agreement, and
 * secrecy (the attacker holds the share the session key comes from).
 * test/differential/attestation-differential.test.ts holds this against the search: whatever the
 * emulated parties accept that a goal forbids, the search on that design must not say the goal holds.
 */
import { issueCertificate, parseCertificate } from '../../formats/attestation/certificates.js';
import { bytesEqual } from '../../formats/attestation/der.js';
import { clientTbs, decodeAs, encodeMessage, quoteTbs, serverTbs, type QuoteMessage } from '../../formats/attestation/messages.js';
import { signP256, verifyP256 } from '../../formats/image-package/ecdsa-p256.js';
import { generateSigningKey, type SigningKey } from '../../formats/image-package/signing-key.js';
import { ATTESTATION_CLIENT } from '../../emulator/attestation/attesting-device.js';
import { ATTACKER_DNS, CLOUD_DNS, OTHER_TENANT_ID, webPkiServerChain, type Pki } from '../../emulator/attestation/pki.js';
import { AttestationWorld, DEFAULT_EPOCH, MEASUREMENTS } from '../../emulator/attestation/world.js';
import { periodsOf, softwareAt, type Scenario } from '../../model/attestation/attack-scenario.js';
import type { ProtocolDesign, QuoteField } from '../../model/attestation/protocol-design.js';

/** The search's goals, by the names it reports them under (its PROPERTY_IDS, written again). */
export type Goal = 'injective-agreement' | 'freshness' | 'secrecy' | 'untrusted-software' | 'tenant-isolation';

/** Something the emulated parties accepted that a goal forbids. */
export interface ForbiddenAcceptance {
  behaviour: string;
  goals: Goal[];
}

export interface ConcreteAttackResult {
  /** Behaviours played (each on its own world). */
  behaviours: number;
  /** Behaviours some party accepted, forbidden or not. */
  accepted: number;
  forbidden: ForbiddenAcceptance[];
}

const HOUR = 3_600_000;
/** The device ID the attacker's own device (in the other tenant) goes by. */
const EVE_DEVICE_ID = 'ee'.repeat(64);
/** The Pluton's caller when the attacker runs a device's software: it asks as that software does. */
const REQUESTER = ATTESTATION_CLIENT;

/** What a device's honest first attestation left: the quote the attacker saw, the certificate the device holds. */
interface Seen {
  quote: QuoteMessage;
  chain: Uint8Array[];
}

/** A world after the scenario's honest first attestations, at the start of period `p`. */
interface Stage {
  world: AttestationWorld;
  seen: Map<string, Seen>;
  /** `${device}|${period}` of every honest attestation (the prefix's, in period 0). */
  attested: Set<string>;
}

/**
 * One attacker behaviour: what it is, the period it is played in, which party it is played against.
 * Behaviours against one party in one period share a world: none reads what another changed (the
 * service's checks read only the session a behaviour opens; the cloud's only the chain and the
 * handshake it is shown; a device's connection run is its own), so each sees the world as it would alone.
 */
type Family = 'service' | 'cloud' | 'device';
type Behaviour = { name: string; period: number; family: Family; play: (stage: Stage) => Promise<Goal[] | undefined> };

export async function attackConcretely(design: ProtocolDesign, scenario: Scenario, pki: Pki, seed = 7): Promise<ConcreteAttackResult> {
  const attacker = new Attacker(design, scenario, pki);
  const behaviours = await attacker.behaviours();
  const result: ConcreteAttackResult = { behaviours: 0, accepted: 0, forbidden: [] };
  const stages = new Map<string, Stage>();
  for (const b of behaviours) {
    let stage = stages.get(`${b.family}|${b.period}`);
    if (!stage) {
      stages.set(`${b.family}|${b.period}`, (stage = await attacker.stage(b.period, seed)));
    }
    const goals = await b.play(stage);
    result.behaviours++;
    if (goals === undefined) continue;
    result.accepted++;
    if (goals.length) result.forbidden.push({ behaviour: b.name, goals });
  }
  return result;
}

class Attacker {
  readonly devices: string[];
  readonly periods: number;
  /** The attacker's own key: its device's client key, its CA's key, its DH shares. */
  readonly eve: SigningKey = generateSigningKey();
  private readonly made = new Map<string, Uint8Array>();

  constructor(
    readonly design: ProtocolDesign,
    readonly scenario: Scenario,
    readonly pki: Pki,
  ) {
    this.devices = scenario.devices.map((d) => d.id);
    this.periods = periodsOf(scenario);
  }

  bad = (device: string, period: number): boolean => softwareAt(this.scenario, device, period) !== 'good';

  async stage(period: number, seed: number): Promise<Stage> {
    const world = await AttestationWorld.create(this.design, { devices: this.scenario.devices, pki: this.pki, seed });
    const seen = new Map<string, Seen>();
    const attested = new Set<string>();
    if (this.scenario.honestPrefix) {
      for (const d of this.devices) {
        if (this.bad(d, 0)) continue;
        const run = await world.attest(d);
        if (!run.ok) throw new Error(`the honest first attestation of ${d} failed: ${run.reason}`);
        const quote = decodeAs(run.transcript[2]!, 'quote');
        if (!quote.ok) throw new Error(`the honest quote of ${d} does not decode: ${quote.reason}`);
        const held = world.device(d).device.certificates.at(-1)!;
        seen.set(d, { quote: quote.value, chain: held.chain });
        attested.add(`${d}|0`);
      }
    }
    world.setPeriod(period);
    return { world, seen, attested };
  }

  async behaviours(): Promise<Behaviour[]> {
    const out: Behaviour[] = [];
    for (let p = 0; p < this.periods; p++) {
      out.push(...this.serviceBehaviours(p));
      out.push(...(await this.cloudBehaviours(p)));
      out.push(...(await this.deviceBehaviours(p)));
    }
    return out;
  }

  // ------------------------------------------------------------ the security service

  private serviceBehaviours(p: number): Behaviour[] {
    const carried = this.design.attestation.quoteFields;
    const swappable = (['nonce', 'measurements', 'deviceId'] as const).filter((f) => carried.includes(f));
    const subsets = swappable.reduce<(typeof swappable)[number][][]>((all, f) => [...all, ...all.map((s) => [...s, f])], [[]]);
    const out: Behaviour[] = [];
    for (const target of this.devices) {
      const sources = [...this.devices.filter((d) => !this.bad(d, 0) && this.scenario.honestPrefix).map((d) => `recorded:${d}`), ...(this.bad(target, p) ? ['oracle'] : [])];
      for (const source of sources)
        for (const swaps of subsets)
          out.push({ name: `period ${p}: a ${target} session answered with ${source === 'oracle' ? `a quote ${target}'s Pluton signs` : `${source.slice(9)}'s period-0 quote`}${swaps.length ? `, ${swaps.join(' and ')} swapped` : ''}`, period: p, family: 'service', play: (s) => this.quoteTo(s, p, target, source, swaps) });
    }
    return out;
  }

  private async quoteTo(stage: Stage, p: number, target: string, source: string, swaps: readonly QuoteField[]): Promise<Goal[] | undefined> {
    const { world } = stage;
    const device = world.device(target).device;
    const opened = await world.service.handle(encodeMessage({ type: 'hello', deviceId: device.deviceId }));
    if (!opened.accepted) return undefined;
    const challenge = decodeAs(opened.reply!, 'challenge');
    if (!challenge.ok) throw new Error(challenge.reason);
    let quote: QuoteMessage;
    if (source === 'oracle') {
      // The attacker runs the target's software: its Pluton signs a body with its own values and the session's nonce.
      const values = { deviceId: device.deviceId, nonce: challenge.value.nonce ?? new Uint8Array(0), measurements: device.pluton.measurements(REQUESTER), clientKey: device.pluton.clientPublicKey(REQUESTER) };
      const signature = device.pluton.quote(quoteTbs(this.design, values), REQUESTER);
      quote = { type: 'quote', session: challenge.value.session, signature };
      for (const f of this.design.attestation.quoteFields) quote[f] = values[f];
    } else {
      quote = { ...stage.seen.get(source.slice(9))!.quote };
    }
    quote.session = challenge.value.session;
    if (swaps.includes('nonce') && challenge.value.nonce) quote.nonce = challenge.value.nonce;
    if (swaps.includes('measurements')) quote.measurements = MEASUREMENTS.good;
    if (swaps.includes('deviceId')) quote.deviceId = device.deviceId;
    const answer = await world.service.handle(encodeMessage(quote));
    if (!answer.accepted) return undefined;
    // The service issued a certificate to `target` for this quote.
    if (this.bad(target, p)) return ['untrusted-software'];
    const run = stage.seen.get(target)?.quote;
    const same = (a: Uint8Array | undefined, b: Uint8Array | undefined) => (a === undefined || b === undefined ? a === b : bytesEqual(a, b));
    const madeByTargetsRun = run !== undefined && (['deviceId', 'nonce', 'measurements', 'clientKey'] as const).every((f) => same(quote[f], run[f]));
    // Its one run (period 0) was accepted once already: again in period 0 is a replay, later a stale quote.
    if (madeByTargetsRun) return [p > 0 ? 'freshness' : 'injective-agreement'];
    return ['injective-agreement'];
  }

  // ------------------------------------------------------------ the cloud service

  private async cloudBehaviours(p: number): Promise<Behaviour[]> {
    const chains: { name: string; chain: (s: Stage) => Promise<Uint8Array[] | undefined> }[] = [];
    for (const d of this.devices) chains.push({ name: `${d}'s period-0 certificate`, chain: async (s) => s.seen.get(d)?.chain });
    for (const subject of [...this.devices, 'eve']) {
      chains.push({ name: `a self-signed certificate naming ${subject}`, chain: async (s) => [await this.selfIssued(s, subject, p, false)] });
      chains.push({ name: `a certificate naming ${subject} from the attacker's own CA`, chain: async (s) => [await this.selfIssued(s, subject, p, true), this.made.get('eve-ca')!] });
    }
    chains.push({ name: "the attacker's own device's certificate from another tenant's CA", chain: async () => [this.made.get(`other-tenant|${p}`)!, this.pki.otherTenantCa.der] });
    await this.makeCertificates(p);
    const signers: { name: string; device?: string }[] = [{ name: "the attacker's key" }, ...this.devices.filter((d) => this.bad(d, p)).map((d) => ({ name: `${d}'s Pluton`, device: d }))];
    const out: Behaviour[] = [];
    // With a status check the attacker may also drop the cloud's status query (it is on that path too).
    const drops = this.design.deviceCertificate.revocation === 'status-check' ? [false, true] : [false];
    for (const c of chains)
      for (const signer of signers)
        for (const drop of drops)
          out.push({
            name: `period ${p}: to the cloud, ${c.name}, handshake signed with ${signer.name}${drop ? ', the status query dropped' : ''}`,
            period: p,
            family: 'cloud',
            play: async (s) => {
              s.world.cloud.statusReachable = !drop;
              try {
                return await this.connectAs(s, p, await c.chain(s), signer.device);
              } finally {
                s.world.cloud.statusReachable = true;
              }
            },
          });
    for (const d of this.devices) if (!this.bad(d, p)) out.push({ name: `period ${p}: ${d} connects with the certificate it holds`, period: p, family: 'cloud', play: (s) => this.honestConnect(s, p, d) });
    return out;
  }

  /** The attacker's certificates valid from period `p` for a certificate lifetime: its CA's, and its device's from the other tenant's CA. */
  private async makeCertificates(p: number): Promise<{ start: Date; end: Date }> {
    const epoch = DEFAULT_EPOCH.getTime();
    const start = new Date(epoch + p * this.design.attestation.periodHours * HOUR);
    const end = new Date(start.getTime() + this.design.deviceCertificate.lifetimeHours * HOUR - 1000);
    if (!this.made.has('eve-ca')) {
      const name = 'CN=attacker CA, O=eve';
      this.made.set('eve-ca', await issueCertificate({ issuerKey: this.eve, issuerName: name, subjectName: name, subjectPublicKey: this.eve.publicKey, notBefore: new Date(epoch - 24 * HOUR), notAfter: new Date(epoch + 3650 * 24 * HOUR), usage: 'ca' }));
    }
    if (!this.made.has(`other-tenant|${p}`)) {
      const other = this.pki.otherTenantCa;
      this.made.set(`other-tenant|${p}`, await issueCertificate({ issuerKey: other.key, issuerName: other.name, subjectName: `CN=${EVE_DEVICE_ID}, O=${OTHER_TENANT_ID}`, subjectPublicKey: this.eve.publicKey, notBefore: start, notAfter: end, usage: 'client' }));
    }
    return { start, end };
  }

  /** A client certificate naming `subject` (a device of the world, or eve) for the attacker's key, self-signed or from its CA (made once: a seed gives every world the same device IDs). */
  private async selfIssued(s: Stage, subject: string, p: number, fromCa: boolean): Promise<Uint8Array> {
    const name = subject === 'eve' ? EVE_DEVICE_ID : s.world.deviceIdOf(subject);
    const key = `${name}|${p}|${fromCa}`;
    let der = this.made.get(key);
    if (!der) {
      const { start, end } = await this.makeCertificates(p);
      const issuerName = fromCa ? 'CN=attacker CA, O=eve' : `CN=${name}, O=eve`;
      this.made.set(key, (der = await issueCertificate({ issuerKey: this.eve, issuerName, subjectName: `CN=${name}, O=eve`, subjectPublicKey: this.eve.publicKey, notBefore: start, notAfter: end, usage: 'client' })));
    }
    return der;
  }

  private async connectAs(stage: Stage, p: number, chain: Uint8Array[] | undefined, signer: string | undefined): Promise<Goal[] | undefined> {
    if (!chain) return undefined;
    const { world } = stage;
    const share = generateSigningKey().publicKey;
    const hello = await world.cloud.handle(encodeMessage({ type: 'client-hello', share }));
    if (!hello.accepted) return undefined;
    const server = decodeAs(hello.reply!, 'server-hello');
    if (!server.ok) throw new Error(server.reason);
    const body = clientTbs(share, server.value.share);
    const signature = signer ? world.device(signer).pluton.signWithClientKey(body, REQUESTER) : signP256(body, this.eve);
    const done = await world.cloud.handle(encodeMessage({ type: 'client-finish', session: server.value.session, chain, signature }));
    if (!done.accepted) return undefined;
    return this.cloudAccepted(stage, p, chain, signer ?? 'eve');
  }

  private async honestConnect(stage: Stage, p: number, device: string): Promise<Goal[] | undefined> {
    const held = stage.world.device(device).device.certificates.at(-1);
    const run = await stage.world.connect(device);
    if (!run.ok || !held) return undefined;
    return this.cloudAccepted(stage, p, held.chain, device);
  }

  /** What the cloud's acceptance of `chain`, in a handshake `runner` signed, violates. */
  private cloudAccepted(stage: Stage, p: number, chain: Uint8Array[], runner: string): Goal[] {
    const leaf = parseCertificate(chain[0]!);
    if (!leaf.ok) throw new Error(`the cloud accepted a certificate that does not parse: ${leaf.reason}`);
    const goals: Goal[] = [];
    const tenant = this.pki.tenantCa;
    if (!(leaf.value.issuer === tenant.name && verifyP256(leaf.value.tbs, leaf.value.signature, tenant.parsed.publicKey))) goals.push('tenant-isolation');
    const named = this.devices.find((d) => stage.world.deviceIdOf(d) === leaf.value.commonName);
    if (named === undefined) return goals;
    if (this.bad(named, p)) return [...goals, 'untrusted-software'];
    if (runner !== named) return [...goals, 'injective-agreement'];
    if (!stage.attested.has(`${named}|${p}`)) return [...goals, 'freshness'];
    return goals;
  }

  // ------------------------------------------------------------ the devices

  private async deviceBehaviours(p: number): Promise<Behaviour[]> {
    const epoch = DEFAULT_EPOCH.getTime();
    const selfSigned = await issueCertificate({ issuerKey: this.eve, issuerName: `CN=${CLOUD_DNS}`, subjectName: `CN=${CLOUD_DNS}`, subjectPublicKey: this.eve.publicKey, notBefore: new Date(epoch - 24 * HOUR), notAfter: new Date(epoch + 3650 * 24 * HOUR), usage: 'server', dnsName: CLOUD_DNS });
    await this.makeCertificates(p);
    const fromCa = await issueCertificate({ issuerKey: this.eve, issuerName: 'CN=attacker CA, O=eve', subjectName: `CN=${CLOUD_DNS}`, subjectPublicKey: this.eve.publicKey, notBefore: new Date(epoch - 24 * HOUR), notAfter: new Date(epoch + 3650 * 24 * HOUR), usage: 'server', dnsName: CLOUD_DNS });
    const chains: [string, Uint8Array[]][] = [
      ['a self-signed server certificate', [selfSigned]],
      ["a server certificate from the attacker's own CA", [fromCa, this.made.get('eve-ca')!]],
      ["the cloud service's real certificate", this.pki.cloud.chain],
      // A CA of the root store certifies the attacker's key for a domain of its own (the web PKI): the host name is what tells it from the cloud's.
      ["a server certificate the root issued it for its own domain", await webPkiServerChain(this.pki, this.eve.publicKey, ATTACKER_DNS, DEFAULT_EPOCH)],
    ];
    const out: Behaviour[] = [];
    for (const d of this.devices) if (!this.bad(d, p)) for (const [name, chain] of chains) out.push({ name: `period ${p}: posing as the cloud service to ${d}, with ${name}`, period: p, family: 'device', play: (s) => this.poseAsCloud(s, d, chain) });
    return out;
  }

  private async poseAsCloud(stage: Stage, device: string, chain: Uint8Array[]): Promise<Goal[] | undefined> {
    const started = stage.world.device(device).device.startConnection();
    if (!started) return undefined;
    const hello = decodeAs(started.clientHello, 'client-hello');
    if (!hello.ok) throw new Error(hello.reason);
    const share = generateSigningKey();
    const signature = signP256(serverTbs(hello.value.share, share.publicKey), this.eve);
    const answer = await started.run.receive(encodeMessage({ type: 'server-hello', session: new Uint8Array(16).fill(0xee), share: share.publicKey, chain, signature }));
    if (!answer.accepted) return undefined;
    // The cloud service never ran this handshake, and the session key comes from the attacker's share.
    return ['injective-agreement', 'secrecy'];
  }
}

/**
 * The protocol design as a symbolic transition system for the Dolev–Yao search. Four roles:
 *
 *   device attestation run (d)      security-service run
 *     hello(d)                 →      checks d is registered; fresh n
 *                              ←      challenge(n, sig[sk:as3](challenge-tbs(n, d)))
 *     Pluton signs the quote   →      quote(d, n, m, ck, sig[ik:d](quote-tbs(signed fields)))
 *                              ←      issued(cert[ca:tenant-a](d, ck, tenant-a, client, p, p+L))
 *
 *   device connection run (d)       cloud-service (hub) run
 *     client-hello(X = pk(x))  →      fresh y
 *                              ←      server-hello(Y = pk(y), hub certificate, sig[sk:hub](server-tbs(X, Y)))
 *     client-finish(cert, sig[ck:d](client-tbs(X, Y))) →   checks the chain; session key dh(x, y)
 *
 * What is signed, whether there is a nonce, how long certificates live, whether the cloud checks the
 * device's status with the service, and which issuers each side trusts all come from the design.
 *
 * The network is the attacker: every message an honest run sends goes into its knowledge, and every
 * message a run receives is one the attacker can build. Messages are typed by their label (the concrete
 * CBOR messages carry their type, and every signature body a domain-separation label), so no message is
 * taken for another. For each waiting run the attacker is offered every message of the expected type
 * whose fields come from its knowledge; fields the receiver compares with a value it knows are offered
 * that value (the exhaustive mode offers every value instead; a test checks both give the same states).
 * A message the receiver rejects changes nothing, so only accepted ones are transitions.
 */
import { serverNameChecked } from '../../model/attestation/server-name-check.js';
import { statusCheckEnforced } from '../../model/attestation/status-check.js';
import { hasField, lifetimePeriods, nonceCheckOf, QUOTE_FIELDS, worstAcceptanceHours, type ProtocolDesign, type QuoteField } from '../../model/attestation/protocol-design.js';
import { periodsOf, softwareAt, type Scenario, type Software } from '../../model/attestation/attack-scenario.js';
import { cnst, dh, fieldsOf, key, Knowledge, KnowledgeTable, msg, nonce, pk, sig, type Term } from './terms.js';
import { StateKeys } from './state-key.js';
import { liveAttested, liveCounts, newestOnly } from './dead-parts.js';
import { renameRuns } from './rename.js';
import { bumped, derived } from './shared-maps.js';

export type Role = 'device-attest' | 'service' | 'device-connect' | 'hub';

export interface Run {
  id: string;
  role: Role;
  /** The device of a device run or of a service session; '' for a hub run. */
  agent: string;
  period: number;
  /** 1: waiting for the second message of the run; runs that finish are dropped from the state. */
  pc: number;
  vars: Readonly<Record<string, Term>>;
}

/**
 * A state of the search. Its parts are shared between states and never changed once a state exists
 * (a transition builds a new part where it changes one): the knowledge set is interned, and the other
 * parts are copied on write.
 */
export interface State {
  period: number;
  runs: Run[];
  know: Knowledge;
  /** Certificates each honest device holds, oldest first. */
  stores: Map<string, Term[]>;
  /** Multiset of events, by key (running/commit records for the agreement checks). */
  counts: Map<string, number>;
  /** (device, client key, period) of every quote the security service accepted. */
  attested: Set<string>;
  /** Session keys that honest parties believe secret. */
  secrets: Term[];
  sessions: number;
  deliveries: number;
  /** Runs started per (role, agent, period): gives runs canonical names. */
  started: Map<string, number>;
  /** The state's key once made (state-key.ts), and by which table; `copy` clears both. */
  key?: string | undefined;
  exactKey?: string | undefined;
  keyedBy?: object | undefined;
}

/** The search's reductions, each argued in search.ts and compared with the plain search by test/attestation/search-reductions.test.ts. */
export const REDUCTIONS = ['fused-device-starts', 'postponed-responder-starts', 'dead-parts', 'run-symmetry'] as const;
export type Reduction = (typeof REDUCTIONS)[number];
export const ALL_REDUCTIONS: ReadonlySet<Reduction> = new Set(REDUCTIONS);

export type PropertyId = 'injective-agreement' | 'freshness' | 'secrecy' | 'untrusted-software' | 'tenant-isolation';
export const PROPERTY_IDS: readonly PropertyId[] = ['injective-agreement', 'freshness', 'secrecy', 'untrusted-software', 'tenant-isolation'];

export const PROPERTY_TEXT: Record<PropertyId, string> = {
  'injective-agreement': 'injective agreement: every quote, client and server the other side accepts matches exactly one run of that party with the same values',
  freshness: 'freshness: no quote from an earlier period is accepted, and every accepted device certificate is backed by an attestation in the current period or one within the acceptance window (hours, from the requirement profile)',
  secrecy: 'secrecy: the identity keys, client keys, service and CA keys, and every honest session key stay unknown to the attacker',
  'untrusted-software': 'a device running unmeasured or downgraded software never obtains a certificate and is never accepted by the cloud, save with a certificate from a good attestation within the acceptance window (hours, from the requirement profile)',
  'tenant-isolation': 'the cloud accepts only certificates issued by its own tenant CA',
};

export interface Violation {
  property: PropertyId;
  detail: string;
}

export type Action =
  | { kind: 'start'; run: string; role: Role; agent: string; sent: Term }
  | { kind: 'deliver'; run: string; role: Role; agent: string; message: Term; sent?: Term; note?: string }
  | { kind: 'tick'; period: number };

export interface Transition {
  /** Steps taken before `action` in the same transition (a start fused with the step that first depends on it). */
  before?: Action[];
  /** Set on a responder run's start (a service or hub run receiving its first message): the message. */
  responderStart?: { role: 'service' | 'hub'; message: Term };
  action: Action;
  state: State;
  violations: Violation[];
}

const MEASUREMENT: Record<Software, string> = { good: 'm-good', downgraded: 'm-downgraded', unmeasured: 'm-unmeasured' };
const NO_NONCE = cnst('no-nonce');
const QUOTE_TBS = cnst('quote-tbs');
const UNREPORTED = cnst('m-unreported');
const FOREVER = 'forever';
// Constants compared on every delivery, looked up once.
const CLIENT = cnst('client');
const SERVER = cnst('server');
const MICROSOFT = cnst('microsoft');
/**
 * The device-to-cloud connection is searched only when it authenticates both sides by certificate. The
 * search's own reading of model/attestation/protocol-design.ts describesDeviceToCloud, which the property
 * reads to leave device-certificate uses undecided when this is false.
 */
export function cloudModelledIn(design: ProtocolDesign): boolean {
  return design.connections.some((c) => c.protocol === 'device-authentication' && c.client.credential === 'certificate' && c.server.credential === 'certificate');
}

export const AGENTS = { service: 'as3', hub: 'hub', attackerDevice: 'eve' } as const;
const TENANT = 'tenant-a';
const TENANT_TERM = cnst(TENANT);
const OTHER_TENANT = 'tenant-b';
const HUB = cnst(AGENTS.hub);
/** A host name of the attacker's own, for which a CA of the root store issued it a server certificate (the web PKI). */
const EVE_HOST = cnst('eve-host');

const periodConst = (p: number): Term => cnst(Number.isFinite(p) ? `p${p}` : FOREVER);
const periodOf = (t: Term): number | undefined => (t.kind !== 'const' ? undefined : t.name === FOREVER ? Infinity : /^p\d+$/.test(t.name) ? Number(t.name.slice(1)) : undefined);

interface CertView {
  issuer: Term;
  subject: Term;
  subjectKey: Term;
  tenant: Term;
  usage: Term;
  from: number;
  until: number;
}

/** certView by term id (terms are interned and never change, so a term's view is made once; null: not a certificate). */
const certViews: (CertView | null | undefined)[] = [];

function certView(c: Term): CertView | undefined {
  let v = certViews[c.id];
  if (v === undefined) certViews[c.id] = v = readCertView(c) ?? null;
  return v ?? undefined;
}

function readCertView(c: Term): CertView | undefined {
  if (c.kind !== 'sig') return undefined;
  const f = fieldsOf(c.args[1]!, 'cert', 6);
  if (!f) return undefined;
  const from = periodOf(f[4]!);
  const until = periodOf(f[5]!);
  if (from === undefined || until === undefined || f[1]!.kind !== 'pk') return undefined;
  return { issuer: c.args[0]!, subject: f[0]!, subjectKey: f[1]!, tenant: f[2]!, usage: f[3]!, from, until };
}

export const certBody = (subject: Term, subjectKey: Term, tenant: Term, usage: Term, from: number, until: number): Term =>
  msg('cert', subject, subjectKey, tenant, usage, periodConst(from), periodConst(until));

interface Outcome {
  run?: Run;
  sends: Term[];
  events: Violation[];
  count?: string[];
  store?: { device: string; cert: Term };
  attested?: string;
  secrets?: Term[];
}

export class ProtocolModel {
  readonly periods: number;
  readonly devices: string[];
  readonly lifetime: number;
  readonly cloudModelled: boolean;
  readonly k = {
    as3: key('sk:as3'),
    hub: key('sk:hub'),
    tenantCa: key('ca:tenant-a'),
    otherTenantCa: key('ca:tenant-b'),
    root: key('root'),
    /**
     * The attacker's own key: the client key of its device in the other tenant, and the key it signs
     * forged certificates and DH shares with. One key is enough: no receiver compares two keys for
     * difference, so any attack with several attacker keys works with this one in each place.
     */
    eve: key('k:eve'),
  };
  readonly eveNonce = nonce('n:eve');
  /** The honest first attestation of each device (when the scenario has one): its four messages, in order. */
  readonly prefix: { device: string; messages: Term[] }[] = [];
  readonly hubCert: Term;
  /**
   * The attacker's server certificate for a host of its own, issued by the root (a CA of the device's root store
   * issues one to anyone who shows control of a domain): harmless to a device that checks the host name, the
   * cloud's to a device that does not (model/attestation/server-name-check.ts).
   */
  readonly eveServerCert: Term;
  /** Whether the device compares a server certificate's name with the host it connects to (serverNameChecked). */
  private readonly namesChecked: boolean;
  /** Whether the cloud holds a device to its attestation of the current period (model/attestation/status-check.ts). */
  private readonly statusChecked: boolean;
  private readonly compromised: Set<string>;
  private readonly measurementTerms = Object.values(MEASUREMENT).map(cnst);
  /** The measurements the service accepts: the current release's, and an older signed release's too when the design's allow-list keeps every release (attestation.knownGood). */
  private knownGoodTerms: Term[] | undefined;
  private get knownGood(): Term[] {
    return (this.knownGoodTerms ??= this.design.attestation.knownGood === 'every-signed-release' ? [cnst(MEASUREMENT.good), cnst(MEASUREMENT.downgraded)] : [cnst(MEASUREMENT.good)]);
  }
  private readonly tenants = [TENANT_TERM, cnst(OTHER_TENANT), cnst('tenant-evil'), MICROSOFT];
  private readonly usages = [CLIENT, SERVER];
  /** This search's interned knowledge sets and state keys. */
  readonly knowledge = new KnowledgeTable();
  private readonly keys: StateKeys;
  /** The run-name counters at a period's start, one map per search (never changed: shared-maps.ts makes a new map for a change, and remembers it on this one). */
  private readonly noneStarted = new Map<string, number>();

  constructor(
    readonly design: ProtocolDesign,
    readonly scenario: Scenario,
    /** Offer every value of a field's type, not only the value the receiver compares it with (for tests). */
    readonly exhaustive = false,
    /** The reductions switched on (the arguments are in search.ts); none: the plain transition system (tests compare both). */
    readonly reductions: ReadonlySet<Reduction> = ALL_REDUCTIONS,
    /**
     * Check every commutation the responder-start postponement claims without checking (a step after
     * the start that the state before it offered too), by the diamond (tests): a claim that fails throws.
     */
    readonly checkCommutation = false,
  ) {
    this.periods = periodsOf(scenario);
    this.devices = scenario.devices.map((d) => d.id);
    this.lifetime = lifetimePeriods(design);
    this.compromised = new Set(scenario.compromisedKeys);
    this.cloudModelled = cloudModelledIn(design);
    this.keys = new StateKeys(reductions.has('run-symmetry'));
    this.hubCert = sig(this.k.root, certBody(HUB, pk(this.k.hub), MICROSOFT, SERVER, 0, Infinity));
    this.eveServerCert = sig(this.k.root, certBody(EVE_HOST, pk(this.k.eve), cnst(AGENTS.attackerDevice), SERVER, 0, Infinity));
    this.namesChecked = serverNameChecked(design);
    this.statusChecked = statusCheckEnforced(design);
  }

  private readonly identityKeys = new Map<string, Term>();
  private readonly clientKeys = new Map<string, Term>();
  ik = (d: string): Term => this.identityKeys.get(d) ?? this.identityKeys.set(d, key(`ik:${d}`)).get(d)!;
  ck = (d: string): Term => this.clientKeys.get(d) ?? this.clientKeys.set(d, key(`ck:${d}`)).get(d)!;
  /** Software by device and period, read from the scenario once (asked on every signature the attacker tries). */
  private readonly softwareBy = new Map<string, (Software | undefined)[]>();
  software = (d: string, p: number): Software | undefined => {
    let byPeriod = this.softwareBy.get(d);
    if (!byPeriod) this.softwareBy.set(d, (byPeriod = []));
    if (!(p in byPeriod)) byPeriod[p] = softwareAt(this.scenario, d, p);
    return byPeriod[p];
  };
  measurement = (d: string, p: number): Term => cnst(MEASUREMENT[this.software(d, p) ?? 'unmeasured']);
  isCompromised = (k: Term): boolean => this.compromised.has(k.name);
  /**
   * A certificate issued in an earlier period and accepted in `p` within the scenario's acceptance window,
   * counted in hours (worstAcceptanceHours), never in periods: the window is the requirement profile's.
   */
  withinWindow = (issued: number, p: number): boolean => {
    const window = this.scenario.acceptanceWindowHours;
    return window !== undefined && issued < p && worstAcceptanceHours(this.design, issued, p) <= window;
  };
  private windowText(issued: number, p: number): string {
    const window = this.scenario.acceptanceWindowHours;
    return window === undefined || issued >= p ? '' : ` (up to ${worstAcceptanceHours(this.design, issued, p)} h after its issuance; the requirement profile allows ${window} h)`;
  }

  private secretKeys: Term[] | undefined;
  /** Long-term secrets whose secrecy is checked in every state. */
  longTermSecrets(): Term[] {
    if (this.secretKeys) return this.secretKeys;
    const keys = [...this.devices.flatMap((d) => [this.ik(d), this.ck(d)]), this.k.tenantCa, this.k.otherTenantCa, this.k.as3, this.k.hub, this.k.root];
    return (this.secretKeys = keys.filter((k) => !this.isCompromised(k)));
  }

  initial(): State {
    const know = new Knowledge();
    know.add(this.k.eve);
    know.add(this.eveNonce);
    for (const name of this.scenario.compromisedKeys) know.add(key(name));
    for (const d of this.devices) {
      know.add(pk(this.ik(d)));
      know.add(pk(this.ck(d)));
    }
    for (const k of [this.k.as3, this.k.hub, this.k.tenantCa, this.k.otherTenantCa, this.k.root]) know.add(pk(k));
    know.add(this.hubCert);
    know.add(this.eveServerCert);
    const state: State = { period: 0, runs: [], know: this.knowledge.intern(know), stores: new Map(), counts: new Map(), attested: new Set(), secrets: [], sessions: 0, deliveries: 0, started: new Map(), key: undefined, exactKey: undefined, keyedBy: undefined };
    this.periodStart(state);
    if (this.scenario.honestPrefix) {
      for (const d of this.devices) if (this.software(d, 0) === 'good') this.honestAttestation(state, d);
    }
    return state;
  }

  /** The attacker's own device, in the other tenant, attests every period: it holds that period's certificate. */
  private periodStart(state: State): void {
    const p = state.period;
    state.know = this.knowledge.learn(state.know, sig(this.k.otherTenantCa, certBody(cnst(AGENTS.attackerDevice), pk(this.k.eve), cnst(OTHER_TENANT), CLIENT, p, p + this.lifetime)));
  }

  /** One complete honest attestation of `d` in period 0, before the search (the attacker observed it). */
  private honestAttestation(state: State, d: string): void {
    const n = nonce(`n.prefix.${d}`);
    const sends: Term[] = [msg('hello', cnst(d)), this.challenge(n, d, this.k.as3)];
    const quote = this.honestQuote(d, 0, n);
    sends.push(quote.message);
    const cert = this.issue(d, pk(this.ck(d)), 0);
    sends.push(msg('issued', cert));
    for (const s of sends) state.know = this.knowledge.learn(state.know, s);
    if (!this.prefix.some((x) => x.device === d)) this.prefix.push({ device: d, messages: sends });
    const view = this.serviceView(quote.values);
    const data = this.quoteKey(d, view.nonce, view.measurements, view.clientKey);
    bump(state.counts, `Rq|${data}|0`);
    bump(state.counts, `Cq|${data}|0`);
    state.attested.add(`${d}|${pk(this.ck(d)).id}|0`);
    state.stores.set(d, [...(state.stores.get(d) ?? []), cert]);
  }

  // ---------------------------------------------------------------- messages

  private nonceOf = (n: Term | undefined): Term => (this.design.attestation.nonce === 'service-nonce' && n ? n : NO_NONCE);

  private readonly challenges = new Map<string, Term>();

  /** The challenge message (terms are interned, so one per nonce, device and signer: kept). */
  challenge(n: Term | undefined, d: string, signer: Term): Term {
    const memo = `${n?.id ?? ''}|${d}|${signer.id}`;
    let m = this.challenges.get(memo);
    if (!m) this.challenges.set(memo, (m = this.makeChallenge(n, d, signer)));
    return m;
  }

  private makeChallenge(n: Term | undefined, d: string, signer: Term): Term {
    const withNonce = this.design.attestation.nonce === 'service-nonce';
    const body = withNonce ? msg('challenge-tbs', n!, cnst(d)) : msg('challenge-tbs', cnst(d));
    return withNonce ? msg('challenge', n!, sig(signer, body)) : msg('challenge', sig(signer, body));
  }

  /** The fields of a quote in canonical order, for the fields given. */
  quoteValues(fields: readonly QuoteField[], v: Record<QuoteField, Term>): Term[] {
    return QUOTE_FIELDS.filter((f) => fields.includes(f)).map((f) => v[f]);
  }

  /** The signed and the carried fields in canonical order (the design's lists, ordered once). */
  private signedInOrder: readonly QuoteField[] | undefined;
  private carriedInOrder: readonly QuoteField[] | undefined;

  quoteTbs(v: Record<QuoteField, Term>): Term {
    const fields = (this.signedInOrder ??= QUOTE_FIELDS.filter((f) => this.design.attestation.signedFields.includes(f)));
    return msg('quote-tbs', ...fields.map((f) => v[f]));
  }

  quoteMessage(v: Record<QuoteField, Term>, signature: Term): Term {
    const fields = (this.carriedInOrder ??= QUOTE_FIELDS.filter((f) => this.design.attestation.quoteFields.includes(f)));
    return msg('quote', ...fields.map((f) => v[f]), signature);
  }

  /** What Pluton signs for `d` in period `p`: it fills in its own device ID, measurement register and client key. */
  private readonly honestQuotes = new Map<string, { message: Term; values: Record<QuoteField, Term> }>();

  private honestQuote(d: string, p: number, n: Term | undefined): { message: Term; values: Record<QuoteField, Term> } {
    const memo = `${d}|${p}|${n?.id ?? ''}`;
    let quote = this.honestQuotes.get(memo);
    if (!quote) this.honestQuotes.set(memo, (quote = this.makeHonestQuote(d, p, n)));
    return quote;
  }

  private makeHonestQuote(d: string, p: number, n: Term | undefined): { message: Term; values: Record<QuoteField, Term> } {
    const values: Record<QuoteField, Term> = { deviceId: cnst(d), nonce: this.nonceOf(n), measurements: this.measurement(d, p), clientKey: pk(this.ck(d)) };
    return { message: this.quoteMessage(values, sig(this.ik(d), this.quoteTbs(values))), values };
  }

  issue(d: string, clientKey: Term, p: number): Term {
    return sig(this.k.tenantCa, certBody(cnst(d), clientKey, TENANT_TERM, CLIENT, p, p + this.lifetime));
  }

  /** The quote's values as the service sees them: a field the quote does not carry is unreported on both sides. */
  serviceView(v: Record<QuoteField, Term>): Record<QuoteField, Term> {
    const carried = this.design.attestation.quoteFields;
    return { deviceId: v.deviceId, nonce: carried.includes('nonce') ? v.nonce : NO_NONCE, measurements: carried.includes('measurements') ? v.measurements : UNREPORTED, clientKey: v.clientKey };
  }

  quoteKey(d: string, n: Term, m: Term, ck: Term): string {
    return `${d}|${n.id}|${m.id}|${ck.id}`;
  }

  // ---------------------------------------------------------------- the attacker's means

  /** Pluton of a device the attacker runs: it signs quote bodies with its own ID, register and client key, any nonce. */
  private plutonOracle(k: Term, body: Term, state: State): boolean {
    for (const d of this.devices) {
      if (this.software(d, state.period) === 'good') continue;
      if (k === this.ck(d)) return state.know.derivable(body);
      if (k !== this.ik(d)) continue;
      const signed = (this.signedInOrder ??= QUOTE_FIELDS.filter((f) => this.design.attestation.signedFields.includes(f)));
      // ⟨quote-tbs, fields in canonical order⟩, read in place (no field list copied).
      if (body.kind !== 'tuple' || body.args.length !== signed.length + 1 || body.args[0] !== QUOTE_TBS) return false;
      for (let i = 0; i < signed.length; i++) {
        const field = signed[i]!;
        const got = body.args[i + 1]!;
        if (field === 'nonce' ? !(got.kind === 'nonce' && state.know.derivable(got)) : got !== this.ownQuoteField(d, field, state.period)) return false;
      }
      return true;
    }
    return false;
  }

  /** What Pluton of `d` puts in a quote field other than the nonce in period `p`: its own ID, register and client key. */
  private ownQuoteField(d: string, field: QuoteField, p: number): Term {
    switch (field) {
      case 'deviceId':
        return cnst(d);
      case 'measurements':
        return this.measurement(d, p);
      case 'clientKey':
        return pk(this.ck(d));
      case 'nonce':
        return NO_NONCE;
    }
  }

  /** Can the attacker produce sig[k](body)? It saw it, knows k, or drives a Pluton that signs it. */
  canSign(k: Term, body: Term, state: State): boolean {
    const s = sig(k, body);
    if (state.know.has(s)) return true;
    if (state.know.has(k)) return state.know.derivable(body);
    return this.plutonOracle(k, body, state);
  }

  /** Keys the attacker can sign arbitrary messages with: known ones, and client keys of devices it runs. */
  private signingKeys(state: State): Term[] {
    const keys = [...state.know.ofKind('key')];
    for (const d of this.devices) if (this.software(d, state.period) !== 'good' && !keys.includes(this.ck(d))) keys.push(this.ck(d));
    return keys;
  }

  /** Keys that can sign `body` for the attacker: keys it can sign anything with, and signers of a signature over `body` it saw. */
  private signersOf(body: Term, state: State): Term[] {
    const keys = new Set(this.signingKeys(state));
    for (const s of state.know.ofKind('sig')) if (s.args[1] === body) keys.add(s.args[0]!);
    return [...keys].filter((k) => this.canSign(k, body, state));
  }

  /**
   * Certificates the attacker has, or can make, for a receiver that checks `subject` and `usage`, for
   * one of `subjectKeys`. Forged ones are valid now; a receiver that keeps the certificate (`kept`) is
   * offered every validity, tenant and subject key, since what it keeps matters later.
   */
  private certCandidates(state: State, subjects: Term[], usage: Term, tenants: Term[], issuerOk: (k: Term) => boolean, subjectKeys: readonly Term[], kept = false): Term[] {
    const p = state.period;
    const out = new Set<Term>();
    for (const c of state.know.ofKind('sig')) {
      const v = certView(c);
      if (v && subjectKeys.includes(v.subjectKey)) out.add(c);
    }
    const all = this.exhaustive || kept;
    const froms = all ? range(0, p + 1) : [p];
    const untils = all ? [...range(p + 1, this.periods + 1), Infinity] : [p + 1];
    if (kept && !this.exhaustive) tenants = this.tenants;
    for (const issuer of this.signingKeys(state)) {
      if (!this.exhaustive && !issuerOk(issuer)) continue;
      for (const subject of subjects)
        for (const subjectKey of subjectKeys)
          for (const tenant of tenants)
            for (const from of froms)
              for (const until of untils) {
                const body = certBody(subject, subjectKey, tenant, usage, from, until);
                if (this.canSign(issuer, body, state)) out.add(sig(issuer, body));
              }
    }
    return [...out];
  }

  // ---------------------------------------------------------------- transitions

  successors(state: State, bound: { sessions: number }): Transition[] {
    const out = this.plainSuccessors(state, bound);
    return this.reductions.has('postponed-responder-starts') ? this.postponeResponderStarts(state, bound, out) : out;
  }

  /**
   * Responder starts postponed to the step that first depends on them (the argument is in search.ts):
   * a responder start S is not a transition of its own but fused with each successor u of S's state
   * that does not commute with it. u commutes with S when u is not itself a responder start, the same
   * step (same run, same message, same events) is a successor t of `state`, and the diamond closes exactly: S, enabled after t,
   * leads from t's state to the very state u leads to (same key). Then S·u is explored as t·S, with S
   * postponed again from there. A start with events of its own is kept as it is.
   */
  private postponeResponderStarts(state: State, bound: { sessions: number }, out: Transition[]): Transition[] {
    if (!out.some((t) => t.responderStart && t.violations.length === 0)) return out;
    // Steps by their actions, to find u's twin t. Only the checked mode needs them: every twin a step
    // after a start has is one of the commuting steps left out below (the same actions name the same
    // run and message), so without the check the look-up would never find one.
    const byStep = new Map<string, Transition>();
    if (this.checkCommutation) for (const t of out) byStep.set(stepKey(t), t);
    // The deliveries of `state` by (run, message): a step after S with one of these commutes with S (below).
    const twins = new Set<string>();
    for (const t of out) {
      const k = deliveryKey(t);
      if (k !== undefined) twins.add(k);
    }
    // The messages of the postponed responder starts `state` offers (no event of their own).
    const startsBefore = new Set(out.filter((t) => t.responderStart && t.violations.length === 0).map((t) => t.responderStart!.message));
    const result: Transition[] = [];
    for (const S of out) {
      if (!S.responderStart || S.violations.length > 0) {
        result.push(S);
        continue;
      }
      const { role, message } = S.responderStart;
      // Without the check, the starts the one-order rule below leaves out are not computed either.
      const laterOrder = this.checkCommutation ? undefined : (m: Term) => m.id < message.id && startsBefore.has(m);
      for (const u of this.plainSuccessors(S.state, bound, this.checkCommutation ? undefined : twins, laterOrder)) {
        if (this.checkCommutation) {
          const k = deliveryKey(u);
          if (k !== undefined && twins.has(k)) {
            const twin = byStep.get(stepKey(u));
            if (!twin || !sameEvents(twin, u) || !this.closesDiamond(twin, role, message, u, true)) throw new Error(`a step said to commute with a responder start does not: ${stepKey(S)} then ${stepKey(u)}`);
            continue;
          }
        }
        // Another responder start never counts as commuting: a step may need what two starts sent, and
        // two starts that each waited for the other would never be taken (see search.ts).
        // Two postponed starts that were both offered before either (so neither uses what the
        // other sent): S·S' is explored in one order only, the smaller message first. The other order
        // reaches the same state, or, for two runs of one slot, that state with the two runs' names (and
        // their fresh values' names) swapped (search.ts, reduction 3); checkCommutation checks it.
        if (u.responderStart && u.responderStart.message.id < message.id && startsBefore.has(u.responderStart.message)) {
          if (this.checkCommutation) this.checkSwappedStarts(out, S, u);
          continue;
        }
        const twin = !this.checkCommutation || u.responderStart || u.action.kind === 'tick' || ('run' in u.action && u.action.run === (S.action as { run: string }).run) ? undefined : byStep.get(stepKey(u));
        if (twin && sameEvents(twin, u) && this.closesDiamond(twin, role, message, u)) continue;
        result.push({ ...u, before: [...(S.before ?? []), S.action, ...(u.before ?? [])], violations: [...S.violations, ...u.violations] });
      }
    }
    return result;
  }

  /**
   * The order S·u left out (u a start offered before S, with the smaller message) reaches the state of
   * the order kept, u·S, up to swapping the names of the two runs when they share a slot: checked by
   * renaming (rename.ts) and comparing exact keys. Throws when it does not.
   */
  private checkSwappedStarts(out: readonly Transition[], S: Transition, u: Transition): void {
    const first = out.find((t) => t.responderStart?.message === u.responderStart!.message && t.responderStart.role === u.responderStart!.role && t.violations.length === 0);
    if (!first) throw new Error(`a responder start taken as offered before ${stepKey(S)} was not: ${stepKey(u)}`);
    const kept = this.deliverNew(first.state, S.responderStart!.role, S.responderStart!.message);
    const runOfS = (S.action as { run: string }).run;
    const runOfU = (u.action as { run: string }).run;
    const swap = runOfS === (kept?.action as { run: string } | undefined)?.run ? undefined : new Map([[runOfS, runOfU], [runOfU, runOfS]]);
    const renamed = swap ? renameRuns(u.state, swap, this.knowledge) : u.state;
    const sameEvents = (a: Violation[], b: Violation[]) => a.map((v) => v.property).sort().join() === b.map((v) => v.property).sort().join();
    if (!kept || !sameEvents(kept.violations, u.violations) || this.keys.exactKey(renamed) !== this.keys.exactKey(kept.state)) {
      throw new Error(`the two orders of two responder starts do not reach the same state up to run names: ${stepKey(first)} and ${stepKey(S)}`);
    }
  }

  /**
   * After t, is the responder start (role, message) offered, without events, and does it reach u's
   * state? With `repeats`, events the start reports that t reported too are allowed: a secrecy
   * violation is reported by every step from a state that has it, and t already reported it.
   */
  private closesDiamond(t: Transition, role: 'service' | 'hub', message: Term, u: Transition, repeats = false): boolean {
    const offered = role === 'service' ? this.proposeHello(t.state) : this.proposeClientHello(t.state);
    if (!offered.includes(message)) return false;
    const S = this.deliverNew(t.state, role, message);
    if (S === undefined) return false;
    const newEvents = repeats ? S.violations.filter((v) => !t.violations.some((w) => w.property === v.property && w.detail === v.detail)) : S.violations;
    return newEvents.length === 0 && this.keys.exactKey(S.state) === this.keys.exactKey(u.state);
  }

  /**
   * Every step from `state`. With `commuting`, the deliveries (to a run of `state`, or a device start's
   * first one) whose (run, message) is in it are left out before they are computed: `state` is a
   * responder start's, and these steps commute with that start (postponeResponderStarts). With
   * `skipStart`, the responder starts whose message it names are left out before they are computed
   * (the one-order rule for two independent starts, same place).
   */
  private plainSuccessors(state: State, bound: { sessions: number }, commuting?: ReadonlySet<string>, skipStart?: (message: Term) => boolean): Transition[] {
    const out: Transition[] = [];
    const p = state.period;
    const canStart = state.sessions < bound.sessions;
    if (canStart) {
      for (const d of this.devices) {
        if (this.software(d, p) !== 'good') continue;
        if (this.reductions.has('fused-device-starts')) out.push(...this.startAndChallenge(state, d, commuting));
        else if (!commuting?.has(`start|${this.runName(state, 'device-attest', d)}`)) out.push(this.startRun(state, 'device-attest', d));
        if (this.cloudModelled && (state.stores.get(d)?.length ?? 0) > 0 && !commuting?.has(`start|${this.runName(state, 'device-connect', d)}`)) out.push(this.startRun(state, 'device-connect', d));
      }
      // A responder run starts when it receives its first message, from anyone.
      for (const m of this.proposeHello(state)) {
        if (skipStart?.(m)) continue;
        const t = this.deliverNew(state, 'service', m);
        if (t) out.push({ ...t, responderStart: { role: 'service', message: m } });
      }
      if (this.cloudModelled) {
        for (const m of this.proposeClientHello(state)) {
          if (skipStart?.(m)) continue;
          const t = this.deliverNew(state, 'hub', m);
          if (t) out.push({ ...t, responderStart: { role: 'hub', message: m } });
        }
      }
    }
    for (const run of state.runs) {
      for (const m of this.propose(state, run)) {
        if (commuting?.has(`${run.id}|${m.id}`)) continue;
        const outcome = this.accept(state, run, m);
        if (outcome) out.push(this.apply(state, { kind: 'deliver', run: run.id, role: run.role, agent: run.agent, message: m, ...(outcome.sends[0] ? { sent: outcome.sends[0] } : {}) }, run, outcome));
      }
    }
    if (p + 1 < this.periods) out.push(this.tick(state));
    return out;
  }

  private runId(state: State, role: Role, agent: string): { id: string; started: Map<string, number> } {
    const slot = `${role}.${agent || '-'}.p${state.period}`;
    const k = state.started.get(slot) ?? 0;
    const started = bumped(state.started, [slot]);
    return { id: runName(role, agent, state.period, k), started };
  }

  /** The name the next run of (role, agent) in `state` takes. */
  private runName(state: State, role: Role, agent: string): string {
    return runName(role, agent, state.period, state.started.get(`${role}.${agent || '-'}.p${state.period}`) ?? 0);
  }

  /**
   * A device attestation run's start and its first delivery (a challenge) as one transition. The start
   * only sends hello(d), which the attacker can build anyway, and takes a session; the argument that
   * this loses no reachable violation is in search.ts. The state in between is not stored.
   */
  private startAndChallenge(state: State, d: string, commuting?: ReadonlySet<string>): Transition[] {
    const started = this.startRun(state, 'device-attest', d);
    const run = started.state.runs.find((r) => r.id === (started.action as { run: string }).run)!;
    const out: Transition[] = [];
    for (const m of this.proposeChallenge(started.state, run)) {
      if (commuting?.has(`${run.id}|${m.id}`)) continue;
      const outcome = this.accept(started.state, run, m);
      if (!outcome) continue;
      const t = this.apply(started.state, { kind: 'deliver', run: run.id, role: run.role, agent: run.agent, message: m, ...(outcome.sends[0] ? { sent: outcome.sends[0] } : {}) }, run, outcome);
      out.push({ ...t, before: [started.action], violations: [...started.violations, ...t.violations] });
    }
    return out;
  }

  private startRun(state: State, role: 'device-attest' | 'device-connect', d: string): Transition {
    const { id, started } = this.runId(state, role, d);
    let run: Run;
    let sent: Term;
    if (role === 'device-attest') {
      run = { id, role, agent: d, period: state.period, pc: 1, vars: {} };
      sent = msg('hello', cnst(d));
    } else {
      const x = key(`x.${id}`);
      const store = state.stores.get(d)!;
      run = { id, role, agent: d, period: state.period, pc: 1, vars: { x, cert: store[store.length - 1]! } };
      sent = msg('client-hello', pk(x));
    }
    const next = this.copy(state);
    next.started = started;
    next.sessions++;
    next.runs = withRun(state.runs, run);
    next.know = this.knowledge.learn(next.know, sent);
    return { action: { kind: 'start', run: id, role, agent: d, sent }, state: next, violations: this.checkSecrecy(next) };
  }

  private deliverNew(state: State, role: 'service' | 'hub', m: Term): Transition | undefined {
    const agent = role === 'service' ? (fieldsOf(m, 'hello', 1)?.[0]?.name ?? '') : '';
    const { id, started } = this.runId(state, role, agent);
    const fresh: Run = { id, role, agent, period: state.period, pc: 0, vars: {} };
    const outcome = this.accept(state, fresh, m);
    if (!outcome) return undefined;
    const t = this.apply(state, { kind: 'deliver', run: id, role, agent, message: m, ...(outcome.sends[0] ? { sent: outcome.sends[0] } : {}) }, undefined, outcome);
    t.state.started = started;
    t.state.sessions++;
    return t;
  }

  private tick(state: State): Transition {
    const next = this.copy(state);
    next.period++;
    next.runs = []; // a run does not outlive its period: devices reboot, challenges expire
    if (this.reductions.has('dead-parts')) {
      next.counts = this.liveCounts(next.counts, next.runs, next.period);
      next.attested = liveAttested(next.attested, next.period);
      next.started = this.noneStarted;
    }
    this.periodStart(next);
    return { action: { kind: 'tick', period: next.period }, state: next, violations: this.checkSecrecy(next) };
  }

  /** A shallow copy: its parts are shared with `state`, and whoever changes one replaces it first. */
  private copy(s: State): State {
    // Every field written out: one object shape for every state (a spread with overrides was a hot spot).
    return { period: s.period, runs: s.runs, know: s.know, stores: s.stores, counts: s.counts, attested: s.attested, secrets: s.secrets, sessions: s.sessions, deliveries: s.deliveries, started: s.started, key: undefined, exactKey: undefined, keyedBy: undefined };
  }

  private apply(state: State, action: Action, before: Run | undefined, o: Outcome): Transition {
    const next = this.copy(state);
    next.deliveries++;
    let runs = before ? state.runs.filter((r) => r !== before) : [...state.runs];
    if (o.run) runs = withRun(runs, o.run);
    next.runs = runs;
    for (const s of o.sends) next.know = this.knowledge.learn(next.know, s);
    if (o.count?.length) next.counts = bumped(state.counts, o.count);
    if (o.store) {
      const certs = [...(state.stores.get(o.store.device) ?? []), o.store.cert];
      next.stores = new Map(state.stores).set(o.store.device, this.reductions.has('dead-parts') ? newestOnly(certs) : certs);
    }
    if (o.attested && !state.attested.has(o.attested)) next.attested = new Set(state.attested).add(o.attested);
    if (o.secrets) next.secrets = [...new Set([...next.secrets, ...o.secrets])].sort((a, b) => a.id - b.id);
    // A count just made, or a run just ended, may leave counts no receiver reads again.
    if (this.reductions.has('dead-parts') && (o.count?.length || (before && !o.run))) next.counts = this.liveCounts(next.counts, next.runs, next.period);
    const secrecy = this.checkSecrecy(next);
    return { action, state: next, violations: o.events.length === 0 ? secrecy : secrecy.length === 0 ? o.events : [...o.events, ...secrecy] };
  }

  /**
   * dead-parts.ts liveCounts, remembered per counts map (shared-maps.ts): it reads the map, the period
   * and of the runs only the fresh shares of device-connection and cloud-service runs, which the text names.
   */
  private liveCounts(counts: Map<string, number>, runs: readonly Run[], period: number): Map<string, number> {
    let shares = `${period}`;
    for (const r of runs) {
      if (r.role === 'device-connect') shares += `|x${r.vars['x']!.id}`;
      else if (r.role === 'hub' && r.vars['y']) shares += `|y${r.vars['y'].id}`;
    }
    return derived(counts, shares, () => liveCounts(counts, runs, period));
  }

  /** Long-term secrets a knowledge set holds, by set (sets are interned, so this is asked once per set). */
  private readonly leakedBy = new WeakMap<Knowledge, Violation[]>();

  checkSecrecy(state: State): Violation[] {
    let leaked = this.leakedBy.get(state.know);
    if (!leaked) {
      leaked = this.longTermSecrets().filter((k) => state.know.has(k)).map((k): Violation => ({ property: 'secrecy', detail: `the attacker learned ${k.name}` }));
      this.leakedBy.set(state.know, leaked);
    }
    // The set's own list when no session key is derivable (the usual case): transitions never change their violations.
    let out: Violation[] | undefined;
    for (const s of state.secrets) if (state.know.derivable(s)) (out ??= [...leaked]).push({ property: 'secrecy', detail: `the attacker can compute the session key ${s}` });
    return out ?? leaked;
  }

  // ---------------------------------------------------------------- what each receiver is offered

  /**
   * What each receiver is offered depends only on the attacker's knowledge, the period (which devices
   * it runs) and the receiver's own role, step, agent and values: no proposer reads the event counts,
   * stores, attested quotes or other runs. Knowledge sets are interned and shared by states, so the
   * offers are made once per (knowledge set, period, receiver) and kept with the set (about half the
   * calls at 4 sessions are repeats).
   */
  private propose(state: State, run: Run): readonly Term[] {
    // An interned set belongs to this model's table: its offers are this model's.
    const byReceiver = state.know.id >= 0 ? (state.know.offers ??= new Map()) : new Map<string, readonly Term[]>();
    const receiver = receiverText(run, state.period);
    let offered = byReceiver.get(receiver);
    if (!offered) byReceiver.set(receiver, (offered = this.offer(state, run)));
    return offered;
  }

  private offer(state: State, run: Run): Term[] {
    switch (run.role) {
      case 'device-attest':
        return run.pc === 1 ? this.proposeChallenge(state, run) : this.proposeIssued(state, run);
      case 'service':
        return this.proposeQuote(state, run);
      case 'device-connect':
        return this.proposeServerHello(state, run);
      case 'hub':
        return this.proposeClientFinish(state, run);
    }
  }

  private proposeHello(state: State): Term[] {
    const agents = this.exhaustive ? this.agentTerms() : this.devices.map((d) => cnst(d));
    return agents.map((a) => msg('hello', a)).filter((m) => state.know.derivable(m));
  }

  /**
   * The Diffie–Hellman shares the attacker offers: shares of honest runs, and shares of keys it can use.
   * A share of an honest long-term key (an identity key, a CA key) is left out: no one can use its
   * secret, so it behaves like the attacker's own share except that the attacker cannot compute the
   * session key either; it can only give fewer attacks. The exhaustive mode offers every share.
   */
  private dhShares(state: State): Term[] {
    const known = state.know.ofKind('pk');
    if (this.exhaustive) return [...known];
    const usable = new Set(this.signingKeys(state));
    const own = known.filter((t) => usable.has(t.args[0]!));
    const ephemeral = known.filter((t) => !usable.has(t.args[0]!) && /^[xy]\./.test(t.args[0]!.name));
    return [...own, ...ephemeral];
  }

  private proposeClientHello(state: State): Term[] {
    return this.dhShares(state).map((X) => msg('client-hello', X));
  }

  private proposeChallenge(state: State, run: Run): Term[] {
    const withNonce = this.design.attestation.nonce === 'service-nonce';
    const nonces: readonly (Term | undefined)[] = withNonce ? state.know.ofKind('nonce') : [undefined];
    const signers = this.design.device.serverTrustAnchors === 'root-store' && !this.exhaustive ? this.challengeSigners() : [...new Set([this.k.as3, ...this.signingKeys(state), ...state.know.ofKind('sig').map((s) => s.args[0]!)])];
    const out: Term[] = [];
    for (const n of nonces)
      for (const k of signers) {
        const m = this.challenge(n, run.agent, k);
        const s = m.args[m.args.length - 1]!;
        if (this.canSign(k, s.args[1]!, state)) out.push(m);
      }
    return out;
  }

  private proposeIssued(state: State, run: Run): Term[] {
    const subjects = this.exhaustive ? this.agentTerms() : [cnst(run.agent)];
    const keys = this.exhaustive ? state.know.ofKind('pk') : [pk(this.ck(run.agent))];
    return this.certCandidates(state, subjects, CLIENT, this.tenants, (k) => this.deviceTrustsIssuer(k), keys, true)
      .filter((c) => this.deviceTakesIssued(c, run, state.period))
      .map((c) => msg('issued', c));
  }

  private proposeQuote(state: State, run: Run): Term[] {
    const a = this.design.attestation;
    const ex = this.exhaustive;
    const devices = ex ? this.agentTerms() : [cnst(run.agent)];
    // The receiver pins the nonce only when it compares it with the one it sent.
    const pinned = nonceCheckOf(this.design) === 'sent-nonce';
    const nonces = a.nonce === 'service-nonce' ? (ex || !pinned ? state.know.ofKind('nonce') : [run.vars['n']!]) : [NO_NONCE];
    const measurements = ex || !hasField(a.quoteFields, 'measurements') ? this.measurementTerms : this.knownGood;
    const out: Term[] = [];
    const signers = ex ? [...this.devices.map(this.ik), ...this.signingKeys(state)] : [this.ik(run.agent)];
    for (const deviceId of devices)
      for (const n of nonces)
        for (const m of measurements)
          for (const ck of state.know.ofKind('pk')) {
            const values: Record<QuoteField, Term> = { deviceId, nonce: n, measurements: m, clientKey: ck };
            const tbs = this.quoteTbs(values);
            for (const k of signers) if (this.canSign(k, tbs, state)) out.push(this.quoteMessage(values, sig(k, tbs)));
          }
    return out.length < 2 ? out : [...new Set(out)];
  }

  private proposeServerHello(state: State, run: Run): Term[] {
    const X = pk(run.vars['x']!);
    const subjects = this.exhaustive ? this.agentTerms() : [HUB];
    const tenants = this.exhaustive ? this.tenants : [MICROSOFT];
    const out: Term[] = [];
    for (const Y of this.dhShares(state)) {
      const body = msg('server-tbs', X, Y);
      const signers = this.signersOf(body, state);
      if (signers.length === 0) continue;
      for (const c of this.certCandidates(state, subjects, SERVER, tenants, (k) => this.deviceTrustsServerIssuer(k), signers.map(pk))) {
        if (!this.deviceTakesServerCert(c, state.period)) continue;
        out.push(msg('server-hello', Y, c, sig(certView(c)!.subjectKey.args[0]!, body)));
      }
    }
    return out;
  }

  private proposeClientFinish(state: State, run: Run): Term[] {
    const X = run.vars['X']!;
    const Y = pk(run.vars['y']!);
    const body = msg('client-tbs', X, Y);
    const signers = this.signersOf(body, state);
    if (signers.length === 0) return [];
    const subjects = this.exhaustive ? this.agentTerms() : [...this.devices, AGENTS.attackerDevice].map((d) => cnst(d));
    const tenants = this.exhaustive || this.design.cloudService.deviceTrustAnchors !== 'tenant-ca' ? this.tenants : [TENANT_TERM];
    return this.certCandidates(state, subjects, CLIENT, tenants, (k) => this.hubTrustsIssuer(k), signers.map(pk))
      .filter((c) => this.hubTakesClientCert(c, state.period))
      .map((c) => msg('client-finish', c, sig(certView(c)!.subjectKey.args[0]!, body)));
  }

  private agentTerms(): Term[] {
    return [...this.devices, AGENTS.attackerDevice, AGENTS.service, AGENTS.hub].map((a) => cnst(a));
  }

  // ---------------------------------------------------------------- trust decisions (the design's policies)

  /**
   * The keys whose challenge a device trusting its root store takes: the security service's, whose certificate names
   * it; with host names unchecked also every key the root certified for a server of any name: the attacker's own.
   */
  private challengeSigners(): Term[] {
    return this.namesChecked ? [this.k.as3] : [this.k.as3, this.k.eve];
  }

  private deviceTrustsServerIssuer(k: Term): boolean {
    return this.design.device.serverTrustAnchors === 'any-ca' || k === this.k.root;
  }

  /** The device's own certificate: it chains to a tenant CA under its root store. */
  private deviceTrustsIssuer(k: Term): boolean {
    return this.design.device.serverTrustAnchors === 'any-ca' || k === this.k.tenantCa || k === this.k.otherTenantCa;
  }

  hubTrustsIssuer(k: Term): boolean {
    switch (this.design.cloudService.deviceTrustAnchors) {
      case 'tenant-ca':
        return k === this.k.tenantCa;
      case 'any-tenant':
        return k === this.k.tenantCa || k === this.k.otherTenantCa;
      case 'any-ca':
        return true;
    }
  }

  // ---------------------------------------------------------------- receivers: the ground truth

  /*
   * The certificate checks of the receivers: what a certificate must be for the receiver to take it in
   * `period`, read from the certificate alone. The receivers below call them, and the proposers
   * (certCandidates) leave out the certificates they fail: such a message would be rejected, so it is
   * no transition, and offering it only cost an accept call per state (most of the offers at 5 sessions).
   */

  /** A device attestation run's check of the certificate it is issued. */
  private deviceTakesIssued(c: Term, run: Run, period: number): boolean {
    const v = certView(c);
    if (!v || !this.deviceTrustsIssuer(v.issuer)) return false;
    if (v.subject !== cnst(run.agent) || v.subjectKey !== pk(this.ck(run.agent)) || v.usage !== CLIENT) return false;
    return v.from <= period && period < v.until;
  }

  /** A device connection run's check of the server certificate. */
  private deviceTakesServerCert(c: Term, period: number): boolean {
    const v = certView(c);
    if (!v || !this.deviceTrustsServerIssuer(v.issuer) || v.usage !== SERVER) return false;
    if (this.namesChecked && v.subject !== HUB) return false; // the certificate must name the host it connects to
    return v.from <= period && period < v.until;
  }

  /** The cloud service's check of a client certificate, before its status check (which reads the state's attested quotes). */
  private hubTakesClientCert(c: Term, period: number): boolean {
    const v = certView(c);
    if (!v || !this.hubTrustsIssuer(v.issuer) || v.usage !== CLIENT) return false;
    if (v.subject.kind !== 'const' || !(this.devices.includes(v.subject.name) || v.subject.name === AGENTS.attackerDevice)) return false; // a device ID
    if (this.design.cloudService.deviceTrustAnchors === 'tenant-ca' && v.tenant !== TENANT_TERM) return false;
    return v.from <= period && period < v.until;
  }

  /** What `run` does with `m`: undefined when it rejects it (and then nothing changes). */
  accept(state: State, run: Run, m: Term): Outcome | undefined {
    switch (run.role) {
      case 'device-attest':
        return run.pc === 1 ? this.deviceOnChallenge(state, run, m) : this.deviceOnIssued(state, run, m);
      case 'service':
        return run.pc === 0 ? this.serviceOnHello(state, run, m) : this.serviceOnQuote(state, run, m);
      case 'device-connect':
        return this.deviceOnServerHello(state, run, m);
      case 'hub':
        return run.pc === 0 ? this.hubOnClientHello(state, run, m) : this.hubOnClientFinish(state, run, m);
    }
  }

  private serviceOnHello(state: State, run: Run, m: Term): Outcome | undefined {
    const f = fieldsOf(m, 'hello', 1);
    if (!f || f[0]!.kind !== 'const' || !this.devices.includes(f[0]!.name)) return undefined; // registered devices only
    const d = f[0]!.name;
    const n = this.design.attestation.nonce === 'service-nonce' ? nonce(`n.${run.id}`) : undefined;
    return { run: { ...run, agent: d, pc: 1, vars: n ? { n } : {} }, sends: [this.challenge(n, d, this.k.as3)], events: [] };
  }

  private deviceOnChallenge(state: State, run: Run, m: Term): Outcome | undefined {
    const withNonce = this.design.attestation.nonce === 'service-nonce';
    const f = fieldsOf(m, 'challenge', withNonce ? 2 : 1);
    if (!f) return undefined;
    const n = withNonce ? f[0]! : undefined;
    if (n && n.kind !== 'nonce') return undefined;
    const s = f[f.length - 1]!;
    if (s.kind !== 'sig') return undefined;
    const expected = withNonce ? msg('challenge-tbs', n!, cnst(run.agent)) : msg('challenge-tbs', cnst(run.agent));
    if (s.args[1] !== expected) return undefined;
    if (this.design.device.serverTrustAnchors === 'root-store' && !this.challengeSigners().includes(s.args[0]!)) return undefined;
    const quote = this.honestQuote(run.agent, state.period, n);
    const v = this.serviceView(quote.values);
    return {
      run: { ...run, pc: 2, vars: n ? { n } : {} },
      sends: [quote.message],
      events: [],
      count: [`Rq|${this.quoteKey(run.agent, v.nonce, v.measurements, v.clientKey)}|${state.period}`],
    };
  }

  private serviceOnQuote(state: State, run: Run, m: Term): Outcome | undefined {
    const a = this.design.attestation;
    const carried = QUOTE_FIELDS.filter((x) => a.quoteFields.includes(x));
    const f = fieldsOf(m, 'quote', carried.length + 1);
    if (!f) return undefined;
    const got = Object.fromEntries(carried.map((x, i) => [x, f[i]!])) as Partial<Record<QuoteField, Term>>;
    const d = run.agent;
    if (got.deviceId !== cnst(d)) return undefined;
    const verifiedNonce = this.nonceVerifiedOver(run, got.nonce);
    if (verifiedNonce === undefined) return undefined;
    if (got.measurements !== undefined && !this.knownGood.includes(got.measurements)) return undefined; // known-good only
    const ck = got.clientKey;
    if (!ck || ck.kind !== 'pk') return undefined;
    // The signature is checked over what the service knows: the device it opened the session for and the nonce it verifies.
    const values: Record<QuoteField, Term> = { deviceId: cnst(d), nonce: verifiedNonce, measurements: got.measurements ?? UNREPORTED, clientKey: ck };
    const s = f[f.length - 1]!;
    if (s !== sig(this.ik(d), this.quoteTbs(values))) return undefined;
    // Accepted: issue the certificate.
    const p = state.period;
    const cert = this.issue(d, ck, p);
    const events: Violation[] = [];
    const sw = this.software(d, p)!;
    const data = this.quoteKey(d, values.nonce, values.measurements, ck);
    if (sw !== 'good') {
      events.push({ property: 'untrusted-software', detail: `the security service accepted a quote from ${d}, which runs ${sw} software (its register holds ${this.measurement(d, p)}), and issued it a certificate` });
    } else if (!this.isCompromised(this.ik(d))) {
      const runs = state.counts.get(`Rq|${data}|${p}`) ?? 0;
      const commits = state.counts.get(`Cq|${data}|${p}`) ?? 0;
      if (commits + 1 > runs) {
        const earlier = range(0, p).find((q) => (state.counts.get(`Rq|${data}|${q}`) ?? 0) > 0);
        if (runs === 0 && earlier !== undefined) events.push({ property: 'freshness', detail: `the security service accepted, in period ${p}, a quote ${d} made in period ${earlier}` });
        else if (runs === 0) events.push({ property: 'injective-agreement', detail: `the security service accepted a quote for ${d} (nonce ${values.nonce}, measurements ${values.measurements}, client key ${ck}) that no run of ${d} made` });
        else events.push({ property: 'injective-agreement', detail: `the security service accepted ${commits + 1} quotes for ${runs} run${runs > 1 ? 's' : ''} of ${d} with the same values: a replay` });
      }
    }
    return { sends: [msg('issued', cert)], events, count: [`Cq|${data}|${p}`], attested: `${d}|${ck.id}|${p}` };
  }

  /**
   * The nonce the service verifies a quote's signature over, or undefined when it rejects the quote's
   * nonce. The sound check (`sent-nonce`) uses the nonce this session sent and requires the quote to
   * carry it; the flawed one (`quote-nonce`) takes whatever nonce the quote carries.
   */
  private nonceVerifiedOver(run: Run, carried: Term | undefined): Term | undefined {
    if (this.design.attestation.nonce !== 'service-nonce') return NO_NONCE;
    if (nonceCheckOf(this.design) === 'quote-nonce') return carried?.kind === 'nonce' ? carried : undefined;
    const sent = run.vars['n'];
    return sent !== undefined && carried === sent ? sent : undefined;
  }

  private deviceOnIssued(state: State, run: Run, m: Term): Outcome | undefined {
    const f = fieldsOf(m, 'issued', 1);
    if (!f) return undefined;
    if (!this.deviceTakesIssued(f[0]!, run, state.period)) return undefined;
    return { sends: [], events: [], store: { device: run.agent, cert: f[0]! } };
  }

  private hubOnClientHello(state: State, run: Run, m: Term): Outcome | undefined {
    const f = fieldsOf(m, 'client-hello', 1);
    if (!f || f[0]!.kind !== 'pk') return undefined;
    const X = f[0]!;
    const y = key(`y.${run.id}`);
    const Y = pk(y);
    return {
      run: { ...run, pc: 1, vars: { X, y } },
      sends: [msg('server-hello', Y, this.hubCert, sig(this.k.hub, msg('server-tbs', X, Y)))],
      events: [],
      count: [`Rs|${X.id}|${Y.id}`],
    };
  }

  private deviceOnServerHello(state: State, run: Run, m: Term): Outcome | undefined {
    const f = fieldsOf(m, 'server-hello', 3);
    if (!f) return undefined;
    const [Y, c, s] = f as [Term, Term, Term];
    if (Y.kind !== 'pk') return undefined;
    if (!this.deviceTakesServerCert(c, state.period)) return undefined;
    const v = certView(c)!;
    const x = run.vars['x']!;
    const X = pk(x);
    if (s !== sig(v.subjectKey.args[0]!, msg('server-tbs', X, Y))) return undefined;
    const d = run.agent;
    const events: Violation[] = [];
    const hubHonest = !this.isCompromised(this.k.hub);
    const commits = state.counts.get(`Cd|${X.id}|${Y.id}`) ?? 0;
    if (hubHonest && commits + 1 > (state.counts.get(`Rs|${X.id}|${Y.id}`) ?? 0)) {
      events.push({ property: 'injective-agreement', detail: `${d} accepted a server as the cloud service (certificate ${c}) but the cloud service never ran that handshake` });
    }
    const body = msg('client-tbs', X, Y);
    return {
      sends: [msg('client-finish', run.vars['cert']!, sig(this.ck(d), body))],
      events,
      count: [`Cd|${X.id}|${Y.id}`, `Rc|${d}|${X.id}|${Y.id}`],
      ...(hubHonest ? { secrets: [dh(x, Y.args[0]!)] } : {}),
    };
  }

  private hubOnClientFinish(state: State, run: Run, m: Term): Outcome | undefined {
    const f = fieldsOf(m, 'client-finish', 2);
    if (!f) return undefined;
    const [c, s] = f as [Term, Term];
    const p = state.period;
    if (!this.hubTakesClientCert(c, p)) return undefined;
    const v = certView(c)!;
    const d = v.subject.name;
    const fresh = state.attested.has(`${d}|${v.subjectKey.id}|${p}`);
    if (this.statusChecked && !fresh) return undefined; // a status check that fails closed (a soft-failing one the attacker switches off)
    const X = run.vars['X']!;
    const y = run.vars['y']!;
    const Y = pk(y);
    if (s !== sig(v.subjectKey.args[0]!, msg('client-tbs', X, Y))) return undefined;
    const events: Violation[] = [];
    const sw = this.software(d, p);
    if (v.issuer !== this.k.tenantCa) events.push({ property: 'tenant-isolation', detail: `the cloud service accepted ${d} with a certificate issued by ${v.issuer.name}, not by its tenant CA` });
    // A certificate the device earned while good, accepted within the window the profile allows after that
    // attestation, is the exposure the profile accepts (in hours, whatever the period), not an attack.
    // Earned: signed by the tenant CA (whose key the attacker does not hold) for the device's own client key
    // in a period it ran good software; one the attacker forged or had bound to another key is not, whatever its dates.
    const earnedInWindow = v.issuer === this.k.tenantCa && !this.isCompromised(this.k.tenantCa) && v.subjectKey === pk(this.ck(d)) && this.software(d, v.from) === 'good' && this.withinWindow(v.from, p);
    if (sw !== undefined && sw !== 'good') {
      if (!earnedInWindow) events.push({ property: 'untrusted-software', detail: `the cloud service accepted ${d}, which runs ${sw} software in period ${p}, with a certificate issued in period ${v.from}${this.windowText(v.from, p)}` });
    } else if (sw === 'good' && !this.isCompromised(this.ck(d))) {
      const commits = state.counts.get(`Ch|${d}|${X.id}|${Y.id}`) ?? 0;
      if (commits + 1 > (state.counts.get(`Rc|${d}|${X.id}|${Y.id}`) ?? 0)) events.push({ property: 'injective-agreement', detail: `the cloud service accepted ${d} in a handshake ${d} never ran` });
      else if (!fresh && !earnedInWindow) events.push({ property: 'freshness', detail: `the cloud service accepted, in period ${p}, a certificate for ${d} issued in period ${v.from} with no attestation of ${d} in period ${p}${this.windowText(v.from, p)}` });
    }
    const honestPeer = sw === 'good' && !this.isCompromised(this.ck(d)) && X.kind === 'pk';
    return {
      sends: [],
      events,
      count: [`Ch|${d}|${X.id}|${Y.id}`],
      ...(honestPeer ? { secrets: [dh(y, X.args[0]!)] } : {}),
    };
  }

  // ---------------------------------------------------------------- hashing

  /** The state's key: equal keys exactly when the states are equal, or with run-symmetry equal up to renaming attestation runs (see state-key.ts). */
  hash(state: State): string {
    return this.keys.key(state);
  }

}


function runName(role: Role, agent: string, period: number, k: number): string {
  return `${role === 'device-attest' ? 'att' : role === 'device-connect' ? 'conn' : role}.${agent ? agent + '.' : ''}p${period}.${k}`;
}

/**
 * A step that is not a responder run's start, by what names it: a device run's start by its run (the
 * run's name fixes what it sends), a delivery by (run, message), a device start fused with its first
 * delivery likewise (a run's name is taken by one run per period). Undefined for ticks and responder starts.
 */
function deliveryKey(t: Transition): string | undefined {
  if (t.responderStart) return undefined;
  if (t.action.kind === 'start') return t.before ? undefined : `start|${t.action.run}`;
  if (t.action.kind !== 'deliver') return undefined;
  if (t.before && !(t.before.length === 1 && t.before[0]!.kind === 'start' && t.before[0]!.run === t.action.run)) return undefined;
  return `${t.action.run}|${t.action.message.id}`;
}

/** A step as the search takes it: its actions (fused ones included), by run and message. */
function stepKey(t: Transition): string {
  return [...(t.before ?? []), t.action].map((a) => (a.kind === 'tick' ? `tick${a.period}` : `${a.kind}:${a.run}:${a.kind === 'deliver' ? a.message.id : a.sent.id}`)).join('>');
}

function sameEvents(a: Transition, b: Transition): boolean {
  return a.violations.length === b.violations.length && a.violations.every((v, i) => v.property === b.violations[i]!.property && v.detail === b.violations[i]!.detail);
}

/** `runs` (sorted by name) with `run` in its place: a new array, without a sort (a state has a handful of runs). */
function withRun(runs: readonly Run[], run: Run): Run[] {
  const out: Run[] = [];
  let placed = false;
  for (const r of runs) {
    if (!placed && run.id < r.id) {
      out.push(run);
      placed = true;
    }
    out.push(r);
  }
  if (!placed) out.push(run);
  return out;
}

/**
 * What a proposer reads of a receiver, as text: the period, the run's role, step, agent and values.
 * Made once per run object and period (runs are never changed; a changed run is a new object).
 */
const receiverTexts = new WeakMap<Run, { period: number; text: string }>();

function receiverText(run: Run, period: number): string {
  const known = receiverTexts.get(run);
  if (known && known.period === period) return known.text;
  const text = `${period}|${run.role}|${run.pc}|${run.agent}|${receiverValues(run)}`;
  receiverTexts.set(run, { period, text });
  return text;
}

/** A run's values by name, as term ids: what a proposer may read of the run besides its role, step and agent. */
function receiverValues(run: Run): string {
  let out = '';
  for (const k in run.vars) out += `${k}=${run.vars[k]!.id},`;
  return out;
}

function bump(counts: Map<string, number>, k: string): void {
  counts.set(k, (counts.get(k) ?? 0) + 1);
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}


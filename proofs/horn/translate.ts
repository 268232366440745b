/**
 * The protocol design (model/attestation/protocol-design.ts) as Horn clauses, ProVerif's abstraction:
 * each step of each role is one clause "the messages it received so far → the message it sends", the
 * attacker is the network (att(t): it knows t), and a name a run creates is a function of what makes
 * it unique: nonce(D, S) is the nonce security-service session S made for device D, x(D, S) a device
 * connection's ephemeral key. Sessions and devices are variables, so one clause stands for every
 * session of every device: saturating the clauses proves properties for any number of both.
 *
 * Two kinds of devices, as in the bounded search's scenarios (model/attestation/attack-scenario.ts):
 * g(i) runs known-good software throughout; t(i) runs good software in some periods and downgraded or
 * unmeasured software (the attacker's) in others: the attacker then uses its client key and drives
 * its Pluton, which signs quotes over its own ID, its real measurement register and its client key.
 * Time is abstracted away: which period a run is in, certificate validity and the per-connection
 * status check are not modelled (dropping the validity and status checks only gives the attacker more).
 *
 * Each rule reads the design the way the concrete parties (emulator/attestation) and the bounded
 * search (proofs/attacker-search/model.ts) do: which fields the quote carries and the identity key
 * signs, whether there is a nonce and which one the service verifies over, which issuers each side
 * trusts, whether the cloud connection uses certificates. This is a third reading of the same design:
 * a test holds its verdicts against the bounded search's on every protocol fixture.
 */
import { serverNameChecked } from '../../model/attestation/server-name-check.js';
import { nonceCheckOf, QUOTE_FIELDS, type ProtocolDesign, type QuoteField } from '../../model/attestation/protocol-design.js';
import { fact, type Clause, type Fact } from './clauses.js';
import { ruleClause } from './saturate.js';
import { ha, hv, type HTerm } from './terms.js';

/** A check of an honest party that a test can leave out of the translation to see the verdict change. */
export type TranslationCheck = 'quote-signature' | 'known-good-measurements' | 'server-signature' | 'client-signature';

export interface TranslationOptions {
  omit?: readonly TranslationCheck[];
}

export interface Translation {
  clauses: Clause[];
  /** Whether the device-to-cloud connection is part of the model (it uses certificates on both sides). */
  cloudModelled: boolean;
}

const c = (name: string): HTerm => ha(name);
const att = (t: HTerm): Fact => fact('att', t);
const ev = (name: string, ...args: HTerm[]): Fact => fact('mevent', ha(name, ...args));
const end = (name: string, ...args: HTerm[]): Fact => fact('end', ha(name, ...args));

export const K = {
  as3: c('sk-as3'),
  hub: c('sk-hub'),
  tenantCa: c('ca-tenant-a'),
  otherTenantCa: c('ca-tenant-b'),
  root: c('root'),
  eve: c('k-eve'),
};
export const M = { good: c('m-good'), downgraded: c('m-downgraded'), unmeasured: c('m-unmeasured'), unreported: c('m-unreported') };
export const NO_NONCE = c('no-nonce');
const PUBLIC_CONSTANTS = ['m-good', 'm-downgraded', 'm-unmeasured', 'm-unreported', 'no-nonce', 'tenant-a', 'tenant-b', 'microsoft', 'client', 'server', 'hub', 'eve', 'eve-host'];

export const ik = (d: HTerm): HTerm => ha('ik', d);
export const ck = (d: HTerm): HTerm => ha('ck', d);
export const pk = (k: HTerm): HTerm => ha('pk', k);
export const sig = (k: HTerm, body: HTerm): HTerm => ha('sig', k, body);
export const certBody = (subject: HTerm, key: HTerm, tenant: HTerm, usage: HTerm): HTerm => ha('cert', subject, key, tenant, usage);

/** Always-good devices and devices that turn bad, as terms with the device variable `i`. */
const goodDevice = (i: HTerm): HTerm => ha('g', i);
const turningDevice = (i: HTerm): HTerm => ha('t', i);

/** Every public message and body constructor, with its arity: the attacker builds and splits them. */
function constructors(design: ProtocolDesign, cloud: boolean): [string, number][] {
  const a = design.attestation;
  const withNonce = a.nonce === 'service-nonce';
  const list: [string, number][] = [
    ['hello', 1],
    ['challenge', withNonce ? 2 : 1],
    ['challenge-tbs', withNonce ? 2 : 1],
    ['quote', a.quoteFields.length + 1],
    ['quote-tbs', a.signedFields.length],
    ['issued', 1],
    ['cert', 4],
  ];
  if (cloud) list.push(['client-hello', 1], ['server-hello', 3], ['server-tbs', 2], ['client-finish', 2], ['client-tbs', 2]);
  return list;
}

export function cloudModelled(design: ProtocolDesign): boolean {
  return design.connections.some((x) => x.protocol === 'device-authentication' && x.client.credential === 'certificate' && x.server.credential === 'certificate');
}

export function translateProtocol(design: ProtocolDesign, options: TranslationOptions = {}): Translation {
  const omit = new Set(options.omit ?? []);
  const a = design.attestation;
  const cloud = cloudModelled(design);
  const out: Clause[] = [];
  const rule = (text: string, hyps: Fact[], concl: Fact) => out.push(ruleClause(text, hyps, concl));
  const [x, y, z, u, w] = [hv(0), hv(1), hv(2), hv(3), hv(4)];

  // ---------------------------------------------------------------- the attacker
  for (const name of PUBLIC_CONSTANTS) rule(`the attacker knows the public constant ${name}`, [], att(c(name)));
  rule('device IDs are public (always-good devices)', [], att(goodDevice(x)));
  rule('device IDs are public (devices that turn bad)', [], att(turningDevice(x)));
  for (const [f, n] of constructors(design, cloud)) {
    const vars = Array.from({ length: n }, (_, i) => hv(i));
    rule(`the attacker builds ${f} messages`, vars.map(att), att(ha(f, ...vars)));
    for (let i = 0; i < n; i++) rule(`the attacker reads field ${i + 1} of a ${f} message`, [att(ha(f, ...vars))], att(vars[i]!));
  }
  rule('the attacker signs with a key it knows', [att(x), att(y)], att(sig(x, y)));
  rule('a signature reveals its message', [att(sig(x, y))], att(y));
  rule('the attacker computes the public key of a key it knows', [att(x)], att(pk(x)));
  rule('Diffie–Hellman: the attacker combines its share with a public share', [att(x), att(pk(y))], att(ha('dhk', x, y)));
  rule('Diffie–Hellman: the attacker combines a public share with its share', [att(y), att(pk(x))], att(ha('dhk', x, y)));
  rule("the attacker's own key", [], att(K.eve));
  for (const k of [K.as3, K.hub, K.tenantCa, K.otherTenantCa, K.root]) rule(`public key ${(k as { f: string }).f} is public`, [], att(pk(k)));
  for (const dev of [goodDevice, turningDevice]) {
    rule('identity public keys are public', [], att(pk(ik(dev(x)))));
    rule('client public keys are public', [], att(pk(ck(dev(x)))));
  }
  const hubCert = sig(K.root, certBody(c('hub'), pk(K.hub), c('microsoft'), c('server')));
  rule("the cloud service's certificate (root-signed) is public", [], att(hubCert));
  rule("the attacker's own device in another tenant holds a certificate from that tenant's CA", [], att(sig(K.otherTenantCa, certBody(c('eve'), pk(K.eve), c('tenant-b'), c('client')))));
  // A CA of the root store issues anyone a server certificate for a domain of their own (the web PKI): harmless to a
  // device that checks the host name, the cloud's to one that does not (model/attestation/server-name-check.ts).
  rule("the root store issued the attacker a server certificate for a host of its own", [], att(sig(K.root, certBody(c('eve-host'), pk(K.eve), c('eve'), c('server')))));
  const namesChecked = serverNameChecked(design);

  // A device in a period it runs the attacker's software: its client key is the attacker's to use, and
  // its Pluton signs quotes over its own ID, register (not good) and client key, any nonce.
  rule('a device running downgraded or unmeasured software: the attacker uses its client key', [], att(ck(turningDevice(x))));
  for (const bad of [M.downgraded, M.unmeasured]) {
    const d = turningDevice(x);
    const values: Record<QuoteField, HTerm> = { deviceId: d, nonce: a.nonce === 'service-nonce' ? y : NO_NONCE, measurements: bad, clientKey: pk(ck(d)) };
    const nonceSigned = a.signedFields.includes('nonce') && a.nonce === 'service-nonce';
    rule(
      `Pluton of a device running ${(bad as { f: string }).f.slice(2)} software signs a quote over its register for the attacker`,
      [...(nonceSigned ? [att(y)] : []), ev('measured', d, a.nonce === 'service-nonce' ? y : NO_NONCE, bad)],
      att(sig(ik(d), quoteTbs(design, values))),
    );
  }

  // ---------------------------------------------------------------- attestation
  const withNonce = a.nonce === 'service-nonce';
  for (const dev of [goodDevice, turningDevice]) {
    const d = dev(x);
    const kind = dev === goodDevice ? 'an always-good device' : 'a device that turns bad, in a period it runs good software';
    // Security service, first step: a hello from a registered device; a fresh nonce for this session.
    const n = ha('nonce', d, z);
    const challengeBody = withNonce ? ha('challenge-tbs', n, d) : ha('challenge-tbs', d);
    rule(
      `security service: a hello from ${kind} opens session S and sends a challenge${withNonce ? ' with a fresh nonce' : ' (no nonce: design attestation.nonce = none)'} signed by the service`,
      [att(ha('hello', d))],
      att(withNonce ? ha('challenge', n, sig(K.as3, challengeBody)) : ha('challenge', sig(K.as3, challengeBody))),
    );
    // Device: on a challenge it accepts, Pluton quotes its register (good) over the nonce. Trusting its root store, it
    // takes the security service's; with host names unchecked also one signed by any key the root certified for a
    // server of any name: the attacker's own.
    const signers = design.device.serverTrustAnchors !== 'root-store' ? [u] : namesChecked ? [K.as3] : [K.as3, K.eve];
    const nIn = withNonce ? y : NO_NONCE;
    for (const signer of signers) {
      const got = withNonce ? ha('challenge', y, sig(signer, ha('challenge-tbs', y, d))) : ha('challenge', sig(signer, ha('challenge-tbs', d)));
      const honest: Record<QuoteField, HTerm> = { deviceId: d, nonce: nIn, measurements: M.good, clientKey: pk(ck(d)) };
      const view = serviceView(design, honest);
      const by = signer === K.as3 ? 'the security service (root store)' : signer === K.eve ? "the attacker's key, certified by the root for its own host (design device.serverNames = unchecked)" : 'any key (design device.serverTrustAnchors = any-ca)';
      rule(
        `device (${kind}): on a challenge signed by ${by}, Pluton signs the quote over ${a.signedFields.join(', ')}`,
        [att(got), ev('ran', d, view.nonce, view.measurements, view.clientKey), ev('measured', d, nIn, M.good)],
        att(quoteMessage(design, honest, sig(ik(d), quoteTbs(design, honest)))),
      );
    }
    // Security service, second step: the quote of this session's device.
    const session = withNonce ? n : ha('sess', d, z);
    const carriedNonce = !withNonce ? NO_NONCE : nonceCheckOf(design) === 'sent-nonce' ? n : w;
    const verified = carriedNonce; // sent-nonce: the session's own; quote-nonce: whatever the quote carries
    // The measurements the service accepts: the current release's, and an older signed release's too when the design's
    // allow-list keeps every release (attestation.knownGood every-signed-release): one rule for each.
    const knownGood = a.knownGood === 'every-signed-release' ? [M.good, M.downgraded] : [M.good];
    for (const accepted of a.quoteFields.includes('measurements') ? (omit.has('known-good-measurements') ? [y] : knownGood) : [M.unreported]) {
      const measurements = accepted;
      const ckv = pk(u);
      const got2: Record<QuoteField, HTerm> = { deviceId: d, nonce: carriedNonce, measurements, clientKey: ckv };
      const checked: Record<QuoteField, HTerm> = { deviceId: d, nonce: verified, measurements, clientKey: ckv };
      const signature = omit.has('quote-signature') ? hv(5) : sig(ik(d), quoteTbs(design, checked));
      const hyps = [att(ha('hello', d)), att(quoteMessage(design, got2, signature))];
      const shown = !a.quoteFields.includes('measurements') ? 'not reported' : measurements === M.downgraded ? "an older signed release's (design attestation.knownGood = every-signed-release)" : 'known-good';
      const what = `security service: accepts ${kind}'s quote (nonce ${!withNonce ? 'none' : nonceCheckOf(design) === 'sent-nonce' ? 'the one it sent' : "the quote's own (design attestation.nonceCheck = quote-nonce)"}, measurements ${shown}, signature ${omit.has('quote-signature') ? 'NOT CHECKED' : 'by the registered identity key'})`;
      rule(`${what} and issues a tenant-CA certificate for its client key`, hyps, att(ha('issued', sig(K.tenantCa, certBody(d, ckv, c('tenant-a'), c('client'))))));
      // The end event names the nonce of this session (the one the service sent, expecting the quote to
      // answer it), not the one it verified over: under quote-nonce they differ, and that is the flaw.
      rule(`${what}: end event accept`, hyps, end('accept', d, session, withNonce ? n : NO_NONCE, measurements, ckv));
    }
  }

  // ---------------------------------------------------------------- device to cloud
  if (cloud) {
    for (const dev of [goodDevice, turningDevice]) {
      const d = dev(x);
      const X = pk(ha('x', d, z));
      rule(`device ${dev === goodDevice ? '(always good)' : '(turns bad)'} opens a connection with an ephemeral share`, [], att(ha('client-hello', X)));
      // On the server's hello: the server certificate (issuer per the design), the server's signature.
      const issuer = design.device.serverTrustAnchors === 'root-store' ? K.root : hv(5);
      const serverKey = omit.has('server-signature') ? hv(6) : w;
      // The certificate must name the cloud service; with host names unchecked any subject will do (hv(9)).
      const subject = namesChecked ? c('hub') : hv(9);
      const serverHello = ha('server-hello', pk(y), sig(issuer, certBody(subject, pk(w), hv(7), c('server'))), omit.has('server-signature') ? hv(8) : sig(serverKey, ha('server-tbs', X, pk(y))));
      const hyps = [att(serverHello), att(u)];
      const text = `device ${dev === goodDevice ? '(always good)' : '(turns bad, good period)'}: accepts a server hello with a certificate ${namesChecked ? 'for the cloud service' : 'for any host (design device.serverNames = unchecked)'} from ${issuer === K.root ? 'the root store' : 'any issuer (design device.serverTrustAnchors = any-ca)'}`;
      rule(`${text}, signs the handshake with its client key and sends its certificate`, [...hyps, ev('devfinish', d, X, pk(y))], att(ha('client-finish', u, sig(ck(d), ha('client-tbs', X, pk(y))))));
      rule(`${text}: end event devaccept`, hyps, end('devaccept', d, X, pk(y)));
      rule(`${text}: it takes dh(x, Y) as a session key shared with the cloud service`, hyps, fact('key', c('device'), ha('dhk', ha('x', d, z), y)));
    }
    // Cloud service, first step: a client hello with any share; a fresh share of its own. The share's
    // name depends on the session only, not on the client's share: y(X, S) would let the attacker
    // nest shares without end (y(pk(y(pk(…))))) and saturation would not terminate; dropping an
    // argument merges names, which only gives the attacker more.
    const Y = pk(ha('y', z));
    // Every share the cloud service sends is public; stating it outright (for every session, sent or
    // not: more than the attacker has) stops saturation from building ever longer chains of sessions,
    // each learning its share from the one before, that all say the same.
    rule("the cloud service's ephemeral shares are public (over-approximation: every session's)", [], att(pk(ha('y', x))));
    rule('cloud service: on a client hello, a fresh share, signed with its key, and its certificate', [att(ha('client-hello', pk(x))), ev('hubrun', pk(x), Y)], att(ha('server-hello', Y, hubCert, sig(K.hub, ha('server-tbs', pk(x), Y)))));
    // Cloud service, second step: the client's certificate under the design's trust anchors.
    const anchors = design.cloudService.deviceTrustAnchors;
    const issuers: HTerm[] = anchors === 'tenant-ca' ? [K.tenantCa] : anchors === 'any-tenant' ? [K.tenantCa, K.otherTenantCa] : [hv(5)];
    const subjects: [HTerm, string, boolean][] = [
      [goodDevice(y), 'an always-good device', true],
      [turningDevice(y), 'a device that turns bad', false],
      [c('eve'), "the attacker's device", false],
    ];
    for (const issuer of issuers)
      for (const [subject, who, honestPeer] of subjects) {
        const tenant = anchors === 'tenant-ca' ? c('tenant-a') : hv(6);
        const cert = sig(issuer, certBody(subject, pk(u), tenant, c('client')));
        const finish = ha('client-finish', cert, omit.has('client-signature') ? hv(7) : sig(u, ha('client-tbs', pk(x), Y)));
        const hyps = [att(ha('client-hello', pk(x))), att(finish)];
        const text = `cloud service: accepts ${who} with a certificate from ${issuer === K.tenantCa ? 'the tenant CA' : issuer === K.otherTenantCa ? "another tenant's CA (design cloudService.deviceTrustAnchors = any-tenant)" : 'any issuer (design cloudService.deviceTrustAnchors = any-ca)'}`;
        rule(`${text}: end event hubaccept`, hyps, end('hubaccept', subject, pk(x), Y, issuer));
        if (honestPeer) rule(`${text}: it takes dh(y, X) as a session key shared with that device`, hyps, fact('key', c('cloud'), ha('dhk', x, ha('y', z))));
      }
  }
  return { clauses: out, cloudModelled: cloud };
}

function quoteTbs(design: ProtocolDesign, v: Record<QuoteField, HTerm>): HTerm {
  return ha('quote-tbs', ...fieldsIn(design.attestation.signedFields, v));
}

function quoteMessage(design: ProtocolDesign, v: Record<QuoteField, HTerm>, signature: HTerm): HTerm {
  return ha('quote', ...fieldsIn(design.attestation.quoteFields, v), signature);
}

function fieldsIn(fields: readonly QuoteField[], v: Record<QuoteField, HTerm>): HTerm[] {
  return QUOTE_FIELDS.filter((f) => fields.includes(f)).map((f) => v[f]);
}

/** The quote's values as the service sees them (a field the quote does not carry is unreported on both sides). */
function serviceView(design: ProtocolDesign, v: Record<QuoteField, HTerm>): Record<QuoteField, HTerm> {
  const carried = design.attestation.quoteFields;
  return { deviceId: v.deviceId, nonce: carried.includes('nonce') ? v.nonce : NO_NONCE, measurements: carried.includes('measurements') ? v.measurements : M.unreported, clientKey: v.clientKey };
}

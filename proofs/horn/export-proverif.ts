/**
 * The protocol design as a ProVerif model (.pv), for users who have ProVerif: the same roles, checks
 * and queries as the Horn translation (translate.ts, queries.ts), written as applied-pi processes.
 * Reviewed by reading (ProVerif is not installed here); the golden files are in test/fixtures/export/.
 *
 * What differs from Sevenfold's own translation: ProVerif's Diffie–Hellman is exp(g, x) with its
 * equation; certificates are signatures ProVerif can open (getmess), as in the symbolic search; the
 * injective versions of the agreement queries are included (ProVerif proves those, Sevenfold's
 * saturation leaves them to the bounded search).
 */
import { nonceCheckOf, QUOTE_FIELDS, type ProtocolDesign, type QuoteField } from '../../model/attestation/protocol-design.js';
import { cloudModelled } from './translate.js';
import { commentText } from './comment-text.js';

export function exportProverif(design: ProtocolDesign, source: string): string {
  const a = design.attestation;
  const withNonce = a.nonce === 'service-nonce';
  const cloud = cloudModelled(design);
  const carried = QUOTE_FIELDS.filter((f) => a.quoteFields.includes(f));
  const signed = QUOTE_FIELDS.filter((f) => a.signedFields.includes(f));
  const fieldType: Record<QuoteField, string> = { deviceId: 'bitstring', nonce: 'bitstring', measurements: 'bitstring', clientKey: 'pkey' };
  const L: string[] = [];
  const add = (...lines: string[]) => L.push(...lines);

  add(
    `(* ${commentText(design.name, '*)')}`,
    `   Exported by Sevenfold (sevenfold export --format proverif) from ${source}.`,
    '   Roles: device (attestation, cloud connection), security service, cloud service; always-good devices and',
    '   devices that turn bad (the attacker then holds their client key and drives their Pluton).',
    ...(design.attestation.knownGood === 'every-signed-release' ? ['   The design\'s service also accepts an older signed release\'s measurements (attestation.knownGood = every-signed-release);', '   this model\'s service accepts the current release\'s only: Sevenfold\'s search and unbounded proof model both.'] : []),
    ...(design.cloudService.deviceIdFrom === 'client-claim' ? ['   The design\'s cloud acts on a device ID the client claims (cloudService.deviceIdFrom = client-claim); this model\'s cloud', '   takes the certificate\'s, as Sevenfold\'s search does: the flaw is found by Sevenfold\'s design rules, not here.'] : []),
    ...(design.device.serverNames === 'unchecked' ? ["   The design's device takes a server certificate for any host name (device.serverNames = unchecked); this model's", "   device checks the cloud's name: the flaw is found by Sevenfold's search and Horn clauses, not here."] : []),
    '   Time is not modelled: certificate lifetime and the attestation period are checked by Sevenfold\'s bounded search. *)',
    '',
    'free c: channel.',
    '',
    'type skey.',
    'type pkey.',
    'fun pk(skey): pkey.',
    'fun sign(bitstring, skey): bitstring.',
    'reduc forall m: bitstring, k: skey; getmess(sign(m, k)) = m.',
    'reduc forall m: bitstring, k: skey; checksign(sign(m, k), pk(k)) = m.',
    'fun senc(bitstring, bitstring): bitstring.',
    'reduc forall m: bitstring, k: bitstring; sdec(senc(m, k), k) = m.',
    '',
    'type G.',
    'type exponent.',
    'const g: G [data].',
    'fun exp(G, exponent): G.',
    'equation forall x: exponent, y: exponent; exp(exp(g, x), y) = exp(exp(g, y), x).',
    'fun G2b(G): bitstring [data, typeConverter].',
    '',
    '(* Public constants *)',
    'const m_good, m_downgraded, m_unmeasured, m_unreported, no_nonce: bitstring.',
    'const tenant_a, tenant_b, microsoft, client, server, hub_name, eve_name: bitstring.',
    '',
    '(* Keys of the services and CAs *)',
    'free sk_as3, sk_hub, ca_tenant_a, ca_tenant_b, root: skey [private].',
    'free k_eve: skey.',
    '',
    '(* Messages, each tagged by its constructor (the CBOR messages carry their type; every signed body a label) *)',
    'fun hello(bitstring): bitstring [data].',
    withNonce ? 'fun challenge(bitstring, bitstring): bitstring [data].' : 'fun challenge(bitstring): bitstring [data].',
    withNonce ? 'fun challenge_tbs(bitstring, bitstring): bitstring [data].' : 'fun challenge_tbs(bitstring): bitstring [data].',
    `fun quote(${[...carried.map((f) => fieldType[f]), 'bitstring'].join(', ')}): bitstring [data].`,
    `fun quote_tbs(${signed.map((f) => fieldType[f]).join(', ')}): bitstring [data].`,
    'fun issued(bitstring): bitstring [data].',
    'fun cert(bitstring, pkey, bitstring, bitstring): bitstring [data].',
  );
  if (cloud)
    add(
      'fun client_hello(G): bitstring [data].',
      'fun server_hello(G, bitstring, bitstring): bitstring [data].',
      'fun server_tbs(G, G): bitstring [data].',
      'fun client_finish(bitstring, bitstring): bitstring [data].',
      'fun client_tbs(G, G): bitstring [data].',
    );
  add(
    '',
    '(* Registered devices: device ID → identity public key *)',
    'table registered(bitstring, pkey).',
    '(* Devices that never run the attacker\'s software: the session-key and client queries are about them *)',
    'table good(bitstring).',
    '',
    '(* Events *)',
    'event ran(bitstring, bitstring, bitstring, pkey).        (* device, nonce, measurements (as the service sees them), client key *)',
    'event measured(bitstring, bitstring, bitstring).        (* Pluton quoted this register over this challenge *)',
    "event accept(bitstring, bitstring, bitstring, bitstring, pkey).    (* the service accepted: device, this session's name, the nonce it sent (or none), measurements, client key *)",
    'event turnedBad(bitstring).',
  );
  if (cloud) add('event hubrun(G, G).', 'event devfinish(bitstring, G, G).', 'event devaccept(bitstring, G, G).', 'event hubaccept(bitstring, G, G, pkey).', 'event hubacceptGood(bitstring, G, G).    (* hubaccept of an always-good device *)');
  add('', '(* Session-key probes: secret iff the session key is *)', 'free probe_device, probe_cloud: bitstring [private].');

  // Queries.
  add(
    '',
    '(* Secrecy *)',
    'query attacker(new ik_good); attacker(new ik_turning).',
    'query attacker(new ck_good).',
    'query attacker(sk_as3); attacker(sk_hub); attacker(ca_tenant_a); attacker(ca_tenant_b); attacker(root).',
  );
  if (cloud) add('query attacker(probe_device); attacker(probe_cloud).');
  add(
    '',
    '(* Non-injective agreement on the quote (devices that never turn bad), and its injective version *)',
    'query d: bitstring, s: bitstring, n: bitstring, m: bitstring, k: pkey; event(accept(d, s, n, m, k)) ==> event(ran(d, n, m, k)) || event(turnedBad(d)).',
    'query d: bitstring, s: bitstring, n: bitstring, m: bitstring, k: pkey; inj-event(accept(d, s, n, m, k)) ==> inj-event(ran(d, n, m, k)) || event(turnedBad(d)).',
    '',
    "(* A device running downgraded or unmeasured software never obtains a certificate: Pluton quoted the good register over this session's nonce *)",
    `query d: bitstring, s: bitstring, n: bitstring, m: bitstring, k: pkey; event(accept(d, s, n, m, k)) ==> event(measured(d, s, m_good)).`,
  );
  if (cloud)
    add(
      '',
      '(* Device to cloud: agreement both ways, tenant isolation *)',
      'query d: bitstring, x: G, y: G; event(devaccept(d, x, y)) ==> event(hubrun(x, y)).',
      'query d: bitstring, x: G, y: G; event(hubacceptGood(d, x, y)) ==> event(devfinish(d, x, y)).',
      'query d: bitstring, x: G, y: G, ca: pkey; event(hubaccept(d, x, y, ca)) ==> ca = pk(ca_tenant_a).',
    );

  // Processes.
  const deviceChecksService = design.device.serverTrustAnchors === 'root-store';
  const quoteArgs = (v: Record<QuoteField, string>, fields: readonly QuoteField[]) => fields.map((f) => v[f]).join(', ');
  const honest: Record<QuoteField, string> = { deviceId: 'id', nonce: withNonce ? 'n' : 'no_nonce', measurements: 'm_good', clientKey: 'pk(ck)' };
  const view = (f: QuoteField, v: string) => (a.quoteFields.includes(f) ? v : f === 'nonce' ? 'no_nonce' : 'm_unreported');
  add(
    '',
    '(* Device: one attestation run. Pluton signs the quote over the fields the design lists. *)',
    'let DeviceAttest(id: bitstring, ik: skey, ck: skey) =',
    '  out(c, hello(id));',
    withNonce ? '  in(c, challenge(n: bitstring, s: bitstring));' : '  in(c, challenge(s: bitstring));',
    deviceChecksService
      ? `  let ${withNonce ? 'challenge_tbs(=n, =id)' : 'challenge_tbs(=id)'} = checksign(s, pk(sk_as3)) in    (* the service's certificate chains to the root store *)`
      : `  let ${withNonce ? 'challenge_tbs(=n, =id)' : 'challenge_tbs(=id)'} = getmess(s) in    (* design device.serverTrustAnchors = any-ca: any signer *)`,
    `  event measured(id, ${honest.nonce}, m_good);`,
    `  event ran(id, ${view('nonce', honest.nonce)}, ${view('measurements', 'm_good')}, pk(ck));`,
    `  out(c, quote(${quoteArgs(honest, carried)}, sign(quote_tbs(${quoteArgs(honest, signed)}), ik))).`,
  );
  const got: Record<QuoteField, string> = { deviceId: '=id', nonce: !withNonce ? 'no_nonce' : nonceCheckOf(design) === 'sent-nonce' ? '=n' : 'qn: bitstring', measurements: 'm: bitstring', clientKey: 'k: pkey' };
  const checked: Record<QuoteField, string> = { deviceId: '=id', nonce: !withNonce ? '=no_nonce' : nonceCheckOf(design) === 'sent-nonce' ? '=n' : '=qn', measurements: a.quoteFields.includes('measurements') ? '=m' : '=m_unreported', clientKey: '=k' };
  add(
    '',
    '(* Security service: one session *)',
    'let Service =',
    '  in(c, hello(id: bitstring));',
    '  get registered(=id, ikpub) in',
    ...(withNonce ? ['  new n: bitstring;', '  out(c, challenge(n, sign(challenge_tbs(n, id), sk_as3)));'] : ['  new n: bitstring;    (* a session name, never sent: the design has no nonce *)', '  out(c, challenge(sign(challenge_tbs(id), sk_as3)));']),
    `  in(c, quote(${carried.map((f) => got[f]).join(', ')}, s: bitstring));`,
    ...(a.quoteFields.includes('measurements') ? ['  if m = m_good then    (* known-good measurements only *)'] : ['  let m = m_unreported in']),
    `  let quote_tbs(${signed.map((f) => checked[f]).join(', ')}) = checksign(s, ikpub) in${nonceCheckOf(design) === 'quote-nonce' && withNonce ? '    (* design attestation.nonceCheck = quote-nonce: over the nonce the quote carries *)' : ''}`,
    `  event accept(id, n, ${withNonce ? 'n' : 'no_nonce'}, m, k);`,
    '  out(c, issued(sign(cert(id, k, tenant_a, client), ca_tenant_a))).',
    '',
    '(* A device in a period it runs the attacker\'s software: its client key is the attacker\'s; its Pluton signs quotes over its real register *)',
    'let PlutonOracle(id: bitstring, ik: skey, ck: skey) =',
    '  in(c, n: bitstring);',
    '  ((event measured(id, n, m_downgraded);',
    `   out(c, sign(quote_tbs(${quoteArgs({ deviceId: 'id', nonce: withNonce ? 'n' : 'no_nonce', measurements: 'm_downgraded', clientKey: 'pk(ck)' }, signed)}), ik)))`,
    '  | (event measured(id, n, m_unmeasured);',
    `   out(c, sign(quote_tbs(${quoteArgs({ deviceId: 'id', nonce: withNonce ? 'n' : 'no_nonce', measurements: 'm_unmeasured', clientKey: 'pk(ck)' }, signed)}), ik)))).`,
  );
  if (cloud) {
    const anchors = design.cloudService.deviceTrustAnchors;
    const caCheck =
      anchors === 'tenant-ca'
        ? ['  let cert(d, dk, =tenant_a, =client) = checksign(dc, pk(ca_tenant_a)) in', '  let ca = pk(ca_tenant_a) in']
        : anchors === 'any-tenant'
          ? ['  in(c, ca: pkey);', '  if ca = pk(ca_tenant_a) || ca = pk(ca_tenant_b) then    (* design cloudService.deviceTrustAnchors = any-tenant *)', '  let cert(d, dk, t, =client) = checksign(dc, ca) in']
          : ['  let cert(d, dk, t, =client) = getmess(dc) in    (* design cloudService.deviceTrustAnchors = any-ca: no chain check *)', '  in(c, ca: pkey);'];
    add(
      '',
      '(* Device: one connection to the cloud service (mutual TLS with the device certificate, ephemeral DH) *)',
      'let DeviceConnect(id: bitstring, ck: skey) =',
      '  in(c, mycert: bitstring);    (* the certificate it holds *)',
      '  new x: exponent;',
      '  out(c, client_hello(exp(g, x)));',
      '  in(c, server_hello(Y: G, hc: bitstring, s: bitstring));',
      deviceChecksService ? '  let cert(=hub_name, hk, t, =server) = checksign(hc, pk(root)) in    (* root store *)' : '  let cert(=hub_name, hk, t, =server) = getmess(hc) in    (* design device.serverTrustAnchors = any-ca *)',
      '  let server_tbs(=exp(g, x), =Y) = checksign(s, hk) in',
      '  event devaccept(id, exp(g, x), Y);',
      '  event devfinish(id, exp(g, x), Y);',
      '  out(c, client_finish(mycert, sign(client_tbs(exp(g, x), Y), ck)));',
      '  out(c, senc(probe_device, G2b(exp(Y, x)))).',
      '',
      '(* Cloud service: one connection *)',
      'let Hub =',
      '  in(c, client_hello(X: G));',
      '  new y: exponent;',
      '  event hubrun(X, exp(g, y));',
      '  out(c, server_hello(exp(g, y), sign(cert(hub_name, pk(sk_hub), microsoft, server), root), sign(server_tbs(X, exp(g, y)), sk_hub)));',
      '  in(c, client_finish(dc: bitstring, s: bitstring));',
      ...caCheck,
      '  let client_tbs(=X, =exp(g, y)) = checksign(s, dk) in',
      '  event hubaccept(d, X, exp(g, y), ca);',
      '  get good(=d) in    (* an always-good device: the session key must be secret, the device must have run this handshake *)',
      '  event hubacceptGood(d, X, exp(g, y));',
      '  out(c, senc(probe_cloud, G2b(exp(X, y)))).',
    );
  }
  add(
    '',
    'process',
    '  (* Always-good devices *)',
    '  ( !(new id: bitstring; new ik_good: skey; new ck_good: skey;',
    '      insert registered(id, pk(ik_good)); insert good(id); out(c, (id, pk(ik_good), pk(ck_good)));',
    `      (!DeviceAttest(id, ik_good, ck_good)${cloud ? ' | !DeviceConnect(id, ck_good)' : ''})) )`,
    '  (* Devices that turn bad: honest in some periods, the attacker\'s in others *)',
    '  | ( !(new id: bitstring; new ik_turning: skey; new ck: skey;',
    '      insert registered(id, pk(ik_turning)); out(c, (id, pk(ik_turning), pk(ck)));',
    `      (!DeviceAttest(id, ik_turning, ck)${cloud ? ' | !DeviceConnect(id, ck)' : ''} | (event turnedBad(id); out(c, ck); !PlutonOracle(id, ik_turning, ck)))) )`,
    '  | !Service',
    ...(cloud ? ['  | !Hub'] : []),
    "  (* The attacker's own device, in another tenant, holds a certificate from that tenant's CA *)",
    '  | out(c, sign(cert(eve_name, pk(k_eve), tenant_b, client), ca_tenant_b))',
    '  | out(c, (pk(sk_as3), pk(sk_hub), pk(ca_tenant_a), pk(ca_tenant_b), pk(root)))',
  );
  return `${L.join('\n')}\n`;
}

/**
 * The protocol design as a Tamarin model (.spthy), for users who have Tamarin: the same roles, checks
 * and lemmas as the Horn translation (translate.ts, queries.ts), as multiset-rewriting rules. Reviewed
 * by reading (Tamarin is not installed here); the golden files are in test/fixtures/export/.
 *
 * Tamarin's `signing` builtin does not reveal the signed message, so a certificate travels as
 * <body, signature>. Checks are Eq(…) action facts under an equality restriction. Tamarin has time, so
 * the injective agreement lemma is stated too (Sevenfold leaves it to its bounded search).
 */
import { nonceCheckOf, QUOTE_FIELDS, type ProtocolDesign, type QuoteField } from '../../model/attestation/protocol-design.js';
import { cloudModelled } from './translate.js';
import { commentText } from './comment-text.js';

export function exportTamarin(design: ProtocolDesign, source: string): string {
  const a = design.attestation;
  const withNonce = a.nonce === 'service-nonce';
  const cloud = cloudModelled(design);
  const carried = QUOTE_FIELDS.filter((f) => a.quoteFields.includes(f));
  const signed = QUOTE_FIELDS.filter((f) => a.signedFields.includes(f));
  const tuple = (items: string[]) => `<${items.join(', ')}>`;
  const pick = (v: Record<QuoteField, string>, fields: readonly QuoteField[]) => fields.map((f) => v[f]);
  const L: string[] = [];
  const add = (...lines: string[]) => L.push(...lines);

  add(
    `theory ${theoryName(design.name)}`,
    'begin',
    '',
    `/* ${commentText(design.name, '*/')}`,
    `   Exported by Sevenfold (sevenfold export --format tamarin) from ${source}.`,
    ...(design.attestation.knownGood === 'every-signed-release' ? ["   The design's service also accepts an older signed release's measurements (attestation.knownGood = every-signed-release);", "   this model's service accepts the current release's only: Sevenfold's search and unbounded proof model both."] : []),
    ...(design.cloudService.deviceIdFrom === 'client-claim' ? ["   The design's cloud acts on a device ID the client claims (cloudService.deviceIdFrom = client-claim); this model's cloud", "   takes the certificate's, as Sevenfold's search does: the flaw is found by Sevenfold's design rules, not here."] : []),
    ...(design.device.serverNames === 'unchecked' ? ["   The design's device takes a server certificate for any host name (device.serverNames = unchecked); this model's", "   device checks the cloud's name: the flaw is found by Sevenfold's search and Horn clauses, not here."] : []),
    '   Time is not modelled beyond trace order: certificate lifetime and the attestation period are checked',
    "   by Sevenfold's bounded search. */",
    '',
    'builtins: signing, diffie-hellman',
    '',
    'restriction Equality: "All x y #i. Eq(x, y) @ #i ==> x = y"',
    'restriction OnlyOnce: "All #i #j. OnlyOnce() @ #i & OnlyOnce() @ #j ==> #i = #j"',
    '',
    '// The service, cloud, CA and root keys; the attacker\'s own device, in another tenant, with its certificate',
    'rule Setup:',
    '  [ Fr(~sk_as3), Fr(~sk_hub), Fr(~ca_a), Fr(~ca_b), Fr(~root), Fr(~k_eve) ]',
    '  --[ OnlyOnce(), TenantCa(pk(~ca_a)), OtherTenantCa(pk(~ca_b)) ]->',
    "  [ !Keys(~sk_as3, ~sk_hub, ~ca_a, ~ca_b, ~root)",
    '  , Out(<pk(~sk_as3), pk(~sk_hub), pk(~ca_a), pk(~ca_b), pk(~root)>)',
    "  , Out(~k_eve), Out(<<'cert', 'eve', pk(~k_eve), 'tenant-b', 'client'>, sign(<'cert', 'eve', pk(~k_eve), 'tenant-b', 'client'>, ~ca_b)>) ]",
    '',
    '// A device: identity key (in Pluton), client key, registered with the service',
    'rule Register_Device:',
    '  [ Fr(~id), Fr(~ik), Fr(~ck) ]',
    '  --[ Registered(~id, ~ik, ~ck) ]->',
    '  [ !Device(~id, ~ik, ~ck), !Registered(~id, pk(~ik)), Out(<~id, pk(~ik), pk(~ck)>) ]',
    '',
    "// A device in a period it runs the attacker's software: the attacker holds its client key",
    'rule Device_Turns_Bad:',
    '  [ !Device(id, ik, ck) ]',
    '  --[ TurnedBad(id) ]->',
    '  [ !Bad(id), Out(ck) ]',
    '',
  );
  for (const bad of ['m-downgraded', 'm-unmeasured']) {
    const v: Record<QuoteField, string> = { deviceId: 'id', nonce: withNonce ? 'n' : "'no-nonce'", measurements: `'${bad}'`, clientKey: 'pk(ck)' };
    add(
      `// Pluton of a device running ${bad.slice(2)} software signs a quote over its real register, any nonce`,
      `rule Pluton_Oracle_${bad === 'm-downgraded' ? 'Downgraded' : 'Unmeasured'}:`,
      '  [ !Bad(id), !Device(id, ik, ck), In(n) ]',
      `  --[ Measured(id, n, '${bad}') ]->`,
      `  [ Out(sign(${tuple(["'quote-tbs'", ...pick(v, signed)])}, ik)) ]`,
      '',
    );
  }
  const challengeTbs = withNonce ? "<'challenge-tbs', ~n, id>" : "<'challenge-tbs', id>";
  add(
    'rule Device_Hello:',
    '  [ !Device(id, ik, ck) ]',
    '  -->',
    "  [ Out(<'hello', id>) ]",
    '',
    '// The security service: a hello from a registered device opens a session',
    'rule Service_Hello:',
    "  [ In(<'hello', id>), !Registered(id, ikpub), !Keys(sk_as3, sk_hub, ca_a, ca_b, root), Fr(~n) ]",
    '  -->',
    `  [ Service_1(id, ikpub, ~n), Out(${withNonce ? `<'challenge', ~n, sign(${challengeTbs}, sk_as3)>` : `<'challenge', sign(${challengeTbs}, sk_as3)>`}) ]${withNonce ? '' : '    // no nonce: ~n names the session only'}`,
    '',
  );
  const honest: Record<QuoteField, string> = { deviceId: 'id', nonce: withNonce ? 'n' : "'no-nonce'", measurements: "'m-good'", clientKey: 'pk(ck)' };
  const view = (f: QuoteField, v: string) => (a.quoteFields.includes(f) ? v : f === 'nonce' ? "'no-nonce'" : "'m-unreported'");
  const deviceChecksService = design.device.serverTrustAnchors === 'root-store';
  add(
    "// The device: on a challenge it accepts, Pluton quotes its good register",
    'rule Device_Quote:',
    `  [ !Device(id, ik, ck), !Keys(sk_as3, sk_hub, ca_a, ca_b, root), In(${withNonce ? "<'challenge', n, s>" : "<'challenge', s>"}) ]`,
    deviceChecksService
      ? `  --[ Eq(verify(s, ${withNonce ? "<'challenge-tbs', n, id>" : "<'challenge-tbs', id>"}, pk(sk_as3)), true)`
      : `  --[ Eq('any-ca', 'any-ca')    // design device.serverTrustAnchors = any-ca: the challenge's signer is not checked`,
    `    , Measured(id, ${honest.nonce}, 'm-good'), Ran(id, ${view('nonce', honest.nonce)}, ${view('measurements', "'m-good'")}, pk(ck)) ]->`,
    `  [ Out(${tuple(["'quote'", ...pick(honest, carried), `sign(${tuple(["'quote-tbs'", ...pick(honest, signed)])}, ik)`])}) ]`,
    '',
  );
  const got: Record<QuoteField, string> = { deviceId: 'id', nonce: !withNonce ? "'no-nonce'" : nonceCheckOf(design) === 'sent-nonce' ? 'n' : 'qn', measurements: 'm', clientKey: 'k' };
  const checked: Record<QuoteField, string> = { ...got, measurements: a.quoteFields.includes('measurements') ? 'm' : "'m-unreported'" };
  add(
    '// The security service: the quote of this session\'s device',
    'rule Service_Quote:',
    `  [ Service_1(id, ikpub, n), !Keys(sk_as3, sk_hub, ca_a, ca_b, root), In(${tuple(["'quote'", ...pick(got, carried), 's'])}) ]`,
    `  --[ Eq(verify(s, ${tuple(["'quote-tbs'", ...pick(checked, signed)])}, ikpub), true)${nonceCheckOf(design) === 'quote-nonce' && withNonce ? '    // design attestation.nonceCheck = quote-nonce' : ''}`,
    ...(a.quoteFields.includes('measurements') ? ["    , Eq(m, 'm-good')"] : []),
    `    , Accept(id, n, ${withNonce ? 'n' : "'no-nonce'"}, ${a.quoteFields.includes('measurements') ? 'm' : "'m-unreported'"}, k) ]->`,
    "  [ Out(<'issued', <<'cert', id, k, 'tenant-a', 'client'>, sign(<'cert', id, k, 'tenant-a', 'client'>, ca_a)>>) ]",
    '',
  );
  if (cloud) {
    const anchors = design.cloudService.deviceTrustAnchors;
    add(
      'rule Device_Connect:',
      '  [ !Device(id, ik, ck), Fr(~x) ]',
      '  -->',
      "  [ Device_Conn_1(id, ck, ~x), Out(<'client-hello', 'g'^~x>) ]",
      '',
      'rule Hub_Hello:',
      "  [ In(<'client-hello', X>), !Keys(sk_as3, sk_hub, ca_a, ca_b, root), Fr(~y) ]",
      "  --[ HubRun(X, 'g'^~y) ]->",
      "  [ Hub_1(X, ~y), Out(<'server-hello', 'g'^~y, <<'cert', 'hub', pk(sk_hub), 'microsoft', 'server'>, sign(<'cert', 'hub', pk(sk_hub), 'microsoft', 'server'>, root)>, sign(<'server-tbs', X, 'g'^~y>, sk_hub)>) ]",
      '',
      'rule Device_Server_Hello:',
      "  [ Device_Conn_1(id, ck, x), !Keys(sk_as3, sk_hub, ca_a, ca_b, root), In(<'server-hello', Y, <<'cert', 'hub', hk, t, 'server'>, hcs>, s>), In(mycert) ]",
      deviceChecksService ? "  --[ Eq(verify(hcs, <'cert', 'hub', hk, t, 'server'>, pk(root)), true)" : "  --[ Eq('any-ca', 'any-ca')    // design device.serverTrustAnchors = any-ca",
      "    , Eq(verify(s, <'server-tbs', 'g'^x, Y>, hk), true)",
      "    , DevAccept(id, 'g'^x, Y), DevFinish(id, 'g'^x, Y), DeviceKey(Y^x) ]->",
      "  [ Out(<'client-finish', mycert, sign(<'client-tbs', 'g'^x, Y>, ck)>) ]",
      '',
      'rule Hub_Client_Finish:',
      "  [ Hub_1(X, y), !Keys(sk_as3, sk_hub, ca_a, ca_b, root), In(<'client-finish', <<'cert', d, dk, t, 'client'>, cs>, s>) ]",
      anchors === 'tenant-ca'
        ? "  --[ Eq(verify(cs, <'cert', d, dk, t, 'client'>, pk(ca_a)), true), Eq(t, 'tenant-a')"
        : anchors === 'any-tenant'
          ? "  --[ Eq(verify(cs, <'cert', d, dk, t, 'client'>, ca), true), TrustedTenantCa(ca)    // design cloudService.deviceTrustAnchors = any-tenant"
          : "  --[ Eq('any-ca', 'any-ca')    // design cloudService.deviceTrustAnchors = any-ca: no chain check",
      "    , Eq(verify(s, <'client-tbs', X, 'g'^y>, dk), true)",
      `    , HubAccept(d, X, 'g'^y, ${anchors === 'tenant-ca' ? 'pk(ca_a)' : anchors === 'any-tenant' ? 'ca' : "'unchecked'"}), HubKey(d, X^y) ]->`,
      '  [ ]',
      '',
    );
    if (anchors === 'any-tenant') add('restriction TenantCas: "All ca #i. TrustedTenantCa(ca) @ #i ==> (Ex #j. TenantCa(ca) @ #j) | (Ex #j. OtherTenantCa(ca) @ #j)"', '');
  }
  add(
    '// ---------------------------------------------------------------- lemmas',
    '',
    'lemma identity_key_secrecy:',
    '  "All id ik ck #i. Registered(id, ik, ck) @ #i ==> not (Ex #j. K(ik) @ #j)"',
    '',
    'lemma client_key_secrecy_good_devices:',
    '  "All id ik ck #i #j. Registered(id, ik, ck) @ #i & K(ck) @ #j ==> Ex #k. TurnedBad(id) @ #k"',
    '',
    'lemma quote_agreement:',
    '  "All d s n m k #i. Accept(d, s, n, m, k) @ #i ==> (Ex #j. Ran(d, n, m, k) @ #j & #j < #i) | (Ex #j. TurnedBad(d) @ #j)"',
    '',
    'lemma quote_injective_agreement:',
    '  "All d s n m k #i. Accept(d, s, n, m, k) @ #i ==> ((Ex #j. Ran(d, n, m, k) @ #j & #j < #i & not (Ex s2 #i2. Accept(d, s2, n, m, k) @ #i2 & not (#i2 = #i)))) | (Ex #j. TurnedBad(d) @ #j)"',
    '',
    'lemma untrusted_software:',
    "  \"All d s n m k #i. Accept(d, s, n, m, k) @ #i ==> Ex #j. Measured(d, s, 'm-good') @ #j & #j < #i\"",
  );
  if (cloud)
    add(
      '',
      'lemma session_key_secrecy_device:',
      '  "All k #i. DeviceKey(k) @ #i ==> not (Ex #j. K(k) @ #j)"',
      '',
      'lemma session_key_secrecy_cloud:',
      '  "All d k #i. HubKey(d, k) @ #i ==> not (Ex #j. K(k) @ #j) | (Ex #j. TurnedBad(d) @ #j) | (d = \'eve\')"',
      '',
      'lemma server_agreement:',
      '  "All d x y #i. DevAccept(d, x, y) @ #i ==> Ex #j. HubRun(x, y) @ #j & #j < #i"',
      '',
      'lemma client_agreement:',
      '  "All d x y ca #i. HubAccept(d, x, y, ca) @ #i ==> (Ex #j. DevFinish(d, x, y) @ #j & #j < #i) | (Ex #j. TurnedBad(d) @ #j) | (d = \'eve\')"',
      '',
      'lemma tenant_isolation:',
      '  "All d x y ca #i. HubAccept(d, x, y, ca) @ #i ==> Ex #j. TenantCa(ca) @ #j"',
    );
  add('', 'end');
  return `${L.join('\n')}\n`;
}

function theoryName(name: string): string {
  const words = name.replace(/[^A-Za-z0-9 ]/g, ' ').split(/\s+/).filter(Boolean);
  return `Sevenfold_${words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}`.slice(0, 80);
}

import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProduct, type Product } from '../../model/product/product.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { productAssumingNoBusMasters } from '../fixtures/bus-masters-stated.js';
import { builtinProtocol, validateProtocolDesign } from '../../model/attestation/load-protocol.js';
import { checkCertificateAuthentication } from '../../properties/certificate-authentication/index.js';
import { checkDesignStatically } from '../../properties/certificate-authentication/design-rules.js';
import { EXPECTED_VIOLATIONS, FAILS_FRESHNESS, fixtureDir, root } from './helpers.js';
import { findProperty, runProperty } from '../../properties/registry.js';
import { checkContext, smallSearchProfile } from '../helpers/check-context.js';

const product = (): Product => productAssumingNoBusMasters(loadProduct(builtinProductFile()).product!);
const context = checkContext({ seed: 20261121, runs: 40, timeoutMs: 10_000, command: 'sevenfold verify --property certificate-authentication' });

describe('certificate-authentication property', () => {
  it('holds for the built-in product, with the bound printed, the apps it covered and every requirement it tested', async () => {
    const r = await checkCertificateAuthentication(product(), context);
    expect(r.verdict).toBe('holds');
    expect(r.summary).toMatch(/^apps: Thermostat → 2 hosts by device certificate; FanControl_RTApp, AirSampler_RTApp open no connection and listen on no port \(not applicable\)/);
    expect(r.summary).toMatch(/holds for ≤ 4 sessions, 2 devices, 2 periods/);
    expect(r.bound).toMatch(/^≤ 4 sessions, 2 devices, 2 attestation periods, attacker depth 8/);
    expect(r.bound).toMatch(/40 forged chains and 40 hostile inputs, seed 20261121/);
    const titles = r.evidence!.map((e) => e.title).join('\n');
    expect(titles).toMatch(/attacker search: holds/);
    expect(titles).toMatch(/app connections: 2 hosts in 1 of 3 apps — 2 certificate, 0 violated, 0 undecided/);
    expect(r.timings!.map((t) => t.check)).toEqual(['app connections', 'design rules', 'attacker search', 'unbounded proof (Horn clauses)', 'forged chains', 'hostile input']);
    expect(r.requirements!.map((q) => [q.id, q.outcome])).toEqual([
      ['certificate-authentication.certificates-not-secrets', 'met'],
      ['certificate-authentication.cloud-device-authentication', 'met'],
      ['certificate-authentication.attestation-protocol', 'met'],
      ['certificate-authentication.min-search-sessions', 'met'],
      ['certificate-authentication.min-search-devices', 'met'],
      ['certificate-authentication.min-search-periods', 'met'],
      ['certificate-authentication.max-certificate-lifetime', 'met'],
      ['certificate-authentication.max-attestation-interval', 'met'],
    ]);
  }, 120_000);

  for (const name of Object.keys(EXPECTED_VIOLATIONS)) {
    it(`is violated for ${name}, with the attack as a message sequence that the real parties accept`, async () => {
      const r = await checkCertificateAuthentication(product(), context, { protocolFile: resolve(fixtureDir, `${name}.json`), symbolicOnly: true });
      expect(r.verdict).toBe('violated');
      const attacks = r.evidence!.filter((e) => e.lines.some((l) => l.startsWith('concrete replay')));
      expect(attacks.length).toBeGreaterThan(0);
      for (const a of attacks) {
        expect(a.lines.some((l) => /^\s+\d+\. /.test(l))).toBe(true);
        expect(a.lines[a.lines.length - 1]).toMatch(/accept every message of this attack/);
        expect(a.reproduce).toMatch(/--seed 20261121/);
      }
    }, 60_000);
  }

  it('is violated by a shared secret in the design, statically', async () => {
    const r = await checkCertificateAuthentication(product(), context, { protocolFile: resolve(fixtureDir, 'shared-secret-cloud.json'), symbolicOnly: true });
    expect(r.verdict).toBe('violated');
    expect(r.summary).toMatch(/shared-secret, not a certificate/);
  });

  it('needs the quote key to be usable by Pluton alone', () => {
    const platform = structuredClone(product().platform);
    expect(checkDesignStatically(builtinProtocol(), platform)).toEqual([]);
    platform.access.push({ component: 'nw-kernel', asset: 'device-identity-key', rights: ['read'] });
    platform.access.push({ component: 'os-services', asset: 'device-identity-key', rights: ['use'] });
    const findings = checkDesignStatically(builtinProtocol(), platform).map((f) => f.message).join('\n');
    expect(findings).toMatch(/Normal World kernel \(Linux\) may read the quote key/);
    expect(findings).toMatch(/OS services .* may use the quote key "device-identity-key" directly: only Pluton.s own firmware may/);
  });

  it('is unknown for an unreadable protocol file', async () => {
    const r = await checkCertificateAuthentication(product(), context, { protocolFile: resolve(fixtureDir, 'missing.json') });
    expect(r.verdict).toBe('unknown');
    expect(r.summary).toMatch(/cannot be read/);
  });
});

describe('certificate-authentication judges the product', () => {
  const quick = checkContext({ seed: 5, runs: 5, bound: { sessions: 1 }, requirements: smallSearchProfile(), command: 'sevenfold verify --property certificate-authentication' });
  const fixtureProduct = (name: string): Product => loadProduct(resolve(root, 'test/fixtures/products', name, 'sevenfold.json')).product!;
  const verdictOf = (name: string) => checkCertificateAuthentication(fixtureProduct(name), quick, { symbolicOnly: true });

  it('an Azure IoT connection without DeviceAuthentication is violated, located at the manifest (file:line:column pointer)', async () => {
    const r = await verdictOf('cert-cloud-without-tenant');
    expect(r.verdict).toBe('violated');
    expect(r.summary).toMatch(/^Telemetry → global\.azure-devices-provisioning\.net \(Azure IoT Hub Device Provisioning Service\): the manifest has no DeviceAuthentication, .*shared secret .*\(test\/fixtures\/products\/cert-cloud-without-tenant\/apps\/telemetry-hl\/app_manifest\.json:\d+:\d+ \/Capabilities\/AllowedConnections\/0\)/);
    expect(r.requirements!.find((q) => q.id === 'certificate-authentication.cloud-device-authentication')!.outcome).toBe('failed');
  });

  // s35-identity: still violated (no tenant), now for the reason the samples give, not a shared secret nothing shows.
  it('the all-zero tenant the samples ship is violated at DeviceAuthentication: the device certificate never ready; beside the devices\' stated tenant, another tenant\'s', async () => {
    const r = await verdictOf('cert-cloud-zero-tenant');
    expect(r.verdict).toBe('violated');
    expect(r.summary).toMatch(/all-zero GUID the samples ship .*device auth not ready.*app_manifest\.json:\d+:\d+ \/Capabilities\/DeviceAuthentication\)$/);
    expect(r.summary).not.toMatch(/shared secret/);
    const stated = await verdictOf('cert-zero-tenant-beside-stated-tenant');
    expect(stated.verdict).toBe('violated');
    expect(stated.summary).toMatch(/names tenant 00000000-0000-0000-0000-000000000000, but the product's devices are claimed into tenant 9e8d7c6b-/);
  });

  it('a password stated in the product file is violated at the product file', async () => {
    const r = await verdictOf('cert-password-to-host');
    expect(r.verdict).toBe('violated');
    expect(r.summary).toMatch(/api\.contoso\.example: the product file says the app authenticates with a password, not a certificate \(test\/fixtures\/products\/cert-password-to-host\/sevenfold\.json:\d+:\d+ \/apps\/0\/authentication\/api\.contoso\.example\)/);
    expect(r.requirements!.find((q) => q.id === 'certificate-authentication.certificates-not-secrets')!.outcome).toBe('failed');
  });

  it('an undecided connection makes the property unknown, with the reason, never holds', async () => {
    const r = await verdictOf('cert-undecided-host');
    expect(r.verdict).toBe('unknown');
    expect(r.summary).toMatch(/1 connection undecided: Telemetry → updates\.contoso\.example: neither the manifest nor the product file says/);
    expect(r.requirements!.find((q) => q.id === 'certificate-authentication.certificates-not-secrets')!.outcome).toBe('unknown');
  });

  it('an app that opens no connection is not applicable; the verdict lists it and rests on the attestation', async () => {
    const r = await verdictOf('cert-no-network');
    expect(r.verdict).toBe('holds');
    expect(r.summary).toMatch(/^apps: Blinky opens no connection and listens on no port \(not applicable\); attestation: certificate-based/);
    expect(r.summary).not.toMatch(/Blinky → /);
    expect(r.requirements!.find((q) => q.id === 'certificate-authentication.cloud-device-authentication')!.outcome).toBe('not-applicable');
  });

  it('an app that listens is judged: unknown naming the app and the port without a statement, violated with a password, holds with certificates', async () => {
    const undecided = await verdictOf('cert-listener-undecided');
    expect(undecided.verdict).toBe('unknown');
    expect(undecided.summary).toMatch(/2 connections undecided: Gateway listens on TCP port 11000: neither the manifest nor the product file says how a client connecting to it is authenticated/);
    expect(undecided.summary).not.toMatch(/not applicable/);
    const violated = await verdictOf('cert-listener-no-authentication');
    expect(violated.verdict).toBe('violated');
    expect(violated.summary).toMatch(/^Gateway listens on TCP port 11000: the product file says its clients authenticate with a password, not a certificate \(.*\/apps\/0\/authentication\/tcp:11000\)/);
    const sound = await verdictOf('cert-listener-certificate');
    expect(sound.verdict).toBe('holds');
    expect(sound.summary).toMatch(/^apps: Gateway → 2 listening ports by client certificate; attestation/);
  });

  it('an image built from another manifest makes the connections it adds unknown, located at /apps/0/image; an image of the same manifest holds', async () => {
    const differs = await verdictOf('cert-image-adds-connections');
    expect(differs.verdict).toBe('unknown');
    expect(differs.summary).toMatch(/2 connections undecided: Gateway's image .*gateway-hl\.imagepackage carries Capabilities\/AllowedConnections \[telnet\.example\], but its manifest states \(none\): the device enforces the image's, whose connections were not judged/);
    const lines = differs.evidence!.flatMap((e) => e.lines).join('\n');
    expect(lines).toMatch(/carries Capabilities\/AllowedTcpServerPorts \[23, 11000\], but its manifest states \[11000\].*sevenfold\.json:\d+:\d+ \/apps\/0\/image\]/);
    const same = await verdictOf('cert-image-same-connections');
    expect(same.verdict, same.summary).toBe('holds');
  });

  // The clock rule read the product's manifest only (model/update/clock.ts clockSettingApps): an image that adds SystemTime held (s37).
  it('an image that lets the app set the clock is violated at the image\'s /Capabilities/SystemTime (cert-image-sets-clock); sound twin cert-image-same-connections holds', async () => {
    const sets = await verdictOf('cert-image-sets-clock');
    expect(sets.verdict, sets.summary).toBe('violated');
    expect(sets.summary).toMatch(/^Gateway \(\/apps\/0\) may set the system time \(test\/fixtures\/products\/cert-image-sets-clock\/images\/gateway-hl\.imagepackage#app_manifest\.json \/Capabilities\/SystemTime\): the device judges a server certificate's validity by that clock/);
    expect(sets.requirements!.find((q) => q.id === 'certificate-authentication.attestation-protocol')?.outcome).toBe('failed');
    expect((await verdictOf('cert-image-same-connections')).verdict).toBe('holds');
  });

  it('a status check the protocol design claims is not credited to Azure IoT services, which check the tenant CA chain alone (azure-iot-checks-chain-only)', async () => {
    const iot = await verdictOf('cert-status-check-to-iot-hub');
    expect(iot.verdict, iot.summary).toBe('violated');
    expect(iot.summary).toBe(
      'test/fixtures/protocols/ten-year-with-status-check.json /deviceCertificate/lifetimeHours: a device certificate is accepted for 87,600 h after its attestation (its lifetime): the design states relying parties check status per connection, but Telemetry → global.azure-devices-provisioning.net (Azure IoT Hub Device Provisioning Service), Telemetry → contoso-hub.azure-devices.net (Azure IoT Hub) are Azure IoT services, which authenticate a device by the tenant CA chain alone (certificate-authentication.azure-iot-checks-chain-only); certificate-authentication.max-certificate-lifetime allows at most 24 h',
    );
    expect(iot.requirements!.find((q) => q.id === 'certificate-authentication.azure-iot-checks-chain-only')?.outcome).toBe('failed');
    // The same design with the product's own service as the only relying party: the status check is the design's to describe.
    const own = await verdictOf('cert-status-check-to-own-service');
    expect(own.verdict, own.summary).toBe('holds');
    // No Azure IoT service relies on the claim, so the rule decides nothing and is not listed.
    expect(own.requirements!.find((q) => q.id === 'certificate-authentication.azure-iot-checks-chain-only')).toBeUndefined();
  });

  it('a DNS-SD entry that presents the device certificate reaches whatever host an answer names, IoT Hub among them: the status check is not credited (s30-redteam; it held)', async () => {
    const sd = await verdictOf('cert-status-check-dns-sd');
    expect(sd.verdict, sd.summary).toBe('violated');
    expect(sd.summary).toMatch(/Telemetry → _telemetry\._tcp\.local \(Azure IoT Hub\) is an Azure IoT service, which authenticates a device by the tenant CA chain alone/);
    expect(sd.requirements!.find((q) => q.id === 'certificate-authentication.azure-iot-checks-chain-only')?.outcome).toBe('failed');
  });

  it('a client-authentication key that is the quote key is violated at /deviceCertificate/clientKey (s30-redteam; it held)', async () => {
    const r = await verdictOf('cert-client-key-is-quote-key');
    expect(r.verdict, r.summary).toBe('violated');
    expect(r.summary).toMatch(/the client-authentication key is the quote key \(device-identity-key\)/);
    expect(r.evidence!.flatMap((e) => e.lines).join('\n')).toMatch(/protocol\.json \/deviceCertificate\/clientKey: the client-authentication key is the quote key/);
    expect(r.requirements!.find((q) => q.id === 'certificate-authentication.attestation-protocol')?.outcome).toBe('failed');
  });

  it("an app's own certificate: unknown with no place for its key, violated with a key in its image, its storage or the quote key, holds with a key the hardware holds (s32)", async () => {
    const unstated = await verdictOf('cert-own-key-unstated');
    expect(unstated.verdict, unstated.summary).toBe('unknown');
    expect(unstated.summary).toMatch(/3 connections undecided: Telemetry → api\.contoso\.example: the product file says the app presents a client certificate of its own, but not where its private key is kept/);
    expect(unstated.requirements!.find((q) => q.id === 'certificate-authentication.certificates-not-secrets')!.outcome).toBe('unknown');
    const flawed = await verdictOf('cert-own-key-not-hardware');
    expect(flawed.verdict, flawed.summary).toBe('violated');
    expect(flawed.summary).toMatch(/^Telemetry → api\.contoso\.example: .*its private key is in the app's image package.*\/apps\/0\/certificateKeys\/api\.contoso\.example\)$/);
    const platformFixture = (name: string) => checkCertificateAuthentication(loadProduct(resolve(root, 'test/fixtures/platforms', name, 'sevenfold.json')).product!, quick, { symbolicOnly: true });
    const sound = await platformFixture('app-key-in-pluton');
    expect(sound.verdict, sound.summary).toBe('holds');
    expect(sound.summary).toMatch(/^apps: Telemetry → 1 host and 1 listening port by client certificate/);
    const readable = await platformFixture('app-key-readable-by-app');
    expect(readable.verdict, readable.summary).toBe('violated');
    expect(readable.summary).toMatch(/"app-tls-key" is kept in flash, not inside Pluton/);
  });

  it('an Azure IoT connection with a real tenant and nothing stated is unknown, naming the statement to make (s32: it held by manifest)', async () => {
    const r = await verdictOf('cert-iot-hub-tenant-unstated');
    expect(r.verdict, r.summary).toBe('unknown');
    expect(r.summary).toMatch(/2 connections undecided: Telemetry → global\.azure-devices-provisioning\.net \(Azure IoT Hub Device Provisioning Service\): DeviceAuthentication names tenant .*nothing says it presents that and no shared secret/);
  });

  it('a cloud that acts on the device ID the client claims, checking the chain alone, is violated at /cloudService/deviceIdFrom; the certificate\'s ID holds (s34-protocol: not stateable before)', async () => {
    const flawed = await verdictOf('cert-cloud-trusts-claimed-id');
    expect(flawed.verdict, flawed.summary).toBe('violated');
    expect(flawed.summary).toMatch(/^the cloud service acts on the device ID the client claims .*deviceIdFrom "client-claim"/);
    expect(flawed.evidence!.flatMap((e) => e.lines).join('\n')).toMatch(/protocol\.json \/cloudService\/deviceIdFrom: /);
    expect(flawed.requirements!.find((q) => q.id === 'certificate-authentication.certificates-not-secrets')!.outcome).toBe('failed');
    const sound = await verdictOf('cert-cloud-takes-certificate-id');
    expect(sound.verdict, sound.summary).toBe('holds');
    // A design with no certificate-authenticated cloud connection has no relying party for the field to describe: an input error, not a field no rule reads.
    const design = structuredClone(builtinProtocol());
    design.cloudService.deviceIdFrom = 'client-claim';
    design.connections = design.connections.filter((c) => c.protocol === 'attestation');
    expect(validateProtocolDesign(design).join('\n')).toMatch(/\/cloudService\/deviceIdFrom.*no device-authentication connection has certificates on both sides/);
  });

  it('a device that checks the server chain but not its host name takes the attacker for the cloud: violated by the search; the name checked holds; left out, unknown naming /device/serverNames (s35 note: not stateable)', async () => {
    const flawed = await verdictOf('cert-device-skips-server-name');
    expect(flawed.verdict, flawed.summary).toBe('violated');
    expect(flawed.summary).toMatch(/^injective-agreement: d1 accepted a server as the cloud service \(certificate sig\[root\]\(cert\(eve-host/);
    expect(flawed.evidence!.flatMap((e) => e.lines).join('\n')).toMatch(/serverNames "unchecked"/);
    const sound = await verdictOf('cert-device-checks-server-name');
    expect(sound.verdict, sound.summary).toBe('holds');
    const unstated = await verdictOf('cert-server-names-unstated');
    expect(unstated.verdict, unstated.summary).toBe('unknown');
    expect(unstated.summary).toMatch(/state \/device\/serverNames \("checked" or "unchecked"\) in the protocol design \(test\/fixtures\/products\/cert-server-names-unstated\/protocol\.json\)/);
  });

  it('a status check that accepts when the security service does not answer is switched off by an attacker on the path: violated; fail-closed holds; unstated, unknown naming /deviceCertificate/statusUnreachable (s36-protocol: not stateable before)', async () => {
    const flawed = await verdictOf('cert-status-check-fails-open');
    expect(flawed.verdict, flawed.summary).toBe('violated');
    expect(flawed.evidence!.map((e) => e.title).join('\n')).toMatch(/attacker search: violated \(.*untrusted-software/);
    expect(flawed.summary).toMatch(/\/deviceCertificate\/statusUnreachable: a device certificate is accepted for 87,600 h after its attestation/);
    const sound = await verdictOf('cert-status-check-to-own-service');
    expect(sound.verdict, sound.summary).toBe('holds');
    const unstated = await verdictOf('cert-status-check-unanswered-unstated');
    expect(unstated.verdict, unstated.summary).toBe('unknown');
    expect(unstated.summary).toMatch(/state \/deviceCertificate\/statusUnreachable \("reject" or "accept"\) in the protocol design/);
    // Without a status check the field says nothing any rule reads: an input error, not a silent statement.
    const design = structuredClone(builtinProtocol());
    design.deviceCertificate.statusUnreachable = 'reject';
    expect(validateProtocolDesign(design).join('\n')).toMatch(/\/deviceCertificate\/statusUnreachable.*revocation is not "status-check"/);
  });

  it('a service whose known-good list keeps every signed release certifies a downgraded device: found by the search, replayed on the real parties, confirmed by the unbounded proof (s34-protocol: not stateable before)', async () => {
    const flawed = await verdictOf('cert-service-accepts-every-release');
    expect(flawed.verdict, flawed.summary).toBe('violated');
    expect(flawed.summary).toMatch(/^untrusted-software: the security service accepted a quote from d2, which runs downgraded software/);
    const attack = flawed.evidence!.find((e) => e.title.startsWith('untrusted-software:'))!;
    expect(attack.lines[attack.lines.length - 1]).toMatch(/concrete replay: the real parties \(CBOR, X\.509, P-256\) accept every message of this attack/);
    expect(flawed.evidence!.flatMap((e) => e.lines).join('\n')).toMatch(/untrusted-software: abstract attack, confirmed by the bounded search's replayed untrusted-software counterexample/);
    const sound = await verdictOf('cert-service-accepts-current-release');
    expect(sound.verdict, sound.summary).toBe('holds');
    // Where the quote reports no measurements the field would be read by no rule: an input error.
    const design = structuredClone(builtinProtocol());
    design.attestation.knownGood = 'every-signed-release';
    design.attestation.quoteFields = design.attestation.quoteFields.filter((f) => f !== 'measurements');
    design.attestation.signedFields = design.attestation.signedFields.filter((f) => f !== 'measurements');
    expect(validateProtocolDesign(design).join('\n')).toMatch(/\/attestation\/knownGood.*the quote does not carry the measurements/);
  });

  it('a product whose connections all use certificates holds', async () => {
    const r = await verdictOf('cert-stated-certificates');
    expect(r.verdict).toBe('holds');
    expect(r.summary).toMatch(/^apps: Telemetry → 3 hosts by device certificate or client certificate/);
  });

  it('a violation wins over an undecided connection', async () => {
    const p = fixtureProduct('cert-undecided-host');
    const r = await checkCertificateAuthentication(p, quick, { symbolicOnly: true, protocolFile: resolve(fixtureDir, 'yearly-attestation.json') });
    expect(r.verdict).toBe('violated');
  });

  for (const [name, requirements] of Object.entries(FAILS_FRESHNESS)) {
    it(`${name}: violated for freshness in hours, naming ${requirements.length > 1 ? 'the requirements' : 'the requirement'}`, async () => {
      const r = await checkCertificateAuthentication(product(), quick, { protocolFile: resolve(fixtureDir, `${name}.json`), symbolicOnly: true });
      expect(r.verdict).toBe('violated');
      for (const id of requirements) expect(r.requirements!.find((q) => q.id === id)!.outcome).toBe('failed');
      expect(r.evidence!.find((e) => e.title.startsWith('freshness'))!.lines.join('\n')).toContain(requirements[0]!);
    });
  }

  it('names the product, its manifests and the protocol as its inputs: the verdict is about the product', async () => {
    const r = await runProperty(findProperty('certificate-authentication')!, fixtureProduct('cert-cloud-zero-tenant'), quick);
    expect(r.scope).toBe('product');
    expect(r.inputs!.map((i) => i.role)).toEqual(expect.arrayContaining(['product file', 'app manifest (Telemetry)', 'protocol design']));
  });
});

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProduct, productApp, type AppAuthentication, type Product } from '../../model/product/product.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { productAssumingNoBusMasters } from '../fixtures/bus-masters-stated.js';
import { readManifest } from '../../formats/manifest/read-manifest.js';
import { parseLocatedText } from '../../formats/json/located-json.js';
import { CHIPS } from '../../formats/chips/mt3620.js';
import { azureIotEndpointOf, tenantStatus } from '../../properties/certificate-authentication/azure-iot-endpoints.js';
import { hostKey, isHostNameEntry } from '../../formats/manifest/host-names.js';
import { reviewAppConnections, type ConnectionJudgement } from '../../properties/certificate-authentication/app-connections.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import { tempDir } from '../helpers.js';
import { root } from './helpers.js';

const TENANT = '3f2b8c1d-9a4e-4b7f-8c21-6d5e4f3a2b1c';

/** A key of the app's own the test platform keeps inside Pluton, used by the Pluton runtime alone (as test/fixtures/platforms/app-key-in-pluton). */
const HARDWARE_APP_KEY = 'app-tls-key';

/** The built-in platform design with HARDWARE_APP_KEY added. */
function withHardwareAppKey(platform: PlatformDesign): PlatformDesign {
  return {
    ...platform,
    assets: [...platform.assets, { id: HARDWARE_APP_KEY, name: "The app's own TLS private key", kind: 'private-key', location: 'pluton', secret: true, critical: true }],
    access: [...platform.access, { component: 'pluton-runtime', asset: HARDWARE_APP_KEY, rights: ['use'] }],
  };
}

/**
 * A product of one app, its manifest written to a temp file (so judgements are located in it), on the built-in
 * platform with a hardware-held app key. `certificateKeys` places the keys of the app's own certificates; left out,
 * every "certificate" stated is given the hardware-held key, so that the tests of other rules (wildcards, host keys,
 * ports) read "certificate" as a sound certificate, as they were written; the tests of the key rule pass their own.
 */
function oneApp(capabilities: Record<string, unknown>, authentication: Record<string, AppAuthentication> = {}, certificateKeys?: Record<string, string>): { product: Product; manifestFile: string; cleanup: () => void } {
  const t = tempDir();
  const text = JSON.stringify({ SchemaVersion: 1, Name: 'Telemetry', ComponentId: '4d1c2b3a-5e6f-4a7b-8c9d-0e1f2a3b4c5d', EntryPoint: '/bin/app', CmdArgs: [], Capabilities: capabilities, ApplicationType: 'Default' }, null, 2);
  const manifestFile = t.write('app_manifest.json', text);
  const manifest = readManifest(parseLocatedText(manifestFile, text), CHIPS['mt3620']!)!;
  const base = productAssumingNoBusMasters(loadProduct(builtinProductFile()).product!);
  const keys = certificateKeys ?? Object.fromEntries(Object.entries(authentication).flatMap(([k, m]) => (m === 'certificate' ? [[k, HARDWARE_APP_KEY]] : [])));
  // In the built-in product's high-level app slot, as loadProduct places it: an app with no slot is undecided (nothing confines it).
  const slot = base.apps.find((a) => a.manifest.kind === manifest.kind)!.slot;
  const product: Product = { ...base, platform: withHardwareAppKey(base.platform), file: resolve(t.dir, 'sevenfold.json'), apps: [{ ...productApp(manifest, manifestFile, 0), ...(slot ? { slot } : {}), authentication, certificateKeys: keys }] };
  return { product, manifestFile, cleanup: t.cleanup };
}

function judgeOne(capabilities: Record<string, unknown>, authentication: Record<string, AppAuthentication> = {}, certificateKeys?: Record<string, string>): ConnectionJudgement[] {
  const p = oneApp(capabilities, authentication, certificateKeys);
  try {
    return reviewAppConnections(p.product, { quoteKey: 'device-identity-key' }).apps[0]!.connections;
  } finally {
    p.cleanup();
  }
}

describe('app connections: how each app authenticates to each host', () => {
  it('an Azure IoT endpoint without DeviceAuthentication is violated, located at the AllowedConnections entry (line:column)', () => {
    const [dps, hub] = judgeOne({ AllowedConnections: ['global.azure-devices-provisioning.net', 'contoso.azure-devices.net'] });
    for (const c of [dps!, hub!]) {
      expect(c.outcome).toBe('violated');
      expect(c.requirement).toBe('certificate-authentication.cloud-device-authentication');
      expect(c.reason).toMatch(/no DeviceAuthentication.*can only authenticate with a shared secret/);
    }
    expect(dps!.endpoint).toBe('Azure IoT Hub Device Provisioning Service');
    expect(hub!.endpoint).toBe('Azure IoT Hub');
    expect(dps!.location.pointer).toBe('/Capabilities/AllowedConnections/0');
    expect(hub!.location.pointer).toBe('/Capabilities/AllowedConnections/1');
    expect(hub!.location.position.line).toBeGreaterThan(1);
  });

  // s35-identity: the all-zero GUID was violated "can only authenticate with a shared secret", which nothing shows. The
  // samples ship it for the maker to replace with the catalog ID (azure-sphere-samples CodeSnippets/DeviceId/README.md);
  // an app left with it finds its device certificate never ready. Still violated (the requirement asks for the real
  // tenant), with that reason; a secret stated is a secret whatever the tenant.
  it('a placeholder GUID is no tenant: violated at DeviceAuthentication, the device certificate never ready, no shared secret claimed', () => {
    for (const placeholder of ['00000000-0000-0000-0000-000000000000', '{00000000-0000-0000-0000-000000000000}', '11111111-1111-1111-1111-111111111111']) {
      for (const stated of [undefined, { 'contoso.azureiotcentral.com': 'device-certificate' as const }]) {
        const [c] = judgeOne({ AllowedConnections: ['contoso.azureiotcentral.com'], DeviceAuthentication: placeholder }, stated);
        expect(c!.outcome, placeholder).toBe('violated');
        expect(c!.requirement).toBe('certificate-authentication.cloud-device-authentication');
        expect(c!.location.pointer).toBe('/Capabilities/DeviceAuthentication');
        expect(c!.reason).toMatch(/placeholder|all-zero GUID the samples ship/);
        expect(c!.reason).toMatch(/device auth not ready.*put the catalog ID the devices are claimed into there/);
        expect(c!.reason).not.toMatch(/shared secret/);
      }
      const [password] = judgeOne({ AllowedConnections: ['contoso.azureiotcentral.com'], DeviceAuthentication: placeholder }, { 'contoso.azureiotcentral.com': 'password' });
      expect(password!.outcome).toBe('violated');
      expect(password!.reason).toMatch(/password/);
    }
  });

  it('text placeholders are not a tenant: violated, located at DeviceAuthentication', () => {
    for (const placeholder of ['--- YOUR TENANT ---', 'Replace_with_your_Azure_Sphere_Tenant_ID']) {
      const [c] = judgeOne({ AllowedConnections: ['contoso.azureiotcentral.com'], DeviceAuthentication: placeholder });
      expect(c!.outcome, placeholder).toBe('violated');
      expect(c!.endpoint).toBe('Azure IoT Central');
      expect(c!.location.pointer).toBe('/Capabilities/DeviceAuthentication');
      expect(c!.reason).toMatch(/all-zero GUID|not a tenant ID/);
    }
  });

  // s32: it held "by manifest". The tenant shows the app can present its device certificate, not that it presents
  // nothing else: a SAS key or connection string in the app is invisible to the manifest.
  it('a real tenant and nothing stated leaves an Azure IoT endpoint unknown, located at DeviceAuthentication, naming the statement to make', () => {
    const [c] = judgeOne({ AllowedConnections: ['contoso.azure-devices.net'], DeviceAuthentication: TENANT });
    expect(c).toMatchObject({ outcome: 'unknown', decidedBy: 'nothing', requirement: 'certificate-authentication.certificates-not-secrets' });
    expect(c!.location.pointer).toBe('/Capabilities/DeviceAuthentication');
    expect(c!.reason).toMatch(/names tenant .*so the app can present its device certificate.*nothing says it presents that and no shared secret.*\/apps\/0\/authentication\/contoso\.azure-devices\.net \(device-certificate/);
    const [stated] = judgeOne({ AllowedConnections: ['contoso.azure-devices.net'], DeviceAuthentication: TENANT }, { 'contoso.azure-devices.net': 'device-certificate' });
    expect(stated).toMatchObject({ outcome: 'certificate', method: 'device-certificate', decidedBy: 'product file' });
  });

  it('a host neither the manifest nor the product file decides is unknown with the reason, never certificate', () => {
    const [c] = judgeOne({ AllowedConnections: ['api.contoso.example'], DeviceAuthentication: TENANT });
    expect(c).toMatchObject({ outcome: 'unknown', decidedBy: 'nothing' });
    expect(c!.reason).toMatch(/neither the manifest nor the product file says.*\/apps\/0\/authentication\/api\.contoso\.example/);
    expect(c!.location.pointer).toBe('/Capabilities/AllowedConnections/0');
  });

  it('a password, shared secret, token or no authentication stated in the product file is violated there, even to an Azure endpoint with a tenant', () => {
    for (const method of ['password', 'shared-secret', 'token', 'none'] as const) {
      for (const host of ['api.contoso.example', 'contoso.azure-devices.net']) {
        const [c] = judgeOne({ AllowedConnections: [host], DeviceAuthentication: TENANT }, { [host.toUpperCase()]: method });
        expect(c, `${method} ${host}`).toMatchObject({ outcome: 'violated', method, decidedBy: 'product file', requirement: 'certificate-authentication.certificates-not-secrets' });
        expect(c!.location.pointer).toBe(`/apps/0/authentication/${host.toUpperCase()}`);
      }
    }
  });

  it('a certificate stated in the product file decides a non-Azure host', () => {
    const [c] = judgeOne({ AllowedConnections: ['api.contoso.example'] }, { 'api.contoso.example': 'certificate' });
    expect(c).toMatchObject({ outcome: 'certificate', method: 'certificate', decidedBy: 'product file' });
  });

  it('device-certificate needs a real tenant for any host, and a stated certificate does not excuse an Azure endpoint without one', () => {
    const [other] = judgeOne({ AllowedConnections: ['api.contoso.example'] }, { 'api.contoso.example': 'device-certificate' });
    expect(other).toMatchObject({ outcome: 'violated', decidedBy: 'manifest' });
    expect(other!.reason).toMatch(/says device-certificate, but the manifest has no DeviceAuthentication/);
    const [withTenant] = judgeOne({ AllowedConnections: ['api.contoso.example'], DeviceAuthentication: TENANT }, { 'api.contoso.example': 'device-certificate' });
    expect(withTenant).toMatchObject({ outcome: 'certificate', method: 'device-certificate', decidedBy: 'product file' });
    const [azure] = judgeOne({ AllowedConnections: ['contoso.azure-devices.net'] }, { 'contoso.azure-devices.net': 'certificate' });
    expect(azure).toMatchObject({ outcome: 'violated', requirement: 'certificate-authentication.cloud-device-authentication' });
    expect(azure!.reason).toMatch(/private key in the app, not in Pluton/);
  });

  it('an app with no AllowedConnections opens no connection: no judgement, the app is listed as covered', () => {
    const p = oneApp({ Gpio: [8] });
    try {
      const review = reviewAppConnections(p.product);
      expect(review.apps).toHaveLength(1);
      expect(review.apps[0]!.app).toBe('Telemetry');
      expect(review.apps[0]!.connections).toEqual([]);
    } finally {
      p.cleanup();
    }
  });

  it('a port the app listens on is judged: unknown naming the app and the port when nothing is stated, never not applicable', () => {
    const judged = judgeOne({ AllowedTcpServerPorts: [11000], AllowedUdpServerPorts: [5683] });
    expect(judged.map((c) => [c.host, c.outcome, c.decidedBy, c.requirement, c.location.pointer])).toEqual([
      ['tcp:11000', 'unknown', 'nothing', 'certificate-authentication.certificates-not-secrets', '/Capabilities/AllowedTcpServerPorts/0'],
      ['udp:5683', 'unknown', 'nothing', 'certificate-authentication.certificates-not-secrets', '/Capabilities/AllowedUdpServerPorts/0'],
    ]);
    expect(judged[0]!.reason).toMatch(/^Telemetry listens on TCP port 11000: neither the manifest nor the product file says how a client connecting to it is authenticated; state it in the product file as \/apps\/0\/authentication\/tcp:11000/);
    expect(judged[0]!.port).toMatchObject({ protocol: 'tcp', number: 11000 });
  });

  it('a listening port follows the host rule: a certificate stated holds, a secret or nothing is violated at the statement, device-certificate needs a tenant', () => {
    const [cert] = judgeOne({ AllowedTcpServerPorts: [8443] }, { 'TCP:8443': 'certificate' });
    expect(cert).toMatchObject({ outcome: 'certificate', method: 'certificate', decidedBy: 'product file' });
    for (const method of ['password', 'shared-secret', 'token', 'none'] as const) {
      const [c] = judgeOne({ AllowedUdpServerPorts: [5683], DeviceAuthentication: TENANT }, { 'udp:5683': method });
      expect(c, method).toMatchObject({ outcome: 'violated', method, decidedBy: 'product file', requirement: 'certificate-authentication.certificates-not-secrets' });
      expect(c!.location.pointer).toBe('/apps/0/authentication/udp:5683');
    }
    const [noTenant] = judgeOne({ AllowedTcpServerPorts: [8443] }, { 'tcp:8443': 'device-certificate' });
    expect(noTenant).toMatchObject({ outcome: 'violated', decidedBy: 'manifest' });
    const [withTenant] = judgeOne({ AllowedTcpServerPorts: [8443], DeviceAuthentication: TENANT }, { 'tcp:8443': 'device-certificate' });
    expect(withTenant).toMatchObject({ outcome: 'certificate', method: 'device-certificate' });
    // A statement for the other protocol, or another port, decides nothing.
    const [other] = judgeOne({ AllowedTcpServerPorts: [8443] }, { 'udp:8443': 'certificate', 'tcp:443': 'certificate' });
    expect(other).toMatchObject({ outcome: 'unknown' });
  });

  it('warns when the product file states authentication for a port the app does not listen on', () => {
    const p = oneApp({ AllowedTcpServerPorts: [11000] }, { 'tcp:11000': 'certificate', 'udp:11000': 'certificate' });
    try {
      expect(reviewAppConnections(p.product).warnings.join('\n')).toMatch(/clients on UDP port 11000 are authenticated, but its AllowedUdpServerPorts does not list 11000/);
    } finally {
      p.cleanup();
    }
  });

  it('warns when the product file states authentication for a host the app does not list', () => {
    const p = oneApp({ AllowedConnections: ['api.contoso.example'] }, { 'api.contoso.example': 'certificate', 'api.contoso.exmaple': 'certificate' });
    try {
      const review = reviewAppConnections(p.product);
      expect(review.warnings.join('\n')).toMatch(/"api\.contoso\.exmaple", which is not in its AllowedConnections/);
    } finally {
      p.cleanup();
    }
  });

  it('the built-in product: Thermostat reaches DPS and IoT Hub with its device certificate; the real-time apps open no connection', () => {
    const review = reviewAppConnections(productAssumingNoBusMasters(loadProduct(builtinProductFile()).product!));
    expect(review.apps.map((a) => [a.app, a.connections.map((c) => `${c.host}:${c.outcome}`)])).toEqual([
      ['Thermostat', ['global.azure-devices-provisioning.net:certificate', 'thermostat-hub.azure-devices.net:certificate']],
      ['FanControl_RTApp', []],
      ['AirSampler_RTApp', []],
    ]);
  });

  it('the fixture products are judged as their descriptions say', () => {
    const review = (name: string) => reviewAppConnections(loadProduct(resolve(root, 'test/fixtures/products', name, 'sevenfold.json')).product!).apps.flatMap((a) => a.connections.map((c) => c.outcome));
    expect(review('cert-cloud-without-tenant')).toEqual(['violated', 'violated']);
    expect(review('cert-cloud-zero-tenant')).toEqual(['violated', 'violated']);
    expect(review('cert-zero-tenant-beside-stated-tenant')).toEqual(['violated', 'violated']);
    expect(review('cert-password-to-host')).toEqual(['certificate', 'violated']);
    expect(review('cert-undecided-host')).toEqual(['certificate', 'unknown']);
    expect(review('cert-no-network')).toEqual([]);
    expect(review('cert-stated-certificates')).toEqual(['certificate', 'certificate', 'certificate']);
    expect(review('cert-iot-hub-absolute-name')).toEqual(['violated']);
    expect(review('cert-wildcard-beyond-iot')).toEqual(['unknown']);
    expect(review('cert-wildcard-iot-hubs')).toEqual(['certificate', 'certificate']);
    expect(review('cert-iot-hub-tenant-unstated')).toEqual(['unknown', 'unknown']);
    expect(review('cert-dns-sd-under-iot-hub')).toEqual(['unknown']);
    expect(review('cert-entry-not-a-host-name')).toEqual(['unknown']);
    expect(review('cert-statement-absolute-name')).toEqual(['violated']);
    expect(review('cert-statement-absolute-name-certificate')).toEqual(['certificate']);
    expect(review('cert-status-check-dns-sd')).toEqual(['certificate']);
    expect(review('cert-iot-hub-fullwidth-name')).toEqual(['violated']);
    expect(review('cert-listener-undecided')).toEqual(['unknown', 'unknown']);
    expect(review('cert-listener-certificate')).toEqual(['certificate', 'certificate']);
    expect(review('cert-listener-no-authentication')).toEqual(['violated', 'violated']);
    expect(review('cert-network-services-undecided')).toEqual(['certificate', 'violated', 'violated']);
    expect(review('cert-dps-instance-without-tenant')).toEqual(['violated']);
    expect(review('cert-dps-instance-with-tenant')).toEqual(['certificate']);
    // The high-level app's own certificates: this design holds no app key in hardware, and the product places none (s32).
    expect(review('cert-real-time-network-unfiltered')).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'unknown']);
    expect(review('cert-real-time-network-none')).toEqual(['certificate', 'certificate', 'certificate']);
    expect(review('cert-network-services-stated')).toEqual(['certificate', 'violated', 'violated']);
    expect(review('cert-image-adds-connections')).toEqual(['certificate', 'certificate', 'unknown', 'unknown']);
    expect(review('cert-image-same-connections')).toEqual(['certificate', 'certificate']);
    expect(review('cert-image-adds-services')).toEqual(['certificate', 'unknown', 'unknown']);
    expect(review('cert-password-beneath-wildcard')).toEqual(['certificate', 'certificate', 'violated']);
    expect(review('cert-certificate-beneath-wildcard')).toEqual(['certificate', 'certificate', 'certificate']);
    // A broadcast or multicast group has no one peer: a certificate stated for it authenticates nobody (s33: it held).
    expect(review('cert-device-certificate-to-broadcast')).toEqual(['certificate', 'violated', 'violated']);
    expect(review('cert-device-certificate-to-one-host')).toEqual(['certificate', 'certificate', 'certificate']);
    // A host a template left for the maker to fill in is not the one the shipped product reaches (s33: device-certificate stated for it held).
    expect(review('cert-device-certificate-to-placeholder')).toEqual(['certificate', 'unknown', 'unknown']);
    expect(review('cert-device-certificate-to-real-host')).toEqual(['certificate', 'certificate', 'certificate']);
    expect(review('cert-password-keyed-with-port')).toEqual(['certificate', 'violated']);
    expect(review('cert-own-key-unstated')).toEqual(['unknown', 'unknown', 'unknown']);
    expect(review('cert-own-key-not-hardware')).toEqual(['violated', 'violated', 'violated']);
    // A key written as a URL says how the app connects: a plain-text scheme, or a password in its userinfo, rules a certificate out (s34-protocol: it held).
    expect(review('cert-device-certificate-over-plain-text')).toEqual(['certificate', 'certificate', 'certificate', 'certificate', 'violated', 'violated', 'violated']);
    expect(review('cert-statement-url-carries-password')).toEqual(['certificate', 'certificate', 'certificate', 'certificate', 'violated']);
    expect(review('cert-device-certificate-to-plain-text-port')).toEqual(['certificate', 'certificate', 'unknown']);
    expect(review('cert-device-certificate-over-tls')).toEqual(['certificate', 'certificate', 'certificate', 'certificate', 'certificate', 'certificate', 'certificate']);
  });

  it("an app that does not check a host's server certificate (serverVerification none) is violated at the statement, the host's own judgement kept (s34-protocol: it held)", () => {
    const review = (name: string) => reviewAppConnections(loadProduct(resolve(root, 'test/fixtures/products', name, 'sevenfold.json')).product!);
    const flawed = review('cert-server-unverified');
    expect(flawed.apps[0]!.connections.map((c) => [c.host, c.outcome, c.location.pointer])).toEqual([
      ['global.azure-devices-provisioning.net', 'certificate', '/apps/0/authentication/global.azure-devices-provisioning.net'],
      ['contoso-hub.azure-devices.net', 'certificate', '/apps/0/authentication/contoso-hub.azure-devices.net'],
      ['api.contoso.example', 'certificate', '/apps/0/authentication/api.contoso.example'],
      ['api.contoso.example', 'violated', '/apps/0/serverVerification/api.contoso.example'],
    ]);
    expect(flawed.apps[0]!.connections[3]!.reason).toMatch(/does not check the server's certificate \(serverVerification "none"\), so whoever answers for api\.contoso\.example is taken for it/);
    const sound = review('cert-server-verified');
    expect(sound.apps[0]!.connections.map((c) => c.outcome)).toEqual(['certificate', 'certificate', 'certificate']);
    expect(sound.warnings).toEqual([]);
  });

  it('serverVerification reaches the hosts a wildcard admits and the host a URL key names; a host the app does not reach is a warning', () => {
    const p = oneApp({ AllowedConnections: ['*.contoso.example'], DeviceAuthentication: TENANT }, { '*.contoso.example': 'device-certificate' });
    try {
      p.product.apps[0]!.serverVerification = { 'files.contoso.example': 'none', 'https://API.contoso.example/v1': 'none', 'api.fabrikam.example': 'none' };
      const review = reviewAppConnections(p.product, { quoteKey: 'device-identity-key' });
      expect(review.apps[0]!.connections.map((c) => [c.host, c.outcome])).toEqual([['*.contoso.example', 'certificate'], ['files.contoso.example', 'violated'], ['api.contoso.example', 'violated']]);
      expect(review.apps[0]!.connections[1]!.reason).toMatch(/a host the manifest's "\*\.contoso\.example" admits/);
      expect(review.warnings.join('\n')).toMatch(/\/apps\/0\/serverVerification\/api\.fabrikam\.example: Telemetry states whether it checks the certificate of "api\.fabrikam\.example", which is not a host its AllowedConnections admits/);
    } finally {
      p.cleanup();
    }
  });

  it('a statement keyed by a URL with a plain-text scheme or a password in its userinfo is violated at the statement, whatever method it states (s34-protocol: device-certificate for "http://…" held)', () => {
    const hosts = { AllowedConnections: ['api.contoso.example'], DeviceAuthentication: TENANT };
    for (const method of ['device-certificate', 'certificate'] as const) {
      for (const key of ['http://api.contoso.example/upload', 'HTTP://API.CONTOSO.EXAMPLE', 'ws://api.contoso.example/stream', 'mqtt://api.contoso.example', 'coap://api.contoso.example', 'https://ops:hunter2@api.contoso.example']) {
        const [entry, url] = judgeOne(hosts, { 'api.contoso.example': 'device-certificate', [key]: method });
        expect(entry!.outcome, key).toBe('certificate');
        expect([url!.outcome, url!.location.pointer], `${method} ${key}`).toEqual(['violated', `/apps/0/authentication/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`]);
      }
    }
    expect(judgeOne(hosts, { 'http://api.contoso.example': 'device-certificate' }).map((c) => c.outcome)).toEqual(['unknown', 'violated']);
    expect(judgeOne(hosts, { 'http://api.contoso.example': 'device-certificate' })[1]!.reason).toMatch(/the product file says device-certificate for "http:\/\/api\.contoso\.example", but the key names the scheme "http", which runs without TLS or DTLS \(RFC 9110 §4\.2\.1/);
    // A port IANA registers for a plain-text service, named without a scheme: whether TLS runs there is not stated (it held).
    for (const key of ['api.contoso.example:80', 'API.contoso.example:1883', 'api.contoso.example:5683']) {
      const [, port] = judgeOne(hosts, { 'api.contoso.example': 'device-certificate', [key]: 'device-certificate' });
      expect([port!.outcome, port!.location.pointer], key).toEqual(['unknown', `/apps/0/authentication/${key}`]);
      expect(port!.reason).toMatch(/which IANA registers for (http|mqtt|coap) without TLS or DTLS, and no scheme/);
    }
    expect(judgeOne(hosts, { 'api.contoso.example': 'device-certificate', 'https://api.contoso.example:80': 'device-certificate' }).map((c) => c.outcome)).toEqual(['certificate', 'certificate']);
    // The TLS and DTLS forms, a user name without a password, and a scheme the rule does not know leave the method to decide.
    for (const key of ['https://api.contoso.example/upload', 'wss://api.contoso.example', 'mqtts://telemetry@api.contoso.example', 'coaps://api.contoso.example', 'api.contoso.example:8883', 'amqps://api.contoso.example']) {
      expect(judgeOne(hosts, { 'api.contoso.example': 'device-certificate', [key]: 'device-certificate' }).map((c) => c.outcome), key).toEqual(['certificate', 'certificate']);
    }
  });

  it('the DHCP and SNTP servers the OS runs for an app (DhcpService, SntpService) are ports it listens on: UDP 67 and 123, violated at the capability', () => {
    const [dhcp, sntp] = judgeOne({ DhcpService: true, SntpService: true, NetworkConfig: true });
    expect([dhcp!.host, dhcp!.outcome, dhcp!.location.pointer]).toEqual(['udp:67', 'violated', '/Capabilities/DhcpService']);
    expect(dhcp!.reason).toMatch(/DHCP authenticates no party with a certificate: .*RFC 2131 §7/);
    expect([sntp!.host, sntp!.outcome, sntp!.location.pointer]).toEqual(['udp:123', 'violated', '/Capabilities/SntpService']);
    expect(sntp!.reason).toMatch(/SNTP authenticates no party with a certificate: .*RFC 4330 §4/);
    expect(judgeOne({ DhcpService: true }, { 'udp:67': 'none' })[0]!.outcome).toBe('violated');
    // The server is the OS's (s31-protocol): a certificate stated for its port held.
    for (const method of ['certificate', 'device-certificate'] as const) {
      const [c] = judgeOne({ SntpService: true, DeviceAuthentication: TENANT }, { 'udp:123': method });
      expect([c!.outcome, c!.location.pointer], method).toEqual(['violated', '/Capabilities/SntpService']);
      expect(c!.reason).toMatch(new RegExp(`the product file's "${method}" for udp:123 cannot change the OS's server`));
    }
    // Declared as well as served: one port, judged once, and the OS's server still answers on it.
    expect(judgeOne({ SntpService: true, AllowedUdpServerPorts: [123] }, { 'udp:123': 'certificate' }).map((c) => [c.host, c.outcome])).toEqual([['udp:123', 'violated']]);
    // A port the app declares itself is still the product file's to state.
    expect(judgeOne({ SntpService: true, AllowedUdpServerPorts: [5683] }, { 'udp:5683': 'certificate' }).map((c) => [c.host, c.outcome])).toEqual([['udp:5683', 'certificate'], ['udp:123', 'violated']]);
    // false asks for nothing.
    expect(judgeOne({ DhcpService: false, SntpService: false })).toEqual([]);
  });

  it('an app the design does not confine to its manifest (no per-app firewall) is unknown beyond its listed hosts, located at the design', () => {
    const p = oneApp({ AllowedConnections: ['api.example.com'] }, { 'api.example.com': 'certificate' });
    try {
      const platform = { ...p.product.platform, appIsolation: { ...p.product.platform.appIsolation, networkFirewall: 'none' as const } };
      const [listed, any] = reviewAppConnections({ ...p.product, platform }).apps[0]!.connections;
      expect(listed!.outcome).toBe('certificate');
      expect([any!.host, any!.outcome, any!.location.pointer]).toEqual(['any host', 'unknown', '/appIsolation/networkFirewall']);
      expect(any!.reason).toContain('the design has no per-app network firewall');
      expect(reviewAppConnections(p.product).apps[0]!.connections.map((c) => c.outcome)).toEqual(['certificate']);
    } finally {
      p.cleanup();
    }
  });

  it('two statements for one host, in two cases, are an input error at the second: neither may decide unseen', () => {
    const loaded = loadProduct(resolve(root, 'test/fixtures/products/cert-host-stated-twice/sevenfold.json'));
    expect(loaded.hasErrors).toBe(true);
    const found = loaded.diagnostics.filter((d) => d.pointer.startsWith('/apps/0/authentication/'));
    expect(found.map((d) => [d.severity, d.name, d.pointer])).toEqual([['error', 'ProductInvalid', '/apps/0/authentication/api.contoso.example']]);
    expect(found[0]!.message).toMatch(/"api.contoso.example" and "API.CONTOSO.EXAMPLE" are one host/);
    // One statement per host (cert-stated-certificates) loads.
    expect(loadProduct(resolve(root, 'test/fixtures/products/cert-stated-certificates/sevenfold.json')).hasErrors).toBe(false);
  });
});

describe('a wildcard broader than an Azure IoT endpoint', () => {
  // Found on the real corpus's variants: "*.net" with a tenant held "by manifest", though most .net hosts are no Azure IoT service.
  it.each(['*.net', '*.com', '*'])('%s with a real tenant and nothing stated is unknown, located at the entry, naming the statement to make', (entry) => {
    const [c] = judgeOne({ AllowedConnections: [entry], DeviceAuthentication: TENANT });
    expect(c!.outcome).toBe('unknown');
    expect(c!.location.pointer).toBe('/Capabilities/AllowedConnections/0');
    expect(c!.reason).toContain(`admits hosts beyond`);
    expect(c!.reason).toContain(`/apps/0/authentication/${entry}`);
  });

  it('"*" is judged as the entry it is: by the product file, never as a design without a firewall ("any port", located in the platform design)', () => {
    const connections = judgeOne({ AllowedConnections: ['*'], DeviceAuthentication: TENANT }, { '*': 'certificate' });
    expect(connections.map((c) => [c.host, c.outcome, c.decidedBy])).toEqual([['*', 'certificate', 'product file']]);
    expect(connections.some((c) => /any port/.test(c.reason))).toBe(false);
  });

  it('without a tenant it is still violated (it reaches IoT Hub), and a statement decides it', () => {
    expect(judgeOne({ AllowedConnections: ['*.net'] })[0]!.outcome).toBe('violated');
    expect(judgeOne({ AllowedConnections: ['*.net'], DeviceAuthentication: TENANT }, { '*.net': 'certificate' })[0]!.outcome).toBe('certificate');
    expect(judgeOne({ AllowedConnections: ['*.net'], DeviceAuthentication: TENANT }, { '*.net': 'password' })[0]!.outcome).toBe('violated');
  });

  it.each(['*.azure-devices.net', '*.westus.azure-devices.net', 'contoso-dps.azure-devices-provisioning.net', 'Contoso-Hub.Azure-Devices.NET.', 'app.azureiotcentral.com'])('%s, every host an Azure IoT one, is decided by device-certificate stated, and unknown by the tenant alone (s32)', (entry) => {
    const [c] = judgeOne({ AllowedConnections: [entry], DeviceAuthentication: TENANT }, { [entry]: 'device-certificate' });
    expect(c!.outcome).toBe('certificate');
    expect(c!.decidedBy).toBe('product file');
    const [unstated] = judgeOne({ AllowedConnections: [entry], DeviceAuthentication: TENANT });
    expect([unstated!.outcome, unstated!.location.pointer]).toEqual(['unknown', '/Capabilities/DeviceAuthentication']);
  });
});

describe('entries that only end like an Azure IoT host (s30-redteam)', () => {
  // Each held "by manifest" with a real tenant: hostMatches saw the IoT Hub suffix and nothing else.
  it.each([
    ['_svc._tcp.contoso.azure-devices.net', /DNS-SD service name: the firewall lets the app reach every host discovered/],
    ['sas:SharedAccessKey@contoso.azure-devices.net', /is not a host name/],
    ['evil.example/.azure-devices.net', /is not a host name/],
    ['-x.azure-devices.net', /is not a host name/],
    ['x..azure-devices.net', /is not a host name/],
  ])('%s with a real tenant and nothing stated is unknown, located at the entry', (entry, why) => {
    const [c] = judgeOne({ AllowedConnections: [entry], DeviceAuthentication: TENANT });
    expect(c!.outcome).toBe('unknown');
    expect(c!.location.pointer).toBe('/Capabilities/AllowedConnections/0');
    expect(c!.reason).toMatch(why);
  });

  it('a statement still decides such an entry, and without a tenant it stays violated', () => {
    expect(judgeOne({ AllowedConnections: ['_svc._tcp.contoso.azure-devices.net'], DeviceAuthentication: TENANT }, { '_svc._tcp.contoso.azure-devices.net': 'certificate' })[0]!.outcome).toBe('certificate');
    expect(judgeOne({ AllowedConnections: ['sas:k@contoso.azure-devices.net'] })[0]!.outcome).toBe('violated');
  });

  it('host names, wildcards over them, "*" and IPv4 addresses are names; URL parts and empty or hyphen-edged labels are not', () => {
    for (const name of ['contoso.azure-devices.net', 'Contoso.Azure-Devices.NET.', '*.azure-devices.net', '*', '192.168.35.1', '_sample-service._tcp.local', 'xn--bcher-kva.example', 'contoso\uff0eazure-devices\uff0enet']) expect(isHostNameEntry(name), name).toBe(true);
    for (const name of ['sas:k@hub.azure-devices.net', 'hub.azure-devices.net:8883', 'evil.example/.azure-devices.net', 'a b.example', 'x..example', '-x.example', 'x-.example', 'fe80::1', '*.*.example']) expect(isHostNameEntry(name), name).toBe(false);
  });
});

describe('a statement for a host a broader entry admits (s31-protocol)', () => {
  // Each held: the statement was warned about as "not in its AllowedConnections" while the entry that admits it held.
  it.each([
    [['*.azure-devices.net'], { 'contoso.azure-devices.net': 'password' }],
    [['*.azure-devices.net'], { 'Contoso.Azure-Devices.NET.': 'token' }],
    [['*.contoso.example'], { '*.contoso.example': 'certificate', 'legacy.contoso.example': 'password' }],
    [['*'], { '*': 'certificate', 'mqtt.contoso.example': 'password' }],
    [['_mqtt._tcp.local'], { '_mqtt._tcp.local': 'certificate', 'broker._mqtt._tcp.local': 'shared-secret' }],
  ] as const)('%j stated %j: violated at the statement', (entries, authentication) => {
    const p = oneApp({ AllowedConnections: [...entries], DeviceAuthentication: TENANT }, authentication);
    try {
      const review = reviewAppConnections(p.product);
      const bad = review.apps[0]!.connections.filter((c) => c.outcome === 'violated');
      expect(bad).toHaveLength(1);
      expect(bad[0]!.location.pointer).toMatch(/^\/apps\/0\/authentication\//);
      expect(bad[0]!.reason).toMatch(/a host the manifest's ".*" admits/);
      expect(review.warnings).toEqual([]);
    } finally {
      p.cleanup();
    }
  });

  it.each([
    [{ 'mqtt.contoso.example': 'certificate', 'mqtt.contoso.example:1883': 'password' }],
    [{ 'mqtt.contoso.example': 'certificate', 'mqtts://telemetry@MQTT.contoso.example.:8883/': 'password' }],
  ] as const)('a key naming a listed host with a port or URL parts, %j: violated at that key', (authentication) => {
    const p = oneApp({ AllowedConnections: ['mqtt.contoso.example'], DeviceAuthentication: TENANT }, authentication);
    try {
      const review = reviewAppConnections(p.product);
      expect(review.apps[0]!.connections.map((c) => c.outcome)).toEqual(['certificate', 'violated']);
      expect(review.apps[0]!.connections[1]!.reason).toMatch(/the key names mqtt\.contoso\.example with more than the host, a host the manifest's "mqtt\.contoso\.example" lists/);
      expect(review.warnings).toEqual([]);
    } finally {
      p.cleanup();
    }
  });

  it('a key that names an Azure IoT host as a URL is judged as that host: its endpoint and tenant rule apply', () => {
    const [, hub] = judgeOne({ AllowedConnections: ['*'] }, { '*': 'certificate', 'https://Contoso.azure-devices.net:443/': 'device-certificate' });
    expect([hub!.host, hub!.endpoint, hub!.outcome]).toEqual(['contoso.azure-devices.net', 'Azure IoT Hub', 'violated']);
    const [, withTenant] = judgeOne({ AllowedConnections: ['*'], DeviceAuthentication: TENANT }, { '*': 'certificate', 'https://Contoso.azure-devices.net:443/': 'device-certificate' });
    expect([withTenant!.endpoint, withTenant!.outcome]).toEqual(['Azure IoT Hub', 'certificate']);
  });

  it('an IPv6 literal is one host in every spelling: bracketed, upper case, zeros written out', () => {
    expect(hostKey('[2001:DB8:0:0::1]')).toBe(hostKey('2001:db8::1'));
    expect(judgeOne({ AllowedConnections: ['[2001:db8::1]'], DeviceAuthentication: TENANT }, { '2001:DB8::1': 'password' }).map((c) => c.outcome)).toEqual(['violated']);
    expect(hostKey('tcp:8080')).toBe('tcp:8080');
  });

  it('a certificate stated there holds, and a host no entry admits is still only a warning', () => {
    expect(judgeOne({ AllowedConnections: ['*.azure-devices.net'], DeviceAuthentication: TENANT }, { '*.azure-devices.net': 'device-certificate', 'contoso.azure-devices.net': 'device-certificate' }).map((c) => c.outcome)).toEqual(['certificate', 'certificate']);
    const p = oneApp({ AllowedConnections: ['*.contoso.example'] }, { '*.contoso.example': 'certificate', 'api.fabrikam.example': 'password' });
    try {
      const review = reviewAppConnections(p.product);
      expect(review.apps[0]!.connections.map((c) => c.outcome)).toEqual(['certificate']);
      expect(review.warnings.join('\n')).toMatch(/"api\.fabrikam\.example", which is not in its AllowedConnections/);
    } finally {
      p.cleanup();
    }
  });
});

describe('one host in two spellings: a statement decides the connection (s30-redteam)', () => {
  // Each was unknown, with a warning that the statement names a host the app does not list.
  it.each([
    ['api.contoso.example.', 'api.contoso.example'],
    ['api.contoso.example', 'api.contoso.example.'],
    ['api\uff0econtoso\uff0eexample', 'api.contoso.example'],
    ['API.Contoso.Example.', 'api.contoso.example'],
  ])('manifest %s, product file %s', (entry, key) => {
    expect(judgeOne({ AllowedConnections: [entry], DeviceAuthentication: TENANT }, { [key]: 'password' }).map((c) => [c.outcome, c.decidedBy])).toEqual([['violated', 'product file']]);
    expect(judgeOne({ AllowedConnections: [entry], DeviceAuthentication: TENANT }, { [key]: 'certificate' }).map((c) => [c.outcome, c.decidedBy])).toEqual([['certificate', 'product file']]);
    const p = oneApp({ AllowedConnections: [entry], DeviceAuthentication: TENANT }, { [key]: 'certificate' });
    try {
      expect(reviewAppConnections(p.product).warnings).toEqual([]);
    } finally {
      p.cleanup();
    }
  });

  it('host keys: case, the trailing dot and the IDNA mapping fold; port keys keep their form', () => {
    expect(hostKey('API.Contoso.Example.')).toBe('api.contoso.example');
    expect(hostKey('api\uff0econtoso\uff0eexample')).toBe('api.contoso.example');
    expect(hostKey('TCP:8080')).toBe('tcp:8080');
    expect(hostKey('evil.example/.azure-devices.net')).toBe('evil.example/.azure-devices.net');
  });
});

describe('two statements for one host in two spellings (s30-redteam)', () => {
  it('a trailing dot makes no other host: an input error at the second key, as two cases are', () => {
    const t = tempDir();
    try {
      t.write('apps/a/app_manifest.json', { SchemaVersion: 1, Name: 'Telemetry', ComponentId: '4d1c2b3a-5e6f-4a7b-8c9d-0e1f2a3b4c5d', EntryPoint: '/bin/app', CmdArgs: [], Capabilities: { AllowedConnections: ['api.contoso.example'] }, ApplicationType: 'Default' });
      const file = t.write('sevenfold.json', { schemaVersion: 1, name: 'two-spellings', chip: 'mt3620', apps: [{ manifest: 'apps/a/app_manifest.json', authentication: { 'api.contoso.example': 'certificate', 'api.contoso.example.': 'password' } }] });
      const loaded = loadProduct(file);
      expect(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.name, d.pointer])).toEqual([['ProductInvalid', '/apps/0/authentication/api.contoso.example.']]);
    } finally {
      t.cleanup();
    }
  });
});

describe('Azure IoT endpoints and tenants', () => {
  it('recognises IoT Hub, DPS and IoT Central hosts, and wildcards broad enough to reach them', () => {
    expect(azureIotEndpointOf('global.azure-devices-provisioning.net')?.service).toBe('Azure IoT Hub Device Provisioning Service');
    // A DPS instance's own endpoint ("your DPS network endpoint") is DPS too, not a host the product file may call a certificate.
    expect(azureIotEndpointOf('contoso-dps.azure-devices-provisioning.net')?.service).toBe('Azure IoT Hub Device Provisioning Service');
    expect(azureIotEndpointOf('azure-devices-provisioning.net.contoso.example')).toBeUndefined();
    // Written with full-width letters or dots, the name a resolver looks up (IDNA mapping) is still IoT Hub's.
    expect(azureIotEndpointOf('contoso\uff0eazure-devices\uff0enet')?.service).toBe('Azure IoT Hub');
    expect(azureIotEndpointOf('\uff23\uff2f\uff2e\uff34\uff2f\uff33\uff2f.azure-devices.net')?.service).toBe('Azure IoT Hub');
    expect(azureIotEndpointOf('b\u00fccher.example')).toBeUndefined();
    expect(azureIotEndpointOf('Contoso-Hub.Azure-Devices.NET')?.service).toBe('Azure IoT Hub');
    expect(azureIotEndpointOf('*.azure-devices.net')?.service).toBe('Azure IoT Hub');
    expect(azureIotEndpointOf('x.azureiotcentral.com')?.service).toBe('Azure IoT Central');
    expect(azureIotEndpointOf('*.net')).toBeDefined();
    // "*" alone reaches every host (the reach graph's any-host node): IoT Hub too.
    expect(azureIotEndpointOf('*')).toBeDefined();
    expect(azureIotEndpointOf('_sample-service._tcp.local')).toBeUndefined();
    expect(azureIotEndpointOf('azure-devices.net.contoso.example')).toBeUndefined();
    expect(azureIotEndpointOf('api.contoso.example')).toBeUndefined();
    expect(azureIotEndpointOf('192.168.35.1')).toBeUndefined();
    // An absolute DNS name (trailing dot) is the same host: a stated client certificate no longer hides the missing tenant.
    expect(azureIotEndpointOf('contoso-hub.azure-devices.net.')?.service).toBe('Azure IoT Hub');
    expect(azureIotEndpointOf('*.azure-devices.net.')?.service).toBe('Azure IoT Hub');
    expect(azureIotEndpointOf('global.azure-devices-provisioning.net.')?.service).toBe('Azure IoT Hub Device Provisioning Service');
    expect(azureIotEndpointOf('api.contoso.example.')).toBeUndefined();
  });

  it('a tenant is a GUID other than the all-zero one', () => {
    expect(tenantStatus(undefined).kind).toBe('absent');
    expect(tenantStatus('00000000-0000-0000-0000-000000000000').kind).toBe('placeholder-guid');
    expect(tenantStatus('--- YOUR TENANT ---').kind).toBe('placeholder');
    expect(tenantStatus(42).kind).toBe('placeholder');
    expect(tenantStatus(TENANT.toUpperCase())).toEqual({ kind: 'tenant', id: TENANT });
  });

  it("a tenant the product file says the devices are not claimed into is another tenant's (deployment.tenant, s34-protocol: it held)", () => {
    const devices = '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a';
    expect(tenantStatus(TENANT, devices)).toEqual({ kind: 'other-tenant', id: TENANT, devices });
    expect(tenantStatus(`{${devices.toUpperCase()}}`, devices)).toEqual({ kind: 'tenant', id: devices });
    // Beside the devices' stated tenant the zeros are certainly not it: another tenant's, violated (s35-identity).
    expect(tenantStatus('00000000-0000-0000-0000-000000000000', devices)).toEqual({ kind: 'other-tenant', id: '00000000-0000-0000-0000-000000000000', devices });
    const review = (name: string) => reviewAppConnections(loadProduct(resolve(root, 'test/fixtures/products', name, 'sevenfold.json')).product!).apps[0]!.connections;
    const flawed = review('cert-tenant-not-the-devices');
    expect(flawed.map((c) => [c.outcome, c.location.pointer])).toEqual([['violated', '/Capabilities/DeviceAuthentication'], ['violated', '/Capabilities/DeviceAuthentication']]);
    expect(flawed[0]!.reason).toMatch(/DeviceAuthentication names tenant 3f2b8c1d-.*, but the product's devices are claimed into tenant 9e8d7c6b-.* \(the product file's \/deployment\/tenant\)/);
    expect(review('cert-tenant-the-devices').map((c) => c.outcome)).toEqual(['certificate', 'certificate']);
    expect(review('cert-zero-tenant-beside-stated-tenant').map((c) => [c.outcome, c.location.pointer])).toEqual([['violated', '/Capabilities/DeviceAuthentication'], ['violated', '/Capabilities/DeviceAuthentication']]);
    expect(review('cert-cloud-zero-tenant').map((c) => [c.outcome, c.location.pointer])).toEqual([['violated', '/Capabilities/DeviceAuthentication'], ['violated', '/Capabilities/DeviceAuthentication']]);
  });

  it('serverVerification is for hosts: a port key, or one host stated twice, is an input error at the key', () => {
    const t = tempDir();
    try {
      const fixture = resolve(root, 'test/fixtures/products/cert-server-verified');
      t.write('apps/telemetry-hl/app_manifest.json', readFileSync(resolve(fixture, 'apps/telemetry-hl/app_manifest.json'), 'utf8'));
      const spec = JSON.parse(readFileSync(resolve(fixture, 'sevenfold.json'), 'utf8'));
      spec.apps[0].serverVerification = { 'tcp:8443': 'none', 'api.contoso.example': 'certificate', 'API.contoso.example.': 'none' };
      const loaded = loadProduct(t.write('sevenfold.json', spec));
      expect(loaded.hasErrors).toBe(true);
      const errors = loaded.diagnostics.filter((d) => d.name === 'ProductInvalid').map((d) => d.pointer);
      expect(errors).toEqual(expect.arrayContaining(['/apps/0/serverVerification/tcp:8443', '/apps/0/serverVerification/API.contoso.example.']));
    } finally {
      t.cleanup();
    }
  });

  it('deployment.tenant must name a tenant: the all-zero GUID is an input error at the field', () => {
    const t = tempDir();
    try {
      const fixture = resolve(root, 'test/fixtures/products/cert-tenant-the-devices');
      t.write('apps/telemetry-hl/app_manifest.json', readFileSync(resolve(fixture, 'apps/telemetry-hl/app_manifest.json'), 'utf8'));
      const spec = JSON.parse(readFileSync(resolve(fixture, 'sevenfold.json'), 'utf8'));
      spec.deployment.tenant = '00000000-0000-0000-0000-000000000000';
      const loaded = loadProduct(t.write('sevenfold.json', spec));
      expect(loaded.hasErrors).toBe(true);
      expect(loaded.diagnostics.map((d) => [d.name, d.pointer])).toContainEqual(['ProductInvalid', '/deployment/tenant']);
    } finally {
      t.cleanup();
    }
  });
});

describe("a certificate of the app's own is as unforgeable as the place of its key (s32, apps[].certificateKeys)", () => {
  // It held on the word "certificate" alone. On Azure Sphere an app's own key is in its image or its mutable storage:
  // Pluton's only client-authentication key is the device's (azure-sphere-facts §4).
  const caps = { AllowedConnections: ['api.contoso.example'], AllowedTcpServerPorts: [8443] };
  const both = { 'api.contoso.example': 'certificate', 'tcp:8443': 'certificate' } as const;

  it('no place stated: unknown at the statement, naming the field to state, for a host and for a port the app serves', () => {
    const [host, port] = judgeOne(caps, both, {});
    for (const [c, key] of [[host!, 'api.contoso.example'], [port!, 'tcp:8443']] as const) {
      expect(c, key).toMatchObject({ outcome: 'unknown', method: 'certificate', decidedBy: 'nothing', requirement: 'certificate-authentication.certificates-not-secrets' });
      expect(c.location.pointer).toBe(`/apps/0/authentication/${key}`);
      expect(c.reason).toContain(`state it as /apps/0/certificateKeys/${key} (image, mutable-storage, or the platform asset that holds it), or device-certificate`);
    }
    expect(port!.reason).toMatch(/^Telemetry listens on TCP port 8443: .*serves with a certificate of its own, but not where its private key is kept/);
  });

  it.each([
    ['image', /in the app's image package: the same bytes on every device/],
    ['mutable-storage', /in the app's mutable storage: flash the app's own software reads/],
    ['device-identity-key', /is the quote key "device-identity-key"/],
    ['pluton-key-store', /"pluton-key-store" is not a secret private key/],
    ['app-mutable-storage', /"app-mutable-storage" is not a secret private key.*kept in flash, not inside Pluton/],
  ])('key in %s: violated at /apps/0/certificateKeys', (place, why) => {
    const judged = judgeOne(caps, both, { 'api.contoso.example': place, 'TCP:8443': place });
    expect(judged.map((c) => [c.outcome, c.decidedBy, c.location.pointer])).toEqual([
      ['violated', 'product file', '/apps/0/certificateKeys/api.contoso.example'],
      ['violated', 'product file', '/apps/0/certificateKeys/TCP:8443'],
    ]);
    for (const c of judged) expect(c.reason).toMatch(why);
  });

  it('key in a platform asset Pluton holds and only Pluton uses: holds; the same asset readable by the app: violated', () => {
    const judged = judgeOne(caps, both, { 'api.contoso.example': HARDWARE_APP_KEY, 'tcp:8443': HARDWARE_APP_KEY });
    expect(judged.map((c) => [c.outcome, c.location.pointer])).toEqual([
      ['certificate', '/apps/0/certificateKeys/api.contoso.example'],
      ['certificate', '/apps/0/certificateKeys/tcp:8443'],
    ]);
    const p = oneApp(caps, both, { 'api.contoso.example': HARDWARE_APP_KEY });
    try {
      const platform = { ...p.product.platform, access: [...p.product.platform.access, { component: 'hl-app', asset: HARDWARE_APP_KEY, rights: ['read' as const] }] };
      const [host] = reviewAppConnections({ ...p.product, platform }).apps[0]!.connections;
      expect(host!.outcome).toBe('violated');
      expect(host!.reason).toMatch(/may read the app's key "app-tls-key"/);
    } finally {
      p.cleanup();
    }
  });

  it('a place stated where the method is not "certificate" decides nothing: a warning', () => {
    const p = oneApp({ AllowedConnections: ['api.contoso.example', 'contoso.azure-devices.net'], DeviceAuthentication: TENANT }, { 'contoso.azure-devices.net': 'device-certificate' }, { 'contoso.azure-devices.net': 'image', 'api.contoso.example': 'image' });
    try {
      const review = reviewAppConnections(p.product);
      expect(review.apps[0]!.connections.map((c) => c.outcome)).toEqual(['unknown', 'certificate']);
      expect(review.warnings.join('\n')).toMatch(/certificateKeys\/contoso\.azure-devices\.net: .*its authentication there is "device-certificate", not "certificate": the place decides nothing/);
      expect(review.warnings.join('\n')).toMatch(/certificateKeys\/api\.contoso\.example: .*states no method for "api\.contoso\.example"/);
    } finally {
      p.cleanup();
    }
  });

  it('a place that is neither a word nor an asset of the platform design is an input error at the value', () => {
    const loaded = loadProduct(resolve(root, 'test/fixtures/products/cert-own-key-misspelt-asset/sevenfold.json'));
    expect(loaded.hasErrors).toBe(true);
    const found = loaded.diagnostics.filter((d) => d.pointer.startsWith('/apps/0/certificateKeys'));
    expect(found.map((d) => [d.severity, d.name, d.pointer])).toEqual([['error', 'ProductInvalid', '/apps/0/certificateKeys/api.contoso.example']]);
    expect(found[0]!.message).toMatch(/"app-tls-key" is neither "image" nor "mutable-storage" nor an asset of the platform design .*\(its private keys: "device-identity-key"\)/);
    expect(loadProduct(resolve(root, 'test/fixtures/products/cert-own-key-not-hardware/sevenfold.json')).hasErrors).toBe(false);
  });
});

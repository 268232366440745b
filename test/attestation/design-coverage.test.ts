/**
 * A protocol design must describe every part of the protocol the product relies on: a verdict is about
 * the design as written, so a part it leaves out (the device-to-cloud connection of apps that present
 * the device certificate) is undecided, never proved by omission.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProduct, type Product } from '../../model/product/product.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { productAssumingNoBusMasters } from '../fixtures/bus-masters-stated.js';
import { checkCertificateAuthentication } from '../../properties/certificate-authentication/index.js';
import { checkContext, smallSearchProfile } from '../helpers/check-context.js';
import { fixtureDir, root } from './helpers.js';

// A one-session search, under a profile that accepts it (the built-in asks for 4: certificate-authentication.min-search-sessions).
const quick = checkContext({ seed: 5, runs: 5, bound: { sessions: 1 }, requirements: smallSearchProfile(), command: 'sevenfold verify --property certificate-authentication' });
const builtin = (): Product => productAssumingNoBusMasters(loadProduct(builtinProductFile()).product!);
const fixtureProduct = (name: string): Product => loadProduct(resolve(root, 'test/fixtures/products', name, 'sevenfold.json')).product!;
const design = (name: string) => resolve(fixtureDir, `${name}.json`);
const cloudRequirement = (r: Awaited<ReturnType<typeof checkCertificateAuthentication>>) => r.requirements!.find((q) => q.id === 'certificate-authentication.cloud-device-authentication')!.outcome;

describe('certificate-authentication: the design must describe the connection the apps use', () => {
  it('apps presenting the device certificate under a design with no device-to-cloud connection: unknown, not holds', async () => {
    // The design's ten-year certificates with a status check are violated for these apps' IoT Hub and DPS (they check the CA chain
    // alone: azure-iot-checks-chain-only); a profile that takes the design's word isolates the gap this test is about.
    const violated = await checkCertificateAuthentication(builtin(), quick, { protocolFile: design('no-cloud-connection'), symbolicOnly: true });
    expect(violated.verdict).toBe('violated');
    expect(violated.summary).toMatch(/no-cloud-connection\.json \/deviceCertificate\/lifetimeHours: a device certificate is accepted for 87,600 h/);
    const trusting = smallSearchProfile();
    trusting.requirements['certificate-authentication']!.find((q) => q.id === 'certificate-authentication.azure-iot-checks-chain-only')!.value = false;
    const r = await checkCertificateAuthentication(builtin(), { ...quick, requirements: trusting }, { protocolFile: design('no-cloud-connection'), symbolicOnly: true });
    expect(r.verdict).toBe('unknown');
    expect(r.summary).toMatch(/2 app connections use the device certificate \(.+\), but the protocol design .*no-cloud-connection\.json has no device-authentication connection/);
    expect(cloudRequirement(r)).toBe('unknown');
  });

  it('the same design for a product whose apps present no device certificate holds: the attestation is all it relies on', async () => {
    const r = await checkCertificateAuthentication(fixtureProduct('cert-no-network'), quick, { protocolFile: design('no-cloud-connection'), symbolicOnly: true });
    expect(r.verdict, r.summary).toBe('holds');
  });

  it('the built-in design, which describes the cloud connection, holds for the same apps', async () => {
    const r = await checkCertificateAuthentication(builtin(), quick, { symbolicOnly: true });
    expect(r.verdict, r.summary).toBe('holds');
    expect(cloudRequirement(r)).toBe('met');
  });

  it('a device that attests with its certificate instead of the quote is violated at that credential; the built-in design attests with the identity key', async () => {
    const r = await checkCertificateAuthentication(builtin(), quick, { protocolFile: design('attests-with-certificate'), symbolicOnly: true });
    expect(r.verdict).toBe('violated');
    expect(r.summary).toMatch(/the device attests with a certificate, not the quote signed by its hardware-held key \(device-identity-key\)/);
    expect(r.evidence!.flatMap((e) => e.lines).join('\n')).toMatch(/attests-with-certificate\.json \/connections\/0\/client\/credential: /);
    const requirement = (id: string) => r.requirements!.find((q) => q.id === id)!.outcome;
    expect(requirement('certificate-authentication.attestation-protocol')).toBe('failed');
    expect(requirement('certificate-authentication.certificates-not-secrets')).toBe('met');
  });

  it('a quote key the factory puts into every device is violated at the quote key, whatever the fleet size; per-device keys (the built-in platform) hold', async () => {
    for (const name of ['same-identity-key', 'same-identity-key-one-device']) {
      const r = await checkCertificateAuthentication(fixtureProduct(`root-of-trust/${name}`), quick, { symbolicOnly: true });
      expect(r.verdict, name).toBe('violated');
      expect(r.summary).toMatch(/puts one identity key into every device \(identityKeyProvisioning: same-for-every-device\): a quote signed by "device-identity-key" does not tell the devices apart/);
      expect(r.requirements!.find((q) => q.id === 'certificate-authentication.attestation-protocol')!.outcome).toBe('failed');
    }
  });

  it('a platform whose measurement register can be made to read "genuine" after a tampered image ran is violated at the quote\'s measurements; a sound register holds', async () => {
    const platformProduct = (name: string): Product => loadProduct(resolve(root, 'test/fixtures/platforms', name, 'sevenfold.json')).product!;
    for (const [name, why] of [
      ['kernel-measured-after-run', /nw-kernel is measured after-run by pluton-runtime: it runs unmeasured first/],
      ['kernel-measured-by-services', /nw-kernel is to be measured before it runs by os-services, which is not running yet/],
      ['measurement-register-in-flash', /pcr-boot, which .* is kept in flash/],
      ['app-writes-measurement-register', /hl-app may write pcr-boot/],
    ] as const) {
      const r = await checkCertificateAuthentication(platformProduct(name), quick, { symbolicOnly: true });
      expect(r.verdict, name).toBe('violated');
      expect(r.summary).toMatch(/^the quote's measurements do not show what the device runs: /);
      expect(r.summary).toMatch(why);
      expect(r.requirements!.find((q) => q.id === 'certificate-authentication.attestation-protocol')!.outcome).toBe('failed');
    }
    const sound = await checkCertificateAuthentication(platformProduct('app-counter-in-pluton'), quick, { symbolicOnly: true });
    expect(sound.verdict, sound.summary).toBe('holds');
  });

  it("a client-authentication key the protocol design names and the platform keeps in flash, readable by the app, is violated at that key; the same key inside Pluton, used by Pluton alone, holds", async () => {
    const platformProduct = (name: string): Product => loadProduct(resolve(root, 'test/fixtures/platforms', name, 'sevenfold.json')).product!;
    const r = await checkCertificateAuthentication(platformProduct('client-key-readable-by-apps'), quick, { symbolicOnly: true });
    expect(r.verdict).toBe('violated');
    expect(r.summary).toMatch(/^the client-authentication key "device-client-key" is kept in flash, not inside Pluton; whoever takes it presents the device's certificate as the device/);
    const lines = r.evidence!.flatMap((e) => e.lines).join('\n');
    expect(lines).toMatch(/protocol\.json \/deviceCertificate\/clientKey: High-level app.* \(untrusted\) may read the client-authentication key "device-client-key"/);
    // A client-key finding fails the requirement it falls under, not only the verdict (it read met: only /connections counted).
    expect(r.requirements!.find((q) => q.id === 'certificate-authentication.certificates-not-secrets')!.outcome).toBe('failed');
    const sound = await checkCertificateAuthentication(platformProduct('client-key-in-pluton'), quick, { symbolicOnly: true });
    expect(sound.verdict, sound.summary).toBe('holds');
    expect(sound.evidence!.flatMap((e) => e.lines)).toContain('client-authentication key: the platform asset "device-client-key", held to the quote key\'s rule (a secret private key inside Pluton, used by Pluton alone)');
  });

  it('a client-authentication key the factory puts into every device is violated at that key; left out on a maker\'s Pluton it is unknown naming the asset\'s provisioning; per device (stated, or inside Microsoft\'s Pluton) holds', async () => {
    const platformProduct = (name: string): Product => loadProduct(resolve(root, 'test/fixtures/platforms', name, 'sevenfold.json')).product!;
    const fleet = await checkCertificateAuthentication(platformProduct('client-key-same-for-every-device'), quick, { symbolicOnly: true });
    expect(fleet.verdict, fleet.summary).toBe('violated');
    expect(fleet.summary).toMatch(/puts one client-authentication key "device-client-key" into every device \(\/assets\/\d+\/provisioning: same-for-every-device\): .*any device presents another's certificate as that device/);
    expect(fleet.requirements!.find((q) => q.id === 'certificate-authentication.certificates-not-secrets')!.outcome).toBe('failed');
    const unstated = await checkCertificateAuthentication(platformProduct('client-key-provisioning-unstated-maker-pluton'), quick, { symbolicOnly: true });
    expect(unstated.verdict, unstated.summary).toBe('unknown');
    expect(unstated.summary).toMatch(/platform\.json: the platform design .* does not state \/assets\/\d+\/provisioning of the client-authentication key "device-client-key", and its Pluton firmware is not shown to be Microsoft's/);
    for (const name of ['client-key-in-pluton', 'identity-provisioning-stated-maker-pluton']) {
      const sound = await checkCertificateAuthentication(platformProduct(name), quick, { symbolicOnly: true });
      expect(sound.verdict, `${name}: ${sound.summary}`).toBe('holds');
    }
  });

  it('a platform with a private key besides the quote key and a protocol design that names no client key: unknown, not Azure Sphere\'s default; named, it is decided', async () => {
    const platformProduct = (name: string): Product => loadProduct(resolve(root, 'test/fixtures/platforms', name, 'sevenfold.json')).product!;
    const r = await checkCertificateAuthentication(platformProduct('client-key-unnamed-in-flash'), quick, { symbolicOnly: true });
    expect(r.verdict, r.summary).toBe('unknown');
    expect(r.summary).toMatch(/has private key besides the quote key \("tls-client-key" \(flash\)\), any of which may be the device's client-authentication key; the protocol design names none \(deviceCertificate\.clientKey\)/);
    expect(r.requirements!.find((q) => q.id === 'certificate-authentication.certificates-not-secrets')!.outcome).toBe('unknown');
    const named = await checkCertificateAuthentication(platformProduct('client-key-named-in-flash'), quick, { symbolicOnly: true });
    expect(named.verdict).toBe('violated');
    expect(named.summary).toMatch(/^the client-authentication key "tls-client-key" is kept in flash, not inside Pluton/);
    // The built-in platform (Pluton, no private key but the quote key) keeps the default, and says on whose word.
    const sound = await checkCertificateAuthentication(builtin(), quick, { symbolicOnly: true });
    expect(sound.verdict, sound.summary).toBe('holds');
    expect(sound.evidence!.flatMap((e) => e.lines).join('\n')).toMatch(/taken as Azure Sphere's, generated and held inside Pluton .*\(the platform has a Pluton and no private key besides the quote key\)/);
  });

  it('a quote key that code on the Pluton core but not Pluton\'s own firmware may use (an untrusted plug-in, an app slot placed there) is violated; Pluton\'s runtime alone holds', async () => {
    const load = (dir: string): Product => loadProduct(resolve(root, 'test/fixtures', dir, 'sevenfold.json')).product!;
    for (const [dir, who] of [
      ['products/root-of-trust/untrusted-pluton-plugin-uses-identity-key', /^Customer plug-in on the Pluton core \(on Pluton, untrusted\) may use the quote key "device-identity-key" directly: only Pluton's own firmware may/],
      ['platforms/app-slot-on-pluton-uses-identity-key', /^High-level app: Thermostat \(on Pluton, untrusted\) may use the quote key "device-identity-key" directly: only Pluton's own firmware may/],
    ] as const) {
      const r = await checkCertificateAuthentication(load(dir), quick, { symbolicOnly: true });
      expect(r.verdict, dir).toBe('violated');
      expect(r.summary).toMatch(who);
      expect(r.requirements!.find((q) => q.id === 'certificate-authentication.attestation-protocol')!.outcome).toBe('failed');
    }
    const sound = await checkCertificateAuthentication(builtin(), quick, { symbolicOnly: true });
    expect(sound.verdict, sound.summary).toBe('holds');
  });
});

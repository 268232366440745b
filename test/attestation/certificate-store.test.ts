/**
 * The device certificate store (properties/certificate-authentication/certificate-store.ts): an app holding CertStore or
 * EnterpriseWifiConfig puts certificates the product does not describe into the device's authentication to a network,
 * so certificate-authentication is unknown at the capability. Before s38 no rule read either capability and these
 * products held as "not applicable". Flawed: products/cert-app-holds-cert-store, cert-app-configures-eap-tls; sound
 * twin (the same app without the capability): cert-no-network.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProduct, type Product } from '../../model/product/product.js';
import { checkCertificateAuthentication } from '../../properties/certificate-authentication/index.js';
import { reviewAppConnections } from '../../properties/certificate-authentication/app-connections.js';
import { checkContext, smallSearchProfile } from '../helpers/check-context.js';
import { root } from './helpers.js';

const quick = checkContext({ seed: 5, runs: 5, bound: { sessions: 1 }, requirements: smallSearchProfile(), command: 'sevenfold verify --property certificate-authentication' });
const fixtureProduct = (name: string): Product => loadProduct(resolve(root, 'test/fixtures/products', name, 'sevenfold.json')).product!;
const connections = (product: Product) => reviewAppConnections(product).apps.flatMap((a) => a.connections);

describe('certificate-authentication: the device certificate store', () => {
  for (const [fixture, capability] of [
    ['cert-app-holds-cert-store', 'CertStore'],
    ['cert-app-configures-eap-tls', 'EnterpriseWifiConfig'],
  ] as const) {
    it(`${fixture}: ${capability} is an undecided authentication, located at the capability`, () => {
      const found = connections(fixtureProduct(fixture));
      expect(found.map((c) => c.outcome)).toEqual(['unknown']);
      expect(found[0]!.location.pointer).toBe(`/Capabilities/${capability}`);
      expect(found[0]!.location.file).toMatch(/blinky-hl[\\/]app_manifest\.json$/);
      expect(found[0]!.reason).toMatch(new RegExp(`Blinky holds ${capability}: .*EAP-TLS.*private keys of those certificates are kept is stated nowhere`));
    });
  }

  it('the sound twin, the same app without either capability, opens no connection', () => {
    expect(connections(fixtureProduct('cert-no-network'))).toEqual([]);
  });

  it('an app holding CertStore makes the property unknown, never holds', async () => {
    const r = await checkCertificateAuthentication(fixtureProduct('cert-app-holds-cert-store'), quick, { symbolicOnly: true });
    expect(r.verdict).toBe('unknown');
    expect(r.summary).toMatch(/1 connection undecided: Blinky holds CertStore/);
    expect(r.requirements!.find((q) => q.id === 'certificate-authentication.certificates-not-secrets')!.outcome).toBe('unknown');
  });

  it("a certificate-store capability only the app's image holds is an image difference certificate-authentication reads", () => {
    const product = fixtureProduct('cert-no-network');
    const app = product.apps[0]!;
    const mismatch = { field: 'Capabilities/CertStore', product: '(none)', image: '[true]', manifestFile: app.manifestFile, manifestPointer: '/Capabilities', manifestPosition: { line: 1, column: 1 }, imagePointer: '/apps/0/image', imagePosition: { line: 1, column: 1 } };
    const withImage = { ...product, apps: [{ ...app, image: { ...(app.image ?? {}), file: 'blinky.imagepackage', manifestMismatches: [mismatch] } }] } as unknown as Product;
    const found = connections(withImage);
    expect(found.map((c) => [c.outcome, c.imageField])).toEqual([['unknown', 'Capabilities/CertStore']]);
  });
});

/**
 * The device certificate store: certificates an app installs for the device to authenticate to a network with.
 * `CertStore` gives an app "access to device certificate store (EAP-TLS certs)" and `EnterpriseWifiConfig` lets it
 * "configure EAP-TLS Wi-Fi" (azure-sphere-facts §1.3): the device then proves itself to that network with a
 * certificate of the store, a connection of the device as much as one to a host in AllowedConnections.
 *
 * A certificate proves the device only when its private key is unforgeable: held by hardware, not by the app's image or
 * storage (model/product/certificate-keys.ts, the rule for a certificate of the app's own; the profile's
 * certificates-not-secrets). Where the keys of the store's certificates come from is public nowhere in the facts file,
 * and a product cannot state it (apps[].certificateKeys is keyed by a host or a port the app reaches), so such an app is
 * undecided at its capability, as a certificate of the app's own with no place stated is. Before s38 no rule read
 * either capability and an app holding them, with no other connection, held certificate-authentication as "not
 * applicable" (products/cert-app-holds-cert-store, cert-app-configures-eap-tls; sound twin cert-no-network).
 *
 * A capability only the app's image holds is the image difference app-connections.ts reports (CONNECTION_FIELDS).
 */
import type { AppManifest } from '../../formats/manifest/app-manifest.js';

/** The capabilities that put a certificate the product does not describe into the device's authentication. */
export const CERTIFICATE_STORE_CAPABILITIES = ['CertStore', 'EnterpriseWifiConfig'] as const;

const WHAT: Record<(typeof CERTIFICATE_STORE_CAPABILITIES)[number], string> = {
  CertStore: 'installs certificates into the device certificate store, which the device presents to authenticate to an EAP-TLS network (azure-sphere-facts §1.3: "access to device certificate store (EAP-TLS certs)")',
  EnterpriseWifiConfig: 'configures the EAP-TLS Wi-Fi network the device authenticates to with a certificate of the device certificate store (azure-sphere-facts §1.3: "configure EAP-TLS Wi-Fi")',
};

export interface CertificateStoreUse {
  capability: (typeof CERTIFICATE_STORE_CAPABILITIES)[number];
  /** Where the manifest grants it: /Capabilities/CertStore, … */
  pointer: string;
  reason: string;
}

/** One undecided use per certificate-store capability the manifest grants. */
export function certificateStoreUses(app: string, manifest: Pick<AppManifest, 'enabled'>): CertificateStoreUse[] {
  return CERTIFICATE_STORE_CAPABILITIES.filter((c) => manifest.enabled.includes(c)).map((capability) => ({
    capability,
    pointer: `/Capabilities/${capability}`,
    reason: `${app} holds ${capability}: it ${WHAT[capability]}; where the private keys of those certificates are kept is stated nowhere (apps[].certificateKeys names a host or port), and a certificate proves the device only when hardware holds its key (model/product/certificate-keys.ts), so this authentication is undecided`,
  }));
}

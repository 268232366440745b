/**
 * The certificates of the attestation world: the Azure Sphere root (the device's trusted root store),
 * two tenant CAs under it (ours and another customer's), and the server certificates of the security
 * service and the cloud service, all issued by the root. Test keys, made fresh per world.
 */
import { issueCertificate, parseCertificate, type ParsedCertificate } from '../../formats/attestation/certificates.js';
import { generateSigningKey, type SigningKey } from '../../formats/image-package/signing-key.js';

export interface Authority {
  key: SigningKey;
  name: string;
  der: Uint8Array;
  parsed: ParsedCertificate;
}

export interface TenantAuthority extends Authority {
  tenantId: string;
}

export interface ServerIdentity {
  key: SigningKey;
  dnsName: string;
  chain: Uint8Array[];
}

export interface Pki {
  root: Authority;
  tenantCa: TenantAuthority;
  otherTenantCa: TenantAuthority;
  securityService: ServerIdentity;
  cloud: ServerIdentity;
}

export const SERVICE_DNS = 'as3.sevenfold.test';
/** A domain of the attacker's own, for which a CA of the root store issues it a server certificate (webPkiServerChain). */
export const ATTACKER_DNS = 'eve.sevenfold.test';
export const CLOUD_DNS = 'hub.sevenfold.test';
export const TENANT_ID = '7f2b7a3e-1d5c-4a8e-9b0f-2c6d8e4a1b35';
export const OTHER_TENANT_ID = 'c41e9d20-6b7f-4e3a-8d15-93a0f7b2c6e8';
const YEAR = 365 * 86_400_000;

function parsed(der: Uint8Array): ParsedCertificate {
  const p = parseCertificate(der);
  if (!p.ok) throw new Error(`a certificate Sevenfold just made does not parse: ${p.reason}`);
  return p.value;
}

export async function createPki(epoch: Date): Promise<Pki> {
  const notBefore = new Date(epoch.getTime() - 86_400_000);
  const notAfter = new Date(epoch.getTime() + 20 * YEAR);
  const rootKey = generateSigningKey();
  const rootName = 'CN=Sevenfold Azure Sphere test root, O=Sevenfold';
  const rootDer = await issueCertificate({ issuerKey: rootKey, issuerName: rootName, subjectName: rootName, subjectPublicKey: rootKey.publicKey, notBefore, notAfter, usage: 'ca' });
  const root: Authority = { key: rootKey, name: rootName, der: rootDer, parsed: parsed(rootDer) };
  const tenant = async (tenantId: string): Promise<TenantAuthority> => {
    const key = generateSigningKey();
    const name = `CN=Sevenfold tenant CA, O=${tenantId}`;
    const der = await issueCertificate({ issuerKey: rootKey, issuerName: rootName, subjectName: name, subjectPublicKey: key.publicKey, notBefore, notAfter, usage: 'ca' });
    return { key, name, der, parsed: parsed(der), tenantId };
  };
  const server = async (dnsName: string): Promise<ServerIdentity> => {
    const key = generateSigningKey();
    const der = await issueCertificate({ issuerKey: rootKey, issuerName: rootName, subjectName: `CN=${dnsName}`, subjectPublicKey: key.publicKey, notBefore, notAfter: new Date(epoch.getTime() + 10 * YEAR), usage: 'server', dnsName });
    return { key, dnsName, chain: [der] };
  };
  return { root, tenantCa: await tenant(TENANT_ID), otherTenantCa: await tenant(OTHER_TENANT_ID), securityService: await server(SERVICE_DNS), cloud: await server(CLOUD_DNS) };
}

/**
 * A server certificate the root issues for `dnsName` to whoever shows control of that domain: the CAs a device trusts
 * for its cloud are public ones (Azure IoT Hub's chain is a public CA's), and they certify a key for a name, not for
 * a role. A device that checks the host name takes it only for that name (model/attestation/server-name-check.ts).
 */
export async function webPkiServerChain(pki: Pki, subjectPublicKey: Uint8Array, dnsName: string, epoch: Date): Promise<Uint8Array[]> {
  const der = await issueCertificate({ issuerKey: pki.root.key, issuerName: pki.root.name, subjectName: `CN=${dnsName}`, subjectPublicKey, notBefore: new Date(epoch.getTime() - 86_400_000), notAfter: new Date(epoch.getTime() + 10 * YEAR), usage: 'server', dnsName });
  return [der];
}

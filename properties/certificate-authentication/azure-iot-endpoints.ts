/**
 * Azure IoT endpoints and the DeviceAuthentication tenant. An app reaches Azure IoT Hub, the Device
 * Provisioning Service or IoT Central with either a shared access signature (a key in the app) or an
 * X.509 certificate. On Azure Sphere the certificate is the device's own (DAA) certificate, which the
 * app can only present when its manifest's DeviceAuthentication names the tenant (DeviceAuth_CurlSslFunc
 * / DeviceAuth_SslCtxFunc: azure-sphere-facts §4 "Mutual TLS from apps … require AllowedConnections and
 * DeviceAuthentication = tenant ID"; Azure IoT services trust the tenant CA, same section).
 */
import { domainToASCII } from 'node:url';
import { hostMatches, isServiceDiscoveryName } from '../../model/isolation/isolation-spec.js';
import { isHostNameEntry } from '../../formats/manifest/host-names.js';
import { isGuid, NIL_GUID, normalizeGuid } from '../../formats/manifest/capabilities.js';

export interface AzureIotEndpoint {
  service: string;
  /** An AllowedConnections host pattern ("*.example.com" matches subdomains). */
  pattern: string;
  /** A host the pattern matches, to test wildcard entries of a manifest against it. */
  example: string;
  source: string;
}

export const AZURE_IOT_ENDPOINTS: readonly AzureIotEndpoint[] = [
  {
    service: 'Azure IoT Hub Device Provisioning Service',
    // The global device endpoint and each DPS instance's own name below azure-devices-provisioning.net: an
    // Azure Sphere app declares "the DPS global device provisioning service endpoint, your DPS network
    // endpoint, as well as the endpoint for your IoT Hub" (MS Learn, "How to secure an Azure Sphere").
    pattern: '*.azure-devices-provisioning.net',
    example: 'global.azure-devices-provisioning.net',
    source: 'azure-sphere-facts §1.3 (AllowedConnections values); 12 corpus manifests, e.g. Azure-Sphere-Learning-Path/samples/LearnTV_IoT_Central/AzureSphereHL/app_manifest.json; MS Learn "How to secure an Azure Sphere" (your DPS network endpoint)',
  },
  {
    service: 'Azure IoT Hub',
    pattern: '*.azure-devices.net',
    example: 'hub.azure-devices.net',
    source: 'corpus azure-sphere-samples/Samples/LoggingToAzure/app_manifest.json ("yourhostname.azure-devices.net"), azure-sphere-gallery/OSNetworkRequirementChecker-HLApp/src/app_manifest.json',
  },
  {
    service: 'Azure IoT Central',
    pattern: '*.azureiotcentral.com',
    example: 'app.azureiotcentral.com',
    source: 'not in ../shared/reference: IoT Central applications are served at <app>.azureiotcentral.com (Azure/azure-sphere-samples Samples/AzureIoT/READMEStartWithIoTCentral.md); their devices connect through DPS and IoT Hub',
  },
];

/**
 * The entry as written and as a resolver looks it up: IDNA's mapping (UTS #46, as node:url applies it) folds
 * full-width letters and the ideographic full stops to ASCII, so "contoso．azure-devices．net" is the IoT Hub host too.
 */
function spellingsOf(entry: string): string[] {
  const looked = domainToASCII(entry);
  return looked && looked !== entry ? [entry, looked] : [entry];
}

/**
 * The Azure IoT endpoint an AllowedConnections entry reaches: the entry is one of its hosts, or a
 * wildcard broad enough to include them ("*.net" lets the app reach IoT Hub too). An absolute DNS name
 * ("hub.azure-devices.net.") is the same host: hostMatches drops the trailing dot.
 */
export function azureIotEndpointOf(entry: string): AzureIotEndpoint | undefined {
  const names = spellingsOf(entry);
  // "*" on its own admits every host (hostMatches): like "*.net", broad enough to reach them.
  return AZURE_IOT_ENDPOINTS.find((e) => names.some((name) => hostMatches(e.pattern, name) || hostMatches(name, e.example)));
}

/**
 * Why an AllowedConnections entry that reaches `endpoint` admits hosts that are not the endpoint's, or
 * undefined when every host it admits is ("contoso.azure-devices.net", "*.azure-devices.net",
 * "*.westus.azure-devices.net"): only then does the endpoint's rule (Azure IoT services trust the tenant CA,
 * so DeviceAuthentication decides how the app authenticates) decide the whole entry. Beyond it:
 *  - a wildcard broader than the endpoint's domain ("*.net", "*"), which reaches other hosts besides;
 *  - a DNS-SD service name, even one under the endpoint's domain ("_svc._tcp.hub.azure-devices.net"): the
 *    firewall lets the app reach every host discovered for it (model/isolation/isolation-spec.ts
 *    isServiceDiscoveryName), which whoever answers the query chooses; it held "by manifest" before;
 *  - an entry that is not a host name ("sas:key@hub.azure-devices.net", "evil.example/.azure-devices.net":
 *    formats/manifest/host-names.ts), which only ends like the endpoint's hosts; it held "by manifest" before.
 * No Azure IoT service answers for those others: the manifest says nothing about how the app authenticates to them.
 */
export function beyondEndpoint(entry: string, endpoint: AzureIotEndpoint): string | undefined {
  if (!isHostNameEntry(entry)) return `"${entry}" is not a host name (dot-separated labels of letters, digits, hyphens and underscores, under "*." at most): it only ends like ${endpoint.service}'s hosts (${endpoint.pattern}), and which hosts the device's firewall admits for it is not known`;
  if (isServiceDiscoveryName(entry)) return `${entry} is a DNS-SD service name: the firewall lets the app reach every host discovered for it, which whoever answers the query chooses, not only ${endpoint.service}'s (${endpoint.pattern})`;
  if (spellingsOf(entry).some((name) => hostMatches(endpoint.pattern, name))) return undefined;
  return `${entry} admits hosts beyond ${endpoint.service} (${endpoint.pattern})`;
}

/**
 * The Azure IoT service an app may present its device certificate to through an entry: the endpoint it
 * reaches, or, for a DNS-SD service name (which admits every host a query's answer names, IoT Hub's among
 * them), IoT Hub. Used where who the relying party is matters (freshness.ts: Azure IoT services check the
 * tenant CA chain alone), not for the tenant rule, which asks for a tenant only where the entry names an
 * endpoint.
 */
export function azureIotRelyingPartyOf(entry: string): AzureIotEndpoint | undefined {
  return azureIotEndpointOf(entry) ?? (isServiceDiscoveryName(entry) ? AZURE_IOT_ENDPOINTS.find((e) => e.service === 'Azure IoT Hub') : undefined);
}

/** What a manifest's DeviceAuthentication value gives the app. */
export type TenantStatus =
  | { kind: 'absent' }
  | { kind: 'placeholder'; raw: string }
  | { kind: 'nil-guid'; raw: string }
  | { kind: 'tenant'; id: string }
  /** A real tenant, but not the one the product file says the devices are claimed into (deployment.tenant). */
  | { kind: 'other-tenant'; id: string; devices: string };

/**
 * A real tenant is a GUID other than the all-zero one, and, when the product file states the tenant its devices are
 * claimed into (`devicesTenant`, deployment.tenant), that one. Placeholders ("--- YOUR TENANT ---",
 * "Replace_with_your_Azure_Sphere_Tenant_ID") and the all-zero GUID the samples ship with
 * (azure-sphere-facts §1.3) name no tenant whose CA an Azure IoT service could trust.
 */
export function tenantStatus(raw: unknown, devicesTenant?: string): TenantStatus {
  if (raw === undefined) return { kind: 'absent' };
  if (typeof raw !== 'string' || !isGuid(raw)) return { kind: 'placeholder', raw: typeof raw === 'string' ? raw : JSON.stringify(raw) };
  const id = normalizeGuid(raw);
  if (id === NIL_GUID) return { kind: 'nil-guid', raw };
  // The device holds a certificate of its own tenant's CA only (azure-sphere-facts §4): an app that names another
  // tenant asks for a certificate the device does not have (device error 2097180, DeviceAuthentication "not available
  // for use", §1.3; that this is the error a foreign tenant gets is inferred), and the tenant's relying parties trust
  // the devices' tenant CA, not the one the app names.
  if (devicesTenant !== undefined && id !== devicesTenant) return { kind: 'other-tenant', id, devices: devicesTenant };
  return { kind: 'tenant', id };
}

export function describeTenant(t: TenantStatus): string {
  switch (t.kind) {
    case 'absent':
      return 'the manifest has no DeviceAuthentication';
    case 'placeholder':
      return `DeviceAuthentication is "${t.raw}", not a tenant ID`;
    case 'nil-guid':
      return `DeviceAuthentication is the all-zero GUID "${t.raw}", a placeholder that names no tenant`;
    case 'tenant':
      return `DeviceAuthentication names tenant ${t.id}`;
    case 'other-tenant':
      return `DeviceAuthentication names tenant ${t.id}, but the product's devices are claimed into tenant ${t.devices} (the product file's /deployment/tenant), whose CA alone issues their device certificates`;
  }
}

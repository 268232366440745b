/**
 * How each app of the product authenticates to each host in its AllowedConnections, decided from what
 * the product says and never assumed:
 *
 *  - the product file (apps[i].authentication[host]) states the method: a password, shared secret,
 *    token or no authentication is violated there; a certificate holds;
 *  - an Azure IoT endpoint (IoT Hub, DPS, IoT Central) needs DeviceAuthentication set to a real tenant:
 *    without it the app cannot present its device certificate and can only authenticate with a shared
 *    secret (violated, at the manifest); with it, and nothing stated otherwise, the manifest decides
 *    for the device certificate, but only for an entry whose every host is the endpoint's (a host, or
 *    "*.azure-devices.net"): a wildcard broader than that ("*.net", "*") admits hosts no Azure IoT service
 *    answers for, and nothing stated for it is `unknown` (it held "by manifest" before);
 *  - "device-certificate" stated for any host also needs a real tenant;
 *  - a statement for a host the manifest does not list but admits through a wildcard or a DNS-SD name is a
 *    connection of its own, judged by the same rules (a password stated for "contoso.azure-devices.net"
 *    beside "*.azure-devices.net" is violated; it was a warning while the wildcard held);
 *  - an entry a template left for the maker to fill in ("yourhostname.azure-devices.net", "<IoT Hub Endpoint>":
 *    model/isolation/placeholder-hosts.ts) names no host the shipped product connects to: `unknown` at the entry
 *    whatever the product file states for it (device-certificate stated for it held), unless a rule above found it
 *    violated already (a password is a password to whichever host);
 *  - a statement keyed by a URL whose scheme runs without TLS or DTLS ("http://…", "mqtt://…") or whose userinfo
 *    carries a password is violated at the statement whatever method it states (model/isolation/connection-url.ts):
 *    "device-certificate" stated for "http://api.contoso.example" held;
 *  - the product file's apps[].serverVerification "none" for a host the app reaches is a violation of its own, at
 *    the statement: the app presents a certificate but takes whoever answers for the host (server-verification.ts);
 *  - anything else is undecided: `unknown` with the reason, never `holds`.
 *
 * A port the app listens on (AllowedTcpServerPorts, AllowedUdpServerPorts) is a connection too, opened by
 * whoever reaches the port: the product file states how it is authenticated under the key "tcp:N" or
 * "udp:N" (listening-ports.ts), with the same methods and the same rules (a port whose clients present no
 * certificate is violated there; device-certificate needs a real tenant), and a port nothing decides is
 * `unknown`, never "not applicable".
 *
 * An app with no AllowedConnections and no server port takes part in no connection: not applicable. Every
 * judgement is located (file, JSON pointer, line:column) at the entry that decided it.
 */
import type { SourcePosition } from '../../formats/diagnostics/diagnostic.js';
import { joinPointer } from '../../formats/diagnostics/diagnostic.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { isObject, type JsonValue, type LocatedJson } from '../../formats/json/located-json.js';
import { readLocatedJson } from '../../formats/json/read-input.js';
import { appsOutsideTheirManifests } from '../../model/platform/app-confinement.js';
import { busMastersUnstated } from '../../model/platform/bus-masters.js';
import { isAppSlot } from '../../model/product/instantiate.js';
import { ANY_HOST, ANY_PORT, entryAdmits, IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { groupDestination } from '../../model/isolation/group-destinations.js';
import { placeholderHost } from '../../model/isolation/placeholder-hosts.js';
import { connectionUrlFlaw, plainTextPortDoubt } from '../../model/isolation/connection-url.js';
import { unverifiedServers } from './server-verification.js';
import type { AppAuthentication, Product, ProductApp } from '../../model/product/product.js';
import { appKeyCustody } from '../../model/product/certificate-keys.js';
import { builtinProtocolFile, loadProtocol } from '../../model/attestation/load-protocol.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import { azureIotEndpointOf, beyondEndpoint, describeTenant, tenantStatus, type TenantStatus } from './azure-iot-endpoints.js';
import { hostKey, hostNamedBy } from '../../formats/manifest/host-names.js';
import { describePort, listenedPorts, portOfKey, type ListenedPort } from './listening-ports.js';
import { certificateStoreUses } from './certificate-store.js';

export const CLOUD_DEVICE_AUTHENTICATION = 'certificate-authentication.cloud-device-authentication';
export const CERTIFICATES_NOT_SECRETS = 'certificate-authentication.certificates-not-secrets';

/** Methods that are not a certificate proven by a key: a secret someone can leak, or nothing. */
const NOT_CERTIFICATES: readonly AppAuthentication[] = ['shared-secret', 'password', 'token', 'none'];

export interface Location {
  file: string;
  pointer: string;
  position: SourcePosition;
}

export interface ConnectionJudgement {
  app: string;
  host: string;
  outcome: 'certificate' | 'violated' | 'unknown';
  /** The authentication method that decided it, when one did. */
  method?: AppAuthentication;
  decidedBy: 'manifest' | 'product file' | 'nothing';
  /** The Azure IoT service the host belongs to, if any. */
  endpoint?: string;
  /** Set when this is a port the app listens on ("tcp:N" in host), not a host it connects to. */
  port?: ListenedPort;
  /** Set when this is a difference between the app's image and its manifest in what it connects to (host is the field). */
  imageField?: string;
  reason: string;
  location: Location;
  /** The requirement this connection was tested against. */
  requirement: typeof CLOUD_DEVICE_AUTHENTICATION | typeof CERTIFICATES_NOT_SECRETS;
}

export interface AppCoverage {
  app: string;
  /** The app's entry in the product file (/apps/0). */
  pointer: string;
  manifestFile: string;
  /** Empty: the app neither connects nor listens, and the property does not apply to it. */
  connections: ConnectionJudgement[];
}

export interface AppConnectionsReview {
  apps: AppCoverage[];
  /** Statements that decide nothing (authentication stated for a host the app does not list). */
  warnings: string[];
}

export function formatLocation(l: Location): string {
  return `${displayPath(l.file)}:${l.position.line}:${l.position.column} ${l.pointer}`;
}

/** What the judgement of a certificate of the app's own reads beyond the product file: the platform design, and the protocol design's quote key when it is known. */
interface KeyContext {
  platform: PlatformDesign;
  quoteKey: string | undefined;
}

/** A place stated for the key of a certificate of the app's own (apps[i].certificateKeys[key]), located. */
interface StatedKey {
  place: string;
  at: Location;
}

/**
 * `quoteKey`: the quote key of the protocol design the check runs (it may be another file than the product's);
 * left out, the product's protocol design (the built-in one when it names none) is read for it.
 */
export function reviewAppConnections(product: Product, options: { quoteKey?: string } = {}): AppConnectionsReview {
  const keys: KeyContext = { platform: product.platform, quoteKey: options.quoteKey ?? loadProtocol(product.protocolFile ?? builtinProtocolFile()).design?.attestation.signingKey };
  const files = new Map<string, LocatedJson>();
  const located = (file: string): LocatedJson => {
    let doc = files.get(file);
    if (!doc) files.set(file, (doc = readLocatedJson(file)));
    return doc;
  };
  const warnings: string[] = [];
  const unfiltered = unfilteredApps(product);
  const apps = product.apps.map((app, i): AppCoverage => {
    const name = app.manifest.name ?? displayPath(app.manifestFile);
    const manifest = located(app.manifestFile);
    const at = (doc: LocatedJson, pointer: string): Location => ({ file: doc.file, pointer, position: doc.positionOf(pointer) });
    const tenantRaw = capability(manifest.value, 'DeviceAuthentication');
    const tenant = tenantStatus(tenantRaw, product.deployment.tenant);
    const rawHosts = capability(manifest.value, 'AllowedConnections');
    const stated = statedAuthentication(app);
    const statedKeys = statedCertificateKeys(app);
    const keyAt = (key: string | undefined): StatedKey | undefined => {
      const entry = key === undefined ? undefined : statedKeys.get(hostKey(key));
      return entry ? { place: entry.place, at: at(located(product.file), joinPointer(app.pointer, 'certificateKeys', entry.key)) } : undefined;
    };
    const connections = app.manifest.allowedConnections.map((host) => {
      const index = Array.isArray(rawHosts) ? rawHosts.indexOf(host) : -1;
      const hostAt = at(manifest, index < 0 ? '/Capabilities/AllowedConnections' : joinPointer('/Capabilities/AllowedConnections', index));
      const tenantAt = tenantRaw === undefined ? hostAt : at(manifest, '/Capabilities/DeviceAuthentication');
      const statement = stated.get(hostKey(host));
      const productAt = statement ? at(located(product.file), joinPointer(app.pointer, 'authentication', statement.key)) : undefined;
      return judge(name, host, tenant, statement, { hostAt, tenantAt, ...(productAt ? { productAt } : {}) }, app.pointer, { ...keys, stated: keyAt(statement?.key) });
    });
    for (const port of listenedPorts(app.manifest)) {
      const raw = capability(manifest.value, port.capability);
      const index = Array.isArray(raw) ? raw.indexOf(port.number) : -1;
      const hostAt = at(manifest, index < 0 ? joinPointer('/Capabilities', port.capability) : joinPointer('/Capabilities', port.capability, index));
      const tenantAt = tenantRaw === undefined ? hostAt : at(manifest, '/Capabilities/DeviceAuthentication');
      const statement = stated.get(port.key);
      const productAt = statement ? at(located(product.file), joinPointer(app.pointer, 'authentication', statement.key)) : undefined;
      connections.push(judgePort(name, port, tenant, statement?.method, { hostAt, tenantAt, ...(productAt ? { productAt } : {}) }, app.pointer, { ...keys, stated: keyAt(statement?.key) }));
    }
    connections.push(...statedBeneathEntries(name, app, stated, { tenant, tenantRaw, manifest, productDoc: () => located(product.file), at, keys, keyAt }));
    // The server's side of each connection the app opens: a check it switches off is a violation of its own (server-verification.ts).
    const verification = Object.entries(app.serverVerification ?? {}).map(([key, value]) => ({ key, value, host: hostNamedBy(key) ?? hostKey(key), at: at(located(product.file), joinPointer(app.pointer, 'serverVerification', key)) }));
    const servers = unverifiedServers(name, verification, (host) => reachingEntry(app, host), CERTIFICATES_NOT_SECRETS);
    connections.push(...servers.judgements);
    warnings.push(...servers.warnings.map((w) => `${displayPath(product.file)} ${w}`));
    connections.push(...imageDifferences(name, app, product.file));
    // The device certificate store (certificate-store.ts): certificates the device authenticates to a network with, whose keys no product states.
    for (const use of certificateStoreUses(name, app.manifest)) {
      connections.push({ app: name, host: `${use.capability} (device certificate store)`, outcome: 'unknown', decidedBy: 'nothing', requirement: CERTIFICATES_NOT_SECRETS, location: at(manifest, use.pointer), reason: use.reason });
    }
    const open = unfiltered.get(i);
    if (open) {
      connections.push({
        app: name,
        host: 'any host',
        outcome: 'unknown',
        decidedBy: 'nothing',
        requirement: CERTIFICATES_NOT_SECRETS,
        location: at(located(product.platformFile), open.pointer),
        reason: `${name} may connect to any host and listen on any port: ${open.rule}; the connections it opens beyond its manifest are named nowhere, so nothing says how they authenticate`,
      });
    }
    const listed = new Set([...app.manifest.allowedConnections.map(hostKey), ...listenedPorts(app.manifest).map((p) => p.key)]);
    for (const { key } of stated.values()) {
      const port = portOfKey(key);
      if (!port && admittingEntry(app, key) !== undefined) continue; // judged above, as a host the app reaches
      if (port && !listed.has(key.toLowerCase())) warnings.push(`${displayPath(product.file)} ${joinPointer(app.pointer, 'authentication', key)}: ${name} states how clients on ${describePort(port)} are authenticated, but its ${port.protocol === 'tcp' ? 'AllowedTcpServerPorts' : 'AllowedUdpServerPorts'} does not list ${port.number} (a misspelt port leaves the real one undecided)`);
      else if (!listed.has(hostKey(key))) warnings.push(`${displayPath(product.file)} ${joinPointer(app.pointer, 'authentication', key)}: ${name} states how it authenticates to "${key}", which is not in its AllowedConnections (the app cannot connect there; a misspelt host leaves the real connection undecided)`);
    }
    for (const { key } of statedKeys.values()) {
      const method = stated.get(hostKey(key))?.method;
      if (method !== 'certificate') warnings.push(`${displayPath(product.file)} ${joinPointer(app.pointer, 'certificateKeys', key)}: ${name} states where the key of its own certificate for "${key}" is kept, but ${method ? `its authentication there is "${method}"` : `${joinPointer(app.pointer, 'authentication')} states no method for "${key}"`}, not "certificate": the place decides nothing`);
    }
    return { app: name, pointer: app.pointer, manifestFile: app.manifestFile, connections };
  });
  return { apps, warnings };
}

/** `statement`: the product file's key for the connection (as written) and the method stated under it. */
function judge(app: string, host: string, tenant: TenantStatus, statement: { key: string; method: AppAuthentication } | undefined, where: { hostAt: Location; tenantAt: Location; productAt?: Location }, appPointer: string, keys: KeyContext & { stated: StatedKey | undefined }): ConnectionJudgement {
  const method = statement?.method;
  const endpoint = azureIotEndpointOf(host);
  const base = { app, host, ...(endpoint ? { endpoint: endpoint.service } : {}) };
  const toHost = `${app} → ${host}${endpoint ? ` (${endpoint.service})` : ''}`;
  if (method && where.productAt && NOT_CERTIFICATES.includes(method)) {
    return { ...base, outcome: 'violated', method, decidedBy: 'product file', requirement: CERTIFICATES_NOT_SECRETS, location: where.productAt, reason: `${toHost}: the product file says the app authenticates with ${method === 'none' ? 'nothing at all' : `a ${method}`}, not a certificate` };
  }
  // A key written as a URL says how the app connects, not only where (model/isolation/connection-url.ts): a plain-text
  // scheme holds no handshake to present a certificate in, and a password in its userinfo is sent whatever else is.
  const urlFlaw = statement && where.productAt ? connectionUrlFlaw(statement.key) : undefined;
  if (urlFlaw && method && where.productAt) {
    return { ...base, outcome: 'violated', method, decidedBy: 'product file', requirement: CERTIFICATES_NOT_SECRETS, location: where.productAt, reason: `${toHost}: the product file says ${method} for "${statement!.key}", but ${urlFlaw.reason}` };
  }
  // A port registered for a plain-text service, named without a scheme, leaves open whether TLS runs there: undecided.
  const portDoubt = statement && where.productAt ? plainTextPortDoubt(statement.key) : undefined;
  if (portDoubt && method && where.productAt) {
    return { ...base, outcome: 'unknown', method, decidedBy: 'nothing', requirement: CERTIFICATES_NOT_SECRETS, location: where.productAt, reason: `${toHost}: the product file says ${method} for "${statement!.key}", but ${portDoubt}` };
  }
  const group = groupDestination(host);
  if (group) {
    // A broadcast or multicast group has no one peer to hold a handshake with (model/isolation/group-destinations.ts):
    // a certificate stated for it authenticates nobody, and with nothing stated there is nothing left to decide.
    const stated = method ? `; the product file's "${method}" for it cannot change that` : '';
    return { ...base, outcome: 'violated', ...(method ? { method } : {}), decidedBy: 'manifest', requirement: CERTIFICATES_NOT_SECRETS, location: where.hostAt, reason: `${toHost}: ${group}; none of them is a peer the app authenticates, since the device certificate and a certificate of the app's own are presented in a TLS or DTLS handshake with one peer (azure-sphere-facts §4)${stated}` };
  }
  if (endpoint && tenant.kind !== 'tenant') {
    const other = method === 'certificate' ? '; a client certificate of the app\'s own would keep its private key in the app, not in Pluton' : '';
    return { ...base, outcome: 'violated', ...(method ? { method } : {}), decidedBy: 'manifest', requirement: CLOUD_DEVICE_AUTHENTICATION, location: where.tenantAt, reason: `${toHost}: ${describeTenant(tenant)}, so the app cannot present its device certificate${withoutTenant(tenant)}${other}` };
  }
  if (method === 'device-certificate' && tenant.kind !== 'tenant') {
    return { ...base, outcome: 'violated', method, decidedBy: 'manifest', requirement: CERTIFICATES_NOT_SECRETS, location: where.tenantAt, reason: `${toHost}: the product file says device-certificate, but ${describeTenant(tenant)}, so the app cannot obtain its device certificate` };
  }
  const placeholder = placeholderHost(host);
  if (placeholder?.kind === 'template') {
    // The host the shipped product connects to is not this one (model/isolation/placeholder-hosts.ts): whether it takes
    // the certificate stated, or asks for a secret, is not in the product. A violated above stands: it holds whatever the host.
    const stated = method && where.productAt ? `; the product file's "${method}" for it is stated for a name no server has` : '';
    return {
      ...base,
      outcome: 'unknown',
      ...(method ? { method } : {}),
      decidedBy: 'nothing',
      requirement: endpoint ? CLOUD_DEVICE_AUTHENTICATION : CERTIFICATES_NOT_SECRETS,
      location: where.hostAt,
      reason: `${toHost}: ${placeholder.reason}, left from the template at ${where.hostAt.pointer} of ${displayPath(where.hostAt.file)}${stated}; the product that ships will connect to another host, which the product under review does not name; put the real host name there (and state how the app authenticates to it as ${joinPointer(appPointer, 'authentication', '<that host>')})`,
    };
  }
  const requirement = endpoint ? CLOUD_DEVICE_AUTHENTICATION : CERTIFICATES_NOT_SECRETS;
  if (method === 'certificate' && where.productAt) {
    return { ...base, ...ownCertificate(`${toHost}: the product file says the app presents a client certificate of its own`, keys, { productAt: where.productAt, key: joinPointer(appPointer, 'certificateKeys', host) }), method };
  }
  if (method && where.productAt) {
    return { ...base, outcome: 'certificate', method, decidedBy: 'product file', requirement, location: where.productAt, reason: `${toHost}: the device certificate (${describeTenant(tenant)}), as the product file states` };
  }
  const beyond = endpoint && tenant.kind === 'tenant' ? beyondEndpoint(host, endpoint) : undefined;
  if (endpoint && tenant.kind === 'tenant' && !beyond) {
    // The tenant shows the app can present its device certificate, and the relying party accepts it; nothing in the
    // manifest shows it presents nothing else: a SAS key or connection string the app also keeps is invisible there.
    return {
      ...base,
      outcome: 'unknown',
      decidedBy: 'nothing',
      requirement: CERTIFICATES_NOT_SECRETS,
      location: where.tenantAt,
      reason: `${toHost}: ${describeTenant(tenant)}, so the app can present its device certificate, which Azure IoT services accept (azure-sphere-facts §1.3, §4); nothing says it presents that and no shared secret (a SAS key or connection string in the app is invisible to the manifest); state it in the product file as ${joinPointer(appPointer, 'authentication', host)} (device-certificate, or the shared-secret, token or password it uses)`,
    };
  }
  if (beyond) {
    // The tenant decides the Azure IoT hosts the entry reaches; the others it admits are no Azure IoT service's.
    return {
      ...base,
      outcome: 'unknown',
      decidedBy: 'nothing',
      requirement: CERTIFICATES_NOT_SECRETS,
      location: where.hostAt,
      reason: `${toHost}: ${beyond}; DeviceAuthentication decides only the Azure IoT hosts among them, and nothing says how the app authenticates to the others; state it in the product file as ${joinPointer(appPointer, 'authentication', host)} (device-certificate, certificate, shared-secret, password, token or none), or list the hosts themselves`,
    };
  }
  return {
    ...base,
    outcome: 'unknown',
    decidedBy: 'nothing',
    requirement,
    location: where.hostAt,
    reason: `${toHost}: neither the manifest nor the product file says how the app authenticates to this host; state it in the product file as ${joinPointer(appPointer, 'authentication', host)} (device-certificate, certificate, shared-secret, password, token or none)`,
  };
}

/**
 * What an app left without its devices' tenant does instead, as far as the sources say. One that names none (or text,
 * which the device refuses) asked for no device authentication: to an Azure IoT endpoint it can only present a shared
 * secret (SAS key or connection string). One that names a tenant, the samples' all-zero placeholder or another
 * tenant's ID, asked for the device certificate and finds it never ready ("device auth not ready": a wrong catalog ID in
 * DeviceAuthentication, azure-sphere-samples Samples/AzureIoT/AzureIoTTroubleshooting.md): no secret is shown, only a
 * connection that never authenticates, and the requirement asks for the real tenant. It said "can only authenticate with
 * a shared secret" for those too, which nothing shows (s35-identity).
 */
function withoutTenant(tenant: TenantStatus): string {
  if (tenant.kind === 'placeholder-guid') return ' (device authentication is never ready for it: "device auth not ready", azure-sphere-samples Samples/AzureIoT/AzureIoTTroubleshooting.md); put the catalog ID the devices are claimed into there';
  if (tenant.kind === 'other-tenant') return ' (device authentication is never ready for it: "device auth not ready", azure-sphere-samples Samples/AzureIoT/AzureIoTTroubleshooting.md)';
  return ' and can only authenticate with a shared secret (SAS key or connection string)';
}

/**
 * The index of the AllowedConnections entry that lets the app reach a host the product file states but the
 * manifest does not list by that key: a wildcard ("*.contoso.example", "*") or a DNS-SD service name admits it
 * (model/isolation/isolation-spec.ts entryAdmits, the firewall's reading), or the key names a listed host with a
 * port or URL parts. Undefined when the key is the entry's own (its judgement reads the statement) or the host is
 * admitted nowhere (a misspelt host: warned).
 */
function admittingEntry(app: ProductApp, key: string): number | undefined {
  const entries = app.manifest.allowedConnections;
  if (entries.some((entry) => hostKey(entry) === hostKey(key))) return undefined;
  const host = hostNamedBy(key) ?? hostKey(key);
  const listed = entries.findIndex((entry) => hostKey(entry) === host);
  const index = listed >= 0 ? listed : entries.findIndex((entry) => entryAdmits(hostKey(entry), host));
  return index < 0 ? undefined : index;
}

/** The AllowedConnections entry through which the app reaches `host` (listed, or admitted by a wildcard or DNS-SD name), or undefined. */
function reachingEntry(app: ProductApp, host: string): string | undefined {
  const entries = app.manifest.allowedConnections;
  const index = admittingEntry(app, host);
  return entries.find((entry) => hostKey(entry) === host) ?? (index === undefined ? undefined : entries[index]);
}

/**
 * A statement for a host the manifest admits through a broader entry is a connection the app opens, and the
 * product file says how it authenticates there: "*.azure-devices.net" with a tenant, and
 * "contoso.azure-devices.net": "password" beside it, is an app that sends a password to IoT Hub. So is a key
 * that names a listed host with a port or URL parts ("broker.example:1883", "mqtts://user@broker.example":
 * formats/manifest/host-names.ts hostNamedBy), which held beside a certificate stated for the host. Each such
 * statement is judged as its own connection (located at the statement); it was only warned about as a host
 * "not in its AllowedConnections", while the entry that admits it held by manifest or by its own statement.
 */
function statedBeneathEntries(
  name: string,
  app: ProductApp,
  stated: Map<string, { key: string; method: AppAuthentication }>,
  ctx: { tenant: TenantStatus; tenantRaw: JsonValue | undefined; manifest: LocatedJson; productDoc: () => LocatedJson; at: (doc: LocatedJson, pointer: string) => Location; keys: KeyContext; keyAt: (key: string) => StatedKey | undefined },
): ConnectionJudgement[] {
  const judged: ConnectionJudgement[] = [];
  for (const { key, method } of stated.values()) {
    if (portOfKey(key)) continue;
    const index = admittingEntry(app, key);
    if (index === undefined) continue;
    const entry = app.manifest.allowedConnections[index]!;
    const raw = capability(ctx.manifest.value, 'AllowedConnections');
    const rawIndex = Array.isArray(raw) ? raw.indexOf(entry) : -1;
    const hostAt = ctx.at(ctx.manifest, rawIndex < 0 ? '/Capabilities/AllowedConnections' : joinPointer('/Capabilities/AllowedConnections', rawIndex));
    const tenantAt = ctx.tenantRaw === undefined ? hostAt : ctx.at(ctx.manifest, '/Capabilities/DeviceAuthentication');
    const productAt = ctx.at(ctx.productDoc(), joinPointer(app.pointer, 'authentication', key));
    // Judged as the host the key names, so an Azure IoT host written as a URL is one (its tenant rule, and the
    // freshness rule for relying parties that check the chain alone, read the host).
    const named = hostNamedBy(key);
    const j = judge(name, named ?? key, ctx.tenant, { key, method }, { hostAt, tenantAt, productAt }, app.pointer, { ...ctx.keys, stated: ctx.keyAt(key) });
    judged.push({ ...j, reason: `${j.reason} (${named ? `the key names ${named} with more than the host, ` : ''}a host the manifest's "${entry}" ${named && hostKey(entry) === named ? 'lists' : 'admits'})` });
  }
  return judged;
}

/**
 * Apps (by index) whose network the platform design does not limit to their manifest: the isolation spec
 * (model/isolation/isolation-spec.ts) gives them every host and port when the design has no per-app firewall
 * (appIsolation.networkFirewall "none") or wires the real-time cores to the network (realTimeNetwork
 * "unfiltered"). Their manifests then do not list the connections they open, and judging only the listed
 * ones (or calling a real-time app "in no connection") would be a verdict about connections the device does
 * not confine the app to.
 */
function unfilteredApps(product: Product): Map<number, { rule: string; pointer: string }> {
  const spec = new IsolationSpec(product);
  const open = new Map<number, { rule: string; pointer: string }>();
  const edges = spec.accessEdges();
  product.apps.forEach((_, i) => {
    const id = spec.compartments[i]!.id;
    const edge = edges.find((e) => e.from === id && ((e.to.kind === 'host' && e.to.host === ANY_HOST) || (e.to.kind === 'port' && e.to.port === ANY_PORT)));
    const field = spec.compartments[i]!.kind === 'real-time' ? 'realTimeNetwork' : 'networkFirewall';
    if (edge) open.set(i, { rule: edge.because, pointer: `/appIsolation/${field}` });
    // Left out on an OS that is not Azure Sphere's (model/platform/app-isolation-stated.ts): the confinement is unstated, not Azure Sphere's.
    const unstated = spec.unstated.find((u) => u.field === field);
    if (!edge && unstated) open.set(i, { rule: unstated.reason, pointer: unstated.pointer });
  });
  // An app slot that controls or stands level with what enforces the design's network firewall is not held to its
  // manifest by it (model/platform/app-confinement.ts appsOutsideTheirManifests); a window it shares with another app,
  // or another compartment's secret it reads, leaves it held to its own manifest, and is not read as "any host".
  const slots = new Set(product.apps.flatMap((a) => (a.slot ? [a.slot] : [])));
  const unconfined = appsOutsideTheirManifests(product.basePlatform, slots, isAppSlot);
  product.apps.forEach((a, i) => {
    const finding = unconfined.find((u) => u.slot === a.slot);
    if (finding && !open.has(i)) open.set(i, { rule: finding.message, pointer: finding.pointer });
    // An app the platform design has no slot for is run by no component of it (a second high-level app on a design
    // with one slot): nothing in the design is stated to hold it to its manifest, as hardware-root-of-trust (no
    // stage verifies it), small-tcb and defense-in-depth already say for the same app. Its connections were judged
    // from the manifest and held.
    // An app that drives a peripheral block on a design that leaves busMasters out may program a DMA engine whose reach
    // no one stated (model/platform/bus-masters.ts busMastersUnstated): one that writes what the kernel runs takes it out
    // of its manifest as surely as the findings above, which read the bus masters the design states (s38-proofs c09:
    // the built-in product held here while compartmentalization, small-tcb and hardware-root-of-trust were unknown on it).
    const unstatedReach = busMastersUnstated(product.platform, [a])[0];
    if (unstatedReach !== undefined && !open.has(i)) open.set(i, { rule: unstatedReach, pointer: '/busMasters' });
    if (a.slot === undefined && !open.has(i)) {
      open.set(i, { rule: `the platform design has no ${a.manifest.kind} app slot for it: no component of the design runs it, so nothing is stated to confine it`, pointer: '/components' });
    }
  });
  return open;
}

/** The manifest fields that decide the app's connections and how it authenticates on them (the DHCP and SNTP servers the OS runs for it are ports it listens on: listening-ports.ts; the certificate store is a network it authenticates to: certificate-store.ts). */
const CONNECTION_FIELDS: ReadonlySet<string> = new Set([
  'Capabilities/AllowedConnections',
  'Capabilities/AllowedTcpServerPorts',
  'Capabilities/AllowedUdpServerPorts',
  'Capabilities/DeviceAuthentication',
  'Capabilities/DhcpService',
  'Capabilities/SntpService',
  'Capabilities/CertStore',
  'Capabilities/EnterpriseWifiConfig',
]);

/**
 * The device enforces the manifest inside the app's image, not the product's manifest file: where the two
 * differ in a field that decides connections (model/product/images.ts finds it), the judgements above are
 * of connections the device may not have, and the image's own were never judged: unknown, located at the
 * product file's /apps/i/image.
 */
function imageDifferences(app: string, entry: ProductApp, productFile: string): ConnectionJudgement[] {
  return (entry.image?.manifestMismatches ?? [])
    .filter((m) => CONNECTION_FIELDS.has(m.field))
    .map((m) => ({
      app,
      host: m.field,
      imageField: m.field,
      outcome: 'unknown',
      decidedBy: 'nothing',
      requirement: CERTIFICATES_NOT_SECRETS,
      location: { file: productFile, pointer: m.imagePointer, position: m.imagePosition },
      reason: `${app}'s image ${displayPath(entry.image!.file)} carries ${m.field} ${m.image}, but its manifest states ${m.product}: the device enforces the image's, whose connections were not judged; rebuild the image from the manifest under review`,
    }));
}

/**
 * A port the app listens on: whoever reaches it opens a connection, and the requirement is that every
 * connection authenticates both sides with certificates. The host rule's analogue: a method that is not a
 * certificate, stated in the product file, is violated there; device-certificate (the app serves with its
 * device certificate) needs a real tenant; a certificate stated holds; nothing stated is unknown. A server
 * the OS runs for the app (DhcpService, SntpService) is the OS's, speaking a protocol that authenticates no
 * party by certificate (listening-ports.ts noCertificate): violated at the capability, whatever is stated (a
 * certificate stated for UDP 67 or 123 held before).
 */
function judgePort(app: string, port: ListenedPort, tenant: TenantStatus, method: AppAuthentication | undefined, where: { hostAt: Location; tenantAt: Location; productAt?: Location }, appPointer: string, keys: KeyContext & { stated: StatedKey | undefined }): ConnectionJudgement {
  const base = { app, host: port.key, port, requirement: CERTIFICATES_NOT_SECRETS } as const;
  const listens = `${app} listens on ${describePort(port)}`;
  if (method && where.productAt && NOT_CERTIFICATES.includes(method)) {
    return { ...base, outcome: 'violated', method, decidedBy: 'product file', location: where.productAt, reason: `${listens}: the product file says its clients authenticate with ${method === 'none' ? 'nothing at all' : `a ${method}`}, not a certificate` };
  }
  if (port.noCertificate) {
    // The OS's server speaks its protocol whatever the product file says: a certificate stated for it held.
    const stated = method ? `; the product file's "${method}" for ${port.key} cannot change the OS's server` : '';
    return { ...base, outcome: 'violated', ...(method ? { method } : {}), decidedBy: 'manifest', location: where.hostAt, reason: `${listens}: ${port.noCertificate}${stated}` };
  }
  if (method === 'device-certificate' && tenant.kind !== 'tenant') {
    return { ...base, outcome: 'violated', method, decidedBy: 'manifest', location: where.tenantAt, reason: `${listens}: the product file says device-certificate, but ${describeTenant(tenant)}, so the app cannot obtain its device certificate` };
  }
  if (method === 'certificate' && where.productAt) {
    // The clients' certificates are checked against anchors the app keeps (public, fine in its image); the app's own
    // side of the handshake is its server key, which is the app's key as a client certificate's is.
    return { ...base, ...ownCertificate(`${listens}: the product file says clients present a certificate and the app serves with a certificate of its own`, keys, { productAt: where.productAt, key: joinPointer(appPointer, 'certificateKeys', port.key) }), method };
  }
  if (method && where.productAt) {
    return { ...base, outcome: 'certificate', method, decidedBy: 'product file', location: where.productAt, reason: `${listens}: clients present a certificate and the app its device certificate (${describeTenant(tenant)}), as the product file states` };
  }
  return {
    ...base,
    outcome: 'unknown',
    decidedBy: 'nothing',
    location: where.hostAt,
    reason: `${listens}: neither the manifest nor the product file says how a client connecting to it is authenticated; state it in the product file as ${joinPointer(appPointer, 'authentication', port.key)} (certificate, device-certificate, shared-secret, password, token or none)`,
  };
}

/**
 * A certificate of the app's own (authentication "certificate"), judged by where its private key is kept
 * (apps[i].certificateKeys, model/product/certificate-keys.ts): a certificate proves nothing about the device when
 * its key is one every device shares or one software takes off the device. With no place stated it is undecided,
 * not "holds" (it held on the word "certificate" alone): on Azure Sphere the app's own key is in its image or its
 * mutable storage, since Pluton's only client-authentication key is the device's (azure-sphere-facts §4).
 */
function ownCertificate(what: string, keys: KeyContext & { stated: StatedKey | undefined }, where: { productAt: Location; key: string }): Pick<ConnectionJudgement, 'outcome' | 'decidedBy' | 'requirement' | 'location' | 'reason'> {
  const requirement = CERTIFICATES_NOT_SECRETS;
  if (!keys.stated) {
    return {
      outcome: 'unknown',
      decidedBy: 'nothing',
      requirement,
      location: where.productAt,
      reason: `${what}, but not where its private key is kept, and a certificate is only as unforgeable as its key: on the platform "${keys.platform.name}" an app's own key is in its image (the same bytes on every device) or its mutable storage (flash) unless the platform design holds it in hardware (on Azure Sphere Pluton's only client-authentication key is the device's: azure-sphere-facts §4); state it as ${where.key} (image, mutable-storage, or the platform asset that holds it), or device-certificate where the app presents the device certificate`,
    };
  }
  const custody = appKeyCustody(keys.stated.place, keys.platform, keys.quoteKey);
  if (custody.kind === 'not-hardware') return { outcome: 'violated', decidedBy: 'product file', requirement, location: keys.stated.at, reason: `${what}, and ${custody.reason}` };
  return { outcome: 'certificate', decidedBy: 'product file', requirement, location: keys.stated.at, reason: `${what}, and ${custody.description}` };
}

/** The product file's places for the keys of an app's own certificates, by host key, as statedAuthentication keys the methods. */
function statedCertificateKeys(app: ProductApp): Map<string, { key: string; place: string }> {
  return new Map(Object.entries(app.certificateKeys ?? {}).map(([key, place]) => [hostKey(key), { key, place }]));
}

/** The product file's statements for one app, by host key (formats/manifest/host-names.ts: case, a trailing dot and IDNA's mapping do not make another host). */
function statedAuthentication(app: ProductApp): Map<string, { key: string; method: AppAuthentication }> {
  return new Map(Object.entries(app.authentication).map(([key, method]) => [hostKey(key), { key, method }]));
}

function capability(manifest: JsonValue | undefined, key: string): JsonValue | undefined {
  if (!isObject(manifest)) return undefined;
  const caps = manifest['Capabilities'];
  return isObject(caps) && Object.hasOwn(caps, key) ? caps[key] : undefined;
}

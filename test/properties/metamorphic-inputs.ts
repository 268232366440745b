/**
 * The inputs of the metamorphic verdict tests (metamorphic-verdicts.test.ts): a product as its files (the product file,
 * app manifests, the hardware definition, the three designs), written to a folder and loaded as a user's product is,
 * and the transformations between two related inputs: a consistent renaming of every id, a reordering of every array
 * whose order means nothing, and weakening edits (each gives an attacker more or the device less).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assumeRecoveryChecksCounters } from '../fixtures/updates/recovery-checked-by-counters.js';
import { assumeMetadataKeysRotatedByRoot } from '../fixtures/updates/metadata-keys-rotated-by-root.js';

export const root = resolve(fileURLToPath(import.meta.url), '../../..');
export const corpus = resolve(root, '../shared/corpus');
export type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
export type Files = Record<string, Json>;

export const PRODUCT = 'sevenfold.json';
export const PLATFORM = 'designs/platform.json';
export const UPDATE = 'designs/update.json';
export const PROTOCOL = 'designs/protocol.json';
const readJson = (file: string): Json => JSON.parse(readFileSync(file, 'utf8'));
const builtinDesign = (name: string) => readJson(join(root, 'model/designs', name));

/**
 * Every design a file of the product's own, the update design stating an authenticated time sync and the recovery check
 * as a fixture assumption (../fixtures/updates/recovery-checked-by-counters.ts), so renewable-security is decided.
 */
function withDesigns(files: Files, platform: Json): Files {
  files[PRODUCT].platform = PLATFORM;
  files[PRODUCT].update = UPDATE;
  files[PRODUCT].protocol = PROTOCOL;
  files[PLATFORM] = platform;
  files[UPDATE] = { ...builtinDesign('azure-sphere-update.json'), timeSync: 'authenticated' };
  assumeRecoveryChecksCounters(files[UPDATE]);
  assumeMetadataKeysRotatedByRoot(files[UPDATE]);
  files[PROTOCOL] = builtinDesign('azure-sphere-attestation.json');
  // Stated, not defaulted: a renamed group must still be the one the product deploys to.
  // A fleet that lists its groups (deviceGroups) states them already; deviceGroup beside it would be an input error.
  if (files[PRODUCT].deployment?.deviceGroups === undefined) files[PRODUCT].deployment = { deviceGroup: 'Production', ...(files[PRODUCT].deployment ?? {}) };
  return files;
}

/** The built-in reference product (three apps), its folder copied to `dir` for the hardware definitions it imports. */
function builtinBase(dir: string): Files {
  const folder = join(root, 'products/mt3620-reference');
  cpSync(folder, dir, { recursive: true });
  const product = readJson(join(folder, PRODUCT));
  const files: Files = { [PRODUCT]: product, [product.hardwareDefinition]: readJson(join(folder, product.hardwareDefinition)) };
  for (const app of product.apps) files[app.manifest] = readJson(join(folder, app.manifest));
  return withDesigns(files, builtinDesign('azure-sphere-mt3620.json'));
}

/**
 * The defended platform's high-level product (defense-in-depth and compartmentalization hold there): HelloWorld with its
 * signed image package, whose embedded manifest is the app's (an edit to the copied manifest is also a mismatch).
 */
function defendedBase(): Files {
  const folder = join(root, 'test/fixtures/platforms/defended-platform/high-level');
  const product = readJson(join(folder, PRODUCT));
  const abs = (p: string) => resolve(folder, p);
  product.hardwareDefinition = abs(product.hardwareDefinition);
  product.trustedImageCertificates = product.trustedImageCertificates.map(abs);
  const files: Files = { [PRODUCT]: product };
  product.apps = product.apps.map((a: Json, i: number) => {
    const manifest = `apps/app-${i}/app_manifest.json`;
    files[manifest] = readJson(abs(a.manifest));
    return { ...a, manifest, image: abs(a.image) };
  });
  return withDesigns(files, readJson(abs(product.platform)));
}

/** A real high-level app from ../shared/corpus (the gallery's OSNetworkRequirementChecker: a dozen hosts, TimeSyncConfig, NetworkConfig) on the defended platform. */
const CORPUS_APP = 'azure-sphere-gallery/OSNetworkRequirementChecker-HLApp/src/app_manifest.json';
export const corpusPresent = existsSync(join(corpus, CORPUS_APP));
function corpusBase(): Files {
  const files: Files = {
    [PRODUCT]: { schemaVersion: 1, name: 'corpus app on the defended platform', chip: 'mt3620', hardwareDefinition: join(root, 'examples/hardware/mt3620_rdb/sample_appliance.json'), apps: [{ manifest: 'apps/app-0/app_manifest.json' }] },
    'apps/app-0/app_manifest.json': readJson(join(corpus, CORPUS_APP)),
  };
  return withDesigns(files, readJson(join(root, 'test/fixtures/platforms/defended-platform/platform.json')));
}

/**
 * Any product file of the repository as the relations' input: its manifests copied (so an edit is the product's own),
 * every other path it names made absolute, each design it states (or the built-in one) a file of its own. A product on
 * the built-in update design gets an authenticated time sync, as the named bases do; a product that names no device
 * group names the default one, so a renamed group is still the one it deploys to.
 */
export function productBase(productFile: string): Files {
  const folder = dirname(resolve(productFile));
  const product = readJson(productFile);
  const abs = (p: string) => resolve(folder, p);
  for (const key of ['hardwareDefinition']) if (typeof product[key] === 'string') product[key] = abs(product[key]);
  for (const key of ['hardwarePath', 'trustedImageCertificates', 'testImageCertificates']) if (Array.isArray(product[key])) product[key] = product[key].map(abs);
  delete product.$schema;
  const files: Files = { [PRODUCT]: product };
  product.apps = product.apps.map((a: Json, i: number) => {
    const manifest = `apps/app-${i}/app_manifest.json`;
    files[manifest] = readJson(abs(a.manifest));
    return { ...a, manifest, ...(a.image ? { image: abs(a.image) } : {}), ...(a.hardwareDefinition ? { hardwareDefinition: abs(a.hardwareDefinition) } : {}) };
  });
  const design = (key: string, builtin: string) => (typeof product[key] === 'string' ? readJson(abs(product[key])) : builtinDesign(builtin));
  const update = typeof product.update === 'string' ? readJson(abs(product.update)) : { ...builtinDesign('azure-sphere-update.json'), timeSync: 'authenticated' };
  if (typeof product.update !== 'string') {
    assumeRecoveryChecksCounters(update);
    assumeMetadataKeysRotatedByRoot(update);
  }
  files[PLATFORM] = design('platform', 'azure-sphere-mt3620.json');
  files[UPDATE] = update;
  files[PROTOCOL] = design('protocol', 'azure-sphere-attestation.json');
  for (const [key, file] of [['platform', PLATFORM], ['update', UPDATE], ['protocol', PROTOCOL]] as const) {
    delete files[file].$schema;
    product[key] = file;
  }
  if (product.deployment?.deviceGroup === undefined && product.deployment?.deviceGroups === undefined && update.deviceGroups?.some((g: Json) => g.name === 'Production')) product.deployment = { ...(product.deployment ?? {}), deviceGroup: 'Production' };
  return files;
}

export type BaseName = 'builtin' | 'defended' | 'corpus' | `file:${string}`;
export function baseFiles(base: BaseName, dir: string): Files {
  if (base.startsWith('file:')) return productBase(base.slice(5));
  return base === 'builtin' ? builtinBase(dir) : base === 'defended' ? defendedBase() : corpusBase();
}

export function writeFiles(dir: string, files: Files): string {
  for (const [file, value] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), JSON.stringify(value, null, 2));
  }
  return join(dir, PRODUCT);
}

export const manifests = (f: Files) => Object.keys(f).filter((k) => k.endsWith('app_manifest.json'));
const highLevel = (f: Files) => manifests(f).filter((k) => f[k].ApplicationType !== 'RealTimeCapable');
/** A manifest the product's image packages do not embed (editing one that is embedded is a mismatch, not the edit meant). */
export const imageFree = (f: Files) => manifests(f).filter((k) => !f[PRODUCT].apps.some((a: Json) => a.manifest === k && a.image));

// ---------------------------------------------------------------------------------------------------------------
// Renaming: every id of the designs, the device groups, the app names and ComponentIds, consistently.

/** Keys whose string values are vocabulary (kinds, enums, prose), not ids: a rename leaves them alone. */
const NOT_IDS = new Set(['name', 'description', 'justification', 'kind', 'core', 'world', 'privilege', 'imageType', 'location', 'barrier', 'input', 'role', 'credential', 'protocol', '$schema', 'physicalBarriers', 'recordedKinds', 'recordedApps', 'erasableBy', 'osFeed', 'updatePolicy', 'quoteFields', 'signedFields', 'nonce', 'nonceCheck', 'when', 'raised', 'rights', 'networkFirewall', 'realTimeNetwork', 'storage', 'appConnections', 'layout', 'recovery', 'counterRaised', 'persistence', 'droppedEvents', 'requiredCapabilities', 'timeSync', 'revocation', 'deviceTrustAnchors', 'serverTrustAnchors', 'serverNames', 'holder', 'identityKeyProvisioning']);

export function renameDeep(v: Json, map: ReadonlyMap<string, string>, key?: string): Json {
  if (key !== undefined && NOT_IDS.has(key)) return v;
  if (typeof v === 'string') return map.get(v) ?? v;
  if (Array.isArray(v)) return v.map((x) => renameDeep(x, map, key));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, renameDeep(x, map, k)]));
  return v;
}

const rotate = <T>(xs: readonly T[], by: number): T[] => xs.map((_, i) => xs[(i + by) % xs.length]!);

/**
 * Each component, asset, key and attacker takes another's id (one namespace: an exploit's target may be a component or
 * an asset), so a rule that keys on a built-in id (hl-app, nw-kernel, device-identity-key …) now finds another role under
 * it; boot check and connection ids likewise; device groups become neutral names (Azure Sphere's default group names
 * carry a stage, facts §4, so a group is never renamed to one); apps take the names of platform components and fresh
 * ComponentIds, their partner lists following.
 */
export function renameEverything(f: Files): void {
  const p = f[PLATFORM];
  const ids: string[] = [...p.components, ...p.assets, ...p.keys, ...p.attackers].map((x: Json) => x.id);
  const map = new Map(ids.map((id, i) => [id, rotate(ids, 3)[i]!]));
  const checks: string[] = p.boot.flatMap((s: Json) => s.checks.map((c: Json) => c.id));
  checks.forEach((id, i) => map.set(id, rotate(checks, 1)[i]!));
  for (const c of f[PROTOCOL].connections) map.set(c.id, `link-${c.id.length}-${c.id}`);
  for (const file of [PLATFORM, UPDATE, PROTOCOL]) f[file] = renameDeep(f[file], map);
  const groups = new Map<string, string>(f[UPDATE].deviceGroups.map((g: Json, i: number) => [g.name, `Fleet ${i} ünïcode`]));
  for (const g of f[UPDATE].deviceGroups) g.name = groups.get(g.name);
  const deployment = f[PRODUCT].deployment;
  if (typeof deployment?.deviceGroup === 'string') deployment.deviceGroup = groups.get(deployment.deviceGroup) ?? deployment.deviceGroup;
  // Each group a fleet lists by name is renamed with it (a custom group, an object, is the product file's own).
  if (Array.isArray(deployment?.deviceGroups)) deployment.deviceGroups = deployment.deviceGroups.map((g: Json) => (typeof g === 'string' ? (groups.get(g) ?? g) : g));
  for (const k of f[UPDATE].updateKinds) k.name = `kind ${k.order}`;
  const names = ['nw-kernel', 'security-monitor', 'hl-app', 'Pluton ROM'];
  const editable = imageFree(f);
  const guid = (i: number) => `0000000${i}-aaaa-4bbb-8ccc-${String(i).padStart(12, 'd')}`;
  const newIds = new Map(editable.map((m, i) => [f[m].ComponentId.toLowerCase(), guid(i)]));
  const newNames = new Map<string, string>();
  editable.forEach((m, i) => {
    const name = i < names.length ? names[i]! : `${names[i % names.length]}-${i}`;
    newNames.set(`storage:${f[m].Name}`, `storage:${name}`);
    f[m].Name = name;
    f[m].ComponentId = newIds.get(f[m].ComponentId.toLowerCase());
  });
  // A product resource named by an app's name ("storage:<app>") follows its app.
  if (Array.isArray(f[PRODUCT].criticalAssets)) f[PRODUCT].criticalAssets = f[PRODUCT].criticalAssets.map((x: string) => newNames.get(x) ?? x);
  for (const m of manifests(f)) {
    const partners = f[m].Capabilities?.AllowedApplicationConnections;
    if (partners) f[m].Capabilities.AllowedApplicationConnections = partners.map((x: string) => newIds.get(x.toLowerCase()) ?? x);
  }
  // The product's own hardware definition: each peripheral another's name, the "$NAME" references of the editable manifests following.
  const hardware = f[f[PRODUCT].hardwareDefinition];
  if (hardware?.Peripherals) {
    const peripherals: string[] = hardware.Peripherals.map((x: Json) => x.Name);
    const renamed = new Map(peripherals.map((n, i) => [`$${n}`, `$${rotate(peripherals, 2)[i]}`]));
    for (const x of hardware.Peripherals) x.Name = renamed.get(`$${x.Name}`)!.slice(1);
    for (const m of editable) f[m].Capabilities = renameDeep(f[m].Capabilities, renamed);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Reordering: every array whose order means nothing.

const reversed = <T>(xs: readonly T[]): T[] => [...xs].reverse();
const reversedKeys = (o: Json): Json => Object.fromEntries(reversed(Object.entries(o)));

/**
 * Components, assets, access rules, keys, attackers, exploits, capabilities, connection lists … reversed. Kept as they
 * are: the boot list (the boot sequence), app slots among themselves (apps fill them in order) and the product's apps
 * of one kind among themselves.
 */
export function reorderEverything(f: Files): void {
  const p = f[PLATFORM];
  const slot = (c: Json) => c.imageType === 'Applications';
  p.components = [...p.components.filter(slot), ...reversed(p.components.filter((c: Json) => !slot(c)))].map(reversedKeys);
  for (const key of ['assets', 'access', 'keys', 'attackers', 'exploits', 'declaredTcb', 'exploitExceptions']) if (p[key]) p[key] = reversed(p[key]);
  for (const a of p.access) a.rights = reversed(a.rights);
  for (const a of p.attackers) a.controls = reversed(a.controls);
  for (const a of p.assets) if (a.physicalBarriers) a.physicalBarriers = reversed(a.physicalBarriers);
  // The boot list is the boot sequence (a stage's measurer runs before it: measurement-integrity.ts): kept in order.
  p.boot = p.boot.map(reversedKeys);
  f[PLATFORM] = reversedKeys(p);
  const u = f[UPDATE];
  u.deviceGroups = reversed(u.deviceGroups);
  u.feeds = reversed(u.feeds);
  u.updateKinds = reversed(u.updateKinds).map((k: Json) => ({ ...k, contents: reversed(k.contents) }));
  u.failureReporting.recordedKinds = reversed(u.failureReporting.recordedKinds);
  u.deferral.requiredCapabilities = reversed(u.deferral.requiredCapabilities);
  const q = f[PROTOCOL];
  q.connections = reversed(q.connections);
  q.attestation.quoteFields = reversed(q.attestation.quoteFields);
  q.attestation.signedFields = reversed(q.attestation.signedFields);
  for (const m of imageFree(f)) {
    const caps = f[m].Capabilities ?? {};
    for (const [name, value] of Object.entries(caps)) if (Array.isArray(value)) caps[name] = reversed(value);
    f[m].Capabilities = reversedKeys(caps);
    f[m] = reversedKeys(f[m]);
  }
  const apps: Json[] = f[PRODUCT].apps;
  const kind = (a: Json) => f[a.manifest]?.ApplicationType === 'RealTimeCapable';
  f[PRODUCT].apps = [...apps.filter(kind), ...apps.filter((a) => !kind(a))];
}

// ---------------------------------------------------------------------------------------------------------------
// Weakening edits: each gives an attacker more, or the device less; none may make a verdict better.

export interface Weakening {
  name: string;
  /** The edit adds an app (small-tcb's share counts components: see the test). */
  addsApp?: true;
  /**
   * The edit leaves a field out rather than stating less: the model reads a field left out as not stated (unknown,
   * naming it), not as "none", so the verdict may go from violated to unknown, but never to holds.
   */
  unstates?: true;
  apply: (f: Files, pick: number) => void;
}
const at = (xs: readonly Json[], i: number): Json => (xs.length ? xs[i % xs.length] : undefined);
const capsOf = (f: Files, m: string | undefined): Json => (m ? (f[m].Capabilities ??= {}) : {});
const w = (name: string, apply: Weakening['apply'], addsApp?: true): Weakening => ({ name, apply, ...(addsApp ? { addsApp } : {}) });
const addApp = (f: Files, file: string, manifest: Json, extra: Json = {}) => {
  if (f[file]) return;
  f[file] = manifest;
  f[PRODUCT].apps.push({ manifest: file, ...extra });
};
const manifest = (name: string, id: string, type: string, caps: Json) => ({ SchemaVersion: 1, Name: name, ComponentId: id, EntryPoint: '/bin/app', CmdArgs: [], Capabilities: caps, ApplicationType: type });

export const WEAKENINGS: Weakening[] = [
  // app manifests
  w('an app may set the clock', (f, i) => (capsOf(f, at(highLevel(f), i)).SystemTime = true)),
  w('an app chooses the time server', (f, i) => (capsOf(f, at(highLevel(f), i)).TimeSyncConfig = true)),
  w('an app listens on a port', (f, i) => (capsOf(f, at(highLevel(f), i)).AllowedTcpServerPorts = [4444])),
  w('an app reaches one more host', (f, i) => (capsOf(f, at(highLevel(f), i)).AllowedConnections ??= []).push(at(['telemetry.example.com', '203.0.113.7'], i))),
  w('an app loses its tenant', (f, i) => delete capsOf(f, at(highLevel(f), i)).DeviceAuthentication),
  w('an app may defer updates', (f, i) => Object.assign(capsOf(f, at(highLevel(f), i)), { SoftwareUpdateDeferral: true, SystemEventNotifications: true })),
  w('an app takes one more pin', (f, i) => (capsOf(f, at(manifests(f), i)).Gpio ??= []).push(at([0, 8, 16, 20, 44, 60], i))),
  w('an app takes one more peripheral', (f, i) => (capsOf(f, at(manifests(f), i))[at(['Pwm', 'Uart', 'Adc'], i)!] ??= []).push(at(['PWM-CONTROLLER-0', 'ISU3', 'ADC-CONTROLLER-0'], i))),
  w('an app names a partner', (f, i) => {
    const [a, b] = [at(manifests(f), i), at(manifests(f), i + 1)];
    if (a && b && a !== b) (capsOf(f, a).AllowedApplicationConnections ??= []).push(f[b].ComponentId);
  }),
  // the product file
  w('an app is sideloaded', (f, i) => (at(f[PRODUCT].apps as Json[], i)!.delivery = 'sideload')),
  w('a host is reached with a password', (f) => (f[PRODUCT].apps[0].authentication = { 'thermostat-hub.azure-devices.net': 'password', 'tcp:4444': 'none' })),
  w('devices carry appDevelopment', (f) => (f[PRODUCT].deployment.deviceCapabilities = ['appDevelopment'])),
  w('one more image signer trusted', (f, i) => {
    const list = i % 2 ? 'testImageCertificates' : 'trustedImageCertificates';
    f[PRODUCT][list] = [...(f[PRODUCT][list] ?? []), join(root, 'test/fixtures/products/image-keys/stranger-signing-cert.pem')];
  }),
  w('a conflicting real-time app is added', (f) => addApp(f, 'apps/extra-rt/app_manifest.json', manifest('ExtraRt', 'bbbbbbbb-1111-4222-8333-444444444444', 'RealTimeCapable', { Gpio: [8, 16, 20], Pwm: ['PWM-CONTROLLER-1'] })), true),
  w('a flawed high-level app is added', (f) => addApp(f, 'apps/extra-hl/app_manifest.json', manifest('ExtraHl', 'aaaaaaaa-1111-4222-8333-444444444444', 'Default', { SystemTime: true, AllowedConnections: ['telemetry.example.com'] }), { delivery: 'sideload' }), true),
  // the platform design
  w('a component gets one more right', (f, i) => {
    const p = f[PLATFORM];
    p.access.push({ component: at(p.components, i).id, asset: at(p.assets, i * 7 + 3).id, rights: [at(['read', 'write'], i)] });
  }),
  w('a boot check is removed', (f, i) => at(f[PLATFORM].boot as Json[], i)!.checks.splice(0, 1)),
  w('checks are made once', (f) => {
    for (const s of f[PLATFORM].boot) {
      for (const c of s.checks) delete c.redundant;
      if (s.rollback) delete s.rollback.redundant;
    }
  }),
  w('a stage is not measured', (f, i) => delete at(f[PLATFORM].boot as Json[], i)!.measurement),
  w('a stage has no rollback counter', (f, i) => delete at(f[PLATFORM].boot as Json[], i)!.rollback),
  w('a stage signed by a key of the maker\'s', (f, i) => {
    const p = f[PLATFORM];
    if (!p.keys.some((k: Json) => k.id === 'metamorphic-maker-key')) p.keys.push({ id: 'metamorphic-maker-key', name: 'a key the edit adds', certifiedBy: p.keys.find((k: Json) => k.anchoredIn)?.id ?? p.keys[0].id, holder: 'device-maker' });
    for (const c of at(p.boot, i).checks) c.key = 'metamorphic-maker-key';
  }),
  w('the anchor is rewritable', (f) => f[PLATFORM].assets.forEach((a: Json) => a.oneTimeProgrammable && (a.oneTimeProgrammable = false))),
  w('no physical barrier', (f) => f[PLATFORM].assets.forEach((a: Json) => delete a.physicalBarriers)),
  w('one identity for every device', (f) => (f[PLATFORM].identityKeyProvisioning = 'same-for-every-device')),
  w('one more exploit', (f, i) => {
    const p = f[PLATFORM];
    const [from, to] = [at(p.components, i).id, at(p.components, i * 5 + 2).id];
    if (from !== to) p.exploits.push({ from, to, barrier: 'metamorphic', description: 'an exploit the edit adds' });
  }),
  w('an exploit exception is withdrawn', (f, i) => f[PLATFORM].exploitExceptions?.splice(i % Math.max(1, f[PLATFORM].exploitExceptions.length), 1)),
  w('the app attacker controls one more component', (f, i) => {
    const a = f[PLATFORM].attackers.find((x: Json) => x.controls.length);
    const c = at(f[PLATFORM].components, i).id;
    if (a && !a.controls.includes(c)) a.controls.push(c);
  }),
  w('app isolation weakened', (f, i) => Object.assign(f[PLATFORM].appIsolation, at([{ networkFirewall: 'none' }, { realTimeNetwork: 'unfiltered' }, { storage: 'shared' }], i))),
  w('a secret key in flash', (f, i) => (at(f[PLATFORM].assets.filter((a: Json) => a.secret), i)!.location = 'flash')),
  // the update design
  w('updates checked less often', (f) => Object.assign(f[UPDATE].checks, { intervalHours: 200, maxIntervalHours: 240 })),
  w('a month of deferral', (f) => (f[UPDATE].deferral.maxHours = 720)),
  w('metadata lives a year', (f) => (f[UPDATE].metadata.expiresAfterHours = 8760)),
  w('a year of clock skew', (f) => (f[UPDATE].metadata.maxClockSkewSeconds = 31_536_000)),
  w('one metadata key of three signs', (f) => Object.assign(f[UPDATE].metadata, { keys: 3, threshold: 1 })),
  w('no bank to fall back to', (f) => (f[UPDATE].slots.recovery = 'none')),
  w('an unauthenticated time sync', (f) => (f[UPDATE].timeSync = 'unauthenticated')),
  w('counters raised before verification', (f) => (f[UPDATE].antiRollback.counterRaised = 'before-verification')),
  w('the log in RAM', (f) => (f[UPDATE].failureReporting.persistence = 'ram')),
  w('a smaller log', (f) => Object.assign(f[UPDATE].failureReporting, { systemEventCapacity: 8, eventsPerAppCapacity: 1, totalEventCapacity: 100 })),
  w('a failure kind not recorded', (f, i) => f[UPDATE].failureReporting.recordedKinds.splice(i % f[UPDATE].failureReporting.recordedKinds.length, 1)),
  w('apps may erase the log', (f) => f[UPDATE].failureReporting.erasableBy.push('apps')),
  w('a group takes no app updates', (f, i) => (at(f[UPDATE].deviceGroups as Json[], i)!.updatePolicy = 'No3rdPartyAppUpdates')),
  w('a group accepts development images', (f, i) => (at(f[UPDATE].deviceGroups as Json[], i)!.appDevelopmentCapability = true)),
  // the protocol design
  w('the quote\'s own nonce is checked', (f) => (f[PROTOCOL].attestation.nonceCheck = 'quote-nonce')),
  w('attested monthly, certificates for a year', (f) => Object.assign(f[PROTOCOL], { attestation: { ...f[PROTOCOL].attestation, periodHours: 720 }, deviceCertificate: { ...f[PROTOCOL].deviceCertificate, lifetimeHours: 8760 } })),
  w('a side trusts any CA', (f, i) => (i % 2 ? (f[PROTOCOL].cloudService.deviceTrustAnchors = 'any-ca') : (f[PROTOCOL].device.serverTrustAnchors = 'any-ca'))),
  w('a signed field left out', (f, i) => f[PROTOCOL].attestation.signedFields.splice(i % f[PROTOCOL].attestation.signedFields.length, 1)),
  // strengthening an attacker, or removing a stated protection (s31): never a better verdict either
  w('an attacker writes the flash', (f) => f[PLATFORM].attackers.push({ id: 'metamorphic-flash-writer', name: 'an attacker the edit adds', controls: [], writesFlash: true })),
  w('a network attacker', (f) => f[PLATFORM].attackers.push({ id: 'metamorphic-network', name: 'an attacker the edit adds', controls: [], network: true })),
  w('a component faces the network', (f, i) => (at(f[PLATFORM].components, i).networkFacing = true)),
  w('a component is untrusted', (f, i) => (at(f[PLATFORM].components, i).untrusted = true)),
  w('an app slot reads a secret', (f, i) => {
    const p = f[PLATFORM];
    const [slot, secret] = [at(p.components.filter((c: Json) => c.imageType === 'Applications'), i), at(p.assets.filter((a: Json) => a.secret), i)];
    if (slot && secret) p.access.push({ component: slot.id, asset: secret.id, rights: ['read'] });
  }),
  w('an app slot writes a critical asset', (f, i) => {
    const p = f[PLATFORM];
    const [slot, asset] = [at(p.components.filter((c: Json) => c.imageType === 'Applications'), i), at(p.assets.filter((a: Json) => a.critical), i)];
    if (slot && asset) p.access.push({ component: slot.id, asset: asset.id, rights: ['write'] });
  }),
  { name: 'an image is no longer signed', unstates: true, apply: (f, i) => void delete at(f[PLATFORM].assets.filter((a: Json) => a.signedImage), i)?.signedImage },
  w('an image\'s rollback counter is not checked', (f, i) => delete at(f[PLATFORM].assets.filter((a: Json) => a.signedImage?.rollback), i)?.signedImage.rollback),
  w('a counter kept in SRAM', (f, i) => {
    const counter = at(f[PLATFORM].assets.filter((a: Json) => a.kind === 'counter'), i);
    if (counter) counter.location = 'sram';
  }),
  w('a normal-world component writes a counter', (f, i) => {
    const p = f[PLATFORM];
    const [c, counter] = [at(p.components.filter((x: Json) => x.world === 'normal' && x.imageType !== 'Applications'), i), at(p.assets.filter((a: Json) => a.kind === 'counter'), i)];
    if (c && counter) p.access.push({ component: c.id, asset: counter.id, rights: ['write'] });
  }),
  w('a real-time app with no capabilities is added', (f) => addApp(f, 'apps/empty-rt/app_manifest.json', manifest('EmptyRt', 'cccccccc-1111-4222-8333-444444444444', 'RealTimeCapable', {})), true),
  w('a high-level app with no capabilities is added', (f) => addApp(f, 'apps/empty-hl/app_manifest.json', manifest('EmptyHl', 'eeeeeeee-1111-4222-8333-444444444444', 'Default', {})), true),
  w('a connection with a weaker credential', (f, i) => (at(f[PROTOCOL].connections as Json[], i)![i % 2 ? 'server' : 'client'].credential = at(['password', 'shared-secret', 'none'], i))),
];

const RANKS = { violated: 0, unknown: 1, holds: 2 } as const;
/** Whether `after` is better than `before` in a way the edit must never bring about (violated < unknown < holds). */
export function improvedBy(edit: Weakening, property: string, before: keyof typeof RANKS, after: keyof typeof RANKS): boolean {
  // small-tcb.max-share is a share of the device's components: an app added outside the TCB lowers it (s30 case list: decided, not fixed).
  if (property === 'small-tcb' && edit.addsApp) return false;
  if (edit.unstates) return after === 'holds' && before !== 'holds';
  return RANKS[after] > RANKS[before];
}

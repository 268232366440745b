/**
 * Field sensitivity: every field of a user's input that carries security meaning must be read by the property that
 * the field decides. Each row makes one weakening edit a device maker could make (a capability widened, a check
 * removed, a key shared, a log limit lowered, a bound raised …) to a product whose verdict for that property holds,
 * and the verdict must stop holding, with the named requirement no longer met. A change that stops reading a field
 * (a loader that drops it, a rule that no longer looks at it, a default that overrides it) fails its row here.
 *
 * Two sound bases: the built-in reference product with its update design stating an authenticated time sync
 * (test/fixtures/products/renewal-time-sync-authenticated: every property but defense-in-depth holds), and the
 * defended platform's high-level product (test/fixtures/platforms/defended-platform/high-level: defense-in-depth
 * holds). The edit is made to the files, so the readers (schemas, loaders, defaults) are in the path. Each check
 * runs with one random run and a one-session search (the properties that need more are unknown at baseline, so the
 * row asserts on its requirement: met at baseline, not met after the edit, and the verdict no longer holds).
 * The audit that built this table, with the fields whose edit changes nothing and why: /work/notes/s29-sensitivity-cases.md
 * (session notes); the candidates it found are fixed with their own fixtures.
 */
import { assumeNoBusMasters } from '../fixtures/bus-masters-stated.js';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProduct } from '../../model/product/product.js';
import { PROPERTIES } from '../../properties/registry.js';
import type { PropertyResult } from '../../properties/verdict.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { checkContext, smallSearchProfile } from '../helpers/check-context.js';
import { keepLogByKernel } from '../fixtures/products/failure-log-kept-by-kernel.js';
import { assumeRecoveryChecksCounters } from '../fixtures/updates/recovery-checked-by-counters.js';
import { assumeMetadataKeysRotatedByRoot } from '../fixtures/updates/metadata-keys-rotated-by-root.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Files = Record<string, Json>;
type Base = 'builtin' | 'defended';

const HL = 'apps/thermostat-hl/app_manifest.json';
const RT0 = 'apps/fan-control-rt/app_manifest.json';
const RT1 = 'apps/air-sampler-rt/app_manifest.json';
const HW = 'hardware/sevenfold_thermostat.json';
const PLATFORM = 'designs/platform.json';
const UPDATE = 'designs/update.json';
const PROTOCOL = 'designs/protocol.json';
const DESIGNS: Record<string, string> = { platform: PLATFORM, update: UPDATE, protocol: PROTOCOL };
const BUILTIN_DESIGNS: Record<string, string> = { platform: 'azure-sphere-mt3620.json', update: 'azure-sphere-update.json', protocol: 'azure-sphere-attestation.json' };

const readJson = (file: string): Json => JSON.parse(readFileSync(file, 'utf8'));
const cap = (f: Files, manifest: string) => f[manifest].Capabilities;
const component = (f: Files, id: string) => f[PLATFORM].components.find((c: Json) => c.id === id);
const asset = (f: Files, id: string) => f[PLATFORM].assets.find((a: Json) => a.id === id);
const stage = (f: Files, image: string) => f[PLATFORM].boot.find((s: Json) => s.image === image);
const recorded = (f: Files, without: string) => (f[UPDATE].failureReporting.recordedKinds = f[UPDATE].failureReporting.recordedKinds.filter((k: string) => k !== without));

interface Row {
  field: string;
  edit: string;
  base: Base;
  property: string;
  /**
   * The requirement that must be met on the base and not after the edit; VIOLATED where the base's check leaves the
   * requirement undecided at one run (certificate-authentication's suites need more): the edit must then make the
   * property violated.
   */
  requirement: string;
  apply: (f: Files) => void;
}

/** certificate-authentication is unknown on the base at one run and a one-session search: these rows must turn it violated. */
const VIOLATED = 'violated';

const row = (field: string, edit: string, base: Base, property: string, requirement: string, apply: (f: Files) => void): Row => ({ field, edit, base, property, requirement, apply });

// prettier-ignore
const ROWS: Row[] = [
  // app manifests
  row('app_manifest Capabilities.AllowedConnections', 'a host with no stated authentication', 'builtin', 'certificate-authentication', 'certificate-authentication.certificates-not-secrets', (f) => cap(f, HL).AllowedConnections.push('telemetry.example.com')),
  row('app_manifest Capabilities.DeviceAuthentication', 'removed', 'builtin', 'certificate-authentication', 'certificate-authentication.cloud-device-authentication', (f) => delete cap(f, HL).DeviceAuthentication),
  row('app_manifest Capabilities.AllowedTcpServerPorts', 'a listening port', 'builtin', 'certificate-authentication', 'certificate-authentication.certificates-not-secrets', (f) => (cap(f, HL).AllowedTcpServerPorts = [4444])),
  row('app_manifest Capabilities.SystemTime', 'the app may set the clock', 'builtin', 'renewable-security', 'renewable-security.max-freeze-detection', (f) => (cap(f, HL).SystemTime = true)),
  row('app_manifest Capabilities.TimeSyncConfig', 'the app chooses the time server', 'builtin', 'renewable-security', 'renewable-security.max-freeze-detection', (f) => (cap(f, HL).TimeSyncConfig = true)),
  row('app_manifest Capabilities.Gpio', 'a pin in another core\'s block', 'builtin', 'compartmentalization', 'compartmentalization.hardware-barriers', (f) => (cap(f, RT0).Gpio = [20, 16])),
  row('app_manifest Capabilities.Pwm', 'another app\'s PWM controller', 'builtin', 'compartmentalization', 'compartmentalization.hardware-barriers', (f) => (cap(f, HL).Pwm = ['PWM-CONTROLLER-1'])),
  row('app_manifest ApplicationType', 'a real-time app made high-level (two on the A7)', 'builtin', 'compartmentalization', 'compartmentalization.hardware-barriers', (f) => (f[RT1].ApplicationType = 'Default')),
  // hardware definitions
  row('hardware definition Peripherals[].Mapping', 'a button moved into a real-time app\'s block', 'builtin', 'compartmentalization', 'compartmentalization.hardware-barriers', (f) => (f[HW].Peripherals[0].Mapping = 'MT3620_GPIO21')),
  // the product file
  row('product apps[].authentication', 'a password to the hub', 'builtin', 'certificate-authentication', 'certificate-authentication.certificates-not-secrets', (f) => (f['sevenfold.json'].apps[0].authentication = { 'thermostat-hub.azure-devices.net': 'password' })),
  row('product apps[].authentication (a URL key)', 'the hub stated again as an http:// URL', 'builtin', 'certificate-authentication', 'certificate-authentication.certificates-not-secrets', (f) => (f['sevenfold.json'].apps[0].authentication['http://thermostat-hub.azure-devices.net/devices'] = 'device-certificate')),
  row('product apps[].serverVerification', "the hub's server certificate not checked", 'builtin', 'certificate-authentication', 'certificate-authentication.certificates-not-secrets', (f) => (f['sevenfold.json'].apps[0].serverVerification = { 'thermostat-hub.azure-devices.net': 'none' })),
  row('product deployment.tenant', "a tenant other than the one the app's DeviceAuthentication names", 'builtin', 'certificate-authentication', 'certificate-authentication.cloud-device-authentication', (f) => (f['sevenfold.json'].deployment = { ...(f['sevenfold.json'].deployment ?? {}), tenant: '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a' })),
  row('product apps[].delivery', 'sideloaded', 'builtin', 'renewable-security', 'renewable-security.every-app-renewable', (f) => (f['sevenfold.json'].apps[0].delivery = 'sideload')),
  row('product deployment.deviceGroup', 'the Development group', 'builtin', 'renewable-security', 'renewable-security.every-app-renewable', (f) => (f['sevenfold.json'].deployment = { deviceGroup: 'Development' })),
  row('product deployment.deviceGroup.updatePolicy', 'a production group taking no updates', 'builtin', 'renewable-security', 'renewable-security.system-software-renewable', (f) => (f['sevenfold.json'].deployment = { deviceGroup: { name: 'Frozen', osFeed: 'Retail', updatePolicy: 'NoUpdates', stage: 'production' } })),
  row('product deployment.deviceCapabilities', 'appDevelopment in production', 'builtin', 'hardware-root-of-trust', 'hardware-root-of-trust.no-app-development-in-production', (f) => (f['sevenfold.json'].deployment = { deviceCapabilities: ['appDevelopment'] })),
  row('product boardConfigs[].claims', 'a board configuration on an app\'s ISU', 'builtin', 'compartmentalization', 'compartmentalization.hardware-barriers', (f) => (f['sevenfold.json'].boardConfigs = [{ name: 'ethernet', claims: { I2cMaster: ['ISU2'] } }])),
  // image packages (the defended base's app carries one, signed by the product's release certificate)
  row('product trustedImageCertificates (image package signer)', 'the image\'s signer no longer trusted', 'defended', 'hardware-root-of-trust', 'hardware-root-of-trust.images-chain-to-anchor', (f) => (f['sevenfold.json'].trustedImageCertificates = [resolve(root, 'test/fixtures/products/image-keys/stranger-signing-cert.pem')])),
  row('product testImageCertificates (image package signer)', 'the release certificate also listed as a test certificate', 'defended', 'hardware-root-of-trust', 'hardware-root-of-trust.production-signed-images', (f) => (f['sevenfold.json'].testImageCertificates = [...f['sevenfold.json'].trustedImageCertificates])),
  // the platform design
  row('platform components[].privilege', 'the high-level app slot in supervisor mode', 'builtin', 'compartmentalization', 'compartmentalization.hardware-barriers', (f) => (component(f, 'hl-app').privilege = 'supervisor')),
  row('platform components[].world', 'the kernel in the secure world beside the Security Monitor', 'defended', 'defense-in-depth', 'defense-in-depth.min-compromises', (f) => (component(f, 'nw-kernel').world = 'secure')),
  row('platform identityKeyProvisioning', 'one identity key for every device', 'builtin', 'hardware-root-of-trust', 'hardware-root-of-trust.unique-identity', (f) => (f[PLATFORM].identityKeyProvisioning = 'same-for-every-device')),
  row('platform assets[].location', 'the identity key in flash', 'builtin', 'hardware-root-of-trust', 'hardware-root-of-trust.identity-key-in-hardware', (f) => (asset(f, 'device-identity-key').location = 'flash')),
  row('platform assets[].oneTimeProgrammable', 'the anchor key hash rewritable', 'builtin', 'hardware-root-of-trust', 'hardware-root-of-trust.anchor-immutable', (f) => (asset(f, 'rom-key-hash').oneTimeProgrammable = false)),
  row('platform access[]', 'the kernel reads the identity key', 'builtin', 'small-tcb', 'small-tcb.keys-in-vault', (f) => f[PLATFORM].access.push({ component: 'nw-kernel', asset: 'device-identity-key', rights: ['read'] })),
  row('platform access[] (firewall)', 'the network-facing services write the I/O firewall', 'defended', 'defense-in-depth', 'defense-in-depth.min-compromises', (f) => f[PLATFORM].access.push({ component: 'os-services', asset: 'io-firewall-config', rights: ['write'] })),
  row('platform access[] (counter)', 'the app may write its rollback counter', 'builtin', 'hardware-root-of-trust', 'renewable-security.rollback-counter-per-stage', (f) => f[PLATFORM].access.push({ component: 'hl-app', asset: 'arc-apps', rights: ['write'] })),
  row('platform boot[].checks', 'the app stage checked by nothing', 'builtin', 'hardware-root-of-trust', 'hardware-root-of-trust.images-chain-to-anchor', (f) => (stage(f, 'hl-app').checks = [])),
  row('platform boot[].checks[].redundant', 'a defended check made once', 'defended', 'defense-in-depth', 'defense-in-depth.fault-tolerance', (f) => { for (const s of f[PLATFORM].boot) { for (const c of s.checks) delete c.redundant; if (s.rollback) delete s.rollback.redundant; } }),
  row('platform boot[].measurement', 'the kernel measured after it runs', 'builtin', 'hardware-root-of-trust', 'hardware-root-of-trust.measured-before-run', (f) => (stage(f, 'nw-kernel').measurement.when = 'after-run')),
  row('platform boot[].rollback', 'the kernel\'s counter raised before it is verified', 'builtin', 'hardware-root-of-trust', 'renewable-security.rollback-counter-per-stage', (f) => (stage(f, 'nw-kernel').rollback.raised = 'before-verify')),
  row('platform assets[].physicalBarriers', 'the key store behind no barrier', 'defended', 'defense-in-depth', 'defense-in-depth.min-compromises', (f) => (asset(f, 'trusted-key-store').physicalBarriers = [])),
  row('platform attackers[]', 'the network attacker left out', 'defended', 'defense-in-depth', 'defense-in-depth.standard-attackers', (f) => { f[PLATFORM].attackers = f[PLATFORM].attackers.filter((a: Json) => a.id !== 'network'); f[PLATFORM].exploits = f[PLATFORM].exploits.filter((e: Json) => e.from !== 'network'); }),
  row('platform appIsolation.networkFirewall', 'no per-app firewall', 'builtin', 'compartmentalization', 'compartmentalization.app-network-firewall', (f) => (f[PLATFORM].appIsolation.networkFirewall = 'none')),
  row('platform appIsolation.realTimeNetwork', 'real-time cores on the network', 'builtin', 'compartmentalization', 'compartmentalization.real-time-apps-no-network', (f) => (f[PLATFORM].appIsolation.realTimeNetwork = 'unfiltered')),
  row('platform appIsolation.storage', 'storage shared by every app', 'builtin', 'compartmentalization', 'compartmentalization.storage-isolation', (f) => (f[PLATFORM].appIsolation.storage = 'shared')),
  // the update design
  row('update deviceGroups[].appDevelopmentCapability', 'the Production group accepts development images', 'builtin', 'hardware-root-of-trust', 'hardware-root-of-trust.no-app-development-in-production', (f) => (f[UPDATE].deviceGroups[2].appDevelopmentCapability = true)),
  row('update deviceGroups[].updatePolicy', 'the Production group takes no app updates', 'builtin', 'renewable-security', 'renewable-security.every-app-renewable', (f) => (f[UPDATE].deviceGroups[2].updatePolicy = 'No3rdPartyAppUpdates')),
  row('update updateKinds[].contents', 'a real-time app slot in no update kind', 'builtin', 'renewable-security', 'renewable-security.every-stage-renewable', (f) => (f[UPDATE].updateKinds[2].contents = ['hl-app', 'rt-app-0'])),
  row('update checks.maxIntervalHours', '10 days between checks', 'builtin', 'renewable-security', 'renewable-security.max-check-interval', (f) => (f[UPDATE].checks.maxIntervalHours = 240)),
  row('update deferral.maxHours', 'a month of deferral', 'builtin', 'renewable-security', 'renewable-security.max-deferral', (f) => (f[UPDATE].deferral.maxHours = 720)),
  row('update deferral.countedFrom', 'the window restarts with each release', 'builtin', 'renewable-security', 'renewable-security.max-deferral', (f) => (f[UPDATE].deferral.countedFrom = 'each-release')),
  row('update metadata.expiresAfterHours', 'metadata never expires', 'builtin', 'renewable-security', 'renewable-security.max-freeze-detection', (f) => (f[UPDATE].metadata.expiresAfterHours = null)),
  row('update metadata.maxClockSkewSeconds', 'a year of clock skew', 'builtin', 'renewable-security', 'renewable-security.update-attacks-defeated', (f) => (f[UPDATE].metadata.maxClockSkewSeconds = 31_536_000)),
  row('update download.timeoutSeconds', 'a 10-second download timeout', 'builtin', 'renewable-security', 'renewable-security.min-link-rate', (f) => (f[UPDATE].download.timeoutSeconds = 10)),
  row('update slots.recovery', 'no bank to fall back to', 'builtin', 'failure-reporting', 'failure-reporting.every-failure-reported', (f) => (f[UPDATE].slots.recovery = 'none')),
  row('update timeSync', 'an unauthenticated time sync', 'builtin', 'renewable-security', 'renewable-security.max-freeze-detection', (f) => (f[UPDATE].timeSync = 'unauthenticated')),
  row('update recoveryFlashing.versionCheck', 'a recovery path that boots without the counter comparison', 'builtin', 'renewable-security', 'renewable-security.rollback-counter-per-stage', (f) => (f[UPDATE].recoveryFlashing = { versionCheck: 'none' })),
  row('update antiRollback.counterRaised', 'counters raised before verification', 'builtin', 'hardware-root-of-trust', 'renewable-security.rollback-counter-per-stage', (f) => (f[UPDATE].antiRollback.counterRaised = 'before-verification')),
  row('update failureReporting.persistence', 'the log kept in RAM', 'builtin', 'failure-reporting', 'failure-reporting.persistent-log', (f) => (f[UPDATE].failureReporting.persistence = 'ram')),
  row('update failureReporting.maxReportDays', 'a report may wait a year', 'builtin', 'failure-reporting', 'failure-reporting.max-report-days', (f) => (f[UPDATE].failureReporting.maxReportDays = 365)),
  row('update failureReporting.systemEventCapacity', 'room for 8 OS events', 'builtin', 'failure-reporting', 'failure-reporting.min-log-capacity', (f) => (f[UPDATE].failureReporting.systemEventCapacity = 8)),
  row('update failureReporting.eventsPerAppCapacity', 'room for one event per app', 'builtin', 'failure-reporting', 'failure-reporting.records-high-level-app-failures', (f) => (f[UPDATE].failureReporting.eventsPerAppCapacity = 1)),
  row('update failureReporting.totalEventCapacity', 'room for 100 events in all', 'builtin', 'failure-reporting', 'failure-reporting.min-log-capacity', (f) => (f[UPDATE].failureReporting.totalEventCapacity = 100)),
  row('update failureReporting.recordedKinds', 'attestation failures not logged', 'builtin', 'failure-reporting', 'failure-reporting.records-kind-attestation-failure', (f) => recorded(f, 'attestation-failure')),
  row('update failureReporting.recordedApps', 'no app\'s failures logged', 'builtin', 'failure-reporting', 'failure-reporting.records-high-level-app-failures', (f) => (f[UPDATE].failureReporting.recordedApps = [])),
  row('update failureReporting.droppedEvents', 'dropped events not reported', 'builtin', 'failure-reporting', 'failure-reporting.dropped-events-reported', (f) => (f[UPDATE].failureReporting.droppedEvents = 'silent')),
  row('platform access[] (failure log)', 'the network-facing OS services may write the failure log (the built-in design)', 'builtin', 'failure-reporting', 'failure-reporting.erased-only-by-service', (f) => f[PLATFORM].access.push({ component: 'os-services', asset: 'failure-log', rights: ['write'] })),
  row('update failureReporting.erasableBy', 'apps may erase the log', 'builtin', 'failure-reporting', 'failure-reporting.erased-only-by-service', (f) => f[UPDATE].failureReporting.erasableBy.push('apps')),
  // the protocol design
  row('protocol attestation.nonceCheck', 'the service checks the quote\'s own nonce', 'builtin', 'certificate-authentication', VIOLATED, (f) => (f[PROTOCOL].attestation.nonceCheck = 'quote-nonce')),
  row('protocol attestation.periodHours', 'attested monthly', 'builtin', 'certificate-authentication', 'certificate-authentication.max-attestation-interval', (f) => (f[PROTOCOL].attestation.periodHours = 720)),
  row('protocol deviceCertificate.lifetimeHours', 'certificates valid a year', 'builtin', 'certificate-authentication', 'certificate-authentication.max-certificate-lifetime', (f) => (f[PROTOCOL].deviceCertificate.lifetimeHours = 8760)),
  row('protocol deviceCertificate.clientKey', 'the client key kept in flash', 'builtin', 'certificate-authentication', VIOLATED, (f) => (f[PROTOCOL].deviceCertificate.clientKey = 'trusted-key-store')),
  row('protocol cloudService.deviceTrustAnchors', 'the cloud trusts any CA', 'builtin', 'certificate-authentication', VIOLATED, (f) => (f[PROTOCOL].cloudService.deviceTrustAnchors = 'any-ca')),
  row('protocol device.serverTrustAnchors', 'the device trusts any CA', 'builtin', 'certificate-authentication', VIOLATED, (f) => (f[PROTOCOL].device.serverTrustAnchors = 'any-ca')),
  row('protocol device.serverNames', 'the device checks the server chain but not its host name', 'builtin', 'certificate-authentication', VIOLATED, (f) => (f[PROTOCOL].device.serverNames = 'unchecked')),
  row('protocol connections[].client.credential', 'a shared secret to the cloud', 'builtin', 'certificate-authentication', 'certificate-authentication.certificates-not-secrets', (f) => (f[PROTOCOL].connections[1].client.credential = 'shared-secret')),
];

/** A base's files, every design a file of its own (the built-in ones copied), paths outside the folder made absolute. */
function baseFiles(base: Base, dir: string): Files {
  if (base === 'builtin') {
    cpSync(join(root, 'products/mt3620-reference'), dir, { recursive: true });
    const files: Files = { 'sevenfold.json': readJson(join(dir, 'sevenfold.json')), [HL]: readJson(join(dir, HL)), [RT0]: readJson(join(dir, RT0)), [RT1]: readJson(join(dir, RT1)), [HW]: readJson(join(dir, HW)) };
    for (const [key, file] of Object.entries(DESIGNS)) {
      files['sevenfold.json'][key] = file;
      files[file] = readJson(join(root, 'model/designs', BUILTIN_DESIGNS[key]!));
    }
    // As test/fixtures/products/renewal-time-sync-authenticated states it: renewable-security is then decided.
    files[UPDATE].timeSync = 'authenticated';
    // The recovery check the built-in design leaves out (not public), stated as a fixture assumption
    // (test/fixtures/updates/recovery-checked-by-counters.ts): the recovery row's 'none' is then the one change.
    assumeRecoveryChecksCounters(files[UPDATE]);
    // Likewise the metadata keys' rotation (test/fixtures/updates/metadata-keys-rotated-by-root.ts).
    assumeMetadataKeysRotatedByRoot(files[UPDATE]);
    // As test/fixtures/products/report-log-kept-by-kernel states it: the built-in design's network-facing OS services may
    // write the failure log, which fails failure-reporting whatever the update design states.
    keepLogByKernel(files[PLATFORM]);
    // And its bus masters (test/fixtures/bus-masters-stated.ts): left out, every app's peripheral block leaves
    // compartmentalization, small-tcb and hardware-root-of-trust unknown whatever a row changes.
    assumeNoBusMasters(files[PLATFORM]);
    return files;
  }
  const folder = join(root, 'test/fixtures/platforms/defended-platform/high-level');
  const product = readJson(join(folder, 'sevenfold.json'));
  const abs = (p: string) => resolve(folder, p);
  product.hardwareDefinition = abs(product.hardwareDefinition);
  product.trustedImageCertificates = product.trustedImageCertificates.map(abs);
  product.apps = product.apps.map((a: Json) => ({ ...a, manifest: abs(a.manifest), image: abs(a.image) }));
  const files: Files = { 'sevenfold.json': product, [PLATFORM]: readJson(abs(product.platform)) };
  product.platform = PLATFORM;
  return files;
}

function write(dir: string, files: Files): string {
  for (const [file, value] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), JSON.stringify(value, null, 2));
  }
  return join(dir, 'sevenfold.json');
}

const context = checkContext({ seed: 1, runs: 1, requirements: smallSearchProfile(), bound: { sessions: 1, devices: 1, periods: 1 } });
const dirs: string[] = [];

async function verdictOf(base: Base, property: string, apply?: (f: Files) => void): Promise<PropertyResult> {
  const dir = mkdtempSync(join(tmpdir(), 'sevenfold-sensitivity-'));
  dirs.push(dir);
  const files = baseFiles(base, dir);
  apply?.(files);
  const loaded = loadProduct(write(dir, files));
  expect(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.name} ${d.pointer}: ${d.message}`)).toEqual([]);
  return PROPERTIES.find((p) => p.id === property)!.check!(loaded.product!, context);
}

const outcome = (r: PropertyResult, id: string) => r.requirements?.find((q) => q.id === id)?.outcome;
const baselines = new Map<string, PropertyResult>();

beforeAll(async () => {
  for (const key of new Set(ROWS.map((r) => `${r.base} ${r.property}`))) {
    const [base, property] = key.split(' ') as [Base, string];
    baselines.set(key, await verdictOf(base, property));
  }
}, 120_000);

afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await shutdownZ3();
});

describe('every security-relevant field is read by the property it decides', () => {
  it('the table names each field once per edit, and each base meets every requirement a row names', () => {
    expect(new Set(ROWS.map((r) => `${r.field} ${r.edit}`)).size).toBe(ROWS.length);
    for (const r of ROWS) {
      const baseline = baselines.get(`${r.base} ${r.property}`)!;
      if (r.requirement === VIOLATED) expect(baseline.verdict, `${r.base} ${r.property}: ${baseline.summary}`).not.toBe('violated');
      else expect(outcome(baseline, r.requirement), `${r.base} ${r.property} ${r.requirement}: ${baseline.summary}`).toBe('met');
      // certificate-authentication's suites and compartmentalization's crash isolation need more than one run to hold.
      if (r.property !== 'certificate-authentication' && r.property !== 'compartmentalization') expect(baseline.verdict, `${r.base} ${r.property}: ${baseline.summary}`).toBe('holds');
    }
  });

  it.each(ROWS.map((r) => [r.field, r.edit, r] as const))('%s: %s', async (_field, _edit, r) => {
    const result = await verdictOf(r.base, r.property, r.apply);
    expect(result.verdict, result.summary).not.toBe('holds');
    if (r.requirement === VIOLATED) expect(result.verdict, result.summary).toBe('violated');
    else expect(outcome(result, r.requirement), `${r.requirement}: ${result.summary}`).not.toBe('met');
  });
});

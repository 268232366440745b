/**
 * The emulator is a second reading of the design, not a caller of the spec: no app-emulator file
 * imports the isolation spec (model/isolation/), no boot-emulator file imports the boot acceptance rule
 * (model/platform/boot-acceptance.ts), and every rule either writes again says in its
 * header which spec rule it mirrors and which harness holds the two together. Read from the files
 * themselves, so a new import or a header that loses its reference fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HARNESS = 'test/differential/isolation-harness.ts';

/** The app emulator: the top of emulator/ (boot/, update/ and attestation/ are other devices). */
const appEmulator = readdirSync(join(root, 'emulator')).filter((f) => f.endsWith('.ts'));

/** Each deliberate second reading: the emulator file, and the spec rule (file and name) its header says it mirrors. */
const SECOND_READINGS: [string, string, string][] = [
  ['app-manager.ts', 'model/isolation/apps.ts', 'needsExclusiveCore'],
  ['app-manager.ts', 'model/isolation/conflicts.ts', 'unconditionalConflict'],
  ['app-manager.ts', 'model/isolation/conflicts.ts', 'mustShareCore'],
  ['io-windows.ts', 'formats/chips/chip-profile.ts', 'blockOfPeripheral'],
  ['design-rights.ts', 'model/isolation/firewall-config-writers.ts', 'firewallConfigWriters'],
  ['os-capabilities.ts', 'model/isolation/isolation-spec.ts', 'hostMatches'],
  ['os-capabilities.ts', 'model/isolation/isolation-spec.ts', 'storageQuotaBytes'],
  ['kernel.ts', 'model/isolation/isolation-spec.ts', 'connectAccess'],
  ['mailbox.ts', 'model/isolation/isolation-spec.ts', 'channelAccess'],
  ['storage.ts', 'model/isolation/isolation-spec.ts', 'storageAccess'],
  ['syscalls.ts', 'formats/manifest/capabilities.ts', 'normalizeGuid'],
  ['device-isolation.ts', 'model/platform/platform-design.ts', 'appIsolationOf'],
  ['device-isolation.ts', 'model/platform/platform-design.ts', 'AZURE_SPHERE_APP_ISOLATION'],
];

const header = (file: string) => /^\/\*\*[\s\S]*?\*\//.exec(readFileSync(join(root, 'emulator', file), 'utf8'))?.[0] ?? '';

describe('the emulator is an independent reading of the isolation design', () => {
  it('imports nothing from the isolation spec', () => {
    const offenders = appEmulator.filter((f) => /from\s+['"][^'"]*model\/isolation\//.test(readFileSync(join(root, 'emulator', f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  // The device and the spec once filled absent appIsolation fields, and normalised component ids, through one
  // function each, so a wrong default or spelling rule was agreed by both.
  it("takes no app-isolation default or id spelling rule from the spec's side", () => {
    const offenders = appEmulator.filter((f) => /import\s*\{[^}]*\b(appIsolationOf|AZURE_SPHERE_APP_ISOLATION|normalizeGuid)\b[^}]*\}\s*from/.test(readFileSync(join(root, 'emulator', f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it.each(SECOND_READINGS)('%s says it is a second reading of %s (%s) and names the harness that holds it', (file, specFile, rule) => {
    const text = header(file).replace(/\s*\n\s*\*\s*/g, ' ');
    expect(text).toContain('Second reading');
    expect(text).toContain(rule);
    expect(text).toContain(HARNESS.replace('test/differential/', ''));
    // The mirrored rule exists where the header says.
    expect(readFileSync(join(root, specFile), 'utf8')).toMatch(new RegExp(`export (function|const) ${rule}\\b|\\b${rule}\\(`));
  });
});

const BOOT_HARNESS = 'boot-harness.ts';
const bootEmulator = readdirSync(join(root, 'emulator/boot')).filter((f) => f.endsWith('.ts'));
const BOOT_SPEC = 'model/platform/boot-acceptance.ts';

/** Each deliberate second reading of the boot: the boot-emulator file and the spec rule its header says it mirrors. */
const BOOT_SECOND_READINGS: [string, string][] = [
  ['boot-checks.ts', 'BOOT_CHECK_RULES'],
  ['chain.ts', 'certificateBelieved'],
  ['boot.ts', 'bootAcceptance'],
  ['fault-sweep.ts', 'bootAcceptance'],
  ['fault-sweep.ts', 'swapDecision'],
  ['attacks.ts', 'attackedFlash'],
  ['attacks.ts', 'swapDecision'],
  ['vendor.ts', 'stageSigningKey'],
];

const CHECK_RUNS_SPEC = 'model/platform/check-runs.ts';
/** The boot emulator's own reading of which runs a check makes and which a glitch skips (the spec's is check-runs.ts). */
const CHECK_RUNS_SECOND_READINGS: [string, string][] = [
  ['loader-runs.ts', 'designCheckRuns'],
  ['loader-runs.ts', 'rollbackRuns'],
  ['loader-runs.ts', 'skipsRun'],
  ['loader-runs.ts', 'checkRunId'],
];

describe('the boot emulator is an independent reading of the boot acceptance rule', () => {
  it('imports nothing from the boot acceptance rule', () => {
    const offenders = bootEmulator.filter((f) => /from\s+['"][^'"]*model\/platform\/boot-acceptance/.test(readFileSync(join(root, 'emulator/boot', f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it.each(BOOT_SECOND_READINGS)('%s says it is a second reading of %s and names the harness that holds it', (file, rule) => {
    const text = header(join('boot', file)).replace(/\s*\n\s*\*\s*/g, ' ');
    expect(text).toContain('Second reading');
    expect(text).toContain(rule);
    expect(text).toContain(BOOT_HARNESS);
    expect(readFileSync(join(root, BOOT_SPEC), 'utf8')).toMatch(new RegExp(`export (function|const) ${rule}\\b|\\b${rule}\\(`));
  });

  // Both sides once enumerated runs and decided skips through check-runs.ts, so a fault there was agreed by both.
  it('imports nothing from the check-runs rule either', () => {
    const offenders = bootEmulator.filter((f) => /from\s+['"][^'"]*model\/platform\/check-runs/.test(readFileSync(join(root, 'emulator/boot', f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it.each(CHECK_RUNS_SECOND_READINGS)('%s says it is a second reading of %s and names the harness that holds it', (file, rule) => {
    const text = header(join('boot', file)).replace(/\s*\n\s*\*\s*/g, ' ');
    expect(text).toContain('Second reading');
    expect(text).toContain(rule);
    expect(text).toContain(BOOT_HARNESS);
    expect(readFileSync(join(root, CHECK_RUNS_SPEC), 'utf8')).toMatch(new RegExp(`export (function|const) ${rule}\\b`));
  });
});

const UPDATE_HARNESS = 'update-harness.ts';
const UPDATE_SPEC = 'model/update/policy.ts';
/** The update device's files that decide what it does with a document (the service's files are another party). */
const UPDATE_DEVICE_FILES = ['update-agent.ts', 'agent-policy.ts', 'slots.ts', 'installer.ts'];
/** Each deliberate second reading of the update policy on the device, and the policy rule it mirrors. */
const UPDATE_SECOND_READINGS: [string, string][] = [
  ['agent-policy.ts', 'kindsReceived'],
  ['agent-policy.ts', 'deferrable'],
  ['agent-policy.ts', 'deferUntil'],
  ['agent-policy.ts', 'isFresh'],
  ['slots.ts', 'kindOf'],
];

describe('the update agent is an independent reading of the update policy', () => {
  // slots.ts once took every target's kind from the policy's kindOf, which the harness's spec side used too.
  it('its device-side files call no decision of the policy or of the step spec', () => {
    const offenders = UPDATE_DEVICE_FILES.filter((f) => /import\s*\{[^}]*\}\s*from\s*['"][^'"]*model\/update\/(policy|update-step)/.test(readFileSync(join(root, 'emulator/update', f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it.each(UPDATE_SECOND_READINGS)('%s says it is a second reading of %s and names the harness that holds it', (file, rule) => {
    const text = header(join('update', file)).replace(/\s*\n\s*\*\s*/g, ' ');
    expect(text).toMatch(/Second reading/i);
    expect(text).toContain(rule);
    expect(text).toContain(UPDATE_HARNESS);
    expect(readFileSync(join(root, UPDATE_SPEC), 'utf8')).toMatch(new RegExp(`export (function|const) ${rule}\\b`));
  });
});

describe('the boot emulator decides who raises a counter by its own access controller', () => {
  it('imports nothing from the spec of who raises it, and boot.ts names that rule and its harness', () => {
    const everyEmulatorFile = ['', 'boot', 'update', 'attestation'].flatMap((dir) => readdirSync(join(root, 'emulator', dir)).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f)));
    expect(everyEmulatorFile.filter((f) => /from\s+['"][^'"]*model\/platform\/counter-raiser/.test(readFileSync(join(root, 'emulator', f), 'utf8')))).toEqual([]);
    const text = header(join('boot', 'boot.ts')).replace(/\s*\n\s*\*\s*/g, ' ');
    expect(text).toContain('Second reading');
    expect(text).toContain('counterRaiser');
    expect(text).toContain('counter-raiser-differential.test.ts');
    expect(readFileSync(join(root, 'model/platform/counter-raiser.ts'), 'utf8')).toMatch(/export function counterRaiser\b/);
  });
});

describe('the update installer decides who may write an asset by the chip\'s access controller', () => {
  it('imports nothing from the spec of who may, and installer.ts names that rule and its harness', () => {
    const source = readFileSync(join(root, 'emulator/update/installer.ts'), 'utf8');
    expect(source).not.toMatch(/from\s+['"][^'"]*model\/update\/load-update/);
    const text = source.replace(/\s*\n\s*\*\s*/g, ' ');
    expect(text).toContain('Second reading, on purpose, of model/update/load-update.ts (runningWriters)');
    expect(text).toContain('running-writer-differential.test.ts');
    expect(readFileSync(join(root, 'model/update/load-update.ts'), 'utf8')).toMatch(/export function runningWriters\b/);
  });
});

/** The update service's own reading of what a group receives, and the test that holds it against the reach rule's. */
const SERVICE_SECOND_READINGS: [string, string, string][] = [['group-feed.ts', 'kindsReceived', 'test/update/reach-service.test.ts']];

describe("the update service is an independent reading of the group's policy", () => {
  // service.ts once chose a group's targets with kindsReceived, the function renewable-security's reach rule
  // decides "not applicable" from, so a fault there was agreed by the rule and the service.
  it('service.ts takes no kindsReceived from the policy', () => {
    expect(readFileSync(join(root, 'emulator/update/service.ts'), 'utf8')).not.toMatch(/import\s*\{[^}]*\bkindsReceived\b[^}]*\}\s*from/);
  });

  it.each(SERVICE_SECOND_READINGS)('%s says it is a second reading of %s and names the test that holds it', (file, rule, holder) => {
    const text = header(join('update', file)).replace(/\s*\n\s*\*\s*/g, ' ');
    expect(text).toMatch(/Second reading/i);
    expect(text).toContain(rule);
    expect(text).toContain(holder);
    expect(readFileSync(join(root, holder), 'utf8')).toContain(file);
    expect(readFileSync(join(root, UPDATE_SPEC), 'utf8')).toMatch(new RegExp(`export (function|const) ${rule}\\b`));
  });
});

const ATTESTATION_DIFFERENTIAL = 'test/differential/attestation-differential.test.ts';
/** The concrete attacker's goal oracle: which of the search's goal events (proofs/attacker-search/model.ts) its header says it mirrors. */
const ATTESTATION_GOAL_READINGS = ['serviceOnQuote', 'hubOnClientFinish', 'deviceOnServerHello', 'PROPERTY_TEXT'];
const ATTESTATION_HARNESS = 'test/differential/attestation-harness.ts';

describe('the concrete attacker is an independent reading of the search’s goals', () => {
  // It judges what the emulated parties accept; reading the search's model (or the replay, which runs it) would make the comparison agree with itself.
  it('imports nothing from the symbolic search or from the property', () => {
    expect(readFileSync(join(root, ATTESTATION_HARNESS), 'utf8')).not.toMatch(/from\s+['"][^'"]*\/(proofs|properties)\//);
  });

  it.each(ATTESTATION_GOAL_READINGS)('attestation-harness.ts says it is a second reading of %s and names the test that holds it', (rule) => {
    const text = (/^\/\*\*[\s\S]*?\*\//.exec(readFileSync(join(root, ATTESTATION_HARNESS), 'utf8'))?.[0] ?? '').replace(/\s*\n\s*\*\s*/g, ' ');
    expect(text).toMatch(/Second reading/);
    expect(text).toContain(rule);
    expect(text).toContain(ATTESTATION_DIFFERENTIAL);
    expect(readFileSync(join(root, 'proofs/attacker-search/model.ts'), 'utf8')).toMatch(new RegExp(`export const ${rule}\\b|private ${rule}\\(`));
  });

  // security-service.ts reads which nonce it verifies on its own (s26-audit-i); the search's "holds" is now held against it too.
  it('security-service.ts says it is a second reading of nonceCheckOf and names the tests that hold it, both directions', () => {
    const text = header('attestation/security-service.ts').replace(/\s*\n\s*\*\s*/g, ' ');
    expect(text).toMatch(/Second reading/);
    expect(text).toContain('nonceCheckOf');
    expect(text).toContain('test/attestation/replay.test.ts');
    expect(text).toContain(ATTESTATION_DIFFERENTIAL);
    expect(readFileSync(join(root, 'model/attestation/protocol-design.ts'), 'utf8')).toMatch(/export (const|function) nonceCheckOf\b/);
    expect(readFileSync(join(root, 'emulator/attestation/security-service.ts'), 'utf8')).not.toMatch(/import\s*\{[^}]*\bnonceCheckOf\b/);
  });
});

/**
 * Second readings that live beside their harness (test/differential/): the file, the rules its header says it
 * mirrors, the spec files those rules are in (none of which it may import), and the test that holds it.
 */
const HARNESS_SECOND_READINGS: { file: string; rules: string[]; specFiles: string[]; holder: string }[] = [
  {
    file: 'test/differential/attack-reach.ts',
    rules: ['buildAttackGraph', 'minimumCompromises', 'isCriticalAsset'],
    specFiles: ['model/platform/attack-graph.ts', 'model/platform/product-attack-graph.ts', 'model/platform/attack-surface.ts', 'model/platform/critical-assets.ts'],
    holder: 'test/differential/attack-graph-differential.test.ts',
  },
  { file: 'test/differential/tcb-reading.ts', rules: ['computeTcb'], specFiles: ['model/platform/tcb.ts'], holder: 'test/differential/tcb-differential.test.ts' },
  // The product part of the attack graph was read once, from the isolation spec's reachability edges (s28: a block another app may move counted as this app's own).
  {
    file: 'test/differential/product-reach.ts',
    rules: ['buildProductAttackGraph'],
    specFiles: ['model/platform/product-attack-graph.ts', 'model/platform/attack-graph.ts', 'model/platform/attack-surface.ts', 'model/isolation/isolation-spec.ts', 'model/isolation/claims.ts', 'model/isolation/conflicts.ts'],
    holder: 'test/differential/product-graph-differential.test.ts',
  },
  { file: 'test/differential/tcb-judgement-reading.ts', rules: ['judgeTcb'], specFiles: ['properties/small-tcb/rules.ts', 'model/platform/tcb.ts', 'model/platform/attack-surface.ts'], holder: 'test/differential/tcb-judgement-differential.test.ts' },
  { file: 'test/differential/standard-attackers-reading.ts', rules: ['missingStandardAttackers', 'isAppSlot'], specFiles: ['properties/defense-in-depth/standard-attackers.ts', 'model/product/instantiate.ts'], holder: 'test/differential/standard-attackers-differential.test.ts' },
  { file: 'test/differential/key-custody-reading.ts', rules: ['hardwareKeyProblems', 'isPlutonFirmware'], specFiles: ['model/platform/key-custody.ts', 'model/platform/pluton-firmware.ts'], holder: 'test/differential/key-custody-differential.test.ts' },
  // Measurement integrity had one reading (certificate-authentication's design rules read it alone): a measurer not yet running passed.
  { file: 'test/differential/measurement-reading.ts', rules: ['measurementProblems'], specFiles: ['model/platform/measurement-integrity.ts', 'properties/hardware-root-of-trust/measurement.ts'], holder: 'test/differential/measurement-differential.test.ts' },
  // The failure log's defaults were filled by the loader with the spec's, and the emulated log read the filled design.
  { file: 'emulator/update/log-policy-defaults.ts', rules: ['AZURE_SPHERE_LOG_POLICY', 'withLogPolicyDefaults'], specFiles: ['model/update/failure-log-policy.ts'], holder: 'test/differential/log-defaults-differential.test.ts' },
  // Crash containment had no emulated reading (s30): the emulator had no service to crash.
  {
    file: 'test/differential/crash-containment-reading.ts',
    rules: ['sharedServiceCrashes'],
    specFiles: ['model/platform/crash-containment.ts', 'model/platform/app-interfaces.ts', 'model/platform/attack-graph.ts'],
    holder: 'test/differential/crash-containment-differential.test.ts',
  },
  { file: 'emulator/boot/service-crash.ts', rules: ['sharedServiceCrashes'], specFiles: ['model/platform/crash-containment.ts', 'model/platform/attack-graph.ts'], holder: 'test/differential/crash-containment-differential.test.ts' },
  // s33: who takes an app's input was read for the crash by a test-side reading only; the verdict now reads the device's.
  { file: 'emulator/shared-service-crashes.ts', rules: ['sharedServiceCrashes'], specFiles: ['model/platform/crash-containment.ts', 'model/platform/app-interfaces.ts', 'model/platform/attack-graph.ts'], holder: 'test/differential/crash-containment-differential.test.ts' },
  { file: 'emulator/update/failure-log.ts', rules: ['logRecords', 'logReportsDropped', 'logErasableBy'], specFiles: ['model/update/failure-log-policy.ts'], holder: 'test/update/failure-log-policy.test.ts' },
  // s32: the emulated quote exchange signed with the identity key whatever the protocol design named, so the quote key was the rule's alone.
  { file: 'emulator/boot/quote-key.ts', rules: ['quoteProofGap'], specFiles: ['model/attestation/protocol-design.ts'], holder: 'test/differential/quote-proof-differential.test.ts' },
  // s33: whom an attacker runs as was the rule's alone: the plays booted what verifier-takeover.ts chose.
  { file: 'emulator/boot/attacker-takeover.ts', rules: ['componentsAnAttackerTakesOver', 'verifiersAnAttackerTakesOver'], specFiles: ['model/platform/verifier-takeover.ts', 'model/platform/attack-surface.ts'], holder: 'test/differential/takeover-differential.test.ts' },
];

describe('second readings beside their harness, and rules read again without importing them', () => {
  // The attack graph once had no second reading: a wrong edge rule (a one-time-programmable secret never read) was a wrong verdict nothing caught.
  it.each(HARNESS_SECOND_READINGS)('$file imports none of the rules it mirrors and names them and the test that holds it', ({ file, rules, specFiles, holder }) => {
    const source = readFileSync(join(root, file), 'utf8');
    for (const spec of specFiles) expect(source, spec).not.toMatch(new RegExp(`from\\s+['"][^'"]*${spec.replace(/^model\//, '').replace(/\.ts$/, '')}(\\.js)?['"]`));
    const text = (/^\/\*\*[\s\S]*?\*\//.exec(source)?.[0] ?? '').replace(/\s*\n\s*\*\s*/g, ' ');
    expect(text).toMatch(/Second reading/i);
    for (const rule of rules) {
      expect(text).toContain(rule);
      expect(specFiles.some((f) => new RegExp(`export (function|const) ${rule}\\b`).test(readFileSync(join(root, f), 'utf8')))).toBe(true);
    }
    expect(text).toContain(holder);
    expect(readFileSync(join(root, holder), 'utf8')).toContain(file.split('/').pop()!.replace(/\.ts$/, ''));
  });
});

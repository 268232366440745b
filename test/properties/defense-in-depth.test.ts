import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { minimumCompromises, type AttackGraph } from '../../model/platform/attack-graph.js';
import { buildProductAttackGraph } from '../../model/platform/product-attack-graph.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import type { RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { checkDefenseInDepth } from '../../properties/defense-in-depth/index.js';
import type { PropertyCheckContext } from '../../properties/registry.js';
import type { PropertyResult } from '../../properties/verdict.js';
import { proveMinimumCompromises } from '../../proofs/attack-min-cut.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { builtinProfile, checkContext } from '../helpers/check-context.js';
import { tempDir } from '../helpers.js';

const fixtures = resolve(fileURLToPath(import.meta.url), '../../fixtures/platforms');
const fixture = (name: string) => resolve(fixtures, name, 'sevenfold.json');
const context = checkContext({ seed: 5, runs: 1, timeoutMs: 20_000, command: 'sevenfold verify --property defense-in-depth' });
const load = (file: string): Product => {
  const loaded = loadProduct(file);
  expect(loaded.hasErrors, loaded.diagnostics.map((d) => d.message).join('; ')).toBe(false);
  return loaded.product!;
};
const check = (file: string, overrides: Partial<PropertyCheckContext> = {}) => checkDefenseInDepth(load(file), { ...context, ...overrides });
const outcomes = (r: PropertyResult) => Object.fromEntries((r.requirements ?? []).map((q) => [q.id, q.outcome]));
const lines = (r: PropertyResult) => (r.evidence ?? []).flatMap((e) => e.lines);

/** The built-in profile with defense-in-depth requirements changed. */
function profile(values: Record<string, number | boolean>): RequirementProfile {
  const p = builtinProfile();
  for (const r of p.requirements['defense-in-depth']!) if (r.id in values) r.value = values[r.id]!;
  return p;
}
/** Zero glitches: isolates the attack graph from the downgrade that one glitch always allows (see the fault-sweep tests). */
const noGlitches = { requirements: profile({ 'defense-in-depth.fault-tolerance': 0 }) };
/** Zero glitches, and only the assets the design marks critical (the profile leaves the scope to the design). */
const noGlitchesOwnMarks = { requirements: profile({ 'defense-in-depth.fault-tolerance': 0, 'defense-in-depth.trust-assets-critical': false }) };

afterAll(async () => {
  await shutdownZ3();
});

describe('defense-in-depth on the built-in product', () => {
  it('is violated: one flash-parser exploit reaches the firewall, and one glitch boots a downgraded or swapped image', async () => {
    const r = await check(builtinProductFile());
    expect(r.verdict).toBe('violated');
    expect(outcomes(r)).toEqual({ 'defense-in-depth.min-compromises': 'failed', 'defense-in-depth.derived-exploitability': 'failed', 'defense-in-depth.fault-tolerance': 'failed', 'defense-in-depth.standard-attackers': 'met', 'defense-in-depth.trust-assets-critical': 'met', 'defense-in-depth.network-facing-by-image-type': 'met', 'defense-in-depth.exceptions-flash-only': 'met', 'defense-in-depth.layer-escalation': 'met', 'defense-in-depth.physical-barriers-checked': 'met' });
    const all = lines(r);
    // The canonical (exhaustive-search) path, the same on every run: the Security Monitor's image rewritten past its
    // signature and its manifest hash, both under firmware-signing: one forged signer (attack-surface.ts signerBarrier).
    expect(all.find((l) => l.startsWith('I/O firewall configuration: 1  [TOO FEW]'))).toBe(
      'I/O firewall configuration: 1  [TOO FEW] — weakest path: An attacker with physical access to the flash → [signature] Security Monitor → I/O firewall configuration',
    );
    expect(all).toContain('  skipping the single check rollback.nw-kernel boots a downgraded nw-kernel');
    expect(all).toContain('  skipping the single check sm.kernel.hash boots a swapped nw-kernel');
    expect(all).toContain('the design makes no check twice (no redundant check): each check is one glitch from being skipped');
    // Every attack kind at every stage was run.
    expect(r.evidence!.find((e) => e.title.startsWith('fault sweep'))!.title).toContain('4 attack kinds (tampered, unknown-key, downgrade, swapped) × 9 stages');
    // Runtime paths from an app still need two compromises.
    expect(all.find((l) => l.startsWith('Device identity private key (ECC P-256): 2 — weakest path'))).toBeDefined();
  });
});

describe('minimum compromises come from the profile', () => {
  it('holds at 2 for the sound platform, is violated when the profile asks for 3, holds again at 1', async () => {
    const sound = await check(fixture('sound-platform'), noGlitches);
    expect(sound.verdict, sound.summary).toBe('holds');
    expect(sound.summary).toMatch(/^every critical asset needs ≥ 2 independent compromises \(required 2\)/);
    const strict = await check(fixture('sound-platform'), { requirements: profile({ 'defense-in-depth.fault-tolerance': 0, 'defense-in-depth.min-compromises': 3 }) });
    expect(strict.verdict).toBe('violated');
    expect(strict.summary).toMatch(/falls to 2 compromises/);
    expect(strict.evidence!.some((e) => e.title.startsWith('minimum independent compromises per critical asset (required: 3'))).toBe(true);
    const loose = await check(fixture('kernel-reads-key-store'), { requirements: profile({ 'defense-in-depth.fault-tolerance': 0, 'defense-in-depth.min-compromises': 1 }) });
    expect(loose.verdict, loose.summary).toBe('holds');
  });

  it('is violated when one compromise reaches a secret, naming the path', async () => {
    const r = await check(fixture('kernel-reads-key-store'), noGlitches);
    expect(r.verdict).toBe('violated');
    expect(r.summary).toMatch(/Pluton key store .* falls to 1 compromise/);
    expect(r.summary).toContain('nw-kernel');
  });
});

describe('a one-time-programmable secret is still read', () => {
  // The graph once dropped every access rule on a one-time-programmable asset, read included, so a secret burnt into
  // eFuses that the kernel may read was "unreachable" and the attack graph held (found by
  // test/differential/attack-graph-differential.test.ts, against the emulator's bus, which grants the read). On the defended
  // platform, under the built-in profile, `sevenfold verify --property defense-in-depth` held for it (exit 0).
  it('an eFuse secret the kernel reads falls to one kernel exploit; used (not read) by the Pluton runtime only, it holds', async () => {
    const flawed = await check(fixture('fuse-secret-read-by-kernel'));
    expect(flawed.verdict, flawed.summary).toBe('violated');
    expect(flawed.summary).toMatch(/^Device-unique secret key \(eFuses\) falls to 1 compromise \(malicious-app@hl-app → Thermostat → \[kernel-syscalls\] nw-kernel → fuse-device-secret\)/);
    const sound = await check(fixture('fuse-secret-used-by-pluton-runtime'));
    expect(sound.verdict, sound.summary).toBe('holds');
  });
});

describe('exploitability is derived, not only listed', () => {
  it('"exploits": [] does not make it hold: a boot loader parsing flash is exploitable unless excepted', async () => {
    const r = await check(fixture('no-listed-exploits'), noGlitches);
    expect(r.verdict).toBe('violated');
    expect(r.summary).toMatch(/falls to 1 compromise \(physical-flash → \[exploit:[a-z-]+\]/);
    expect(outcomes(r)['defense-in-depth.derived-exploitability']).toBe('failed');
    // With derived exploitability switched off in the profile, only listed exploits count; this design lists none,
    // so no path could be searched: unknown, not holds (audit 9; it held over no exploit at all).
    const off = await check(fixture('no-listed-exploits'), { requirements: profile({ 'defense-in-depth.fault-tolerance': 0, 'defense-in-depth.derived-exploitability': false }) });
    expect(off.verdict, off.summary).toBe('unknown');
    expect(off.summary).toMatch(/\/exploits: the profile switches derived exploitability off, so only the exploits the design lists are searched, and it lists none/);
    expect(outcomes(off)['defense-in-depth.derived-exploitability']).toBe('not-applicable');
    expect(outcomes(off)['defense-in-depth.min-compromises']).toBe('unknown');
    // A design that lists its exploits is searched on them: decided.
    const listed = await check(fixture('sound-platform'), { requirements: profile({ 'defense-in-depth.fault-tolerance': 0, 'defense-in-depth.derived-exploitability': false }) });
    expect(listed.verdict, listed.summary).toBe('holds');
    expect(outcomes(listed)['defense-in-depth.min-compromises']).toBe('met');
  });

  it('a design that states a justified exception for every flash parser holds, and the evidence shows each exception', async () => {
    const r = await check(fixture('sound-no-listed-exploits'), noGlitches);
    expect(r.verdict, r.summary).toBe('holds');
    const exceptions = lines(r).filter((l) => l.startsWith('exception: '));
    expect(exceptions).toHaveLength(6);
    expect(exceptions[0]).toMatch(/^exception: pluton-rom is not exploitable through flash input \(the one-bl image it loads from flash\): "Fixture assumption/);
  });
});

describe('a design incomplete for the property is unknown with the reason, never holds', () => {
  it.each([
    ['no-attackers', /platform\.json \/attackers: the design names no attacker/],
    ['no-critical-assets', /marks a critical asset, so there is nothing to defend/],
    ['unknown-critical-storage', /sevenfold\.json \/criticalAssets\/0: "storage:NoSuchApp": no app named NoSuchApp/],
  ])('%s', async (name, reason) => {
    const r = await check(fixture(name), noGlitchesOwnMarks);
    expect(r.verdict).toBe('unknown');
    expect(r.summary).toMatch(reason);
  });

  it('no-critical-assets under the built-in profile is judged on the assets that decide trust, which the design cannot unmark', async () => {
    const r = await check(fixture('no-critical-assets'), noGlitches);
    expect(r.verdict, r.summary).toBe('holds');
    expect(lines(r).filter((l) => l.includes('(critical by its kind, defense-in-depth.trust-assets-critical; the design does not mark it)'))).toHaveLength(6);
  });

  it('with the default profile the glitch finding still makes an incomplete design violated, with the gap as a warning', async () => {
    const r = await check(fixture('no-attackers'));
    expect(r.verdict).toBe('violated');
    expect(r.warnings?.some((w) => w.includes('names no attacker'))).toBe(true);
  });

  it('a design cannot take an asset that decides trust out of defense in depth by not marking it critical (trust-assets-critical)', async () => {
    const unmarked = await check(fixture('key-store-unmarked-and-writable/high-level'));
    expect(unmarked.verdict, unmarked.summary).toBe('violated');
    expect(unmarked.summary).toMatch(/^Trusted key store \(image type 19: keys that may sign images\) falls to 1 compromise \(.*os-services → trusted-key-store\)/);
    expect(outcomes(unmarked)['defense-in-depth.trust-assets-critical']).toBe('failed');
    expect(lines(unmarked).some((l) => l.startsWith('Trusted key store (image type 19: keys that may sign images) (critical by its kind, defense-in-depth.trust-assets-critical; the design does not mark it): 1  [TOO FEW]'))).toBe(true);
    // Only the design's marks (the profile switches the scope off): the key store is no goal, and the design grades itself.
    const ownMarks = await check(fixture('key-store-unmarked-and-writable/high-level'), { requirements: profile({ 'defense-in-depth.trust-assets-critical': false }) });
    expect(ownMarks.verdict, ownMarks.summary).toBe('holds');
    expect(outcomes(ownMarks)['defense-in-depth.trust-assets-critical']).toBe('not-applicable');
    // A design marking nothing critical is still judged on the assets that decide trust, and holds where each needs two compromises.
    const none = await check(fixture('trust-assets-unmarked/high-level'));
    expect(none.verdict, none.summary).toBe('holds');
    expect(outcomes(none)['defense-in-depth.trust-assets-critical']).toBe('met');
  });

  it('a design cannot take its Wi-Fi firmware off the network attack surface by not marking it network-facing (network-facing-by-image-type)', async () => {
    const unmarked = await check(fixture('wifi-firmware-unmarked-writes-firewall/high-level'));
    expect(unmarked.verdict, unmarked.summary).toBe('violated');
    expect(unmarked.summary).toBe('I/O firewall configuration falls to 1 compromise (network → [exploit:wifi-firmware] wifi-firmware → io-firewall-config)');
    expect(outcomes(unmarked)['defense-in-depth.network-facing-by-image-type']).toBe('failed');
    // The design's marks only (the profile switches the rule off): the firmware takes no network input, and the design grades itself.
    const ownMarks = await check(fixture('wifi-firmware-unmarked-writes-firewall/high-level'), { requirements: profile({ 'defense-in-depth.network-facing-by-image-type': false }) });
    expect(ownMarks.verdict, ownMarks.summary).toBe('holds');
    expect(outcomes(ownMarks)['defense-in-depth.network-facing-by-image-type']).toBe('not-applicable');
    // The sound twin: the same firmware, exploitable over the air, reaches nothing critical.
    const isolated = await check(fixture('wifi-firmware-isolated/high-level'));
    expect(isolated.verdict, isolated.summary).toBe('holds');
    expect(outcomes(isolated)['defense-in-depth.network-facing-by-image-type']).toBe('met');
  });

  it('a design cannot declare its own network parser unexploitable (exceptions-flash-only): the exception is refused and shown', async () => {
    const excepted = await check(fixture('wifi-firmware-excepted-writes-firewall/high-level'));
    expect(excepted.verdict, excepted.summary).toBe('violated');
    expect(excepted.summary).toBe('I/O firewall configuration falls to 1 compromise (network → [exploit:wifi-firmware] wifi-firmware → io-firewall-config)');
    expect(outcomes(excepted)['defense-in-depth.exceptions-flash-only']).toBe('failed');
    expect(lines(excepted)).toContain(
      'exception refused: the design states wifi-firmware is not exploitable through network input ("The firmware checks every frame length before it copies the frame."), but the profile does not accept it (defense-in-depth.exceptions-flash-only: network traffic are signed by nobody, so what parses them is exploitable whatever the design states): it stays exploitable',
    );
    // A profile that takes the design's word (the rule off) lets the exception decide, as before.
    const trusting = await check(fixture('wifi-firmware-excepted-writes-firewall/high-level'), { requirements: profile({ 'defense-in-depth.exceptions-flash-only': false }) });
    expect(trusting.verdict, trusting.summary).toBe('holds');
    // The defended platform's flash exceptions (verify-then-parse of signed images) are accepted.
    const sound = await check(fixture('defended-platform/high-level'));
    expect(outcomes(sound)['defense-in-depth.exceptions-flash-only']).toBe('met');
    // But not for a component that also parses a flash blob nothing signs: there is nothing to verify first.
    const unsignedBlob = await check(fixture('monitor-parses-unsigned-flash/high-level'));
    expect(unsignedBlob.verdict, unsignedBlob.summary).toBe('violated');
    expect(unsignedBlob.summary).toMatch(/falls to 1 compromise \(physical-flash → \[exploit:security-monitor\] security-monitor → /);
    expect(outcomes(unsignedBlob)['defense-in-depth.exceptions-flash-only']).toBe('failed');
    expect(lines(unsignedBlob).some((l) => l.startsWith('exception refused: the design states security-monitor is not exploitable through flash input') && l.includes('it reads board-config from flash, which no signature covers'))).toBe(true);
    const signedBlob = await check(fixture('monitor-parses-signed-flash/high-level'));
    expect(signedBlob.verdict, signedBlob.summary).toBe('holds');
  });

  it('a design that lists no exploit cannot stop a breached app at its slot (layer-escalation): the kernel it may reach falls to one exploit', async () => {
    const flawed = await check(fixture('kernel-writes-firewall-no-listed-exploits/high-level'));
    expect(flawed.verdict, flawed.summary).toBe('violated');
    expect(flawed.summary).toBe('I/O firewall configuration falls to 1 compromise (malicious-app@hl-app → HelloWorld_HighLevelApp → [exploit:nw-kernel] nw-kernel → io-firewall-config)');
    expect(outcomes(flawed)['defense-in-depth.layer-escalation']).toBe('failed');
    expect(lines(flawed).some((l) => l.startsWith('escalation (defense-in-depth.layer-escalation), assumed whether or not the design lists it: ') && l.includes('hl-app → nw-kernel') && l.includes('nw-kernel → security-monitor'))).toBe(true);
    // A profile that takes the design's list of exploits as the attacker's whole reach: the app stays where it starts.
    const listedOnly = await check(fixture('kernel-writes-firewall-no-listed-exploits/high-level'), { requirements: profile({ 'defense-in-depth.layer-escalation': false }) });
    expect(listedOnly.verdict, listedOnly.summary).toBe('holds');
    expect(outcomes(listedOnly)['defense-in-depth.layer-escalation']).toBe('not-applicable');
    // The sound twin: only the Security Monitor writes the firewall, two layers above the app.
    const sound = await check(fixture('defended-no-listed-exploits/high-level'));
    expect(sound.verdict, sound.summary).toBe('holds');
    expect(outcomes(sound)['defense-in-depth.layer-escalation']).toBe('met');
  });

  it('two components in one privileged mode of one core are not walled off from each other: a kernel moved beside the Security Monitor gives it to one exploit', async () => {
    const flawed = await check(fixture('kernel-in-secure-world/high-level'));
    expect(flawed.verdict, flawed.summary).toBe('violated');
    expect(flawed.summary).toMatch(/falls to 1 compromise \(malicious-app@hl-app → HelloWorld_HighLevelApp → \[kernel-syscalls\] nw-kernel → security-monitor → /);
    expect(lines(flawed).some((l) => l.includes('runs beside Security Monitor on A7, in one privileged mode'))).toBe(true);
    // The sound twin: services built into the normal-world kernel are the kernel, but the Security Monitor is still a second exploit away.
    const sound = await check(fixture('services-in-kernel-mode/high-level'));
    expect(sound.verdict, sound.summary).toBe('holds');
  });

  it('a custom profile without the attack-surface requirements leaves defense in depth undecided, naming the requirement', async () => {
    for (const id of ['defense-in-depth.network-facing-by-image-type', 'defense-in-depth.exceptions-flash-only', 'defense-in-depth.layer-escalation', 'defense-in-depth.physical-barriers-checked']) {
      const p = builtinProfile();
      p.requirements['defense-in-depth'] = p.requirements['defense-in-depth']!.filter((q) => q.id !== id);
      await expect(check(fixture('wifi-firmware-isolated/high-level'), { requirements: p })).rejects.toThrow(`has no requirement "${id}"`);
    }
  });

  it('a design that names fewer attackers than the profile\'s threat model is not judged safe: each one left out is named; the full set holds', async () => {
    const sound = await check(fixture('defended-platform/high-level'));
    expect(sound.verdict, sound.summary).toBe('holds');
    expect(outcomes(sound)['defense-in-depth.standard-attackers']).toBe('met');
    const networkOnly = load(fixture('defended-network-attacker-only/high-level'));
    expect(networkOnly.platform.attackers.map((a) => a.id)).toEqual(['network']);
    const r = await checkDefenseInDepth(networkOnly, context);
    expect(r.verdict).toBe('unknown');
    expect(r.summary).toMatch(/^cannot decide: .*platform\.json \/attackers: no attacker controls the app slot hl-app \(a compromised app\); the requirement profile's threat model \(defense-in-depth\.standard-attackers\) searches from it/);
    expect(r.warnings?.some((w) => w.includes('no attacker with physical access to the flash'))).toBe(true);
    expect(outcomes(r)['defense-in-depth.standard-attackers']).toBe('unknown');
    // A profile that does not ask for the standard attackers judges the design's own.
    const off = await checkDefenseInDepth(networkOnly, { ...context, requirements: profile({ 'defense-in-depth.standard-attackers': false }) });
    expect(off.verdict, off.summary).toBe('holds');
    expect(outcomes(off)['defense-in-depth.standard-attackers']).toBe('not-applicable');
  });

  it('an app that is network-exposed on a design with no network attacker is not judged as safe', async () => {
    const product = load(builtinProductFile());
    const platform = structuredClone(product.platform);
    for (const a of platform.attackers) delete a.network;
    const r = await checkDefenseInDepth({ ...product, platform }, { ...context, ...noGlitches });
    expect(r.verdict).not.toBe('holds');
    expect([...(r.warnings ?? []), r.summary].some((w) => w.includes('Thermostat is network-exposed but'))).toBe(true);
  });
});

describe('the product joins the attack graph', () => {
  it('an app that listens and drives the critical PWM itself falls to one exploit, named with its manifest pointer', async () => {
    const r = await check(fixture('listener-drives-pwm'), noGlitches);
    expect(r.verdict).toBe('violated');
    expect(r.summary).toBe('the product: Pwm PWM-CONTROLLER-0 falls to 1 compromise (network → [exploit:hl-app] Gateway → Pwm:PWM-CONTROLLER-0)');
    expect(lines(r).some((l) => l.includes('exploit app Gateway\'s network input: it listens on TCP 8080 (') && l.includes('apps/gateway-hl/app_manifest.json /Capabilities/AllowedTcpServerPorts/0'))).toBe(true);
    expect(lines(r).some((l) => l.includes('sevenfold.json /criticalAssets/0; driven by Gateway'))).toBe(true);
  });

  it("on a platform design that already fails, the product's own finding is reported apart from the platform's: a product weakness changes the summary and the evidence", async () => {
    const findings = (r: PropertyResult) => r.evidence!.find((e) => e.title.startsWith('findings of the product apart from the platform design'))!;
    const flawed = await check(fixture('builtin-listener-drives-pwm'));
    expect(flawed.verdict).toBe('violated');
    expect(flawed.summary).toMatch(/^the product: Pwm PWM-CONTROLLER-0 falls to 1 compromise \(network → \[exploit:hl-app\] Gateway → Pwm:PWM-CONTROLLER-0\); the platform design: .+ \(and \d+ more\)$/);
    expect(findings(flawed).lines[0]).toBe('product: Pwm PWM-CONTROLLER-0 falls to 1 compromise (network → [exploit:hl-app] Gateway → Pwm:PWM-CONTROLLER-0)');
    // The same product without its critical PWM: only the platform's findings, the same ones.
    const product = load(fixture('builtin-listener-drives-pwm'));
    const plain = await checkDefenseInDepth({ ...product, criticalAssets: [] }, context);
    expect(plain.verdict).toBe('violated');
    expect(plain.summary).not.toContain('the product');
    expect(findings(plain).lines[0]).toMatch(/^product: none \(.+ marks no critical asset, and the product's apps make no platform asset fall short\)$/);
    expect(findings(plain).lines.slice(1)).toEqual(findings(flawed).lines.slice(1));
  });

  it('a platform asset that falls short only through what the product adds is the product\'s finding, with its cost without the product', async () => {
    // The app slot may write the firewall, and no attacker starts as an app: only the product's network entry reaches it in one step.
    const product = load(fixture('listener-drives-pwm'));
    const platform = structuredClone(product.platform);
    platform.access.push({ component: 'hl-app', asset: 'io-firewall-config', rights: ['write'] });
    platform.attackers = platform.attackers.map((a) => ({ ...a, controls: [] }));
    const r = await checkDefenseInDepth({ ...product, platform }, { ...context, ...noGlitches });
    expect(r.verdict).toBe('violated');
    expect(r.summary).toContain('I/O firewall configuration falls to 1 compromise (network → [exploit:hl-app] Gateway → io-firewall-config; 2 without what the product adds)');
    expect(r.summary).toMatch(/^the product: /);
    expect(r.summary).not.toContain('the platform design:');
  });

  it('an app that drives a PWM controller drives its pins: a critical GPIO of that block falls to one exploit of the app', async () => {
    const r = await check(fixture('listener-pwm-drives-critical-pin'), noGlitches);
    expect(r.verdict).toBe('violated');
    expect(r.summary).toBe('the product: Gpio 1 falls to 1 compromise (network → [exploit:hl-app] Gateway → Gpio:1)');
    const graph = buildProductAttackGraph(load(fixture('listener-pwm-drives-critical-pin')));
    const edge = graph.edges.find((e) => e.from === 'hl-app' && e.to === 'Gpio:1')!;
    expect(edge.description).toBe('app Gateway drives Pwm PWM-CONTROLLER-0, which uses the pins of Gpio 1 (block GPIO-0)');
    expect(edge.where).toMatch(/apps\/gateway-hl\/app_manifest.json \/Capabilities\/Pwm\/0$/);
  });

  it("a critical app storage kept in flash falls to the flash writer past only the storage asset's physical barriers", async () => {
    const flawed = await check(fixture('flash-writes-critical-storage'), noGlitches);
    expect(flawed.verdict).toBe('violated');
    expect(flawed.summary).toMatch(/^the product: Logger's storage falls to 0 compromises \(physical-flash → storage:/);
    const graph = buildProductAttackGraph(load(fixture('flash-writes-critical-storage')));
    const goal = graph.goals.find((g) => g.origin === 'product')!.id;
    expect(minimumCompromises(graph, 'physical-flash', goal).cost).toBe(0);
    expect(minimumCompromises(graph, 'network', goal).cost).toBe(2);
    const signed = await check(fixture('signed-critical-storage'), noGlitches);
    expect(signed.verdict, signed.summary).toBe('holds');
    expect(outcomes(signed)['defense-in-depth.physical-barriers-checked']).toBe('met');
    const signedGraph = buildProductAttackGraph(load(fixture('signed-critical-storage')));
    expect(minimumCompromises(signedGraph, 'physical-flash', goal).cost).toBe(2);
  });

  it('a physical barrier the design only names (no boot check of that kind) counts for nothing (physical-barriers-checked)', async () => {
    const sealed = await check(fixture('sealed-critical-storage'), noGlitches);
    expect(sealed.verdict, sealed.summary).toBe('violated');
    expect(sealed.summary).toMatch(/^the product: Logger's storage falls to 0 compromises \(physical-flash → storage:/);
    expect(outcomes(sealed)['defense-in-depth.physical-barriers-checked']).toBe('failed');
    expect(lines(sealed)).toContain("physical barrier not counted: Apps' mutable storage (app-mutable-storage) names storage-encryption, storage-authentication, which no boot check makes (defense-in-depth.physical-barriers-checked); the flash writer has to break nothing");
    const graph = buildProductAttackGraph(load(fixture('sealed-critical-storage')));
    const goal = graph.goals.find((g) => g.origin === 'product')!.id;
    expect(minimumCompromises(graph, 'physical-flash', goal).cost).toBe(0);
    // A profile that takes the design's word (the rule off, and any flash exception accepted): the names count, as before.
    const trusting = await check(fixture('sealed-critical-storage'), { requirements: profile({ 'defense-in-depth.fault-tolerance': 0, 'defense-in-depth.physical-barriers-checked': false, 'defense-in-depth.exceptions-flash-only': false }) });
    expect(trusting.verdict, trusting.summary).toBe('holds');
    expect(outcomes(trusting)['defense-in-depth.physical-barriers-checked']).toBe('not-applicable');
  });

  it('on a design that shares storage, every app that may open a critical storage reaches it (the isolation spec decides who)', () => {
    const product = load(fixture('flash-writes-critical-storage'));
    const rt = { ...product.apps[0]!, manifest: { ...product.apps[0]!.manifest, name: 'Peer', componentId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', kind: 'real-time' as const, mutableStorageKB: undefined as unknown as number } };
    delete (rt.manifest as { mutableStorageKB?: number }).mutableStorageKB;
    delete (rt as { slot?: string }).slot;
    const shared = { ...product, apps: [...product.apps, rt], platform: { ...product.platform, appIsolation: { ...product.platform.appIsolation, storage: 'shared' as const } } };
    const reaching = (p: Product) => buildProductAttackGraph(p).edges.filter((e) => e.to.startsWith('storage:') && e.from === 'app:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
    expect(reaching(shared)).toHaveLength(1);
    expect(reaching({ ...shared, platform: product.platform })).toHaveLength(0);
  });

  it("a breached app counts against the product's critical assets it does not drive by its own claim, its own breach the first compromise", async () => {
    // A quiet real-time app on a design that shares storage opens the logger's critical storage: one breach, of that app, loses it.
    const flawed = await check(fixture('second-app-opens-critical-storage'), noGlitches);
    expect(flawed.verdict).toBe('violated');
    expect(flawed.summary).toMatch(/^the product: Logger's storage falls to 1 compromise \(malicious-app@rt-app-0 \[the app breached\] → Sampler → storage:/);
    const graph = buildProductAttackGraph(load(fixture('second-app-opens-critical-storage')));
    const goal = graph.goals.find((g) => g.origin === 'product')!.id;
    expect(graph.drivers.get(goal)).toEqual(['hl-app']);
    expect(minimumCompromises(graph, 'network', goal).cost).toBe(2);
    // The same apps with per-app storage: the real-time app cannot open it, and the logger that owns it is not counted against it.
    const sound = await check(fixture('per-app-critical-storage'), noGlitches);
    expect(sound.verdict, sound.summary).toBe('holds');
    expect(lines(sound).join('\n')).toMatch(/Logger's storage \(product: [^\n]*\): 2 — weakest path: A malicious or compromised app, as Real-time app on M4-0: Sampler \[the app breached\]/);
    // A partner the motor app obeys only through its messages: the gateway's breach, then the motor app's, two.
    const partner = await check(fixture('partner-drives-pwm'), noGlitches);
    expect(partner.verdict, partner.summary).toBe('holds');
    expect(lines(partner).join('\n')).toMatch(/PWM-CONTROLLER-0 \(product: [^\n]*\): 2 — weakest path/);
  });

  it('a real-time app reaches a block another app may move to its core only by taking that app: the writer reaches it, the app beside it does not', async () => {
    // The sampler may write the I/O firewall: its breach alone gives it the motor's PWM block.
    const flawed = buildProductAttackGraph(load(fixture('firewall-writer-beside-motor')));
    expect(minimumCompromises(flawed, 'malicious-app@rt-app-1', 'Pwm:PWM-CONTROLLER-0').cost).toBe(0);
    // The motor app itself is the writer: the sampler has no barrier-free way to the PWM (before: an edge "Motor may
    // write the I/O firewall configuration and move block PWM-0 to M4-1" from the sampler, and the goal fell to 1).
    const graph = buildProductAttackGraph(load(fixture('motor-writes-firewall')));
    expect(graph.edges.filter((e) => e.from === 'rt-app-1' && e.to === 'Pwm:PWM-CONTROLLER-0')).toEqual([]);
    expect(minimumCompromises(graph, 'malicious-app@rt-app-1', 'Pwm:PWM-CONTROLLER-0').cost).toBeGreaterThanOrEqual(2);
    expect(graph.owners.get('Pwm:PWM-CONTROLLER-0')).toEqual(['Motor']);
    const r = await check(fixture('motor-writes-firewall'), noGlitches);
    expect(lines(r).join('\n')).toMatch(/Pwm PWM-CONTROLLER-0 \(product: [^\n]*; driven by Motor\): 2 — weakest path/);
  });

  it('a critical GPIO in a block no app drives is not reached through the PWM of the block beside it', async () => {
    const r = await check(fixture('listener-pwm-beside-critical-pin'), noGlitches);
    expect(r.verdict, r.summary).toBe('holds');
    const graph = buildProductAttackGraph(load(fixture('listener-pwm-beside-critical-pin')));
    expect(graph.edges.some((e) => e.from === 'hl-app' && e.to === 'Gpio:4')).toBe(false);
    expect(minimumCompromises(graph, 'network', 'Gpio:4').cost).toBeGreaterThanOrEqual(2);
  });

  it('an app image built from another manifest (one that also claims the critical pin) leaves the attack graph undecided, never holds; an image of the same manifest holds', async () => {
    const products = resolve(fixtures, '../products');
    const differs = await check(resolve(products, 'did-image-claims-critical-pin/sevenfold.json'));
    expect(differs.verdict).toBe('unknown');
    expect(differs.summary).toMatch(/^cannot decide: the attack graph was built from Gateway's manifest, not its image: Gateway's image .*gateway-hl\.imagepackage carries Capabilities\/Gpio \[4\], but its manifest states \(none\)/);
    expect(outcomes(differs)['defense-in-depth.min-compromises']).toBe('unknown');
    const same = await check(resolve(products, 'did-image-same-manifest/sevenfold.json'));
    expect(same.verdict, same.summary).toBe('holds');
    expect(outcomes(same)['defense-in-depth.min-compromises']).toBe('met');
  });

  it('the same app without network exposure is reached from the network only through other paths', async () => {
    const r = await check(fixture('quiet-app-drives-pwm'), noGlitches);
    expect(r.verdict, r.summary).toBe('holds');
    expect(lines(r).some((l) => l.startsWith('Gateway (') && l.endsWith('no network exposure (no AllowedConnections, no server ports): reachable from the network only through other paths'))).toBe(true);
    const graph = buildProductAttackGraph(load(fixture('quiet-app-drives-pwm')));
    expect(graph.edges.some((e) => e.from === 'network' && e.to === 'hl-app')).toBe(false);
    // The other path: the kernel runs the app's process, so a kernel compromise drives what the app drives.
    const attack = minimumCompromises(graph, 'network', 'Pwm:PWM-CONTROLLER-0');
    expect(attack.cost).toBe(2);
    expect(attack.path.map((e) => e.to)).toEqual(['os-services', 'nw-kernel', 'hl-app', 'Pwm:PWM-CONTROLLER-0']);
  });

  it("a critical asset named through the product's hardware definition ($NAME, as a manifest names it) is the peripheral it resolves to", async () => {
    const flawed = await check(fixture('listener-drives-named-pwm'), noGlitches);
    expect(flawed.verdict).toBe('violated');
    expect(flawed.summary).toBe('the product: Pwm PWM-CONTROLLER-1 falls to 1 compromise (network → [exploit:hl-app] Gateway → Pwm:PWM-CONTROLLER-1)');
    const sound = await check(fixture('quiet-app-drives-named-pwm'), noGlitches);
    expect(sound.verdict, sound.summary).toBe('holds');
    expect(minimumCompromises(buildProductAttackGraph(load(fixture('quiet-app-drives-named-pwm'))), 'network', 'Pwm:PWM-CONTROLLER-1').cost).toBe(2);
  });

  it('an app whose peripheral request has no known value (a $NAME nothing resolved) is undecided against the product\'s critical peripherals, named (s37: it held)', async () => {
    // Through the API only: the loader refuses such a product (SF3004). The listener's request drives the critical PWM.
    const product = load(fixture('listener-drives-named-pwm'));
    const request = product.apps.flatMap((a) => a.manifest.peripherals).find((p) => p.capability === 'Pwm')!;
    delete request.value;
    const r = await checkDefenseInDepth(product, { ...context, ...noGlitches });
    expect(r.verdict, r.summary).toBe('unknown');
    expect(r.summary).toContain(`${request.pointer}: Gateway's ${request.raw} resolves to no peripheral`);
  });

  it('a loader exploited through flash during boot decides every stage it goes on to load', () => {
    const product = load(fixture('sound-platform'));
    const platform = { ...product.platform, exploitExceptions: product.platform.exploitExceptions!.filter((e) => e.component !== 'pluton-rom') };
    const graph = buildProductAttackGraph({ ...product, platform });
    const attack = minimumCompromises(graph, 'physical-flash', 'io-firewall-config');
    expect(attack.cost).toBe(1);
    expect(attack.path.map((e) => `${e.to} [${e.barriers.join(',')}]`)).toEqual(['security-monitor [exploit:pluton-rom]', 'io-firewall-config []']);
  });

  it('a partner link both apps declare is an edge each way; the network needs the gateway and then the motor app', async () => {
    const graph = buildProductAttackGraph(load(fixture('partner-drives-pwm')));
    const attack = minimumCompromises(graph, 'network', 'Pwm:PWM-CONTROLLER-0');
    expect(attack.cost).toBe(2);
    expect(attack.path.map((e) => e.to)).toEqual(['hl-app', 'rt-app-0', 'Pwm:PWM-CONTROLLER-0']);
    expect(attack.path[1]!.description).toMatch(/^exploit app Motor's handling of messages from Gateway \(both list each other: .*gateway-hl\/app_manifest.json \/Capabilities\/AllowedApplicationConnections\/0/);
    expect(graph.edges.some((e) => e.from === 'rt-app-0' && e.to === 'hl-app')).toBe(true);
    const r = await check(fixture('partner-drives-pwm'), noGlitches);
    expect(r.verdict, r.summary).toBe('holds');
  });

  it('a partner link only one app declares is no edge', async () => {
    const t = tempDir();
    try {
      const base = load(fixture('partner-drives-pwm'));
      const gateway = base.apps[0]!.manifest;
      const oneSided = t.write('gateway/app_manifest.json', { SchemaVersion: 1, Name: 'Gateway', ComponentId: gateway.componentId, EntryPoint: '/bin/app', CmdArgs: [], Capabilities: { AllowedConnections: ['telemetry.contoso.example'] }, ApplicationType: 'Default' });
      const product = t.write('sevenfold.json', { schemaVersion: 1, name: 'one-sided', chip: 'mt3620', platform: resolve(fixtures, 'partner-drives-pwm/platform.json'), apps: [{ manifest: oneSided }, { manifest: base.apps[1]!.manifestFile }], criticalAssets: ['Pwm:PWM-CONTROLLER-0'] });
      const graph = buildProductAttackGraph(load(product));
      expect(graph.edges.some((e) => e.to === 'rt-app-0' && e.from === 'hl-app')).toBe(false);
      expect(minimumCompromises(graph, 'network', 'Pwm:PWM-CONTROLLER-0').cost).toBe(3);
    } finally {
      t.cleanup();
    }
  });

  it('Z3 and the exhaustive search agree on the product graph, for every attacker and goal', async () => {
    const graph = buildProductAttackGraph(load(fixture('partner-drives-pwm')));
    for (const attacker of graph.attackers) {
      for (const proof of await proveMinimumCompromises(graph, attacker, graph.goals.map((g) => g.id), { timeoutMs: 20_000 })) {
        expect(proof.status).toBe('proved');
        if (proof.status === 'proved') expect(proof.cost, `${attacker} → ${proof.asset}`).toBe(minimumCompromises(graph, attacker, proof.asset).cost);
      }
    }
  });
});

describe('glitches', () => {
  it('a stage without an anti-rollback counter boots a downgraded image with no fault at all', async () => {
    const r = await check(fixture('kernel-without-rollback'), noGlitches);
    expect(r.verdict).toBe('violated');
    expect(r.summary).toBe('a downgraded nw-kernel boots without any fault');
    expect(outcomes(r)['defense-in-depth.fault-tolerance']).toBe('failed');
  });

  it('is violated when one skipped check boots a tampered kernel, naming the check; the tolerance is the profile\'s', async () => {
    // The boot path up to the kernel is enough, and keeps the sweep short.
    const product = load(fixture('kernel-single-check'));
    const upToKernel = { ...product, platform: { ...product.platform, boot: product.platform.boot.slice(0, 5) } };
    const line = 'skipping the single check sm.kernel.signature boots a tampered nw-kernel';
    const one = await checkDefenseInDepth(upToKernel, { ...context, requirements: profile({ 'defense-in-depth.fault-tolerance': 1, 'defense-in-depth.min-compromises': 0 }) });
    expect(one.verdict).toBe('violated');
    expect(lines(one)).toContain(`  ${line}`);
    expect(one.warnings ?? []).not.toContain(`beyond the required fault tolerance: ${line}`);
    // A profile that requires no glitch tolerance: the same single skip, swept with --faults 1, is reported beyond it.
    const zero = await checkDefenseInDepth(upToKernel, { ...context, faults: 1, requirements: profile({ 'defense-in-depth.fault-tolerance': 0, 'defense-in-depth.min-compromises': 0 }) });
    expect(zero.warnings).toContain(`beyond the required fault tolerance: ${line}`);
  });

  it('--faults deeper than the profile reports pairs beyond the tolerance without making them violations', async () => {
    const product = load(fixture('sound-platform'));
    const short = { ...product, platform: { ...product.platform, boot: product.platform.boot.slice(0, 2) } };
    const r = await checkDefenseInDepth(short, { ...context, ...noGlitches, faults: 2 });
    expect(r.verdict, r.summary).toBe('holds');
    expect(r.warnings).toContain('beyond the required fault tolerance: skipping the 2 checks rom.1bl.signature and rom.1bl.hash boots a tampered one-bl');
    expect(r.bound).toContain('up to 2 faults');
  });
});

describe('schema-valid extreme designs never crash the check and never hold when incomplete', () => {
  it('random cuts of the sound design', async () => {
    const product = load(fixture('sound-platform'));
    const cuts = fc.record({
      components: fc.integer({ min: 1, max: product.platform.components.length }),
      boot: fc.integer({ min: 0, max: product.platform.boot.length }),
      keys: fc.integer({ min: 0, max: product.platform.keys.length }),
      attackers: fc.integer({ min: 0, max: product.platform.attackers.length }),
      exploits: fc.integer({ min: 0, max: product.platform.exploits.length }),
      critical: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(cuts, async (cut) => {
        const d = structuredClone(product.platform);
        d.components = d.components.slice(0, cut.components);
        const ids = new Set(d.components.map((c) => c.id));
        d.boot = d.boot.slice(0, cut.boot).filter((s) => ids.has(s.image) && ids.has(s.loadedBy));
        d.keys = d.keys.slice(0, cut.keys);
        const keys = new Set(d.keys.map((k) => k.id));
        d.boot = d.boot.filter((s) => s.checks.every((c) => keys.has(c.key)));
        d.attackers = d.attackers.slice(0, cut.attackers).map((a) => ({ ...a, controls: a.controls.filter((c) => ids.has(c)) }));
        d.exploits = d.exploits.slice(0, cut.exploits);
        if (!cut.critical) for (const a of d.assets) a.critical = false;
        const r = await checkDefenseInDepth({ ...product, platform: d }, { ...context, ...noGlitchesOwnMarks });
        expect(r.summary).not.toMatch(/failed internally/);
        if (d.attackers.length === 0 || !cut.critical) expect(r.verdict).not.toBe('holds');
      }),
      { numRuns: 12, seed: 7 },
    );
  });

  it('a boot stage the emulator cannot build is unknown, not a pass', async () => {
    const product = load(fixture('sound-platform'));
    const d = structuredClone(product.platform);
    d.keys = [];
    for (const s of d.boot) s.checks = [];
    const r = await checkDefenseInDepth({ ...product, platform: d }, { ...context, ...noGlitches });
    expect(r.verdict).not.toBe('holds');
  });
});

describe('the minimum-cut proof', () => {
  it('Z3 finds the same minimum as the exhaustive search on random attack graphs', async () => {
    const graphs = fc.record({
      nodes: fc.integer({ min: 2, max: 7 }),
      edges: fc.array(fc.record({ from: fc.nat(6), to: fc.nat(6), barriers: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 2 }) }), { maxLength: 14 }),
    });
    await fc.assert(
      fc.asyncProperty(graphs, async ({ nodes, edges }) => {
        const id = (i: number) => `n${i % nodes}`;
        const graph: AttackGraph = {
          nodes: Array.from({ length: nodes }, (_, i) => ({ kind: i === 0 ? 'attacker' : 'component', id: id(i) })),
          edges: edges.filter((e) => id(e.from) !== id(e.to)).map((e) => ({ from: id(e.from), to: id(e.to), barriers: e.barriers, description: '' })),
          attackers: ['n0'],
          goals: [],
        };
        const targets = graph.nodes.slice(1).map((n) => n.id);
        const proofs = await proveMinimumCompromises(graph, 'n0', targets, { timeoutMs: 10_000 });
        for (const proof of proofs) {
          expect(proof.status).toBe('proved');
          if (proof.status === 'proved') expect(proof.cost).toBe(minimumCompromises(graph, 'n0', proof.asset).cost);
        }
      }),
      { numRuns: 25, seed: 42 },
    );
  });
});

// A kernel moved beside the secure monitor (same core, world and level) shares its protection domain: breaking the
// kernel from an app is holding the monitor. Before, the graph joined components only across levels, and this design
// held defense-in-depth; the defended platform it was made from (the kernel in the normal world) still holds.
describe('components at one level on one core hold each other (model/platform/attack-graph.ts sharesPrivilegedMode)', () => {
  it('defended-kernel-beside-monitor: the trusted key store falls to 1 compromise, through the kernel beside the monitor', async () => {
    const r = await check(fixture('defended-kernel-beside-monitor'));
    expect(r.verdict, r.summary).toBe('violated');
    expect(r.summary).toMatch(/Trusted key store .* falls to 1 compromise \(malicious-app@hl-app → Thermostat → \[kernel-syscalls\] nw-kernel → security-monitor → trusted-key-store\)/);
    expect(lines(r).join('\n')).toMatch(/runs beside Security Monitor on A7, in one privileged mode/);
  });
  it('its sound twin defended-platform (the kernel in the normal world) holds', async () => {
    const r = await check(resolve(fixtures, 'defended-platform', 'high-level', 'sevenfold.json'));
    expect(r.verdict, r.summary).toBe('holds');
  });
});

// A manifest-hash check compares the image with a manifest signed by the check's key: where that key also signs the
// image, the flash writer who forges it makes both (the emulator's unknown-key attack re-signs image and manifest with
// one impostor key). Before (s35), each stage's "signature" and "manifest-hash" were two independent barriers whoever
// signed them, so the built-in boot chain (both checks under one key at every stage) cost the flash writer two, and
// the defended platform held with it.
describe('two checks under one signer are one barrier (model/platform/attack-surface.ts signerBarrier)', () => {
  it('defended-manifests-by-image-signers: the trusted key store falls to the flash writer at 1, past the one forged signer', async () => {
    const r = await check(fixture('defended-manifests-by-image-signers/high-level'));
    expect(r.verdict, r.summary).toBe('violated');
    expect(r.summary).toMatch(/^Trusted key store .* falls to 1 compromise \(physical-flash → \[signature\] trusted-key-store\)/);
    expect(lines(r)).toContain('I/O firewall configuration: 1  [TOO FEW] — weakest path: An attacker with physical access to the flash → [signature] Security Monitor → I/O firewall configuration');
    expect(outcomes(r)['defense-in-depth.min-compromises']).toBe('failed');
  });
  it('its sound twin defended-platform (each manifest under a key of its own) needs two: the signature and the manifest hash', async () => {
    const r = await check(fixture('defended-platform/high-level'));
    expect(r.verdict, r.summary).toBe('holds');
    // The flash writer's own cheapest way to the key store: both barriers, the two signers.
    const graph = buildProductAttackGraph(load(fixture('defended-platform/high-level')));
    const flash = minimumCompromises(graph, 'physical-flash', 'trusted-key-store');
    expect(flash.cost).toBe(2);
    expect(flash.path.flatMap((e) => e.barriers).sort()).toEqual(['manifest-hash', 'signature']);
  });
});

// A failure log is appended to by its writers and parsed by whoever uploads it: the same data path as a mailbox. Before
// (s35) model/platform/data-paths.ts carried messages over memory regions, storage and I/O-register FIFOs only, and a
// Security Monitor reading a log a breached app may write was reached at no exploit: the design held.
describe('a failure log carries records its reader parses (model/platform/data-paths.ts MESSAGE_KINDS)', () => {
  it('failure-log-app-writes-monitor-reads: the trusted key store falls to one exploit of the monitor, from the app', async () => {
    const r = await check(fixture('failure-log-app-writes-monitor-reads/high-level'));
    expect(r.verdict, r.summary).toBe('violated');
    expect(r.summary).toMatch(/^Trusted key store .* falls to 1 compromise \(malicious-app@hl-app → HelloWorld_HighLevelApp → \[exploit:security-monitor\] security-monitor → trusted-key-store\)/);
    expect(lines(r).join('\n')).toMatch(/exploit Security Monitor's parsing of The OS's failure log.*, which High-level app.* may write/);
  });
  it('its sound twin failure-log-app-writes-kernel-reads (the layer above the app reads it) holds', async () => {
    const r = await check(fixture('failure-log-app-writes-kernel-reads/high-level'));
    expect(r.verdict, r.summary).toBe('holds');
  });
});

// s36: a reader's "verifies before it parses" exception turns away bytes nobody signed, not content signed under the key
// it checks. Before, it covered every writer of a signed flash asset: an app slot that may use the signing key of a
// configuration the Security Monitor parses, or one writing a signed failure log whose signer nobody states, held.
describe('a writer of a signed flash asset that can get its content signed (model/platform/asset-signer.ts)', () => {
  it('app-signs-config-monitor-parses: the app signs a configuration the monitor parses; the key store falls to one monitor exploit', async () => {
    const r = await check(fixture('app-signs-config-monitor-parses/high-level'));
    expect(r.verdict, r.summary).toBe('violated');
    expect(r.summary).toContain('Trusted key store (image type 19: keys that may sign images) falls to 1 compromise (malicious-app@hl-app → HelloWorld_HighLevelApp → [exploit:security-monitor] security-monitor → trusted-key-store)');
    expect(lines(r).join('\n')).toContain('signing it under board-config-key, which it may use, so the check before parsing passes it');
  });
  it('its sound twin app-stages-config-signed-off-device (signed by the maker\'s offline key of /keys) holds', async () => {
    const r = await check(fixture('app-stages-config-signed-off-device/high-level'));
    expect(r.verdict, r.summary).toBe('holds');
  });
  it.each([
    ['app-writes-config-signer-unstated', '/assets/12/signedBy: the design does not state who signs it (hl-app may write board-config, which security-monitor parses)'],
    ['signed-log-app-writes-monitor-reads', '/assets/11/signedBy: the design does not state who signs it ('],
  ])('%s: the signer left out where the verdict turns on it is unknown, naming the field', async (name, text) => {
    const r = await check(fixture(`${name}/high-level`));
    expect(r.verdict, r.summary).toBe('unknown');
    expect(r.summary).toContain(`${name}/platform.json ${text}`);
    expect(r.summary).toContain('Trusted key store (image type 19: keys that may sign images) falls to 1 compromise');
  });
});

// A secret replaced is a secret lost: whoever writes the identity key chooses the key the device proves itself with.
// Before (s35) model/platform/attack-graph.ts reached a secret by reading it only, and a design whose app slot may
// replace the identity key (never read it) held with the key at two compromises.
describe('a secret is reached by writing it too (model/platform/attack-graph.ts goalRights)', () => {
  it('defended-app-replaces-identity-key: the identity key falls to the breached app itself', async () => {
    const r = await check(fixture('defended-app-replaces-identity-key/high-level'));
    expect(r.verdict, r.summary).toBe('violated');
    expect(r.summary).toBe('Device identity private key (ECC P-256) falls to 0 compromises (malicious-app@hl-app → HelloWorld_HighLevelApp → device-identity-key)');
    expect(lines(r).join('\n')).toContain('hl-app may write Device identity private key (ECC P-256)');
  });
  // s36: a key the breached app may have Pluton sign with is as lost to it (attack-graph.ts usesAsOracle): before, no
  // use reached a key, and this held with the identity key at the design's extraction exploit (two compromises).
  it('defended-app-uses-identity-key: the identity key falls to the breached app, which may use it', async () => {
    const r = await check(fixture('defended-app-uses-identity-key/high-level'));
    expect(r.verdict, r.summary).toBe('violated');
    expect(r.summary).toBe('Device identity private key (ECC P-256) falls to 0 compromises (malicious-app@hl-app → HelloWorld_HighLevelApp → device-identity-key)');
    expect(lines(r).join('\n')).toContain("hl-app may use Device identity private key (ECC P-256) (a use outside Pluton's own firmware");
  });
  it('its sound twin defended-platform (no app slot may write the key) holds, the key at two', async () => {
    const r = await check(fixture('defended-platform/high-level'));
    expect(r.verdict, r.summary).toBe('holds');
    expect(lines(r).some((l) => l.startsWith('Device identity private key (ECC P-256): 2 — weakest path'))).toBe(true);
  });
});

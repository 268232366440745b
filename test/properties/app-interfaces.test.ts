/**
 * Defense in depth over the interfaces an app's manifest asks the platform for (model/platform/app-interfaces.ts):
 * the partner's kernel that takes a channel's messages, the storage service, the key user behind DeviceAuthentication,
 * the app's core's network stack and OS services. Each takes what a held app sends, so it is one exploit away.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { appInterfaces } from '../../model/platform/app-interfaces.js';
import { minimumCompromises } from '../../model/platform/attack-graph.js';
import { buildProductAttackGraph } from '../../model/platform/product-attack-graph.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { checkDefenseInDepth } from '../../properties/defense-in-depth/index.js';
import type { PropertyResult } from '../../properties/verdict.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { checkContext } from '../helpers/check-context.js';

const fixture = (name: string) => resolve(fileURLToPath(import.meta.url), '../../fixtures/platforms', name, 'sevenfold.json');
const context = checkContext({ seed: 5, runs: 1, timeoutMs: 20_000, command: 'sevenfold verify --property defense-in-depth' });
const load = (name: string): Product => {
  const loaded = loadProduct(fixture(name));
  expect(loaded.hasErrors, loaded.diagnostics.map((d) => d.message).join('; ')).toBe(false);
  return loaded.product!;
};
const outcomes = (r: PropertyResult) => Object.fromEntries((r.requirements ?? []).map((q) => [q.id, q.outcome]));

afterAll(() => shutdownZ3());

describe('defense-in-depth: what an app asks the platform for is input the platform parses', () => {
  it('an app that declares MutableStorage reaches the component serving it in one exploit: a Security Monitor storage service gives the firewall and the key store to one compromise', async () => {
    const flawed = await checkDefenseInDepth(load('secure-storage-service'), context);
    expect(flawed.verdict, flawed.summary).toBe('violated');
    expect(flawed.summary).toContain('falls to 1 compromise (malicious-app@hl-app → Logger → [exploit:security-monitor] security-monitor → trusted-key-store; 2 without what the product adds)');
    expect(outcomes(flawed)['defense-in-depth.derived-exploitability']).toBe('failed');
    const lines = (flawed.evidence ?? []).flatMap((e) => e.lines);
    expect(lines.some((l) => l.includes("handling of what app Logger sends it (MutableStorage: ") && l.includes('logger-hl/app_manifest.json /Capabilities/MutableStorage'))).toBe(true);
    // The twin declares no storage: the monitor is two layers above the app, behind the kernel.
    const sound = await checkDefenseInDepth(load('secure-storage-service-unused'), context);
    expect(sound.verdict, sound.summary).toBe('holds');
  }, 60_000);

  it("a partner listing reaches the layers above the partner on its core, whether or not the partner lists it back; no listing, no edge", () => {
    const oneSided = load('one-sided-partner-reaches-kernel');
    const found = appInterfaces(oneSided).map((f) => `${oneSided.apps[f.app]!.manifest.name} → ${f.component} (${f.via})`);
    expect(found).toEqual(['Sampler → nw-loader (channel to Motor)', 'Sampler → nw-kernel (channel to Motor)']);
    const graph = buildProductAttackGraph(oneSided);
    const cheapest = minimumCompromises(graph, 'malicious-app@rt-app-0', 'Pwm:PWM-CONTROLLER-0');
    expect(cheapest.cost).toBe(1);
    expect(cheapest.path.map((e) => e.to)).toContain('hl-app');
    // Without the listing the breached sampler stays on its core: nothing on the A7 takes its input.
    const twin = load('unpartnered-sampler-no-listed-exploits');
    expect(appInterfaces(twin)).toEqual([]);
    expect(minimumCompromises(buildProductAttackGraph(twin), 'malicious-app@rt-app-0', 'Pwm:PWM-CONTROLLER-0').cost).toBe(Infinity);
    // A profile that does not derive exploitability takes the design's list of exploits as the whole reach.
    expect(buildProductAttackGraph(oneSided, { derivedExploitability: false }).edges.some((e) => e.rule === 'defense-in-depth.derived-exploitability')).toBe(false);
  });

  it('a listing of a partner id no app of the product has reaches the layers above the other app slots, as a one-sided listing does (s37: it reached nothing)', () => {
    const absent = load('absent-partner-reaches-kernel');
    const found = appInterfaces(absent).map((f) => `${absent.apps[f.app]!.manifest.name} → ${f.component} (${f.via}) ${f.pointer}`);
    expect(found).toEqual([
      'Sampler → nw-loader (channel to 5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c, which no app of the product has) /Capabilities/AllowedApplicationConnections/0',
      'Sampler → nw-kernel (channel to 5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c, which no app of the product has) /Capabilities/AllowedApplicationConnections/0',
    ]);
    const cheapest = minimumCompromises(buildProductAttackGraph(absent), 'malicious-app@rt-app-0', 'Pwm:PWM-CONTROLLER-0');
    expect(cheapest.cost).toBe(1);
    expect(cheapest.path.map((e) => e.to)).toContain('hl-app');
    // The same sampler listing nothing stays on its core (unpartnered-sampler-no-listed-exploits, above).
  });

  it('DeviceAuthentication reaches the key user, network capabilities the network parsers of the app\'s core, device configuration its OS services', () => {
    const product = load('secure-storage-service-unused');
    const app = product.apps[0]!;
    app.manifest.deviceAuthentication = '00000000-0000-0000-0000-000000000000';
    app.manifest.allowedConnections.push('global.azure-devices-provisioning.net');
    app.manifest.enabled.push('SystemTime');
    const found = appInterfaces(product).map((f) => `${f.component} (${f.via}) ${f.pointer}`);
    expect(found).toEqual([
      'pluton-runtime (DeviceAuthentication) /Capabilities/DeviceAuthentication',
      'os-services (network traffic) /Capabilities/AllowedConnections',
      'os-services (SystemTime) /Capabilities/SystemTime',
    ]);
  });
});

describe('defense-in-depth: an app the platform design has no slot for', () => {
  it('is undecided, naming the app: no component is stated to run it, so where its breach leads was not searched; the app alone in its slot holds', async () => {
    const unplaced = await checkDefenseInDepth(load('second-high-level-app-no-slot'), context);
    expect(unplaced.verdict, unplaced.summary).toBe('unknown');
    expect(unplaced.summary).toMatch(/^cannot decide: .*second-high-level-app-no-slot\/sevenfold\.json \/apps\/1: app Gateway has no high-level app slot in .*platform\.json: what runs it, and so where its breach leads, is not stated/);
    expect(outcomes(unplaced)['defense-in-depth.standard-attackers']).toBe('unknown');
    const placed = await checkDefenseInDepth(load('one-high-level-app-in-its-slot'), context);
    expect(placed.verdict, placed.summary).toBe('holds');
  }, 60_000);
});

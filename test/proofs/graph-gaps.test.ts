/**
 * The reach and diff proofs read what compartmentalization reads before it lets hardware-barriers hold
 * (proofs/graph-gaps.ts), and the storage a bus master reaches (model/isolation/storage-rights.ts): each flawed design
 * below was answered "no: proved by Z3" (s38-proofs cases c01-c05) while the property was violated or unknown; each
 * sound twin still gets its proof. The reference apps list one another as partners, so every test takes the partner
 * lists out: the question is then what each app reaches on its own.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { proveNoNewAccess } from '../../proofs/access-diff-proof.js';
import { proveReach } from '../../proofs/reachability-proof.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { product as inMemory } from './build-product.js';

const platforms = resolve(fileURLToPath(import.meta.url), '../../fixtures/platforms');
const alone = (p: Product): Product => ({ ...p, apps: p.apps.map((a) => ({ ...a, manifest: { ...a.manifest, partners: [] } })) });
const spec = (name: string) => {
  const loaded = loadProduct(resolve(platforms, name, 'sevenfold.json'));
  if (!loaded.product) throw new Error(`${name} does not load`);
  return new IsolationSpec(alone(loaded.product));
};
const idOf = (s: IsolationSpec, name: string) => s.compartments.find((c) => c.name === name)!.id;

afterAll(async () => {
  await shutdownZ3();
});

describe('the reach and diff proofs see what the property sees', () => {
  it("c01: a DMA engine the firewall lets read the apps' storage region reaches another app's storage; confined to its own buffer it does not", async () => {
    const flawed = spec('rt-app-dma-reads-app-storage');
    const sound = spec('rt-app-dma-confined-to-own-buffer');
    const target = (s: IsolationSpec) => ({ kind: 'storage', owner: idOf(s, 'Thermostat') }) as const;
    expect((await proveReach(sound, idOf(sound, 'FanControl_RTApp'), target(sound))).status).toBe('unreachable');
    const proof = await proveReach(flawed, idOf(flawed, 'FanControl_RTApp'), target(flawed));
    expect(proof.status).toBe('reachable');
    if (proof.status === 'reachable') expect(proof.witness.at(-1)!.because).toMatch(/the bus master isu1-dma that FanControl_RTApp's component rt-app-0 programs read app-mutable-storage/);
    const diff = await proveNoNewAccess(sound, flawed);
    expect(diff.status).toBe('new-access');
    expect(diff.grants.map((g) => `${g.appName} → ${g.resource.kind}`)).toContain('FanControl_RTApp → storage');
  });

  it('c02: a design that leaves busMasters out under an app driving a peripheral block: "no" is unknown naming /busMasters; stated [] it is proved', async () => {
    const unstated = spec('rt-app-dma-unstated');
    const stated = spec('builtin-no-bus-masters');
    const pwm = { kind: 'peripheral', capability: 'Pwm', value: 'PWM-CONTROLLER-1' } as const;
    expect((await proveReach(stated, idOf(stated, 'Thermostat'), pwm)).status).toBe('unreachable');
    const proof = await proveReach(unstated, idOf(unstated, 'Thermostat'), pwm);
    expect(proof.status).toBe('unknown');
    if (proof.status === 'unknown') expect(proof.reason).toMatch(/drives Uart .*\(\/busMasters\).*"no" proves nothing/);
    // A path the manifests open stays a path.
    expect((await proveReach(unstated, idOf(unstated, 'FanControl_RTApp'), pwm)).status).toBe('reachable');
    expect((await proveNoNewAccess(unstated, unstated)).status).toBe('unknown');
  });

  it('c03: a non-Azure OS that leaves appIsolation out: neither answer stands on the placeholders; stated, both are proofs', async () => {
    const unstated = spec('custom-os-isolation-unstated');
    const stated = spec('custom-os-isolation-stated');
    const pwm = { kind: 'peripheral', capability: 'Pwm', value: 'PWM-CONTROLLER-1' } as const;
    expect((await proveReach(stated, idOf(stated, 'Thermostat'), pwm)).status).toBe('unreachable');
    for (const from of ['Thermostat', 'FanControl_RTApp']) {
      const proof = await proveReach(unstated, idOf(unstated, from), pwm);
      expect(proof.status, from).toBe('unknown');
      if (proof.status === 'unknown') expect(proof.reason).toMatch(/^\/appIsolation\/\w+: .*neither answer is a proof/);
    }
  });

  it('c04: a $NAME request nothing resolved (an API-built product): unknown, naming it', async () => {
    const built = inMemory([{ name: 'Lamp', peripherals: { Gpio: [8] } }, { name: 'Fan', kind: 'real-time', peripherals: { Pwm: ['PWM-CONTROLLER-1'] } }]);
    const lamp = built.apps[0]!;
    const unresolved = { ...built, apps: [{ ...lamp, manifest: { ...lamp.manifest, peripherals: [...lamp.manifest.peripherals, { capability: 'Gpio' as const, raw: '$LED', value: undefined, pointer: '/Capabilities/Gpio/1', position: { line: 1, column: 1 } }] } }, built.apps[1]!] };
    const pin = { kind: 'peripheral', capability: 'Gpio', value: 20 } as const;
    const resolvedSpec = new IsolationSpec(built);
    expect((await proveReach(resolvedSpec, resolvedSpec.compartments[0]!.id, pin)).status).toBe('unreachable');
    const s = new IsolationSpec(unresolved);
    const proof = await proveReach(s, s.compartments[0]!.id, pin);
    expect(proof.status).toBe('unknown');
    if (proof.status === 'unknown') expect(proof.reason).toMatch(/\/Capabilities\/Gpio\/1: Lamp's \$LED resolves to no peripheral/);
  });

  it('c05: an app slot that loads another app reaches what that app reaches; one that only measures it does not', async () => {
    const loader = spec('app-verifies-rt-app');
    const measurer = spec('rt-app-measured-by-hl-app');
    const pwm = { kind: 'peripheral', capability: 'Pwm', value: 'PWM-CONTROLLER-1' } as const;
    expect((await proveReach(measurer, idOf(measurer, 'Thermostat'), pwm)).status).toBe('unreachable');
    const proof = await proveReach(loader, idOf(loader, 'Thermostat'), pwm);
    expect(proof.status).toBe('reachable');
    if (proof.status === 'reachable') expect(proof.witness[0]!.because).toMatch(/app slot hl-app loads rt-app-0 .*\(\/boot\/\d+\/loadedBy\)/);
  });
});

/**
 * Crash containment (model/platform/crash-containment.ts, sharedServiceCrashes, which compartmentalization's
 * failure-isolation reads) and the emulated device (crash-containment-reading.ts: each shared service an app's input
 * reaches is crashed on a booted device, emulator/boot/service-crash.ts, and what went down is watched) agree: the
 * same services, each restarted alone (by one of the layers the rule names) or rebooting the device. On the flawed
 * design whose Security Monitor serves the apps' storage, its sound twin, the built-in product, a design whose OS
 * services run in the Security Monitor's mode, and random products whose OS services are moved between user mode, kernel mode and
 * the secure world, and random products where one more component (the Pluton runtime, the monitor, the kernel) serves
 * the storage. The harness is not blind: a rule that restarts every service, or none, disagrees. The device's reading is
 * emulator/shared-service-crashes.ts, which the verdict reads beside the rule since s33
 * (properties/compartmentalization/service-crash-play.ts), so this holds the property's play too.
 */
import fc from 'fast-check';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BootLab } from '../../emulator/boot/boot-lab.js';
import { sharedServiceCrashes, type ServiceCrash } from '../../model/platform/crash-containment.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { loadProduct, productApp, type Product } from '../../model/product/product.js';
import { crashContainmentReading } from './crash-containment-reading.js';
import { productArb, type GeneratedCase } from './generators.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const SEED = Number(process.env.SF_SEED ?? 20261206);
const RUNS = Number(process.env.SF_RUNS ?? 30);

type RuleOf = (product: Product) => ServiceCrash[];

/** The rule's crashes in the reading's terms: "restarted" (by one of the layers named) or "reboot". */
function ruleSays(product: Product, ruleOf: RuleOf): Map<string, string[] | 'reboot'> {
  const says = new Map<string, string[] | 'reboot'>();
  for (const c of ruleOf(product)) {
    const app = product.apps[c.taker.app]!;
    says.set(`${app.manifest.name ?? app.manifest.componentId} → ${c.taker.component} (${c.taker.kind})`, c.restartedBy.length ? c.restartedBy : 'reboot');
  }
  return says;
}

/** Where the rule and the device part, one line each; empty when they agree. */
async function compare(product: Product, ruleOf: RuleOf = (p) => sharedServiceCrashes(p)): Promise<{ booted: boolean; problems: string[]; device: string[] }> {
  const lab = await BootLab.shared(product.platform, { seed: 31 });
  const device = crashContainmentReading(product, lab);
  if (!device.booted) return { booted: false, problems: [], device: [] };
  const rule = ruleSays(product, ruleOf);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const line of device.crashes) {
    const [taker, outcome] = line.split(': ') as [string, string];
    seen.add(taker);
    const expected = rule.get(taker);
    if (expected === undefined) problems.push(`${taker}: the rule counts no crash, the device: ${outcome}`);
    else if (expected === 'reboot' ? outcome !== 'reboot' : !expected.some((layer) => outcome === `restarted by ${layer}`)) {
      problems.push(`${taker}: the rule: ${expected === 'reboot' ? 'reboot' : `restarted by ${expected.join(' or ')}`}, the device: ${outcome}`);
    }
  }
  for (const [taker, expected] of rule) if (!seen.has(taker)) problems.push(`${taker}: the rule: ${expected === 'reboot' ? 'reboot' : 'restarted'}, the device crashed no such service`);
  return { booted: true, problems, device: device.crashes };
}

const load = (file: string): Product => {
  const loaded = loadProduct(file);
  expect(loaded.hasErrors, loaded.diagnostics.map((d) => d.message).join('; ')).toBe(false);
  return loaded.product!;
};
const fixture = (name: string) => load(join(root, 'test/fixtures/platforms', name, 'sevenfold.json'));

describe('differential: crash containment and the emulated crash of each shared service', () => {
  it('secure-storage-service (flawed): the Security Monitor serves the storage, and its crash resets the chip on both readings', async () => {
    const found = await compare(fixture('secure-storage-service'));
    expect(found.problems).toEqual([]);
    expect(found.device).toEqual(['Logger → security-monitor (storage): reboot']);
  }, 60_000);

  it('secure-storage-service-unused (its sound twin): no shared service is reached, nothing is crashed', async () => {
    const found = await compare(fixture('secure-storage-service-unused'));
    expect(found).toMatchObject({ booted: true, problems: [], device: [] });
  }, 60_000);

  // A mailbox the design states (s31-isolation's data paths): the reader takes the writing app's input. The emulated
  // reading found no such service before it read memory paths, and the random products below disagreed with the rule.
  it('rt-mailbox-commands-monitor (flawed): the Security Monitor reads a real-time app\'s mailbox, and its crash resets the chip on both readings', async () => {
    const found = await compare(fixture('rt-mailbox-commands-monitor'));
    expect(found.problems).toEqual([]);
    expect(found.device.filter((line) => line.includes('(memory)'))).toEqual([expect.stringMatching(/→ security-monitor \(memory\): reboot$/)]);
  }, 60_000);

  it.each([
    ['rt-fifo-commands-monitor', /→ security-monitor \(memory\): reboot$/],
    ['rt-fifo-commands-services', /→ os-services \(memory\): restarted by /],
  ])('%s: a FIFO in the I/O registers carries the app\'s commands to its reader on both readings', async (name, line) => {
    const found = await compare(fixture(name));
    expect(found.problems).toEqual([]);
    expect(found.device.filter((l) => l.includes('(memory)'))).toEqual([expect.stringMatching(line)]);
  }, 60_000);

  it('rt-mailbox-commands-services (its sound twin): the mailbox is read by the OS services, restarted alone on both readings', async () => {
    const found = await compare(fixture('rt-mailbox-commands-services'));
    expect(found.problems).toEqual([]);
    const memory = found.device.filter((line) => line.includes('(memory)'));
    expect(memory.length).toBeGreaterThan(0);
    expect(memory.every((line) => / \(memory\): restarted by /.test(line)), memory.join('\n')).toBe(true);
  }, 60_000);

  it('the built-in product: the OS services, a process, are loaded again by the kernel alone', async () => {
    const found = await compare(load(builtinProductFile()));
    expect(found.problems).toEqual([]);
    expect(found.device.length).toBeGreaterThan(0);
    expect(found.device.every((line) => /→ os-services \(\w+\): restarted by /.test(line)), found.device.join('\n')).toBe(true);
  }, 60_000);

  // In the normal world's kernel mode they would be a layer the app runs on (its own OS, not counted); beside the monitor they are shared and privileged.
  it('the built-in product with its OS services moved into the Security Monitor\'s mode (flawed): their crash reboots the device on both readings', async () => {
    const builtin = load(builtinProductFile());
    const platform = structuredClone(builtin.platform);
    Object.assign(platform.components.find((c) => c.id === 'os-services')!, { privilege: 'supervisor', world: 'secure' });
    const found = await compare({ ...builtin, platform, basePlatform: platform } as Product);
    expect(found.problems).toEqual([]);
    expect(found.device.length).toBeGreaterThan(0);
    expect(found.device.every((line) => /→ os-services \(\w+\): reboot$/.test(line)), found.device.join('\n')).toBe(true);
  }, 60_000);

  // Firmware has a layer above it (the ROM), which does not restart it: a rule reading "restarted by the layers above" for any privilege would call this contained.
  it('the built-in product whose Pluton runtime also serves the apps\' storage (flawed): its crash resets the chip on both readings', async () => {
    const builtin = load(builtinProductFile());
    const platform = structuredClone(builtin.platform);
    const storage = platform.assets.find((a) => a.kind === 'storage')!;
    platform.access.push({ component: 'pluton-runtime', asset: storage.id, rights: ['read', 'write'] });
    const found = await compare({ ...builtin, platform, basePlatform: platform } as Product);
    expect(found.problems).toEqual([]);
    expect(found.device.filter((line) => line.includes('pluton-runtime'))).toEqual([expect.stringMatching(/→ pluton-runtime \(storage\): reboot$/)]);
  }, 60_000);

  it(`agree on ${RUNS} random products whose OS services are moved`, async () => {
    const found = await search();
    expect(found.disagreement).toBeUndefined();
    // About half the random products boot (the rest are refused by the device, as in the product graph's differential), and a service is crashed on some of those.
    expect(found.crashed, `${found.refused} of ${RUNS} products refused to boot`).toBeGreaterThan(RUNS / 8);
  }, 120_000);

  it('is not blind: a rule that restarts every service alone disagrees', async () => {
    const restartsAll: RuleOf = (p) => sharedServiceCrashes(p).map((c) => ({ ...c, restartedBy: c.restartedBy.length ? c.restartedBy : ['nobody-restarts-it'] }));
    expect((await compare(fixture('secure-storage-service'), restartsAll)).problems).not.toEqual([]);
  }, 60_000);

  it('is not blind: a rule that reboots on every crash disagrees', async () => {
    const rebootsAll: RuleOf = (p) => sharedServiceCrashes(p).map((c) => ({ ...c, restartedBy: [] }));
    expect((await compare(load(builtinProductFile()), rebootsAll)).problems).not.toEqual([]);
  }, 60_000);
});

interface Case {
  generated: GeneratedCase;
  /** Where the OS services run: a process, the kernel's mode, or a process of the secure world. */
  services: 'user' | 'supervisor' | 'secure-user';
  /** A device-configuration capability given to every app (the OS services take it). */
  config: boolean;
  /** A platform component given the apps' storage too: one with a layer above it that must not restart it (firmware under the ROM), or none. */
  storageServer?: string;
}

const caseArb: fc.Arbitrary<Case> = fc.record({ generated: productArb, services: fc.constantFrom('user', 'supervisor', 'secure-user'), config: fc.nat(3).map((n) => n > 0), storageServer: fc.option(fc.constantFrom('pluton-runtime', 'security-monitor', 'nw-kernel', 'os-services'), { nil: undefined }) });

function productOf(c: Case): Product {
  const installed = c.generated.product;
  const platform = structuredClone(installed.platform!);
  const services = platform.components.find((x) => x.imageType === 'Services');
  if (services && c.services === 'supervisor') services.privilege = 'supervisor';
  if (services && c.services === 'secure-user') services.world = 'secure';
  const storage = platform.assets.find((a) => a.kind === 'storage');
  if (storage && c.storageServer && platform.components.some((x) => x.id === c.storageServer)) platform.access.push({ component: c.storageServer, asset: storage.id, rights: ['read', 'write'] });
  const apps = installed.apps.map((a, i) => ({ ...productApp(structuredClone(a.manifest), a.manifestFile, i), ...(a.slot ? { slot: a.slot } : {}) }));
  if (c.config) for (const a of apps) if (!a.manifest.enabled.includes('NetworkConfig')) a.manifest.enabled.push('NetworkConfig');
  return { file: installed.file, name: installed.name, chip: installed.chip, apps, ...(installed.boardConfigs ? { boardConfigs: installed.boardConfigs } : {}), platform, basePlatform: platform, platformFile: '/virtual/platform.json', deployment: { group: 'Production' } } as unknown as Product;
}

async function search(): Promise<{ crashed: number; refused: number; disagreement?: string }> {
  let crashed = 0;
  let refused = 0;
  let disagreement: string | undefined;
  await fc.assert(
    fc.asyncProperty(caseArb, async (c) => {
      if (disagreement) return;
      const found = await compare(productOf(c));
      if (!found.booted) {
        refused++;
        return;
      }
      if (found.device.length) crashed++;
      if (found.problems.length) disagreement = `${found.problems.join('\n')}\n${c.generated.describe}\nOS services: ${c.services}; NetworkConfig given: ${c.config}; storage also served by: ${c.storageServer ?? 'nobody added'}`;
    }),
    { seed: SEED, numRuns: RUNS },
  );
  return { crashed, refused, ...(disagreement ? { disagreement } : {}) };
}

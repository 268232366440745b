/**
 * The product part of the attack graph (model/platform/product-attack-graph.ts, buildProductAttackGraph, which
 * defense-in-depth searches) and the emulated devices' reading of it (product-reach.ts: what each booted app can open,
 * connect to, listen on and deliver, and what the boot emulator's hardware lets each platform component do) agree on
 * random products: the same network entry points, the same app-to-app exploit edges, and for every product critical
 * asset the same components and apps that reach it with no further compromise (and the same flash writers past the
 * same barriers). Products come from the isolation harness's generators (test/differential/generators.ts: one to four
 * apps with crowded peripherals, partner links, hosts, ports and storage, on designs with every appIsolation value and
 * firewall and storage rights moved); the critical assets are every peripheral an app claims, a pin beside each, and
 * every app's storage; the platform components that take an app's input through what its manifest asks for (a
 * partner's kernel, the storage service, the key user behind DeviceAuthentication, its core's network stack and OS
 * services) must be the same too; the platform keeps its app storage in flash now and then, an app slot may write the I/O firewall
 * configuration, and the first high-level app drives a PWM controller. The harness is not blind: planted faults in the
 * graph disagree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BootLab } from '../../emulator/boot/boot-lab.js';
import type { PeripheralCapability } from '../../formats/chips/chip-profile.js';
import { buildProductAttackGraph, type ProductAttackGraph } from '../../model/platform/product-attack-graph.js';
import { productApp, type Product } from '../../model/product/product.js';
import { productArb, type GeneratedCase } from './generators.js';
import { productReach } from './product-reach.js';

const SEED = Number(process.env.SF_SEED ?? 20261210);
const RUNS = Number(process.env.SF_RUNS ?? 25);
const MUTANT_RUNS = 60;

interface Case {
  generated: GeneratedCase;
  storageInFlash: boolean;
  barriers: string[];
  network: boolean;
  /** An app slot given the write right on the I/O firewall configuration (more often than the design generator does). */
  firewallWriter?: string;
  /** A PWM controller given to the first high-level app (its pins are goals too): a controller drives pins it does not claim. */
  pwm?: string;
  /** DeviceAuthentication and a device-configuration capability given to the first app (app-interfaces.ts reads both). */
  deviceAuth: boolean;
  config: boolean;
  /** The last app lists a partner id no app of the product has (the corpus's real-time labs do): its messages still go out (s37). */
  absentPartner: boolean;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  generated: productArb,
  storageInFlash: fc.boolean(),
  barriers: fc.subarray(['signature', 'tamper-mesh']),
  network: fc.nat(4).map((n) => n > 0),
  firewallWriter: fc.option(fc.constantFrom('hl-app', 'rt-app-0', 'rt-app-1'), { nil: undefined }),
  pwm: fc.option(fc.constantFrom('PWM-CONTROLLER-0', 'PWM-CONTROLLER-1', 'PWM-CONTROLLER-2'), { nil: undefined }),
  deviceAuth: fc.boolean(),
  config: fc.boolean(),
  absentPartner: fc.nat(3).map((n) => n === 0),
});

type Goal = { id: string; capability?: PeripheralCapability; value?: string | number; owner?: string };

function productOf(c: Case): { product: Product; goals: Goal[] } {
  const installed = c.generated.product;
  const platform = structuredClone(installed.platform!);
  const storage = platform.assets.find((a) => a.kind === 'storage')!;
  if (c.storageInFlash) Object.assign(storage, { location: 'flash', physicalBarriers: c.barriers });
  else Object.assign(storage, { location: 'sram', physicalBarriers: undefined });
  if (c.firewallWriter && platform.components.some((x) => x.id === c.firewallWriter)) platform.access.push({ component: c.firewallWriter, asset: 'io-firewall-config', rights: ['write'] });
  if (!c.network) platform.attackers = platform.attackers.filter((a) => !a.network);
  const apps = installed.apps.map((a, i) => ({ ...productApp(structuredClone(a.manifest), a.manifestFile, i), ...(a.slot ? { slot: a.slot } : {}) }));
  const highLevel = apps.find((a) => a.manifest.kind === 'high-level');
  if (c.pwm && highLevel && !highLevel.manifest.peripherals.some((p) => p.value === c.pwm)) {
    highLevel.manifest.peripherals.push({ capability: 'Pwm', raw: c.pwm, value: c.pwm, pointer: `/Capabilities/Pwm/${highLevel.manifest.peripherals.filter((p) => p.capability === 'Pwm').length}`, position: { line: 1, column: 1 } });
  }
  const first = apps[0];
  if (first && c.deviceAuth) first.manifest.deviceAuthentication = '00000000-0000-0000-0000-000000000000';
  if (first && c.config && !first.manifest.enabled.includes('NetworkConfig')) first.manifest.enabled.push('NetworkConfig');
  const last = apps.at(-1);
  if (last && c.absentPartner) last.manifest.partners.push({ componentId: 'f0e1d2c3-b4a5-4968-8776-655443322110', pointer: `/Capabilities/AllowedApplicationConnections/${last.manifest.partners.length}` });
  const goals: Goal[] = [];
  const add = (g: Goal) => {
    if (!goals.some((x) => x.id === g.id)) goals.push(g);
  };
  for (const a of apps) {
    for (const p of a.manifest.peripherals) {
      add({ id: `${p.capability}:${p.value}`, capability: p.capability, value: p.value });
      // A pin beside it: in the same block when it is a controller, the next one when it is a pin.
      if (p.capability === 'Pwm') add({ id: `Gpio:${4 * Number(String(p.value).slice(-1))}`, capability: 'Gpio', value: 4 * Number(String(p.value).slice(-1)) });
      if (p.capability === 'Gpio') add({ id: `Gpio:${Number(p.value) + 1}`, capability: 'Gpio', value: Number(p.value) + 1 });
    }
    if (a.manifest.mutableStorageKB !== undefined) add({ id: `storage:${a.manifest.componentId}`, owner: a.manifest.componentId });
  }
  const product = {
    file: installed.file,
    name: installed.name,
    chip: installed.chip,
    apps,
    ...(installed.boardConfigs ? { boardConfigs: installed.boardConfigs } : {}),
    platform,
    basePlatform: platform,
    platformFile: '/virtual/platform.json',
    deployment: { group: 'Production' },
    criticalAssets: goals.map((g, i) => ({ resource: g.id, pointer: `/criticalAssets/${i}` })),
  } as unknown as Product;
  return { product, goals };
}

/** The graph's product part, in the reading's terms: apps by name, flash writers with their barriers. */
function graphSays(product: Product, graph: ProductAttackGraph, goals: Goal[]) {
  const design = product.platform;
  const nameOfNode = (node: string) => graph.nodes.find((n) => n.id === node && n.kind === 'app')?.name?.replace(/^app /, '') ?? product.apps.find((a) => a.slot === node)?.manifest.name ?? node;
  const appNodes = new Set([...product.apps.map((a) => a.slot).filter((s): s is string => !!s), ...graph.nodes.filter((n) => n.kind === 'app').map((n) => n.id)]);
  const start = (id: string) => graph.starts?.find((s) => s.id === id);
  const attacker = (id: string) => design.attackers.find((a) => a.id === start(id)?.attacker);
  const entries = [...new Set(graph.edges.filter((e) => attacker(e.from)?.network && appNodes.has(e.to)).map((e) => nameOfNode(e.to)))].sort();
  const partners = [...new Set(graph.edges.filter((e) => appNodes.has(e.from) && appNodes.has(e.to) && e.barriers.length === 1 && e.barriers[0] === `exploit:${e.to}`).map((e) => `${nameOfNode(e.from)} → ${nameOfNode(e.to)}`))].sort();
  // What the product adds from an app to a platform component at one exploit of that component (app-interfaces.ts).
  const platformComponents = new Set(design.components.map((c) => c.id).filter((id) => !appNodes.has(id)));
  const interfaces = [...new Set(graph.edges.filter((e) => e.product && appNodes.has(e.from) && platformComponents.has(e.to) && e.barriers.length === 1 && e.barriers[0] === `exploit:${e.to}`).map((e) => `${nameOfNode(e.from)} → ${e.to} (${interfaceKind(e.description)})`))].sort();
  const reach = new Map<string, string[]>();
  for (const g of goals) {
    if (!graph.goals.some((x) => x.id === g.id)) continue;
    const who = new Set<string>();
    for (const e of graph.edges.filter((x) => x.to === g.id)) {
      const a = attacker(e.from);
      if (a?.writesFlash) who.add(`${a.id} past ${[...e.barriers].sort().join('+') || 'nothing'}`);
      else if (e.barriers.length === 0) who.add(nameOfNode(e.from));
    }
    reach.set(g.id, [...who].sort());
  }
  return { entries, partners, interfaces, reach };
}

/** Which interface an app-interface edge is, from the "(<via>: <manifest> <pointer>)" its description ends with. */
function interfaceKind(description: string): string {
  const via = /\(([^:()]*): [^()]*\)$/.exec(description)?.[1] ?? '?';
  if (via.startsWith('channel to ')) return 'channel';
  if (via === 'MutableStorage') return 'storage';
  if (via === 'DeviceAuthentication') return 'keys';
  if (via === 'network traffic') return 'network';
  return 'config';
}

type GraphOf = (product: Product) => ProductAttackGraph;

async function search(graphOf: GraphOf = (p) => buildProductAttackGraph(p), runs = RUNS): Promise<{ compared: number; refused: number; disagreement?: string }> {
  let compared = 0;
  let refused = 0;
  let disagreement: string | undefined;
  await fc.assert(
    fc.asyncProperty(caseArb, async (c) => {
      if (disagreement) return;
      const { product, goals } = productOf(c);
      const lab = await BootLab.shared(product.platform, { seed: 23 });
      const device = productReach(product, lab, goals);
      if (!device.booted) {
        refused++;
        return;
      }
      compared++;
      const built = graphOf(product);
      const graph = graphSays(product, built, goals);
      const slotName = (id: string) => product.apps.find((a) => a.slot === id)?.manifest.name ?? id;
      const problems: string[] = [];
      const same = (what: string, a: string[], b: string[]) => {
        if (JSON.stringify(a) === JSON.stringify(b)) return;
        const goal = what.replace(/^reach /, '');
        const why = built.edges.filter((e) => e.to === goal && e.barriers.length === 0).map((e) => `    ${e.from}: ${e.description}`);
        problems.push(`${what}: graph [${a.join(', ')}], device [${b.join(', ')}]${why.length ? `\n${why.join('\n')}` : ''}`);
      };
      same('network entries', graph.entries, device.entries);
      same('app-to-app edges', graph.partners, device.partners);
      same('app interfaces', graph.interfaces, device.interfaces);
      for (const [goal, who] of graph.reach) same(`reach ${goal}`, who, [...new Set(device.goals.get(goal)!.map(slotName))].sort());
      if (problems.length) disagreement = `${problems.join('\n')}\n${c.generated.describe}\nstorage in flash: ${c.storageInFlash} (${c.barriers.join(', ')}); network attacker: ${c.network}; firewall writer: ${c.firewallWriter ?? 'none added'}; PWM given to the first high-level app: ${c.pwm ?? 'none'}; DeviceAuthentication / NetworkConfig given to the first app: ${c.deviceAuth} / ${c.config}`;
    }),
    { seed: SEED, numRuns: runs },
  );
  return { compared, refused, ...(disagreement ? { disagreement } : {}) };
}

describe('differential: the product part of the attack graph and the emulated devices', () => {
  it(`agree on entry points, app-to-app edges and who reaches each product critical asset on ${RUNS} random products`, async () => {
    const found = await search();
    expect(found.disagreement).toBeUndefined();
    expect(found.compared, `${found.refused} of ${RUNS} products refused to boot`).toBeGreaterThan(RUNS / 5);
  }, 120_000);

  it('is not blind: a graph that forgets that a peripheral drives the pins of another disagrees', async () => {
    const noPins: GraphOf = (p) => {
      const graph = buildProductAttackGraph(p);
      return { ...graph, edges: graph.edges.filter((e) => !/uses the pins of/.test(e.description)) };
    };
    expect((await search(noPins, MUTANT_RUNS)).disagreement).toBeDefined();
  }, 120_000);

  it('is not blind: a graph that forgets that a partner listing reaches the partner\'s kernel disagrees', async () => {
    const noRelay: GraphOf = (p) => {
      const graph = buildProductAttackGraph(p);
      return { ...graph, edges: graph.edges.filter((e) => !/\(channel to /.test(e.description)) };
    };
    expect((await search(noRelay, MUTANT_RUNS)).disagreement).toBeDefined();
  }, 120_000);

  it('is not blind: a graph that forgets who serves an app\'s storage or keys disagrees', async () => {
    const noServices: GraphOf = (p) => {
      const graph = buildProductAttackGraph(p);
      return { ...graph, edges: graph.edges.filter((e) => !/\((MutableStorage|DeviceAuthentication): /.test(e.description)) };
    };
    expect((await search(noServices, MUTANT_RUNS)).disagreement).toBeDefined();
  }, 120_000);

  it('is not blind: a graph whose app-to-app edge costs breaking the sender disagrees', async () => {
    const senderBarrier: GraphOf = (p) => {
      const graph = buildProductAttackGraph(p);
      return { ...graph, edges: graph.edges.map((e) => (e.barriers.length === 1 && e.barriers[0] === `exploit:${e.to}` && /handling of messages/.test(e.description) ? { ...e, barriers: [`exploit:${e.from}`] } : e)) };
    };
    expect((await search(senderBarrier, MUTANT_RUNS)).disagreement).toBeDefined();
  }, 120_000);
});

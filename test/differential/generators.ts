/**
 * fast-check generators of platform designs and products for the differential harness: designs are the
 * built-in Azure Sphere design with each app protection toggled (every appIsolation field absent or any
 * of its values; app slots given, or not, the write right on the I/O firewall configuration, sometimes
 * only the read right, and read or write rights on the apps' storage; the OS's own storage rights now and
 * then cut down), and products are one to four apps of either kind with peripherals drawn from a
 * few crowded blocks (so conflicts and refused boots come up), partner links (mutual, one-sided, to apps
 * that are not there), host names and wildcards, server ports and mutable storage, now and then with a
 * board configuration. The product fills the design's app slots as the product loader does. Bus masters (busMasters)
 * have an arbitrary of their own (busMasterDesignArb), as the SRAM window does.
 */
import fc from 'fast-check';
import { MT3620 } from '../../formats/chips/mt3620.js';
import type { PeripheralCapability } from '../../formats/chips/chip-profile.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import { AZURE_SPHERE_APP_ISOLATION, type AppIsolation, type PlatformDesign } from '../../model/platform/platform-design.js';
import { instantiatePlatform } from '../../model/product/instantiate.js';
import type { BoardConfig, InstalledSoftware } from '../../model/product/product.js';
import { app, type AppSpec } from '../proofs/build-product.js';

const loaded = loadPlatform(builtinPlatformFile());
if (!loaded.design) throw new Error('the built-in platform design does not load');
export const BUILTIN_DESIGN: PlatformDesign = loaded.design;

const APP_SLOTS = ['hl-app', 'rt-app-0', 'rt-app-1'];
const FIREWALL_CONFIG = 'io-firewall-config';
const APP_STORAGE = 'app-mutable-storage';
const MEMORY_WINDOW = 'sram-window';

const VALUES: { [K in keyof AppIsolation]: readonly AppIsolation[K][] } = {
  networkFirewall: ['allowed-connections', 'none'],
  realTimeNetwork: ['none', 'unfiltered'],
  storage: ['per-app', 'shared'],
  appConnections: ['both-list-each-other', 'either-lists-the-other', 'any-app'],
};

/**
 * A design: every appIsolation field absent (Azure Sphere's) or any value, firewall-config rights on app slots, and
 * now and then no write right for the Security Monitor on the firewall configuration (nothing else may then program it);
 * read and write rights of app slots on the apps' storage, and now and then an OS (kernel and services) that loses
 * its read or write right on it (or both).
 */
export const designArb: fc.Arbitrary<PlatformDesign> = fc
  .record({
    isolation: fc.record(
      Object.fromEntries(
        (Object.keys(AZURE_SPHERE_APP_ISOLATION) as (keyof AppIsolation)[]).map((field) => [field, fc.option(fc.constantFrom(...VALUES[field]), { nil: undefined, freq: 2 })]),
      ) as { [K in keyof AppIsolation]: fc.Arbitrary<AppIsolation[K] | undefined> },
    ),
    firewallRights: fc.array(fc.record({ slot: fc.constantFrom(...APP_SLOTS), right: fc.constantFrom('write' as const, 'read' as const) }), { maxLength: 2 }),
    noTrustedProgrammer: fc.nat(4).map((n) => n === 0),
    storageRights: fc.array(fc.record({ slot: fc.constantFrom(...APP_SLOTS), rights: fc.subarray(['read', 'write'] as const, { minLength: 1 }) }), { maxLength: 2 }),
    serviceLoses: fc.oneof({ arbitrary: fc.constant([] as const), weight: 3 }, { arbitrary: fc.subarray(['read', 'write'] as const, { minLength: 1 }), weight: 1 }),
  })
  .map(({ isolation, firewallRights, noTrustedProgrammer, storageRights, serviceLoses }) => {
    const appIsolation = Object.fromEntries(Object.entries(isolation).filter(([, v]) => v !== undefined)) as Partial<AppIsolation>;
    const { appIsolation: _builtin, ...rest } = BUILTIN_DESIGN;
    return {
      ...rest,
      ...(Object.keys(appIsolation).length ? { appIsolation } : {}),
      access: [
        ...BUILTIN_DESIGN.access
          .filter((r) => !(noTrustedProgrammer && r.asset === FIREWALL_CONFIG))
          .map((r) => (r.asset === APP_STORAGE ? { ...r, rights: r.rights.filter((x) => !(serviceLoses as readonly string[]).includes(x)) } : r)),
        ...firewallRights.map((r) => ({ component: r.slot, asset: FIREWALL_CONFIG, rights: [r.right] })),
        ...storageRights.map((r) => ({ component: r.slot, asset: APP_STORAGE, rights: [...r.rights] })),
      ],
    };
  });

/**
 * A design of designArb with a memory region in SRAM, secret or not, that app slots and the kernel may read or write
 * (a window two slots share, a secret of the kernel an app slot may read, a buffer of one slot's own). Its own
 * arbitrary, so that designArb's cases (and the tests that shrink to them) stay what they were.
 */
export const windowedDesignArb: fc.Arbitrary<PlatformDesign> = fc
  .record({
    design: designArb,
    rights: fc.array(fc.record({ component: fc.constantFrom(...APP_SLOTS, 'nw-kernel'), rights: fc.subarray(['read', 'write'] as const, { minLength: 1 }) }), { minLength: 1, maxLength: 3 }),
    secret: fc.boolean(),
  })
  .map(({ design, rights, secret }) => ({
    ...design,
    assets: [...design.assets, { id: MEMORY_WINDOW, name: 'SRAM window', kind: 'memory-region' as const, location: 'sram' as const, secret, critical: false }],
    access: [...design.access, ...rights.map((r) => ({ component: r.component, asset: MEMORY_WINDOW, rights: [...r.rights] }))],
  }));

/**
 * A design of windowedDesignArb whose components program up to three bus masters (platform busMasters: a peripheral's
 * DMA engine, model/platform/bus-masters.ts), each controlled by one or two app slots or the kernel, and reaching the
 * apps' storage, the I/O firewall configuration, the SRAM window or the kernel's memory with random rights. The field
 * was added in s37 and no generator drew it, so a reader of one side that forgot it (the spec's and the emulator's
 * direct storage rights both did: s38-proofs case c01) agreed with the other by forgetting it too.
 */
export const busMasterDesignArb: fc.Arbitrary<PlatformDesign> = fc
  .record({
    design: windowedDesignArb,
    engines: fc.array(
      fc.record({
        controlledBy: fc.uniqueArray(fc.constantFrom(...APP_SLOTS, 'nw-kernel'), { minLength: 1, maxLength: 2 }),
        reaches: fc.array(fc.record({ asset: fc.constantFrom(APP_STORAGE, FIREWALL_CONFIG, MEMORY_WINDOW, 'nw-memory'), rights: fc.subarray(['read', 'write'] as const, { minLength: 1 }) }), { minLength: 1, maxLength: 2 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ design, engines }) => ({
    ...design,
    busMasters: engines.map((e, i) => ({ id: `dma-${i}`, name: `DMA engine ${i}`, controlledBy: e.controlledBy, reaches: e.reaches.map((r) => ({ asset: r.asset, rights: [...r.rights] })) })),
  }));

const IDS = ['0a1b2c3d-0000-4000-8000-000000000001', '0a1b2c3d-0000-4000-8000-000000000002', '0a1b2c3d-0000-4000-8000-000000000003', '0a1b2c3d-0000-4000-8000-000000000004'];
/** A partner nobody installs. */
const ABSENT_ID = '0a1b2c3d-0000-4000-8000-0000000000ff';

/** Peripherals from a few crowded blocks (GPIO-0..2 double as PWM, ISU0/ISU1, the ADC, I2S0) and two quiet ones. */
const PERIPHERALS: [PeripheralCapability, string | number][] = [
  ...[0, 1, 4, 5, 8, 9, 16, 20, 26, 41, 45, 56].map((g): [PeripheralCapability, number] => ['Gpio', g]),
  ['Pwm', 'PWM-CONTROLLER-0'],
  ['Pwm', 'PWM-CONTROLLER-1'],
  ['Pwm', 'PWM-CONTROLLER-2'],
  ['Uart', 'ISU0'],
  ['I2cMaster', 'ISU0'],
  ['SpiMaster', 'ISU1'],
  ['Uart', 'ISU1'],
  ['Adc', 'ADC-CONTROLLER-0'],
  ['I2sSubordinate', 'I2S0'],
  ['ExternalInterrupt', 'EINT4'],
];

const HOSTS = ['api.example.com', '*.example.com', 'Telemetry.Example.NET', '*.deep.example.io', '10.0.0.1', '_svc._tcp.local'];
const PORTS = [80, 443, 8080, 5683];

interface GeneratedApp {
  kind: 'high-level' | 'real-time';
  peripherals: number[];
  /** Indexes into the product's apps (a link to itself is dropped), or -1 for an app that is not installed. */
  partners: number[];
  hosts: string[];
  tcp: number[];
  udp: number[];
  storageKB?: number;
}

const appArb: fc.Arbitrary<GeneratedApp> = fc.record(
  {
    kind: fc.constantFrom('high-level' as const, 'real-time' as const, 'real-time' as const),
    peripherals: fc.uniqueArray(fc.nat(PERIPHERALS.length - 1), { maxLength: 2 }),
    partners: fc.uniqueArray(fc.integer({ min: -1, max: IDS.length - 1 }), { maxLength: 3 }),
    hosts: fc.uniqueArray(fc.constantFrom(...HOSTS), { maxLength: 3 }),
    tcp: fc.uniqueArray(fc.constantFrom(...PORTS), { maxLength: 2 }),
    udp: fc.uniqueArray(fc.constantFrom(...PORTS), { maxLength: 1 }),
    storageKB: fc.constantFrom(1, 2, 64),
  },
  { requiredKeys: ['kind', 'peripherals', 'partners', 'hosts', 'tcp', 'udp'] },
);

const boardArb: fc.Arbitrary<BoardConfig | undefined> = fc.option(
  fc.constantFrom<BoardConfig>({ name: 'ethernet', claims: { SpiMaster: ['ISU0'] } }, { name: 'display', claims: { Gpio: [8] } }),
  { nil: undefined, freq: 3 },
);

export interface GeneratedCase {
  product: InstalledSoftware;
  /** How the case reads, for a counterexample. */
  describe: string;
}

/** A product of one to four apps (and now and then a board configuration) on a design of `designs`. */
export const productArbOver = (designs: fc.Arbitrary<PlatformDesign>): fc.Arbitrary<GeneratedCase> => fc
  .record({ design: designs, apps: fc.oneof({ weight: 5, arbitrary: fc.array(appArb, { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: fc.array(appArb, { minLength: 4, maxLength: 4 }) }), board: boardArb })
  .map(({ design, apps, board }) => {
    const specs: AppSpec[] = apps.map((a, i) => ({
      name: `App${i}`,
      id: IDS[i]!,
      kind: a.kind,
      peripherals: groupPeripherals(a.peripherals),
      partners: a.partners.filter((p) => p !== i && p < apps.length).map((p) => (p < 0 ? ABSENT_ID : IDS[p]!)),
      hosts: a.hosts,
      tcp: a.tcp,
      udp: a.udp,
      ...(a.storageKB !== undefined ? { storageKB: a.storageKB } : {}),
    }));
    const installed = specs.map((s) => app(s));
    const instance = instantiatePlatform(design, specs.map((s) => ({ name: s.name, kind: s.kind ?? 'high-level' })));
    instance.slots.forEach((slot, i) => {
      if (slot !== undefined) installed[i]!.slot = slot;
    });
    const product: InstalledSoftware = {
      file: '/virtual/sevenfold.json',
      name: 'generated product',
      chip: MT3620,
      apps: installed,
      platform: instance.design,
      ...(board ? { boardConfigs: [board] } : {}),
    };
    return { product, describe: describeCase(product) };
  });

export const productArb: fc.Arbitrary<GeneratedCase> = productArbOver(designArb);

function groupPeripherals(indexes: number[]): Partial<Record<PeripheralCapability, (string | number)[]>> {
  const out: Partial<Record<PeripheralCapability, (string | number)[]>> = {};
  for (const i of indexes) {
    const [capability, value] = PERIPHERALS[i]!;
    (out[capability] ??= []).push(value);
  }
  return out;
}

function describeCase(product: InstalledSoftware): string {
  const design = product.platform!;
  const writers = design.access.filter((r) => r.asset === FIREWALL_CONFIG && r.component !== 'security-monitor').map((r) => `${r.component} ${r.rights.join('/')}`);
  const trusted = design.access.some((r) => r.asset === FIREWALL_CONFIG && r.component === 'security-monitor');
  const storage = design.access.filter((r) => r.asset === APP_STORAGE).map((r) => `${r.component} ${r.rights.join('/') || 'nothing'}`);
  const window = design.assets.find((a) => a.id === MEMORY_WINDOW);
  const windowRights = design.access.filter((r) => r.asset === MEMORY_WINDOW).map((r) => `${r.component} ${r.rights.join('/')}`);
  const engines = (design.busMasters ?? []).map((m) => `${m.id} programmed by ${m.controlledBy.join('/')} reaches ${m.reaches.map((r) => `${r.asset} ${r.rights.join('/')}`).join(', ')}`).join('; ');
  const lines = [
    `design: appIsolation ${JSON.stringify(design.appIsolation ?? {})}${writers.length ? `; firewall-config: ${writers.join(', ')}` : ''}${trusted ? '' : '; the Security Monitor may not write the firewall configuration'}; ${APP_STORAGE}: ${storage.join(', ')}${window ? `; ${window.secret ? 'secret ' : ''}${MEMORY_WINDOW}: ${windowRights.join(', ')}` : ''}${engines ? `; bus masters: ${engines}` : ''}`,
  ];
  for (const a of product.apps) {
    const m = a.manifest;
    lines.push(
      `${m.name} (${m.kind}${a.slot ? `, ${a.slot}` : ''}, ${m.componentId}): ${m.peripherals.map((p) => `${p.capability} ${p.value}`).join(', ') || 'no peripherals'}; partners [${m.partners.map((p) => p.componentId.slice(-2)).join(', ')}]; hosts [${m.allowedConnections.join(', ')}]; tcp [${m.tcpServerPorts.join(', ')}]; udp [${m.udpServerPorts.join(', ')}]${m.mutableStorageKB !== undefined ? `; storage ${m.mutableStorageKB} KB` : ''}`,
    );
  }
  for (const b of product.boardConfigs ?? []) lines.push(`board configuration ${b.name}: ${JSON.stringify(b.claims)}`);
  return lines.join('\n');
}

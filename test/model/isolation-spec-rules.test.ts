/**
 * The isolation spec (model/isolation/isolation-spec.ts) one rule at a time, with the exact decision (allowed or
 * not, errno, barrier and the rule's words): peripheral access through the OS check and the I/O firewall, writes
 * of the firewall configuration, inter-core channels under each appConnections value, the per-app network firewall
 * (hosts with case and wildcards, server ports per protocol) and real-time apps' network, storage per app or shared
 * with its quota, one-sided partner links and the access edges. Mutation testing (issue 13) needs these: the
 * suites that read this file ask Z3 or the emulator, and take far too long to run once per mutant.
 */
import { describe, expect, it } from 'vitest';
import { MT3620 } from '../../formats/chips/mt3620.js';
import { ANY_HOST, IsolationSpec, entryAdmits, hostMatches, hostReaches, isServiceDiscoveryName, listsAsPartner, resourceKey, type AccessEdge } from '../../model/isolation/isolation-spec.js';
import type { AppIsolation, PlatformDesign } from '../../model/platform/platform-design.js';
import type { InstalledSoftware } from '../../model/product/product.js';
import { app, idOf, product, type AppSpec } from '../proofs/build-product.js';

/**
 * A platform design with only what the isolation rules read: app isolation, who may write the firewall configuration,
 * and the Security Monitor, a boot stage that programs the firewall at boot (firewall-config-writers.ts firewallProgrammer).
 */
function design(appIsolation: Partial<AppIsolation> = {}, firewallWriterSlot?: string): PlatformDesign {
  return {
    schemaVersion: 1,
    name: 'test design',
    components: [{ id: 'security-monitor', mutable: true }],
    assets: [{ id: 'io-firewall-config', kind: 'firewall-config' }],
    access: [
      { component: 'security-monitor', asset: 'io-firewall-config', rights: ['write'] },
      ...(firewallWriterSlot ? [{ component: firewallWriterSlot, asset: 'io-firewall-config', rights: ['read', 'write'] }] : []),
    ],
    boot: [{ image: 'security-monitor', loadedBy: 'pluton-runtime', checks: [] }],
    appIsolation,
  } as unknown as PlatformDesign;
}

function specOf(apps: (AppSpec & { slot?: string })[], opts: { isolation?: Partial<AppIsolation>; writerSlot?: string; boards?: boolean } = {}): IsolationSpec {
  const p: InstalledSoftware = {
    ...product(
      apps.map((a) => ({ ...app(a), ...(a.slot ? { slot: a.slot } : {}) })),
      opts.boards ? { boardConfigs: [{ name: 'leds', claims: { Gpio: [9] } }] } : {},
    ),
    platform: design(opts.isolation, opts.writerSlot),
  };
  return new IsolationSpec(p);
}

const BLINKY: AppSpec = { name: 'Blinky', peripherals: { Gpio: [8] } };
const DIMMER: AppSpec = { name: 'Dimmer', kind: 'real-time', peripherals: { Pwm: ['PWM-CONTROLLER-0'] } };
const blinky = idOf('Blinky');
const dimmer = idOf('Dimmer');
const allow = (rule: string) => ({ allowed: true, rule });
const deny = (errno: string, barrier: string, rule: string) => ({ allowed: false, errno, barrier, rule });

describe('resource keys', () => {
  it('name each kind of resource; host names without regard to case', () => {
    expect(resourceKey({ kind: 'peripheral', capability: 'Gpio', value: 8 })).toBe('peripheral:Gpio:8');
    expect(resourceKey({ kind: 'app', id: 'x' })).toBe('app:x');
    expect(resourceKey({ kind: 'host', host: 'Example.NET' })).toBe('host:example.net');
    expect(resourceKey({ kind: 'port', protocol: 'udp', port: 53 })).toBe('port:udp:53');
    expect(resourceKey({ kind: 'storage', owner: 'x' })).toBe('storage:x');
  });
});

describe('peripheral access', () => {
  // Built inside each test: an error while building must fail a test, not the file's collection.
  const spec = () => specOf([BLINKY, DIMMER]);

  it('knows the allocation: cores and block owners', () => {
    expect(spec().compartment(blinky)?.name).toBe('Blinky');
    expect(spec().compartment('nobody')).toBeUndefined();
    expect([spec().coreOf(blinky), spec().coreOf(dimmer)]).toEqual(['A7', 'M4-0']);
    expect([spec().blockOwner('GPIO-2'), spec().blockOwner('GPIO-0'), spec().blockOwner('GPIO-3')]).toEqual(['A7', 'M4-0', undefined]);
  });

  it('an unknown app and a peripheral the chip lacks are no such resource', () => {
    expect(spec().peripheralAccess('nobody', 'Gpio', 8)).toEqual(deny('ENOENT', 'no-such-resource', 'no app nobody'));
    expect(spec().peripheralAccess(blinky, 'Gpio', 999)).toEqual(deny('ENODEV', 'no-such-resource', 'mt3620 has no Gpio 999'));
  });

  it('a high-level app passes the OS check only for what it declares, then the firewall', () => {
    expect(spec().peripheralAccess(blinky, 'Gpio', 8)).toEqual(allow('Blinky declares Gpio 8; block GPIO-2 is on A7'));
    // Gpio 9 is in the block Blinky's core owns: only the OS check stops it.
    expect(spec().peripheralAccess(blinky, 'Gpio', 9)).toEqual(deny('EACCES', 'os-capability', 'Blinky does not declare Gpio 9 in its manifest'));
    expect(spec().peripheralAccess(blinky, 'Pwm', 'PWM-CONTROLLER-2')).toEqual(deny('EACCES', 'os-capability', 'Blinky does not declare Pwm PWM-CONTROLLER-2 in its manifest'));
  });

  it('a declaration counts only for its own app, capability and value', () => {
    // The board configuration claims Gpio 9 on the A7: Blinky's core owns the block, but Blinky did not declare it.
    const both = specOf([{ name: 'Blinky', peripherals: { Gpio: [8], Pwm: ['PWM-CONTROLLER-1'] } }], { boards: true });
    expect(both.blockOwner('GPIO-2')).toBe('A7');
    expect(both.peripheralAccess(blinky, 'Gpio', 9)).toEqual(deny('EACCES', 'os-capability', 'Blinky does not declare Gpio 9 in its manifest'));
    expect(both.peripheralAccess(blinky, 'Gpio', 4)).toEqual(deny('EACCES', 'os-capability', 'Blinky does not declare Gpio 4 in its manifest'));
    expect(both.peripheralAccess(blinky, 'Pwm', 'PWM-CONTROLLER-1')).toEqual(allow('Blinky declares Pwm PWM-CONTROLLER-1; block GPIO-1 is on A7'));
    // ISU0 names the same block under three capabilities: declaring it as a UART does not declare its I2C master.
    const uart = specOf([{ name: 'Blinky', peripherals: { Uart: ['ISU0'] } }]);
    expect(uart.peripheralAccess(blinky, 'Uart', 'ISU0')).toEqual(allow('Blinky declares Uart ISU0; block ISU0 is on A7'));
    expect(uart.peripheralAccess(blinky, 'I2cMaster', 'ISU0')).toEqual(deny('EACCES', 'os-capability', 'Blinky does not declare I2cMaster ISU0 in its manifest'));
  });

  it('a real-time app has only the firewall: anything in its core\'s blocks, nothing elsewhere', () => {
    expect(spec().peripheralAccess(dimmer, 'Gpio', 1)).toEqual(allow("block GPIO-0 is on M4-0, Dimmer's core"));
    expect(spec().peripheralAccess(dimmer, 'Gpio', 8)).toEqual(deny('EACCES', 'io-firewall', "block GPIO-2 is on A7, not on Dimmer's core M4-0"));
    expect(spec().peripheralAccess(dimmer, 'Gpio', 12)).toEqual(deny('EACCES', 'io-firewall', "block GPIO-3 is not assigned to any core, not on Dimmer's core M4-0"));
    // An interrupt line is a pin of its GPIO's block (EINT1 on GPIO 1): the firewall decides it as it decides the GPIO.
    expect(spec().peripheralAccess(dimmer, 'ExternalInterrupt', 'EINT1')).toEqual(allow("block GPIO-0 is on M4-0, Dimmer's core"));
    expect(spec().peripheralAccess(dimmer, 'ExternalInterrupt', 'EINT12')).toEqual(deny('EACCES', 'io-firewall', "block GPIO-3 is not assigned to any core, not on Dimmer's core M4-0"));
  });

  it('a firewall configuration that moved a block decides over the boot-time allocation', () => {
    const moved = new Map([['GPIO-2', 'M4-0']]);
    expect(spec().peripheralAccess(dimmer, 'Gpio', 8, moved)).toEqual(allow("block GPIO-2 is on M4-0, Dimmer's core"));
    expect(spec().peripheralAccess(blinky, 'Gpio', 8, moved)).toEqual(deny('EACCES', 'io-firewall', "block GPIO-2 is on M4-0, not on Blinky's core A7"));
    // Blocks the map does not name keep their boot-time owner.
    expect(spec().peripheralAccess(dimmer, 'Gpio', 1, moved).allowed).toBe(true);
  });

  it('without an allocation no app has a core, so the firewall opens nothing', () => {
    const clash = specOf([BLINKY, { name: 'Other', peripherals: { Gpio: [8] } }]);
    expect(clash.allocation.ok).toBe(false);
    expect(clash.coreOf(blinky)).toBeUndefined();
    expect(clash.blockOwner('GPIO-2')).toBeUndefined();
    expect(clash.peripheralAccess(blinky, 'Gpio', 8)).toEqual(deny('EACCES', 'io-firewall', "block GPIO-2 is not assigned to any core, not on Blinky's core ?"));
  });
});

describe('firewall configuration writes', () => {
  const spec = () =>
    specOf([{ ...BLINKY, slot: 'writer-slot' }, { ...DIMMER, slot: 'other-slot' }, { name: 'Free' }], { writerSlot: 'writer-slot', boards: true });

  it('no app, a board configuration, an unknown block or core are no such resource', () => {
    expect(spec().firewallConfigAccess('nobody', 'GPIO-0', 'A7')).toEqual(deny('ENOENT', 'no-such-resource', 'no app nobody'));
    expect(spec().firewallConfigAccess('board-config:leds', 'GPIO-0', 'A7')).toEqual(deny('ENOENT', 'no-such-resource', 'no app board-config:leds'));
    expect(spec().firewallConfigAccess(blinky, 'GPIO-99', 'A7')).toEqual(deny('ENODEV', 'no-such-resource', 'mt3620 has no I/O block GPIO-99'));
    expect(spec().firewallConfigAccess(blinky, 'GPIO-0', 'M4-9')).toEqual(deny('ENODEV', 'no-such-resource', 'mt3620 has no core M4-9'));
  });

  it('only the app whose slot the design gives write access may write it', () => {
    expect(spec().firewallConfigAccess(blinky, 'GPIO-0', 'A7')).toEqual(allow('the platform design lets writer-slot write io-firewall-config: Blinky gives block GPIO-0 to A7'));
    expect(spec().firewallConfigAccess(dimmer, 'GPIO-2', 'M4-0')).toEqual(deny('EACCES', 'firewall-config', 'the platform design gives Dimmer (other-slot) no write right on the I/O firewall configuration'));
    expect(spec().firewallConfigAccess(idOf('Free'), 'GPIO-2', 'A7')).toEqual(deny('EACCES', 'firewall-config', 'the platform design gives Free no write right on the I/O firewall configuration'));
  });
});

describe('inter-core channels', () => {
  const apps = (isolation: Partial<AppIsolation>) =>
    specOf([{ name: 'A', partners: [idOf('B'), idOf('C')] }, { name: 'B', partners: [idOf('A')] }, { name: 'C' }, { name: 'D' }], { isolation, boards: true });
  const [a, b, c, d] = ['A', 'B', 'C', 'D'].map(idOf) as [string, string, string, string];

  it('an unknown source, or a target that is no installed app, is refused', () => {
    const spec = apps({});
    expect(spec.channelAccess('nobody', a)).toEqual(deny('ENOENT', 'no-such-resource', 'no app nobody'));
    expect(spec.channelAccess(a, 'nobody')).toEqual(deny('ECONNREFUSED', 'channel', 'no app nobody is installed'));
    expect(spec.channelAccess(a, 'board-config:leds')).toEqual(deny('ECONNREFUSED', 'channel', 'no app board-config:leds is installed'));
  });

  it('both-list-each-other (Azure Sphere): open only when both list each other', () => {
    const spec = apps({});
    expect(spec.channelAccess(a, b)).toEqual(allow('both apps list each other in AllowedApplicationConnections'));
    expect(spec.channelAccess(b, a)).toEqual(allow('both apps list each other in AllowedApplicationConnections'));
    const refused = deny('ECONNREFUSED', 'channel', 'the two apps do not both list each other in AllowedApplicationConnections');
    expect(spec.channelAccess(a, c)).toEqual(refused);
    expect(spec.channelAccess(c, a)).toEqual(refused);
    expect(spec.channelAccess(c, d)).toEqual(refused);
  });

  it('either-lists-the-other: one side is enough, and the rule names it', () => {
    const spec = apps({ appConnections: 'either-lists-the-other' });
    expect(spec.channelAccess(a, c)).toEqual(allow('A lists the other in AllowedApplicationConnections (the design asks only one side)'));
    expect(spec.channelAccess(c, a)).toEqual(allow('A lists the other in AllowedApplicationConnections (the design asks only one side)'));
    expect(spec.channelAccess(c, d)).toEqual(deny('ECONNREFUSED', 'channel', 'neither app lists the other in AllowedApplicationConnections'));
  });

  it('any-app: every two installed apps', () => {
    const spec = apps({ appConnections: 'any-app' });
    expect(spec.channelAccess(c, d)).toEqual(allow('the design opens a channel between any two apps'));
    expect(spec.channelAccess(c, 'nobody').allowed).toBe(false);
  });

  it('one-sided links are listed with where they are written', () => {
    const spec = apps({});
    expect(spec.oneSidedLinks.map((l) => ({ from: l.from.id, to: l.to, toName: l.toName, file: l.file, pointer: l.pointer }))).toEqual([
      { from: a, to: c, toName: 'C', file: '/virtual/a/app_manifest.json', pointer: '/Capabilities/AllowedApplicationConnections/1' },
    ]);
    const ghost = specOf([{ name: 'A', partners: ['ghost'] }]);
    expect(ghost.oneSidedLinks).toHaveLength(1);
    expect(ghost.oneSidedLinks[0]).not.toHaveProperty('toName');
    expect(ghost.oneSidedLinks[0]!.to).toBe('ghost');
    expect(listsAsPartner(spec.compartment(a)!, b)).toBe(true);
    expect(listsAsPartner(spec.compartment(b)!, c)).toBe(false);
    expect(listsAsPartner({ id: 'x', name: 'x', kind: 'board-config', file: 'f' }, a)).toBe(false);
  });
});

describe('network', () => {
  const apps: AppSpec[] = [
    { name: 'Cloud', hosts: ['Example.NET', '*.Azure-Devices.net'], tcp: [8080], udp: [5000] },
    { name: 'Motor', kind: 'real-time' },
  ];
  const cloud = idOf('Cloud');
  const motor = idOf('Motor');

  it('connect: only AllowedConnections hosts, without regard to case; "*.x" covers names below x only', () => {
    const spec = specOf(apps);
    expect(spec.connectAccess('nobody', 'example.net')).toEqual(deny('ENOENT', 'no-such-resource', 'no app nobody'));
    expect(spec.connectAccess(cloud, 'EXAMPLE.net')).toEqual(allow('AllowedConnections lists Example.NET'));
    expect(spec.connectAccess(cloud, 'hub.azure-devices.NET')).toEqual(allow('AllowedConnections lists *.Azure-Devices.net'));
    expect(spec.connectAccess(cloud, 'azure-devices.net')).toEqual(deny('EACCES', 'app-firewall', "azure-devices.net is not in Cloud's AllowedConnections"));
    expect(spec.connectAccess(cloud, 'sub.example.net')).toEqual(deny('EACCES', 'app-firewall', "sub.example.net is not in Cloud's AllowedConnections"));
  });

  it('listen: only declared server ports, per protocol', () => {
    const spec = specOf(apps);
    expect(spec.listenAccess('nobody', 'tcp', 8080)).toEqual(deny('ENOENT', 'no-such-resource', 'no app nobody'));
    expect(spec.listenAccess(cloud, 'tcp', 8080)).toEqual(allow('AllowedTcpServerPorts lists 8080'));
    expect(spec.listenAccess(cloud, 'udp', 5000)).toEqual(allow('AllowedUdpServerPorts lists 5000'));
    expect(spec.listenAccess(cloud, 'udp', 8080)).toEqual(deny('EACCES', 'app-firewall', 'UDP port 8080 is not declared by Cloud'));
    expect(spec.listenAccess(cloud, 'tcp', 5000)).toEqual(deny('EACCES', 'app-firewall', 'TCP port 5000 is not declared by Cloud'));
  });

  it('real-time apps have no network unless the design lets the M4 cores reach it unfiltered', () => {
    const none = deny('EACCES', 'app-firewall', 'real-time apps have no network access');
    const spec = specOf(apps);
    expect(spec.connectAccess(motor, 'example.net')).toEqual(none);
    expect(spec.listenAccess(motor, 'tcp', 8080)).toEqual(none);
    const unfiltered = specOf(apps, { isolation: { realTimeNetwork: 'unfiltered' } });
    const any = allow('the design lets the real-time cores reach the network directly, with no OS firewall');
    expect(unfiltered.connectAccess(motor, 'example.org')).toEqual(any);
    expect(unfiltered.listenAccess(motor, 'udp', 1)).toEqual(any);
    // The real-time setting does not open the high-level app's firewall.
    expect(unfiltered.connectAccess(cloud, 'example.org').allowed).toBe(false);
  });

  it('a design without a per-app firewall lets high-level apps reach any host and port, not real-time apps', () => {
    const spec = specOf(apps, { isolation: { networkFirewall: 'none' } });
    const any = allow('the design has no per-app network firewall');
    expect(spec.connectAccess(cloud, 'example.org')).toEqual(any);
    expect(spec.listenAccess(cloud, 'tcp', 1)).toEqual(any);
    expect(spec.connectAccess(motor, 'example.org').allowed).toBe(false);
  });

  it('an app listing "*" connects anywhere through its own entry, and listens only on its declared ports: no any-host or any-port node', () => {
    const spec = specOf([{ name: 'Wild', hosts: ['*'], tcp: [8080] }]);
    const wild = idOf('Wild');
    expect(spec.connectAccess(wild, 'evil.example.org')).toEqual(allow('AllowedConnections lists *'));
    expect(spec.listenAccess(wild, 'tcp', 22).allowed).toBe(false);
    const edges = spec.accessEdges().filter((e) => e.from === wild && (e.to.kind === 'host' || e.to.kind === 'port'));
    expect(edges.map((e) => resourceKey(e.to))).toEqual(['host:*', 'port:tcp:8080']);
  });

  it('host patterns', () => {
    expect(hostMatches('*.example.com', 'a.b.EXAMPLE.com')).toBe(true);
    expect(hostMatches('*.example.com', 'a.example.com')).toBe(true);
    expect(hostMatches('*.example.com', 'example.com')).toBe(false);
    expect(hostMatches('*.example.com', '.example.com')).toBe(false);
    expect(hostMatches('*.example.com', 'badexample.com')).toBe(false);
    expect(hostMatches('example.com', 'EXAMPLE.COM')).toBe(true);
    expect(hostMatches('example.com', 'example.co')).toBe(false);
    // An absolute DNS name (trailing dot) is the same host, written either side; a dot elsewhere is not dropped.
    expect(hostMatches('hub.example.com.', 'hub.example.com')).toBe(true);
    expect(hostMatches('hub.example.com', 'HUB.example.com.')).toBe(true);
    expect(hostMatches('*.example.com.', 'a.example.com')).toBe(true);
    expect(hostMatches('hub.example.com..', 'hub.example.com')).toBe(false);
    expect(hostMatches('*example.com', 'xexample.com')).toBe(false);
    expect(hostReaches('*', 'anything.org')).toBe(true);
    // A bare "*" entry admits every host, in the access decision as in the reach graph (it was a host named "*" there).
    expect(hostMatches('*', 'anything.org')).toBe(true);
    expect(hostMatches('*.', 'anything.org')).toBe(true);
    expect(hostReaches('example.com', 'Example.com')).toBe(true);
    expect(hostReaches('example.com', 'other.com')).toBe(false);
  });

  it('a DNS-SD service name in AllowedConnections admits every host the discovery finds: any host', () => {
    expect(isServiceDiscoveryName('_sample-service._tcp.local')).toBe(true);
    expect(isServiceDiscoveryName('_http._TCP.home.')).toBe(true);
    expect(isServiceDiscoveryName('printer._ipp._udp.example.com')).toBe(true);
    expect(isServiceDiscoveryName('_tcp.local')).toBe(false);
    expect(isServiceDiscoveryName('_dmarc.example.com')).toBe(false);
    expect(isServiceDiscoveryName('api.example.com')).toBe(false);
    expect(entryAdmits('_sample-service._tcp.local', 'attacker-box.local')).toBe(true);
    expect(entryAdmits('_sample-service._tcp.local', 'exfiltrate.example.org')).toBe(true);
    expect(entryAdmits('api.example.com', 'exfiltrate.example.org')).toBe(false);
    // The reach graph's host node for the entry reaches any host: "cannot reach" is no longer claimed.
    expect(hostReaches('_sample-service._tcp.local', 'exfiltrate.example.org')).toBe(true);
    const spec = specOf([{ name: 'Finder', hosts: ['api.example.net', '_sample-service._tcp.local'] }]);
    expect(spec.connectAccess(idOf('Finder'), 'API.example.net')).toEqual(allow('AllowedConnections lists api.example.net'));
    expect(spec.connectAccess(idOf('Finder'), 'sensor-7.local')).toEqual(allow('AllowedConnections lists the DNS-SD service _sample-service._tcp.local: the firewall lets the app reach every host discovered for it'));
  });
});

describe('storage', () => {
  const apps: AppSpec[] = [{ name: 'Logger', storageKB: 8 }, { name: 'Reader' }, { name: 'Motor', kind: 'real-time', storageKB: 4 }];
  const [logger, reader, motor] = ['Logger', 'Reader', 'Motor'].map(idOf) as [string, string, string];

  it('per app (Azure Sphere): its own MutableStorage only, SizeKB × 1024 bytes', () => {
    const spec = specOf(apps);
    expect(spec.storageQuotaBytes(logger)).toBe(8192);
    expect(spec.storageQuotaBytes(reader)).toBeUndefined();
    expect(spec.storageQuotaBytes(motor)).toBeUndefined();
    expect(spec.storageQuotaBytes('nobody')).toBeUndefined();
    expect(spec.storageAccess('nobody', logger)).toEqual(deny('ENOENT', 'no-such-resource', 'no app nobody'));
    expect(spec.storageAccess(logger, logger)).toEqual(allow('Logger opens its own 8 KB storage'));
    expect(spec.storageAccess(reader, logger)).toEqual(deny('EACCES', 'storage', "Reader may not open Logger's storage"));
    expect(spec.storageAccess(reader, 'ghost')).toEqual(deny('EACCES', 'storage', "Reader may not open ghost's storage"));
    expect(spec.storageAccess(reader, reader)).toEqual(deny('ENOENT', 'storage', 'Reader declares no MutableStorage'));
    expect(spec.storageAccess(motor, motor)).toEqual(deny('ENOENT', 'storage', 'real-time apps have no mutable storage'));
  });

  it('shared: another app\'s storage opens when it declares some', () => {
    const spec = specOf(apps, { isolation: { storage: 'shared' } as Partial<AppIsolation> });
    expect(spec.storageAccess(reader, logger)).toEqual(allow("the design shares storage between apps: Reader opens Logger's 8 KB storage"));
    expect(spec.storageAccess(logger, logger)).toEqual(allow('Logger opens its own 8 KB storage'));
    expect(spec.storageAccess(logger, reader)).toEqual(deny('ENOENT', 'storage', 'Reader declares no MutableStorage'));
    expect(spec.storageAccess(logger, motor)).toEqual(deny('ENOENT', 'storage', 'real-time apps have no mutable storage'));
    expect(spec.storageAccess(logger, 'ghost')).toEqual(deny('ENOENT', 'storage', 'ghost declares no MutableStorage'));
  });
});

describe('access edges', () => {
  // The any-host node is no name a manifest can write (a manifest's "*" is its own host node).
  const ANY_HOST_KEY = resourceKey({ kind: 'host', host: ANY_HOST });
  const key = (e: AccessEdge) => `${e.from} → ${resourceKey(e.to)}: ${e.because}`;

  it('are exactly the allowed decisions (Azure Sphere isolation)', () => {
    const spec = specOf(
      [
        { name: 'Blinky', peripherals: { Gpio: [8] }, partners: [idOf('Dimmer')], hosts: ['example.net'], tcp: [80], udp: [53], storageKB: 4 },
        { name: 'Dimmer', kind: 'real-time', peripherals: { Pwm: ['PWM-CONTROLLER-0'] }, partners: [idOf('Blinky')] },
        // Listed by nobody and listing nobody, on a core that owns no block: no edge from or to it.
        { name: 'Sensor', kind: 'real-time' },
      ],
      { boards: true },
    );
    expect(spec.accessEdges().map(key)).toEqual([
      'id-blinky → peripheral:Gpio:8: Blinky declares Gpio 8; block GPIO-2 is on A7',
      'id-blinky → app:id-dimmer: both apps list each other in AllowedApplicationConnections',
      'id-blinky → host:example.net: AllowedConnections lists example.net',
      'id-blinky → port:tcp:80: AllowedTcpServerPorts lists 80',
      'id-blinky → port:udp:53: AllowedUdpServerPorts lists 53',
      'id-blinky → storage:id-blinky: its own MutableStorage',
      "id-dimmer → peripheral:Gpio:0: block GPIO-0 is on M4-0, Dimmer's core",
      "id-dimmer → peripheral:Gpio:1: block GPIO-0 is on M4-0, Dimmer's core",
      "id-dimmer → peripheral:Gpio:2: block GPIO-0 is on M4-0, Dimmer's core",
      "id-dimmer → peripheral:Gpio:3: block GPIO-0 is on M4-0, Dimmer's core",
      "id-dimmer → peripheral:Pwm:PWM-CONTROLLER-0: block GPIO-0 is on M4-0, Dimmer's core",
      ...[0, 1, 2, 3].map((n) => `id-dimmer → peripheral:ExternalInterrupt:EINT${n}: block GPIO-0 is on M4-0, Dimmer's core`),
      'id-dimmer → app:id-blinky: both apps list each other in AllowedApplicationConnections',
    ]);
  });

  it('open design: any host and port, shared storage with its rule, channels between any two apps', () => {
    const spec = specOf([{ name: 'Logger', storageKB: 8 }, { name: 'Reader' }, { name: 'Motor', kind: 'real-time' }], {
      isolation: { networkFirewall: 'none', realTimeNetwork: 'unfiltered', storage: 'shared', appConnections: 'any-app' } as Partial<AppIsolation>,
    });
    const edges = spec.accessEdges().filter((e) => e.to.kind !== 'peripheral').map(key);
    expect(edges).toEqual([
      'id-logger → app:id-reader: the design opens a channel between any two apps',
      'id-logger → app:id-motor: the design opens a channel between any two apps',
      `id-logger → ${ANY_HOST_KEY}: the design has no per-app network firewall`,
      'id-logger → port:tcp:0: the design has no per-app network firewall',
      'id-logger → port:udp:0: the design has no per-app network firewall',
      'id-logger → storage:id-logger: its own MutableStorage',
      'id-reader → app:id-logger: the design opens a channel between any two apps',
      'id-reader → app:id-motor: the design opens a channel between any two apps',
      `id-reader → ${ANY_HOST_KEY}: the design has no per-app network firewall`,
      'id-reader → port:tcp:0: the design has no per-app network firewall',
      'id-reader → port:udp:0: the design has no per-app network firewall',
      "id-reader → storage:id-logger: the design shares storage between apps: Reader opens Logger's 8 KB storage",
      'id-motor → app:id-logger: the design opens a channel between any two apps',
      'id-motor → app:id-reader: the design opens a channel between any two apps',
      `id-motor → ${ANY_HOST_KEY}: the design lets the real-time cores reach the network directly, with no OS firewall`,
      'id-motor → port:tcp:0: the design lets the real-time cores reach the network directly, with no OS firewall',
      'id-motor → port:udp:0: the design lets the real-time cores reach the network directly, with no OS firewall',
      "id-motor → storage:id-logger: the design shares storage between apps: Motor opens Logger's 8 KB storage",
    ]);
  });

  it('an app that may write the firewall configuration lets every app reach every block\'s peripherals on its own core', () => {
    const spec = specOf([{ name: 'Blinky', peripherals: { Gpio: [8] }, slot: 'writer-slot' }, { name: 'Dimmer', kind: 'real-time', peripherals: { Pwm: ['PWM-CONTROLLER-0'] } }], {
      writerSlot: 'writer-slot',
    });
    const edges = spec.accessEdges().filter((e) => e.to.kind === 'peripheral');
    const dimmerTo = (value: number) => edges.find((e) => e.from === dimmer && e.to.kind === 'peripheral' && e.to.capability === 'Gpio' && e.to.value === value);
    expect(dimmerTo(8)?.because).toBe('Blinky may write the I/O firewall configuration (writer-slot → io-firewall-config) and move block GPIO-2 to M4-0');
    expect(dimmerTo(1)?.because).toBe("block GPIO-0 is on M4-0, Dimmer's core");
    // Blinky still passes the OS check: only what it declares, wherever the block is.
    expect(edges.filter((e) => e.from === blinky).map(key)).toEqual(['id-blinky → peripheral:Gpio:8: Blinky declares Gpio 8; block GPIO-2 is on A7']);
    // Interrupt lines go with their blocks: Blinky (high-level) declares none, so it reaches none.
    expect(edges.some((e) => e.from === blinky && e.to.kind === 'peripheral' && e.to.capability === 'ExternalInterrupt')).toBe(false);
    expect(edges.filter((e) => e.from === dimmer && e.to.kind === 'peripheral' && e.to.capability === 'ExternalInterrupt')).toHaveLength(spec.product.chip.peripherals.ExternalInterrupt.length);
    // Every GPIO of the chip is reachable by the real-time app.
    expect(edges.filter((e) => e.from === dimmer && e.to.kind === 'peripheral' && e.to.capability === 'Gpio')).toHaveLength(spec.product.chip.peripherals.Gpio.length);
  });

  it('interrupt lines are nodes of the access graph, reached with the block of their GPIO', () => {
    // MS Learn, external interrupts: "multiplexed with GPIO in the same way as other peripherals"; EINTn is on GPIO n.
    const spec = new IsolationSpec({ ...product([BLINKY, DIMMER]), platform: design() });
    const eints = spec.accessEdges().filter((e) => e.to.kind === 'peripheral' && e.to.capability === 'ExternalInterrupt');
    expect(eints.map((e) => `${e.from} → ${(e.to as { value: string }).value}`)).toEqual([0, 1, 2, 3].map((n) => `${dimmer} → EINT${n}`));
  });

  it('without a writer, a real-time app reaches only its own blocks', () => {
    const spec = specOf([BLINKY, DIMMER], { writerSlot: 'nobody-fills-it' });
    expect(spec.firewallWriters.size).toBe(0);
    // GPIO 0-3, PWM-CONTROLLER-0 and EINT0-3: block GPIO-0.
    expect(spec.accessEdges().filter((e) => e.from === dimmer && e.to.kind === 'peripheral')).toHaveLength(9);
  });
});

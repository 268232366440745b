/**
 * The values worth generating for a product: every app, every chip peripheral (all GPIOs, not only
 * the claimed ones, so a firewall that maps pins instead of blocks shows), peripherals that do not
 * exist, declared and undeclared hosts and ports, own and others' storage, partners and
 * non-partners (also spelled in upper case or with braces), unknown ids, and the design's memory regions (with one it
 * lacks) once some app's slot has a right on one.
 */
import fc from 'fast-check';
import { isChipPeripheral, type PeripheralCapability } from '../../formats/chips/chip-profile.js';
import type { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import type { Syscall } from '../../emulator/syscalls.js';
import { onTheBus } from '../../model/platform/data-paths.js';
import { reachRules } from '../../model/platform/bus-masters.js';

export interface AppRef {
  id: string;
  name: string;
  kind: 'high-level' | 'real-time';
}

export interface PeripheralRef {
  capability: PeripheralCapability;
  value: string | number;
}

/** One syscall by one app: the unit of every generated schedule. */
export interface Step {
  app: string;
  call: Syscall;
}

export interface Universe {
  apps: AppRef[];
  peripherals: { claimed: PeripheralRef[]; blockMates: PeripheralRef[]; all: PeripheralRef[]; missing: PeripheralRef[] };
  hosts: string[];
  ports: { protocol: 'tcp' | 'udp'; port: number }[];
  /** Storage owners and channel peers: the apps' own ids, and (less often) other spellings, board configurations, unknown ids. */
  ids: { apps: string[]; others: string[] };
  /** Targets of firewall-config writes: every block and core of the chip, and one of each it lacks. */
  firewall: { blocks: string[]; cores: string[] };
  /**
   * Targets of memory-read and memory-write: every memory region of the platform design and one it lacks, when the
   * design gives an app's slot a right on one; else none, and no memory call is drawn (a design with no app-facing
   * memory keeps the schedules it had before memory calls existed).
   */
  memory: string[];
}

/** The id of a memory region no design names. */
export const UNKNOWN_REGION = 'no-such-region';

export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

export function universeOf(spec: IsolationSpec): Universe {
  const chip = spec.product.chip;
  const apps: AppRef[] = spec.compartments.flatMap((c) => (c.manifest && c.kind !== 'board-config' ? [{ id: c.id, name: c.name, kind: c.kind }] : []));
  const all = (Object.entries(chip.peripherals) as [PeripheralCapability, readonly (string | number)[]][]).flatMap(([capability, values]) => values.map((value) => ({ capability, value })));
  const declared = spec.compartments.flatMap((c) => (c.manifest?.peripherals ?? []).flatMap((p) => (p.value !== undefined ? [{ capability: p.capability, value: p.value }] : [])));
  const claimed = dedupe([...spec.claims.map((c) => ({ capability: c.capability, value: c.value })), ...declared]);
  const blocks = new Set(spec.claims.map((c) => c.block.id));
  const blockMates = dedupe(
    chip.blocks
      .filter((b) => blocks.has(b.id))
      .flatMap((b) => [...b.gpios.map((g) => ({ capability: 'Gpio' as const, value: g })), ...(Object.entries(b.functions) as [PeripheralCapability, string][]).map(([capability, value]) => ({ capability, value }))]),
  );
  const maxGpio = Math.max(0, ...chip.peripherals.Gpio.filter((g): g is number => typeof g === 'number'));
  const missingCandidates: PeripheralRef[] = [
    { capability: 'Gpio', value: maxGpio + 1 },
    { capability: 'Gpio', value: 24 },
    { capability: 'Gpio', value: '8' },
    { capability: 'Pwm', value: 'PWM-CONTROLLER-9' },
    { capability: 'Uart', value: 'ISU9' },
    { capability: 'Adc', value: 'ADC-CONTROLLER-9' },
    { capability: 'I2sSubordinate', value: 'I2S9' },
  ];
  const missing = missingCandidates.filter((p) => !isChipPeripheral(chip, p.capability, p.value));

  const hosts = new Set<string>(['evil.example.net', 'localhost', '10.0.0.1']);
  for (const app of apps) {
    for (const entry of spec.compartment(app.id)?.manifest?.allowedConnections ?? []) {
      if (entry.startsWith('*.')) {
        const base = entry.slice(2);
        for (const h of [`a.${base}`, `deep.sub.${base}`.toUpperCase(), base, `x${base}`]) hosts.add(h);
      } else {
        for (const h of [entry, entry.toUpperCase(), `sub.${entry}`, `${entry}.evil.net`, entry.slice(1)]) hosts.add(h);
      }
    }
  }

  const ports = new Map<string, { protocol: 'tcp' | 'udp'; port: number }>();
  const addPort = (protocol: 'tcp' | 'udp', port: number) => ports.set(`${protocol}:${port}`, { protocol, port });
  for (const port of [22, 80, 443, 8883]) for (const protocol of ['tcp', 'udp'] as const) addPort(protocol, port);
  for (const app of apps) {
    const m = spec.compartment(app.id)?.manifest;
    for (const port of m?.tcpServerPorts ?? []) addPort('tcp', port);
    for (const port of m?.udpServerPorts ?? []) addPort('udp', port);
  }

  const appIds = new Set(apps.map((a) => a.id));
  const others = new Set<string>([UNKNOWN_ID]);
  for (const c of spec.compartments) if (!appIds.has(c.id)) others.add(c.id);
  for (const app of apps.slice(0, 2)) {
    others.add(app.id.toUpperCase());
    others.add(`{${app.id}}`);
  }
  for (const c of spec.compartments) for (const p of c.manifest?.partners ?? []) if (!appIds.has(p.componentId)) others.add(p.componentId);

  const firewall = { blocks: [...chip.blocks.map((b) => b.id), 'GPIO-99'], cores: [...chip.cores.map((c) => c.id), 'M4-9'] };
  const design = spec.product.platform;
  const regions = (design?.assets ?? []).filter(onTheBus).map((a) => a.id);
  const slots = new Set(spec.compartments.flatMap((c) => (c.manifest && c.slot !== undefined ? [c.slot] : [])));
  const appFacing = (design ? reachRules(design) : []).some((r) => slots.has(r.component) && regions.includes(r.asset) && (r.rights.includes('read') || r.rights.includes('write')));
  const memory = appFacing ? [...regions, UNKNOWN_REGION] : [];
  return { apps, peripherals: { claimed, blockMates, all, missing }, hosts: [...hosts], ports: [...ports.values()], ids: { apps: [...appIds], others: [...others] }, firewall, memory };
}

function dedupe(list: PeripheralRef[]): PeripheralRef[] {
  const seen = new Map<string, PeripheralRef>();
  for (const p of list) seen.set(`${p.capability}:${String(p.value)}:${typeof p.value}`, p);
  return [...seen.values()];
}

const weighted = <T>(parts: [number, T[]][]): fc.Arbitrary<T> =>
  fc.oneof(...parts.filter(([, list]) => list.length > 0).map(([weight, list]) => ({ weight, arbitrary: fc.constantFrom(...list) })));

/** Short comma-free text, or now and then a large block (so the storage quota is reached). */
export const dataArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: fc.constantFrom(...'abcdxyz0189'.split('')), minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.integer({ min: 3000, max: 12000 }).map((n) => 'q'.repeat(n)) },
);

export interface SyscallArbOptions {
  /** Include exit and crash (the model-based check); the other checks place crashes themselves. */
  lifecycle: boolean;
}

/**
 * The calls an app may make, by kind: syscallArb draws from them and syscallKinds names them, so the case enumeration a
 * check's coverage is held to (check-runner.ts) is the generator's own, written once.
 */
function syscallParts(u: Universe, options: SyscallArbOptions): { weight: number; arbitrary: fc.Arbitrary<Syscall>; kind: Syscall['kind'] }[] {
  const peripheral = weighted([
    [3, u.peripherals.claimed],
    [3, u.peripherals.blockMates],
    [4, u.peripherals.all],
    [1, u.peripherals.missing],
  ]);
  const id = weighted([
    [4, u.ids.apps],
    [1, u.ids.others],
  ]);
  const parts: { weight: number; arbitrary: fc.Arbitrary<Syscall>; kind: Syscall['kind'] }[] = [
    { weight: 3, arbitrary: peripheral.map((p): Syscall => ({ kind: 'peripheral-open', ...p })), kind: 'peripheral-open' },
    { weight: 3, arbitrary: peripheral.map((p): Syscall => ({ kind: 'peripheral-read', ...p })), kind: 'peripheral-read' },
    { weight: 3, arbitrary: fc.tuple(peripheral, fc.integer({ min: 1, max: 3 })).map(([p, data]): Syscall => ({ kind: 'peripheral-write', ...p, data })), kind: 'peripheral-write' },
    { weight: 4, arbitrary: fc.tuple(id, dataArb).map(([to, data]): Syscall => ({ kind: 'channel-send', to, data })), kind: 'channel-send' },
    { weight: 3, arbitrary: id.map((from): Syscall => ({ kind: 'channel-receive', from })), kind: 'channel-receive' },
    { weight: 2, arbitrary: fc.constantFrom(...u.hosts).map((host): Syscall => ({ kind: 'connect', host })), kind: 'connect' },
    { weight: 2, arbitrary: fc.constantFrom(...u.ports).map((p): Syscall => ({ kind: 'listen', ...p })), kind: 'listen' },
    { weight: 2, arbitrary: id.map((owner): Syscall => ({ kind: 'storage-read', owner })), kind: 'storage-read' },
    { weight: 3, arbitrary: fc.tuple(id, dataArb).map(([owner, data]): Syscall => ({ kind: 'storage-write', owner, data })), kind: 'storage-write' },
    { weight: 1, arbitrary: id.map((owner): Syscall => ({ kind: 'storage-delete', owner })), kind: 'storage-delete' },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...u.firewall.blocks), fc.constantFrom(...u.firewall.cores)).map(([block, core]): Syscall => ({ kind: 'firewall-write', block, core })), kind: 'firewall-write' },
  ];
  if (u.memory.length) {
    parts.push({ weight: 2, arbitrary: fc.constantFrom(...u.memory).map((region): Syscall => ({ kind: 'memory-read', region })), kind: 'memory-read' });
    parts.push({ weight: 2, arbitrary: fc.tuple(fc.constantFrom(...u.memory), dataArb).map(([region, data]): Syscall => ({ kind: 'memory-write', region, data })), kind: 'memory-write' });
  }
  if (options.lifecycle) {
    parts.push({ weight: 1, arbitrary: fc.constantFrom(0, 1, 255).map((code): Syscall => ({ kind: 'exit', code })), kind: 'exit' });
    parts.push({ weight: 1, arbitrary: crashReasonArb.map((reason): Syscall => ({ kind: 'crash', reason })), kind: 'crash' });
  }
  return parts;
}

export function syscallArb(u: Universe, options: SyscallArbOptions): fc.Arbitrary<Syscall> {
  return fc.oneof(...syscallParts(u, options));
}

/** Every kind of call syscallArb can draw. */
export function syscallKinds(u: Universe, options: SyscallArbOptions): Syscall['kind'][] {
  return syscallParts(u, options).map((p) => p.kind);
}

/**
 * One call of every kind syscallArb can draw, each drawn from that kind's own arbitrary (so no second list of values):
 * the checks run them first, so even a few --runs try every kind of call for every app.
 */
export function oneCallOfEachKind(u: Universe, options: SyscallArbOptions, seed: number): Syscall[] {
  return syscallParts(u, options).map((p) => fc.sample(p.arbitrary, { seed, numRuns: 1 })[0]!);
}

export const crashReasonArb = fc.constantFrom('SIGSEGV', 'SIGABRT', 'watchdog', 'stack overflow');

export function stepArb(u: Universe, options: SyscallArbOptions): fc.Arbitrary<Step> {
  return fc.record({ app: fc.constantFrom(...u.apps.map((a) => a.id)), call: syscallArb(u, options) });
}

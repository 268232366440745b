/**
 * The application manager as the device runs it at boot: it installs the product's board
 * configurations (the OS applies them before any app) and then its apps, in order; gives each a core;
 * and reserves the I/O blocks and pins each manifest asks for, refusing a request that collides with a
 * reservation with the device error Azure Sphere reports (azure-sphere-facts §1.5; §9 checks 17-21).
 * The firewall is then programmed from the reservation table (firewall.ts).
 *
 * Second reading, on purpose: this restates, as the device applies them one request at a time
 * against a reservation table, the spec's core rules (model/isolation/apps.ts: coreOptions,
 * needsExclusiveCore) and sharing rules (model/isolation/conflicts.ts: unconditionalConflict,
 * mustShareCore; allocation.ts), without calling them. test/differential/isolation-harness.ts holds the two together: the device refuses a product
 * exactly when the spec's allocation fails, and each device error it reports belongs to a conflict the
 * spec finds too.
 */
import type { PeripheralCapability } from '../formats/chips/chip-profile.js';
import type { AppManifest } from '../formats/manifest/app-manifest.js';
import type { InstalledSoftware } from '../model/product/product.js';
import type { IoWindows } from './io-windows.js';
import { normalizeComponentId } from './syscalls.js';

/** The device's error for each kind of refused request (AST-ERR, azure-sphere-facts §1.5). */
export const DEVICE_ERRORS = {
  gpioInUse: { code: (5 << 20) + 4, name: 'RequestedGpioAlreadyInUse' },
  peripheralInUse: { code: (5 << 20) + 8, name: 'RequestedPeripheralAlreadyInUse' },
  samePin: { code: (2 << 20) + 35, name: 'RequestedPeripheralsRequireSamePin' },
  blockOnOtherCore: { code: (5 << 20) + 15, name: 'GpioBlockConflict' },
} as const;

export interface InstalledCompartment {
  /** Component id (lower case), or "board-config:<name>". */
  id: string;
  name: string;
  kind: 'high-level' | 'real-time' | 'board-config';
  core: string;
  manifest?: AppManifest;
  /** The platform design's component (app slot) the app runs as. */
  component?: string;
}

export interface BlockReservation {
  core: string;
  /** GPIO → compartment id, for pins reserved one by one. */
  pins: Map<number, string>;
  /** The block reserved as a whole for one function (PWM, ADC, ISU as UART/I2C/SPI, I2S). */
  fn?: { capability: PeripheralCapability; value: string | number; owner: string };
}

export interface InstallRefusal {
  compartment: string;
  /** The device's numeric error, when it has one (a missing core is a log message only). */
  deviceError?: number;
  errorName: string;
  detail: string;
}

export interface Installation {
  compartments: InstalledCompartment[];
  /** Block id → its reservation, for every block something reserved. */
  blocks: Map<string, BlockReservation>;
  refusals: InstallRefusal[];
}

interface Candidate {
  id: string;
  name: string;
  kind: InstalledCompartment['kind'];
  manifest?: AppManifest;
  component?: string;
  requests: { capability: PeripheralCapability; value: string | number | undefined }[];
}

export function installProduct(product: InstalledSoftware, windows: IoWindows): Installation {
  const boards: Candidate[] = (product.boardConfigs ?? []).map((b) => ({
    id: `board-config:${b.name}`,
    name: b.name,
    kind: 'board-config',
    requests: Object.entries(b.claims).flatMap(([capability, values]) => (values ?? []).map((value) => ({ capability: capability as PeripheralCapability, value }))),
  }));
  const apps: Candidate[] = product.apps.map((a, i) => ({
    id: a.manifest.componentId !== undefined ? normalizeComponentId(a.manifest.componentId) : `app#${i}`,
    name: a.manifest.name ?? `app #${i + 1}`,
    kind: a.manifest.kind,
    manifest: a.manifest,
    ...(a.slot !== undefined ? { component: a.slot } : {}),
    requests: a.manifest.peripherals.map((p) => ({ capability: p.capability, value: p.value })),
  }));
  const installation: Installation = { compartments: [], blocks: new Map(), refusals: [] };
  const busy = new Set<string>();
  for (const candidate of [...boards, ...apps]) {
    const core = freeCore(candidate.kind, windows, busy);
    if (core === undefined) {
      installation.refusals.push({ compartment: candidate.name, errorName: 'NoCoreAvailable', detail: `no ${candidate.kind === 'real-time' ? 'real-time' : 'high-level'} core was available to run ${candidate.name}` });
      continue;
    }
    if (candidate.kind !== 'board-config') busy.add(core);
    installation.compartments.push({ id: candidate.id, name: candidate.name, kind: candidate.kind, core, ...(candidate.manifest ? { manifest: candidate.manifest } : {}), ...(candidate.component !== undefined ? { component: candidate.component } : {}) });
    for (const request of candidate.requests) reserve(installation, windows, candidate, core, request);
  }
  return installation;
}

/** A high-level app takes the A7 to itself, a real-time app a whole M4; board configurations share the A7. */
function freeCore(kind: Candidate['kind'], windows: IoWindows, busy: ReadonlySet<string>): string | undefined {
  const wanted = kind === 'real-time' ? 'real-time' : 'high-level';
  for (const [id, coreKind] of windows.cores) if (coreKind === wanted && (kind === 'board-config' || !busy.has(id))) return id;
  return undefined;
}

function reserve(installation: Installation, windows: IoWindows, who: Candidate, core: string, request: Candidate['requests'][number]): void {
  const { capability, value } = request;
  if (value === undefined) return; // an unresolved "$NAME" never reaches the device
  const window = windows.windowOf(capability, value);
  if (!window) return; // behind no firewall window: nothing to reserve
  const refuse = (error: (typeof DEVICE_ERRORS)[keyof typeof DEVICE_ERRORS], detail: string): void => {
    installation.refusals.push({ compartment: who.name, deviceError: error.code, errorName: error.name, detail: `${who.name}'s ${capability} ${value}: ${detail}` });
  };
  const held = installation.blocks.get(window.block);
  if (!held) {
    installation.blocks.set(window.block, window.use === 'pin' ? { core, pins: new Map([[value as number, who.id]]) } : { core, pins: new Map(), fn: { capability, value, owner: who.id } });
    return;
  }
  if (window.use === 'pin') {
    const gpio = value as number;
    if (held.fn) return refuse(DEVICE_ERRORS.samePin, `block ${window.block} is already used as ${held.fn.capability} ${held.fn.value}`);
    const owner = held.pins.get(gpio);
    if (owner === who.id) return;
    if (owner !== undefined) return refuse(DEVICE_ERRORS.gpioInUse, `GPIO ${gpio} is already in use by another application`);
  } else {
    if (held.pins.size > 0) return refuse(DEVICE_ERRORS.samePin, `block ${window.block} already has GPIOs in use`);
    if (held.fn && (held.fn.capability !== capability || held.fn.value !== value)) return refuse(DEVICE_ERRORS.samePin, `block ${window.block} is already used as ${held.fn.capability} ${held.fn.value}`);
    if (held.fn && held.fn.owner === who.id) return;
    if (held.fn) return refuse(DEVICE_ERRORS.peripheralInUse, `${capability} ${value} is already in use by another application`);
  }
  if (held.core !== core) return refuse(DEVICE_ERRORS.blockOnOtherCore, `block ${window.block} is mapped to ${held.core}; a block cannot be split across cores (${who.name} runs on ${core})`);
  if (window.use === 'pin') held.pins.set(value as number, who.id);
}

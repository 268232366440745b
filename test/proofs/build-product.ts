/**
 * In-memory products for the proof tests: apps are written as plain lists of what they ask for,
 * turned into the AppManifest shape the readers would produce (raw = value, pointers as in a file).
 */
import { MT3620 } from '../../formats/chips/mt3620.js';
import type { ChipProfile, PeripheralCapability } from '../../formats/chips/chip-profile.js';
import type { AppKind, AppManifest, PeripheralRequest } from '../../formats/manifest/app-manifest.js';
import type { BoardConfig, InstalledApp as ProductApp, InstalledSoftware } from '../../model/product/product.js';

export interface AppSpec {
  name: string;
  kind?: AppKind;
  /** Component id; defaults to one derived from the name. */
  id?: string;
  peripherals?: Partial<Record<PeripheralCapability, (string | number)[]>>;
  partners?: string[];
  hosts?: string[];
  tcp?: number[];
  udp?: number[];
  storageKB?: number;
}

export const idOf = (name: string) => `id-${name.toLowerCase()}`;

export function app(spec: AppSpec): ProductApp {
  const file = `/virtual/${spec.name.toLowerCase()}/app_manifest.json`;
  const peripherals: PeripheralRequest[] = Object.entries(spec.peripherals ?? {}).flatMap(([capability, values]) =>
    (values ?? []).map((value, i) => ({ capability: capability as PeripheralCapability, raw: value, value, pointer: `/Capabilities/${capability}/${i}`, position: { line: 1, column: 1 } })),
  );
  const manifest: AppManifest = {
    file,
    name: spec.name,
    componentId: spec.id ?? idOf(spec.name),
    kind: spec.kind ?? 'high-level',
    peripherals,
    allowedConnections: spec.hosts ?? [],
    tcpServerPorts: spec.tcp ?? [],
    udpServerPorts: spec.udp ?? [],
    partners: (spec.partners ?? []).map((p, i) => ({ componentId: p, pointer: `/Capabilities/AllowedApplicationConnections/${i}` })),
    ...(spec.storageKB !== undefined ? { mutableStorageKB: spec.storageKB } : {}),
    enabled: [],
    powerControls: [],
  };
  return { manifest, manifestFile: file };
}

export function product(apps: (ProductApp | AppSpec)[], opts: { boardConfigs?: BoardConfig[]; chip?: ChipProfile; name?: string } = {}): InstalledSoftware {
  return {
    file: '/virtual/sevenfold.json',
    name: opts.name ?? 'test product',
    chip: opts.chip ?? MT3620,
    apps: apps.map((a) => ('manifest' in a ? a : app(a))),
    ...(opts.boardConfigs ? { boardConfigs: opts.boardConfigs } : {}),
  };
}

/**
 * The product's inventory as a report shows it: apps and their capabilities, the I/O firewall map
 * per core, the boot chain, and the keys and secrets with who can touch them. Computed from the
 * product and its platform design with the model's own functions (IsolationSpec, keyChain), never
 * from a property's evidence, so it is there whatever the checks found.
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { coreOptions, needsExclusiveCore, type Compartment } from '../../model/isolation/apps.js';
import type { PeripheralClaim } from '../../model/isolation/claims.js';
import { IsolationSpec, listsAsPartner } from '../../model/isolation/isolation-spec.js';
import { keyChain } from '../../model/platform/platform-design.js';
import { irrevocableKeys } from '../../model/update/signing-key-custody.js';
import type { Product } from '../../model/product/product.js';

export interface InventoryPeripheral {
  capability: string;
  /** As written in the manifest: a raw value or "$NAME". */
  written: string | number;
  /** The raw value the device sees, when known. */
  value?: string | number;
  block?: string;
  file: string;
  pointer: string;
  line: number;
}

export interface InventoryApp {
  name: string;
  componentId?: string;
  kind: 'high-level' | 'real-time' | 'board-config';
  file: string;
  /** The core it runs on (or would run on, when the allocation fails). */
  core?: string;
  peripherals: InventoryPeripheral[];
  allowedConnections: string[];
  tcpServerPorts: number[];
  udpServerPorts: number[];
  partners: { componentId: string; name?: string; mutual: boolean }[];
  mutableStorageKB?: number;
  deviceAuthentication?: string;
  /** The hardware definition its "$NAME" references resolved against, when not the product's (apps[].hardwareDefinition or its CMakeLists.txt). */
  hardwareDefinition?: string;
  /** Boolean capabilities set to true, and power controls. */
  other: string[];
  /** The app's image as the product loader read it (apps[].image), when the product names one. */
  image?: { file: string; sha256: string; signer: string; signatureValid: boolean; flags: string[]; mismatches: number };
}

export interface FirewallClaim {
  app: string;
  capability: string;
  value: string | number;
  written: string | number;
  file: string;
  pointer: string;
  line: number;
}

export interface FirewallBlock {
  block: string;
  gpios: number[];
  claims: FirewallClaim[];
}

export interface FirewallCore {
  core: string;
  description: string;
  apps: string[];
  blocks: FirewallBlock[];
}

export interface FirewallConflict {
  block: string;
  /** The cores that claim the block (two or more), or one core when the claims clash on it. */
  cores: string[];
  claims: FirewallClaim[];
  kind: string;
}

export interface FirewallMap {
  /** True when the allocator found an assignment; false shows the assignment the claims ask for. */
  decided: boolean;
  cores: FirewallCore[];
  conflicts: FirewallConflict[];
  /** Compartments no core is left for. */
  stranded: string[];
  unassignedBlocks: number;
}

export interface BootStageInventory {
  image: string;
  imageName: string;
  loadedBy: string;
  loadedByName: string;
  /** The product's apps on this component's core, for app stages. */
  apps: string[];
  checks: { id: string; kind: string; key: string; keyName: string }[];
  measurement?: { register: string; registerName: string; by: string; when: string };
  rollback?: { counter: string; counterName: string; raised: string };
}

export interface KeyInventory {
  id: string;
  name: string;
  anchoredIn?: string;
  certifiedBy?: string;
  /** Key names from this key up to its anchor; undefined when the chain never reaches one. */
  chain?: string[];
  /** Boot checks that use it: "rom.1bl.signature (1BL)". */
  usedBy: string[];
  /** Where the design keeps the private key (keys[].custody); absent: not stated. */
  custody?: 'offline' | 'online';
  /**
   * Why no key-store update can revoke the key (model/update/signing-key-custody.ts irrevocableKeys), when none can:
   * renewable-security's verdict then rests on its custody (online: violated; not stated: unknown). Absent: a key the
   * store can replace, which the key revocation plays whatever its custody.
   */
  irrevocable?: string;
}

export interface AssetInventory {
  id: string;
  name: string;
  kind: string;
  location: string;
  secret: boolean;
  critical: boolean;
  oneTimeProgrammable: boolean;
  access: { component: string; componentName: string; rights: string[] }[];
}

export interface Inventory {
  chip: { id: string; name: string };
  platform: { name: string; file: string };
  hardwareDefinition?: string;
  apps: InventoryApp[];
  firewall: FirewallMap;
  boot: BootStageInventory[];
  keys: KeyInventory[];
  /** Keys, key stores, secrets and other assets, with every access right granted to them. */
  assets: AssetInventory[];
}

/** Core per compartment as the allocator assigns them (its greedy rule), even when the allocation fails. */
export function tentativeCores(product: Product, compartments: Compartment[]): Map<string, string> {
  const coreOf = new Map<string, string>();
  const taken = new Set<string>();
  for (const c of compartments) {
    const core = coreOptions(product.chip, c.kind).find((id) => !(needsExclusiveCore(c.kind) && taken.has(id)));
    if (!core) continue;
    coreOf.set(c.id, core);
    if (needsExclusiveCore(c.kind)) taken.add(core);
  }
  return coreOf;
}

function imageOf(product: Product, manifestFile: string, show: (file: string) => string): Pick<InventoryApp, 'image'> {
  const image = product.apps.find((a) => a.manifestFile === manifestFile)?.image;
  if (!image) return {};
  return { image: { file: show(image.file), sha256: image.sha256, signer: image.signer, signatureValid: image.signatureValid, flags: image.flags, mismatches: image.manifestMismatches?.length ?? 0 } };
}

/** One line for an app's image in the inventory tables. */
export function describeInventoryImage(image: NonNullable<InventoryApp['image']>): string {
  const flags = image.flags.length ? `, ${image.flags.join(', ')}` : '';
  const mismatch = image.mismatches ? `, ${image.mismatches} difference${image.mismatches > 1 ? 's' : ''} from the manifest` : '';
  return `image ${image.file}: ${image.signer}-signed, signature ${image.signatureValid ? 'valid' : 'INVALID'}${flags}${mismatch}`;
}

export function buildInventory(product: Product, cwd: string): Inventory {
  const show = (file: string) => displayPath(file, cwd);
  const spec = new IsolationSpec(product);
  const coreOf = spec.allocation.ok ? spec.allocation.allocation.coreOf : tentativeCores(product, spec.compartments);
  const claimsBy = (c: Compartment) => spec.claims.filter((cl) => cl.compartment.id === c.id);

  const apps: InventoryApp[] = spec.compartments.map((c) => {
    const m = c.manifest;
    const blockOf = new Map(claimsBy(c).map((cl) => [cl.pointer, cl.block.id]));
    const peripherals: InventoryPeripheral[] = m
      ? m.peripherals.map((p) => ({
          capability: p.capability,
          written: p.raw,
          ...(p.value !== undefined ? { value: p.value } : {}),
          ...(blockOf.has(p.pointer) ? { block: blockOf.get(p.pointer)! } : {}),
          file: show(c.file),
          pointer: p.pointer,
          line: p.position.line,
        }))
      : claimsBy(c).map((cl) => ({ capability: cl.capability, written: cl.written, value: cl.value, block: cl.block.id, file: show(cl.file), pointer: cl.pointer, line: cl.position.line }));
    const core = coreOf.get(c.id);
    return {
      name: c.name,
      ...(m?.componentId ? { componentId: m.componentId } : {}),
      kind: c.kind,
      file: show(c.file),
      ...(core ? { core } : {}),
      peripherals,
      allowedConnections: m?.allowedConnections ?? [],
      tcpServerPorts: m?.tcpServerPorts ?? [],
      udpServerPorts: m?.udpServerPorts ?? [],
      partners: (m?.partners ?? []).map((p) => {
        const other = spec.compartment(p.componentId);
        const mutual = other ? listsAsPartner(other, c.id) : false;
        return { componentId: p.componentId, ...(other ? { name: other.name } : {}), mutual };
      }),
      ...(m?.mutableStorageKB !== undefined ? { mutableStorageKB: m.mutableStorageKB } : {}),
      ...(m?.deviceAuthentication ? { deviceAuthentication: m.deviceAuthentication } : {}),
      ...appHardwareOf(product, c.file, show),
      other: [...(m?.enabled ?? []), ...(m?.powerControls ?? []).map((p) => `PowerControls: ${p}`)],
      ...imageOf(product, c.file, show),
    };
  });

  const firewallClaim = (cl: PeripheralClaim): FirewallClaim => ({
    app: cl.compartment.name,
    capability: cl.capability,
    value: cl.value,
    written: cl.written,
    file: show(cl.file),
    pointer: cl.pointer,
    line: cl.position.line,
  });
  // Cores that claim each block: one core per block is what the firewall can do.
  const byBlock = new Map<string, { cores: Set<string>; claims: PeripheralClaim[] }>();
  for (const cl of spec.claims) {
    const core = coreOf.get(cl.compartment.id);
    const entry = byBlock.get(cl.block.id) ?? { cores: new Set<string>(), claims: [] };
    if (core) entry.cores.add(core);
    entry.claims.push(cl);
    byBlock.set(cl.block.id, entry);
  }
  const conflicts: FirewallConflict[] = [];
  const conflictBlocks = new Set<string>();
  if (!spec.allocation.ok) {
    for (const p of spec.allocation.problems) {
      if (p.kind === 'no-core') continue;
      const block = p.claims[0].block.id;
      const known = conflicts.find((c) => c.block === block && c.kind === p.kind);
      const claims = p.claims.map(firewallClaim);
      if (known) {
        for (const c of claims) if (!known.claims.some((k) => k.file === c.file && k.pointer === c.pointer)) known.claims.push(c);
      } else {
        const cores = [...new Set(p.claims.map((c) => coreOf.get(c.compartment.id)).filter((c): c is string => c !== undefined))];
        conflicts.push({ block, cores, claims, kind: p.kind });
      }
      conflictBlocks.add(block);
    }
  }
  for (const [block, entry] of byBlock) {
    if (entry.cores.size > 1 && !conflictBlocks.has(block)) {
      conflicts.push({ block, cores: [...entry.cores], claims: entry.claims.map(firewallClaim), kind: 'cross-core-block' });
      conflictBlocks.add(block);
    }
  }
  const stranded = spec.allocation.ok ? [] : spec.compartments.filter((c) => !coreOf.has(c.id)).map((c) => c.name);
  const cores: FirewallCore[] = product.chip.cores
    .filter((core) => core.kind !== 'security')
    .map((core) => ({
      core: core.id,
      description: core.description,
      apps: spec.compartments.filter((c) => coreOf.get(c.id) === core.id).map((c) => c.name),
      blocks: product.chip.blocks
        .filter((b) => !conflictBlocks.has(b.id) && byBlock.get(b.id)?.cores.has(core.id))
        .map((b) => ({ block: b.id, gpios: b.gpios, claims: byBlock.get(b.id)!.claims.map(firewallClaim) })),
    }));
  const firewall: FirewallMap = {
    decided: spec.allocation.ok,
    cores,
    conflicts,
    stranded,
    unassignedBlocks: product.chip.blocks.filter((b) => !byBlock.has(b.id)).length,
  };

  const design = product.platform;
  const componentName = (id: string) => design.components.find((c) => c.id === id)?.name ?? id;
  const keyName = (id: string) => design.keys.find((k) => k.id === id)?.name ?? id;
  const assetName = (id: string) => design.assets.find((a) => a.id === id)?.name ?? id;
  const boot: BootStageInventory[] = design.boot.map((stage) => {
    const component = design.components.find((c) => c.id === stage.image);
    const onCore = component?.untrusted ? spec.compartments.filter((c) => c.kind !== 'board-config' && coreOf.get(c.id) === component.core).map((c) => c.name) : [];
    return {
      image: stage.image,
      imageName: componentName(stage.image),
      loadedBy: stage.loadedBy,
      loadedByName: componentName(stage.loadedBy),
      apps: onCore,
      checks: stage.checks.map((c) => ({ id: c.id, kind: c.kind, key: c.key, keyName: keyName(c.key) })),
      ...(stage.measurement ? { measurement: { register: stage.measurement.register, registerName: assetName(stage.measurement.register), by: stage.measurement.by, when: stage.measurement.when } } : {}),
      ...(stage.rollback ? { rollback: { counter: stage.rollback.counter, counterName: assetName(stage.rollback.counter), raised: stage.rollback.raised } } : {}),
    };
  });
  const irrevocable = new Map(irrevocableKeys(design).map((k) => [k.key, k.why]));
  const keys: KeyInventory[] = design.keys.map((k) => {
    const chain = keyChain(design, k.id);
    return {
      id: k.id,
      name: k.name,
      ...(k.anchoredIn ? { anchoredIn: k.anchoredIn } : {}),
      ...(k.certifiedBy ? { certifiedBy: k.certifiedBy } : {}),
      ...(chain ? { chain: chain.map((c) => c.name) } : {}),
      usedBy: design.boot.flatMap((s) => s.checks.filter((c) => c.key === k.id).map((c) => `${c.id} (${componentName(s.image)})`)),
      ...(k.custody ? { custody: k.custody } : {}),
      ...(irrevocable.has(k.id) ? { irrevocable: irrevocable.get(k.id)! } : {}),
    };
  });
  const assets: AssetInventory[] = design.assets.map((a) => ({
    id: a.id,
    name: a.name,
    kind: a.kind,
    location: a.location,
    secret: a.secret,
    critical: a.critical,
    oneTimeProgrammable: a.oneTimeProgrammable ?? false,
    access: design.access.filter((r) => r.asset === a.id).map((r) => ({ component: r.component, componentName: componentName(r.component), rights: r.rights })),
  }));
  return {
    chip: { id: product.chip.id, name: product.chip.name },
    platform: { name: design.name, file: show(product.platformFile) },
    ...(product.hardware ? { hardwareDefinition: show(product.hardware.file) } : {}),
    apps,
    firewall,
    boot,
    keys,
    assets,
  };
}

/** The definition an app's references resolved against, when it is its own (model/product/app-hardware-choice.ts). */
function appHardwareOf(product: Product, manifestFile: string, show: (file: string) => string): { hardwareDefinition?: string } {
  const own = product.apps.find((a) => a.manifestFile === manifestFile)?.hardware;
  return own ? { hardwareDefinition: show(own.file) } : {};
}

/**
 * A key's custody as the reports print it: where the design keeps it, and, where no key-store update can revoke it, that
 * renewable-security's verdict rests on it (model/update/signing-key-custody.ts: online is violated, not stated unknown).
 */
export function custodyText(k: Pick<KeyInventory, 'custody' | 'irrevocable'>): string {
  const kept = k.custody ?? 'not stated';
  return k.irrevocable ? `${kept}; renewable-security rests on it: ${k.irrevocable}` : kept;
}

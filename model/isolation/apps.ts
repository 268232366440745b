/**
 * The software compartments of a product, as the isolation rules see them: each app (and each
 * board-configuration image, which owns peripherals like an app does) with the cores it may run on.
 */
import type { ChipProfile } from '../../formats/chips/chip-profile.js';
import type { AppManifest } from '../../formats/manifest/app-manifest.js';
import type { InstalledSoftware } from '../product/product.js';

export type CompartmentKind = 'high-level' | 'real-time' | 'board-config';

export interface Compartment {
  /** Stable id: the component ID (lower case), or "board-config:<name>". */
  id: string;
  name: string;
  kind: CompartmentKind;
  file: string;
  manifest?: AppManifest;
  /** The platform design's component (app slot) the app runs as, when the product fills one. */
  slot?: string;
}

export function compartmentsOf(product: InstalledSoftware): Compartment[] {
  const apps: Compartment[] = product.apps.map((app, i) => ({
    id: app.manifest.componentId ?? `app#${i}`,
    name: app.manifest.name ?? `app #${i + 1}`,
    kind: app.manifest.kind,
    file: app.manifestFile,
    manifest: app.manifest,
    ...(app.slot !== undefined ? { slot: app.slot } : {}),
  }));
  const boards: Compartment[] = (product.boardConfigs ?? []).map((b) => ({ id: `board-config:${b.name}`, name: b.name, kind: 'board-config', file: product.file }));
  return [...apps, ...boards];
}

/**
 * Cores a compartment may run on. High-level apps and board configurations live on the A7 (the OS
 * applies board configurations); a real-time app takes a whole M4 core, so at most one per core.
 */
export function coreOptions(chip: ChipProfile, kind: CompartmentKind): string[] {
  const wanted = kind === 'real-time' ? 'real-time' : 'high-level';
  return chip.cores.filter((c) => c.kind === wanted).map((c) => c.id);
}

/**
 * Whether a compartment needs its core to itself: a real-time app takes a whole M4, and the A7 runs
 * one high-level app at a time (installing another replaces it). Board configurations share the A7.
 */
export function needsExclusiveCore(kind: CompartmentKind): boolean {
  return kind !== 'board-config';
}

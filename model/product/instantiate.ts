/**
 * The product instantiates the device. A platform design describes app *slots* (components loaded from
 * "Applications" images: the high-level app on the A7, one real-time app per M4 core); a product fills
 * some of them. The instantiated design keeps a slot only when an app fills it, names it after that app,
 * and drops every access rule, boot stage, exploit, exploit exception and attacker control of an empty slot, so no stage,
 * app or connection the product does not have appears in any evidence.
 */
import type { PlatformComponent, PlatformDesign } from '../platform/platform-design.js';
import type { UpdateDesign } from '../update/update-design.js';
import type { ChipProfile } from '../../formats/chips/chip-profile.js';
import { MT3620 } from '../../formats/chips/mt3620.js';

/** Image type of app components in a platform design (formats/image-package enums). */
export const APP_IMAGE_TYPE = 'Applications';

export interface AppSlotFill {
  /** The app's name, shown in evidence. */
  name: string;
  kind: 'high-level' | 'real-time';
}

export interface Instantiation {
  design: PlatformDesign;
  /** The slot (component id) each app fills, by the app's index in the product; undefined when no slot is free. */
  slots: (string | undefined)[];
  /** Slots of the platform design that no app fills: removed from the instantiated design. */
  emptySlots: string[];
}

/** Whether a component is an app slot: loaded from an Applications image. */
export function isAppSlot(c: PlatformComponent): boolean {
  return c.imageType === APP_IMAGE_TYPE;
}

/**
 * Which apps a slot takes, by what the chip profile says its core is: a real-time core (the MT3620's M4s) takes
 * real-time apps, any other core high-level apps (an app slot on the security core is still an app, and key
 * custody catches what it may use). The core's kind is the chip's word, not the name the design gives it: a
 * core the chip does not have is refused when the product is loaded (appSlotsOffChip).
 */
function slotKind(c: PlatformComponent, chip: ChipProfile): 'high-level' | 'real-time' {
  return chip.cores.find((core) => core.id === c.core)?.kind === 'real-time' ? 'real-time' : 'high-level';
}

/** The app slots of the design whose core is not one of the chip's, with their index in components. */
export function appSlotsOffChip(design: PlatformDesign, chip: ChipProfile): { index: number; slot: PlatformComponent }[] {
  return design.components.flatMap((slot, index) => (isAppSlot(slot) && !chip.cores.some((core) => core.id === slot.core) ? [{ index, slot }] : []));
}

/**
 * Fills the design's app slots with the product's apps, in order: high-level apps to slots on the chip's
 * high-level core, real-time apps to slots on its real-time cores (the chip: the product's; MT3620, the only
 * built-in chip profile, for a design instantiated without a product).
 */
export function instantiatePlatform(design: PlatformDesign, apps: readonly AppSlotFill[], chip: ChipProfile = MT3620): Instantiation {
  const free = { 'high-level': design.components.filter((c) => isAppSlot(c) && slotKind(c, chip) === 'high-level'), 'real-time': design.components.filter((c) => isAppSlot(c) && slotKind(c, chip) === 'real-time') };
  const filled = new Map<string, string>();
  const slots = apps.map((app) => {
    const slot = free[app.kind].shift();
    if (!slot) return undefined;
    filled.set(slot.id, app.name);
    return slot.id;
  });
  const emptySlots = design.components.filter((c) => isAppSlot(c) && !filled.has(c.id)).map((c) => c.id);
  const gone = new Set(emptySlots);
  const keep = (id: string) => !gone.has(id);
  const instantiated: PlatformDesign = {
    ...design,
    components: design.components.filter((c) => keep(c.id)).map((c) => (filled.has(c.id) ? { ...c, name: `${c.name}: ${filled.get(c.id)}` } : c)),
    declaredTcb: design.declaredTcb.filter(keep),
    access: design.access.filter((a) => keep(a.component)),
    boot: design.boot.filter((s) => keep(s.image) && keep(s.loadedBy)).map((s) => (s.measurement && !keep(s.measurement.by) ? withoutMeasurement(s) : s)),
    attackers: design.attackers.map((a) => ({ ...a, controls: a.controls.filter(keep) })).filter((a) => a.controls.length > 0 || !design.attackers.find((x) => x.id === a.id)!.controls.length),
    exploits: design.exploits.filter((e) => keep(e.from) && keep(e.to)),
    // An exception for an empty slot would name a component the instance no longer has (and be shown as evidence).
    ...(design.exploitExceptions ? { exploitExceptions: design.exploitExceptions.filter((e) => keep(e.component)) } : {}),
    // An empty slot programs no bus master (model/platform/bus-masters.ts); a master no one is left to program gives no
    // one its reach. Every master stays, so /busMasters/i is still the file's.
    ...(design.busMasters ? { busMasters: design.busMasters.map((m) => ({ ...m, controlledBy: m.controlledBy.filter(keep) })) } : {}),
  };
  return { design: instantiated, slots, emptySlots };
}

function withoutMeasurement<T extends { measurement?: unknown }>(stage: T): T {
  const { measurement: _dropped, ...rest } = stage;
  return rest as T;
}

/** The update design for an instantiated platform: update kinds no longer list the empty slots. */
export function instantiateUpdate(update: UpdateDesign, emptySlots: readonly string[]): UpdateDesign {
  if (emptySlots.length === 0) return update;
  const gone = new Set(emptySlots);
  return { ...update, updateKinds: update.updateKinds.map((k) => ({ ...k, contents: k.contents.filter((c) => !gone.has(c)) })) };
}

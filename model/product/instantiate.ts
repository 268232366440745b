/**
 * The product instantiates the device. A platform design describes app *slots* (components loaded from
 * "Applications" images: the high-level app on the A7, one real-time app per M4 core); a product fills
 * some of them. The instantiated design keeps a slot only when an app fills it, names it after that app,
 * and drops every access rule, boot stage, exploit, exploit exception and attacker control of an empty slot, so no stage,
 * app or connection the product does not have appears in any evidence.
 */
import type { PlatformComponent, PlatformDesign } from '../platform/platform-design.js';
import type { UpdateDesign } from '../update/update-design.js';

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

function slotKind(c: PlatformComponent): 'high-level' | 'real-time' {
  return c.core.startsWith('M4') ? 'real-time' : 'high-level';
}

/** Fills the design's app slots with the product's apps, in order: high-level apps to A7 slots, real-time apps to M4 slots. */
export function instantiatePlatform(design: PlatformDesign, apps: readonly AppSlotFill[]): Instantiation {
  const free = { 'high-level': design.components.filter((c) => isAppSlot(c) && slotKind(c) === 'high-level'), 'real-time': design.components.filter((c) => isAppSlot(c) && slotKind(c) === 'real-time') };
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

/**
 * Where the platform design states the choice that left a protection out: the appIsolation field, or
 * the access rule that lets an app slot write the I/O firewall configuration, or read or write the apps'
 * storage (model/isolation/storage-rights.ts). Shown beside the emulator trace, so a reader sees both the
 * run and the line of the design that allowed it.
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { readLocatedJson } from '../../formats/json/read-input.js';
import type { AppIsolation } from '../../model/platform/platform-design.js';
import type { Product } from '../../model/product/product.js';
import type { ProtectionRequirement } from './protections.js';
import { reachRules } from '../../model/platform/bus-masters.js';

const FIELD: Partial<Record<ProtectionRequirement, keyof AppIsolation>> = {
  'compartmentalization.app-network-firewall': 'networkFirewall',
  'compartmentalization.real-time-apps-no-network': 'realTimeNetwork',
  'compartmentalization.storage-isolation': 'storage',
  'compartmentalization.app-connection-acceptance': 'appConnections',
};

/** "platform.json:140:17 /appIsolation/storage: \"shared\"", or undefined when the design file states nothing about it. */
export function designStatement(product: Pick<Product, 'platformFile' | 'basePlatform' | 'apps'>, requirement: ProtectionRequirement): string | undefined {
  const pointers: { pointer: string; shown: string }[] = [];
  const field = FIELD[requirement];
  const design = product.basePlatform;
  const slots = new Set(product.apps.flatMap((a) => (a.slot !== undefined ? [a.slot] : [])));
  const slotRules = (kind: 'firewall-config' | 'storage', rights: readonly string[]) => {
    const assets = new Set(design.assets.filter((a) => a.kind === kind).map((a) => a.id));
    // The effective access (bus-masters.ts): a slot's DMA engine reaching the asset is stated at /busMasters/i/reaches/j.
    reachRules(design).forEach((rule) => {
      if (slots.has(rule.component) && assets.has(rule.asset) && rule.rights.some((r) => rights.includes(r))) pointers.push({ pointer: rule.pointer, shown: `${rule.component} may ${rule.rights.join(', ')} ${rule.asset}${rule.busMaster ? ` through the bus master ${rule.busMaster}` : ''}` });
    });
  };
  if (field !== undefined) {
    const value = design.appIsolation?.[field];
    // Per-app storage allows no app another's: what let one in is an app slot's own right on the storage.
    // Nor does realTimeNetwork "none": what gave a real-time app a network was its own slot (below).
    if (value !== undefined && !(field === 'storage' && value === 'per-app') && !(field === 'realTimeNetwork' && value === 'none')) pointers.push({ pointer: `/appIsolation/${field}`, shown: JSON.stringify(value) });
    if (field === 'storage') slotRules('storage', ['read', 'write']);
    // A real-time app slot the design marks network-facing has a network of its own, whatever the OS gives the M4 cores.
    const realTime = new Set(product.apps.flatMap((a) => (a.slot !== undefined && a.manifest.kind === 'real-time' ? [a.slot] : [])));
    if (field === 'realTimeNetwork') design.components.forEach((c, i) => {
      if (realTime.has(c.id) && c.networkFacing === true) pointers.push({ pointer: `/components/${i}/networkFacing`, shown: `${c.id} parses network input` });
    });
  } else slotRules('firewall-config', ['write']);
  if (pointers.length === 0) return undefined;
  const doc = readLocatedJson(product.platformFile);
  return pointers
    .map(({ pointer, shown }) => {
      const at = doc.value === undefined ? undefined : doc.positionOf(pointer);
      return `${displayPath(product.platformFile)}${at ? `:${at.line}:${at.column}` : ''} ${pointer}: ${shown}`;
    })
    .join('; ');
}

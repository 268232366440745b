/**
 * Where the platform design states the choice that left a protection out: the appIsolation field, or
 * the access rule that lets an app slot write the I/O firewall configuration. Shown beside the emulator
 * trace, so a reader sees both the run and the line of the design that allowed it.
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { readLocatedJson } from '../../formats/json/read-input.js';
import type { AppIsolation } from '../../model/platform/platform-design.js';
import type { Product } from '../../model/product/product.js';
import type { ProtectionRequirement } from './protections.js';

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
  if (field !== undefined) {
    const value = product.basePlatform.appIsolation?.[field];
    if (value !== undefined) pointers.push({ pointer: `/appIsolation/${field}`, shown: JSON.stringify(value) });
  } else {
    const design = product.basePlatform;
    const slots = new Set(product.apps.flatMap((a) => (a.slot !== undefined ? [a.slot] : [])));
    const configs = new Set(design.assets.filter((a) => a.kind === 'firewall-config').map((a) => a.id));
    design.access.forEach((rule, i) => {
      if (slots.has(rule.component) && configs.has(rule.asset) && rule.rights.includes('write')) pointers.push({ pointer: `/access/${i}`, shown: `${rule.component} may ${rule.rights.join(', ')} ${rule.asset}` });
    });
  }
  if (pointers.length === 0) return undefined;
  const doc = readLocatedJson(product.platformFile);
  return pointers
    .map(({ pointer, shown }) => {
      const at = doc.value === undefined ? undefined : doc.positionOf(pointer);
      return `${displayPath(product.platformFile)}${at ? `:${at.line}:${at.column}` : ''} ${pointer}: ${shown}`;
    })
    .join('; ');
}

/**
 * A capability key that is a known capability in another case ("allowedConnections", "GPIO"), or a top-level
 * field that is a known one in another case ("applicationType"): Sevenfold's
 * reader matches names exactly and ignores it (lint: UnknownCapability, a warning), but no source says how
 * the device's parser matches them (azure-sphere-facts §1.3 lists the keys, not the comparison). If the device
 * folds case it grants the capability: the app gets the network, the pins or the storage every check then
 * leaves out (a host it can reach, a pin beside another core's, a connection nobody judged). So in a product,
 * as for a key written twice (formats/json/duplicate-keys.ts), no verdict may rest on the manifest.
 */
import type { LocatedJson } from '../json/located-json.js';
import { CAPABILITIES, TOP_LEVEL_FIELDS } from './capabilities.js';

/** The known capability `key` names in another case, or undefined (exact names and unknown words alike). */
export function capabilityInAnotherCase(key: string): string | undefined {
  if (Object.hasOwn(CAPABILITIES, key)) return undefined;
  const folded = key.trim().toLowerCase();
  return Object.keys(CAPABILITIES).find((known) => known.toLowerCase() === folded);
}

/** The known top-level manifest field `key` names in another case ("applicationType"), or undefined. */
export function fieldInAnotherCase(key: string): string | undefined {
  if (TOP_LEVEL_FIELDS.has(key)) return undefined;
  const folded = key.trim().toLowerCase();
  return [...TOP_LEVEL_FIELDS].find((known) => known.toLowerCase() === folded);
}

/**
 * Reports each such key of a manifest the reader has read (its UnknownCapability and top-level UnknownField
 * warnings) as an error, located at the key. A top-level field counts too: "applicationType":
 * "RealTimeCapable" read exactly leaves a high-level app on the A7, folded it is a real-time app on an M4.
 */
export function reportCapabilityNameVariants(doc: LocatedJson): void {
  const keyOf = (pointer: string) => pointer.split('/').pop()!.replace(/~1/g, '/').replace(/~0/g, '~');
  for (const d of doc.diagnostics.filter((x) => x.name === 'UnknownCapability' || (x.name === 'UnknownField' && x.pointer.lastIndexOf('/') === 0))) {
    const key = keyOf(d.pointer);
    const capability = d.name === 'UnknownCapability' ? capabilityInAnotherCase(key) : undefined;
    const field = d.name === 'UnknownField' ? fieldInAnotherCase(key) : undefined;
    if (capability) doc.report('ProductCapabilityNameVariant', d.pointer, `"${key}" is the capability "${capability}" written in another case: whether the device grants it is not known, so no verdict may rest on this manifest`);
    if (field) doc.report('ProductCapabilityNameVariant', d.pointer, `"${key}" is the field "${field}" written in another case: whether the device reads it is not known, so no verdict may rest on this manifest`);
  }
}

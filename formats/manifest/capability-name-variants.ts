/**
 * A capability key that is a known capability in another case ("allowedConnections", "GPIO"): Sevenfold's
 * reader matches names exactly and ignores it (lint: UnknownCapability, a warning), but no source says how
 * the device's parser matches them (azure-sphere-facts §1.3 lists the keys, not the comparison). If the device
 * folds case it grants the capability: the app gets the network, the pins or the storage every check then
 * leaves out (a host it can reach, a pin beside another core's, a connection nobody judged). So in a product,
 * as for a key written twice (product.ts reportDuplicateKeys), no verdict may rest on the manifest.
 */
import type { LocatedJson } from '../json/located-json.js';
import { CAPABILITIES } from './capabilities.js';

/** The known capability `key` names in another case, or undefined (exact names and unknown words alike). */
export function capabilityInAnotherCase(key: string): string | undefined {
  if (Object.hasOwn(CAPABILITIES, key)) return undefined;
  const folded = key.trim().toLowerCase();
  return Object.keys(CAPABILITIES).find((known) => known.toLowerCase() === folded);
}

/** Reports each such key of a manifest the reader has read (its UnknownCapability warnings) as an error, located at the key. */
export function reportCapabilityNameVariants(doc: LocatedJson): void {
  for (const d of doc.diagnostics.filter((x) => x.name === 'UnknownCapability')) {
    const key = d.pointer.split('/').pop()!.replace(/~1/g, '/').replace(/~0/g, '~');
    const known = capabilityInAnotherCase(key);
    if (known) doc.report('ProductCapabilityNameVariant', d.pointer, `"${key}" is the capability "${known}" written in another case: whether the device grants it is not known, so no verdict may rest on this manifest`);
  }
}

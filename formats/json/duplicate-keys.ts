/**
 * A key written twice in one object. The located JSON reader keeps the last value and warns (SF0004), as JSON.parse
 * does; RFC 8259 §4 leaves it to each reader. Where a verdict rests on the file, a duplicate is an error instead:
 * - in an app manifest or a hardware definition the device's or the SDK's parser decides, and which value it keeps
 *   is not known: RFC 8259 §4 lets a parser keep the first, the last, all, or refuse ("Gpio": [12] then
 *   "Gpio": [16] proved an allocation for 16 alone), so a product's manifests and hardware refuse it (SF3005); lint
 *   only warns;
 * - in a file Sevenfold's own formats describe (the product file, the platform, update and protocol designs, the
 *   requirement profile) Sevenfold reads the last value, but a reviewer reading the file from the top sees the first:
 *   `"deviceGroup": "Production"` followed further down by `"deviceGroup": "Development"` would be verified as one
 *   product and approved as the other (SF0009).
 */
import type { CodeName } from '../diagnostics/codes.js';
import type { LocatedJson } from './located-json.js';

const WHY = {
  InputDuplicateKey: 'Sevenfold would read the last value where a reviewer reading from the top sees the first, so no verdict may rest on either',
  ProductManifestDuplicateKey: 'which value the device enforces is not known, so no verdict may rest on either',
} satisfies Partial<Record<CodeName, string>>;

/** Reports each duplicate the reader found as an error of `code` at the second key; `why` replaces the code's reason. */
export function refuseDuplicateKeys(doc: LocatedJson, code: keyof typeof WHY = 'InputDuplicateKey', why: string = WHY[code]): void {
  for (const d of doc.diagnostics.filter((x) => x.name === 'DuplicateKey')) doc.report(code, d.pointer, duplicateKeyMessage(d.pointer, why));
}

/** The error's message for a duplicate at `pointer` (the fuzz targets' round trip, which drops duplicates, sets it aside). */
export function duplicateKeyMessage(pointer: string, why: string = WHY.InputDuplicateKey): string {
  return `${pointer.split('/').pop()} is written twice in this file: ${why}`;
}

/**
 * A question the design-file targets' round trip asks of every value it re-serialises (targets/design/
 * design-file-target.ts). Kept out of fuzz/targets/, whose code is instrumented for coverage feedback: its loop over
 * the value's members would count as coverage, and an input with more keys or numbers than any before it (a new
 * hit-count bucket) joined the corpus for that alone, paying the expensive stage and a comparison-logging re-run.
 */
/**
 * Whether the JSON reader (formats/json/located-json.ts) makes a syntax-only finding (SYNTAX_ONLY) on the canonical
 * text of this value, which the round trip must then read to set aside. canonicalJson writes each key of an object
 * once (no DuplicateKey), the reader leaves reserved keys out of the value (so none is written: no ReservedKey), and
 * it writes a number as JSON.stringify does, which the reader flags (NumberNotExact) only when it is not finite
 * (written ±1e999) or an integer past ±2^53 below 1e21 (written in full, digits that may not be the double's:
 * 123456789012345678901 is written 123456789012345680000). Any other value's canonical text reads with no such
 * finding, and its third JSON read (a tenth of the expensive stage on requirement profiles and platform designs,
 * for every kept input) found nothing.
 */
export function canonicalSpellingFlagged(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value) && Math.abs(value) < 1e21);
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(canonicalSpellingFlagged);
  for (const k in value) if (canonicalSpellingFlagged((value as Record<string, unknown>)[k])) return true;
  return false;
}

/**
 * The known name a mistyped one was most likely meant to be ("hardwareDefinitions" → "hardwareDefinition",
 * "Apps" → "apps"), for "unknown field" messages: an unknown field is usually a typo, and naming the field the
 * schema does accept saves the reader a trip to the schema. Edit distance (Levenshtein) over at most a third of
 * the name, as commander suggests options; it is written here because commander keeps its own helper private
 * and no string-distance package is a dependency.
 */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  const folded = name.toLowerCase();
  const sameBut = known.find((k) => k.toLowerCase() === folded);
  if (sameBut !== undefined) return sameBut;
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(folded, candidate.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

/** Insertions, deletions and substitutions that turn a into b. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}

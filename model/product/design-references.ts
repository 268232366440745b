/**
 * Names an update design file of the product's own gives to the platform design: an update kind's contents
 * (components and assets it renews). (A protocol design's keys are checked by model/attestation/protocol-platform-keys.ts.) A name the platform
 * does not have is a dangling reference between two of the user's files, an input error at the file and
 * pointer that holds it (exit 2), never a verdict: nothing about the device follows from a typo. The built-in
 * designs on a maker's platform are another matter (they describe another device: the verdicts that read them
 * are unknown or violated with the reason, model/update/load-update.ts checkAgainstPlatform,
 * model/platform/key-custody.ts), so only files the product names are checked here.
 */
import { joinPointer } from '../../formats/diagnostics/diagnostic.js';
import type { PlatformDesign } from '../platform/platform-design.js';
import type { UpdateDesign } from '../update/update-design.js';

export interface DanglingReference {
  pointer: string;
  message: string;
}

export function danglingUpdateReferences(update: UpdateDesign, platform: PlatformDesign, platformShown: string): DanglingReference[] {
  const known = new Set([...platform.components.map((c) => c.id), ...platform.assets.map((a) => a.id)]);
  const out: DanglingReference[] = [];
  update.updateKinds.forEach((k, i) =>
    k.contents.forEach((c, j) => {
      if (!known.has(c)) out.push({ pointer: joinPointer('/updateKinds', i, 'contents', j), message: `"${c}" is neither a component nor an asset of the platform design "${platform.name}" (${platformShown})` });
    }),
  );
  return out;
}

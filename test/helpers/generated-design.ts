/**
 * A randomly generated platform design read as a user's file is read (written out, then loadPlatform), so a
 * differential compares the readings of a design the loader accepts: a design it refuses is the generator's slip,
 * and the test fails naming the diagnostics rather than comparing a design no user could load.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlatform } from '../../model/platform/load-platform.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';

export function loadGeneratedDesign(design: PlatformDesign): PlatformDesign {
  const dir = mkdtempSync(join(tmpdir(), 'sevenfold-generated-design-'));
  try {
    const file = join(dir, 'platform.json');
    writeFileSync(file, JSON.stringify(design));
    const result = loadPlatform(file);
    if (!result.design) throw new Error(`the generated design does not load: ${result.diagnostics.map((d) => `${d.pointer} ${d.message}`).join('; ')}`);
    return result.design;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

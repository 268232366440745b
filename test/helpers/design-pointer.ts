/**
 * The JSON pointer of one entry of a fixture's platform design, found in the file: a test that names an access rule or
 * an asset a fixture adds to the built-in design asks where it is, instead of pinning an index that moves whenever the
 * built-in design's arrays grow (s35: the failure-log asset and its access rule, appended to the built-in's arrays,
 * moved every entry a fixture appends after them). The test still fails when the finding names another entry.
 */
import { readFileSync } from 'node:fs';
import type { PlatformDesign } from '../../model/platform/platform-design.js';

const design = (file: string): PlatformDesign => JSON.parse(readFileSync(file, 'utf8')) as PlatformDesign;

/** /access/<i> of the only rule giving `component` rights on `asset`. */
export function accessPointer(platformFile: string, component: string, asset: string): string {
  const found = design(platformFile).access.flatMap((r, i) => (r.component === component && r.asset === asset ? [i] : []));
  if (found.length !== 1) throw new Error(`${platformFile}: ${found.length} access rules of ${component} on ${asset}, expected one`);
  return `/access/${found[0]}`;
}

/** /assets/<i> of the asset `id`. */
export function assetPointer(platformFile: string, id: string): string {
  const i = design(platformFile).assets.findIndex((a) => a.id === id);
  if (i < 0) throw new Error(`${platformFile}: no asset ${id}`);
  return `/assets/${i}`;
}

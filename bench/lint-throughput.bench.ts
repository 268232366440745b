/**
 * Lint throughput on the real corpus (files/s), against reading and JSON.parse of the same files:
 * the ratio says what the located parse and every check cost on top of the bare minimum.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lint } from '../model/lint/lint.js';
import { walkPaths } from '../model/lint/walk.js';
import type { BenchRow } from './harness.js';

export function lintThroughputRow(corpus: string): BenchRow | string {
  if (!existsSync(corpus)) return `lint throughput: skipped (${corpus} not found)`;
  const hardwarePath = [resolve(corpus, 'azure-sphere-samples@pre-20.07/Hardware'), resolve(corpus, 'azure-sphere-samples@pr164-4ab229f/HardwareDefinitions')];
  const files = walkPaths([corpus]).candidates.map((c) => c.file);
  return {
    name: 'lint corpus',
    unit: 'files/s',
    baselineDescription: `read + JSON.parse of the same ${files.length} JSON files`,
    itemsPerCall: files.length,
    subject: () => lint([corpus], { hardwarePath }),
    baseline: () => {
      for (const f of files) {
        try {
          JSON.parse(readFileSync(f, 'utf8').replace(/^\uFEFF/, ''));
        } catch {
          // a malformed file costs the same to try
        }
      }
    },
  };
}

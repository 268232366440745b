/**
 * The files a report's verdicts depended on, once each: how the user named it, where it is, its SHA-256,
 * and which verdicts used it. Built from the inputs runProperty attaches to every verdict, so a reviewer
 * can tell whether a re-run reads exactly the same bytes.
 */
import { dirname, relative, sep } from 'node:path';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { packageRoot } from '../../model/product/builtin.js';
import type { PropertyResult } from '../../properties/verdict.js';
import type { VerificationRun } from './types.js';

export interface ReportInput {
  /**
   * How the file was named: --product as typed for the product file; for a file the product file names, the
   * path relative to the product file (as the product file writes it); "built-in: <path in the Sevenfold
   * package>" for Sevenfold's own designs and profile.
   */
  given: string;
  /** As shown elsewhere in the report: relative to the working directory of the run when short. */
  path: string;
  absolutePath: string;
  sha256: string;
  builtin: boolean;
  /** What the file is to the verdicts (product file, app manifest (Blinky), …). */
  roles: string[];
  /** The properties whose verdicts read it, in registry order. */
  usedBy: string[];
}

/** The line a platform-only verdict carries wherever it is shown. */
export const PLATFORM_ONLY_LINE = 'platform-only: the same for every product on this platform';

const slashes = (p: string) => p.split(sep).join('/');

export function givenName(run: VerificationRun, absolutePath: string, builtin: boolean): string {
  if (absolutePath === run.product.file) {
    if (run.productGiven !== undefined) return run.productGiven;
    return run.productSource === 'builtin' ? `built-in: ${slashes(relative(packageRoot(), absolutePath))} (no --product)` : './sevenfold.json (found in the working directory)';
  }
  if (builtin) return `built-in: ${slashes(relative(packageRoot(), absolutePath))}`;
  return slashes(relative(dirname(run.product.file), absolutePath));
}

export function reportInputs(run: VerificationRun, results: readonly PropertyResult[] = run.results): ReportInput[] {
  const byFile = new Map<string, ReportInput>();
  for (const result of results) {
    for (const input of result.inputs ?? []) {
      let entry = byFile.get(input.absolutePath);
      if (!entry) {
        entry = {
          given: givenName(run, input.absolutePath, input.builtin),
          path: displayPath(input.absolutePath, run.cwd),
          absolutePath: input.absolutePath,
          sha256: input.sha256,
          builtin: input.builtin,
          roles: [],
          usedBy: [],
        };
        byFile.set(input.absolutePath, entry);
      }
      if (!entry.roles.includes(input.role)) entry.roles.push(input.role);
      if (!entry.usedBy.includes(result.property)) entry.usedBy.push(result.property);
    }
  }
  return [...byFile.values()];
}

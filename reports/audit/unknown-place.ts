/**
 * Where an undecided property asks the reviewer to act, read from its reason: the first place the reason names —
 * `file.json:line:column /pointer`, `file.json /pointer` (a design's field: "(update.json /timeSync)") or a pointer
 * of the product file ("state it in the product file as /apps/0/authentication/<host>", "state it as
 * /apps/0/certificateKeys/<host>") — at the pointer's line and column (its nearest ancestor when the field is not
 * there yet: the place to add it), else the product file's first line. A place in a built-in design (inside
 * Sevenfold, outside the user's source tree, which code scanning cannot show) is not where the user acts: the
 * product file is, at the field that names a design of their own ("update", "platform", "protocol",
 * model/product/design-field-hint.ts), with the built-in design's place kept as a related location.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { aDesign, builtinDesignKind } from '../../model/product/design-field-hint.js';
import type { PropertyResult } from '../../properties/verdict.js';
import type { FindingLocation } from './findings.js';
import { PositionFinder } from './findings.js';
import type { VerificationRun } from './types.js';

export interface UnknownPlace {
  primary: FindingLocation;
  related: FindingLocation[];
}

interface Cited {
  index: number;
  path: string;
  pointer?: string;
  line?: number;
  column?: number;
}

const TRAILING = /[),.;:]+$/;

function existing(run: VerificationRun, file: string): string | undefined {
  const candidates = isAbsolute(file) ? [file] : [resolve(run.cwd, file), resolve(file)];
  return candidates.find((p) => existsSync(p));
}

/** Every place the text cites, with where in the text it is. */
function citedPlaces(text: string, run: VerificationRun): Cited[] {
  const out: Cited[] = [];
  for (const m of text.matchAll(/(?<=^|[\s(])([^\s(]+\.json):(\d+):(\d+)(?: (\/\S*))?/g)) {
    const path = existing(run, m[1]!);
    if (path) out.push({ index: m.index!, path, line: Number(m[2]), column: Number(m[3]), ...(m[4] ? { pointer: m[4].replace(TRAILING, '') } : {}) });
  }
  for (const m of text.matchAll(/(?<=^|[\s(])([^\s(]+\.json) (\/\S*)/g)) {
    const path = existing(run, m[1]!);
    if (path) out.push({ index: m.index!, path, pointer: m[2]!.replace(TRAILING, '') });
  }
  for (const m of text.matchAll(/\bstate it (?:in the product file )?as (\/\S+)/g)) {
    out.push({ index: m.index!, path: run.product.file, pointer: m[1]!.replace(TRAILING, '') });
  }
  return out.sort((a, b) => a.index - b.index);
}

function located(run: VerificationRun, finder: PositionFinder, c: Omit<Cited, 'index'>, description?: string): FindingLocation {
  const pos = c.line !== undefined ? { line: c.line, column: c.column ?? 1 } : finder.position(c.path, c.pointer);
  return { file: displayPath(c.path, run.cwd), path: c.path, ...(c.pointer !== undefined ? { pointer: c.pointer } : {}), line: pos.line, column: pos.column, ...(description ? { description } : {}) };
}

export function unknownPlace(run: VerificationRun, result: PropertyResult, finder = new PositionFinder()): UnknownPlace {
  const product = { path: run.product.file };
  const cited = citedPlaces(result.summary, run)[0];
  if (!cited) return { primary: located(run, finder, product, 'the product file'), related: [] };
  const kind = builtinDesignKind(cited.path);
  if (!kind) return { primary: located(run, finder, cited), related: [] };
  return {
    primary: located(run, finder, { path: run.product.file, pointer: `/${kind}` }, `the product file: name ${aDesign(kind)} of your own here (the built-in one is part of Sevenfold)`),
    related: [located(run, finder, cited, `the built-in ${kind} design`)],
  };
}

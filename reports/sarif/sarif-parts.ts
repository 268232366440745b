/**
 * What the two SARIF writers (lint: reports/diagnostics/diagnostics-sarif.ts; report:
 * reports/audit/sarif.ts) share: artifact locations relative to %SRCROOT%, regions that span the value
 * a JSON pointer names in the user's own file (read with the located JSON reader), and the compliance
 * clauses a rule bears on (model/compliance) as rule tags, properties and help text.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SourcePosition } from '../../formats/diagnostics/diagnostic.js';
import { showControls } from '../../formats/diagnostics/visible-controls.js';
import type { LocatedJson } from '../../formats/json/located-json.js';
import { LocatedJsonCache } from '../../formats/json/located-json-cache.js';
import { clauseById, clauseLabel, evidenceRow, type EvidenceSubjectKind } from '../../model/compliance/compliance.js';

type Json = Record<string, unknown>;

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** A path inside the working directory relative to %SRCROOT% (what code scanning matches to the repository), else a file URL. */
export function artifactLocation(path: string, cwd: string): Json {
  const rel = relative(cwd, path);
  if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return { uri: encodeURI(rel.split(sep).join('/')), uriBaseId: 'SRCROOT' };
  return { uri: pathToFileURL(path).href };
}

export function srcRoot(cwd: string): string {
  return pathToFileURL(cwd.endsWith(sep) ? cwd : cwd + sep).href;
}

/**
 * SARIF regions from JSON pointers, each file read once. The region spans the value at the pointer (an
 * object member from its key to the end of its value) when the reported position is where that value
 * starts; a position inside a value (a syntax error, a character) keeps its own start and no end.
 */
export class RegionFinder {
  private readonly docs = new LocatedJsonCache();

  constructor(private readonly cwd: string) {}

  region(file: string, pointer: string | undefined, position: SourcePosition): Json {
    const start = { startLine: Math.max(1, position.line), startColumn: Math.max(1, position.column) };
    if (pointer === undefined) return start;
    const span = this.doc(file)?.regionOf(pointer);
    if (!span || span.start.line !== start.startLine || span.start.column !== start.startColumn) return start;
    if (span.end.line < span.start.line || (span.end.line === span.start.line && span.end.column <= span.start.column)) return start;
    return { ...start, endLine: span.end.line, endColumn: span.end.column };
  }

  private doc(file: string): LocatedJson | null {
    return this.docs.get(isAbsolute(file) ? file : resolve(this.cwd, file));
  }
}

/**
 * The compliance clauses of a rule as SARIF carries them: each clause id as a tag (code scanning filters
 * by tag), the labelled clauses under `properties.compliance`, and one help line naming them. Evidence,
 * never a compliance claim: the help line says "bears on".
 */
export function complianceRuleParts(kind: EvidenceSubjectKind, id: string): { tags: string[]; properties: Json; helpText: string; helpMarkdown: string } {
  const row = evidenceRow(kind, id);
  if (!row) return { tags: [], properties: {}, helpText: '', helpMarkdown: '' };
  const clauses = row.clauses.map((c) => clauseById(c));
  const labels = clauses.map((c) => clauseLabel(c));
  return {
    tags: row.clauses,
    properties: { compliance: clauses.map((c, i) => ({ id: c.id, clause: labels[i], title: c.title })), complianceSource: row.source },
    helpText: `\nEvidence bearing on: ${labels.join('; ')} (${row.bears} Sevenfold shows evidence; it does not claim compliance.)`,
    helpMarkdown: `\n\n**Evidence bearing on** (not a compliance claim): ${clauses.map((c, i) => (labels[i]!.endsWith(c.title) ? labels[i] : `${labels[i]} (${c.title})`)).join('; ')}. ${row.bears}`,
  };
}

/** SARIF objects whose `text` and `markdown` a viewer shows a person (message, multiformatMessageString). */
const MESSAGE_KEYS = new Set(['message', 'shortDescription', 'fullDescription', 'help', 'description']);

/**
 * The log with every message text and markdown shown with its controls visible (formats/diagnostics/visible-
 * controls.ts): code scanning shows them to a reviewer as the terminal and the reports do, and a maker's name in a
 * finding must not reorder or hide what it says there either. Everything else in the log (locations, fingerprints,
 * properties) is data and stays exact.
 */
export function withVisibleMessages<T>(log: T): T {
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (typeof value !== 'object' || value === null) return value;
    const out: Json = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = MESSAGE_KEYS.has(key) && typeof v === 'object' && v !== null && !Array.isArray(v) ? shownMessage(v as Json) : visit(v);
    }
    return out;
  };
  return visit(log) as T;
}

function shownMessage(message: Json): Json {
  const out: Json = { ...message };
  for (const key of ['text', 'markdown']) if (typeof out[key] === 'string') out[key] = showControls(out[key] as string);
  return out;
}

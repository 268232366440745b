/**
 * The report as JSON for other tools. The shape is versioned and documented by
 * reports/schema/audit-report.schema.json (`schemaVersion` changes on any incompatible change).
 */
import { relative, sep } from 'node:path';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { diagnosticToJson } from '../diagnostics/format-diagnostics.js';
import { reportInputs } from './inputs.js';
import type { AuditReport } from './report-model.js';

export const AUDIT_REPORT_SCHEMA_VERSION = 1;
/** The schema's $id; also the report's `schema` field. */
export const AUDIT_REPORT_SCHEMA_ID = 'urn:sevenfold:audit-report:1';

/** Evidence data as plain JSON: Maps become objects, Sets arrays, bigints strings; cycles and functions are cut. */
export function toJsonValue(value: unknown, mapString: (s: string) => string = (s) => s, depth = 0, seen: Set<object> = new Set()): unknown {
  if (typeof value === 'string') return mapString(value);
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return undefined;
  if (seen.has(value) || depth > 24) return '[…]';
  seen.add(value);
  try {
    if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), toJsonValue(v, mapString, depth + 1, seen)]));
    if (value instanceof Set) return [...value].map((v) => toJsonValue(v, mapString, depth + 1, seen) ?? null);
    if (Array.isArray(value)) return value.map((v) => toJsonValue(v, mapString, depth + 1, seen) ?? null);
    if (value instanceof Date) return value.toISOString();
    if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const j = toJsonValue(v, mapString, depth + 1, seen);
      if (j !== undefined) out[k] = j;
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

export function reportToJson(report: AuditReport): Record<string, unknown> {
  const { run } = report;
  // Absolute paths inside the working directory become relative, so a report does not depend on where it was made.
  const root = run.cwd.endsWith(sep) ? run.cwd : run.cwd + sep;
  const portable = (s: string) => (s.startsWith(root) ? relative(run.cwd, s).split(sep).join('/') : s);
  return {
    schema: AUDIT_REPORT_SCHEMA_ID,
    schemaVersion: AUDIT_REPORT_SCHEMA_VERSION,
    generatedAt: report.generatedAt,
    tool: run.tool,
    environment: { cwd: run.cwd },
    product: {
      name: run.product.name,
      file: displayPath(run.product.file, run.cwd),
      absoluteFile: run.product.file,
      ...(run.productGiven !== undefined ? { given: run.productGiven } : {}),
      source: run.productSource,
      chip: run.product.chip.id,
      platform: report.inventory.platform,
      ...(report.inventory.hardwareDefinition ? { hardwareDefinition: report.inventory.hardwareDefinition } : {}),
    },
    verification: {
      verdict: run.verdict,
      exitCode: report.exitCode,
      counts: report.counts,
      seed: run.seed,
      runs: run.runs,
      timeoutMs: run.timeoutMs,
      startedAt: run.startedAt,
      durationMs: Math.round(run.durationMs),
      command: run.command,
    },
    inputs: reportInputs(run),
    properties: report.rows.map((row) => ({
      id: row.property.id,
      title: row.property.title,
      question: row.property.question,
      definition: row.property.definition,
      implemented: row.property.implemented,
      verdict: row.result.verdict,
      summary: row.result.summary,
      basis: row.basis,
      ...(row.result.bound ? { bound: row.result.bound } : {}),
      warnings: row.result.warnings ?? [],
      ...(row.result.notApplicableChecks?.length ? { notApplicableChecks: row.result.notApplicableChecks.map((c) => ({ ...c })) } : {}),
      evidence: (row.result.evidence ?? []).map((e) => ({
        title: e.title,
        lines: e.lines,
        ...(e.reproduce ? { reproduce: e.reproduce } : {}),
        ...(e.data !== undefined ? { data: toJsonValue(e.data, portable) ?? null } : {}),
      })),
      timings: (row.result.timings ?? []).map((t) => ({ check: t.check, ms: Math.round(t.ms * 10) / 10 })),
      ...(row.result.scope ? { scope: row.result.scope } : {}),
      ...(row.result.profile ? { profile: row.result.profile } : {}),
      inputs: (row.result.inputs ?? []).map((i) => ({ role: i.role, path: displayPath(i.absolutePath, run.cwd), absolutePath: i.absolutePath, sha256: i.sha256, builtin: i.builtin })),
      ...(row.result.requirements ? { requirements: toJsonValue(row.result.requirements) } : {}),
    })),
    findings: report.findings.map((f) => ({
      id: f.id,
      property: f.property,
      kind: f.kind,
      level: f.level,
      title: f.title,
      message: f.message,
      ...(f.requirement ? { requirement: f.requirement } : {}),
      ...(f.category ? { category: f.category } : {}),
      details: f.details,
      reproduce: f.reproduce,
      ...(f.replay ? { replay: f.replay } : {}),
      ...(f.transcript ? { transcript: f.transcript } : {}),
      ...(f.evidence !== undefined ? { evidence: f.evidence } : {}),
      clauses: f.clauses ?? [],
      locations: f.locations.map((l) => ({
        file: l.file,
        line: l.line,
        column: l.column,
        ...(l.pointer !== undefined ? { pointer: l.pointer } : {}),
        ...(l.description ? { description: l.description } : {}),
        ...(l.app ? { app: l.app } : {}),
      })),
      ...(report.diagrams.some((d) => d.finding === f.id) ? { diagram: report.diagrams.find((d) => d.finding === f.id)!.id } : {}),
    })),
    inventory: toJsonValue(report.inventory, portable),
    diagrams: report.diagrams.map((d) => ({ id: d.id, kind: d.kind, title: d.title, caption: d.caption, mermaid: d.source, ...(d.finding ? { finding: d.finding } : {}), ...(d.svg ? { svg: d.svg } : {}) })),
    ...(run.fuzz ? { fuzz: toJsonValue(run.fuzz, portable) } : {}),
    compliance: report.compliance,
    diagnostics: run.diagnostics.map(diagnosticToJson),
    notes: report.notes,
  };
}

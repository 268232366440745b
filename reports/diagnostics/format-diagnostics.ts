/**
 * Diagnostics as a compiler prints them (file:line:col: severity code name: message), and as JSON
 * for other tools.
 */
import type { Diagnostic, Severity } from '../../formats/diagnostics/diagnostic.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { clausesOf } from '../../model/compliance/compliance.js';

export interface TextStyle {
  color: boolean;
}

const COLORS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m' };

export function formatDiagnostic(d: Diagnostic, style: TextStyle = { color: false }): string {
  const sev = style.color ? `${COLORS[d.severity]}${d.severity}\x1b[0m` : d.severity;
  const where = d.pointer ? ` [${d.pointer}]` : '';
  const head = `${displayPath(d.file)}:${d.position.line}:${d.position.column}: ${sev} ${d.code} ${d.name}: ${d.message}${where}`;
  return d.hint ? `${head}\n    hint: ${d.hint}` : head;
}

export function formatSummary(counts: Record<Severity, number>, what: string): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${what}: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'note')}`;
}

export function diagnosticToJson(d: Diagnostic): Record<string, unknown> {
  return {
    severity: d.severity,
    code: d.code,
    name: d.name,
    file: displayPath(d.file),
    pointer: d.pointer,
    line: d.position.line,
    column: d.position.column,
    message: d.message,
    ...(d.hint ? { hint: d.hint } : {}),
    ...clausesField(d),
  };
}

/** The compliance clauses of the diagnostic's code (security lint and image trust codes), when the table has a row for it. */
function clausesField(d: Diagnostic): { clauses?: string[] } {
  const clauses = clausesOf('lint', String(d.code));
  return clauses.length ? { clauses } : {};
}

/**
 * Diagnostics as a compiler prints them (file:line:col: severity code name: message), and as JSON
 * for other tools.
 */
import type { Diagnostic, Severity } from '../../formats/diagnostics/diagnostic.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { showControls, TERMINAL_COLORS } from '../../formats/diagnostics/visible-controls.js';
import { clausesOf } from '../../model/compliance/compliance.js';

export interface TextStyle {
  color: boolean;
}

/**
 * The file, pointer, message and hint carry a maker's text (a file name, a key, a field's value): each control in
 * them is shown (visible-controls), and in the file and pointer a line feed too, so the location stays on its line
 * however the file or key is named; then the severity is coloured, with the only escapes the terminal is left to obey.
 */
export function formatDiagnostic(d: Diagnostic, style: TextStyle = { color: false }): string {
  const oneLine = (text: string) => showControls(text, { oneLine: true });
  const sev = style.color ? `${TERMINAL_COLORS[d.severity]}${d.severity}${TERMINAL_COLORS.reset}` : d.severity;
  const where = d.pointer ? ` [${oneLine(d.pointer)}]` : '';
  const head = `${oneLine(displayPath(d.file))}:${d.position.line}:${d.position.column}: ${sev} ${d.code} ${d.name}: ${showControls(d.message)}${where}`;
  return d.hint ? `${head}\n    hint: ${showControls(d.hint)}` : head;
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

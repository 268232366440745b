/**
 * One finding about one input file. Every reader in Sevenfold reports problems this way, so the CLI,
 * the reports and the tests all see the same shape.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface SourcePosition {
  /** 1-based line. */
  line: number;
  /** 1-based column, counted in UTF-16 code units like most editors. */
  column: number;
}

export interface Diagnostic {
  severity: Severity;
  /** Device error code (category << 20 | id) where the device has one, else a Sevenfold code "SFnnnn". */
  code: number | string;
  /** Symbolic name of the code, e.g. RequestedPeripheralsRequireSamePin. */
  name: string;
  file: string;
  /** RFC 6901 JSON pointer of the offending value; "" is the whole document. */
  pointer: string;
  position: SourcePosition;
  message: string;
  hint?: string;
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity] += 1;
  return counts;
}

export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.position.line - b.position.line ||
      a.position.column - b.position.column ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity],
  );
}

/** Escapes one reference token of a JSON pointer (RFC 6901 §3). */
export function pointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function joinPointer(base: string, ...tokens: (string | number)[]): string {
  return base + tokens.map((t) => '/' + pointerToken(t)).join('');
}

/** Drops repeats: the same file can be reached from several definitions or manifests in one run. */
export function dedupeDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}#${d.pointer}#${d.code}#${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

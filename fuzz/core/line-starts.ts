/**
 * Where each line of a text starts, for the diagnostic oracles' position checks. Kept out of fuzz/targets/
 * on purpose: the targets' own code is instrumented for coverage (engine/coverage.ts), and a loop over the
 * lines there would count lines as coverage, so the loop would keep an input for having a new number of lines.
 */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The length of a line (1-based) as text.split('\n') gives it (a '\r' before the '\n' counts); 0 past the end. */
export function lineLength(starts: readonly number[], text: string, line: number): number {
  if (line < 1 || line > starts.length) return 0;
  return (line < starts.length ? starts[line]! - 1 : text.length) - starts[line - 1]!;
}

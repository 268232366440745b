/**
 * Where each line of a text starts, for the diagnostic oracles' position checks. Kept out of fuzz/targets/
 * on purpose: the targets' own code is instrumented for coverage (engine/coverage.ts), and a loop over the
 * lines there would count lines as coverage, so the loop would keep an input for having a new number of lines.
 */
import { decodeUtf8 } from './target.js';

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

/**
 * One input file's text for the oracles that place a finding in it, decoded (strict UTF-8, a leading BOM
 * dropped) and split into lines only when a finding first needs it: most findings sit at line 1, column 1 or
 * carry no placeholder, and decoding every input a second time (the reader decodes it too) was a cost of its own.
 * Decoded here from the input bytes, never taken from the code under test, so the oracle stays independent of it.
 */
export class InputText {
  private decoded: string | null | undefined;
  private starts: number[] | undefined;

  /** Input bytes (decoded as above), or a text already decoded (kept as it is). */
  constructor(private readonly source: Uint8Array | string) {}

  /** The text, or undefined when the bytes are not UTF-8 (then nothing is position-checked against it). */
  get text(): string | undefined {
    if (this.decoded === undefined) {
      if (typeof this.source === 'string') this.decoded = this.source;
      else {
        const text = decodeUtf8(this.source);
        this.decoded = text === undefined ? null : text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      }
    }
    return this.decoded ?? undefined;
  }

  /** Where each line starts (the text must be defined). */
  lineStarts(): readonly number[] {
    return (this.starts ??= lineStarts(this.text ?? ''));
  }
}

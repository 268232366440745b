/**
 * Where each line of an input starts, for the diagnostic oracles' position checks. Kept out of fuzz/targets/
 * on purpose: the targets' own code is instrumented for coverage (engine/coverage.ts), and a loop over the
 * lines there would count lines as coverage, so the loop would keep an input for having a new number of lines.
 */
import { isAscii, isUtf8 } from 'node:buffer';

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
 * One input file as the oracles that place a finding in it read it: the text of its bytes (strict UTF-8, a
 * leading BOM dropped), its lines as text.split('\n') gives them, and their lengths in UTF-16 units, which is
 * what a column counts. Read off the input bytes, never taken from the code under test, so the oracle stays
 * independent of the reader it checks; and read off the bytes directly, only when a finding first needs it:
 * the reader decodes every input itself, and decoding it a second time into a string, for every input with a
 * finding, was a cost of the oracle's own. UTF-8 gives the same answers as its text: a '\n' byte is a '\n'
 * character and nothing else, a character of one to three bytes is one UTF-16 unit and one of four bytes two,
 * and an ASCII string occurs in the bytes exactly where it occurs in the text.
 */
export class InputText {
  private readonly body: Uint8Array | undefined;
  private readonly text: string | undefined;
  private validity: boolean | undefined;
  private starts: number[] | undefined;
  /** Each line's length once found (index line - 1): an input's findings mostly sit on a few lines (all on line 1 in a one-line file). */
  private lengths: number[] | undefined;

  /** Input bytes (read as above), or a text already decoded (taken as it is). */
  constructor(source: Uint8Array | string) {
    if (typeof source === 'string') {
      this.text = source;
      this.validity = true;
    } else this.body = source.length >= 3 && source[0] === 0xef && source[1] === 0xbb && source[2] === 0xbf ? source.subarray(3) : source;
  }

  /** Whether the input is text at all (strict UTF-8): bytes that are not are not position-checked. */
  readable(): boolean {
    return (this.validity ??= isUtf8(this.body!));
  }

  /** How many lines text.split('\n') gives (the input must be readable). */
  lineCount(): number {
    return this.lineStarts().length;
  }

  /** The length of a line (1-based) in UTF-16 units, a '\r' before the '\n' counted; 0 past the end. */
  lineLength(line: number): number {
    const starts = this.lineStarts();
    if (line < 1 || line > starts.length) return 0;
    if (this.text !== undefined) return lineLength(starts, this.text, line);
    const known = (this.lengths ??= [])[line - 1];
    if (known !== undefined) return known;
    return (this.lengths[line - 1] = this.unitsOf(starts[line - 1]!, line < starts.length ? starts[line]! - 1 : this.body!.length));
  }

  /**
   * UTF-16 units of the bytes [start, end). Asked for every finding past line 1, column 1: counting byte by byte, on
   * the engine's inputs (one-line files of tens of kilobytes among them), it was a tenth of an update-design step
   * (5 findings per input, 130 us). An ASCII line (native check) is as many units as bytes.
   */
  private unitsOf(start: number, end: number): number {
    const body = this.body!;
    if (isAscii(body.subarray(start, end))) return end - start;
    let units = 0;
    for (let i = start; i < end; i++) {
      const b = body[i]!;
      // A continuation byte adds nothing; a four-byte sequence's lead byte stands for two units.
      if ((b & 0xc0) !== 0x80) units += b >= 0xf0 ? 2 : 1;
    }
    return units;
  }

  /** Whether the text holds an ASCII string (the input must be readable). */
  includes(ascii: string): boolean {
    if (this.text !== undefined) return this.text.includes(ascii);
    const body = this.body!;
    return Buffer.from(body.buffer, body.byteOffset, body.length).includes(ascii, 0, 'latin1');
  }

  /** Where each line starts: byte offsets in the bytes (after the BOM), character offsets in a text. Found once. */
  lineStarts(): readonly number[] {
    if (this.starts) return this.starts;
    if (this.text !== undefined) return (this.starts = lineStarts(this.text));
    const body = this.body!;
    const starts = [0];
    for (let i = body.indexOf(0x0a); i >= 0; i = body.indexOf(0x0a, i + 1)) starts.push(i + 1);
    return (this.starts = starts);
  }
}

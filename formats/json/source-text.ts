/**
 * Offsets to line:column. Built once per file so that every diagnostic can be located cheaply.
 */
import type { SourcePosition } from '../diagnostics/diagnostic.js';

export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
  }

  positionAt(offset: number): SourcePosition {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }
}

/** Keeps a U+FEFF that starts a later line: only the file's leading BOM is dropped, below. */
const utf16 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Line and column of a byte offset in raw (possibly not UTF-8) bytes: used before the text exists.
 * The bytes before the offset are valid UTF-8, so the column is counted in UTF-16 code units like every
 * other position, and a leading byte-order mark is not counted (the decoded text drops it too).
 */
export function positionOfByte(bytes: Uint8Array, byteOffset: number): SourcePosition {
  const end = Math.min(byteOffset, bytes.length);
  let line = 1;
  let lineStart = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? Math.min(3, end) : 0;
  for (let i = lineStart; i < end; i++) {
    if (bytes[i] === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  const column = utf16.decode(bytes.subarray(lineStart, end)).length + 1;
  return { line, column };
}

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

/** Line and column of a byte offset in raw (possibly not UTF-8) bytes: used before the text exists. */
export function positionOfByte(bytes: Uint8Array, byteOffset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < byteOffset && i < bytes.length; i++) {
    if (bytes[i] === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: byteOffset - lineStart + 1 };
}

/**
 * The oracles on where a finding points and what it says (fuzz/targets/shared/diagnostic-oracles.ts,
 * checkPlaceAndMessage, used by checkDiagnostics and the design files' checkIssues): a line and column
 * inside the input's own text (decoded from the input bytes, BOM dropped; the column may point just past the
 * line's end; a '\r' before '\n' counts in the line), no placeholder the input lacks, no number called null —
 * and the input decoded only when a finding needs it.
 */
import { describe, expect, it } from 'vitest';
import { InputText } from '../../fuzz/core/line-starts.js';
import { Rng } from '../../fuzz/core/rng.js';
import { decodeUtf8 } from '../../fuzz/core/target.js';
import { checkIssues, type LocatedIssue } from '../../fuzz/targets/design/design-file-target.js';
import { checkDiagnostics, checkPlaceAndMessage } from '../../fuzz/targets/shared/diagnostic-oracles.js';
import type { Diagnostic } from '../../formats/diagnostics/diagnostic.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const FILE = 'design.json';
const TEXT = '{\r\n  "a": 1,\n  "bb": "x"\n}';
const texts = (text: string | Uint8Array = TEXT) => new Map([[FILE, new InputText(typeof text === 'string' ? bytes(text) : text)]]);
const issue = (line: number, column: number, message = 'must be string'): LocatedIssue => ({ file: FILE, pointer: '/a', line, column, message, severity: 'error' });
const oracleOf = (f: () => void): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as { oracle?: string }).oracle ?? String(e);
  }
};

describe('positions of located findings', () => {
  it('accept a line and column inside the text, the column up to just past the line end', () => {
    // Line 1 is "{\r": two characters, so column 3 is just past its end.
    expect(oracleOf(() => checkIssues([issue(1, 3), issue(2, 10), issue(3, 12), issue(4, 2)], texts()))).toBeUndefined();
  });

  it('reject a line past the last one and a column past the end of its line', () => {
    expect(oracleOf(() => checkIssues([issue(5, 1)], texts()))).toBe('issue.position');
    expect(oracleOf(() => checkIssues([issue(1, 4)], texts()))).toBe('issue.position');
    expect(oracleOf(() => checkIssues([issue(4, 3)], texts()))).toBe('issue.position');
    expect(oracleOf(() => checkIssues([issue(0, 1)], texts()))).toBe('issue.position');
  });

  it('count columns in UTF-16 units, as the text does: one per character, two for one outside the BMP', () => {
    const line = '\u00e9\u20ac\ud83d\ude00x';
    expect(line.length).toBe(5);
    expect(oracleOf(() => checkIssues([issue(1, 6), issue(2, 1)], texts(`${line}\n`)))).toBeUndefined();
    expect(oracleOf(() => checkIssues([issue(1, 7)], texts(`${line}\n`)))).toBe('issue.position');
    expect(oracleOf(() => checkIssues([issue(2, 6)], texts(`{\n${line}`)))).toBeUndefined();
    expect(oracleOf(() => checkIssues([issue(2, 7)], texts(`{\n${line}`)))).toBe('issue.position');
  });

  it('read a text already decoded the same way as bytes', () => {
    const decoded = new Map([[FILE, new InputText(TEXT)]]);
    expect(oracleOf(() => checkIssues([issue(1, 3), issue(2, 10), issue(4, 2)], decoded))).toBeUndefined();
    expect(oracleOf(() => checkIssues([issue(2, 11)], decoded))).toBe('issue.position');
    expect(oracleOf(() => checkIssues([issue(5, 1)], decoded))).toBe('issue.position');
    expect(oracleOf(() => checkIssues([issue(1, 1, 'NaN here')], decoded))).toBe('issue.placeholder');
  });

  it('count columns in the text without its BOM', () => {
    expect(oracleOf(() => checkIssues([issue(1, 9)], texts('\ufeff{"a": 1}')))).toBeUndefined();
    expect(oracleOf(() => checkIssues([issue(1, 10)], texts('\ufeff{"a": 1}')))).toBe('issue.position');
  });

  it('check no position in a text that is not UTF-8 (an encoded surrogate is not UTF-8 either)', () => {
    expect(oracleOf(() => checkIssues([issue(7, 7)], texts(new Uint8Array([0x7b, 0xff, 0x7d]))))).toBeUndefined();
    expect(oracleOf(() => checkIssues([issue(7, 7)], texts(new Uint8Array([0x7b, 0xed, 0xa0, 0x80, 0x7d]))))).toBeUndefined();
    // Nor does the placeholder check find a placeholder in it.
    expect(oracleOf(() => checkIssues([issue(1, 1, 'undefined')], texts(new Uint8Array([0x75, 0x6e, 0x64, 0x65, 0x66, 0x69, 0x6e, 0x65, 0x64, 0xff]))))).toBe('issue.placeholder');
  });

  it('check diagnostics the same way, under their own oracle names', () => {
    const diagnostic = (line: number, column: number, message = 'duplicate key "a"'): Diagnostic => ({ name: 'DuplicateKey', code: 'SF0004', severity: 'warning', file: FILE, pointer: '/a', position: { line, column }, message }) as Diagnostic;
    expect(oracleOf(() => checkDiagnostics([diagnostic(2, 10)], { texts: texts() }))).toBeUndefined();
    expect(oracleOf(() => checkDiagnostics([diagnostic(9, 1)], { texts: texts() }))).toBe('diagnostic.position');
    expect(oracleOf(() => checkDiagnostics([diagnostic(2, 11)], { texts: texts() }))).toBe('diagnostic.position');
    expect(oracleOf(() => checkDiagnostics([diagnostic(1, 1, 'NaN')], { texts: texts() }))).toBe('diagnostic.placeholder');
    expect(oracleOf(() => checkPlaceAndMessage('diagnostic', 'DuplicateKey', { file: FILE, line: 9, column: 1, message: 'x' }, texts()))).toBe('diagnostic.position');
  });
});

describe('messages of located findings', () => {
  it('reject a placeholder the input does not contain, accept one it does', () => {
    expect(oracleOf(() => checkIssues([issue(1, 1, 'value undefined is not allowed')], texts()))).toBe('issue.placeholder');
    expect(oracleOf(() => checkIssues([issue(1, 1, 'value undefined is not allowed')], texts('{"undefined": 1}')))).toBeUndefined();
    expect(oracleOf(() => checkIssues([issue(1, 1, 'got [object Object]')], texts()))).toBe('issue.placeholder');
  });

  it('reject a message that calls a number null', () => {
    expect(oracleOf(() => checkIssues([issue(1, 1, 'the number null is out of range')], texts()))).toBe('issue.placeholder');
    expect(oracleOf(() => checkIssues([issue(1, 1, 'phone number nullable')], texts()))).toBeUndefined();
  });
});

describe('decoding the input for these oracles', () => {
  class CountedText extends InputText {
    reads = 0;
    override readable(): boolean {
      this.reads++;
      return super.readable();
    }
  }

  it('happens only when a finding is past line 1, column 1 or shows a placeholder', () => {
    const counted = new CountedText(bytes(TEXT));
    checkIssues([issue(1, 1), issue(1, 1, 'must NOT have additional properties')], new Map([[FILE, counted]]));
    expect(counted.reads).toBe(0);
    checkIssues([issue(2, 3)], new Map([[FILE, counted]]));
    expect(counted.reads).toBeGreaterThan(0);
  });

  it('finds the lines of a text once', () => {
    const input = new InputText(bytes(TEXT));
    expect(input.lineStarts()).toBe(input.lineStarts());
    expect(input.lineStarts()).toEqual([0, 3, 13, 25]);
  });

  it('gives what the decoded text gives, on random bytes: UTF-8 or not, lines, lengths, ASCII strings in it', () => {
    const rng = new Rng(23);
    const pieces = [[0x0a], [0x0d, 0x0a], [0x41], [0x20], [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80], [0xef, 0xbb, 0xbf], [0xff], [0x80], [0xed, 0xa0, 0x80], [0xc3], ...[...'NaN=>undefined'].map((c) => [c.charCodeAt(0)])];
    const wrong: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const bytes: number[] = rng.chance(0.2) ? [0xef, 0xbb, 0xbf] : [];
      for (let n = rng.int(40); n > 0; n--) bytes.push(...rng.pick(pieces.slice(0, rng.chance(0.7) ? 8 : pieces.length)));
      const input = new InputText(new Uint8Array(bytes));
      const decoded = decodeUtf8(new Uint8Array(bytes));
      const text = decoded?.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
      const got: unknown[] = [input.readable()];
      const want: unknown[] = [text !== undefined];
      if (text !== undefined) {
        const lines = text.split('\n');
        got.push(input.lineCount(), input.lineLength(0), input.lineLength(lines.length + 1));
        want.push(lines.length, 0, 0);
        lines.forEach((l, k) => (got.push(input.lineLength(k + 1)), want.push(l.length)));
        // Asked again, last line first: the lengths are remembered per line (several findings sit on one line).
        lines.forEach((_, k) => (got.push(input.lineLength(lines.length - k)), want.push(lines[lines.length - 1 - k]!.length)));
        for (const p of ['NaN', '=>', 'undefined', 'A A']) (got.push(input.includes(p)), want.push(text.includes(p)));
      }
      if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${bytes.join(',')}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
    }
    expect(wrong).toEqual([]);
  });
});

/**
 * The oracles on where a finding points and what it says (fuzz/targets/shared/diagnostic-oracles.ts,
 * checkPlaceAndMessage, used by checkDiagnostics and the design files' checkIssues): a line and column
 * inside the input's own text (decoded from the input bytes, BOM dropped; the column may point just past the
 * line's end; a '\r' before '\n' counts in the line), no placeholder the input lacks, no number called null —
 * and the input decoded only when a finding needs it.
 */
import { describe, expect, it } from 'vitest';
import { InputText } from '../../fuzz/core/line-starts.js';
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

  it('count columns in the text without its BOM', () => {
    expect(oracleOf(() => checkIssues([issue(1, 9)], texts('\ufeff{"a": 1}')))).toBeUndefined();
    expect(oracleOf(() => checkIssues([issue(1, 10)], texts('\ufeff{"a": 1}')))).toBe('issue.position');
  });

  it('check no position in a text that is not UTF-8', () => {
    expect(oracleOf(() => checkIssues([issue(7, 7)], texts(new Uint8Array([0x7b, 0xff, 0x7d]))))).toBeUndefined();
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
    override get text(): string | undefined {
      this.reads++;
      return super.text;
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
});

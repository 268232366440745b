/**
 * A trailing comma (legal in JavaScript, not in JSON) is the slip people make most when editing a product file, a
 * design or a requirement profile by hand. The reader says so, at the comma, with a hint to remove it (was: "expected a
 * property name in double quotes (and 1 more syntax error)" at the closing brace, or "expected a value" at the
 * bracket). Every input goes through the same reader (formats/json/located-json.ts), so every kind of file says it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parseLocatedText } from '../../../formats/json/located-json.js';
import { loadProduct } from '../../../model/product/product.js';
import { loadPlatform } from '../../../model/platform/load-platform.js';
import { loadProtocol } from '../../../model/attestation/load-protocol.js';
import { loadUpdateDesign } from '../../../model/update/load-update.js';
import { loadRequirements } from '../../../model/requirements/load-requirements.js';
import { tempDir } from '../../helpers.js';

const t = tempDir();
afterAll(() => t.cleanup());

function syntaxError(text: string) {
  const doc = parseLocatedText('input.json', text);
  expect(doc.value).toBeUndefined();
  expect(doc.diagnostics).toHaveLength(1);
  return doc.diagnostics[0]!;
}

describe('a trailing comma', () => {
  it('in an object: named, at the comma, with a hint to remove it', () => {
    const d = syntaxError('{\n  "name": "x",\n  "chip": "mt3620",\n}\n');
    expect(d).toMatchObject({ name: 'InvalidJson', position: { line: 3, column: 19 }, message: "invalid JSON: trailing comma before '}'" });
    expect(d.hint).toBe('Remove this comma: JSON allows no comma after the last member of an object.');
  });

  it('in an array, nested, with white space and a line break before the bracket', () => {
    const d = syntaxError('{ "apps": [\n  1,\n  2,\n\n], "b": 1 }');
    expect(d).toMatchObject({ position: { line: 3, column: 4 }, message: "invalid JSON: trailing comma before ']'" });
    expect(d.hint).toBe('Remove this comma: JSON allows no comma after the last element of an array.');
  });

  it('counts the other syntax errors by place: the parser\'s second report of the same comma is not "1 more"', () => {
    expect(syntaxError('{"a": 1,}').message).toBe("invalid JSON: trailing comma before '}'");
    expect(syntaxError('{"a": [1,], "b": 2 "c": 3}').message).toBe("invalid JSON: trailing comma before ']' (and 1 more syntax error)");
  });

  it('is not claimed where the comma has no closer after it, or nothing before it', () => {
    expect(syntaxError('{"a": 1,').message).not.toContain('trailing comma');
    expect(syntaxError('[,]').message).toBe('invalid JSON: expected a value (and 1 more syntax error)');
    expect(syntaxError('{"a" 1}').message).toBe("invalid JSON: expected ':'");
  });
});

describe('every kind of input file says it, located', () => {
  const text = '{\n  "schemaVersion": 1,\n}\n';
  const expected = { line: 2, column: 21, message: "invalid JSON: trailing comma before '}'" };

  it('a product file', () => {
    const file = t.write('product/sevenfold.json', text);
    const loaded = loadProduct(file);
    expect(loaded.hasErrors).toBe(true);
    expect(loaded.diagnostics).toEqual([expect.objectContaining({ file, name: 'InvalidJson', position: { line: expected.line, column: expected.column }, message: expected.message })]);
  });

  it('a platform design', () => {
    const file = t.write('platform.json', text);
    expect(loadPlatform(file).diagnostics).toEqual([expect.objectContaining({ file, position: { line: expected.line, column: expected.column }, message: expected.message })]);
  });

  it('a protocol design, an update design and a requirement profile', () => {
    for (const [name, load] of [['protocol.json', loadProtocol], ['update.json', loadUpdateDesign], ['requirements.json', loadRequirements]] as const) {
      const file = t.write(name, text);
      expect(load(file).errors, name).toEqual([{ file, pointer: '', ...expected }]);
    }
  });
});

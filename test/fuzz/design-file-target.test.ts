/**
 * The shared design-file target (fuzz/targets/design/design-file-target.ts): which of its parts run where
 * (the static parts are code under test, the restated rules are expensive oracles), the round trip's shortcut
 * for an input already in canonical form, and behaviour features bounded by the schema.
 */
import { describe, expect, it } from 'vitest';
import { canonicalSpellingFlagged } from '../../fuzz/core/canonical-spelling.js';
import { OracleViolation } from '../../fuzz/core/oracle.js';
import { utf8 } from '../../fuzz/core/target.js';
import { designFileTarget, issueFeature, type DesignFileSpec, type LocatedIssue } from '../../fuzz/targets/design/design-file-target.js';
import { schemaPlace, type Schema } from '../../fuzz/targets/design/schema-dictionary.js';
import { protocolDesignFile, type ProtocolStatics } from '../../fuzz/targets/protocol-design.js';
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { readFileSync } from 'node:fs';

/** The protocol-design target with each part counted, and the loader's result optionally altered. */
function countedProtocolTarget(alter?: (file: string, text: string, loaded: ReturnType<DesignFileSpec<ProtocolDesign, ProtocolStatics>['load']>) => void) {
  const calls = { load: 0, exercise: 0, checkResults: 0, checkDesign: 0, frozen: [] as boolean[] };
  const spec = protocolDesignFile;
  const target = designFileTarget<ProtocolDesign, ProtocolStatics>({
    ...spec,
    load(file) {
      calls.load++;
      const loaded = spec.load(file);
      alter?.(file, readFileSync(file, 'utf8'), loaded);
      return loaded;
    },
    exercise(design) {
      calls.exercise++;
      calls.frozen.push(Object.isFrozen(design));
      return spec.exercise(design);
    },
    checkResults(design, results) {
      calls.checkResults++;
      return spec.checkResults(design, results);
    },
    checkDesign(design, results) {
      calls.checkDesign++;
      spec.checkDesign(design, results);
    },
  });
  return { calls, runner: target.setup(), seeds: target.seeds() };
}

const reset = (calls: Record<string, unknown>) => {
  for (const k of Object.keys(calls)) calls[k] = Array.isArray(calls[k]) ? [] : 0;
};

describe('design-file target stages', () => {
  const { calls, runner, seeds } = countedProtocolTarget();
  const valid = seeds[1]!.bytes; // the built-in design, compact
  const pretty = seeds[0]!.bytes; // the built-in design as written

  it('runs the static parts as code under test, in the plain loop and in the cheap stage on the frozen design', () => {
    reset(calls);
    runner.codeUnderTest!(valid);
    expect(calls).toMatchObject({ load: 1, exercise: 1, checkResults: 0, checkDesign: 0 });
    reset(calls);
    const staged = runner.stage!(valid);
    expect(calls).toMatchObject({ load: 1, exercise: 1, checkResults: 1, checkDesign: 0, frozen: [true] });
    expect(staged.features).toContain('design');
    expect(staged.features.some((f) => f.startsWith('periods:'))).toBe(true);
    staged.thorough();
    expect(calls.checkDesign).toBe(1);
  });

  it('runs no static part on an input that loads no design', () => {
    reset(calls);
    runner.run(utf8('{"schemaVersion": 1}'));
    expect(calls).toMatchObject({ exercise: 0, checkResults: 0, checkDesign: 0 });
  });

  it('loads the re-serialised file again unless the input is already that text', () => {
    const canonical = utf8(JSON.stringify(JSON.parse(new TextDecoder().decode(valid))));
    reset(calls);
    runner.run(canonical);
    expect(calls.load).toBe(1);
    reset(calls);
    runner.run(pretty);
    expect(calls.load).toBe(2);
  });

  it('sets aside what the reader says of the re-serialised spelling of a number: reads that text only when it can say something', () => {
    // 1e400 is re-written 1e999, and 123456789012345678901 as 123456789012345680000: each read flags its own spelling.
    const text = new TextDecoder().decode(pretty).replace('{', '{\n  "big": 1e400, "long": [123456789012345678901, -0, 5e-324, 1e21],');
    const staged = runner.stage!(utf8(text));
    expect(staged.features.filter((f) => f.includes('beyond'))).toHaveLength(2);
    expect(() => staged.thorough()).not.toThrow();
    expect([1e400, -1e400, [{ a: 2 ** 60 }], { b: -123456789012345678901 }].map(canonicalSpellingFlagged)).toEqual([true, true, true, true]);
    expect([0, -0, 2 ** 53 - 1, 1e21, 1e300, 0.1, 5e-324, 'x', null, [1, { a: [2] }]].map(canonicalSpellingFlagged)).toEqual(Array(10).fill(false));
  });

  it('still finds a loader whose verdict depends on the layout (the round trip on a non-canonical input)', () => {
    const { runner: layoutSensitive } = countedProtocolTarget((file, text, loaded) => {
      if (text.includes('\n')) loaded.issues.push({ file, pointer: '', line: 1, column: 1, message: 'a layout-only complaint', severity: 'warning' });
    });
    expect(() => layoutSensitive.run(pretty)).toThrow(OracleViolation);
    expect(() => layoutSensitive.run(pretty)).toThrow(/roundtrip\.issues/);
  });
});

describe('behaviour features of design-file issues', () => {
  const schema: Schema = {
    type: 'object',
    properties: {
      boot: { type: 'array', items: { type: 'object', properties: { image: { type: 'string' } }, additionalProperties: false } },
      groups: { type: 'object', additionalProperties: { type: 'object', properties: { size: { type: 'number' } } } },
    },
    additionalProperties: false,
  };

  it('name a place in the schema: indexes as #, names the schema has there kept, any other name as *', () => {
    expect(schemaPlace(schema, '')).toBe('');
    expect(schemaPlace(schema, '/boot/3/image')).toBe('/boot/#/image');
    expect(schemaPlace(schema, '/boot/3/imgae')).toBe('/boot/#/*');
    // A name the schema uses elsewhere is still unknown here.
    expect(schemaPlace(schema, '/boot/0/boot')).toBe('/boot/#/*');
    // A map's keys are data: generalised, and the place below them still known.
    expect(schemaPlace(schema, '/groups/production/size')).toBe('/groups/*/size');
    // Below a place the schema does not describe, the input's own shape is not followed.
    expect(schemaPlace(schema, '/typo/a/b/0/c')).toBe('/*');
    expect(schemaPlace(schema, '/boot/1/typo/x/y')).toBe('/boot/#/*');
  });

  it('stay one per place and kind: the names, numbers and bytes an input planted do not make new features', () => {
    const place = (p: string) => schemaPlace(schema, p);
    const issue = (pointer: string, message: string): LocatedIssue => ({ file: 'f', pointer, line: 1, column: 1, message, severity: 'error' });
    expect(issueFeature(issue('/boot/0/abc', 'unknown field "abc"'), place)).toBe(issueFeature(issue('/boot/7/xyz', 'unknown field "xyz"'), place));
    expect(issueFeature(issue('', 'invalid UTF-8 byte 0xfc at byte 12'), place)).toBe(issueFeature(issue('', 'invalid UTF-8 byte 0xbb at byte 3'), place));
    expect(issueFeature(issue('', 'invalid JSON: expected a value (and 2 more syntax errors)'), place)).toBe(issueFeature(issue('', 'invalid JSON: expected a value'), place));
    // The JSON reader's findings on a member take one path wherever the member is.
    expect(issueFeature(issue('/boot/0/image', 'duplicate key "image"; the last value wins'), place)).toBe(issueFeature(issue('/groups/a', 'duplicate key "a"; the last value wins'), place));
    // So does the design loaders' refusal of a repeated key, which names the key.
    expect(issueFeature(issue('/boot/0/image', 'image is written twice in this file: Sevenfold would read the last value'), place)).toBe(issueFeature(issue('/keys/1/id', 'id is written twice in this file: Sevenfold would read the last value'), place));
    // Different places and different kinds stay apart.
    expect(issueFeature(issue('/boot/0/image', 'must be string'), place)).not.toBe(issueFeature(issue('/boot/0', 'must be string'), place));
    expect(issueFeature(issue('/boot/0/image', 'must be string'), place)).not.toBe(issueFeature(issue('/boot/0/image', 'must NOT have more than 64 characters'), place));
  });
});

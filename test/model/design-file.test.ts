/**
 * The one loader of design files (model/json/design-file.ts) keeps what the JSON reader reports: a reserved
 * key such as "__proto__" is dropped from the value the reader returns, so a loader that ignored the reader's
 * errors returned a design that is not the file's (found by the update-design, protocol-design and
 * requirement-profile fuzz targets).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinProtocolFile, loadProtocol } from '../../model/attestation/load-protocol.js';
import { builtinRequirementsFile, loadRequirements } from '../../model/requirements/load-requirements.js';
import { builtinUpdateFile, loadUpdateDesign } from '../../model/update/load-update.js';
import { tempDir } from '../helpers.js';

const loaders = [
  ['update design', builtinUpdateFile, loadUpdateDesign],
  ['protocol design', builtinProtocolFile, loadProtocol],
  ['requirement profile', builtinRequirementsFile, loadRequirements],
] as const;

describe.each(loaders)('the %s loader', (_what, builtinFile, load) => {
  it.each(['__proto__', 'constructor', 'prototype'])('reports a "%s" member as a located error and returns no design', (key) => {
    const t = tempDir();
    try {
      const text = readFileSync(builtinFile(), 'utf8').replace(/^\{/, `{\n  "${key}": { "schemaVersion": 2 },`);
      const loaded = load(t.write('design.json', text));
      expect(loaded.design).toBeUndefined();
      expect(loaded.errors.map((e) => `${e.pointer} ${e.line}:${e.column} ${e.message}`)).toEqual([`/${key} 2:3 key "${key}" is not allowed`]);
    } finally {
      t.cleanup();
    }
  });
});

/**
 * The one loader of design files (formats/json/design-file.ts) keeps what the JSON reader reports: a reserved
 * key such as "__proto__" is dropped from the value the reader returns, so a loader that ignored the reader's
 * errors returned a design that is not the file's (found by the update-design, protocol-design and
 * requirement-profile fuzz targets).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinProtocolFile, loadProtocol } from '../../model/attestation/load-protocol.js';
import { builtinRequirementsFile, loadRequirements } from '../../model/requirements/load-requirements.js';
import { builtinUpdateFile, loadUpdateDesign } from '../../model/update/load-update.js';
import { captureIo, tempDir } from '../helpers.js';
import { runCli } from '../../cli/program.js';
import { loadProduct } from '../../model/product/product.js';

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

describe('a list that must hold unique items, given objects', () => {
  // Ajv compares the items with fast-deep-equal, which called valueOf on the reader's prototype-less objects and threw.
  it('is a located schema error in a protocol design, not a TypeError', () => {
    const t = tempDir();
    try {
      const loaded = loadProtocol(t.write('protocol.json', '{"attestation":{"signedFields":[{},{}]}}'));
      expect(loaded.design).toBeUndefined();
      expect(loaded.errors.map((e) => `${e.pointer}: ${e.message}`)).toContain('/attestation/signedFields/0: "attestation.signedFields.0" must be one of "deviceId", "nonce", "measurements", "clientKey"');
    } finally {
      t.cleanup();
    }
  });

  it('is a located schema error in a product file, and verify exits 2', async () => {
    const t = tempDir();
    try {
      const file = t.write('sevenfold.json', '{"schemaVersion":1,"name":"x","chip":"mt3620","apps":[{"manifest":"a.json"}],"deployment":{"deviceCapabilities":[{},{}]}}');
      const loaded = loadProduct(file);
      expect(loaded.hasErrors).toBe(true);
      expect(loaded.diagnostics.map((d) => `${d.name} ${d.pointer}`)).toContain('ProductInvalid /deployment/deviceCapabilities/0');
      const io = captureIo(t.dir);
      expect(await runCli(['verify', '--product', file], io)).toBe(2);
      expect(io.stderr()).not.toMatch(/internal error|TypeError/);
    } finally {
      t.cleanup();
    }
  });
});

describe.each(loaders)('the %s loader, on a member named like a method of Object.prototype', (_what, builtinFile, load) => {
  // Ajv's uniqueItems compares objects with fast-deep-equal, which calls a.toString() when it is not
  // Object.prototype's: two {"toString": ""} in the protocol's quoteFields threw a TypeError out of the loader
  // (the protocol-design fuzz campaign of the s35 CI rehearsal). Refused at its pointer before the schema runs.
  it.each(['toString', 'valueOf', 'hasOwnProperty'])('"%s" anywhere in the design is a located error, found before the schema runs', (key) => {
    const t = tempDir();
    try {
      const design = JSON.parse(readFileSync(builtinFile(), 'utf8')) as Record<string, unknown>;
      design['description'] = [{ [key]: '' }, { [key]: '' }];
      const loaded = load(t.write('design.json', JSON.stringify(design, null, 2)));
      expect(loaded.design).toBeUndefined();
      expect(loaded.errors.map((e) => `${e.pointer} ${e.message}`)).toEqual([0, 1].map((i) => `/description/${i}/${key} "description.${i}.${key}" is named like a member every JavaScript object has; no field of any Sevenfold file has that name`));
    } finally {
      t.cleanup();
    }
  });
});

describe('the protocol design the fuzz campaign found', () => {
  it('quoteFields holding two {"toString": ""}: both members named, no TypeError', () => {
    const t = tempDir();
    try {
      const design = JSON.parse(readFileSync(builtinProtocolFile(), 'utf8')) as { attestation: { quoteFields: unknown[] } };
      design.attestation.quoteFields = [{ toString: '' }, { toString: '' }];
      const loaded = loadProtocol(t.write('protocol.json', JSON.stringify(design, null, 2)));
      expect(loaded.errors.map((e) => e.pointer)).toEqual(['/attestation/quoteFields/0/toString', '/attestation/quoteFields/1/toString']);
    } finally {
      t.cleanup();
    }
  });
});

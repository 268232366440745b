/**
 * A manifest that holds only "Capabilities" is a fragment (the Azure Sphere samples' CodeSnippets show
 * the capabilities one snippet needs, to be merged into an app's manifest): lint says so once, as a
 * warning, instead of four "missing field" errors. Its capability values are still checked. In a
 * product, where the manifest must be deployable, the same file keeps its errors.
 */
import { describe, expect, test } from 'vitest';
import { MT3620 } from '../../formats/chips/mt3620.js';
import { CODES } from '../../formats/diagnostics/codes.js';
import { parseLocatedText } from '../../formats/json/located-json.js';
import { lint } from '../../model/lint/lint.js';
import { readManifest } from '../../formats/manifest/read-manifest.js';
import { VALID_MANIFEST, tempDir } from '../helpers.js';

const FRAGMENT = { Capabilities: { NetworkConfig: true, AllowedConnections: ['contoso-hub.azure-devices.net'] } };

describe('capability fragments', () => {
  test('a manifest holding only Capabilities is one ManifestFragment warning, not four errors', () => {
    const t = tempDir();
    try {
      const file = t.write('CodeSnippets/Networking/app_manifest.json', FRAGMENT);
      const result = lint([file]);
      expect(result.diagnostics.map((d) => d.name)).toEqual(['ManifestFragment']);
      const d = result.diagnostics[0]!;
      expect(d.severity).toBe('warning');
      expect(d.code).toBe(CODES.ManifestFragment.code);
      expect(d.pointer).toBe('');
      expect(d.message).toMatch(/only "Capabilities"/);
      expect(result.files[0]!.manifest?.fragment).toBe(true);
    } finally {
      t.cleanup();
    }
  });

  test('capability values in a fragment are still checked', () => {
    const t = tempDir();
    try {
      const file = t.write('app_manifest.json', { Capabilities: { NetworkConfig: 'yes' } });
      expect(lint([file]).diagnostics.map((d) => d.name).sort()).toEqual(['ManifestFragment', 'NetworkConfigParseError']);
    } finally {
      t.cleanup();
    }
  });

  test('a manifest with some identity fields is not a fragment: each missing field is its own error', () => {
    const t = tempDir();
    try {
      const { Name: _name, EntryPoint: _entry, ...rest } = VALID_MANIFEST;
      const file = t.write('app_manifest.json', rest);
      const names = lint([file]).diagnostics.map((d) => d.name);
      expect(names).toContain('MissingName');
      expect(names).toContain('MissingEntryPoint');
      expect(names).not.toContain('ManifestFragment');
    } finally {
      t.cleanup();
    }
  });

  test('read for a product (deployable apps only), a fragment keeps its missing-field errors', () => {
    const doc = parseLocatedText('app_manifest.json', JSON.stringify(FRAGMENT));
    readManifest(doc, MT3620);
    const names = doc.diagnostics.map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['MissingSchemaVersion', 'MissingName', 'MissingComponentId', 'MissingEntryPoint']));
    expect(names).not.toContain('ManifestFragment');
  });
});

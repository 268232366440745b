import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseLocatedText } from '../formats/json/located-json.js';
import { MT3620 } from '../formats/chips/mt3620.js';
import { readManifest } from '../formats/manifest/read-manifest.js';
import type { CliIo } from '../cli/io.js';

export const VALID_MANIFEST = {
  SchemaVersion: 1,
  Name: 'Blink',
  ComponentId: '1689d8b2-c835-2e27-27ad-e894d6d15fa9',
  EntryPoint: '/bin/app',
  CmdArgs: [],
  Capabilities: { Gpio: [8], AllowedConnections: ['example.net'] },
  ApplicationType: 'Default',
};

/** Reads a manifest given as an object or text; returns the manifest and its diagnostics. */
export function readManifestText(input: unknown) {
  const text = typeof input === 'string' ? input : JSON.stringify(input, null, 2);
  const doc = parseLocatedText('app_manifest.json', text);
  const manifest = readManifest(doc, MT3620);
  return { manifest, diagnostics: doc.diagnostics, names: doc.diagnostics.map((d) => d.name) };
}

export function tempDir(): { dir: string; write: (rel: string, content: string | Buffer | object) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'sevenfold-test-'));
  return {
    dir,
    write: (rel, content) => {
      const file = join(dir, rel);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content, null, 2));
      return file;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function captureIo(cwd = process.cwd()): CliIo & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    progress: () => {},
    color: false,
    cwd,
    stdout: () => out.join('\n'),
    stderr: () => err.join('\n'),
  };
}

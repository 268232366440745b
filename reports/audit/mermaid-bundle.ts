/**
 * Mermaid for the HTML report, taken from node_modules so that the page needs no network. The IIFE
 * bundle (dist/mermaid.min.js, one file, sets globalThis.mermaid) is the one that can be inlined:
 * the ESM build (dist/mermaid.esm.min.mjs) loads some 200 chunk files by relative import, and
 * Chromium refuses module scripts from file:// pages anyway.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface MermaidBundle {
  version: string;
  path: string;
  code: string;
}

let cached: MermaidBundle | undefined;

export function loadMermaidBundle(): MermaidBundle {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const path = require.resolve('mermaid/dist/mermaid.min.js');
  const pkg = JSON.parse(readFileSync(join(dirname(path), '..', 'package.json'), 'utf8')) as { version: string };
  cached = { version: pkg.version, path, code: readFileSync(path, 'utf8') };
  return cached;
}

/** A <script> element that runs `code` from inside an HTML page whatever the code contains. */
export function inlineScript(code: string): string {
  // Inside <script>, only "</script" and "<!--" followed by "<script" change how HTML reads the text.
  if (!/<\/?script/i.test(code)) return `<script>${code}</script>`;
  return `<script src="data:text/javascript;base64,${Buffer.from(code, 'utf8').toString('base64')}"></script>`;
}

/**
 * Imports run one way (issue 13): formats (readers, codecs, crypto) ← model (the spec) ← emulator and
 * proofs (two independent readings of the spec) ← properties ← reports ← cli. The emulator must not
 * reach into proofs or properties (it would stop being an independent implementation), nothing but
 * the CLI may import the CLI, and the spec imports only formats. Read from the import statements of
 * every source file, so a new file cannot slip past it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceFilesUnder } from './source-files.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Which top-level folders each top-level folder may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  formats: [],
  model: ['formats'],
  emulator: ['model', 'formats'],
  proofs: ['model', 'formats'],
  properties: ['model', 'formats', 'emulator', 'proofs'],
  fuzz: ['model', 'formats', 'emulator'],
  reports: ['model', 'formats', 'properties'],
  cli: ['model', 'formats', 'emulator', 'proofs', 'properties', 'reports', 'fuzz'],
};

const sources = sourceFilesUnder;

const IMPORT = /(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

interface ImportEdge {
  from: string;
  to: string;
  file: string;
  spec: string;
}

/** The imports that go the wrong way: into a layer the importing layer may not use. */
function layerViolations(edges: readonly ImportEdge[]): string[] {
  return edges.filter((e) => e.to !== e.from && Object.hasOwn(ALLOWED, e.to) && !ALLOWED[e.from]!.includes(e.to)).map((e) => `${e.file} imports ${e.spec} (${e.from} → ${e.to})`);
}

function importEdges(): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const top of Object.keys(ALLOWED)) {
    let files: string[];
    try {
      files = sources(join(root, top));
    } catch {
      continue;
    }
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(IMPORT)) {
        const spec = m[1] ?? m[2]!;
        const target = relative(root, resolve(dirname(file), spec));
        edges.push({ from: top, to: target.split(sep)[0]!, file: relative(root, file), spec });
      }
    }
  }
  return edges;
}

describe('import direction', () => {
  const edges = importEdges();

  it('reads the imports of every layer', () => {
    expect(edges.length).toBeGreaterThan(200);
    expect(new Set(edges.map((e) => e.from)).size).toBeGreaterThanOrEqual(7);
  });

  it('each layer imports only the layers below it', () => {
    expect(layerViolations(edges)).toEqual([]);
  });

  it('catches a planted wrong import in each forbidden direction', () => {
    const planted: ImportEdge[] = [
      { from: 'emulator', to: 'proofs', file: 'emulator/x.ts', spec: '../proofs/y.js' },
      { from: 'emulator', to: 'properties', file: 'emulator/x.ts', spec: '../properties/y.js' },
      { from: 'reports', to: 'cli', file: 'reports/x.ts', spec: '../cli/y.js' },
      { from: 'model', to: 'emulator', file: 'model/x.ts', spec: '../emulator/y.js' },
      { from: 'formats', to: 'model', file: 'formats/x.ts', spec: '../model/y.js' },
    ];
    expect(layerViolations(planted)).toHaveLength(planted.length);
    expect(layerViolations([{ from: 'properties', to: 'emulator', file: 'properties/x.ts', spec: '../emulator/y.js' }])).toEqual([]);
  });
});

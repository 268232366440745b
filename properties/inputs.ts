/**
 * The inputs a verdict depends on, with SHA-256: each property names the kinds of input it reads, and
 * this turns them into files and hashes for text, JSON, SARIF and reports.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { displayPath } from '../formats/diagnostics/display-path.js';
import { packageRoot } from '../model/product/builtin.js';
import type { Product } from '../model/product/product.js';
import { builtinProtocolFile } from '../model/attestation/load-protocol.js';
import type { VerdictInput } from './verdict.js';

export type InputKind = 'product' | 'manifests' | 'images' | 'hardware' | 'platform' | 'protocol' | 'update' | 'requirements';

const hashes = new Map<string, string>();

export function sha256OfFile(file: string): string {
  let hash = hashes.get(file);
  if (hash === undefined) {
    try {
      hash = createHash('sha256').update(readFileSync(file)).digest('hex');
    } catch {
      hash = 'unreadable';
    }
    hashes.set(file, hash);
  }
  return hash;
}

function isBuiltin(file: string): boolean {
  const root = packageRoot();
  return file.startsWith(`${root}/model/`) || file.startsWith(`${root}/products/`);
}

export function describeInput(role: string, file: string): VerdictInput {
  return { role, path: displayPath(file), absolutePath: file, sha256: sha256OfFile(file), builtin: isBuiltin(file) };
}

/** The files of the given kinds, in a stable order, each once. */
export function productInputs(product: Product, requirementsFile: string, kinds: readonly InputKind[]): VerdictInput[] {
  const out: VerdictInput[] = [];
  const add = (role: string, file: string | undefined) => {
    if (file && !out.some((i) => i.absolutePath === file)) out.push(describeInput(role, file));
  };
  for (const kind of kinds) {
    switch (kind) {
      case 'product':
        add('product file', product.file);
        break;
      case 'manifests':
        for (const a of product.apps) add(`app manifest (${a.manifest.name ?? '?'})`, a.manifestFile);
        break;
      case 'images':
        for (const a of product.apps) add(`image package (${a.manifest.name ?? '?'})`, a.imageFile);
        break;
      case 'hardware':
        for (const f of product.hardware?.files ?? []) add('hardware definition', f);
        // An app built against a definition of its own (apps[].hardwareDefinition, or its CMakeLists.txt's): its files too.
        for (const app of product.apps) for (const f of app.hardware?.files ?? []) add('hardware definition', f);
        for (const app of product.apps) add(`app build (${app.manifest.name ?? '?'})`, app.buildFile);
        break;
      case 'platform':
        add('platform design', product.platformFile);
        break;
      case 'protocol':
        add('protocol design', product.protocolFile ?? builtinProtocolFile());
        break;
      case 'update':
        add('update design', product.updateFile);
        break;
      case 'requirements':
        add('requirement profile', requirementsFile);
        break;
    }
  }
  return out;
}

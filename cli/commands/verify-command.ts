import { displayPath } from '../../model/diagnostics/display-path.js';
import { chooseProductFile } from '../../model/product/builtin.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { PROPERTIES, findProperty, runProperty, type PropertyDefinition } from '../../properties/registry.js';
import { combineVerdicts, type PropertyResult, type Verdict } from '../../properties/verdict.js';
import { diagnosticToJson, formatDiagnostic } from '../../reports/diagnostics/format-diagnostics.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';

export interface VerifyCommandOptions {
  product?: string;
  property: string[];
  format: 'text' | 'json';
  seed?: number;
}

const VERDICT_EXIT: Record<Verdict, ExitCode> = { holds: EXIT.ok, violated: EXIT.findings, unknown: EXIT.unknown };

export async function runVerify(options: VerifyCommandOptions, io: CliIo): Promise<ExitCode> {
  const selected: PropertyDefinition[] = [];
  for (const id of options.property.length ? options.property : PROPERTIES.map((p) => p.id)) {
    const property = findProperty(id);
    if (!property) {
      io.err(`sevenfold verify: unknown property "${id}". Known properties: ${PROPERTIES.map((p) => p.id).join(', ')}`);
      return EXIT.usage;
    }
    if (!selected.includes(property)) selected.push(property);
  }

  const { file, source } = chooseProductFile(options.product, io.cwd);
  const loaded = loadProduct(file);
  if (loaded.hasErrors || !loaded.product) {
    for (const d of loaded.diagnostics) io.err(formatDiagnostic(d, { color: io.color }));
    io.err(`sevenfold verify: cannot verify ${displayPath(file)}: fix the errors above first (sevenfold lint shows them with hints)`);
    return EXIT.usage;
  }
  const product = loaded.product;
  const results: PropertyResult[] = [];
  for (const property of selected) {
    io.progress(`checking ${property.id}…`);
    results.push(
      await runProperty(property, product, { progress: (m) => io.progress(`${property.id}: ${m}`), ...(options.seed !== undefined ? { seed: options.seed } : {}) }),
    );
  }
  io.progress('');
  const overall = combineVerdicts(results);

  if (options.format === 'json') {
    io.out(JSON.stringify({ version: 1, product: productJson(product, source), verdict: overall, results, diagnostics: loaded.diagnostics.map(diagnosticToJson) }, null, 2));
  } else {
    for (const d of loaded.diagnostics) io.out(formatDiagnostic(d, { color: io.color }));
    printText(product, source, results, overall, io);
  }
  return VERDICT_EXIT[overall];
}

function productJson(product: Product, source: string): unknown {
  return {
    name: product.name,
    file: displayPath(product.file),
    source,
    chip: product.chip.id,
    apps: product.apps.map((a) => ({ name: a.manifest.name ?? null, componentId: a.manifest.componentId ?? null, kind: a.manifest.kind, manifest: displayPath(a.manifestFile) })),
  };
}

function printText(product: Product, source: string, results: PropertyResult[], overall: Verdict, io: CliIo): void {
  const origin = source === 'builtin' ? ' (built-in default product)' : '';
  io.out(`Product: ${product.name}${origin}`);
  io.out(`  file: ${displayPath(product.file)}`);
  io.out(`  chip: ${product.chip.name}; apps: ${product.apps.map((a) => `${a.manifest.name ?? '?'} (${a.manifest.kind})`).join(', ')}`);
  io.out('');
  const width = Math.max(...results.map((r) => r.property.length), 8);
  io.out(`${'property'.padEnd(width)}  ${'verdict'.padEnd(8)}  summary`);
  for (const r of results) {
    const bound = r.bound ? ` [${r.bound}]` : '';
    io.out(`${r.property.padEnd(width)}  ${r.verdict.padEnd(8)}  ${r.summary}${bound}`);
  }
  const count = (v: Verdict) => results.filter((r) => r.verdict === v).length;
  io.out('');
  io.out(`verdict: ${overall} (${count('holds')} hold, ${count('violated')} violated, ${count('unknown')} unknown) — exit ${VERDICT_EXIT[overall]}`);
}

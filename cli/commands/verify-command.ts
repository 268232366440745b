import { randomInt } from 'node:crypto';
import { profileRelaxations } from '../../model/requirements/relaxation.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { BUILTIN_PRODUCT_NAME, chooseProductFile } from '../../model/product/builtin.js';
import { describeDeployment } from '../../model/product/deployment.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { PROPERTIES, findProperty, type PropertyDefinition } from '../../properties/registry.js';
import { decideProperties } from '../../properties/parallel/decide-properties.js';
import { chooseRequirements } from '../../properties/requirements-option.js';
import { reproduceOptions } from '../../properties/reproduce-options.js';
import { VERDICT_EXIT_CODE, combineVerdicts, type PropertyResult, type Verdict } from '../../properties/verdict.js';
import { diagnosticToJson, formatDiagnostic } from '../../reports/diagnostics/format-diagnostics.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { designFileDiagnostics, errorOutput, printDesignFileErrors, productInput } from './command-error-output.js';
import { finishedPropertyLines } from './verify-progress.js';
import type { AttackerSearchBound } from '../../proofs/attacker-search/bound-option.js';
import type { CliIo } from '../io.js';

export interface VerifyCommandOptions {
  product?: string;
  property: string[];
  format: 'text' | 'json';
  seed?: number;
  runs: number;
  timeout: number;
  requirements?: string;
  /** The attacker search's bound (certificate-authentication), parsed from --bound. */
  bound?: AttackerSearchBound;
  /** Skipped boot checks the defense-in-depth fault sweep combines, parsed from --faults. */
  faults?: number;
  /** Worker threads deciding properties side by side (--jobs); 1: in this thread, one after another. */
  jobs?: number;
}

export const VERDICT_EXIT: Record<Verdict, ExitCode> = VERDICT_EXIT_CODE;

export async function runVerify(options: VerifyCommandOptions, io: CliIo): Promise<ExitCode> {
  // Every stop before a verdict: the reason on stderr and, with --format json, a document on stdout that says it.
  // `advice` points at the stderr lines above it, so it is left out of the document.
  const { stop } = errorOutput('verify', options.format, io);
  const selected: PropertyDefinition[] = [];
  for (const id of options.property.length ? options.property : PROPERTIES.map((p) => p.id)) {
    const property = findProperty(id);
    if (!property) return stop({ kind: 'usage', message: `unknown property "${id}". Known properties: ${PROPERTIES.map((p) => p.id).join(', ')}` });
    if (!selected.includes(property)) selected.push(property);
  }
  // An option that tunes a property the run leaves out would be ignored without a word: the user meant a run with it.
  const tuned: [keyof VerifyCommandOptions, string, string][] = [
    ['bound', '--bound', 'certificate-authentication'],
    ['faults', '--faults', 'defense-in-depth'],
  ];
  for (const [option, flag, property] of tuned) {
    if (options[option] !== undefined && !selected.some((p) => p.id === property)) {
      return stop({ kind: 'usage', message: `${flag} sets ${property}'s search, but --property leaves ${property} out; add it to --property or drop ${flag}` });
    }
  }

  const requirements = chooseRequirements(options.requirements, io.cwd);
  if (!requirements.ok) {
    printDesignFileErrors(io, 'RequirementsInvalid', requirements.located);
    return stop({
      kind: 'input',
      message: `cannot use the requirement profile ${displayPath(requirements.file)}`,
      diagnostics: designFileDiagnostics('RequirementsInvalid', requirements.located),
      inputs: { requirements: { file: displayPath(requirements.file) } },
    }, ': fix the errors above first');
  }
  const { file, source, refusal } = chooseProductFile(options.product, io.cwd);
  if (refusal) return stop({ kind: 'usage', message: refusal, inputs: { requirements: { file: displayPath(requirements.file) } } });
  const loaded = loadProduct(file);
  if (loaded.hasErrors || !loaded.product) {
    for (const d of loaded.diagnostics) io.err(formatDiagnostic(d, { color: io.color }));
    return stop({
      kind: 'input',
      message: `cannot verify ${displayPath(file)}`,
      diagnostics: loaded.diagnostics,
      inputs: { ...productInput(file, source), requirements: { file: displayPath(requirements.file) } },
    }, ': fix the errors above first (sevenfold lint shows them with hints)');
  }
  const product = loaded.product;
  const seed = options.seed ?? randomInt(1, 2 ** 31 - 1);
  const results: PropertyResult[] = [];
  const width = Math.max(...selected.map((p) => p.id.length), 8);
  // What the loader found that is not an error (a warning such as SF3021, a note) concerns the product whatever the
  // format: on stderr, beside the verdicts and not in them (the exit code is the verdicts'); the JSON document lists them too.
  for (const d of loaded.diagnostics) io.err(formatDiagnostic(d, { color: io.color }));
  if (options.format === 'text') {
    const relaxes = profileRelaxations(requirements.profile);
    const asksLess = relaxes.length ? `; asks less than the built-in profile in ${relaxes.length} requirement${relaxes.length > 1 ? 's' : ''}: ${relaxes.join('; ')}` : '';
    printHeader(product, source, seed, `${requirements.profile.name} ${requirements.profile.version} (${displayPath(requirements.file)})${asksLess}`, io);
  }
  const commandFor = (property: PropertyDefinition) =>
    `sevenfold verify --property ${property.id}${source !== 'builtin' ? ` --product ${displayPath(file)}` : options.product !== undefined ? ` --product ${BUILTIN_PRODUCT_NAME}` : ''}${reproduceOptions({ ...(options.requirements === undefined ? {} : { requirements: displayPath(requirements.file) }), runs: options.runs, timeoutMs: options.timeout })}`;
  // Each verdict as soon as it is known (a long run shows progress on any stdout, not only a terminal).
  // With --format json the document waits for the end: a long run's finished properties are lines on stderr (verify-progress.ts).
  let finished = 0;
  const jsonProgress = finishedPropertyLines(selected.length);
  const announce = (done: PropertyResult) => {
    finished += 1;
    if (options.format === 'text') io.out(`[${finished}/${selected.length}] ${done.property.padEnd(width)}  ${done.verdict.padEnd(8)}  ${done.summary}`);
    else for (const line of jsonProgress.finished(done)) io.err(line);
  };
  results.push(
    ...(await decideProperties({
      selected,
      product,
      productFile: file,
      requirements,
      requirementsOption: options.requirements,
      cwd: io.cwd,
      seed,
      runs: options.runs,
      timeoutMs: options.timeout,
      ...(options.bound ? { bound: options.bound } : {}),
      ...(options.faults !== undefined ? { faults: options.faults } : {}),
      commandFor,
      jobs: options.jobs ?? 1,
      progress: io.progress,
      done: announce,
    })),
  );
  io.progress('');
  const overall = combineVerdicts(results);

  if (options.format === 'json') {
    io.out(JSON.stringify({ version: 1, product: productJson(product, source), seed, requirements: { profile: `${requirements.profile.name} ${requirements.profile.version}`, file: requirements.file }, verdict: overall, results, diagnostics: loaded.diagnostics.map(diagnosticToJson) }, null, 2));
  } else {
    printText(results, overall, io);
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

function printHeader(product: Product, source: string, seed: number, profile: string, io: CliIo): void {
  const origin = source === 'builtin' ? ' (built-in default product)' : '';
  io.out(`Product: ${product.name}${origin}`);
  io.out(`  file: ${displayPath(product.file)}`);
  io.out(`  chip: ${product.chip.name}; apps: ${product.apps.map((a) => `${a.manifest.name ?? '?'} (${a.manifest.kind})`).join(', ')}`);
  for (const deployment of product.fleet ?? [product.deployment]) io.out(`  deployment: ${describeDeployment(deployment)}`);
  io.out(`  requirements: ${profile}`);
  io.out(`  seed: ${seed}`);
  io.out('');
}

function printText(results: PropertyResult[], overall: Verdict, io: CliIo): void {
  io.out('');
  const width = Math.max(...results.map((r) => r.property.length), 8);
  io.out(`${'property'.padEnd(width)}  ${'verdict'.padEnd(8)}  summary`);
  for (const r of results) io.out(`${r.property.padEnd(width)}  ${r.verdict.padEnd(8)}  ${r.summary}`);
  for (const r of results) {
    if (!r.evidence?.length && !r.warnings?.length && !r.bound) continue;
    io.out('');
    io.out(`${r.property}: ${r.verdict}${r.bound ? ` [${r.bound}]` : ''}`);
    for (const w of r.warnings ?? []) io.out(`  warning: ${w}`);
    for (const c of r.notApplicableChecks ?? []) io.out(`  not applicable: ${c.check}: ${c.reason}`);
    for (const e of r.evidence ?? []) {
      io.out(`  ${e.title}`);
      for (const line of e.lines) io.out(`    ${line}`);
      if (e.reproduce && r.verdict !== 'holds') io.out(`    reproduce: ${e.reproduce}`);
    }
    if (r.scope === 'platform-only') io.out('  platform-only: the same for every product on this platform');
    for (const q of r.requirements ?? []) io.out(`  requirement ${q.id} [${q.outcome}]: ${q.statement}${q.value !== undefined && typeof q.value === 'number' ? ` (${q.value}${q.unit ? ` ${q.unit}` : ''})` : ''} — source: ${q.source}`);
    if (r.inputs?.length) io.out(`  inputs: ${r.inputs.map((i) => `${i.path}${i.builtin ? ' (built-in)' : ''} sha256:${i.sha256.slice(0, 12)}`).join(', ')}`);
    if (r.timings?.length) io.out(`  time: ${r.timings.map((t) => `${t.check} ${Math.round(t.ms)} ms`).join(', ')}`);
  }
  const count = (v: Verdict) => results.filter((r) => r.verdict === v).length;
  io.out('');
  io.out(`verdict: ${overall} (${count('holds')} hold, ${count('violated')} violated, ${count('unknown')} unknown) — exit ${VERDICT_EXIT[overall]}`);
}

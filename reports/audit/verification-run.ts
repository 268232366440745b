/**
 * Runs the verification a report is made from, with the same functions `sevenfold verify` uses
 * (product loading, the property registry's runProperty, the same per-property reproduce command),
 * and keeps everything a report needs: product, results, seed, timings.
 */
import { randomInt } from 'node:crypto';
import type { Diagnostic } from '../../formats/diagnostics/diagnostic.js';
import { chooseProductFile } from '../../model/product/builtin.js';
import { loadProduct } from '../../model/product/product.js';
import { PROPERTIES } from '../../properties/registry.js';
import { decideProperties } from '../../properties/parallel/decide-properties.js';
import { combineVerdicts, type PropertyResult } from '../../properties/verdict.js';
import { chooseRequirements } from '../../properties/requirements-option.js';
import { readFuzzCampaigns } from './fuzz.js';
import { sevenfoldVersion, shellQuote, toolCommit } from './provenance.js';
import type { PropertyInfo, VerificationRun } from './types.js';
import type { LocatedError } from '../../formats/json/design-file.js';
import { reproduceOptions } from '../../properties/reproduce-options.js';

export interface RunVerificationOptions {
  /** --product; default ./sevenfold.json, else the built-in product. */
  product?: string;
  cwd: string;
  seed?: number;
  runs: number;
  timeoutMs: number;
  /** Include fuzz campaign results from this file or folder. */
  fuzz?: string;
  progress?: (message: string) => void;
  /** Called with each property's result as soon as it is decided (in the order they finish). */
  done?: (result: PropertyResult) => void;
  /** --requirements: the requirement profile (default: the built-in one). */
  requirements?: string;
  /** Worker threads deciding properties side by side (report --jobs). */
  jobs?: number;
}

export { sevenfoldVersion } from './provenance.js';

export type RunVerificationOutcome =
  | { ok: true; run: VerificationRun }
  | {
      ok: false;
      /** Which input stopped the run: `file` is the requirement profile or the product file. */
      input: 'requirements' | 'product';
      file: string;
      diagnostics: Diagnostic[];
      errors?: string[];
      /** The requirement profile's errors, located (input 'requirements'). */
      located?: LocatedError[];
      /** No product to verify here (model/product/builtin.ts chooseProductFile). */
      refusal?: string;
    };

export function propertyInfos(): PropertyInfo[] {
  return PROPERTIES.map((p) => ({ id: p.id, title: p.title, question: p.question, definition: p.definition, implemented: p.check !== undefined }));
}

export async function runVerification(options: RunVerificationOptions): Promise<RunVerificationOutcome> {
  const progress = options.progress ?? (() => {});
  const started = Date.now();
  const requirements = chooseRequirements(options.requirements, options.cwd);
  if (!requirements.ok) return { ok: false, input: 'requirements', file: requirements.file, diagnostics: [], errors: requirements.errors, located: requirements.located };
  const { file, source, refusal } = chooseProductFile(options.product, options.cwd);
  if (refusal) return { ok: false, input: 'product', file, diagnostics: [], refusal };
  const loaded = loadProduct(file);
  if (loaded.hasErrors || !loaded.product) return { ok: false, input: 'product', file, diagnostics: loaded.diagnostics };
  const product = loaded.product;
  const seed = options.seed ?? randomInt(1, 2 ** 31 - 1);
  // Absolute paths, the built-in product's included: the commands in a report must replay the same run from any
  // folder (a relative path, or no --product at all, would pick up whatever the reader's folder holds).
  const productOption = ` --product ${shellQuote(file)}${options.requirements === undefined ? '' : ` --requirements ${shellQuote(requirements.file)}`}`;
  const results = await decideProperties({
    selected: PROPERTIES,
    product,
    productFile: file,
    requirements,
    requirementsOption: options.requirements,
    cwd: options.cwd,
    seed,
    runs: options.runs,
    timeoutMs: options.timeoutMs,
    // The same command `sevenfold verify` gives each check, so reproduce lines match verify's output.
    commandFor: (property) => `sevenfold verify --property ${property.id}${productOption}${reproduceOptions({ runs: options.runs, timeoutMs: options.timeoutMs })}`,
    jobs: options.jobs ?? 1,
    progress,
    done: options.done ?? (() => {}),
  });
  progress('');
  const run: VerificationRun = {
    tool: { name: 'sevenfold', version: sevenfoldVersion(), commit: toolCommit() },
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    product,
    productSource: source,
    ...(options.product !== undefined ? { productGiven: options.product } : {}),
    cwd: options.cwd,
    seed,
    runs: options.runs,
    timeoutMs: options.timeoutMs,
    properties: propertyInfos(),
    results,
    verdict: combineVerdicts(results),
    diagnostics: loaded.diagnostics,
    command: `sevenfold verify${productOption} --seed ${seed} --runs ${options.runs} --timeout ${options.timeoutMs}`,
  };
  if (options.fuzz !== undefined) run.fuzz = readFuzzCampaigns(options.fuzz, options.cwd);
  return { ok: true, run };
}

import { ambiguousName, describeResource, findCompartment, parseResource } from '../../model/isolation/resource-names.js';
import type { AccessEdge, IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { proveReach } from '../../proofs/reachability-proof.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { errorOutput, productInput } from './command-error-output.js';
import { loadSpecForCommand } from './load-spec.js';

export interface QueryReachOptions {
  from: string;
  to: string;
  product?: string;
  format: 'text' | 'json';
  timeout: number;
}

/**
 * Exit 0: no path (proved); 1: a path exists (printed as a witness); 3: the solver could not tell,
 * or the product has no firewall assignment and its manifests declare a path (the conflict decides).
 */
export async function runQueryReach(options: QueryReachOptions, io: CliIo): Promise<ExitCode> {
  const output = errorOutput('query reach', options.format, io);
  const loaded = loadSpecForCommand('query reach', options.product, io);
  const inputs = productInput(loaded.file, loaded.source);
  if (!loaded.spec) return output.document({ kind: 'input', message: loaded.message, diagnostics: loaded.diagnostics, inputs });
  const spec = loaded.spec;
  const usage = (message: string) => output.stop({ kind: 'usage', message, inputs });
  const from = findCompartment(spec, options.from);
  const ambiguous = from ? undefined : ambiguousName(spec, options.from);
  if (ambiguous) return usage(`--from: ${ambiguous}`);
  if (!from) return usage(`--from: no app named "${options.from}"; apps: ${spec.compartments.filter((c) => c.manifest).map((c) => c.name).join(', ')}`);
  if (!from.manifest) return usage(`--from: "${options.from}" is a board configuration, not an app; apps: ${spec.compartments.filter((c) => c.manifest).map((c) => c.name).join(', ')}`);
  const target = parseResource(spec, options.to);
  if ('error' in target) {
    if (target.unanswerable) {
      const question = `can ${from.name} reach ${options.to}?`;
      if (options.format === 'json') io.out(JSON.stringify({ version: 1, question, from: from.id, to: options.to, status: 'unknown', reason: target.error }, null, 2));
      else io.out(`${question} unknown: ${target.error}`);
      return EXIT.unknown;
    }
    return usage(`--to ${target.error}`);
  }
  const result = await proveReach(spec, from.id, target, { timeoutMs: options.timeout });
  const question = `can ${from.name} reach ${describeResource(spec, target)}?`;
  if (options.format === 'json') {
    const witness = result.status === 'reachable' ? result.witness.map((e) => witnessStep(spec, e)) : undefined;
    const declaredWitness = result.status === 'unknown' && result.declaredWitness ? result.declaredWitness.map((e) => witnessStep(spec, e)) : undefined;
    io.out(JSON.stringify({ version: 1, question, from: from.id, to: target, ...result, witness, declaredWitness }, null, 2));
  } else if (result.status === 'reachable') {
    io.out(`${question} yes (${Math.round(result.timeMs)} ms)`);
    for (const e of result.witness) io.out(`  ${witnessStep(spec, e)}`);
  } else if (result.status === 'unreachable') {
    const declared = result.basis === 'declared-manifests';
    io.out(`${question} no: proved by Z3${declared ? ' on the manifests as declared, so it holds whichever part of the product the device refuses' : ''} (${Math.round(result.timeMs)} ms)`);
    io.out(`  ${result.certificate}`);
    if (declared) printConflicts(spec, result.conflicts, io);
  } else {
    // The conflicts are listed below; the reason would repeat them.
    io.out(`${question} unknown: ${result.conflicts ? 'the device refuses part of this product, and which part decides the answer' : result.reason}`);
    if (result.declaredWitness) {
      io.out(`  declared path: ${result.declaredWitness.map((e) => witnessStep(spec, e)).join('\n                 ')}`);
    }
    if (result.conflicts) printConflicts(spec, result.conflicts, io);
  }
  return result.status === 'unreachable' ? EXIT.ok : result.status === 'reachable' ? EXIT.findings : EXIT.unknown;
}

/** The allocation problems of a product with no firewall assignment, one per line. */
export function printConflicts(spec: IsolationSpec, conflicts: string[], io: CliIo): void {
  io.out(`  ${spec.product.name} has no firewall assignment (sevenfold verify --property compartmentalization explains each conflict and its fixes):`);
  for (const c of conflicts) io.out(`    ${c}`);
}

export function witnessStep(spec: IsolationSpec, edge: AccessEdge): string {
  return `${spec.compartment(edge.from)?.name ?? edge.from} → ${describeResource(spec, edge.to)}  (${edge.because})`;
}

import { describeResource, findCompartment, parseResource } from '../../model/isolation/resource-names.js';
import type { AccessEdge, IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { proveReach } from '../../proofs/reachability-proof.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { loadSpecForCommand } from './load-spec.js';

export interface QueryReachOptions {
  from: string;
  to: string;
  product?: string;
  format: 'text' | 'json';
  timeout: number;
}

/** Exit 0: no path (isolated); 1: a path exists (printed as a witness); 3: the solver could not tell. */
export async function runQueryReach(options: QueryReachOptions, io: CliIo): Promise<ExitCode> {
  const spec = loadSpecForCommand('query reach', options.product, io);
  if (!spec) return EXIT.usage;
  const from = findCompartment(spec, options.from);
  if (!from) {
    io.err(`sevenfold query reach: no app named "${options.from}"; apps: ${spec.compartments.map((c) => c.name).join(', ')}`);
    return EXIT.usage;
  }
  const target = parseResource(spec, options.to);
  if ('error' in target) {
    io.err(`sevenfold query reach: --to ${target.error}`);
    return EXIT.usage;
  }
  const result = await proveReach(spec, from.id, target, { timeoutMs: options.timeout });
  const question = `can ${from.name} reach ${describeResource(spec, target)}?`;
  if (options.format === 'json') {
    io.out(JSON.stringify({ version: 1, question, from: from.id, to: target, ...result, witness: result.status === 'reachable' ? result.witness.map((e) => witnessStep(spec, e)) : undefined }, null, 2));
  } else if (result.status === 'reachable') {
    io.out(`${question} yes (${Math.round(result.timeMs)} ms)`);
    for (const e of result.witness) io.out(`  ${witnessStep(spec, e)}`);
  } else if (result.status === 'unreachable') {
    io.out(`${question} no: proved by Z3 (${Math.round(result.timeMs)} ms)`);
    io.out(`  ${result.certificate}`);
  } else {
    io.out(`${question} unknown: ${result.reason}`);
  }
  return result.status === 'unreachable' ? EXIT.ok : result.status === 'reachable' ? EXIT.findings : EXIT.unknown;
}

export function witnessStep(spec: IsolationSpec, edge: AccessEdge): string {
  return `${spec.compartment(edge.from)?.name ?? edge.from} → ${describeResource(spec, edge.to)}  (${edge.because})`;
}

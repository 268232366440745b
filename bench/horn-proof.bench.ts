/**
 * The unbounded proof (proofs/horn) of the built-in protocol design: time to proof, against the
 * bounded attacker search at the default bound answering the same questions for ≤ 3 sessions (the
 * ratio says how much cheaper "any number of sessions" is than "≤ 3"); clauses per second are printed
 * with it. `npm run bench -- --horn-z3` adds the prototype comparison that chose the engine: Z3's
 * fixedpoint engine (Spacer) on the same clauses' secrecy queries, with a per-query timeout.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinProtocol, loadProtocol } from '../model/attestation/load-protocol.js';
import type { ProtocolDesign } from '../model/attestation/protocol-design.js';
import { verifyProtocol } from '../proofs/attacker-search/search.js';
import { proveProtocolUnbounded } from '../proofs/horn/prove.js';
import { proveSecrecyWithFixedpoint } from '../proofs/horn/z3-fixedpoint.js';
import type { BenchRow } from './harness.js';

const fixtureDir = resolve(fileURLToPath(import.meta.url), '../../test/fixtures/protocols');
const fixture = (name: string): ProtocolDesign => loadProtocol(resolve(fixtureDir, `${name}.json`)).design!;

export function hornProofRows(): (BenchRow | string)[] {
  const design = builtinProtocol();
  const probe = proveProtocolUnbounded(design, { fresh: true });
  if (probe.results.some((q) => q.verdict !== 'proved')) throw new Error(`the built-in protocol design is not proved: ${probe.results.map((q) => `${q.id} ${q.verdict}`).join(', ')}`);
  const s = probe.stats;
  return [
    `unbounded proof of the built-in design: ${probe.results.length} queries proved; ${s.initialClauses} initial clauses, ${s.generated.toLocaleString('en-US')} resolvents, ${s.kept} kept; ${Math.round(s.timeMs)} ms, ${Math.round(s.clausesPerSecond).toLocaleString('en-US')} clauses/s (one cold run)`,
    {
      name: 'unbounded proof (Horn saturation, built-in design)',
      unit: 'proofs/s',
      baselineDescription: 'the bounded attacker search at the default bound (1, 2 and 3 sessions): the same questions for ≤ 3 sessions',
      itemsPerCall: 1,
      subject: () => proveProtocolUnbounded(design, { fresh: true }),
      baseline: () => verifyProtocol(design),
    },
  ];
}

/** The engine comparison: saturation and Z3 Spacer on the built-in design and two flawed variants (secrecy queries). */
export async function hornEngineComparison(timeoutMs: number): Promise<string[]> {
  const notes: string[] = ['engine comparison on the secrecy queries (saturation: all queries in one run; Spacer: one query at a time):'];
  for (const [name, design] of [['built-in', builtinProtocol()], ['device-trusts-any-server', fixture('device-trusts-any-server')], ['accepts-any-ca', fixture('accepts-any-ca')]] as const) {
    const started = performance.now();
    const sat = proveProtocolUnbounded(design, { fresh: true });
    const satMs = performance.now() - started;
    const secrecy = sat.results.filter((q) => q.id.endsWith('secrecy')).map((q) => `${q.id} ${q.verdict}`);
    const z3 = await proveSecrecyWithFixedpoint(design, timeoutMs);
    notes.push(`  ${name}: saturation ${Math.round(satMs)} ms (${secrecy.join(', ')}); Spacer ${z3.map((a) => `${a.id} ${a.status}${a.status === 'unknown' ? ` after ${Math.round(a.timeMs)} ms` : ` in ${Math.round(a.timeMs)} ms`}`).join(', ')}`);
  }
  return notes;
}

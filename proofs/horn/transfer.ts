/**
 * An unbounded proof's result received from another thread. It is plain data (structured clone keeps
 * it as it is), but the receiver trusts nothing it is sent: every field the evidence reads is checked,
 * and anything malformed throws (the caller turns that into `unknown`). A query is `proved` only by a
 * saturation that finished, as prove.ts decides; a result that says otherwise is refused.
 */
import type { HornQueryResult, HornResult } from './prove.js';
import { HORN_QUERIES, type HornQueryId } from './queries.js';

export class MalformedHornResult extends Error {}

const IDS: readonly string[] = HORN_QUERIES.map((q) => q.id);
const STAT_COUNTS = ['initialClauses', 'generated', 'kept', 'solved', 'timeMs', 'clausesPerSecond'] as const;

export function decodeHornResult(sent: unknown): HornResult {
  const fail = (what: string): never => {
    throw new MalformedHornResult(`malformed unbounded proof: ${what}`);
  };
  const r = record(sent) ?? fail('not an object');
  const stats = record(r['stats']) ?? fail('stats');
  for (const f of STAT_COUNTS) if (typeof stats[f] !== 'number' || !Number.isFinite(stats[f]) || (stats[f] as number) < 0) fail(`stats.${f}`);
  if (typeof stats['complete'] !== 'boolean') fail('stats.complete');
  if (stats['stopped'] !== undefined && typeof stats['stopped'] !== 'string') fail('stats.stopped');
  const strings = (x: unknown, where: string): string[] => (Array.isArray(x) && x.every((s) => typeof s === 'string') ? x : fail(where));
  const results = (Array.isArray(r['results']) ? r['results'] : fail('results')).map((x: unknown, i: number): HornQueryResult => {
    const q = record(x) ?? fail(`result ${i}`);
    if (!IDS.includes(q['id'] as string)) fail(`result ${i}: query ${String(q['id'])}`);
    if (typeof q['text'] !== 'string') fail(`result ${i}: text`);
    const verdict = q['verdict'];
    if (verdict === 'proved' && !stats['complete']) fail(`result ${i}: proved by a saturation that did not finish`);
    if (verdict === 'attack' && typeof q['clause'] !== 'string') fail(`result ${i}: an attack without its clause`);
    if (verdict === 'unknown' && typeof q['reason'] !== 'string') fail(`result ${i}: unknown without a reason`);
    if (verdict !== 'proved' && verdict !== 'attack' && verdict !== 'unknown') fail(`result ${i}: verdict ${String(verdict)}`);
    if (q['derivation'] !== undefined) strings(q['derivation'], `result ${i}: derivation`);
    return q as unknown as HornQueryResult;
  });
  const notApplicable = strings(r['notApplicable'], 'notApplicable');
  if (!notApplicable.every((id) => IDS.includes(id))) fail('notApplicable');
  // Every query is answered or stated not applicable: a result that drops one would read as proved by omission.
  const answered = new Set([...results.map((q) => q.id), ...notApplicable]);
  if (answered.size !== IDS.length || results.length + notApplicable.length !== IDS.length) fail('not every query answered exactly once');
  if (typeof r['design'] !== 'string') fail('design');
  return { design: r['design'] as string, results, notApplicable: notApplicable as HornQueryId[], stats: stats as unknown as HornResult['stats'] };
}

function record(x: unknown): Record<string, unknown> | undefined {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined;
}

/**
 * The report header's line on the requirement profile: which profile every verdict was decided against and,
 * when it asks less than the built-in one (a rule switched off or left out, a looser bound: relaxation.ts),
 * what it relaxes. A summary table of "holds" under such a profile must not read as the Seven Properties as
 * the built-in profile states them.
 */
import { describeRelaxation, relaxationInEffect } from '../../model/requirements/relaxation.js';
import type { VerificationRun } from './types.js';

export function profileLine(run: Pick<VerificationRun, 'results'>): string | undefined {
  const label = run.results.find((r) => r.profile)?.profile;
  if (!label) return undefined;
  const relaxed = new Map<string, string>();
  for (const q of run.results.flatMap((r) => r.requirements ?? [])) if (relaxationInEffect(q) && !relaxed.has(q.id)) relaxed.set(q.id, describeRelaxation(q, q.relaxed!));
  if (!relaxed.size) return label;
  return `${label}, which asks less than the built-in profile in ${relaxed.size} requirement${relaxed.size > 1 ? 's' : ''} its verdicts were decided against: ${[...relaxed.values()].join('; ')}`;
}

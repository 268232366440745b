/**
 * Every running image is signed by a key chained to the anchor. By design: every key a boot check
 * names has a certification chain ending at an anchored key. In the traces (the normal boot and every
 * attack): every check that let a stage run followed a chain that ended at the anchor's eFuses; a key
 * without a chain is one the device can only take from flash as it stands, i.e. anyone's. A component
 * loaded from an image that no boot stage loads runs unverified (model/platform unbootedImages).
 */
import { formatTrace, type BootRun } from '../../emulator/boot/index.js';
import { keyChain, unbootedImages } from '../../model/platform/platform-design.js';
import type { Evidence } from '../verdict.js';
import { CHAIN_REQUIREMENT } from './images.js';
import type { RuleInput, RuleOutcome } from './rule.js';

const RULE = 'running images are signed by keys chained to the anchor';

export function checkKeyChains(input: RuleInput): RuleOutcome {
  const design = input.lab.design;
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const keys = [...new Set(design.boot.flatMap((s) => s.checks.map((c) => c.key)))];
  const chainLines: string[] = [];
  for (const key of keys) {
    const chain = keyChain(design, key);
    const users = design.boot.flatMap((s) => s.checks.filter((c) => c.key === key).map((c) => c.id));
    if (chain) chainLines.push(`${chain.map((k) => k.id).join(' ← certified by ')} ← anchored in ${chain.at(-1)!.anchoredIn}`);
    else problems.push(`key ${key} has no certification chain to an anchor in the design, yet checks ${users.join(', ')} accept it`);
  }
  for (const stage of design.boot.filter((s) => s.checks.length === 0)) problems.push(`${stage.image} has no boot check: it runs whatever is in flash`);
  for (const c of unbootedImages(design)) problems.push(`${c.id} (${c.name}) is loaded from ${c.imageType ? `a ${c.imageType} image` : 'an image'} (mutable) but no boot stage loads it: nothing verifies it, so it runs whatever is in flash`);

  const runs: BootRun[] = [input.normal, ...input.attacks.map((a) => a.run)];
  const badRuns = new Set<BootRun>();
  for (const run of runs) {
    for (const stage of run.trace.stages.filter((s) => s.outcome.status === 'ran')) {
      for (const check of stage.checks.filter((c) => c.kind !== 'rollback' && c.result === 'pass' && c.chain?.status !== 'anchored')) {
        problems.push(`${run.trace.scenario}: ${stage.image} ran after ${check.id}, whose key ${check.key} is ${check.chain?.status ?? 'unchecked'} (${check.chain?.links.join('; ') ?? 'no chain'})`);
        badRuns.add(run);
      }
    }
  }
  if (problems.length > 0) {
    evidence.push({ title: `${RULE}: violated`, lines: problems, reproduce: input.reproduce });
    // The normal boot first, then one attack that got through: enough to see the flaw used.
    const shown = [...badRuns].sort((a, b) => Number(b === input.normal) - Number(a === input.normal)).slice(0, 2);
    for (const run of shown) evidence.push({ title: `trace: ${run.trace.scenario}`, lines: formatTrace(run.trace), reproduce: input.reproduce, data: run.trace });
    return { rule: RULE, requirement: CHAIN_REQUIREMENT, verdict: 'violated', summary: problems[0]!, evidence, extraBoots: [] };
  }
  const checks = runs.reduce((n, r) => n + r.trace.stages.filter((s) => s.outcome.status === 'ran').reduce((m, s) => m + s.checks.length, 0), 0);
  // The requirement covers the product's own images: an app the platform design has no slot for is loaded
  // by no boot stage of it, so how (and whether) its image is verified is not modelled, and not known.
  const unplaced = input.product.apps.filter((a) => a.slot === undefined);
  if (unplaced.length) {
    const lines = unplaced.map((a) => `app ${a.manifest.name ?? a.manifestFile} (${a.pointer}) has no ${a.manifest.kind} app slot in the platform design: no boot stage loads it, so whether its image is verified is not known`);
    return { rule: RULE, requirement: CHAIN_REQUIREMENT, verdict: 'unknown', summary: lines[0]!, evidence: [{ title: `${RULE}: unknown`, lines, reproduce: input.reproduce }], extraBoots: [] };
  }
  return {
    rule: RULE,
    requirement: CHAIN_REQUIREMENT,
    verdict: 'holds',
    summary: `every boot-check key chains to an anchor; ${checks} checks of running stages in ${runs.length} boots followed anchored chains`,
    evidence: [{ title: `${RULE}: holds`, lines: chainLines }],
    extraBoots: [],
  };
}

/**
 * Defense in depth: "Is the device still protected if the security of one layer of device software is
 * breached?" Two questions, both from the platform design:
 *  1. the attack graph: from each attacker entry (malicious app, network, physical flash access) to
 *     each critical asset, Z3 proves the fewest independent compromises needed (proofs/attack-min-cut.ts),
 *     cross-checked against the exhaustive search in model/platform/attack-graph.ts; every one must be ≥ 2;
 *  2. glitches: the boot emulator's single-fault sweep skips each check of the boot path in turn
 *     against a tampered image at each stage; no single skipped check may boot it.
 */
import { displayPath } from '../../model/diagnostics/display-path.js';
import { buildAttackGraph, minimumCompromises, type AttackEdge } from '../../model/platform/attack-graph.js';
import type { Product } from '../../model/product/product.js';
import { sweepSingleFaults } from '../../emulator/boot/index.js';
import { proveMinimumCompromises, type MinCutProof } from '../../proofs/attack-min-cut.js';
import type { PropertyCheckContext } from '../registry.js';
import type { CheckTiming, Evidence, PropertyResult } from '../verdict.js';

/** Every path to a critical asset must need at least this many independent compromises. */
export const REQUIRED_COMPROMISES = 2;

export async function checkDefenseInDepth(product: Product, context: PropertyCheckContext): Promise<PropertyResult> {
  const design = product.platform;
  const graph = buildAttackGraph(design);
  const timings: CheckTiming[] = [];
  const reproduce = `${context.command} --seed ${context.seed}`;

  context.progress(`attack graph: ${graph.attackers.length} attackers × ${graph.goals.length} critical assets`);
  const started = performance.now();
  const proofs: MinCutProof[] = [];
  for (const attacker of graph.attackers) {
    for (const proof of await proveMinimumCompromises(graph, attacker, graph.goals.map((g) => g.id), { timeoutMs: context.timeoutMs })) {
      if (proof.status === 'unknown') {
        return { property: 'defense-in-depth', verdict: 'unknown', summary: `Z3 could not decide the cheapest attack by ${attacker} on ${proof.asset}: ${proof.reason}`, timings };
      }
      const reference = minimumCompromises(graph, attacker, proof.asset);
      if (reference.cost !== proof.cost) {
        return { property: 'defense-in-depth', verdict: 'unknown', summary: `Z3 (${proof.cost}) and the exhaustive search (${reference.cost}) disagree on ${attacker} → ${proof.asset}: a defect in Sevenfold, not a finding`, timings };
      }
      proofs.push(proof);
    }
  }
  timings.push({ check: 'attack graph minimum cuts (Z3)', ms: performance.now() - started });

  const perAsset = graph.goals.map((goal) => {
    const mine = proofs.filter((p): p is Extract<MinCutProof, { status: 'proved' }> => p.status === 'proved' && p.asset === goal.id);
    const weakest = mine.reduce((a, b) => (b.cost < a.cost ? b : a));
    return { goal, weakest };
  });
  const weak = perAsset.filter((a) => a.weakest.cost < REQUIRED_COMPROMISES);
  const attackEvidence: Evidence = {
    title: `minimum independent compromises per critical asset (required: ${REQUIRED_COMPROMISES})`,
    lines: perAsset.map(({ goal, weakest }) =>
      weakest.cost === Infinity
        ? `${goal.name}: unreachable by every attacker`
        : `${goal.name}: ${weakest.cost}${weakest.cost < REQUIRED_COMPROMISES ? '  [TOO FEW]' : ''} — weakest path (${weakest.attacker}): ${describePath(weakest.attacker, weakest.path)}`,
    ),
    data: { platform: displayPath(product.platformFile), minimumCuts: perAsset.map(({ goal, weakest }) => ({ asset: goal.id, cost: weakest.cost, attacker: weakest.attacker, path: weakest.path })) },
  };

  context.progress('single-fault sweep over the boot path');
  const sweep = await sweepSingleFaults(design, { seed: context.seed, verifier: 'node' });
  timings.push({ check: 'single-fault sweep (emulator)', ms: sweep.timeMs });
  const undetected = sweep.unfaulted.filter((u) => !u.caught);
  const sweepEvidence: Evidence = {
    title: `single-fault sweep: ${sweep.checks.length} skippable checks × ${sweep.unfaulted.length} tampered stages, ${sweep.boots} boots`,
    lines: [
      sweep.bypasses.length === 0 ? 'no single skipped check let a tampered image run' : `${sweep.bypasses.length} single skip(s) boot a tampered image:`,
      ...sweep.bypasses.map((b) => `  skipping ${b.skipped.id} (${b.skipped.kind}) boots a tampered ${b.badStage}`),
      ...undetected.map((u) => `  a tampered ${u.stage} boots with no fault at all`),
    ],
    data: { seed: sweep.seed, boots: sweep.boots, bypasses: sweep.bypasses.map((b) => ({ stage: b.badStage, check: b.skipped.id })) },
  };

  const evidence = [attackEvidence, sweepEvidence];
  const problems = [
    ...weak.map(({ goal, weakest }) => `${goal.name} falls to ${weakest.cost} compromise${weakest.cost === 1 ? '' : 's'} (${weakest.attacker}: ${describePath(weakest.attacker, weakest.path)})`),
    ...sweep.bypasses.map((b) => `skipping the single check ${b.skipped.id} boots a tampered ${b.badStage}`),
    ...undetected.map((u) => `a tampered ${u.stage} boots without any fault`),
  ];
  if (problems.length > 0) {
    return { property: 'defense-in-depth', verdict: 'violated', summary: problems[0]! + (problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''), evidence: evidence.map((e) => ({ ...e, reproduce })), timings };
  }
  const min = Math.min(...perAsset.map((a) => a.weakest.cost));
  return {
    property: 'defense-in-depth',
    verdict: 'holds',
    summary: `every critical asset needs ≥ ${min} independent compromises; no single skipped boot check boots a tampered image`,
    bound: `exact over the design's attack graph (${graph.nodes.length} nodes, ${graph.edges.length} edges, minimum proved by Z3); fault sweep ${sweep.boots} boots, seed ${sweep.seed}`,
    evidence,
    timings,
  };
}

function describePath(attacker: string, path: AttackEdge[]): string {
  return [attacker, ...path.map((e) => `${e.to}${e.barriers.length ? ` [${e.barriers.join(' + ')}]` : ''}`)].join(' → ');
}

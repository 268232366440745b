/**
 * Defense in depth, first half: the fewest independent compromises from each attacker to each
 * critical asset, over the platform and the product together (model/platform/product-attack-graph.ts).
 * The exhaustive search finds each minimum; its answer is certified (proofs/attack-min-cut-check.ts: the
 * witness path, and no cheaper barrier set reaching the asset) and then decides. Where the graph has too
 * many barrier sets to certify, Z3 proves the minimum (proofs/attack-min-cut.ts) and the search must
 * agree. A failed certificate, a disagreement or a solver timeout is `unknown`, never a pass. The weakest
 * path printed is always the exhaustive search's, which is deterministic, so the evidence is the same on
 * every run.
 *
 * Which attackers count for which goal: every attacker counts for the platform's critical assets (the
 * platform must protect itself from any app). For the product's own critical resources, the product's apps
 * are layers of the product: an attacker that starts as one of them is that layer breached, so the app's own
 * compromise is the first one counted (the profile's "still protected if one layer is breached": a breached
 * app must still need another compromise). It is not counted against a goal its app drives by its own claim
 * (the owner of an actuator or a storage holds it by design); every other app counts, so an app that reaches
 * an asset through a shared block or shared storage is found (before, no app start counted for product goals,
 * and a second app opening the critical storage read holds).
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { LAYER_ESCALATION, minimumCompromises, type AttackEdge, type AttackGoal } from '../../model/platform/attack-graph.js';
import { buildProductAttackGraph, type ProductAttackGraph } from '../../model/platform/product-attack-graph.js';
import { PHYSICAL_BARRIERS_CHECKED, physicalBarriersOf } from '../../model/platform/attack-surface.js';
import { TRUST_ASSETS_CRITICAL, unmarkedTrustAssets } from '../../model/platform/critical-assets.js';
import type { Product } from '../../model/product/product.js';
import { proveMinimumCompromises, type MinCutProof } from '../../proofs/attack-min-cut.js';
import { certifyCheapestAttack } from '../../proofs/attack-min-cut-check.js';
import type { Evidence } from '../verdict.js';

export interface GoalVerdict {
  goal: AttackGoal;
  cost: number;
  attacker?: string;
  path: AttackEdge[];
  /** Attackers counted for this goal. */
  attackers: string[];
  /** The weakest attacker is one of the product's apps, breached: its own compromise is counted in `cost`. */
  breachedApp?: boolean;
  /**
   * For a platform asset that falls short only because of the product: its fewest compromises over the platform
   * design's own edges (without what the product's manifests and product file add), higher than `cost`.
   */
  withoutProduct?: number;
}

/** Whether a finding is the product's: a critical asset of its product file, or a platform asset the product makes fall short. */
export const isProductFinding = (g: GoalVerdict): boolean => g.goal.origin === 'product' || g.withoutProduct !== undefined;

export type AttackCheck =
  /** decidedBy: which path proved the minima (the certified exhaustive search, Z3 for large graphs, or both). */
  | {
      status: 'decided';
      graph: ProductAttackGraph;
      goals: GoalVerdict[];
      weak: GoalVerdict[];
      /**
       * Whether the profile rule behind `option` lowers the minimum of an asset that falls short: searched again in
       * the graph built with that rule off, some weak asset needs more compromises (undecided when a search runs out
       * of room). What such a rule is failed by: not whether the path shown takes its step, since that path is one of
       * several equally cheap ones, picked by the order of the design's arrays (the same design listed in another
       * order failed or met the rule; test/properties/rename-invariance.test.ts).
       */
      ruleLowers: (option: GraphRule) => 'yes' | 'no' | 'undecided';
      evidence: Evidence[];
      incomplete: string[];
      decidedBy: string;
      timeMs: number;
    }
  | { status: 'unknown'; reason: string; evidence: Evidence[]; timeMs: number };

/** The profile rules that put edges into the attack graph, or take barriers off them, by their graph-building option. */
export type GraphRule = 'derivedExploitability' | 'networkFacingByImageType' | 'exceptionsFlashOnly' | 'layerEscalation' | 'physicalBarriersChecked';

export interface AttackCheckOptions {
  minCompromises: number;
  derivedExploitability: boolean;
  /** The profile's defense-in-depth.trust-assets-critical: assets whose kind decides trust are critical whatever the design marks. */
  trustAssetsCritical: boolean;
  /** The profile's defense-in-depth.network-facing-by-image-type (model/platform/attack-surface.ts). */
  networkFacingByImageType: boolean;
  /** The profile's defense-in-depth.exceptions-flash-only (model/platform/attack-surface.ts). */
  exceptionsFlashOnly: boolean;
  /** The profile's defense-in-depth.layer-escalation (model/platform/attack-graph.ts). */
  layerEscalation: boolean;
  /** The profile's defense-in-depth.physical-barriers-checked (model/platform/attack-surface.ts). */
  physicalBarriersChecked: boolean;
  timeoutMs: number;
  progress: (message: string) => void;
}

export async function checkAttackGraph(product: Product, options: AttackCheckOptions): Promise<AttackCheck> {
  const started = performance.now();
  // The profile's graph rules, kept to build the graph again with one of them off (ruleLowers, below).
  const graphOptions = {
    derivedExploitability: options.derivedExploitability,
    trustAssetsCritical: options.trustAssetsCritical,
    networkFacingByImageType: options.networkFacingByImageType,
    exceptionsFlashOnly: options.exceptionsFlashOnly,
    layerEscalation: options.layerEscalation,
    physicalBarriersChecked: options.physicalBarriersChecked,
  };
  const graph = buildProductAttackGraph(product, graphOptions);
  const platformFile = displayPath(product.platformFile);
  const productFile = displayPath(product.file);
  const incomplete: string[] = [];
  if (product.platform.attackers.length === 0) incomplete.push(`${platformFile} /attackers: the design names no attacker, so there is nothing to count compromises from`);
  // With derived exploitability off, only the design's listed exploits move an attacker: a design that lists none
  // leaves every critical asset "unreachable" by omission, so the minimum would hold of no path.
  if (!options.derivedExploitability && product.platform.exploits.length === 0) incomplete.push(`${platformFile} /exploits: the profile switches derived exploitability off, so only the exploits the design lists are searched, and it lists none: no attacker can get past where it starts`);
  if (graph.goals.length === 0) incomplete.push(`neither ${platformFile} (/assets/*/critical) nor ${productFile} (/criticalAssets) marks a critical asset, so there is nothing to defend`);
  for (const e of graph.goalErrors) incomplete.push(`${e.where}: ${e.message}`);
  if (graph.unjudgedExposure.length) incomplete.push(`${graph.unjudgedExposure.join(', ')} ${graph.unjudgedExposure.length > 1 ? 'are' : 'is'} network-exposed but ${platformFile} names no network attacker (an attacker with "network": true)`);

  const nameOf = (id: string) => graph.nodes.find((n) => n.id === id)?.name ?? id;
  const slotOfAppStart = new Map(graph.appStarts.map((s) => [s.id, s.slot]));
  const countedFor = (goal: AttackGoal) => graph.attackers.filter((a) => goal.origin === 'platform' || !(graph.drivers.get(goal.id) ?? []).includes(slotOfAppStart.get(a) ?? ''));
  /** An app that starts breached, against a product goal: its own compromise is the first (see the header). */
  const breachedApp = (attacker: string, goal: AttackGoal) => goal.origin === 'product' && slotOfAppStart.has(attacker);
  // The path shown is the exhaustive search's, also when Z3 decided the cost.
  // Z3 returns any one of several equally cheap paths, and which one varies from run to run;
  // minimumCompromises() explores edges in the graph's order and breaks ties the same way every time,
  // so its path is the canonical witness: the same evidence for the same product on every run.
  const proofs: (Extract<MinCutProof, { status: 'proved' }> & { canonicalPath: AttackEdge[] })[] = [];
  options.progress(`attack graph: ${graph.attackers.length} attackers × ${graph.goals.length} critical assets, ${graph.nodes.length} nodes, ${graph.edges.length} edges`);
  let certified = 0;
  let byZ3 = 0;
  for (const attacker of graph.attackers) {
    const goals = graph.goals.filter((g) => countedFor(g).includes(attacker)).map((g) => g.id);
    if (goals.length === 0) continue;
    // The exhaustive search answers each asset; its answer, certified (witness + no cheaper barrier set), decides.
    const references = new Map<string, ReturnType<typeof minimumCompromises>>();
    const forZ3: string[] = [];
    for (const asset of goals) {
      let reference: ReturnType<typeof minimumCompromises>;
      try {
        reference = minimumCompromises(graph, attacker, asset);
      } catch (err) {
        // The search ran out of room: without it the minimum is not confirmed, so it is no pass.
        return { status: 'unknown', reason: `the exhaustive search of ${attacker} → ${asset} did not finish: ${err instanceof Error ? err.message : String(err)}`, evidence: [], timeMs: performance.now() - started };
      }
      const certificate = certifyCheapestAttack(graph, reference);
      if (certificate.status === 'refuted') {
        return { status: 'unknown', reason: `the exhaustive search's cheapest attack by ${attacker} on ${asset} fails its check (${certificate.reason}): a defect in Sevenfold, not a finding`, evidence: [], timeMs: performance.now() - started };
      }
      if (certificate.status === 'certified') {
        proofs.push({ status: 'proved', attacker, asset, cost: reference.cost, path: reference.path, canonicalPath: reference.path, timeMs: 0 });
        certified++;
      } else {
        references.set(asset, reference);
        forZ3.push(asset);
      }
    }
    // Too many barrier sets to certify the lower bound by enumeration: Z3 proves the minimum, the search must agree.
    if (forZ3.length === 0) continue;
    for (const proof of await proveMinimumCompromises(graph, attacker, forZ3, { timeoutMs: options.timeoutMs })) {
      if (proof.status === 'unknown') return { status: 'unknown', reason: `Z3 could not decide the cheapest attack by ${attacker} on ${proof.asset}: ${proof.reason}`, evidence: [], timeMs: performance.now() - started };
      const reference = references.get(proof.asset)!;
      if (reference.cost !== proof.cost) {
        return { status: 'unknown', reason: `Z3 (${proof.cost}) and the exhaustive search (${reference.cost}) disagree on ${attacker} → ${proof.asset}: a defect in Sevenfold, not a finding`, evidence: [], timeMs: performance.now() - started };
      }
      proofs.push({ ...proof, canonicalPath: reference.path });
      byZ3++;
    }
  }
  const decidedBy = [certified ? `exhaustive search, certified${byZ3 ? ` (${certified})` : ''}` : '', byZ3 ? `Z3, cross-checked${certified ? ` (${byZ3})` : ''}` : ''].filter(Boolean).join('; ') || 'nothing to decide';

  const goals: GoalVerdict[] = graph.goals.map((goal) => {
    const mine = proofs.filter((p) => p.asset === goal.id).map((p) => (breachedApp(p.attacker, goal) ? { ...p, cost: p.cost + 1 } : p));
    const weakest = mine.reduce<(typeof mine)[number] | undefined>((a, b) => (a === undefined || b.cost < a.cost ? b : a), undefined);
    return {
      goal,
      cost: weakest?.cost ?? Infinity,
      ...(weakest && weakest.cost !== Infinity ? { attacker: weakest.attacker, ...(breachedApp(weakest.attacker, goal) ? { breachedApp: true } : {}) } : {}),
      path: weakest?.canonicalPath ?? [],
      attackers: countedFor(goal),
    };
  });
  const weak = goals.filter((g) => g.cost < options.minCompromises);
  // A platform asset that falls short through the product's edges is the product's finding too: on a platform that
  // already fails, it would otherwise read like the platform's (the same verdict, the same first line). The same search
  // over the platform design's own edges tells them apart; a search that runs out of room leaves it the platform's.
  const platformOnly = { ...graph, edges: graph.edges.filter((e) => !e.product) };
  for (const g of weak) {
    if (g.goal.origin !== 'platform' || !graph.edges.some((e) => e.product)) continue;
    try {
      const without = Math.min(...g.attackers.map((a) => minimumCompromises(platformOnly, a, g.goal.id).cost));
      if (without > g.cost) g.withoutProduct = without;
    } catch {
      // Not attributed: shown as the platform's.
    }
  }
  const unmarked = new Set(unmarkedTrustAssets(product.platform, options.trustAssetsCritical).map((a) => a.id));
  const describePath = (attacker: string, path: AttackEdge[], goal: AttackGoal) => [`${nameOf(attacker)}${breachedApp(attacker, goal) ? ' [the app breached]' : ''}`, ...path.map((e) => `${e.barriers.length ? `[${e.barriers.join(' + ')}] ` : ''}${nameOf(e.to)}`)].join(' → ');

  const evidence: Evidence[] = [
    {
      title: `minimum independent compromises per critical asset (required: ${options.minCompromises}, from the requirement profile)`,
      lines: goals.flatMap((g) => {
        const head = `${g.goal.name}${g.goal.origin === 'product' ? ` (product: ${g.goal.where}${graph.owners.get(g.goal.id)?.length ? `; driven by ${graph.owners.get(g.goal.id)!.join(', ')}` : ''})` : ''}${unmarked.has(g.goal.id) ? ` (critical by its kind, ${TRUST_ASSETS_CRITICAL}; the design does not mark it)` : ''}`;
        if (g.attackers.length === 0) return [`${head}: no attacker counts for it`];
        if (g.cost === Infinity) return [`${head}: unreachable by every attacker (${g.attackers.length} counted)`];
        return [
          `${head}: ${g.cost}${g.cost < options.minCompromises ? '  [TOO FEW]' : ''} — weakest path: ${describePath(g.attacker!, g.path, g.goal)}`,
          ...g.path.map((e) => `    ${nameOf(e.from)} → ${nameOf(e.to)}${e.barriers.length ? ` [${e.barriers.join(' + ')}]` : ''}: ${e.description}${e.where ? ` (${e.where})` : ''}`),
        ];
      }),
      data: { platform: platformFile, minimumCuts: goals.map((g) => ({ asset: g.goal.id, origin: g.goal.origin, cost: g.cost, attacker: g.attacker ?? null, path: g.path })) },
    },
    {
      title: `the product in the graph: ${graph.entryPoints.length} network entry point${graph.entryPoints.length === 1 ? '' : 's'} of ${product.apps.length} app${product.apps.length === 1 ? '' : 's'}`,
      lines: [
        ...product.apps.map((app) => {
          const entry = graph.entryPoints.find((e) => e.node === (app.slot ?? '')) ?? graph.entryPoints.find((e) => e.app === app.manifest.name);
          const label = `${app.manifest.name ?? displayPath(app.manifestFile)} (${productFile} ${app.pointer}${app.slot ? `, slot ${app.slot}` : ', no platform slot'})`;
          return entry ? `${label}: network entry point — ${entry.exposures.join('; ')}` : `${label}: no network exposure (no AllowedConnections, no server ports): reachable from the network only through other paths`;
        }),
        ...(graph.appStarts.length
          ? [`${graph.appStarts.map((s) => nameOf(s.id)).join(', ')}: against the product's own critical assets, the app's own breach counts as the first compromise, and an app is not counted against an asset it drives by its own claim`]
          : []),
      ],
    },
    {
      title: `exploitability: ${options.derivedExploitability ? 'derived for every parser of attacker-controlled input' : 'only the exploits the design lists (derived exploitability is switched off in the profile)'}`,
      lines: [
        ...(graph.exceptions ?? []).map((e) =>
          e.refused
            ? `exception refused: the design states ${e.component} is not exploitable through ${e.input} input ("${e.justification}"), but the profile does not accept it (${e.refused}): it stays exploitable`
            : `exception: ${e.component} is not exploitable through ${e.input} input${e.applied ? ` (${e.what})` : ' — not needed: it parses no such input'}: "${e.justification}"`,
        ),
        ...((graph.exceptions ?? []).length === 0 ? ['the design states no exception'] : []),
        ...product.platform.assets.flatMap((a) => {
          const { refused } = physicalBarriersOf(product.platform, a, options);
          return a.location === 'flash' && refused.length ? [`physical barrier not counted: ${a.name} (${a.id}) names ${refused.join(', ')}, which no boot check makes (${PHYSICAL_BARRIERS_CHECKED}); the flash writer has to break ${physicalBarriersOf(product.platform, a, options).counted.join(' and ') || 'nothing'}`] : [];
        }),
        options.layerEscalation
          ? `escalation (${LAYER_ESCALATION}), assumed whether or not the design lists it: ${escalations(graph) || 'no component runs directly above another on its core'}`
          : `escalation: only the exploits the design lists (${LAYER_ESCALATION} is switched off in the profile)`,
        `barriers in the graph: ${[...new Set(graph.edges.flatMap((e) => e.barriers))].sort().join(', ') || 'none'}`,
      ],
    },
  ];
  const ruleLowers = (option: GraphRule): 'yes' | 'no' | 'undecided' => {
    if (!graphOptions[option] || !weak.length) return 'no';
    const without = buildProductAttackGraph(product, { ...graphOptions, [option]: false });
    try {
      // Each counted attacker, its breached app's own compromise added as above.
      return weak.some((g) => Math.min(...g.attackers.map((a) => minimumCompromises(without, a, g.goal.id).cost + (breachedApp(a, g.goal) ? 1 : 0))) > g.cost) ? 'yes' : 'no';
    } catch {
      return 'undecided';
    }
  };
  return { status: 'decided', graph, goals, weak, ruleLowers, evidence, incomplete, decidedBy, timeMs: performance.now() - started };
}

/** The derived escalations, "hl-app → nw-kernel, nw-kernel → security-monitor". */
function escalations(graph: ProductAttackGraph): string {
  return graph.edges
    .filter((e) => e.rule === LAYER_ESCALATION)
    .map((e) => `${e.from} → ${e.to}`)
    .join(', ');
}

/** One line for the summary: short labels (ids; a product app by its name). */
export function describeWeakGoal(product: Product, g: GoalVerdict): string {
  const label = (id: string) => product.apps.find((a) => a.slot === id)?.manifest.name ?? id;
  const path = [`${g.attacker!}${g.breachedApp ? ' [the app breached]' : ''}`, ...g.path.map((e) => `${e.barriers.length ? `[${e.barriers.join(' + ')}] ` : ''}${label(e.to)}`)].join(' → ');
  const lowered = g.withoutProduct === undefined ? '' : `; ${g.withoutProduct === Infinity ? 'unreachable' : g.withoutProduct} without what the product adds`;
  return `${g.goal.name} falls to ${g.cost} compromise${g.cost === 1 ? '' : 's'} (${path}${lowered})`;
}

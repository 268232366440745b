/**
 * Defense in depth: "Is the device still protected if the security of one layer of device software is
 * breached?" Two questions, every bound from the requirement profile:
 *  1. the attack graph of platform and product together (attack-check.ts): from each attacker to each
 *     critical asset, the fewest independent compromises must be at least
 *     defense-in-depth.min-compromises; exploitability is derived for every parser of
 *     attacker-controlled input (defense-in-depth.derived-exploitability) unless the design states an
 *     exception the profile accepts (defense-in-depth.exceptions-flash-only), and which components parse
 *     network input is the profile's too (defense-in-depth.network-facing-by-image-type), and so is the
 *     escalation from a breached layer to the layer directly above it, listed or not (defense-in-depth.layer-escalation),
 *     and which physical barriers of a flash asset count (defense-in-depth.physical-barriers-checked);
 *     the attackers are the profile's (standard-attackers.ts): one the design leaves out is a gap;
 *  2. glitches (fault-check.ts): every attack kind at every stage with every combination of up to
 *     defense-in-depth.fault-tolerance skipped boot checks must be caught.
 * A design that is incomplete for the property (no attacker, no critical asset, no listed exploit while the
 * profile switches derived exploitability off, a critical asset that
 * names nothing), or an app image whose manifest differs from the one the graph was built from, is
 * `unknown` with the reason, unless something else already violates it.
 */
import { busMastersUnstated } from '../../model/platform/bus-masters.js';
import { refer, requiredNumber, requiredRule, type RequirementRef } from '../../model/requirements/requirement-profile.js';
import type { Product } from '../../model/product/product.js';
import type { PropertyCheckContext } from '../registry.js';
import type { CheckTiming, Evidence, PropertyResult } from '../verdict.js';
import { checkAttackGraph, describeWeakGoal, isProductFinding, type GraphRule } from './attack-check.js';
import { checkFaults } from './fault-check.js';
import { imageManifestFindings } from '../hardware-root-of-trust/image-manifest-match.js';
import { missingStandardAttackers, STANDARD_ATTACKERS } from './standard-attackers.js';
import { unstatedSignerGaps } from './signer-gaps.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { unstatedAppIsolation } from '../../model/platform/app-isolation-stated.js';
import { TRUST_ASSETS_CRITICAL, unmarkedTrustAssets } from '../../model/platform/critical-assets.js';
import { LAYER_ESCALATION } from '../../model/platform/attack-graph.js';
import { unsourcedDebugReach } from '../../model/product/debug-reach.js';
import { EXCEPTIONS_FLASH_ONLY, NETWORK_FACING_BY_IMAGE_TYPE, PHYSICAL_BARRIERS_CHECKED, platformParsers, unstatedNetworkExposure } from '../../model/platform/attack-surface.js';
import { unresolvedRequests } from '../../model/isolation/claims.js';

export async function checkDefenseInDepth(product: Product, context: PropertyCheckContext): Promise<PropertyResult> {
  const profile = context.requirements;
  const minCompromises = requiredNumber(profile, 'defense-in-depth.min-compromises');
  const tolerance = requiredNumber(profile, 'defense-in-depth.fault-tolerance');
  const derived = requiredRule(profile, 'defense-in-depth.derived-exploitability');
  const reproduce = `${context.command} --seed ${context.seed}${context.faults !== undefined ? ` --faults ${context.faults}` : ''}`;
  const unknown = (summary: string, extra: Partial<PropertyResult> = {}): PropertyResult => ({ property: 'defense-in-depth', verdict: 'unknown', summary, ...extra });
  if (!(minCompromises >= 0) || !Number.isFinite(minCompromises)) return unknown(`the profile's defense-in-depth.min-compromises is ${minCompromises}: it must be a finite number ≥ 0`, { requirements: [refer(profile, 'defense-in-depth.min-compromises', 'unknown')] });
  if (!Number.isInteger(tolerance) || tolerance < 0) return unknown(`the profile's defense-in-depth.fault-tolerance is ${tolerance}: it must be a whole number of faults ≥ 0`, { requirements: [refer(profile, 'defense-in-depth.fault-tolerance', 'unknown')] });
  const faults = Math.max(tolerance, context.faults ?? 0);

  const timings: CheckTiming[] = [];
  // Which assets need defense in depth is the profile's scope, not only the design's marks (critical-assets.ts).
  const trustAssets = requiredRule(profile, TRUST_ASSETS_CRITICAL);
  // Which components face the network, and which of the design's exploit exceptions count, are the profile's too (attack-surface.ts).
  const networkByType = requiredRule(profile, NETWORK_FACING_BY_IMAGE_TYPE);
  const flashOnly = requiredRule(profile, EXCEPTIONS_FLASH_ONLY);
  // So is whether a breached layer can exploit the one above it when the design lists no such exploit (attack-graph.ts).
  const escalation = requiredRule(profile, LAYER_ESCALATION);
  // And which physical barriers on a flash asset count (attack-surface.ts).
  const barriersChecked = requiredRule(profile, PHYSICAL_BARRIERS_CHECKED);
  const attacks = await checkAttackGraph(product, {
    minCompromises,
    derivedExploitability: derived,
    trustAssetsCritical: trustAssets,
    networkFacingByImageType: networkByType,
    exceptionsFlashOnly: flashOnly,
    layerEscalation: escalation,
    physicalBarriersChecked: barriersChecked,
    timeoutMs: context.timeoutMs,
    progress: context.progress,
  });
  timings.push({ check: `attack graph minimum cuts (${attacks.status === 'decided' ? attacks.decidedBy : 'undecided'})`, ms: attacks.timeMs });
  context.progress(`fault sweep over the boot path (${faults} fault${faults === 1 ? '' : 's'})`);
  const glitches = await checkFaults(product.platform, { tolerance, faults, seed: context.seed, progress: context.progress });
  timings.push({ check: `fault sweep, up to ${faults} fault${faults === 1 ? '' : 's'} (emulator)`, ms: glitches.timeMs });

  // The attack graph is built from the manifests the product names; the device enforces the ones inside the
  // app images. Where they differ, the graph may lack the edges the device has (an image that also claims the
  // critical pin): its minimum is not the device's, so it cannot be met.
  const imageDifferences = imageManifestFindings(product).map((f) => `the attack graph was built from ${f.app}'s manifest, not its image: ${f.message}; paths through the image's capabilities were not searched`);
  // The threat model is the profile's: an attacker it names that the design leaves out is a gap.
  const missingAttackers = requiredRule(profile, STANDARD_ATTACKERS) ? missingStandardAttackers(product) : [];
  const attackerGaps = missingAttackers.map((m) => `${displayPath(product.platformFile)} /attackers: ${m}; the requirement profile's threat model (${STANDARD_ATTACKERS}) searches from it, so paths from it were not searched`);
  const unmarkedTrust = new Set(unmarkedTrustAssets(product.platform, trustAssets).map((a) => a.id));
  // The graph's app edges (network, storage, channels) read the design's app isolation: a field left out on an OS that is not Azure Sphere's gave them Azure Sphere's placeholder.
  const isolationGaps = unstatedAppIsolation(product.platform).map((u) => `${displayPath(product.platformFile)} ${u.pointer}: ${u.reason}, so the app edges that read it were Azure Sphere's, not the design's`);
  // The network attacker enters through what parses the network: a component whose image type says nothing and whose design does not say was left off the graph's entries by default.
  const exposureGaps = unstatedNetworkExposure(product.basePlatform).map((u) => `${displayPath(product.platformFile)} ${u.pointer}: ${u.reason}, so the network attacker's entry through it was not searched`);
  // An app the platform design has no slot for runs under no component of it: nothing says what it can escalate into
  // (no layer above it, no core), and no attacker starts as it, so where its breach leads was not searched (small-tcb and
  // hardware-root-of-trust say unknown for the same app).
  const unplacedGaps = product.apps.filter((a) => a.slot === undefined).map((a) => `${displayPath(product.file)} ${a.pointer}: app ${a.manifest.name ?? displayPath(a.manifestFile)} has no ${a.manifest.kind} app slot in ${displayPath(product.platformFile)}: what runs it, and so where its breach leads, is not stated; paths through it were not searched`);
  // A peripheral request of unknown value (a "$NAME" nothing resolved: only a product built through the API reaches here
  // with one) is no claim in the graph (model/isolation/claims.ts): whether that app drives a critical peripheral of the
  // product was not searched (s37: such a product held).
  const productPeripherals = product.criticalAssets.some((c) => !c.resource.startsWith('storage:'));
  const unresolvedGaps = productPeripherals ? unresolvedRequests(product).map((u) => `${displayPath(u.file)} ${u.pointer}: ${u.app}'s ${u.raw} resolves to no peripheral, so whether it drives a critical asset of ${displayPath(product.file)} was not searched`) : [];
  // A debugger the deployed devices let onto a core is an attacker's way in whose reach the facts do not give (debug-reach.ts).
  const debugGaps = [unsourcedDebugReach(product.deployment)].flatMap((reason) => (reason ? [`${displayPath(product.file)} /deployment/deviceCapabilities: ${reason}; paths from it were not searched`] : []));
  // A writer of a signed flash asset whose signer the design leaves out: where its content passing the reader's check
  // would lower an asset below the minimum, the verdict cannot rest on the reader's exception (signer-gaps.ts).
  const signerGaps = attacks.status === 'decided' && derived ? unstatedSignerGaps(product, { derivedExploitability: derived, trustAssetsCritical: trustAssets, networkFacingByImageType: networkByType, exceptionsFlashOnly: flashOnly, layerEscalation: escalation, physicalBarriersChecked: barriersChecked }, minCompromises) : [];
  const graphOutcome: RequirementRef['outcome'] = attacks.status === 'unknown' ? 'unknown' : attacks.weak.length ? 'failed' : attacks.incomplete.length || imageDifferences.length || attackerGaps.length || unplacedGaps.length || unresolvedGaps.length || isolationGaps.length || exposureGaps.length || debugGaps.length || signerGaps.length ? 'unknown' : 'met';
  // A profile rule that adds edges to the graph (or takes barriers off them) is failed when it lowers the minimum of an
  // asset that falls short (attack-check.ts ruleLowers): the design falls short, at least in part, by what the rule
  // says of it. Not by whether the one path shown takes the rule's step: that path is a tie-break among equally cheap
  // ones by the order of the design's arrays (test/properties/rename-invariance.test.ts).
  const lowers = (on: boolean, option: GraphRule): RequirementRef['outcome'] => {
    if (!on) return 'not-applicable';
    if (attacks.status !== 'decided' || !attacks.weak.length) return graphOutcome;
    const answer = attacks.ruleLowers(option);
    return answer === 'yes' ? 'failed' : answer === 'undecided' ? 'unknown' : 'met';
  };
  const usesDerived = lowers(derived, 'derivedExploitability') === 'failed';
  const byTypeOnly = new Set(platformParsers(product.platform, { networkFacingByImageType: networkByType }).filter((p) => p.input === 'network' && !product.platform.components.find((c) => c.id === p.component)?.networkFacing).map((p) => p.component));
  const refusedFor = new Set((attacks.status === 'decided' ? (attacks.graph.exceptions ?? []) : []).filter((e) => e.refused).map((e) => e.component));
  // A component network-facing by its image type alone, or one whose exception the profile refused: only where there is one.
  const ruleOutcome = (on: boolean, grounds: Set<string>, option: GraphRule): RequirementRef['outcome'] => (!on || !derived ? 'not-applicable' : grounds.size ? lowers(true, option) : graphOutcome === 'failed' ? 'met' : graphOutcome);
  const edgeRuleOutcome = (on: boolean, option: GraphRule): RequirementRef['outcome'] => lowers(on, option);
  const requirements: RequirementRef[] = [
    refer(profile, 'defense-in-depth.min-compromises', graphOutcome),
    refer(profile, 'defense-in-depth.derived-exploitability', !derived ? 'not-applicable' : usesDerived ? 'failed' : graphOutcome),
    refer(profile, 'defense-in-depth.fault-tolerance', glitches.status === 'decided' ? (glitches.problems.length ? 'failed' : 'met') : glitches.status),
    refer(profile, STANDARD_ATTACKERS, !requiredRule(profile, STANDARD_ATTACKERS) ? 'not-applicable' : missingAttackers.length || unplacedGaps.length || product.platform.attackers.length === 0 ? 'unknown' : 'met'),
    // Failed when an asset critical only by its kind falls short; a shortfall of assets the design marks is min-compromises'.
    refer(profile, TRUST_ASSETS_CRITICAL, !trustAssets ? 'not-applicable' : attacks.status === 'decided' && attacks.weak.some((w) => unmarkedTrust.has(w.goal.id)) ? 'failed' : graphOutcome === 'failed' ? 'met' : graphOutcome),
    refer(profile, NETWORK_FACING_BY_IMAGE_TYPE, ruleOutcome(networkByType, byTypeOnly, 'networkFacingByImageType')),
    refer(profile, EXCEPTIONS_FLASH_ONLY, ruleOutcome(flashOnly, refusedFor, 'exceptionsFlashOnly')),
    // Failed when the escalations it adds (exploits the design does not list) lower a weak asset's minimum.
    refer(profile, LAYER_ESCALATION, edgeRuleOutcome(escalation, 'layerEscalation')),
    // Failed when counting only the barriers that are checks lowers a weak asset's minimum (the design named others).
    refer(profile, PHYSICAL_BARRIERS_CHECKED, edgeRuleOutcome(barriersChecked, 'physicalBarriersChecked')),
  ];
  // The product's findings apart from the platform's: on a platform design that already fails (the built-in one does, for
  // every product), a weakness the product adds would otherwise change neither the verdict nor the first line.
  const productProblems = attacks.status === 'decided' ? attacks.weak.filter(isProductFinding).map((w) => describeWeakGoal(product, w)) : [];
  const platformProblems = [...(attacks.status === 'decided' ? attacks.weak.filter((w) => !isProductFinding(w)).map((w) => describeWeakGoal(product, w)) : []), ...(glitches.status === 'decided' ? glitches.problems : [])];
  const productGoals = attacks.status === 'decided' ? attacks.goals.filter((g) => g.goal.origin === 'product').length : 0;
  const findings: Evidence = {
    title: `findings of the product apart from the platform design's: ${productProblems.length} of the product, ${platformProblems.length} of the platform design`,
    lines: [
      ...(productProblems.length
        ? productProblems.map((p) => `product: ${p}`)
        : [attacks.status !== 'decided' ? 'product: not decided (the attack graph was not decided)' : `product: none (${productGoals ? `each of the ${productGoals} critical asset${productGoals === 1 ? '' : 's'} of ${displayPath(product.file)} needs ≥ ${minCompromises} compromises` : `${displayPath(product.file)} marks no critical asset`}, and the product's apps make no platform asset fall short)`]),
      ...(platformProblems.length ? platformProblems.map((p) => `platform design: ${p}`) : ['platform design: none']),
    ],
    data: { product: productProblems, platform: platformProblems },
  };
  const evidence: Evidence[] = [findings, ...attacks.evidence, ...(glitches.status === 'decided' ? [glitches.evidence] : [{ title: 'fault sweep', lines: [`${glitches.status}: ${glitches.reason}`] }])];
  const problems = [...productProblems, ...platformProblems];
  // An app driving a peripheral block on a design that does not state its bus masters may reach, through the block's
  // DMA engine, what no edge of the graph shows (model/platform/bus-masters.ts): a search that found no violation is not
  // complete without them. Beside a violation they would only repeat it (the violation stands on stated edges).
  const busMasterGaps = problems.length ? [] : busMastersUnstated(product.platform, product.apps).map((line) => `${line}; paths through it were not searched`);
  const gaps = [
    ...(attacks.status === 'unknown' ? [attacks.reason] : attacks.incomplete),
    ...imageDifferences,
    ...attackerGaps,
    ...unplacedGaps,
    ...unresolvedGaps,
    ...isolationGaps,
    ...exposureGaps,
    ...debugGaps,
    ...busMasterGaps,
    ...signerGaps,
    ...(glitches.status === 'unknown' ? [`fault sweep: ${glitches.reason}`] : []),
  ];
  // Gaps are the summary of an unknown verdict; beside a violation they are warnings.
  const warnings = [...(problems.length ? gaps.map((g) => `not decided: ${g}`) : gaps.slice(1).map((g) => `also not decided: ${g}`)), ...(glitches.status === 'decided' ? glitches.beyond.map((b) => `beyond the required fault tolerance: ${b}`) : [])];
  const frame = { evidence: evidence.map((e) => ({ ...e, reproduce })), requirements, timings, ...(warnings.length ? { warnings } : {}) };

  if (problems.length > 0) {
    const first = (list: string[]) => list[0]! + (list.length > 1 ? ` (and ${list.length - 1} more)` : '');
    const summary = productProblems.length === 0 ? first(platformProblems) : `the product: ${first(productProblems)}${platformProblems.length ? `; the platform design: ${first(platformProblems)}` : ''}`;
    return { property: 'defense-in-depth', verdict: 'violated', summary, ...frame };
  }
  if (gaps.length > 0) return unknown(`cannot decide: ${gaps[0]}${gaps.length > 1 ? ` (and ${gaps.length - 1} more, see warnings)` : ''}`, frame);
  const decided = attacks.status === 'decided' ? attacks : undefined;
  const reachable = decided!.goals.filter((g) => g.cost !== Infinity);
  const weakest = reachable.length ? Math.min(...reachable.map((g) => g.cost)) : undefined;
  const graphText =
    weakest === undefined
      ? `no attacker reaches any of the ${decided!.goals.length} critical assets`
      : `every critical asset needs ≥ ${weakest} independent compromises (required ${minCompromises})${reachable.length < decided!.goals.length ? `, ${decided!.goals.length - reachable.length} unreachable` : ''}`;
  const sweepText = glitches.status === 'decided' ? `no ${tolerance === 0 ? 'unfaulted boot' : `combination of ≤ ${tolerance} skipped boot check${tolerance === 1 ? '' : 's'}`} runs a ${glitches.sweep.attacks.join(', ')} image` : `fault sweep not applicable: ${glitches.reason}`;
  return {
    property: 'defense-in-depth',
    verdict: 'holds',
    summary: `${graphText}; ${sweepText}`,
    bound: `exact over the attack graph of platform and product (${decided!.graph.nodes.length} nodes, ${decided!.graph.edges.length} edges, minimum by ${decided!.decidedBy})${glitches.status === 'decided' ? `; fault sweep ${glitches.sweep.boots} boots, up to ${glitches.sweep.faults} faults, seed ${glitches.sweep.seed}` : ''}`,
    evidence: evidence,
    requirements,
    timings,
    ...(warnings.length ? { warnings } : {}),
  };
}

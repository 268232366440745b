/**
 * Compartmentalization: "Does a failure in one component of the device require a reboot of the
 * entire device to return to operation?" Decided in four steps over one IsolationSpec:
 *  1. a firewall assignment exists: the direct allocator's, accepted by a checker that searches nothing, is
 *     the certificate; when the allocator finds none, Z3 decides and explains each conflict with an unsat core;
 *  2. the direct allocator must agree with Z3 (a disagreement is a Sevenfold defect: unknown). Allocator,
 *     checker and Z3 share the conflict rules (model/isolation/conflicts.ts): they hold one another's
 *     search, not the rules; the emulator's refusal below (its own reading) is what can contradict a rule;
 *  3. every app protection the requirement profile asks for (network firewall, real-time apps without a
 *     network, storage isolation, mutual channel acceptance, no app writing the I/O firewall
 *     configuration) is attacked on the emulated device, which enforces what the platform design
 *     states: a design without the protection yields the concrete trace of the attack that succeeded;
 *  4. the property suite drives random app programs against the emulator: every result matches the
 *     spec, app A cannot observe app B's secrets, and a crash leaves every other app running; the crash of a
 *     shared service an app's input reaches (model/platform/crash-containment.ts) must not reboot the device.
 */
import { busMastersUnstated } from '../../model/platform/bus-masters.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { unresolvedRequests } from '../../model/isolation/claims.js';
import { appIsolationDefaults } from '../../model/platform/platform-design.js';
import { appsLoadingOthers, appsUsingOthersKeys, appsWritingOthersSecrets, unconfinedApps } from '../../model/platform/app-confinement.js';
import { appInterfaces } from '../../model/platform/app-interfaces.js';
import { sharedServiceCrashes } from '../../model/platform/crash-containment.js';
import { isAppSlot } from '../../model/product/instantiate.js';
import { unsourcedDebugReach } from '../../model/product/debug-reach.js';
import { readLocatedJson } from '../../formats/json/read-input.js';
import type { Product } from '../../model/product/product.js';
import { refer, type RequirementProfile, type RequirementRef } from '../../model/requirements/requirement-profile.js';
import { asks, notAskedText } from '../asked-rules.js';
import { bootDevice } from '../../emulator/app-device.js';
import { decideAllocation, type ExplainedConflict } from '../../proofs/allocation-proof.js';
import type { PropertyCheckContext } from '../registry.js';
import type { CheckTiming, Evidence, PropertyResult } from '../verdict.js';
import { imageManifestEvidence, imageManifestFindings } from '../hardware-root-of-trust/image-manifest-match.js';
import { appLoaderFindings, type AppLoaderOutcome } from './app-loader-play.js';
import { designStatement } from './design-statement.js';
import { rulesBrokenBy } from './mismatch-rules.js';
import { FAILURE_ISOLATION, HARDWARE_BARRIERS } from './rules.js';
import { checkProtections, PROTECTIONS, type ProtectionResult } from './protections.js';
import { playServiceCrashes, type ServiceCrashPlay } from './service-crash-play.js';
import { withServiceCrashes } from './service-crashes.js';
import { runCompartmentalizationSuite, SUITE_CHECKS, type SuiteResult } from './suite.js';

const PROPERTY = 'compartmentalization';

export async function checkCompartmentalization(product: Product, context: PropertyCheckContext): Promise<PropertyResult> {
  const spec = new IsolationSpec(product);
  const reproduce = `${context.command} --seed ${context.seed}`;
  const profile = context.requirements;
  const warnings = spec.oneSidedLinks.map((link) => `${displayPath(link.file)} ${link.pointer}: ${link.from.name} lists ${link.toName ?? link.to} as a partner, but not the other way round: ${oneSidedConsequence(link, spec, product)}`);
  const timings: CheckTiming[] = [];
  const base = { property: PROPERTY, ...(warnings.length ? { warnings } : {}), timings };
  // Each step is keyed to the rule it tests; a rule the profile switches off is not checked (asked-rules.ts):
  // the allocation, confinement, firewall programming, model-based and noninterference checks test
  // hardware-barriers, the crash check failure-isolation.
  const barriersAsked = asks(profile, HARDWARE_BARRIERS);
  const crashAsked = asks(profile, FAILURE_ISOLATION);
  const suiteChecks = SUITE_CHECKS.filter((c) => (c === 'crash-isolation' ? crashAsked : barriersAsked));

  // The spec is built from the product's manifests; the device enforces the ones inside the images. Where they
  // differ in a field a rule reads, that rule's verdict would be about an app the device does not run: the difference
  // is reported under each rule it breaks that the profile asks for (mismatch-rules.ts). A difference only rules the
  // profile switches off read, or none of this property's rules read, decides nothing here: named as a warning.
  const kindOf = (app: string) => product.apps.find((a) => (a.manifest.name ?? displayPath(a.manifestFile)) === app)?.manifest.kind ?? 'high-level';
  const mismatches = imageManifestFindings(product).map((m) => ({ ...m, readers: rulesBrokenBy(m.field, kindOf(m.app)) })).map((m) => ({ ...m, rules: m.readers.filter((id) => asks(profile, id)) }));
  const breaking = mismatches.filter((m) => m.rules.length);
  if (breaking.length) {
    const broken = [...new Set(breaking.flatMap((m) => m.rules))];
    const askedRules = [HARDWARE_BARRIERS, FAILURE_ISOLATION, ...PROTECTIONS].filter((id) => asks(profile, id));
    return {
      ...base,
      verdict: 'violated',
      summary: `${broken.join(', ')}: ${breaking.length} difference${breaking.length > 1 ? 's' : ''} between an app's image and the product's manifest in what ${broken.length > 1 ? 'these rules read' : 'this rule reads'}: ${breaking[0]!.message}`,
      evidence: imageManifestEvidence(breaking, reproduce),
      // The rules the differences break failed; the others asked were not checked (the apps under review are not the ones the device runs).
      requirements: askedRules.map((id) => refer(profile, id, broken.includes(id) ? 'failed' : 'unknown')),
    };
  }
  const unread = mismatches.map(({ message, field, readers }) => `${message}; ${readers.length ? `only ${readers.join(', ')} ${readers.length > 1 ? 'read' : 'reads'} ${field}, which the requirement profile switches off` : `no rule of compartmentalization reads ${field}`}, so it decides nothing here`);
  if (unread.length) Object.assign(base, { warnings: [...warnings, ...unread] });

  // The app protections below are the design's appIsolation, enforced by the emulator as stated; they hold only
  // for apps that something on their core confines (model/platform/app-confinement.ts).
  // An app that loads another component decides what runs as it (app-confinement.ts appsLoadingOthers); the device's
  // own play of it (app-loader-play.ts) runs where the profile asks for hardware-barriers. One that may write another
  // component's secret chose it (appsWritingOthersSecrets), and one that may use another's key signs as it
  // (appsUsingOthersKeys). None is in unconfinedApps: the app itself is still
  // held to its own manifest, which certificate-authentication reads that list for.
  const filledSlots = new Set(product.apps.flatMap((a) => (a.slot ? [a.slot] : [])));
  const loaders = barriersAsked ? await timedLoaders(timings, () => appLoaderFindings(product, context.seed, reproduce)) : undefined;
  if (loaders && !loaders.decided && (loaders.why === 'disagreement' || loaders.findings.length === 0)) {
    return { ...base, verdict: 'unknown', summary: `${HARDWARE_BARRIERS}: ${loaders.reason}`, evidence: [{ title: 'apps that load another component: undecided', lines: [loaders.reason], reproduce }, ...loaders.evidence], requirements: requirementRefs(profile, 'unknown', undefined, []) };
  }
  const unconfined = [
    ...unconfinedApps(product.basePlatform, filledSlots, isAppSlot),
    ...(loaders ? loaders.findings : appsLoadingOthers(product.basePlatform, filledSlots, isAppSlot)),
    ...appsWritingOthersSecrets(product.basePlatform, filledSlots, isAppSlot),
    ...appsUsingOthersKeys(product.basePlatform, filledSlots, isAppSlot),
  ];
  if (unconfined.length) {
    const doc = readLocatedJson(product.platformFile);
    const lines = unconfined.map((u) => {
      const at = doc.value === undefined ? undefined : doc.positionOf(u.pointer);
      return `${displayPath(product.platformFile)}${at ? `:${at.line}:${at.column}` : ''} ${u.pointer}: ${u.message}`;
    });
    const evidence: Evidence[] = [{ title: `platform design: ${unconfined.length} app slot finding${unconfined.length === 1 ? '' : 's'}: the stated app isolation has nothing to enforce it`, lines, reproduce, data: { unconfined, locations: unconfined.map((u) => ({ file: product.platformFile, pointer: u.pointer, description: u.message })) } }, ...(loaders?.evidence ?? [])];
    if (loaders && !loaders.decided) evidence.push({ title: 'apps that load another component: the emulated play was not run', lines: [loaders.reason], reproduce });
    if (barriersAsked) return { ...base, verdict: 'violated', summary: `${HARDWARE_BARRIERS}: ${unconfined[0]!.message}${unconfined.length > 1 ? ` (and ${unconfined.length - 1} more)` : ''}`, evidence, requirements: requirementRefs(profile, 'failed', undefined, []) };
    // hardware-barriers switched off: not a violation of anything asked. The protections the profile still asks
    // for are the OS's, enforced inside an app's confinement, so on an app nothing confines they are undecided.
    const asked = PROTECTIONS.filter((id) => asks(profile, id));
    const undecided = [...asked, ...(crashAsked ? [FAILURE_ISOLATION] : [])];
    return {
      ...base,
      verdict: undecided.length ? 'unknown' : 'holds',
      summary: `${unconfined[0]!.message}${unconfined.length > 1 ? ` (and ${unconfined.length - 1} more)` : ''}; the requirement profile switches ${HARDWARE_BARRIERS} off, so that is not a finding${undecided.length ? `, but what it still asks for (${undecided.join(', ')}) is enforced inside an app's confinement and so is undecided here` : ''}`,
      evidence,
      requirements: [...requirementRefs(profile, 'not-applicable', undefined, []), ...PROTECTIONS.map((id) => refer(profile, id, asked.includes(id) ? 'unknown' : 'not-applicable'))],
    };
  }

  context.progress(barriersAsked ? 'deciding the I/O firewall allocation' : `not deciding the I/O firewall allocation: ${notAskedText([HARDWARE_BARRIERS])}`);
  const proof = barriersAsked ? await decideAllocation(spec, { timeoutMs: context.timeoutMs }) : undefined;
  if (proof) timings.push({ check: `allocation (${proof.decidedBy})`, ms: proof.timeMs });
  if (proof?.status === 'unsat') {
    return {
      ...base,
      verdict: 'violated',
      summary: `${proof.conflicts.length} allocation conflict${proof.conflicts.length > 1 ? 's' : ''}: ${proof.conflicts[0]!.message}`,
      evidence: proof.conflicts.map((c) => conflictEvidence(c, reproduce)),
      requirements: requirementRefs(profile, 'failed', undefined, []),
    };
  }
  // A conflict found among the known claims stands; with none, requests of unknown value may still conflict (claims.ts).
  const unresolved = barriersAsked ? unresolvedRequests(product) : [];
  if (unresolved.length) {
    const lines = unresolved.map((u) => `${displayPath(u.file)} ${u.pointer}: ${u.app}'s ${u.raw} resolves to no peripheral`);
    return { ...base, verdict: 'unknown', summary: `${HARDWARE_BARRIERS}: ${unresolved.length} peripheral request${unresolved.length > 1 ? 's' : ''} of unknown value, which the allocation could not include: ${lines[0]}`, evidence: [{ title: 'peripheral requests of unknown value', lines, reproduce }], requirements: requirementRefs(profile, 'unknown', undefined, []) };
  }
  if (proof?.status === 'unknown') {
    return { ...base, verdict: 'unknown', summary: `${proof.decidedBy === 'Z3' ? 'Z3 could not decide the allocation' : 'the allocation is undecided'}: ${proof.reason}`, evidence: [{ title: `allocation (${proof.decidedBy})`, lines: [`unknown: ${proof.reason}`], reproduce }], requirements: requirementRefs(profile, 'unknown', undefined, []) };
  }
  if (proof && !spec.allocation.ok) {
    return { ...base, verdict: 'unknown', summary: 'Z3 found an allocation the direct allocator rejects: a defect in Sevenfold, not a finding', evidence: [], requirements: requirementRefs(profile, 'unknown', undefined, []) };
  }
  // The emulator reads the product on its own: refusing what was allocated is a disagreement between the two readings.
  const booted = bootDevice(product);
  if (!booted.ok) {
    return { ...base, verdict: 'unknown', summary: `${proof ? `the allocation is decided (${proof.decidedBy}) but ` : ''}the emulated device refuses to start the product (a defect in Sevenfold, not a finding): ${booted.reason}`, evidence: [], requirements: requirementRefs(profile, 'unknown', undefined, []) };
  }

  // An allocation of no I/O block is sat over nothing: said so, not "proved" (the barriers are decided by the suite).
  const noBlock = proof !== undefined && proof.allocation.blockOwner.size === 0;
  const allocationEvidence: Evidence = !proof ? { title: `I/O firewall allocation: ${notAskedText([HARDWARE_BARRIERS])}`, lines: [] } : {
    title: `I/O firewall allocation (${proof.decidedBy}: sat${noBlock ? ' trivially: no I/O block is claimed' : ''})`,
    lines: noBlock ? ['no app or board configuration claims an I/O block: there was nothing to allocate, so the allocation shows nothing; the apps are kept apart by the checks below'] : [...proof.allocation.blockOwner].map(([block, core]) => `${block} → ${core}`),
    data: { coreOf: Object.fromEntries(proof.allocation.coreOf), blockOwner: Object.fromEntries(proof.allocation.blockOwner) },
  };
  context.progress('attacking the app protections the requirement profile asks for on the emulated device');
  const started = performance.now();
  const protections = checkProtections(spec, profile, () => {
    const made = bootDevice(product);
    if (!made.ok) throw new Error(made.reason);
    return made.device;
  });
  timings.push({ check: 'app protections (emulator)', ms: Math.round(performance.now() - started) });
  const protectionEvidence = protections.map((p) => protectionEvidenceOf(p, product, reproduce));
  const breached = protections.filter((p) => p.outcome === 'failed');
  context.progress(`running the property suite (${context.runs} runs per check, seed ${context.seed})`);
  const ran = suiteChecks.length ? runCompartmentalizationSuite(spec, { seed: context.seed, runs: context.runs, checks: suiteChecks }) : [];
  for (const r of ran) timings.push({ check: r.check, ms: r.timeMs });
  // Crash isolation follows the interface edges too: the shared services an app's input reaches (crash-containment.ts).
  // Both readings stand: the rule, and the device's own crash of each service it sees an app's input reach.
  const serviceCrashes = crashAsked ? sharedServiceCrashes(product, {}, spec) : [];
  const servicePlay = crashAsked ? await timedPlay(timings, () => playServiceCrashes(product, context.seed)) : undefined;
  const serviceEvidence: Evidence[] = [];
  const suite = ran.map((r) => {
    if (r.check !== 'crash-isolation' || !servicePlay) return r;
    const { result, evidence } = withServiceCrashes(r, serviceCrashes, servicePlay, product, reproduce);
    serviceEvidence.push(...evidence);
    return result;
  });
  const suiteEvidence: Evidence[] = suite.map((r) => ({
    title: r.trivial ? `${r.check}: ${r.verdict} trivially (${r.trivial})` : `${r.check}: ${r.verdict} (${r.runs} runs, seed ${r.seed})`,
    lines: [r.summary, ...(r.counterexample ? [`counterexample: ${r.counterexample}`] : []), ...(r.replay ? [`replay: ${r.replay}`] : [])],
    reproduce,
  }));
  const evidence = [allocationEvidence, ...protectionEvidence, ...suiteEvidence, ...serviceEvidence, ...(spec.unstated.length ? [] : defaultsEvidence(product))];
  // The allocation is enforced only once something programs the firewall with it (firewall-config-writers.ts firewallProgrammer).
  const unprogrammed = barriersAsked && spec.firewallProgrammer === undefined;
  const requirements = requirementRefs(profile, !barriersAsked ? 'not-applicable' : unprogrammed ? 'failed' : barriersOutcome(suite), suite.find((r) => r.check === 'crash-isolation'), protections);
  if (unprogrammed) {
    const configs = product.platform.assets.filter((a) => a.kind === 'firewall-config').map((a) => a.id);
    const summary = `${HARDWARE_BARRIERS}: the I/O firewall is never programmed: no component of the running system may write ${configs.length ? configs.join(', ') : 'an I/O firewall configuration (the design names none)'}, so every block stays open to every core and the allocation is never enforced`;
    return { ...base, verdict: 'violated', summary, evidence: [{ title: 'I/O firewall: never programmed', lines: [summary], reproduce }, ...evidence], requirements };
  }
  const violated = suite.find((r) => r.verdict === 'violated');
  if (breached.length) {
    const first = breached[0]!;
    const more = breached.length > 1 ? ` (and ${breached.length - 1} more: ${breached.slice(1).map((p) => p.requirement).join(', ')})` : '';
    return { ...base, verdict: 'violated', summary: `${first.requirement}: ${first.summary}${more}`, evidence, requirements };
  }
  if (violated) return { ...base, verdict: 'violated', summary: `${violated.check}: ${violated.summary}`, evidence, requirements };
  const unknown = suite.find((r) => r.verdict === 'unknown');
  if (unknown) return { ...base, verdict: 'unknown', summary: `${unknown.check}: ${unknown.summary}`, evidence, requirements };
  // Every protection and suite check read the design's app isolation; a field it leaves out on an OS that is not
  // Azure Sphere's was Azure Sphere's placeholder (model/platform/app-isolation-stated.ts), so nothing above holds on it.
  if (spec.unstated.length) {
    const fields = spec.unstated.map((u) => u.pointer).join(', ');
    const lines = spec.unstated.map((u) => `${displayPath(product.platformFile)} ${u.pointer}: not stated; ${u.reason}`);
    return {
      ...base,
      verdict: 'unknown',
      summary: `${displayPath(product.platformFile)} leaves ${fields} out, and ${spec.unstated[0]!.reason.split(';')[0]}: state how its OS keeps apps apart`,
      evidence: [{ title: `platform design: ${spec.unstated.length} app-isolation field${spec.unstated.length === 1 ? '' : 's'} not stated`, lines, reproduce, data: { unstated: spec.unstated.map((u) => u.field) } }, ...evidence],
      requirements: [refer(profile, HARDWARE_BARRIERS, barriersAsked ? 'unknown' : 'not-applicable'), refer(profile, FAILURE_ISOLATION, crashAsked ? 'unknown' : 'not-applicable'), ...protections.map((p) => refer(profile, p.requirement, p.outcome === 'met' ? 'unknown' : p.outcome))],
    };
  }
  // Every check above held the apps to barriers a debugger attached to a real-time core may pass; what it reaches has no source (debug-reach.ts).
  const debugReach = barriersAsked ? unsourcedDebugReach(product.deployment) : undefined;
  if (debugReach) {
    return {
      ...base,
      verdict: 'unknown',
      summary: `${HARDWARE_BARRIERS}: ${debugReach}`,
      evidence: [{ title: 'deployment: a debugger on the real-time cores', lines: [`${displayPath(product.file)} /deployment/deviceCapabilities: ${debugReach}`], reproduce }, ...evidence],
      requirements: requirements.map((q) => (q.id === HARDWARE_BARRIERS && q.outcome === 'met' ? { ...q, outcome: 'unknown' as const } : q)),
    };
  }
  // Every check above read what each app slot reaches over the bus masters the design states; an app driving a
  // peripheral block on a design that states none may have its DMA engine reach past its barriers (bus-masters.ts).
  const unstatedReach = barriersAsked ? busMastersUnstated(product.platform, product.apps) : [];
  if (unstatedReach.length > 0) {
    return {
      ...base,
      verdict: 'unknown',
      summary: `${HARDWARE_BARRIERS}: ${unstatedReach[0]!}${unstatedReach.length > 1 ? ` (and ${unstatedReach.length - 1} more)` : ''}`,
      evidence: [{ title: 'platform design: bus masters not stated', lines: unstatedReach.map((l) => `${displayPath(product.platformFile)} /busMasters: ${l}`), reproduce }, ...evidence],
      requirements: requirements.map((q) => (q.id === HARDWARE_BARRIERS && q.outcome === 'met' ? { ...q, outcome: 'unknown' as const } : q)),
    };
  }
  const tried = protections.filter((p) => p.outcome === 'met').length;
  const idle = protections.length - tried;
  const trivial = suite.filter((r) => r.trivial);
  return {
    ...base,
    verdict: 'holds',
    summary: `${!proof ? 'firewall allocation not asked' : noBlock ? 'firewall allocation trivial (no I/O block claimed)' : 'firewall allocation proved'}; ${tried} app protection${tried === 1 ? '' : 's'} withstood their attacks${idle ? ` (${idle} not applicable)` : ''}; ${suite.length} suite checks passed${trivial.length ? ` (${trivial.map((r) => `${r.check} trivially: ${r.trivial}`).join('; ')})` : ''}`,
    bound: `${proof ? `allocation sat (${proof.decidedBy}${noBlock ? ', no block claimed' : ''})` : 'allocation not asked'}; ${protections.reduce((n, p) => n + p.attacks, 0)} protection attacks; ${suite.map((r) => (r.trivial ? `${r.check} trivial (${r.trivial})` : `${r.check} ${r.runs} runs`)).join(', ')}; seed ${context.seed}`,
    evidence,
    requirements,
  };
}

/** hardware-barriers is met when the model-based and noninterference checks hold (the allocation was proved before). */
function barriersOutcome(suite: readonly SuiteResult[]): RequirementRef['outcome'] {
  const relevant = suite.filter((r) => r.check !== 'crash-isolation');
  if (relevant.some((r) => r.verdict === 'violated')) return 'failed';
  return relevant.length > 0 && relevant.every((r) => r.verdict === 'holds') ? 'met' : 'unknown';
}

/**
 * What a one-sided partner listing leads to. Under both-list-each-other the channel between the apps stays closed, but
 * the sender still sends: the layers above the partner on its core take each message to check both lists and refuse
 * it, which is input from the sender (model/platform/app-interfaces.ts, the edge defense-in-depth counts under
 * derived-exploitability; named from that one rule, so the warning and the attack graph cannot part).
 */
function oneSidedConsequence(link: IsolationSpec['oneSidedLinks'][number], spec: IsolationSpec, product: Product): string {
  if (spec.isolation.appConnections !== 'both-list-each-other') return `the platform design (appConnections ${spec.isolation.appConnections}) opens the channel anyway`;
  // The compartments are the product's apps in order (model/isolation/apps.ts), as appInterfaces reads them.
  const sender = spec.compartments.indexOf(link.from);
  const takers = appInterfaces(product, {}, spec).filter((f) => f.app === sender && f.pointer === link.pointer && f.kind === 'channel').map((f) => f.component);
  const take = `${takers.join(' and ')} still take${takers.length === 1 ? 's' : ''} each message ${link.from.name} sends`;
  const exploit = `input from ${link.from.name}, one exploit of each under defense-in-depth.derived-exploitability`;
  if (link.toName === undefined) {
    if (!takers.length) return 'the channel stays closed (no app of the product has that id, and no layer above another app slot of the design takes what it sends)';
    return `the channel stays closed (no app of the product has that id), but ${take}, to find the app it names and refuse it: ${exploit}`;
  }
  if (!takers.length) return 'the channel stays closed';
  return `the channel between the two apps stays closed, but ${takers.join(' and ')} on ${link.toName}'s core still take${takers.length === 1 ? 's' : ''} each message ${link.from.name} sends, to check both lists and refuse it: ${exploit}`;
}

function requirementRefs(profile: RequirementProfile, barriers: RequirementRef['outcome'], crash: SuiteResult | undefined, protections: readonly ProtectionResult[]): RequirementRef[] {
  // Not asked: the crash check did not run (asked-rules.ts).
  const crashOutcome: RequirementRef['outcome'] = !asks(profile, FAILURE_ISOLATION) ? 'not-applicable' : crash?.verdict === 'holds' ? 'met' : crash?.verdict === 'violated' ? 'failed' : 'unknown';
  return [refer(profile, HARDWARE_BARRIERS, barriers), refer(profile, FAILURE_ISOLATION, crashOutcome), ...protections.map((p) => refer(profile, p.requirement, p.outcome))];
}

function protectionEvidenceOf(p: ProtectionResult, product: Product, reproduce: string): Evidence {
  const stated = p.outcome === 'failed' ? designStatement(product, p.requirement) : undefined;
  return {
    title: `${p.requirement}: ${p.outcome}${p.attacks ? ` (${p.attacks} attack${p.attacks === 1 ? '' : 's'} on the emulator)` : ''}`,
    lines: [p.summary, ...(stated ? [`the platform design allows it: ${stated}`] : []), ...(p.trace ? ['emulator trace:', ...p.trace.map((l) => `  ${l}`)] : [])],
    reproduce,
    data: { requirement: p.requirement, outcome: p.outcome, ...(p.trace ? { trace: p.trace } : {}) },
  };
}

/** The app-isolation values the platform design left out and the check took from Azure Sphere (not a verdict change: where they came from). */
function defaultsEvidence(product: Product): Evidence[] {
  const defaults = appIsolationDefaults(product.basePlatform);
  if (defaults.length === 0) return [];
  return [{
    title: `platform design: ${defaults.length} app-isolation value${defaults.length === 1 ? '' : 's'} left out, Azure Sphere's default${defaults.length === 1 ? '' : 's'} applied`,
    lines: defaults.map((d) => `${displayPath(product.platformFile)} /appIsolation/${d.field}: not stated; taken as "${d.value}" (Azure Sphere's behaviour, azure-sphere-facts §1.3, §1.4, §2.1), so the protections above rest on that default`),
    data: { defaults: Object.fromEntries(defaults.map((d) => [d.field, d.value])) },
  }];
}

function conflictEvidence(conflict: ExplainedConflict, reproduce: string): Evidence {
  return {
    title: `conflict (${conflict.kind}${conflict.deviceError ? `, device error ${conflict.deviceError}` : ''})`,
    lines: [
      conflict.message,
      ...conflict.claims.map((c) => `  ${displayPath(c.file)}${c.position ? `:${c.position.line}:${c.position.column}` : ''} ${c.pointer}: ${c.description}`),
      ...conflict.fixes.map((f) => `  fix: ${f}`),
    ],
    reproduce,
    data: conflict,
  };
}

async function timedPlay(timings: CheckTiming[], play: () => Promise<ServiceCrashPlay>): Promise<ServiceCrashPlay> {
  const started = performance.now();
  const result = await play();
  timings.push({ check: 'shared service crashes (emulator)', ms: Math.round(performance.now() - started) });
  return result;
}

async function timedLoaders(timings: CheckTiming[], play: () => Promise<AppLoaderOutcome>): Promise<AppLoaderOutcome> {
  const started = performance.now();
  const result = await play();
  timings.push({ check: 'apps loading other components (emulator)', ms: Math.round(performance.now() - started) });
  return result;
}

/**
 * Hardware-based root of trust: "Does the device have a unique, unforgeable identity that is
 * inseparable from the hardware?" Decided on the boot emulator (emulator/boot/), which provisions the
 * product's device: its instantiated platform (only the app stages the product has, named after its
 * apps), carrying the device capabilities of the product's deployment, with the run's seed. One normal
 * boot and every attack at every stage, then one rule per file over those boots and a few of their own:
 * every attack is rejected, running images are signed by keys chained to the anchor, stages are
 * measured before they run, counters are raised only for verified images, the anchor is immutable,
 * private keys are confined to Pluton and only secure-world firmware writes the trusted key store (each
 * component compromised in turn tries every access), development-signed apps do not run outside
 * development (booted), the product's images are production-signed and verify under trusted keys, every
 * device of a fleet has its own identity (a fleet provisioned and quoted), no debugger the deployed devices let onto
 * the real-time cores can change what the checks verified (unknown: its reach has no source), and the identity key
 * stays in Pluton (every bus scanned). Each rule tests one requirement of the profile, listed in the verdict.
 * Each signature verdict is node:crypto's, confirmed by noble once per distinct (key, signature, message).
 */
import { busMastersUnstated } from '../../model/platform/bus-masters.js';
import { ATTACK_KINDS, BootLab, CrossCheckedVerifier } from '../../emulator/boot/index.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { SignatureCrossCheckError } from '../../formats/image-package/index.js';
import type { Product } from '../../model/product/product.js';
import { refer, requirement } from '../../model/requirements/requirement-profile.js';
import { notAskedText } from '../asked-rules.js';
import type { PropertyCheckContext } from '../registry.js';
import type { CheckTiming, Evidence, PropertyResult } from '../verdict.js';
import { ANCHOR_REQUIREMENT, checkAnchor } from './anchor.js';
import { APP_DEVELOPMENT_REQUIREMENT, checkAppDevelopment } from './app-development.js';
import { ATTACKS_REQUIREMENT, checkAttacks } from './attacks.js';
import { checkIdentityKey, IDENTITY_REQUIREMENT, quoteKeyOf, type ScannedDevice } from './identity-key.js';
import { CHAIN_REQUIREMENT, checkImageSigners, checkImageTrust, PRODUCTION_SIGNED_REQUIREMENT } from './images.js';
import { checkKeyChains } from './key-chains.js';
import { checkKeyStoreWrites, checkPrivateKeyConfinement, KEY_STORE_REQUIREMENT, PRIVATE_KEYS_REQUIREMENT, runCompromisedComponents, type ConfinementRun } from './key-confinement.js';
import { checkMeasurement, MEASUREMENT_REQUIREMENT } from './measurement.js';
import { asksRule, notRun, requirementRefs, ROLLBACK_REQUIREMENT, underProfile } from './requirements.js';
import { checkRollbackCounters } from './rollback-counter.js';
import { checkRtCoreDebugging } from './rt-core-debugging.js';
import type { AttackRun, NotApplicableAttack, RuleInput, RuleOutcome } from './rule.js';
import { checkUniqueIdentity, UNIQUE_IDENTITY_REQUIREMENT } from './unique-identity.js';
import { checkVerifierTakeover } from './verifier-takeover.js';

export { sweepSingleFaults, type FaultCase, type FaultSweepOptions, type FaultSweepResult } from '../../emulator/boot/index.js';

const PROPERTY = 'hardware-root-of-trust';

/** Every requirement of this property's section the rules test (a profile lacking one makes the verdict unknown, before any boot). */
const OWN_REQUIREMENTS = [
  ATTACKS_REQUIREMENT,
  CHAIN_REQUIREMENT,
  MEASUREMENT_REQUIREMENT,
  ANCHOR_REQUIREMENT,
  PRIVATE_KEYS_REQUIREMENT,
  KEY_STORE_REQUIREMENT,
  APP_DEVELOPMENT_REQUIREMENT,
  PRODUCTION_SIGNED_REQUIREMENT,
  UNIQUE_IDENTITY_REQUIREMENT,
  IDENTITY_REQUIREMENT,
];

/**
 * Each rule with the requirement it decides (one rule per requirement, in the order the verdict lists them) and the
 * shared runs it reads: the attack boots (every attack kind at every stage) and the compromised components' key
 * accesses. The identity-key scan, run last over every device of the others, reads both.
 */
const RULES: { name: string; requirement: string; reads: readonly ('attacks' | 'confinement')[]; check: (input: RuleInput, confinement: ConfinementRun) => RuleOutcome }[] = [
  { name: 'attacks rejected', requirement: ATTACKS_REQUIREMENT, reads: ['attacks'], check: (input) => checkAttacks(input) },
  { name: 'verifiers no attacker takes over', requirement: ATTACKS_REQUIREMENT, reads: [], check: (input) => checkVerifierTakeover(input) },
  { name: 'key chains', requirement: CHAIN_REQUIREMENT, reads: ['attacks'], check: (input) => checkKeyChains(input) },
  { name: 'measured before run', requirement: MEASUREMENT_REQUIREMENT, reads: [], check: (input) => checkMeasurement(input) },
  { name: 'counters raised after verification', requirement: ROLLBACK_REQUIREMENT, reads: ['attacks'], check: (input) => ({ requirement: ROLLBACK_REQUIREMENT, ...checkRollbackCounters(input) }) },
  { name: 'anchor immutable', requirement: ANCHOR_REQUIREMENT, reads: [], check: (input) => checkAnchor(input) },
  { name: 'private keys confined', requirement: PRIVATE_KEYS_REQUIREMENT, reads: ['confinement'], check: (input, confinement) => checkPrivateKeyConfinement(input, confinement) },
  { name: 'key store writes confined', requirement: KEY_STORE_REQUIREMENT, reads: ['confinement'], check: (input, confinement) => checkKeyStoreWrites(input, confinement) },
  { name: 'development-signed apps', requirement: APP_DEVELOPMENT_REQUIREMENT, reads: [], check: (input) => checkAppDevelopment(input) },
  { name: "the product's images: trusted signers", requirement: CHAIN_REQUIREMENT, reads: [], check: (input) => checkImageTrust(input) },
  { name: "the product's images: production-signed", requirement: PRODUCTION_SIGNED_REQUIREMENT, reads: [], check: (input) => checkImageSigners(input) },
  { name: 'unique identity', requirement: UNIQUE_IDENTITY_REQUIREMENT, reads: [], check: (input) => checkUniqueIdentity(input) },
  // Last, so the rules above keep their place in a summary: a debugger on the deployed devices' real-time cores.
  { name: 'no debugger on deployed devices', requirement: CHAIN_REQUIREMENT, reads: [], check: (input) => checkRtCoreDebugging(input) },
];

export async function checkHardwareRootOfTrust(product: Product, context: PropertyCheckContext): Promise<PropertyResult> {
  const design = product.platform;
  const profile = context.requirements;
  for (const id of OWN_REQUIREMENTS) requirement(profile, id);
  const reproduce = `${context.command} --seed ${context.seed}`;
  const timings: CheckTiming[] = [];
  const timed = <T>(check: string, work: () => T): T => {
    const started = performance.now();
    const result = work();
    timings.push({ check, ms: performance.now() - started });
    return result;
  };
  if (design.boot.length === 0) {
    return { property: PROPERTY, verdict: 'unknown', summary: `${displayPath(product.platformFile)} has no boot stages: there is no boot chain to check`, timings, requirements: OWN_REQUIREMENTS.map((id) => refer(profile, id, 'unknown')) };
  }
  if (design.keys.length === 0) {
    return { property: PROPERTY, verdict: 'violated', summary: `${displayPath(product.platformFile)} has no signing keys: no boot stage can be verified and nothing is anchored in hardware`, timings, requirements: [refer(profile, CHAIN_REQUIREMENT, 'failed')] };
  }
  // Each rule runs only when the profile asks for the requirement it decides (RULES); none asked, no device is made.
  const on = (id: string) => asksRule(profile, id);
  const identityAsked = on(IDENTITY_REQUIREMENT);
  if (!identityAsked && !RULES.some((r) => on(r.requirement))) {
    const none = [...RULES.map((r) => notRun(r.name, r.requirement)), notRun('identity key stays in Pluton', IDENTITY_REQUIREMENT)];
    return { property: PROPERTY, verdict: 'holds', summary: notAskedText([...new Set(none.map((r) => r.requirement!))]), bound: 'not run: no device provisioned or booted', timings, requirements: requirementRefs(profile, none) };
  }
  try {
    const capabilities = product.deployment.deviceCapabilities;
    context.progress(`provisioning an emulated device from ${displayPath(product.platformFile)} (seed ${context.seed}${capabilities.length ? `, device capabilities ${capabilities.join(', ')}` : ''})`);
    const started = performance.now();
    // The run's one lab for this design and seed: defense-in-depth's fault sweep boots the same one.
    // The identity key is the protocol's quote key, not the design's first private key (a client key may come first).
    const identityKey = quoteKeyOf(product);
    const lab = await BootLab.shared(design, { seed: context.seed, capabilities, ...(identityKey !== undefined ? { identityKey } : {}) });
    timings.push({ check: 'factory: keys, certificates, images, manifests', ms: performance.now() - started });
    const verifier = new CrossCheckedVerifier();

    // The attack boots and the compromised components run only when a rule that reads them is asked (a profile
    // switching every such rule off boots the device once).
    const readsAttacks = identityAsked || RULES.some((r) => r.reads.includes('attacks') && on(r.requirement));
    const readsConfinement = identityAsked || RULES.some((r) => r.reads.includes('confinement') && on(r.requirement));
    context.progress(readsAttacks ? `booting: normal, then ${ATTACK_KINDS.length} attacks × ${design.boot.length} stages` : 'booting: normal (no rule the profile asks reads the boot attacks)');
    // An attack the design's shape rules out (a swap needs a second stage) is listed, not booted.
    const aimed = readsAttacks ? ATTACK_KINDS.flatMap((kind) => design.boot.map((stage) => ({ kind, stage: stage.image, reason: lab.attacker.notApplicable(kind, stage.image) }))) : [];
    const notApplicable = aimed.filter((a): a is NotApplicableAttack => a.reason !== undefined);
    const { normal, attacks } = timed(readsAttacks ? 'normal boot and attacks' : 'normal boot', () => ({
      normal: lab.boot(verifier),
      attacks: aimed.filter((a) => a.reason === undefined).map(({ kind, stage }): AttackRun => {
        const plan = lab.attacker.plan(kind, stage);
        return { plan, run: lab.boot(verifier, { attack: plan }) };
      }),
    }));
    const input: RuleInput = { product, requirements: profile, lab, verifier, normal, attacks, notApplicable, reproduce };
    const confinement = readsConfinement ? timed('compromised components try every key access', () => runCompromisedComponents(input)) : undefined;
    const rules: RuleOutcome[] = RULES.map((r) => (on(r.requirement) ? timed(r.name, () => r.check(input, confinement!)) : notRun(r.name, r.requirement)));
    // Last: it scans the bus logs of every boot and device above, and adds the quote exchange first.
    const scanned: ScannedDevice[] = [
      ...rules.flatMap((r) => r.extraBoots.map((run) => ({ scenario: run.trace.scenario, device: run.device, trace: run.trace }))),
      ...[...(confinement?.devices ?? [])].map(([component, device]) => ({ scenario: `compromised ${component}`, device })),
    ];
    rules.push(identityAsked ? timed('identity key stays in Pluton', () => checkIdentityKey(input, scanned)) : notRun('identity key stays in Pluton', IDENTITY_REQUIREMENT));
    const judged = rules.map((r) => underProfile(profile, r));

    const extra = judged.flatMap((r) => r.extraBoots);
    const boots = 1 + attacks.length + extra.length;
    const attackBoots = readsAttacks ? `${ATTACK_KINDS.length} attacks × ${design.boot.length} stages${notApplicable.length ? ` − ${notApplicable.length} not applicable` : ''}` : 'no attack (no rule the profile asks reads them)';
    const compromised = confinement ? `${confinement.devices.size} compromised components × read, use, write of every key asset` : 'no compromised component (no rule the profile asks reads them)';
    const bound = `${boots} boots: normal + ${attackBoots} + ${extra.length} measurement-exposure, recovery, development-signed-app and fleet boots; ${compromised}; seed ${context.seed}; ${verifier.verifications} ECDSA verifications (each distinct one decided once by node:crypto): ${verifier.nobleChecks} distinct verdicts confirmed by noble`;
    const evidence: Evidence[] = [...judged.filter((r) => r.verdict !== 'holds'), ...judged.filter((r) => r.verdict === 'holds')].flatMap((r) => r.evidence);
    const requirements = requirementRefs(profile, judged);
    const frame = { property: PROPERTY, bound, evidence, timings, requirements };
    const violated = judged.filter((r) => r.verdict === 'violated');
    if (violated.length > 0) return { ...frame, verdict: 'violated', summary: violated.map((r) => `${r.rule}: ${r.summary}`).join(' | ') };
    const unknown = judged.find((r) => r.verdict === 'unknown');
    if (unknown) return { ...frame, verdict: 'unknown', summary: `${unknown.rule}: ${unknown.summary}` };
    // Who verifies a stage and who reaches a key were read over the bus masters the design states; an app driving a
    // peripheral block on a design that states none may have a DMA engine write a verifier's code (bus-masters.ts).
    // Only where a rule was judged met: a profile that asks none is the profile's matter (nothing checked), not this.
    const unstatedReach = requirements.some((q) => q.id.startsWith(`${PROPERTY}.`) && q.outcome === 'met') ? busMastersUnstated(product.platform, product.apps) : [];
    if (unstatedReach.length > 0) {
      const lines = unstatedReach.map((l) => `${displayPath(product.platformFile)} /busMasters: ${l}`);
      return { ...frame, evidence: [{ title: 'bus masters not stated', lines, reproduce }, ...evidence], requirements: requirements.map((q) => (q.id.startsWith(`${PROPERTY}.`) && q.outcome === 'met' ? { ...q, outcome: 'unknown' as const } : q)), verdict: 'unknown', summary: `${unstatedReach[0]!}${unstatedReach.length > 1 ? ` (and ${unstatedReach.length - 1} more)` : ''}` };
    }
    return { ...frame, verdict: 'holds', summary: judged.map(summaryPart).filter((part) => part !== undefined).join('; ') };
  } catch (err) {
    if (err instanceof SignatureCrossCheckError) {
      return { property: PROPERTY, verdict: 'unknown', summary: `noble and node:crypto disagree about a signature, so no verdict can be trusted: ${err.message}`, timings };
    }
    throw err;
  }
}

/**
 * A rule's part of a holds summary: its name claims what it checked, so a rule the profile switched off
 * (and that found a flaw) or one that did not apply (no image named, a fleet of one) says so instead.
 */
function summaryPart(r: RuleOutcome): string | undefined {
  // Not run: the verdict's frame names the rules the profile switched off (verdict.ts holdsOnlyOnWhatTheProfileAsked).
  if (r.notRun) return undefined;
  if (r.switchedOffVerdict !== undefined) return r.switchedOffVerdict === 'holds' ? r.rule : `not required by the profile (${r.requirement}): ${r.rule}, which would be ${r.switchedOffVerdict}`;
  return r.requirementOutcome === 'not-applicable' ? `${r.rule}: not applicable (${r.summary})` : r.rule;
}

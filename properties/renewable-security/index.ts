/**
 * Renewable security: "Is the device's software updated automatically?" — renewal brings the device
 * forward to a secure state and revokes compromised assets. Judged against the requirement profile, for
 * the product as it is deployed (its apps, their delivery, its device group), on the update emulator
 * (emulator/update/) provisioned from the product's platform and update designs with the run's seed.
 * Static rules first, all of them (each cheap, each naming its requirement and the file that breaks it):
 *   - the update design fits the platform (every stage renewable; images sharing a counter update together);
 *   - every app is renewed where it is deployed; the group takes the system software;
 *   - update checks and deferral within the profile's hours; no app that may take the device down or off the network at will;
 *   - a genuine image of the profile's largest size downloads within the timeout at the profile's slowest link;
 *   - every updatable stage has its own rollback counter (the rule hardware-root-of-trust reads too), and a recovery
 *     path the design states compares versions with those counters too;
 *   - the update metadata binds each target to its digest (an image key alone installs nothing);
 *   - an offline root key can replace the online metadata keys (a thief of them is shut out once they are rotated);
 *   - the trusted key store of before a revocation stays out, and every key no update can revoke is kept offline;
 *   - a power cut between the installer's raise of the key store's counter and the bank switch leaves no window open
 *     (and a device that boots).
 * Then the emulated rules, cheapest first, until one is violated (the rest are named as not run):
 *   - a release reaches the product's devices within the profile's hours;
 *   - a revoked release stops running, each stage on its own counter;
 *   - a compromised signing key is revoked: replaced by a key-store update the device installs, its images then
 *     refused, the old key store not brought back by replayed metadata;
 *   - the attack catalog (TUF, Uptane, SUIT);
 *   - a power cut or torn write at every flash operation of an update.
 * The emulated rules give the static findings their concrete witness; they need a design that fits the platform.
 */
import { UpdateLab } from '../../emulator/update/index.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import type { Product } from '../../model/product/product.js';
import { hasRequirement } from '../../model/requirements/requirement-profile.js';
import { MAX_FREEZE_DETECTION } from '../../model/update/update-requirements.js';
import { groupTakingEverything } from './test-group.js';
import { deferringApp, updateDesignOf, withDeploymentGroup } from '../../model/update/product-update.js';
import { deploymentReach } from '../../model/update/renewal.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import type { PropertyCheckContext } from '../registry.js';
import { requirementOutcomes } from '../requirement-outcomes.js';
import type { CheckTiming, Evidence, PropertyResult } from '../verdict.js';
import { ATTACKS_DEFEATED, checkAttacks } from './attacks.js';
import { checkCheckInterval, checkDeferral } from './bounds.js';
import { checkClockSetters } from './clock.js';
import { checkUpdateBlockers } from './update-blockers.js';
import { checkAppsRenewable, checkSystemRenewable } from './deployment.js';
import { checkDesignFits, EVERY_STAGE_RENEWABLE } from './design-fit.js';
import { checkKeyRevocation } from './key-revocation.js';
import { checkKeyStoreProtection } from './key-store-protection.js';
import { checkSigningKeyCustody } from './signing-key-custody.js';
import { checkDownloadTime, linkOf } from './download.js';
import { checkPowerCuts, POWER_LOSS_SAFE } from './power-cuts.js';
import { checkReach, MAX_REACH } from './reach.js';
import { checkRevocation } from './revocation.js';
import { checkRollbackCounters } from './rollback-counters.js';
import { checkRecoveryFlashing } from './recovery-flashing.js';
import { checkKeyStoreCounterOrder } from './key-store-counter-order.js';
import { checkTargetBinding } from './target-binding.js';
import { checkMetadataKeyRotation } from './metadata-key-rotation.js';
import { ROLLBACK_REQUIREMENT } from '../../model/update/rollback.js';
import type { RuleInput, RuleOutcome } from './rule.js';
import { asks, notAskedText } from '../asked-rules.js';
import { builtinProtocolFile, loadProtocol } from '../../model/attestation/load-protocol.js';

/** A rule not run because the profile switches its requirement off: named, not applicable (asked-rules.ts). */
const notAsked = (rule: string, requirement: string): RuleOutcome => ({ rule, requirement, verdict: 'holds', notApplicable: true, summary: notAskedText([requirement]), bound: 'not run', evidence: [] });

const PROPERTY = 'renewable-security';

const optional = (outcome: RuleOutcome | undefined): RuleOutcome[] => (outcome ? [outcome] : []);

export async function checkRenewableSecurity(product: Product, context: PropertyCheckContext): Promise<PropertyResult> {
  const timings: CheckTiming[] = [];
  const update = updateDesignOf(product);
  const reproduce = `${context.command} --seed ${context.seed}`;
  if (!update.design) return { property: PROPERTY, verdict: 'unknown', summary: `the update design ${displayPath(update.file)} cannot be used: ${update.errors[0] ?? 'unknown error'}`, evidence: [{ title: 'update design errors', lines: update.errors }], timings };
  // The built-in design is Azure Sphere's update service, which renews Microsoft's OS and the images its kinds name:
  // taken by default for a platform it does not describe (another device's ids, or an OS not shown to be Microsoft's),
  // whatever it would decide is about another device, the same as failure-reporting's log.
  if (update.defaultForOtherDevice) return { property: PROPERTY, verdict: 'unknown', summary: update.defaultForOtherDevice, evidence: [{ title: 'no update design of this device', lines: [update.defaultForOtherDevice] }], timings };
  const profile = context.requirements;
  const design = withDeploymentGroup(update.design, product.deployment);
  const group = product.deployment.group.name;
  const fits = checkDesignFits(update, product, reproduce);
  // Each rule is keyed to its requirement; one the profile switches off is not counted or run (the fit still
  // decides whether the emulated rules can run: they need a design that fits the platform).
  const outcomes: RuleOutcome[] = [
    asks(profile, EVERY_STAGE_RENEWABLE) ? fits : notAsked(fits.rule, EVERY_STAGE_RENEWABLE),
    checkAppsRenewable(product, update.design, profile, reproduce),
    checkSystemRenewable(product, update.design, profile, reproduce),
    checkCheckInterval(design, update.file, product, profile, reproduce),
    checkDeferral(design, update.file, product, profile, reproduce),
    checkUpdateBlockers(product, reproduce),
    checkDownloadTime(design, update.file, profile, reproduce),
    ...(hasRequirement(profile, MAX_FREEZE_DETECTION) ? [checkClockSetters(design, update.file, product, reproduce, protocolOf(product))] : []),
    checkRollbackCounters(product, design, update.file, profile, reproduce),
    // A recovery path the design states is a second way onto the device: held to the same requirement.
    ...optional(checkRecoveryFlashing(design, update.file, profile, reproduce)),
    // What ties a listed target to the bytes installed: without the digest, an image key alone installs over the air.
    checkTargetBinding(design, update.file, profile, reproduce),
    // Who replaces the online metadata keys once stolen: with nothing, the thief keeps every device on old images.
    checkMetadataKeyRotation(design, update.file, profile, reproduce),
    // When the installer raises the key store's counter, against the bank switch: what a power cut between them leaves.
    ...optional(checkKeyStoreCounterOrder(product.platform, design, update.file, profile, reproduce)),
    // The key-store rule stands on its own: the emulated key revocation below may find more, never less.
    ...(asks(profile, EVERY_STAGE_RENEWABLE) ? checkKeyStoreProtection(product.platform, displayPath(product.platformFile), reproduce) : []),
    // So does the custody rule: a key no update can revoke, kept online or of unstated custody, decides whatever the play finds.
    ...(asks(profile, EVERY_STAGE_RENEWABLE) ? checkSigningKeyCustody(product.platform, displayPath(product.platformFile), reproduce) : []),
  ];
  const emulated: [string, string, (input: RuleInput) => RuleOutcome | Promise<RuleOutcome>][] = [
    ['reach', MAX_REACH, checkReach],
    ['revocation', ROLLBACK_REQUIREMENT, checkRevocation],
    ['key revocation', EVERY_STAGE_RENEWABLE, checkKeyRevocation],
    ['attacks', ATTACKS_DEFEATED, checkAttacks],
    ['power cuts', POWER_LOSS_SAFE, checkPowerCuts],
  ];
  const staticRules = outcomes.length;
  const notRun: { name: string; requirement: string; why: string; notAsked?: true }[] = [];
  const notes: Evidence[] = [];
  // An undecided fit (the design leaves out what a rule ranges over) still lets the emulated rules run: they may find a violation.
  if (fits.verdict === 'violated') {
    for (const [name, requirement] of emulated) notRun.push(asks(profile, requirement) ? { name, requirement, why: 'the update design does not fit the platform' } : { name, requirement, why: notAskedText([requirement]), notAsked: true });
  } else {
    const testGroup = groupTakingEverything(design, group);
    context.progress(`provisioning an update lab from ${displayPath(product.platformFile)} and ${displayPath(update.file)} (seed ${context.seed})`);
    const started = performance.now();
    const link = linkOf(profile);
    const lab = await UpdateLab.open(product.platform, design, { seed: context.seed, product: metadataProductName(product.name), deviceGroup: testGroup, ...(link ? { link } : {}) }).catch((err: unknown) => {
      // A design the lab cannot build a release for (no key to sign a stage with) is a shape of the input, not a
      // Sevenfold defect: the emulated rules are not decided and say why, as the boot emulator's fault sweep does.
      const why = `the update lab cannot be provisioned from this design: ${err instanceof Error ? err.message : String(err)}`;
      for (const [name, requirement] of emulated) notRun.push(asks(profile, requirement) ? { name, requirement, why } : { name, requirement, why: notAskedText([requirement]), notAsked: true });
      return undefined;
    });
    timings.push({ check: 'factory: vendor keys, releases, service keys', ms: performance.now() - started });
    const input: RuleInput | undefined = lab && { lab, design, product, requirements: profile, group, deferringApp: deferringApp(product, design), reproduce, progress: context.progress };
    if (input) for (const [name, requirement, rule] of emulated) {
      if (!asks(profile, requirement)) {
        outcomes.push(notAsked(name, requirement));
        // The catalog's deadline attacks (the freeze) judge a number the profile always asks (attacks.ts): they still run.
        if (requirement !== ATTACKS_DEFEATED) continue;
      }
      const stop = outcomes.slice(staticRules).find((o) => o.verdict === 'violated');
      if (stop) {
        if (asks(profile, requirement)) notRun.push({ name, requirement, why: `${stop.rule} was violated` });
        continue;
      }
      context.progress(`checking: ${name}`);
      const t = performance.now();
      outcomes.push(await rule(input));
      timings.push({ check: name, ms: performance.now() - t });
    }
    if (testGroup !== group) notes.push({ title: `revocation, attacks and power cuts ran on a ${testGroup} device`, lines: [`the product's ${group} group does not take every update kind (${deploymentReach(product.deployment).noApps ?? deploymentReach(product.deployment).noSystem ?? ''}); these rules judge the update design, so they run in a group that does`] });
  }
  const requirements = requirementOutcomes(profile, [
    ...outcomes.flatMap((o) => [{ requirement: o.requirement, verdict: o.verdict, ...(o.notApplicable ? { notApplicable: true } : {}) }, ...(o.alsoTested ?? [])]),
    ...notRun.map((n) => (n.notAsked ? { requirement: n.requirement, verdict: 'holds' as const, notApplicable: true } : { requirement: n.requirement, verdict: undefined })),
  ]);
  const evidence: Evidence[] = [...outcomes.filter((o) => o.verdict !== 'holds'), ...outcomes.filter((o) => o.verdict === 'holds')].flatMap((o) => o.evidence).concat(notes);
  const bound = `${outcomes.map((o) => `${o.rule}: ${o.bound}`).join('; ')}; seed ${context.seed}${notRun.length ? `; not run: ${notRun.map((n) => `${n.name} (${n.why})`).join(', ')}` : ''}`;
  // Checks that played nothing (the threat absent from the design) are named with their reason, apart from the evidence.
  const notApplicableChecks = outcomes.flatMap((o) => o.notApplicableChecks ?? []);
  const frame = { property: PROPERTY, bound, evidence, timings, requirements, ...(notApplicableChecks.length ? { notApplicableChecks } : {}) };
  const violated = outcomes.filter((o) => o.verdict === 'violated');
  if (violated.length) return { ...frame, verdict: 'violated', summary: violated.map((o) => `${o.rule} (${o.requirement}): ${o.summary}`).join(' | ') };
  // Every undecided rule is named, as every violated one is: a reader who settles the first must not take the verdict
  // for decided once it is (the built-in design leaves both its time source and its recovery path's check unstated).
  const unknown = outcomes.filter((o) => o.verdict === 'unknown');
  if (unknown.length) return { ...frame, verdict: 'unknown', summary: unknown.map((o) => `${o.rule} (${o.requirement}): ${o.summary}`).join(' | ') };
  // An asked rule that did not run decides nothing: never holds.
  const undecided = notRun.find((n) => !n.notAsked);
  if (undecided) return { ...frame, verdict: 'unknown', summary: `${undecided.name} (${undecided.requirement}) not run: ${undecided.why}` };
  return { ...frame, verdict: 'holds', summary: outcomes.map((o) => o.summary).join('; ') };
}

/** Update metadata carries the product name in at most 64 UTF-8 bytes; a longer descriptive name is shortened, not refused. */
/** The product's protocol design (the built-in one where it names none), for what the device accepts of a server certificate; undefined when it does not load (certificate-authentication reports why). */
function protocolOf(product: Product): { design: NonNullable<ReturnType<typeof loadProtocol>['design']>; file: string } | undefined {
  const file = product.protocolFile ?? builtinProtocolFile();
  const loaded = loadProtocol(file);
  return loaded.design ? { design: loaded.design, file } : undefined;
}

function metadataProductName(name: string): string {
  let out = '';
  for (const ch of name) {
    if (Buffer.byteLength(out + ch, 'utf8') > 64) break;
    out += ch;
  }
  return out || 'product';
}

/**
 * Hardware-based root of trust: "Does the device have a unique, unforgeable identity that is
 * inseparable from the hardware?" Decided on the boot emulator (emulator/boot/), provisioned from the
 * product's platform design with the run's seed: one normal boot and every attack at every stage, then
 * six rules over those boots (one file each): the identity key stays in Pluton, the anchor is immutable,
 * running images are signed by keys chained to the anchor, stages are measured before they run,
 * counters are raised only for verified images, and every attack is rejected. Each signature verdict is
 * node:crypto's, confirmed by noble once per distinct (key, signature, message).
 */
import { ATTACK_KINDS, BootLab, CrossCheckedVerifier } from '../../emulator/boot/index.js';
import { displayPath } from '../../model/diagnostics/display-path.js';
import { SignatureCrossCheckError } from '../../model/image-package/index.js';
import type { Product } from '../../model/product/product.js';
import type { PropertyCheckContext } from '../registry.js';
import type { CheckTiming, Evidence, PropertyResult } from '../verdict.js';
import { checkAnchor } from './anchor.js';
import { checkAttacks } from './attacks.js';
import { checkIdentityKey } from './identity-key.js';
import { checkKeyChains } from './key-chains.js';
import { checkMeasurement } from './measurement.js';
import { checkRollbackCounters } from './rollback-counter.js';
import type { AttackRun, RuleInput, RuleOutcome } from './rule.js';

export { sweepSingleFaults, type FaultCase, type FaultSweepOptions, type FaultSweepResult } from '../../emulator/boot/index.js';

const PROPERTY = 'hardware-root-of-trust';

export async function checkHardwareRootOfTrust(product: Product, context: PropertyCheckContext): Promise<PropertyResult> {
  const design = product.platform;
  const reproduce = `${context.command} --seed ${context.seed}`;
  const timings: CheckTiming[] = [];
  const timed = <T>(check: string, work: () => T): T => {
    const started = performance.now();
    const result = work();
    timings.push({ check, ms: performance.now() - started });
    return result;
  };
  if (design.boot.length === 0) {
    return { property: PROPERTY, verdict: 'unknown', summary: `${displayPath(product.platformFile)} has no boot stages: there is no boot chain to check`, timings };
  }
  if (design.keys.length === 0) {
    return { property: PROPERTY, verdict: 'violated', summary: `${displayPath(product.platformFile)} has no signing keys: no boot stage can be verified and nothing is anchored in hardware`, timings };
  }
  try {
    context.progress(`provisioning an emulated device from ${displayPath(product.platformFile)} (seed ${context.seed})`);
    const started = performance.now();
    const lab = await BootLab.open(design, { seed: context.seed });
    timings.push({ check: 'factory: keys, certificates, images, manifests', ms: performance.now() - started });
    const verifier = new CrossCheckedVerifier();

    context.progress(`booting: normal, then ${ATTACK_KINDS.length} attacks × ${design.boot.length} stages`);
    const { normal, attacks } = timed('normal boot and attacks', () => ({
      normal: lab.boot(verifier),
      attacks: ATTACK_KINDS.flatMap((kind) => design.boot.map((stage): AttackRun => {
        const plan = lab.attacker.plan(kind, stage.image);
        return { plan, run: lab.boot(verifier, { attack: plan }) };
      })),
    }));
    const input: RuleInput = { lab, verifier, normal, attacks, reproduce };
    const rules: RuleOutcome[] = [
      timed('attacks rejected', () => checkAttacks(input)),
      timed('key chains', () => checkKeyChains(input)),
      timed('measured before run', () => checkMeasurement(input)),
      timed('counters raised after verification', () => checkRollbackCounters(input)),
      timed('anchor immutable', () => checkAnchor(input)),
      // Last: it scans the bus logs of every boot above, and adds the quote exchange first.
      timed('identity key stays in Pluton', () => checkIdentityKey(input)),
    ];
    const extra = rules.flatMap((r) => r.extraBoots);
    const boots = 1 + attacks.length + extra.length;
    const bound = `${boots} boots: normal + ${ATTACK_KINDS.length} attacks × ${design.boot.length} stages + ${extra.length} measurement-exposure and recovery boots; seed ${context.seed}; ${verifier.verifications} ECDSA verifications by node:crypto, ${verifier.nobleChecks} distinct verdicts confirmed by noble`;
    const evidence: Evidence[] = [...rules.filter((r) => r.verdict !== 'holds'), ...rules.filter((r) => r.verdict === 'holds')].flatMap((r) => r.evidence);
    const violated = rules.filter((r) => r.verdict === 'violated');
    if (violated.length > 0) {
      return { property: PROPERTY, verdict: 'violated', summary: violated.map((r) => `${r.rule}: ${r.summary}`).join(' | '), bound, evidence, timings };
    }
    const unknown = rules.find((r) => r.verdict === 'unknown');
    if (unknown) return { property: PROPERTY, verdict: 'unknown', summary: `${unknown.rule}: ${unknown.summary}`, bound, evidence, timings };
    return { property: PROPERTY, verdict: 'holds', summary: rules.map((r) => r.rule).join('; '), bound, evidence, timings };
  } catch (err) {
    if (err instanceof SignatureCrossCheckError) {
      return { property: PROPERTY, verdict: 'unknown', summary: `noble and node:crypto disagree about a signature, so no verdict can be trusted: ${err.message}`, timings };
    }
    throw err;
  }
}

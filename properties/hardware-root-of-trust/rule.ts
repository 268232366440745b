/**
 * What each part of the hardware-root-of-trust check gets and gives. The parts (one file each) are
 * independent rules over the same boots of the product's device; index.ts runs the boots once, runs
 * the rules, and combines their verdicts and the requirements they tested.
 */
import type { AttackKind, AttackPlan, BootDevice, BootLab, BootRun, CrossCheckedVerifier } from '../../emulator/boot/index.js';
import type { Product } from '../../model/product/product.js';
import type { RequirementProfile, RequirementRef } from '../../model/requirements/requirement-profile.js';
import type { Evidence, Verdict } from '../verdict.js';
import { reachPointer } from '../../model/platform/bus-masters.js';

export interface AttackRun {
  plan: AttackPlan;
  run: BootRun;
}

/** An attack the design's shape rules out (Attacker.notApplicable), with the reason. */
export interface NotApplicableAttack {
  kind: AttackKind;
  stage: string;
  reason: string;
}

export interface RuleInput {
  /** The product under test: its instantiated platform is lab.design; its deployment, apps and images bear on the rules. */
  product: Product;
  requirements: RequirementProfile;
  lab: BootLab;
  verifier: CrossCheckedVerifier;
  normal: BootRun;
  /** Every attack kind at every stage, except those in notApplicable. */
  attacks: AttackRun[];
  notApplicable?: NotApplicableAttack[];
  /** Printed with every piece of evidence. */
  reproduce: string;
}

export interface RuleOutcome {
  rule: string;
  verdict: Verdict;
  summary: string;
  evidence: Evidence[];
  /** Boots this rule ran beyond the shared ones (they count in the bound). */
  extraBoots: BootRun[];
  /** The requirement of the profile this rule tests (index.ts maps the rules that do not say). */
  requirement?: string;
  /** When the verdict alone does not say it: e.g. 'not-applicable' for a fleet of one device. */
  requirementOutcome?: RequirementRef['outcome'];
  /** The profile switches the rule's requirement off, so the rule did not run (requirements.ts notRun). */
  notRun?: true;
  /** Set when the profile switches the rule's requirement off: the verdict the rule found (requirements.ts underProfile). */
  switchedOffVerdict?: Verdict;
  /** Devices this rule used that are not in extraBoots (their bus logs are scanned for the identity secret). */
  devices?: { scenario: string; device: BootDevice }[];
}

/** Did the attacked (or named) stage's image run in this boot? */
export const stageRan = (run: BootRun, stage: string): boolean => run.trace.stages.some((s) => s.image === stage && s.outcome.status === 'ran');

/** Where and why a boot halted, for a line of evidence. */
export function haltLine(run: BootRun): string {
  const halted = run.trace.stages.find((s) => s.outcome.status === 'halted');
  if (!halted) return 'booted';
  const failed = halted.checks.filter((c) => c.result === 'fail').map((c) => c.id);
  return `halted at ${halted.image}${failed.length ? ` by ${failed.join(', ')}` : halted.outcome.status === 'halted' ? `: ${halted.outcome.reason}` : ''}`;
}

/** A stage as evidence names it: its id and, for an app slot, the product's app. */
export function stageName(input: Pick<RuleInput, 'lab'>, stage: string): string {
  const component = input.lab.design.components.find((c) => c.id === stage);
  return component && component.name !== stage ? `${stage} (${component.name})` : stage;
}

/** The instantiated design's access rule `index` as a pointer into the platform file as written. */
export function accessPointer(product: Product, index: number): string | undefined {
  // An index past the design's own rules is a bus master's reach (reachRules order), whose pointer is the file's.
  if (index >= product.platform.access.length) return reachPointer(product.platform, index);
  const rule = product.platform.access[index];
  const inFile = rule ? product.basePlatform.access.indexOf(rule) : -1;
  return inFile >= 0 ? `/access/${inFile}` : undefined;
}

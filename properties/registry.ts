/**
 * The Seven Properties of Highly Secure Devices (Hunt, Letey, Nightingale, MSR-TR-2017-16), each with
 * the question it answers and, once built, the check that decides it for a product.
 */
import type { Product } from '../model/product/product.js';
import type { PropertyResult } from './verdict.js';
import { MissingRequirementError, profileLabel, type RequirementProfile } from '../model/requirements/requirement-profile.js';
import type { InputKind } from './inputs.js';
import type { AttackerSearchBound } from '../proofs/attacker-search/bound-option.js';
import type { ProofsInWorker } from './certificate-authentication/proofs-in-worker.js';

export interface PropertyCheckContext {
  /** Reports progress for checks that take more than a moment. */
  progress: (message: string) => void;
  /** Seed for randomised checks; printed with every result so a run can be replayed. */
  seed: number;
  /** Cases per randomised check. */
  runs: number;
  /** Per solver call. */
  timeoutMs: number;
  /** The command line that reproduces this verification (without --seed). */
  command: string;
  /** The requirement profile every bound and rule comes from (never the design under test). */
  requirements: RequirementProfile;
  requirementsFile: string;
  /** The attacker search's bound as --bound states it; what it leaves out defaults from the product. */
  bound?: AttackerSearchBound;
  /** Glitches the defense-in-depth fault sweep combines (--faults); at least the profile's fault tolerance. */
  faults?: number;
  /** Work `verify` started ahead in another thread (properties/parallel/decide-properties.ts); a check takes it only for its exact inputs. */
  prestarted?: { certificateAuthentication?: ProofsInWorker };
}

export interface PropertyDefinition {
  id: string;
  title: string;
  question: string;
  definition: string;
  /** What the verdict reads: these files are listed, with SHA-256, as the verdict's inputs. */
  inputs: InputKind[];
  check?: (product: Product, context: PropertyCheckContext) => Promise<PropertyResult>;
}

/** Inputs that make a verdict depend on the product under test (not only on the platform's designs). */
const PRODUCT_INPUTS: readonly InputKind[] = ['product', 'manifests', 'images', 'hardware'];

/** Each check's module is loaded when the check first runs: listing the properties (`--help`) loads none of them. */
const DEFINITIONS: PropertyDefinition[] = [
  {
    id: 'hardware-root-of-trust',
    inputs: ['product', 'manifests', 'images', 'platform', 'update', 'requirements'],
    title: 'Hardware-based root of trust',
    question: 'Does the device have a unique, unforgeable identity that is inseparable from the hardware?',
    definition: 'Unforgeable cryptographic keys generated and protected by hardware.',
    check: async (product, context) => (await import('./hardware-root-of-trust/index.js')).checkHardwareRootOfTrust(product, context),
  },
  {
    id: 'small-tcb',
    inputs: ['product', 'manifests', 'platform', 'requirements'],
    title: 'Small trusted computing base',
    question: "Is most of the device's software outside the device's trusted computing base?",
    definition: 'Private keys stored in a hardware-protected vault, inaccessible to software; software divided into self-protecting layers.',
    check: async (product, context) => (await import('./small-tcb/index.js')).checkSmallTcb(product, context),
  },
  {
    id: 'defense-in-depth',
    inputs: ['product', 'manifests', 'hardware', 'platform', 'requirements'],
    title: 'Defense in depth',
    question: 'Is the device still protected if the security of one layer of device software is breached?',
    definition: 'Multiple mitigations applied against each threat.',
    check: async (product, context) => (await import('./defense-in-depth/index.js')).checkDefenseInDepth(product, context),
  },
  {
    id: 'compartmentalization',
    inputs: ['product', 'manifests', 'images', 'hardware', 'platform', 'requirements'],
    title: 'Compartmentalization',
    question: 'Does a failure in one component of the device require a reboot of the entire device to return to operation?',
    definition: 'Hardware-enforced barriers between software components prevent a breach in one from propagating to others.',
    check: async (product, context) => (await import('./compartmentalization/index.js')).checkCompartmentalization(product, context),
  },
  {
    id: 'certificate-authentication',
    inputs: ['product', 'manifests', 'protocol', 'platform', 'requirements'],
    title: 'Certificate-based authentication',
    question: 'Does the device use certificates instead of passwords for authentication?',
    definition: 'A signed certificate, proven by an unforgeable cryptographic key, proves the device identity and authenticity.',
    check: async (product, context) => (await import('./certificate-authentication/index.js')).checkCertificateAuthentication(product, context),
  },
  {
    id: 'renewable-security',
    inputs: ['product', 'manifests', 'platform', 'update', 'requirements'],
    title: 'Renewable security',
    question: "Is the device's software updated automatically?",
    definition: 'Renewal brings the device forward to a secure state and revokes compromised assets.',
    check: async (product, context) => (await import('./renewable-security/index.js')).checkRenewableSecurity(product, context),
  },
  {
    id: 'failure-reporting',
    // The protocol design decides whether the device can tell the service's acknowledgement of its reports from an attacker's.
    inputs: ['product', 'manifests', 'platform', 'update', 'protocol', 'requirements'],
    title: 'Failure reporting',
    question: 'Does the device report failures to its manufacturer?',
    definition: 'A software failure is reported to a cloud-based failure analysis system.',
    check: async (product, context) => (await import('./failure-reporting/index.js')).checkFailureReporting(product, context),
  },
];

/**
 * Every check decides a fleet in several device groups group by group (fleet-groups.ts), whoever calls it: a property
 * never holds on one group of the fleet alone, nor on a product whose apps cannot run together (deployable-apps.ts).
 */
export const PROPERTIES: PropertyDefinition[] = DEFINITIONS.map((p) => {
  const check = p.check;
  if (!check) return p;
  return {
    ...p,
    check: async (product, context) => {
      const [{ forEveryGroup }, { conflictsOfApps, holdsOnlyWhereAppsRunTogether }] = await Promise.all([import('./fleet-groups.js'), import('./deployable-apps.js')]);
      return holdsOnlyWhereAppsRunTogether(await forEveryGroup(check)(product, context), conflictsOfApps(product));
    },
  };
});

export function findProperty(id: string): PropertyDefinition | undefined {
  return PROPERTIES.find((p) => p.id === id);
}

export async function runProperty(property: PropertyDefinition, product: Product, context: PropertyCheckContext): Promise<PropertyResult> {
  return (await startProperty(property, product, context)).confirmed;
}

/**
 * runProperty in two steps: returns once the check has run, with its verdict as `confirmed`, which
 * settles only once noble has confirmed every signature verdict the check used (noble-barrier.ts), so
 * the caller may start the next check meanwhile (decide-properties.ts) and still report each verdict
 * only after its confirmations.
 */
export async function startProperty(property: PropertyDefinition, product: Product, context: PropertyCheckContext): Promise<{ confirmed: Promise<PropertyResult> }> {
  // Loaded on the first check, not at start-up: hashing the inputs needs the file readers and the
  // protocol reader, which listing the ids (`verify --help`) does not.
  const { productInputs } = await import('./inputs.js');
  const inputs = productInputs(product, context.requirementsFile, property.inputs);
  const scope = property.inputs.some((k) => PRODUCT_INPUTS.includes(k)) ? 'product' : 'platform-only';
  const frame = { inputs, profile: profileLabel(context.requirements), scope } as const;
  if (!property.check) {
    return { confirmed: Promise.resolve({ property: property.id, verdict: 'unknown', summary: 'no check for this property is implemented in this version of Sevenfold', ...frame }) };
  }
  const check = property.check;
  const { decidedBeforeNoble } = await import('./noble-barrier.js');
  const { holdsOnlyWhenEveryRequirementDecided, holdsOnlyOnWhatTheProfileAsked, offRulesNeverDecide } = await import('./verdict.js');
  const { markRelaxed, notStatedBy } = await import('../model/requirements/relaxation.js');
  const { offRulesOf } = await import('./asked-rules.js');
  try {
    // Reported only once noble has confirmed every signature verdict the check used (noble-barrier.ts).
    const { confirmed } = await decidedBeforeNoble(() => check(product, context));
    // Held against the requirements it names: holds beside an undecided or failed one is never holds, nor is
    // holds on nothing but switched-off rules; rules off and relaxed bounds are named (verdict.ts).
    // Each requirement this profile relaxes carries the built-in's value, and requirements of the built-in profile it
    // leaves out are named as not checked, like those it switches off (relaxation.ts).
    // Rules of this property's section the profile switches off and the verdict does not name (a check that
    // reads a rule only when it is on) are named too, as not asked (asked-rules.ts offRulesOf).
    const unstated = notStatedBy(context.requirements, property.id);
    const off = offRulesOf(context.requirements, property.id);
    const withUnstated = (result: PropertyResult): PropertyResult => {
      if (!result.requirements && !unstated.length && !off.length) return result;
      const named = new Set((result.requirements ?? []).map((q) => q.id));
      const missing = [...off, ...unstated].filter((q) => !named.has(q.id));
      return { ...result, requirements: [...markRelaxed(result.requirements ?? []), ...markRelaxed(missing)] };
    };
    // A failure after the check returned (the noble worker dying while confirming, a framing step throwing) is
    // as much a defect as a crash inside it: this property is unknown, and the other properties still report,
    // rather than the whole run stopping on an unhandled rejection with half a report printed.
    return {
      confirmed: confirmed
        .then((result) => holdsOnlyOnWhatTheProfileAsked(holdsOnlyWhenEveryRequirementDecided(offRulesNeverDecide(withUnstated({ ...result, ...frame })))))
        .catch((err: unknown) => failedInternally(property.id, err, frame)),
    };
  } catch (err) {
    if (err instanceof MissingRequirementError) return { confirmed: Promise.resolve({ property: property.id, verdict: 'unknown', summary: `cannot decide: ${err.message}`, ...frame }) };
    // A crash inside a check is a defect in Sevenfold, not evidence about the device.
    return { confirmed: Promise.resolve(failedInternally(property.id, err, frame)) };
  }
}

function failedInternally(property: string, err: unknown, frame: Pick<PropertyResult, 'inputs' | 'profile' | 'scope'>): PropertyResult {
  return { property, verdict: 'unknown', summary: `the check failed internally: ${err instanceof Error ? err.message : String(err)}`, ...frame };
}

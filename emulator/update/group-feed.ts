/**
 * Which update kinds the security service puts in a device group's document, by the group's update
 * policy: UpdateAll everything, No3rdPartyAppUpdates the system software (prerequisites and OS) only,
 * NoUpdates nothing (azure-sphere-facts §4).
 *
 * Second reading, on purpose, of the spec's kindsReceived (model/update/policy.ts), written here so the
 * service does not call it. renewable-security's reach rule decides "not applicable" from kindsReceived
 * (through model/update/renewal.ts deploymentReach) and emulates the rest on this service; when the
 * service chose what to send with the same function, a fault there was agreed by both, and the rule's
 * "the group takes no update" could never disagree with what the service sends.
 * test/update/reach-service.test.ts holds the two together: for every update policy, the kinds the
 * reach rule says a group receives are exactly the kinds of the targets this service sends it.
 */
import type { DeviceGroup, UpdateDesign, UpdateKind, UpdatePolicy } from '../../model/update/update-design.js';

/**
 * The group a name stands for, compared without regard to case (a device reports its group as it was written when
 * it was claimed): the service's and the device's own lookup, not the spec's deviceGroup.
 */
export function groupNamed(design: UpdateDesign, name: string): DeviceGroup | undefined {
  const wanted = name.toLowerCase();
  return design.deviceGroups.find((g) => g.name.toLowerCase() === wanted);
}

/**
 * The expiry the service stamps on a document issued at `issuedAt`: expiresAfterHours later, in whole seconds, or
 * never (0xFFFFFFFF, the format's "never") when the design sets none. The service's own stamp, not the spec's
 * expiryFor: the freeze attack (attacks/tuf.ts) measures how late a device notices a document go stale, and a
 * wrong expiry in the spec must not be stamped on the documents the device is judged on.
 */
export function expiryStamp(design: UpdateDesign, issuedAt: number): number {
  const hours = design.metadata.expiresAfterHours;
  return hours === null ? 0xffffffff : issuedAt + Math.round(hours * 3600);
}

export function kindsServedTo(policy: UpdatePolicy): UpdateKind[] {
  if (policy === 'NoUpdates') return [];
  const system: UpdateKind[] = ['prerequisite', 'os'];
  return policy === 'UpdateAll' ? [...system, 'app'] : system;
}

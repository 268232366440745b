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
import type { UpdateKind, UpdatePolicy } from '../../model/update/update-design.js';

export function kindsServedTo(policy: UpdatePolicy): UpdateKind[] {
  if (policy === 'NoUpdates') return [];
  const system: UpdateKind[] = ['prerequisite', 'os'];
  return policy === 'UpdateAll' ? [...system, 'app'] : system;
}

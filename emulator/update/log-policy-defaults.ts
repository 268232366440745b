/**
 * Second reading, on purpose, of model/update/failure-log-policy.ts (AZURE_SPHERE_LOG_POLICY, withLogPolicyDefaults):
 * what the device's failure log does for each recording-policy field an update design leaves out. The device
 * fills them itself, from Azure Sphere's behaviour as azure-sphere-facts states it, and never takes the spec's
 * filled policy: the loader keeps the design as stated, so a wrong default on either side shows up as a
 * disagreement. Held against the spec by test/differential/log-defaults-differential.test.ts.
 *
 * Azure Sphere's behaviour: error and event data is uploaded daily to the security service, with no data from
 * real-time apps (facts §1.4 and §4, DOC-ERR), so the device logs high-level apps' failures and the OS's own,
 * never a real-time app's; it logs every failure kind it can raise; events leave the log only once the service
 * has them (apps have no interface to it); and a count of events it could not keep reaches the service.
 */
import type { FailureLogKind, FailureLogPolicy, UpdateDesign } from '../../model/update/update-design.js';

/** Every failure this device raises: its apps' (the app emulator's failure kinds) and the OS's own. */
const DEVICE_FAILURE_KINDS: readonly FailureLogKind[] = [
  'app-crash',
  'app-exit',
  'firewall-denial',
  'capability-denial',
  'channel-denial',
  'network-denial',
  'storage-denial',
  'storage-quota',
  'no-such-resource',
  'device-reboot',
  'boot-verification-failure',
  'attestation-failure',
  'update-failure',
  'power-cut',
];

/** The recording policy the device's log runs: what the design states, the device's own reading of Azure Sphere for the rest. */
export function deviceLogPolicy(stated: UpdateDesign['failureReporting']): FailureLogPolicy {
  return {
    recordedKinds: stated.recordedKinds ? [...stated.recordedKinds] : [...DEVICE_FAILURE_KINDS],
    recordedApps: stated.recordedApps ? [...stated.recordedApps] : ['high-level'],
    droppedEvents: stated.droppedEvents ?? 'recorded',
    erasableBy: stated.erasableBy ? [...stated.erasableBy] : ['security-service'],
  };
}

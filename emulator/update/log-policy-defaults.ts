/**
 * Second reading, on purpose, of model/update/failure-log-policy.ts (AZURE_SPHERE_LOG_POLICY, withLogPolicyDefaults,
 * and whose log it is: logNotAzureSpheres over notAzureSphereOs): what the device's failure log does for each
 * recording-policy field an update design leaves out. The device fills them itself and never takes the spec's
 * filled policy: the loader keeps the design as stated, so a wrong default on either side shows up as a
 * disagreement. Held against the spec by test/differential/log-defaults-differential.test.ts.
 *
 * The log is kept by the device's OS. Only when that OS is Azure Sphere's does the device fill a field with Azure
 * Sphere's behaviour: error and event data is uploaded daily to the security service, with no data from real-time
 * apps (facts §1.4 and §4, DOC-ERR), so the device logs high-level apps' failures and the OS's own, never a
 * real-time app's; it logs every failure kind it can raise; events leave the log only once the service has them
 * (apps have no interface to it); and a count of events it could not keep reaches the service. The device's own
 * test of "Azure Sphere's OS" (azureSphereOsKeepsLog): a component on the Pluton core, and a kernel and OS services
 * on the A7's normal world, each loaded by a boot stage that checks a signature, every check's key chain, up to an
 * eFuse anchor, made of keys the design says Microsoft holds. On any other OS a field left out promises nothing:
 * the device records nothing for it, drops silently, lets anyone erase (the verdict there is unknown anyway).
 */
import type { PlatformDesign } from '../../model/platform/platform-design.js';
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

type Keeper = Pick<PlatformDesign, 'components' | 'keys' | 'boot'>;

/** Whether every key on `keyId`'s chain, up to an anchor, is stated to be Microsoft's. */
function microsoftChain(platform: Keeper, keyId: string): boolean {
  const seen = new Set<string>();
  for (let key = platform.keys.find((k) => k.id === keyId); key; key = platform.keys.find((k) => k.id === key!.certifiedBy)) {
    if (seen.has(key.id) || key.holder !== 'microsoft') return false;
    if (key.anchoredIn) return true;
    seen.add(key.id);
    if (!key.certifiedBy) return false;
  }
  return false;
}

/** The device's own reading: is the OS that keeps the log Azure Sphere's (Microsoft's kernel and services under a Pluton)? */
export function azureSphereOsKeepsLog(platform: Keeper): boolean {
  if (!platform.components.some((c) => c.core === 'Pluton')) return false;
  return ['NormalWorldKernel', 'Services'].every((type) => {
    const images = platform.components.filter((c) => c.imageType === type && c.core === 'A7' && c.world === 'normal');
    return (
      images.length > 0 &&
      images.every((c) => {
        const stage = platform.boot.find((s) => s.image === c.id);
        return !!stage && stage.checks.some((k) => k.kind === 'signature') && stage.checks.every((k) => microsoftChain(platform, k.key));
      })
    );
  });
}

/** The recording policy the device's log runs: what the design states, the device's own reading of Azure Sphere for the rest on Azure Sphere's OS, nothing on any other. */
export function deviceLogPolicy(stated: UpdateDesign['failureReporting'], platform: Keeper): FailureLogPolicy {
  const azureSphere = azureSphereOsKeepsLog(platform);
  return {
    recordedKinds: stated.recordedKinds ? [...stated.recordedKinds] : azureSphere ? [...DEVICE_FAILURE_KINDS] : [],
    recordedApps: stated.recordedApps ? [...stated.recordedApps] : azureSphere ? ['high-level'] : [],
    droppedEvents: stated.droppedEvents ?? (azureSphere ? 'recorded' : 'silent'),
    erasableBy: stated.erasableBy ? [...stated.erasableBy] : azureSphere ? ['security-service'] : ['security-service', 'apps'],
  };
}

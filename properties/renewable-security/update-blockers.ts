/**
 * An app that may take the device down (reboot, power down) or off the network at will keeps it from updating for as
 * long as it likes (renewable-security.max-deferral: no app keeps the device from an update it has learnt of for
 * longer than the profile's hours). The rule is model/update/update-blockers.ts: a high-level app holding PowerControls
 * ForceReboot or ForcePowerDown, or NetworkConfig or WifiConfig, once compromised, takes the device down before each
 * update check or install completes, or off the network, and nothing bounds it: Microsoft makes the device's updates
 * the responsibility of an app that may power it down (learn.microsoft.com/azure-sphere/app-development/power-down,
 * "Power Down and forcing updates"). Read statically from the manifests here; the reach emulation (reach.ts) plays
 * the same apps on the emulated device.
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import type { Product } from '../../model/product/product.js';
import { DEVICE_DOWN_POWER_CONTROLS, NETWORK_OFF_CAPABILITIES, updateBlockers, type UpdateBlocker } from '../../model/update/update-blockers.js';
import { imageManifestFindings } from '../hardware-root-of-trust/image-manifest-match.js';
import { MAX_DEFERRAL } from './bounds.js';
import type { RuleOutcome } from './rule.js';

const WHAT: Record<string, string> = {
  ForceReboot: 'reboot the device',
  ForcePowerDown: 'power the device down',
  NetworkConfig: 'disable the device\'s network interface',
  WifiConfig: 'forget the device\'s Wi-Fi networks',
};

export function checkUpdateBlockers(product: Product, reproduce: string): RuleOutcome {
  const rule = 'no app takes the device down or off the network at will';
  const controls = `PowerControls ${DEVICE_DOWN_POWER_CONTROLS.join(' or ')}, ${NETWORK_OFF_CAPABILITIES.join(' or ')}`;
  const base = { rule, requirement: MAX_DEFERRAL, bound: `static: the product's high-level apps holding ${controls}` };
  const blockers = updateBlockers(product);
  if (blockers.length === 0) {
    // Read from the manifests; the device enforces the ones in the app images.
    const fields = ['Capabilities/PowerControls', ...NETWORK_OFF_CAPABILITIES.map((c) => `Capabilities/${c}`)];
    const unseen = imageManifestFindings(product).filter((f) => fields.includes(f.field));
    if (unseen.length) return { ...base, verdict: 'unknown', summary: `no app's manifest holds ${controls}, but ${unseen[0]!.message}: the app on the device may keep it from the update service`, evidence: [{ title: `${rule}: unknown`, lines: unseen.map((f) => f.message), reproduce }] };
    return { ...base, verdict: 'holds', notApplicable: true, summary: `no app of the product holds ${controls}, so none can keep the device from the update service`, evidence: [] };
  }
  const first = blockers[0]!;
  const line = (b: UpdateBlocker) => `${displayPath(b.manifestFile)} ${b.capabilityPointer}: ${b.app} (${b.pointer}) holds ${b.control}: it may ${WHAT[b.control] ?? b.control} at any time`;
  return {
    ...base,
    verdict: 'violated',
    summary: `${blockers.map((b) => `${b.app} (${b.pointer})`).join(', ')} may ${WHAT[first.control] ?? first.control} at will (${displayPath(first.manifestFile)} ${first.capabilityPointer}): compromised, it keeps the device from the update service before each check or install completes, so the device keeps its release for as long as the app likes, past any deferral bound${first.way === 'down' ? ' (Microsoft leaves the device\'s updates to such an app: learn.microsoft.com/azure-sphere/app-development/power-down, "Power Down and forcing updates")' : ''}`,
    evidence: [
      {
        title: `${rule}: violated`,
        lines: [
          ...blockers.map(line),
          `the device checks for updates on the first connection after each boot and then every 20–24 h (azure-sphere-facts §3.5), and the app runs from boot; no deferral bound applies to a reboot, a power-down or a lost network (${MAX_DEFERRAL})`,
          `remove ${controls} from the app's manifest (SetPowerProfile takes nothing down), or give the device an update path the app cannot interrupt`,
        ],
        reproduce,
      },
    ],
  };
}

/**
 * An app that may reboot or power the device down at will keeps it from updating for as long as it likes
 * (renewable-security.max-deferral: no app keeps the device from an update it has learnt of for longer than the
 * profile's hours). The rule is model/update/power-controls.ts: a high-level app holding PowerControls
 * ForceReboot or ForcePowerDown, once compromised, takes the device down before each update check or install
 * completes, and nothing bounds it: Microsoft makes the device's updates that app's responsibility
 * (learn.microsoft.com/azure-sphere/app-development/power-down, "Power Down and forcing updates"). Read statically
 * from the manifests here; the reach emulation (reach.ts) plays the same apps on the emulated device.
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import type { Product } from '../../model/product/product.js';
import { DEVICE_DOWN_POWER_CONTROLS, devicePowerControllers } from '../../model/update/power-controls.js';
import { imageManifestFindings } from '../hardware-root-of-trust/image-manifest-match.js';
import { MAX_DEFERRAL } from './bounds.js';
import type { RuleOutcome } from './rule.js';

export function checkPowerControllers(product: Product, reproduce: string): RuleOutcome {
  const rule = 'no app reboots or powers down the device at will';
  const controls = DEVICE_DOWN_POWER_CONTROLS.join(' or ');
  const base = { rule, requirement: MAX_DEFERRAL, bound: `static: the product's high-level apps whose PowerControls hold ${controls}` };
  const controllers = devicePowerControllers(product);
  if (controllers.length === 0) {
    // Read from the manifests; the device enforces the ones in the app images (the PowerControls list as one field).
    const unseen = imageManifestFindings(product).filter((f) => f.field === 'Capabilities/PowerControls');
    if (unseen.length) return { ...base, verdict: 'unknown', summary: `no app's manifest holds PowerControls ${controls}, but ${unseen[0]!.message}: the app on the device may take it down before each update`, evidence: [{ title: `${rule}: unknown`, lines: unseen.map((f) => f.message), reproduce }] };
    return { ...base, verdict: 'holds', notApplicable: true, summary: `no app of the product holds PowerControls ${controls}, so none can take the device down before an update`, evidence: [] };
  }
  const first = controllers[0]!;
  return {
    ...base,
    verdict: 'violated',
    summary: `${controllers.map((c) => `${c.app} (${c.pointer})`).join(', ')} may ${first.control === 'ForceReboot' ? 'reboot' : 'power down'} the device at will (${displayPath(first.manifestFile)} ${first.capabilityPointer}): compromised, it takes the device down before each update check or install completes, so the device keeps its release for as long as the app likes, past any deferral bound (Microsoft leaves the device's updates to such an app: learn.microsoft.com/azure-sphere/app-development/power-down, "Power Down and forcing updates")`,
    evidence: [
      {
        title: `${rule}: violated`,
        lines: [
          ...controllers.map((c) => `${displayPath(c.manifestFile)} ${c.capabilityPointer}: ${c.app} (${c.pointer}) holds ${c.control}: ${c.control === 'ForceReboot' ? 'it may reboot the device at any time' : 'it may power the device down at any time, for as long as it asks'}`),
          `the device checks for updates on the first connection after each boot (azure-sphere-facts §3.5) and the app runs from boot; no deferral bound applies to a reboot or power-down (${MAX_DEFERRAL})`,
          `remove ${controls} from the app's manifest (SetPowerProfile takes nothing down), or give the device an update path the app cannot interrupt`,
        ],
        reproduce,
      },
    ],
  };
}

/**
 * The emulated play of crash isolation over shared services: the device's own reading of who takes each app's input
 * (emulator/shared-service-crashes.ts) crashes each such service on the product's booted device and watches what went
 * down. It takes nothing from model/platform/crash-containment.ts (sharedServiceCrashes), app-interfaces.ts or
 * attack-graph.ts's layersAbove (test/differential/second-reading-imports.test.ts guards it), so a taker the rule
 * misses, or a crash it calls contained that resets the chip, is still found; service-crashes.ts reads both, and
 * test/differential/crash-containment-differential.test.ts holds the two against each other.
 */
import { BootLab } from '../../emulator/boot/boot-lab.js';
import { NodeP256Verifier } from '../../emulator/boot/p256-verifier.js';
import { crashSharedServices, type DeviceServiceCrash } from '../../emulator/shared-service-crashes.js';
import type { Product } from '../../model/product/product.js';

/** The device's crashes, or why they were not played (a play not run decides nothing: never holds). */
export type ServiceCrashPlay = { played: true; crashes: DeviceServiceCrash[] } | { played: false; reason: string };

export async function playServiceCrashes(product: Product, seed: number): Promise<ServiceCrashPlay> {
  let lab: BootLab;
  try {
    // The run's one lab for this design and seed (hardware-root-of-trust boots the same one).
    lab = await BootLab.shared(product.platform, { seed, capabilities: product.deployment.deviceCapabilities });
  } catch (error) {
    return { played: false, reason: `the boot emulator cannot provision the platform design, so no shared service was crashed on the device: ${(error as Error).message}` };
  }
  const found = crashSharedServices(product, lab, new NodeP256Verifier());
  if (!found.booted) return { played: false, reason: 'the emulated device refuses to start the product, so no shared service was crashed on it' };
  return { played: true, crashes: found.crashes };
}

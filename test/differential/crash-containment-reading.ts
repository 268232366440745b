/**
 * Second reading, on purpose, of model/platform/crash-containment.ts (sharedServiceCrashes): for each shared service an
 * app's input reaches, does its crash stay its own, or does the device reboot? Held against it by
 * test/differential/crash-containment-differential.test.ts on flawed and sound designs and on random products. The
 * reading is the emulated device's (emulator/shared-service-crashes.ts, which compartmentalization's failure-isolation
 * reads beside the rule since s33): who takes an app's storage requests, network traffic, device configuration and
 * memory it writes is read from the app device and the boot emulator's bus, and each taker is crashed on a booted
 * device (emulator/boot/service-crash.ts). This file only writes its findings as lines; it imports neither
 * crash-containment.ts, app-interfaces.ts nor attack-graph.ts.
 * Each line: "<app> → <component> (<storage|network|config|memory>): restarted by <id> | reboot | not running".
 */
import type { BootLab } from '../../emulator/boot/boot-lab.js';
import { NodeP256Verifier } from '../../emulator/boot/p256-verifier.js';
import { crashSharedServices } from '../../emulator/shared-service-crashes.js';
import type { Product } from '../../model/product/product.js';

export interface CrashReading {
  booted: boolean;
  /** One line per crashed taker (see the header), sorted. */
  crashes: string[];
}

export function crashContainmentReading(product: Product, lab: BootLab): CrashReading {
  const found = crashSharedServices(product, lab, new NodeP256Verifier());
  if (!found.booted) return { booted: false, crashes: [] };
  const lines = found.crashes.map((c) => `${c.appName} → ${c.component} (${c.kind}): ${c.outcome === 'restarted' ? `restarted by ${c.restartedBy}` : c.outcome}`);
  return { booted: true, crashes: [...new Set(lines)].sort() };
}

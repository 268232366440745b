/**
 * §9 check 17 for one manifest on its own: peripherals that need the same pins (an ISU asked for as
 * two functions, a GPIO inside a PWM controller's or the ADC's block). The device refuses such a
 * manifest with 2097187; lint reports it before any product exists. Cross-app conflicts are the
 * allocation's job.
 */
import type { ChipProfile } from '../../formats/chips/chip-profile.js';
import type { AppManifest } from '../../formats/manifest/app-manifest.js';
import { claimsOf, type PeripheralClaim } from './claims.js';
import { unconditionalConflict } from './conflicts.js';

export function manifestConflicts(chip: ChipProfile, manifest: AppManifest): [PeripheralClaim, PeripheralClaim][] {
  const claims = claimsOf({ file: manifest.file, name: manifest.name ?? '', chip, apps: [{ manifest, manifestFile: manifest.file }] });
  const pairs: [PeripheralClaim, PeripheralClaim][] = [];
  for (let i = 0; i < claims.length; i++) {
    for (let j = i + 1; j < claims.length; j++) {
      if (unconditionalConflict(claims[i]!, claims[j]!)) pairs.push([claims[i]!, claims[j]!]);
    }
  }
  return pairs;
}

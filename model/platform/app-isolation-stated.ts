/**
 * Which app-isolation fields a platform design leaves to Sevenfold's reading of Azure Sphere, and whether that
 * reading may stand. AZURE_SPHERE_APP_ISOLATION describes what Azure Sphere's OS does (per-app network firewall,
 * per-app storage, channels both apps list, real-time apps with no network: azure-sphere-facts §1.3, §1.4, §2.1).
 * It is the OS that enforces them: the Normal World kernel (image type NormalWorldKernel) runs the apps in
 * user-mode containers and filters their network, the OS services (image type Services) keep their storage and
 * open their channels (§3.3 image types, §3.4 "custom Linux kernel in Normal World supervisor mode; apps in
 * Normal World user-mode containers"), and Pluton's boot chain is what makes those images Microsoft's (§3.4).
 * So a field left out is Azure Sphere's only on a design that
 *  - has a component on the Pluton core, and
 *  - loads its Normal World kernel from a NormalWorldKernel image and its OS services from a Services image,
 *    both on the A7 in the normal world (Azure Sphere's OS, by its own image types).
 * A device maker's own OS (other image types, no Pluton) has said nothing of how it keeps apps apart: each field
 * it leaves out is unstated, and every verdict that reads that field is unknown until the design states it
 * (a field the design states is used as stated, whatever the platform). Consumers: the isolation spec
 * (model/isolation/isolation-spec.ts, `unstated`), read by compartmentalization, certificate-authentication's
 * "confined to its manifest" and defense-in-depth.
 */
import { notMicrosoftSigned } from './azure-sphere-provenance.js';
import { AZURE_SPHERE_APP_ISOLATION, type AppIsolation, type PlatformDesign } from './platform-design.js';

export interface UnstatedIsolationField {
  field: keyof AppIsolation;
  /** The JSON pointer in the platform design file: /appIsolation/<field>. */
  pointer: string;
  /** Why Azure Sphere's value does not stand for it. */
  reason: string;
}

/** Why the design's OS is not Azure Sphere's, or undefined when it is (its Pluton core, its OS image types, signed under Microsoft's keys). */
export function notAzureSphereOs(design: Pick<PlatformDesign, 'name' | 'components' | 'keys' | 'boot'>): string | undefined {
  const missing: string[] = [];
  if (!design.components.some((c) => c.core === 'Pluton')) missing.push('no component on the Pluton core');
  const osImage = (imageType: string, what: string) => {
    const found = design.components.filter((c) => c.imageType === imageType && c.core === 'A7' && c.world === 'normal');
    if (!found.length) return missing.push(`no ${what} loaded from a ${imageType} image on the A7`);
    const unsigned = found.map((c) => notMicrosoftSigned(design, c)).filter((w): w is string => w !== undefined);
    if (unsigned.length) missing.push(`a ${imageType} image not shown to be Microsoft's (${unsigned.join('; ')})`);
    return 0;
  };
  osImage('NormalWorldKernel', 'Normal World kernel');
  osImage('Services', 'OS services');
  return missing.length ? `the platform design "${design.name}" has ${missing.join(', ')}: its OS is not Azure Sphere's, so Azure Sphere's app isolation is not its to claim` : undefined;
}

/** The app-isolation fields the design leaves out on a platform whose OS is not Azure Sphere's (none on Azure Sphere's). */
export function unstatedAppIsolation(design: Pick<PlatformDesign, 'name' | 'components' | 'keys' | 'boot' | 'appIsolation'> | undefined): UnstatedIsolationField[] {
  if (!design) return [];
  const why = notAzureSphereOs(design);
  if (!why) return [];
  return (Object.keys(AZURE_SPHERE_APP_ISOLATION) as (keyof AppIsolation)[])
    .filter((field) => design.appIsolation?.[field] === undefined)
    .map((field) => ({ field, pointer: `/appIsolation/${field}`, reason: `${why}; it does not state /appIsolation/${field}` }));
}

/**
 * "$NAME" references in a manifest, resolved against the hardware definition the app is built for
 * (azure-sphere-facts §1.1 and §9 checks 14-15). The build tools substitute them at pack time, so the
 * device only ever sees the raw values; resolving here shows the user exactly which pin they get.
 */
import { isChipPeripheral, type ChipProfile } from '../chips/chip-profile.js';
import type { LocatedJson } from '../json/located-json.js';
import type { ResolvedHardware, UnusableImport } from '../hardware/hardware-set.js';
import { searchPathWords } from '../hardware/hardware-path.js';
import type { AppManifest, PeripheralRequest } from './app-manifest.js';
import type { PeripheralCapability } from '../chips/chip-profile.js';

/** noHardwareReason: why no definition is at hand, for the "not checked" note (default: none was given). */
export function resolveReferences(doc: LocatedJson, manifest: AppManifest, hardware: ResolvedHardware | undefined, chip: ChipProfile, noHardwareReason = 'no hardware definition given'): void {
  const references = manifest.peripherals.filter((p) => p.reference !== undefined);
  if (references.length === 0) return;
  if (manifest.kind === 'real-time') {
    doc.report('RealTimeAppUsesReference', references[0]!.pointer, `real-time app uses ${references.length} "$NAME" reference${references.length > 1 ? 's' : ''}; they are substituted only when the build names a hardware definition`);
  }
  if (!hardware) {
    doc.report('ReferenceNotChecked', references[0]!.pointer, `${references.length} "$NAME" reference${references.length > 1 ? 's were' : ' was'} not resolved (${noHardwareReason})`);
    return;
  }
  const where = describeDefinition(hardware);
  // A name may be missing only because an import is: the import is the one error, these are not checked.
  const notChecked: { request: PeripheralRequest; unusable: UnusableImport }[] = [];
  for (const request of references) {
    const found = resolveName(hardware, request.reference!, String(request.raw), request.capability);
    if ('missingImport' in found) {
      notChecked.push({ request, unusable: found });
      continue;
    }
    if (!found.ok) {
      doc.report(found.code, request.pointer, found.message, found.hint ? { hint: found.hint } : {});
      continue;
    }
    request.value = found.value;
    request.resolvedVia = found.chain;
    if (!isChipPeripheral(chip, request.capability, found.value)) {
      const code = request.capability === 'Gpio' ? 'UndefinedGpioInManifest' : 'UndefinedPeripheralInManifest';
      doc.report(code, request.pointer, `${request.raw} resolves to ${JSON.stringify(found.value)}, which ${chip.id.toUpperCase()} does not have as ${request.capability}`);
    }
  }
  if (notChecked.length > 0) {
    const imports = [...new Set(notChecked.map((n) => `"${n.unusable.missingImport}", which ${n.unusable.why}`))].join('; ');
    const n = notChecked.length;
    const found = notChecked.every((x) => x.unusable.why !== 'was not found');
    doc.report('ReferenceNotChecked', notChecked[0]!.request.pointer, `${n} "$NAME" reference${n > 1 ? 's were' : ' was'} not checked: ${where} imports ${imports} (${notChecked.map((x) => x.request.raw).join(', ')})`, {
      hint: found ? 'Fix the errors reported in the imported file.' : `To check them, ${searchPathWords(hardware.searchPathOrigin).give} (for chip and board files, the SDK's HardwareDefinitions folder).`,
    });
  }
}

export type NameResolution =
  | { ok: true; value: string | number; chain: string[] }
  | { ok: false; code: 'UnresolvedReference' | 'IntPeripheralInManifest' | 'ReferenceTypeMismatch'; message: string; hint?: string }
  /** The name may be missing only because an import is: the import is the one error. */
  | ({ ok: false } & UnusableImport);

function describeDefinition(hardware: ResolvedHardware): string {
  return hardware.name ? `"${hardware.name}"` : 'the hardware definition';
}

/**
 * One `$NAME` (written as `raw`) resolved through a hardware definition and its imports to the raw value the SDK build
 * writes in its place, for a peripheral of `capability`: the rule for a manifest's references, and for any other
 * place a maker names a peripheral by its hardware definition's name (a product's criticalAssets).
 */
export function resolveName(hardware: ResolvedHardware, name: string, raw: string, capability: PeripheralCapability): NameResolution {
  const found = hardware.lookup(name);
  if (!found) {
    const unusable = hardware.missingImport();
    if (unusable) return { ok: false, ...unusable };
    return { ok: false, code: 'UnresolvedReference', message: `${raw} is not defined in ${describeDefinition(hardware)} or its imports` };
  }
  const { entry, resolution } = found;
  if (!resolution.ok && resolution.notChecked) return { ok: false, ...resolution.notChecked };
  const chain = hardware.describeChain(resolution.chain);
  if (entry.type === 'int') {
    return { ok: false, code: 'IntPeripheralInManifest', message: `${raw} is Type "int" (${chain.join(' → ')}), which must not be used as a peripheral in app_manifest.json` };
  }
  if (entry.type !== capability) {
    return {
      ok: false,
      code: 'ReferenceTypeMismatch',
      message: `${raw} is a ${entry.type} peripheral but is listed under "${capability}"`,
      hint: `Move it to "${entry.type}", or pick a ${capability} entry from the hardware definition.`,
    };
  }
  if (!resolution.ok) return { ok: false, code: 'UnresolvedReference', message: `${raw} does not resolve: ${resolution.reason} (${chain.join(' → ')})` };
  if (resolution.value === undefined) return { ok: false, code: 'UnresolvedReference', message: `${raw} resolves to ${chain.at(-1)}, which has no AppManifestValue` };
  return { ok: true, value: resolution.value, chain };
}

/**
 * "$NAME" references in a manifest, resolved against the hardware definition the app is built for
 * (azure-sphere-facts §1.1 and §9 checks 14-15). The build tools substitute them at pack time, so the
 * device only ever sees the raw values; resolving here shows the user exactly which pin they get.
 */
import { isChipPeripheral, type ChipProfile } from '../chips/chip-profile.js';
import type { LocatedJson } from '../json/located-json.js';
import type { ResolvedHardware } from '../hardware/hardware-set.js';
import type { AppManifest, PeripheralRequest } from './app-manifest.js';

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
  const where = hardware.name ? `"${hardware.name}"` : 'the hardware definition';
  // A name may be missing only because an import is: the import is the one error, these are not checked.
  const notChecked: { request: PeripheralRequest; missingImport: string }[] = [];
  const missingImport = hardware.missingImport();
  for (const request of references) {
    const name = request.reference!;
    const found = hardware.lookup(name);
    if (!found) {
      if (missingImport) notChecked.push({ request, missingImport });
      else doc.report('UnresolvedReference', request.pointer, `${request.raw} is not defined in ${where} or its imports`);
      continue;
    }
    const { entry, resolution } = found;
    if (!resolution.ok && resolution.notChecked) {
      notChecked.push({ request, missingImport: resolution.notChecked.missingImport });
      continue;
    }
    const chain = hardware.describeChain(resolution.chain);
    if (entry.type === 'int') {
      doc.report('IntPeripheralInManifest', request.pointer, `${request.raw} is Type "int" (${chain.join(' → ')}), which must not be used as a peripheral in app_manifest.json`);
      continue;
    }
    if (entry.type !== request.capability) {
      doc.report('ReferenceTypeMismatch', request.pointer, `${request.raw} is a ${entry.type} peripheral but is listed under "${request.capability}"`, {
        hint: `Move it to "${entry.type}", or pick a ${request.capability} entry from the hardware definition.`,
      });
      continue;
    }
    if (!resolution.ok) {
      doc.report('UnresolvedReference', request.pointer, `${request.raw} does not resolve: ${resolution.reason} (${chain.join(' → ')})`);
      continue;
    }
    if (resolution.value === undefined) {
      doc.report('UnresolvedReference', request.pointer, `${request.raw} resolves to ${chain.at(-1)}, which has no AppManifestValue`);
      continue;
    }
    request.value = resolution.value;
    request.resolvedVia = chain;
    if (!isChipPeripheral(chip, request.capability, resolution.value)) {
      const code = request.capability === 'Gpio' ? 'UndefinedGpioInManifest' : 'UndefinedPeripheralInManifest';
      doc.report(code, request.pointer, `${request.raw} resolves to ${JSON.stringify(resolution.value)}, which ${chip.id.toUpperCase()} does not have as ${request.capability}`);
    }
  }
  if (notChecked.length > 0) {
    const imports = [...new Set(notChecked.map((n) => `"${n.missingImport}"`))].join(', ');
    const n = notChecked.length;
    doc.report('ReferenceNotChecked', notChecked[0]!.request.pointer, `${n} "$NAME" reference${n > 1 ? 's were' : ' was'} not checked: ${where} imports ${imports}, which was not found (${notChecked.map((x) => x.request.raw).join(', ')})`, {
      hint: 'Point --hardware-path at the folder holding the missing import (the SDK HardwareDefinitions folder for chip and board files).',
    });
  }
}

/**
 * Which hardware definition each app's "$NAME" references resolve against in a product. The Azure Sphere
 * build substitutes the names at pack time with the definition the app's own CMakeLists.txt names
 * (azsphere_target_hardware_definition … TARGET_DEFINITION, azure-sphere-facts §1.1), so each app of a
 * product may be built against a definition of its own: the samples' two-app rover, for one, builds its
 * high-level app for one board and its real-time app for another by default. The device only sees the
 * substituted values, so a product verified with the wrong definition is verified on pins it does not use.
 *
 * The definition used for an app: apps[i].hardwareDefinition, else the product's hardwareDefinition, else
 * the one the CMakeLists.txt beside the manifest names (read as `sevenfold lint` reads it, model/lint/cmake).
 * When the product states a definition and the app's CMakeLists.txt names another, the two are compared on
 * the names the manifest uses: if any name gives another value (or resolves in one only), no verdict may
 * rest on either, and it is an input error naming both files, the name and both values. When they agree,
 * the verdicts do not depend on the choice, and nothing is said.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { joinPointer } from '../../formats/diagnostics/diagnostic.js';
import { looksLikeHardwareDefinition } from '../../formats/hardware/hardware-definition.js';
import { asHardwareDefinitionSyntax, HardwareSet, type ResolvedHardware } from '../../formats/hardware/hardware-set.js';
import { readLocatedJson } from '../../formats/json/read-input.js';
import type { LocatedJson } from '../../formats/json/located-json.js';
import type { AppManifest } from '../../formats/manifest/app-manifest.js';
import { hardwareFromCmake } from '../lint/cmake/hardware-from-cmake.js';
import { pathFromInput } from '../../formats/json/free-text.js';
import { wrongKindMessage } from './input-file-kind.js';

/** A hardware definition named in the product file, opened (or why it could not be). */
export interface StatedHardware {
  /** As written in the product file (for messages). */
  written: string;
  pointer: string;
  hardware?: ResolvedHardware;
}

/**
 * Opens a definition the product file names at `pointer` (/hardwareDefinition, /apps/i/hardwareDefinition)
 * in the product's hardware set; a file that is missing or is no hardware definition is reported there.
 */
export function openStatedHardware(doc: LocatedJson, set: HardwareSet, base: string, written: string, pointer: string, reportMissing: (pointer: string, written: string, target: LocatedJson) => void): StatedHardware {
  const hwDoc = readLocatedJson(pathFromInput(base, written));
  asHardwareDefinitionSyntax(hwDoc);
  if (hwDoc.value === undefined) {
    reportMissing(pointer, written, hwDoc);
    return { written, pointer };
  }
  if (!looksLikeHardwareDefinition(hwDoc.value)) {
    doc.report('ProductInvalid', pointer, wrongKindMessage(written, hwDoc.value, 'hardware definition') ?? `${written} is not an Azure Sphere hardware definition`);
    return { written, pointer };
  }
  return { written, pointer, hardware: set.open(hwDoc.file, hwDoc) };
}

/**
 * The product's hardware sets, one per search path: the product's own (hardwarePath), and one for each
 * CMakeLists.txt call's folders, so that every definition read is reported with the product's diagnostics.
 */
export class ProductHardwareSets {
  private readonly sets = new Map<string, HardwareSet>();

  constructor(readonly main: HardwareSet, private readonly mainDirs: readonly string[]) {
    this.sets.set(mainDirs.join('\n'), main);
  }

  /** Opens a definition with its imports searched in `dirs` and then the product's hardwarePath. */
  open(dirs: readonly string[], file: string): ResolvedHardware {
    const all = [...dirs, ...this.mainDirs];
    const key = all.join('\n');
    let set = this.sets.get(key);
    if (!set) this.sets.set(key, (set = new HardwareSet(all, this.main.searchedAs)));
    return set.open(file);
  }

  all(): HardwareSet[] {
    return [...this.sets.values()];
  }
}

export interface AppHardwareChoice {
  /** The definition the app's references resolve against; undefined when none is known. */
  hardware?: ResolvedHardware;
  /** Where it came from, for the evidence. */
  source: 'app' | 'product' | 'cmake' | 'none';
  /** The CMakeLists.txt read for it (the definition's source, or the cross-check): an input of the verdicts. */
  buildFile?: string;
  /** With no definition: why the CMakeLists.txt beside the manifest gave none (a board condition, a missing file). */
  reason?: string;
}

const samePath = (a: string, b: string): boolean => {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
};

/** What a name resolves to in a definition: its value, or a word for why it has none. */
function valueOf(hardware: ResolvedHardware, name: string, capability: string): string {
  const found = hardware.lookup(name);
  if (!found) return 'not defined';
  if (!found.resolution.ok) return 'unresolvable';
  return found.resolution.value === undefined ? 'without an AppManifestValue' : `${capability} ${JSON.stringify(found.resolution.value)}`;
}

/**
 * The definition app i's references resolve against, with the CMakeLists.txt cross-check above.
 * `stated` is apps[i].hardwareDefinition when given, else the product's; the CMake lookup searches the
 * product's hardwarePath as lint's --hardware-path.
 */
export function chooseAppHardware(args: {
  doc: LocatedJson;
  appIndex: number;
  manifestFile: string;
  manifest: AppManifest;
  stated: StatedHardware | undefined;
  statedByApp: boolean;
  sets: ProductHardwareSets;
  hardwarePath: readonly string[];
}): AppHardwareChoice {
  const { doc, appIndex, manifestFile, manifest, stated, statedByApp, sets, hardwarePath } = args;
  // Each name the manifest uses, with the capability it is listed under (for the message).
  const names = new Map(manifest.peripherals.flatMap((p) => (p.reference === undefined ? [] : [[p.reference, p.capability] as const])));
  if (stated && !stated.hardware) return { source: statedByApp ? 'app' : 'product' }; // reported where it is named
  // A manifest without references does not depend on any definition: its CMakeLists.txt is not read.
  if (names.size === 0) return stated?.hardware ? { hardware: stated.hardware, source: statedByApp ? 'app' : 'product' } : { source: 'none' };
  const lookup = hardwareFromCmake(manifestFile, { hardwarePath });
  const choice = lookup?.choice;
  const read = lookup ? { buildFile: lookup.cmakeFile } : {};
  if (!stated) {
    if (!choice) return { source: 'none', ...read, ...(lookup?.notChosen ? { reason: lookup.notChosen } : {}) };
    // As the SDK does: the definition the app's build names, its imports searched in the call's folders and then hardwarePath.
    return { hardware: sets.open(choice.searchDirs, choice.definitionFile), source: 'cmake', ...read };
  }
  const used = stated.hardware!;
  const outcome: AppHardwareChoice = { hardware: used, source: statedByApp ? 'app' : 'product', ...read };
  if (!choice || samePath(choice.definitionFile, used.file)) return outcome;
  const built = sets.open(choice.searchDirs, choice.definitionFile);
  for (const [name, capability] of names) {
    const here = valueOf(used, name, capability);
    const there = valueOf(built, name, capability);
    if (here === there) continue;
    const where = `${displayPath(lookup!.cmakeFile)}:${choice.call.line}`;
    doc.report(
      'ProductHardwareMismatch',
      statedByApp ? stated.pointer : joinPointer('/apps', appIndex, 'manifest'),
      `${displayPath(manifestFile)} is built against ${displayPath(choice.definitionFile)} (${where}), but the product resolves its "$NAME" references against ${stated.written} (${stated.pointer}): $${name} is ${there} there and ${here} here, so which peripheral the app gets on the device is not known`,
    );
    return outcome;
  }
  return outcome;
}

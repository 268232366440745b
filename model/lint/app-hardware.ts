/**
 * Which hardware definition each app's "$NAME" references resolve against: the one given with
 * --hardware (for every app), else the one the app's own CMakeLists.txt names (cmake/), else none.
 * Definitions are read once per search path and shared between apps.
 */
import type { Diagnostic } from '../../formats/diagnostics/diagnostic.js';
import { HardwareSet, type ResolvedHardware } from '../../formats/hardware/hardware-set.js';
import { hardwareFromCmake } from './cmake/hardware-from-cmake.js';

export interface AppHardwareSource {
  /** The definition the app's references were resolved against. */
  file: string;
  from: 'option' | 'cmake';
  /** For 'cmake': the CMakeLists.txt and the line of the call that named the definition. */
  cmakeFile?: string;
  line?: number;
  /** For 'cmake': the board conditions around the call, as written. */
  conditions?: string[];
}

export interface AppHardware {
  hardware?: ResolvedHardware;
  source?: AppHardwareSource;
  /** Why no definition was used, when none was. */
  reason?: string;
  diagnostics: Diagnostic[];
}

export class AppHardwareFinder {
  private readonly sets = new Map<string, HardwareSet>();

  constructor(
    private readonly hardwarePath: readonly string[],
    private readonly defines: ReadonlyMap<string, string>,
    private readonly given?: ResolvedHardware,
  ) {}

  forManifest(manifestFile: string): AppHardware {
    if (this.given) return { hardware: this.given, source: { file: this.given.file, from: 'option' }, diagnostics: [] };
    const lookup = hardwareFromCmake(manifestFile, { defines: this.defines, hardwarePath: this.hardwarePath });
    if (!lookup) return { reason: 'no hardware definition given, and no CMakeLists.txt beside the manifest', diagnostics: [] };
    if (!lookup.choice) return { reason: lookup.notChosen ?? 'no hardware definition found', diagnostics: lookup.diagnostics };
    const { call, definitionFile, searchDirs } = lookup.choice;
    const hardware = this.setFor([...searchDirs, ...this.hardwarePath]).open(definitionFile);
    return {
      hardware,
      source: { file: definitionFile, from: 'cmake', cmakeFile: lookup.cmakeFile, line: call.line, conditions: call.conditions.map((c) => c.text) },
      diagnostics: lookup.diagnostics,
    };
  }

  /** Every set opened for an app, for the definitions' own diagnostics. */
  allSets(): HardwareSet[] {
    return [...this.sets.values()];
  }

  private setFor(dirs: string[]): HardwareSet {
    const key = dirs.join('\n');
    let set = this.sets.get(key);
    if (!set) {
      set = new HardwareSet(dirs);
      this.sets.set(key, set);
    }
    return set;
  }
}

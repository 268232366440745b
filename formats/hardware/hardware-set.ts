/**
 * Hardware definitions together: imports followed through the hardware path, import cycles,
 * duplicate names across everything a definition imports, and Mapping chains resolved down to the
 * AppManifestValue an app manifest will carry. Files are read once and shared between all the
 * definitions (and manifests) of a run.
 */
import { dirname, resolve } from 'node:path';
import { displayPath } from '../diagnostics/display-path.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic, type LocatedJson } from '../json/located-json.js';
import { inputFileProblem, readLocatedJson } from '../json/read-input.js';
import type { CodeName } from '../diagnostics/codes.js';
import { readHardwareDefinition, type HardwareDefinition, type PeripheralEntry } from './hardware-definition.js';
import { HardwarePath } from './hardware-path.js';
import { pathFromInput, unmarkFreeText } from '../json/free-text.js';

export type Resolution =
  | { ok: true; value: string | number | undefined; type: string; chain: PeripheralEntry[] }
  /** notChecked: the chain ran into a name that an import not found, or found with errors, may define (the import is the one error). */
  | { ok: false; reason: string; chain: PeripheralEntry[]; notChecked?: UnusableImport };

/**
 * An import whose names cannot be known: not found, or found but with errors of its own (not JSON, not a hardware
 * definition, a malformed peripheral list). Every name it would define is then not checked: the import's own
 * diagnostic (HwMissingImport at the importer, or the imported file's errors) is the one error, not a cascade of
 * unknown mappings in the importer and unresolved references in every manifest.
 */
export interface UnusableImport {
  missingImport: string;
  /** "was not found" or "has errors (file)": how the message goes on after the import's path. */
  why: string;
}

interface LoadedFile {
  doc: LocatedJson;
  def?: HardwareDefinition;
  /** Resolved import targets, in declaration order (undefined when missing). */
  importTargets?: (string | undefined)[];
  /** Every name visible through this file's imports (not its own), first definition wins. */
  importedScope?: Map<string, PeripheralEntry>;
  /** This file's own entries by name (first wins), skipping entries that map to their own name. */
  ownScope?: Map<string, PeripheralEntry>;
}

/**
 * Real Mapping chains are a few hops (sample_appliance → board → module → chip). Longer chains are
 * refused so that a hostile file cannot make resolution quadratic in time and memory.
 */
export const MAX_MAPPING_HOPS = 32;

/** How a command's user gives the folders imports are searched in: the name in messages, and the hints. */
export interface HardwareSearchWording {
  /** "--hardware-path", or the product file's field. */
  readonly name: string;
  /** Said when no folder was given. */
  readonly noneGiven: string;
  /** SF2005's hint: where an import is looked for and how to add a folder. */
  readonly importHint: string;
  /** SF1104's hint when an import was not found. */
  readonly missingImportHint: string;
}

export const HARDWARE_PATH_OPTION: HardwareSearchWording = {
  name: '--hardware-path',
  noneGiven: 'no --hardware-path given',
  importHint: 'Imports resolve relative to this file, then through --hardware-path (the SDK HardwareDefinitions folder).',
  missingImportHint: 'Point --hardware-path at the folder holding the missing import (the SDK HardwareDefinitions folder for chip and board files).',
};

/** A product's definitions: verify, report and the other product commands take the folders from the product file. */
export const PRODUCT_HARDWARE_PATH: HardwareSearchWording = {
  name: 'the product\'s "hardwarePath"',
  noneGiven: 'the product file states no "hardwarePath"',
  importHint: 'Imports resolve relative to this file, then through the folders of "hardwarePath" in the product file (the SDK HardwareDefinitions folder, relative to the product file).',
  missingImportHint: 'Add the folder holding the missing import to "hardwarePath" in the product file (the SDK HardwareDefinitions folder for chip and board files; relative to the product file).',
};

export class HardwareSet {
  /** Diagnostics that need more than one file: missing imports, cycles, duplicates, mappings. */
  readonly diagnostics: Diagnostic[] = [];
  private readonly reported = new Set<string>();
  private readonly files = new Map<string, LoadedFile>();
  private readonly resolutions = new Map<PeripheralEntry, Resolution>();
  private readonly path: HardwarePath;

  /**
   * searchedAs: how the user who gave the search folders names them, for messages and hints: lint's and
   * init's option `--hardware-path`, or a product file's "hardwarePath" (verify has no such option, and a
   * hint naming one sent a maker to an option the command refuses).
   */
  constructor(
    hardwarePath: readonly string[] = [],
    readonly searchedAs: HardwareSearchWording = HARDWARE_PATH_OPTION,
  ) {
    this.path = new HardwarePath(hardwarePath);
  }

  /** Reads (once) the file at path; its own diagnostics are on the returned document. */
  load(file: string, doc?: LocatedJson): LoadedFile {
    const key = resolve(file);
    let loaded = this.files.get(key);
    if (!loaded) {
      const parsed = doc ?? readLocatedJson(file);
      asHardwareDefinitionSyntax(parsed);
      const def = readHardwareDefinition(parsed);
      loaded = def ? { doc: parsed, def } : { doc: parsed };
      this.files.set(key, loaded);
    }
    return loaded;
  }

  /** Everything reachable from a definition, imports first. Reports missing imports, cycles and duplicate names. */
  open(file: string, doc?: LocatedJson): ResolvedHardware {
    const rootKey = resolve(file);
    const root = this.load(rootKey, doc);
    const order: string[] = [];
    this.visit(rootKey, [], new Set(), order);
    const scope = new Map<string, PeripheralEntry>();
    for (const key of order) {
      for (const entry of this.files.get(key)?.def?.peripherals ?? []) {
        const first = scope.get(entry.name);
        if (first && first !== entry) {
          this.report('HwDuplicateName', entry.file, entry.pointer, `peripheral ${entry.name} is already defined at ${this.where(first)}`);
        } else scope.set(entry.name, entry);
      }
    }
    for (const key of order) {
      for (const entry of this.files.get(key)?.def?.peripherals ?? []) this.resolve(entry);
    }
    return new ResolvedHardware(rootKey, root.def?.name, order, scope, this);
  }

  /** Follows an entry's Mapping chain to its value, reporting broken links where they are. */
  resolve(entry: PeripheralEntry): Resolution {
    const cached = this.resolutions.get(entry);
    if (cached) return cached;
    const chain: PeripheralEntry[] = [entry];
    let current = entry;
    let result: Resolution;
    const tooLong = (at: PeripheralEntry[]): Resolution => {
      this.report('HwMappingTooLong', entry.file, `${entry.pointer}/Mapping`, `peripheral ${entry.name}: the Mapping chain is longer than ${MAX_MAPPING_HOPS} hops (${at.slice(0, 4).map((e) => e.name).join(' → ')} → …)`);
      return { ok: false, reason: `Mapping chain longer than ${MAX_MAPPING_HOPS} hops`, chain: at.slice(0, MAX_MAPPING_HOPS + 1) };
    };
    for (;;) {
      if (current.mapping === undefined) {
        result = { ok: true, value: current.appManifestValue, type: entry.type, chain };
        break;
      }
      if (chain.length > MAX_MAPPING_HOPS) {
        result = tooLong(chain);
        break;
      }
      const target = this.lookupFrom(current.file, current.mapping);
      if (!target) {
        const unusable = this.missingImportBelow(current.file);
        if (unusable) {
          result = { ok: false, reason: `${current.mapping} may be defined in the import "${unusable.missingImport}", which ${unusable.why}`, chain, notChecked: unusable };
          break;
        }
        this.report('HwUnknownMapping', current.file, `${current.pointer}/Mapping`, `peripheral ${current.name} maps to ${current.mapping}, which no imported definition defines`);
        result = { ok: false, reason: `${current.mapping} is not defined`, chain };
        break;
      }
      if (chain.includes(target)) {
        this.report('HwMappingCycle', current.file, `${current.pointer}/Mapping`, `mapping cycle: ${[...chain, target].map((e) => e.name).join(' → ')}`);
        result = { ok: false, reason: 'mapping cycle', chain };
        break;
      }
      if (target.type !== current.type) {
        this.report('HwMappingTypeMismatch', current.file, `${current.pointer}/Type`, `peripheral ${current.name} is Type "${current.type}" but maps to ${target.name}, Type "${target.type}" (${this.where(target)})`);
      }
      chain.push(target);
      const earlier = this.resolutions.get(target);
      if (earlier) {
        const merged = [...chain, ...earlier.chain.slice(1)];
        if (merged.length > MAX_MAPPING_HOPS + 1) result = tooLong(merged);
        else result = earlier.ok ? { ...earlier, type: entry.type, chain: merged } : { ...earlier, chain: merged };
        break;
      }
      current = target;
    }
    this.resolutions.set(entry, result);
    return result;
  }

  where(entry: PeripheralEntry): string {
    const pos = this.files.get(resolve(entry.file))?.doc.positionOf(entry.pointer);
    return `${this.display(entry.file)}${pos ? `:${pos.line}:${pos.column}` : ''}`;
  }

  display(file: string): string {
    return displayPath(file);
  }

  /**
   * The first import in this file's import closure (the file itself, what it imports, and so on) that could not be
   * found or was found with errors of its own, or undefined when every import was read whole. A name missing from an
   * incomplete closure may simply live in that file, so it is not an error of its own.
   */
  missingImportBelow(file: string): UnusableImport | undefined {
    const seen = new Set<string>();
    const queue = [resolve(file)];
    while (queue.length > 0) {
      const key = queue.shift()!;
      if (seen.has(key)) continue;
      seen.add(key);
      const loaded = this.files.get(key);
      const targets = loaded?.importTargets ?? [];
      for (let i = 0; i < targets.length; i++) {
        const target = targets[i];
        const path = loaded!.def!.imports[i]!.path;
        if (target === undefined) return { missingImport: path, why: 'was not found' };
        if (this.hasOwnErrors(target)) return { missingImport: path, why: `has errors (${this.display(target)})` };
        queue.push(target);
      }
    }
    return undefined;
  }

  /** A loaded file that is not a hardware definition, or whose own diagnostics include an error. */
  private hasOwnErrors(key: string): boolean {
    const loaded = this.files.get(key);
    if (!loaded) return false;
    return !loaded.def || loaded.doc.diagnostics.some((d) => d.severity === 'error');
  }

  /** Loaded definition documents, for callers that report each file's own diagnostics. */
  documents(): LocatedJson[] {
    return [...this.files.values()].map((f) => f.doc);
  }

  /** documents().length without the list (the app-manifest fuzz target checks it on every input). */
  documentCount(): number {
    return this.files.size;
  }

  private lookupFrom(file: string, name: string): PeripheralEntry | undefined {
    const loaded = this.files.get(resolve(file));
    if (!loaded) return undefined;
    if (!loaded.importedScope) {
      loaded.importedScope = new Map();
      const seen = new Set<string>([resolve(file)]);
      const queue = [...(loaded.importTargets ?? [])];
      while (queue.length > 0) {
        const next = queue.shift();
        if (!next || seen.has(next)) continue;
        seen.add(next);
        const f = this.files.get(next);
        for (const e of f?.def?.peripherals ?? []) if (!loaded.importedScope.has(e.name)) loaded.importedScope.set(e.name, e);
        queue.push(...(f?.importTargets ?? []));
      }
    }
    if (!loaded.ownScope) {
      loaded.ownScope = new Map();
      for (const e of loaded.def?.peripherals ?? []) if (e.mapping !== e.name && !loaded.ownScope.has(e.name)) loaded.ownScope.set(e.name, e);
    }
    return loaded.importedScope.get(name) ?? loaded.ownScope.get(name);
  }

  private visit(key: string, stack: string[], done: Set<string>, order: string[]): void {
    if (done.has(key)) return;
    const loaded = this.load(key);
    stack.push(key);
    if (!loaded.importTargets) {
      loaded.importTargets = (loaded.def?.imports ?? []).map((imp) => {
        const found = this.path.find(key, unmarkFreeText(imp.path));
        // A folder, a looping link or an unreadable file beside the importer is not "missing": say what it is.
        const beside = found.file ? undefined : inputFileProblem(pathFromInput(dirname(key), imp.path));
        if (beside && beside.name !== 'PathNotFound') {
          this.report('HwMissingImport', key, imp.pointer, `imported file "${imp.path}" ${beside.message}${this.path.dirs.length ? `, and none was found under ${this.searchedAs.name}` : ''}; names it would define are not checked`, this.searchedAs.importHint);
        } else if (!found.file) {
          this.report('HwMissingImport', key, imp.pointer, `cannot find imported file "${imp.path}" next to this file${this.path.dirs.length ? ` or under ${this.searchedAs.name}` : ` (${this.searchedAs.noneGiven})`}; names it would define are not checked`, this.searchedAs.importHint);
        } else if (found.alternatives.length > 0) {
          this.report('HwAmbiguousImport', key, imp.pointer, `"${imp.path}" matches ${found.alternatives.length + 1} files; using ${this.display(found.file)}`);
        }
        return found.file ? resolve(found.file) : undefined;
      });
    }
    loaded.importTargets.forEach((target, i) => {
      if (!target) return;
      if (stack.includes(target)) {
        const cycle = [...stack.slice(stack.indexOf(target)), target].map((f) => this.display(f)).join(' → ');
        this.report('HwImportCycle', key, loaded.def!.imports[i]!.pointer, `import cycle: ${cycle}`);
        return;
      }
      this.visit(target, stack, done, order);
    });
    stack.pop();
    done.add(key);
    order.push(key);
  }

  private report(name: CodeName, file: string, pointer: string, message: string, hint?: string): void {
    const id = `${resolve(file)}#${pointer}#${name}#${message}`;
    if (this.reported.has(id)) return;
    this.reported.add(id);
    const doc = this.files.get(resolve(file))?.doc;
    this.diagnostics.push(makeDiagnostic(name, doc?.file ?? file, pointer, doc ? doc.positionOf(pointer) : { line: 1, column: 1 }, message, hint === undefined ? {} : { hint }));
  }
}

/** A definition with everything it imports: the names a manifest built against it can use. */
export class ResolvedHardware {
  constructor(
    readonly file: string,
    readonly name: string | undefined,
    readonly files: readonly string[],
    private readonly scope: Map<string, PeripheralEntry>,
    private readonly set: HardwareSet,
  ) {}

  lookup(name: string): { entry: PeripheralEntry; resolution: Resolution } | undefined {
    const entry = this.scope.get(name);
    return entry ? { entry, resolution: this.set.resolve(entry) } : undefined;
  }

  /** An import of this definition (or of its imports) that could not be found or has errors; names may be missing because of it. */
  missingImport(): UnusableImport | undefined {
    return this.set.missingImportBelow(this.file);
  }

  names(): string[] {
    return [...this.scope.keys()];
  }

  /** names().length without the list (the app-manifest fuzz target checks it on every input). */
  nameCount(): number {
    return this.scope.size;
  }

  /** How the folders searched for imports are named to the user (lint's option or the product's field). */
  get searchedAs(): HardwareSearchWording {
    return this.set.searchedAs;
  }

  describeChain(chain: readonly PeripheralEntry[]): string[] {
    return chain.map((e) => `${e.name} (${this.set.where(e)})`);
  }
}

/**
 * The JSON reader reports a syntax error as InvalidJson, the device's error code for an app manifest (2097153): in a
 * hardware definition it is reported under the definition's own code, naming the same file and position.
 */
export function asHardwareDefinitionSyntax(doc: LocatedJson): void {
  doc.diagnostics.forEach((d, i) => {
    if (d.name === 'InvalidJson') doc.diagnostics[i] = makeDiagnostic('HwInvalidJson', d.file, d.pointer, d.position, `the hardware definition is not valid JSON: ${d.message.replace(/^invalid JSON: /, '')}`);
  });
}

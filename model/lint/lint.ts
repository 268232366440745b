/**
 * `sevenfold lint`: recognise manifests and hardware definitions among the given paths, read each
 * the way Azure Sphere does, resolve "$NAME" references against a chosen definition, and return
 * every diagnostic once.
 */
import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { MT3620 } from '../../formats/chips/mt3620.js';
import type { ChipProfile } from '../../formats/chips/chip-profile.js';
import { countBySeverity, dedupeDiagnostics, sortDiagnostics, type Diagnostic, type Severity } from '../../formats/diagnostics/diagnostic.js';
import { makeDiagnostic, type LocatedJson } from '../../formats/json/located-json.js';
import { readLocatedJson } from '../../formats/json/read-input.js';
import { looksLikeHardwareDefinition } from '../../formats/hardware/hardware-definition.js';
import { HardwareSet, type ResolvedHardware } from '../../formats/hardware/hardware-set.js';
import type { AppManifest } from '../../formats/manifest/app-manifest.js';
import { readManifest } from '../../formats/manifest/read-manifest.js';
import { resolveReferences } from '../../formats/manifest/resolve-references.js';
import { walkPaths } from './walk.js';
import { securityLint } from './security/security-lint.js';
import { reportEqualComponentIds } from '../../formats/manifest/component-ids.js';
import { AppHardwareFinder, type AppHardwareSource } from './app-hardware.js';
import { manifestConflicts } from '../isolation/manifest-conflicts.js';
import { loadProduct } from '../product/product.js';
import { PRODUCT_FILE_NAME } from '../product/builtin.js';
import { looksLikeAppManifest, looksLikeProductFile } from '../product/input-file-kind.js';

export const MANIFEST_FILE_NAME = 'app_manifest.json';

export interface LintOptions {
  /** The hardware definition that "$NAME" references resolve against. */
  hardware?: string;
  /** Folders searched for imported hardware definitions (like the SDK's HardwareDefinitions). */
  hardwarePath?: readonly string[];
  /** Variables for reading each app's CMakeLists.txt, like cmake -D (--define AVNET, --define PRODUCT=x). */
  defines?: ReadonlyMap<string, string>;
  chip?: ChipProfile;
  onProgress?: (done: number, total: number) => void;
}

export type FileKind = 'manifest' | 'hardware-definition' | 'product' | 'unrecognised';

export interface LintedFile {
  file: string;
  kind: FileKind;
  manifest?: AppManifest;
  /** For a manifest: the hardware definition its "$NAME" references were resolved against, and how it was found. */
  hardware?: AppHardwareSource;
}

export interface LintResult {
  files: LintedFile[];
  diagnostics: Diagnostic[];
  counts: Record<Severity, number>;
  /** Paths or options that could not be used at all (exit code 2). */
  usageErrors: string[];
  hardware?: ResolvedHardware;
}

export function classify(file: string, doc: LocatedJson): FileKind {
  if (basename(file) === MANIFEST_FILE_NAME) return 'manifest';
  const v = doc.value;
  if (looksLikeHardwareDefinition(v)) return 'hardware-definition';
  if (basename(file) === PRODUCT_FILE_NAME || looksLikeProductFile(v)) return 'product';
  if (looksLikeAppManifest(v)) return 'manifest';
  return 'unrecognised';
}

export function lint(paths: readonly string[], options: LintOptions = {}): LintResult {
  const chip = options.chip ?? MT3620;
  const walked = walkPaths(paths);
  const diagnostics: Diagnostic[] = [...walked.diagnostics];
  const usageErrors = walked.missingPaths.map((p) => `${p}: no such file or folder`);
  const hardwareSet = new HardwareSet(options.hardwarePath ?? []);
  for (const dir of options.hardwarePath ?? []) {
    if (!isDirectory(dir)) usageErrors.push(`--hardware-path ${dir}: not a folder`);
  }

  let hardware: ResolvedHardware | undefined;
  if (options.hardware) {
    const doc = readLocatedJson(resolve(options.hardware));
    if (doc.value !== undefined && !looksLikeHardwareDefinition(doc.value)) {
      usageErrors.push(`--hardware ${options.hardware}: not an Azure Sphere hardware definition (Metadata.Type is not "Azure Sphere Hardware Definition")`);
    } else if (doc.value === undefined && doc.diagnostics.some((d) => d.name === 'PathNotFound' || d.name === 'NotAFile')) {
      usageErrors.push(`--hardware ${options.hardware}: ${doc.diagnostics[0]!.message}`);
    } else {
      hardware = hardwareSet.open(doc.file, doc);
    }
  }

  const appHardware = new AppHardwareFinder(options.hardwarePath ?? [], options.defines ?? new Map(), hardware);
  const files: LintedFile[] = [];
  const manifestDocs: LocatedJson[] = [];
  const manifestDocByFile = new Map<string, LocatedJson>();
  walked.candidates.forEach((candidate, i) => {
    options.onProgress?.(i, walked.candidates.length);
    const doc = readLocatedJson(candidate.file);
    const kind = doc.value === undefined && basename(candidate.file) !== MANIFEST_FILE_NAME ? 'unrecognised' : classify(candidate.file, doc);
    if (kind === 'manifest') {
      const manifest = readManifest(doc, chip, { fragments: 'recognise' });
      let source: AppHardwareSource | undefined;
      if (manifest) {
        const found = appHardware.forManifest(candidate.file);
        diagnostics.push(...found.diagnostics);
        source = found.hardware ? found.source : undefined;
        resolveReferences(doc, manifest, found.hardware, chip, found.reason);
        reportSamePinConflicts(doc, manifest, chip);
        securityLint(doc, manifest);
      }
      manifestDocs.push(doc);
      manifestDocByFile.set(candidate.file, doc);
      files.push({ file: candidate.file, kind, ...(manifest ? { manifest } : {}), ...(source ? { hardware: source } : {}) });
    } else if (kind === 'product') {
      diagnostics.push(...loadProduct(candidate.file).diagnostics);
      files.push({ file: candidate.file, kind });
    } else if (kind === 'hardware-definition') {
      hardwareSet.open(candidate.file, doc);
      files.push({ file: candidate.file, kind });
    } else {
      files.push({ file: candidate.file, kind });
      if (doc.value === undefined) diagnostics.push(...doc.diagnostics);
      else if (candidate.explicit) {
        diagnostics.push(makeDiagnostic('NotRecognised', candidate.file, '', { line: 1, column: 1 }, 'not an application manifest or a hardware definition; skipped'));
      }
    }
  });
  options.onProgress?.(walked.candidates.length, walked.candidates.length);
  usageErrors.push(...foldersWithNothingToLint(walked.folders, files));

  reportEqualComponentIds(
    files.flatMap((f) => (f.manifest && !f.manifest.fragment ? [{ manifest: f.manifest, doc: manifestDocByFile.get(f.file)! }] : [])),
    'ComponentIdReused',
  );
  for (const doc of manifestDocs) diagnostics.push(...doc.diagnostics);
  for (const set of [hardwareSet, ...appHardware.allSets()]) {
    for (const doc of set.documents()) diagnostics.push(...doc.diagnostics);
    diagnostics.push(...set.diagnostics);
  }
  const unique = withoutReuseWhereDuplicate(dedupeDiagnostics(diagnostics));
  return { files, diagnostics: sortDiagnostics(unique), counts: countBySeverity(unique), usageErrors, ...(hardware ? { hardware } : {}) };
}


/** Where a product in the run already says two apps clash (an error), the tree-level warning says nothing more. */
function withoutReuseWhereDuplicate(diagnostics: Diagnostic[]): Diagnostic[] {
  const duplicate = new Set(diagnostics.filter((d) => d.name === 'DuplicateComponentId').map((d) => d.file));
  return diagnostics.filter((d) => d.name !== 'ComponentIdReused' || !duplicate.has(d.file));
}

/**
 * A folder that holds nothing lint can check is almost always the wrong folder: reporting "0 files,
 * 0 errors" would let a CI gate pass on it, so it is a usage error that names the folder.
 */
function foldersWithNothingToLint(folders: ReadonlyMap<string, string[]>, files: readonly LintedFile[]): string[] {
  const kindOf = new Map(files.map((f) => [f.file, f.kind]));
  const problems: string[] = [];
  for (const [folder, found] of folders) {
    if (found.some((file) => kindOf.get(file) !== 'unrecognised')) continue;
    const skipped = found.length ? ` (${found.length} other JSON file${found.length === 1 ? '' : 's'} skipped)` : '';
    problems.push(`${folder}: no app manifest, hardware definition or product file found in this folder${skipped}`);
  }
  return problems;
}

function reportSamePinConflicts(doc: LocatedJson, manifest: AppManifest, chip: ChipProfile): void {
  for (const [a, b] of manifestConflicts(chip, manifest)) {
    const pins = a.block.gpios.length > 1 ? `GPIO ${a.block.gpios[0]}-${a.block.gpios.at(-1)}` : `GPIO ${a.block.gpios[0]}`;
    doc.report('RequestedPeripheralsRequireSamePin', b.pointer, `${b.capability} ${JSON.stringify(b.value)} and ${a.capability} ${JSON.stringify(a.value)} (${a.pointer}) both need block ${a.block.id} (${pins})`, {
      hint: 'An ISU serves one function at a time, and a PWM or ADC controller takes every GPIO of its block: drop one of the two.',
    });
  }
}

function isDirectory(path: string): boolean {
  try {
    return (statSync(path)).isDirectory();
  } catch {
    return false;
  }
}

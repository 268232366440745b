/**
 * A first product file for the apps of a project (`sevenfold init`): the apps installed together, and the
 * hardware definition each one's "$NAME" references resolve against, found where the SDK build finds it (the
 * CMakeLists.txt beside each manifest, model/lint/cmake). What the project's files cannot say (how the devices
 * are deployed, how each app authenticates to its hosts, the designs) is left out, so the loader's defaults
 * apply and `verify` says where each default decided something; the draft lists them as notes to review.
 *
 * A device runs one high-level app and up to two real-time apps (azure-sphere-facts §1.4): a folder that holds
 * more (a samples repository) is not one product, and no file is drafted for it.
 */
import { basename, dirname, join, relative } from 'node:path';
import { readLocatedJson } from '../../formats/json/read-input.js';
import { readManifest } from '../../formats/manifest/read-manifest.js';
import { MT3620 } from '../../formats/chips/mt3620.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { hardwareFromCmake } from '../lint/cmake/hardware-from-cmake.js';
import { packageRoot } from './builtin.js';
import { definitionsDefining, hardwareDefinitionsUnder } from './definition-candidates.js';
import { builtinUpdateFile, loadUpdateDesign } from '../update/load-update.js';
import { judgeRecoveryFlashing } from '../update/recovery-flashing.js';
import { timeSourceFinding } from '../update/clock.js';

/** Apps of each kind one MT3620 runs: one high-level app on the A7, one real-time app on each M4. */
const MAX_APPS = { 'high-level': 1, 'real-time': 2 } as const;
/** Candidate definitions named in a note: enough to pick from, not a listing of an SDK. */
const MAX_CANDIDATES_SHOWN = 6;

export interface DraftApp {
  manifestFile: string;
  name: string;
  kind: 'high-level' | 'real-time';
  /** The definition its build names, when its manifest uses "$NAME" references and the CMakeLists.txt names one. */
  hardwareDefinition?: string;
  /** The folders that definition's imports are looked for in (the CMake call's TARGET_DIRECTORY). */
  searchDirs: string[];
  usesReferences: boolean;
  /**
   * When its references have no definition from the build: the definitions under the project's folders that define
   * every name it uses (definition-candidates.ts), for the note; never written into the draft.
   */
  candidates?: string[];
  /** Whether it connects to a host or listens on a port it declares: only then does "authentication" decide anything for it. */
  opensConnections: boolean;
}

export type Draft = { ok: true; product: Record<string, unknown>; notes: string[] } | { ok: false; problems: string[] };

/** Reads each manifest (an unreadable one is a problem, reported by its file) and what its build names. */
export function draftApps(manifestFiles: readonly string[], hardwarePath: readonly string[], projectFolders: readonly string[] = []): { apps: DraftApp[]; problems: string[] } {
  const apps: DraftApp[] = [];
  let definitions: Map<string, Set<string>> | undefined;
  const problems: string[] = [];
  for (const file of manifestFiles) {
    const doc = readLocatedJson(file);
    const manifest = doc.value === undefined ? undefined : readManifest(doc, MT3620);
    if (!manifest) {
      const first = doc.diagnostics.find((d) => d.severity === 'error');
      problems.push(`${displayPath(file)}: not a readable app manifest${first ? ` (${first.message})` : ''}; \`sevenfold lint ${displayPath(file)}\` shows why`);
      continue;
    }
    const usesReferences = manifest.peripherals.some((p) => p.reference !== undefined);
    const choice = usesReferences ? hardwareFromCmake(file, { hardwarePath })?.choice : undefined;
    apps.push({
      manifestFile: file,
      name: manifest.name ?? basename(dirname(file)),
      kind: manifest.kind,
      ...(choice ? { hardwareDefinition: choice.definitionFile } : {}),
      searchDirs: choice?.searchDirs ?? [],
      usesReferences,
      ...(usesReferences && !choice ? { candidates: definitionsDefining((definitions ??= hardwareDefinitionsUnder([...projectFolders, ...hardwarePath])), [...new Set(manifest.peripherals.flatMap((p) => (p.reference === undefined ? [] : [p.reference])))]) } : {}),
      opensConnections: manifest.allowedConnections.length + manifest.tcpServerPorts.length + manifest.udpServerPorts.length > 0,
    });
  }
  return { apps, problems };
}

/**
 * The product file for these apps, paths relative to the folder it is written in (`outDir`). One definition for
 * the product when every app that uses references is built against the same one, else one per app.
 */
export function draftProduct(apps: readonly DraftApp[], options: { outDir: string; name: string; hardwarePath: readonly string[] }): Draft {
  const rel = (file: string) => {
    const r = relative(options.outDir, file).split('\\').join('/');
    return r.startsWith('.') ? r : r === '' ? '.' : r;
  };
  const problems: string[] = [];
  if (apps.length === 0) problems.push('no app manifest to install: pass the folders of your apps (each holds an app_manifest.json)');
  for (const kind of ['high-level', 'real-time'] as const) {
    const of = apps.filter((a) => a.kind === kind);
    if (of.length > MAX_APPS[kind]) {
      problems.push(
        `${of.length} ${kind} apps (${of.map((a) => rel(a.manifestFile)).join(', ')}): an MT3620 runs ${MAX_APPS[kind]} ${kind} app${MAX_APPS[kind] > 1 ? 's' : ''} at most, so these are not one product. Name the apps installed together: sevenfold init <app folder> <app folder>…`,
      );
    }
  }
  if (problems.length) return { ok: false, problems };

  const notes: string[] = [];
  const withReferences = apps.filter((a) => a.usesReferences);
  const definitions = [...new Set(withReferences.flatMap((a) => (a.hardwareDefinition ? [a.hardwareDefinition] : [])))];
  const shared = definitions.length === 1 && withReferences.every((a) => a.hardwareDefinition === definitions[0]) ? definitions[0] : undefined;
  for (const a of withReferences.filter((x) => !x.hardwareDefinition)) {
    const candidates = a.candidates ?? [];
    const shown = candidates.slice(0, MAX_CANDIDATES_SHOWN).map(rel).join(', ');
    const which = candidates.length ? `; of the hardware definitions found here, ${candidates.length === 1 ? `${shown} defines` : `${candidates.length} define`} every name it uses${candidates.length > 1 ? `: ${shown}${candidates.length > MAX_CANDIDATES_SHOWN ? ', …' : ''}` : ''} (pick the board it is built for)` : '';
    notes.push(`${rel(a.manifestFile)} uses "$NAME" references and no CMakeLists.txt beside it names a hardware definition: add "hardwareDefinition" (the TARGET_DEFINITION it is built with), or the product will not load (SF3004)${which}`);
  }
  const searchDirs = [...new Set([...options.hardwarePath, ...withReferences.flatMap((a) => a.searchDirs)])];
  const product: Record<string, unknown> = {
    // The schema of the Sevenfold that drafted it, for editors' completion and checks.
    $schema: relative(options.outDir, join(packageRoot(), 'model', 'schema', 'product.schema.json')).split('\\').join('/'),
    schemaVersion: 1,
    name: options.name,
    description: `Drafted by sevenfold init from ${apps.length} app manifest${apps.length === 1 ? '' : 's'}: review the notes it printed.`,
    chip: 'mt3620',
    ...(shared ? { hardwareDefinition: rel(shared) } : {}),
    ...(searchDirs.length ? { hardwarePath: searchDirs.map(rel) } : {}),
    apps: apps.map((a) => ({
      manifest: rel(a.manifestFile),
      ...(!shared && a.hardwareDefinition ? { hardwareDefinition: rel(a.hardwareDefinition) } : {}),
    })),
  };
  notes.push('"deployment" is not stated: the devices are taken to be in the Production group with no device capability; state the group and the fleet size your devices are in');
  // Only an app that connects or listens has a connection to state (the note was printed for apps that open none).
  const connecting = apps.filter((a) => a.opensConnections);
  if (connecting.length) {
    notes.push(`"apps[].authentication" is not stated for ${connecting.map((a) => a.name).join(', ')}: certificate-authentication cannot decide how an app authenticates to a host it connects to or on a port it listens on (unknown; DeviceAuthentication shows only that an app can present its device certificate, not that it keeps no SAS key besides); state it per host and port, and with "certificate" (a certificate of the app's own) where its key is kept, in "certificateKeys"`);
  }
  // The draft names no update design, so the built-in one is verified: what it leaves unstated the maker must state in one of their own.
  const update = loadUpdateDesign(builtinUpdateFile()).design;
  if (update && timeSourceFinding(update) === 'unstated') {
    notes.push('"update" is not stated: the built-in Azure Sphere update design does not state whether the device authenticates the time it sets its clock from ("timeSync"; the reference facts do not say), so renewable-security\'s freeze detection stays unknown; name an update design of your own that states it');
  }
  // The built-in design states recovery mode (Microsoft documents it) but not what it checks (not public): the maker who
  // knows their device's recovery path states it, as for the time source (the rule: model/update/recovery-flashing.ts).
  if (update && judgeRecoveryFlashing(update).verdict === 'unstated') {
    notes.push('"update" is not stated: the built-in Azure Sphere update design states recovery mode ("recoveryFlashing": `azsphere device recover`) but not whether it compares an image\'s security version with the anti-rollback counters ("recoveryFlashing.versionCheck"; Microsoft does not say), so whether a revoked release stays revoked through it stays unknown; name an update design of your own that states it');
  }
  notes.push('no "image" is named: the apps are verified from their manifests; name each .imagepackage to check what the devices will run');
  return { ok: true, product, notes };
}

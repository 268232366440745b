/**
 * The hardware definition an app is built against, found the way the Azure Sphere SDK finds it: the
 * CMakeLists.txt beside app_manifest.json (the SDK packs ${CMAKE_SOURCE_DIR}/app_manifest.json) calls
 *
 *   azsphere_target_hardware_definition(<target> TARGET_DIRECTORY <dir>... TARGET_DEFINITION <file>)
 *
 * The SDK's function (AzureSphereToolchainBase.cmake, SDK 20.04 and later) takes each TARGET_DIRECTORY
 * relative to CMAKE_SOURCE_DIR unless absolute, uses the first one that holds TARGET_DEFINITION, and
 * otherwise the SDK's own HardwareDefinitions folder; every directory, then the SDK folder, is the search
 * path for the definition's imports. Here --hardware-path plays the SDK folder. A call inside a board
 * condition (if(AVNET) … endif()) counts only when its condition holds; when several calls hold, the
 * last one sets the target property and wins, as in CMake.
 */
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Diagnostic } from '../../../formats/diagnostics/diagnostic.js';
import { displayPath } from '../../../formats/diagnostics/display-path.js';
import { makeDiagnostic } from '../../../formats/json/located-json.js';
import { HardwarePath } from '../../../formats/hardware/hardware-path.js';
import { runCmake, type CmakeCondition, type RecordedCommand, type Truth } from './cmake-evaluate.js';
import { isDirectory, isFile, readTextFile } from './file-probe.js';

export const CMAKE_FILE_NAME = 'CMakeLists.txt';
const CALL = 'azsphere_target_hardware_definition';

export interface HardwareTargetCall {
  file: string;
  line: number;
  column: number;
  directories: string[];
  definition?: string;
  conditions: CmakeCondition[];
  truth: Truth;
  /** Variables the call's arguments used that nobody defined (e.g. AZURE_SPHERE_SDK_PATH). */
  undefinedVariables: string[];
}

export interface CmakeHardwareChoice {
  call: HardwareTargetCall;
  definitionFile: string;
  /** Where the definition's imports are looked for: the call's directories (the SDK folder is --hardware-path). */
  searchDirs: string[];
  /** Found through --hardware-path (standing in for the SDK's HardwareDefinitions folder). */
  fromHardwarePath: boolean;
}

export interface CmakeHardwareLookup {
  cmakeFile: string;
  calls: HardwareTargetCall[];
  choice?: CmakeHardwareChoice;
  /** Why no definition was chosen, for the manifest's "not checked" note. */
  notChosen?: string;
  diagnostics: Diagnostic[];
}

export interface CmakeLookupOptions {
  /** --define NAME[=VALUE], like cmake -D. */
  defines?: ReadonlyMap<string, string>;
  /** --hardware-path: the SDK's HardwareDefinitions folder and other base definitions. */
  hardwarePath?: readonly string[];
}

/** Undefined when there is no CMakeLists.txt beside the manifest. */
export function hardwareFromCmake(manifestFile: string, options: CmakeLookupOptions = {}): CmakeHardwareLookup | undefined {
  const cmakeFile = join(dirname(resolve(manifestFile)), CMAKE_FILE_NAME);
  const text = readTextFile(cmakeFile);
  return text === undefined ? undefined : hardwareFromCmakeText(cmakeFile, text, options);
}

/** The same, for the text of a CMakeLists.txt at cmakeFile (which need not exist: tests write none into read-only trees). */
export function hardwareFromCmakeText(cmakeFile: string, text: string, options: CmakeLookupOptions = {}): CmakeHardwareLookup {
  const run = runCmake(cmakeFile, text, { record: [CALL], ...(options.defines ? { defines: options.defines } : {}) });
  const sourceDir = dirname(cmakeFile);
  const diagnostics: Diagnostic[] = run.problems.map((p) =>
    makeDiagnostic('CmakeUnreadable', p.file, '', { line: p.line, column: p.column }, `${p.message}; the hardware definition is looked up in what could be read`),
  );
  const calls = run.recorded.map((r) => toCall(r, sourceDir));
  const lookup: CmakeHardwareLookup = { cmakeFile, calls, diagnostics };
  if (calls.length === 0) {
    lookup.notChosen = `${displayPath(cmakeFile)} names no hardware definition (no ${CALL} call)`;
    return lookup;
  }

  const active = calls.filter((c) => c.truth === 'true');
  const chosen = active.at(-1);
  if (calls.some((c) => c.conditions.length > 0) || active.length > 1) diagnostics.push(conditionalReport(calls, chosen, active));
  if (!chosen) {
    lookup.notChosen = `no ${CALL} call in ${displayPath(cmakeFile)} applies: ${calls.map((c) => describeConditions(c)).join('; ')}`;
    return lookup;
  }

  const hardwarePath = new HardwarePath(options.hardwarePath ?? []);
  const found = locateDefinition(chosen, hardwarePath);
  if (found) {
    lookup.choice = { call: chosen, definitionFile: found.file, searchDirs: chosen.directories.filter(isDirectory), fromHardwarePath: found.fromHardwarePath };
    return lookup;
  }
  const where = `${displayPath(cmakeFile)}:${chosen.line}`;
  if (chosen.definition === undefined) {
    diagnostics.push(at('CmakeHardwareDefinitionMissing', chosen, `${CALL} has no TARGET_DEFINITION`));
    lookup.notChosen = `${where} names no TARGET_DEFINITION`;
  } else if (chosen.undefinedVariables.length > 0) {
    const names = chosen.undefinedVariables.map((v) => `\${${v}}`).join(', ');
    diagnostics.push(
      at('CmakeHardwareDefinitionUnknown', chosen, `${chosen.definition} is looked for through ${names}, which the build defines and lint does not know: pass --hardware-path <the SDK's HardwareDefinitions folder> or --define ${chosen.undefinedVariables[0]}=<value>`),
    );
    lookup.notChosen = `${where} names ${chosen.definition} through ${names}, which is not defined here`;
  } else {
    const dirs = chosen.directories.length ? chosen.directories.map((d) => displayPath(d)).join(', ') : '(no TARGET_DIRECTORY)';
    diagnostics.push(at('CmakeHardwareDefinitionMissing', chosen, `TARGET_DEFINITION ${chosen.definition} is in none of ${dirs}${hardwarePath.dirs.length ? ' nor under --hardware-path' : ' (no --hardware-path given)'}: the build would stop here`));
    lookup.notChosen = `${where} names ${chosen.definition}, which was not found`;
  }
  return lookup;
}

function toCall(recorded: RecordedCommand, sourceDir: string): HardwareTargetCall {
  const [, ...rest] = recorded.args;
  const directories: string[] = [];
  let definition: string | undefined;
  let section: 'dir' | 'def' | undefined;
  for (const arg of rest) {
    if (arg === 'TARGET_DIRECTORY') section = 'dir';
    else if (arg === 'TARGET_DEFINITION') section = 'def';
    else if (section === 'dir') {
      // The SDK walks TARGET_DIRECTORY as a list: "a;b" is two directories.
      for (const dir of arg.split(';')) if (dir !== '') directories.push(isAbsolute(dir) ? dir : resolve(sourceDir, dir));
    } else if (section === 'def' && definition === undefined) definition = arg;
  }
  const uncertain = recorded.uncertain && recorded.truth === 'true';
  return {
    file: recorded.file,
    line: recorded.command.line,
    column: recorded.command.column,
    directories,
    ...(definition !== undefined ? { definition } : {}),
    conditions: recorded.conditions,
    truth: uncertain ? 'unknown' : recorded.truth,
    undefinedVariables: [...new Set(recorded.undefinedVariables)],
  };
}

function locateDefinition(call: HardwareTargetCall, hardwarePath: HardwarePath): { file: string; fromHardwarePath: boolean } | undefined {
  if (call.definition === undefined) return undefined;
  for (const dir of call.directories) {
    const file = resolve(dir, call.definition);
    if (isFile(file)) return { file, fromHardwarePath: false };
  }
  // The SDK's last resort is its own HardwareDefinitions folder; --hardware-path stands in for it.
  const fallback = hardwarePath.lookup(call.definition);
  return fallback.file ? { file: fallback.file, fromHardwarePath: true } : undefined;
}

function conditionalReport(calls: HardwareTargetCall[], chosen: HardwareTargetCall | undefined, active: HardwareTargetCall[]): Diagnostic {
  const lines = calls.map((c) => {
    const state = c === chosen ? 'selected' : c.truth === 'true' ? 'also applies, but a later call wins' : c.truth === 'false' ? 'does not apply' : 'cannot tell';
    const definition = c.definition === undefined ? '(no TARGET_DEFINITION)' : c.directories[0] ? displayPath(join(c.directories[0], c.definition)) : c.definition;
    return `line ${c.line} ${describeConditions(c)} → ${definition} (${state})`;
  });
  const names = [...new Set(calls.filter((c) => c !== chosen).flatMap((c) => c.conditions.flatMap((k) => k.undefinedNames)))].filter((n) => !n.startsWith('ENV{'));
  const advice = names.length ? `; select ${chosen ? 'another' : 'one'} with --define ${names.slice(0, 3).join(' or --define ')}` : '';
  const several = active.length > 1 ? `; ${active.length} calls apply and the SDK keeps the last` : '';
  const anchor = chosen ?? calls[0]!;
  return at('CmakeHardwareDefinitionConditional', anchor, `the hardware definition depends on build conditions: ${lines.join('; ')}${several}${advice}`);
}

function describeConditions(call: HardwareTargetCall): string {
  if (call.conditions.length === 0) return 'unconditional';
  return call.conditions.map((c) => `${c.text} is ${c.truth === 'true' ? 'true' : c.truth === 'false' ? 'false' : 'unknown'}${c.truth === 'unknown' && c.undefinedNames.length ? ` (${c.undefinedNames.join(', ')} not defined)` : ''}`).join(' and ');
}

function at(name: 'CmakeHardwareDefinitionConditional' | 'CmakeHardwareDefinitionMissing' | 'CmakeHardwareDefinitionUnknown', call: HardwareTargetCall, message: string): Diagnostic {
  return makeDiagnostic(name, call.file, '', { line: call.line, column: call.column }, message);
}

/**
 * Where a reviewer states a field a verdict asks for. A product's designs (platform, update, protocol) and the
 * requirement profile are either files of the maker's own or the built-in ones inside Sevenfold; a hint that says
 * "state X in the update design" sends the maker to a file they cannot edit (it is replaced with every install of
 * Sevenfold, and the same file serves every product). For a built-in design the hint says to copy it and where
 * the copy is named. One wording for every property that asks for a design's field.
 */
import { resolve } from 'node:path';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { builtinProtocolFile } from '../attestation/load-protocol.js';
import { builtinPlatformFile } from '../platform/load-platform.js';
import { builtinUpdateFile } from '../update/load-update.js';

export type DesignKind = 'platform' | 'update' | 'protocol';

const BUILT_IN: Record<DesignKind, () => string> = { platform: builtinPlatformFile, update: builtinUpdateFile, protocol: builtinProtocolFile };

export function isBuiltinDesign(kind: DesignKind, file: string): boolean {
  return resolve(file) === resolve(BUILT_IN[kind]());
}

/** Which built-in design a file is, if any. */
export function builtinDesignKind(file: string): DesignKind | undefined {
  return (Object.keys(BUILT_IN) as DesignKind[]).find((kind) => isBuiltinDesign(kind, file));
}

/**
 * `state "timeSync": … ` + designFieldPlace('update', file): ` in the update design (file)` for the maker's own,
 * ` in a copy of the built-in update design …, named as the product file's "update"` for the built-in one.
 */
/** "an update design", "a platform design", "a protocol design". */
export const aDesign = (kind: DesignKind): string => `${kind === 'update' ? 'an' : 'a'} ${kind} design`;

export function designFieldPlace(kind: DesignKind, file: string): string {
  if (!isBuiltinDesign(kind, file)) return `in the ${kind} design (${displayPath(file)})`;
  return `in ${aDesign(kind)} of your own: the product uses the built-in one (${displayPath(file)}), which is part of Sevenfold and not edited in place; copy it into the product's folder, state the field in the copy and name the copy as the product file's "${kind}"`;
}

/**
 * Small pieces the attack scenarios share: genuine images and metadata bodies to start forging from,
 * and interceptors for the common network behaviours (replay, serve own files, fail).
 */
import { parseUpdateMetadata, type UpdateMetadataBody, type UpdateTarget } from '../../../model/update/metadata.js';
import type { UpdateKind } from '../../../model/update/update-design.js';
import type { Interceptor } from '../network.js';
import type { Chunk, Fetched } from '../service-api.js';
import type { Scenario } from './attack.js';
import { securityVersionOfBytes } from '../slots.js';
import { serveFiles } from './forge.js';

export const KERNEL = 'image/nw-kernel';
export const FIRST_STAGE = 'image/one-bl';

/** The vendor's image in `slot` at security version `version` (2: the factory's). */
export function genuine(s: Scenario, kind: UpdateKind, slot: string, version: number): Uint8Array {
  const release = version === 2 ? s.lab.builder.factory : s.lab.release(kind, version);
  const bytes = release.slots.get(slot);
  if (!bytes) throw new Error(`no ${slot} in release ${version}`);
  return bytes;
}

/** The body of a genuine document the scenario's service issues now, to forge from. */
export function genuineBody(s: Scenario, group = s.device.identity.deviceGroup): UpdateMetadataBody {
  const parsed = parseUpdateMetadata(s.service.issueMetadata(group));
  if (!parsed.ok) throw new Error('the service issued metadata it cannot parse');
  const { signatures: _signatures, ...body } = parsed.metadata;
  return body;
}

export const replaceTarget = (targets: readonly UpdateTarget[], replacement: UpdateTarget): UpdateTarget[] => [...targets.filter((t) => t.name !== replacement.name), replacement].sort((a, b) => (a.name < b.name ? -1 : 1));

/** Answers every metadata request with `bytes` (or what `bytes()` makes at request time) and serves `files`; everything else is genuine. */
export function serving(name: string, bytes: Uint8Array | (() => Uint8Array) | undefined, files: readonly Uint8Array[] = []): Interceptor {
  return {
    name,
    ...(bytes ? { metadata: () => ({ ok: true, value: typeof bytes === 'function' ? bytes() : bytes }) } : {}),
    target: (sha: string, genuineTarget: () => Fetched<Iterable<Chunk>>) => serveFiles(files, genuineTarget, sha),
  };
}

export { failingInterceptor as failing } from '../network.js';

/** Security version of the image the device runs in `slot` (undefined when it is not running). */
export function runningVersion(s: Scenario, slot: string): number | undefined {
  const bank = s.device.running;
  const bytes = bank ? s.device.banks.read(bank, slot) : undefined;
  return bytes ? securityVersionOfBytes(bytes) : undefined;
}

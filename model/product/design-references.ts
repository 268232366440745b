/**
 * Names an update or protocol design file of the product's own gives to the platform design: an update kind's
 * contents (components and assets it renews), the quote key and the client key (assets). A name the platform
 * does not have is a dangling reference between two of the user's files, an input error at the file and
 * pointer that holds it (exit 2), never a verdict: nothing about the device follows from a typo. The built-in
 * designs on a maker's platform are another matter (they describe another device: the verdicts that read them
 * are unknown or violated with the reason, model/update/load-update.ts checkAgainstPlatform,
 * model/platform/key-custody.ts), so only files the product names are checked here.
 */
import { joinPointer } from '../../formats/diagnostics/diagnostic.js';
import type { ProtocolDesign } from '../attestation/protocol-design.js';
import type { PlatformDesign } from '../platform/platform-design.js';
import type { UpdateDesign } from '../update/update-design.js';

export interface DanglingReference {
  pointer: string;
  message: string;
}

export function danglingUpdateReferences(update: UpdateDesign, platform: PlatformDesign, platformShown: string): DanglingReference[] {
  const known = new Set([...platform.components.map((c) => c.id), ...platform.assets.map((a) => a.id)]);
  const out: DanglingReference[] = [];
  update.updateKinds.forEach((k, i) =>
    k.contents.forEach((c, j) => {
      if (!known.has(c)) out.push({ pointer: joinPointer('/updateKinds', i, 'contents', j), message: `"${c}" is neither a component nor an asset of the platform design "${platform.name}" (${platformShown})` });
    }),
  );
  return out;
}

export function danglingProtocolReferences(protocol: ProtocolDesign, platform: PlatformDesign, platformShown: string): DanglingReference[] {
  const assets = new Set(platform.assets.map((a) => a.id));
  const out: DanglingReference[] = [];
  const check = (pointer: string, id: string | undefined, what: string) => {
    if (id !== undefined && !assets.has(id)) out.push({ pointer, message: `${what} "${id}" is not an asset of the platform design "${platform.name}" (${platformShown})` });
  };
  check('/attestation/signingKey', protocol.attestation.signingKey, 'the quote key');
  check('/deviceCertificate/clientKey', protocol.deviceCertificate.clientKey, 'the client-authentication key');
  return out;
}

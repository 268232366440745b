/**
 * What an update attacker can make without the vendor's image keys: tampered copies of genuine images
 * (body changed, security version optionally raised, the vendor's signature kept), images signed with
 * its own key, metadata signed with its own key (or with an online key it is assumed to have stolen),
 * and network interceptors that serve its files in place of the service's.
 */
import { SECTION_TAG, encodeU32, packImagePackage, parseImagePackage, replaceSection, resignImagePackage } from '../../../formats/image-package/index.js';
import { signMetadata } from '../../../formats/update-metadata/metadata-signature.js';
import type { UpdateMetadataBody, UpdateTarget } from '../../../formats/update-metadata/metadata.js';
import type { SigningKey } from '../../../formats/image-package/index.js';
import type { SigningIdentity } from '../releases.js';
import type { Chunk, Fetched } from '../service-api.js';
import { hex, securityVersionOfBytes, sha256 } from '../slots.js';

/** The genuine image with its body rewritten (the attacker's code) and its RV raised by `raiseBy`; the vendor's signature no longer matches. */
export function tamperedImage(genuine: Uint8Array, raiseBy = 0): Uint8Array {
  const parsed = parseImagePackage(genuine);
  if (!parsed.ok) throw new Error('cannot tamper with an image that does not parse');
  const body = parsed.image.body.slice();
  body.set(new TextEncoder().encode('ATTACKER PAYLOAD\n').subarray(0, body.length));
  const version = securityVersionOfBytes(genuine);
  return packImagePackage({ body, sections: raiseBy ? replaceSection(parsed.image.sections, SECTION_TAG.Revocation, encodeU32(version + raiseBy)) : parsed.image.sections, signature: parsed.image.signature });
}

/** The genuine image's metadata over the attacker's body, signed with the attacker's own key and certificate. */
export function attackerSignedImage(genuine: Uint8Array, attacker: SigningIdentity): Uint8Array {
  const parsed = parseImagePackage(genuine);
  if (!parsed.ok) throw new Error('cannot re-sign an image that does not parse');
  const body = parsed.image.body.slice();
  body.set(new TextEncoder().encode('ATTACKER PAYLOAD\n').subarray(0, body.length));
  return resignImagePackage({ body, sections: parsed.image.sections }, attacker.key, attacker.certificate);
}

export function targetFor(kind: UpdateTarget['kind'], name: string, bytes: Uint8Array, securityVersion = securityVersionOfBytes(bytes)): UpdateTarget {
  return { kind, name, securityVersion, length: bytes.length, sha256: sha256(bytes) };
}

export const forgeMetadata = (body: UpdateMetadataBody, keys: readonly SigningKey[]): Uint8Array => signMetadata(body, keys);

/** A target answer for the attacker's own files, by SHA-256; anything else goes to `otherwise`. */
export function serveFiles(files: readonly Uint8Array[], otherwise: () => Fetched<Iterable<Chunk>>, sha: string): Fetched<Iterable<Chunk>> {
  const file = files.find((f) => hex(sha256(f)) === sha);
  return file ? { ok: true, value: [{ bytes: file, seconds: 0.05 }] } : otherwise();
}

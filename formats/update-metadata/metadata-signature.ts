/**
 * Signing and checking update metadata. A signature names its key by the first 8 bytes of the
 * SHA-256 of the public key; the device counts distinct trusted keys whose signature verifies and
 * accepts the metadata only when that count reaches the threshold (TUF: a key listed twice, or a
 * signature repeated, counts once; an invalid signature among valid ones is ignored, not fatal).
 */
import { createHash } from 'node:crypto';
import { signP256, type SigningKey } from '../image-package/index.js';
import { attachSignatures, encodeMetadataBody, KEY_ID_BYTES, type UpdateMetadata, type UpdateMetadataBody } from './metadata.js';

export interface TrustedMetadataKey {
  keyId: Uint8Array;
  publicKey: Uint8Array;
}

export const metadataKeyId = (publicKey: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(publicKey).digest().subarray(0, KEY_ID_BYTES));

export function trustedKey(publicKey: Uint8Array): TrustedMetadataKey {
  return { keyId: metadataKeyId(publicKey), publicKey };
}

/** The whole metadata document, signed by each of `keys`. */
export function signMetadata(body: UpdateMetadataBody, keys: readonly SigningKey[]): Uint8Array {
  const signed = encodeMetadataBody(body);
  return attachSignatures(
    signed,
    keys.map((k) => ({ keyId: metadataKeyId(k.publicKey), signature: signP256(signed, k) })),
  );
}

export interface ThresholdResult {
  ok: boolean;
  /** Hex key ids of trusted keys whose signature verified. */
  validKeys: string[];
  detail: string;
}

/** Does `metadata` carry valid signatures of at least `threshold` distinct trusted keys? */
export function checkThreshold(
  metadata: Pick<UpdateMetadata, 'signatures'>,
  signed: Uint8Array,
  trusted: readonly TrustedMetadataKey[],
  threshold: number,
  verify: (data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array) => boolean,
): ThresholdResult {
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  const valid = new Set<string>();
  let unknown = 0;
  for (const s of metadata.signatures) {
    const key = trusted.find((k) => hex(k.keyId) === hex(s.keyId));
    if (!key) {
      unknown++;
      continue;
    }
    if (valid.has(hex(key.keyId))) continue;
    if (verify(signed, s.signature, key.publicKey)) valid.add(hex(key.keyId));
  }
  const ok = valid.size >= threshold;
  const detail = `${valid.size} of ${threshold} required signatures by trusted keys${unknown ? ` (${unknown} by keys the device does not trust)` : ''}`;
  return { ok, validKeys: [...valid], detail };
}

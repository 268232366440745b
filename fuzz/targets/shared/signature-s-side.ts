/**
 * A P-256 signature (r ‖ s, 64 bytes, IEEE P1363) has two valid s values, s and n − s: OpenSSL signs with a
 * random k and leaves s on either side half the time. The targets that name a side in their structure (an
 * image's 'high-s' signing class, update metadata's highS flag) put s on that side when they encode, so a
 * structure's bytes say what the structure says.
 */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/** The signature with the high or the low one of its two valid s values, r unchanged: OpenSSL and the device accept both. */
export function withS(signature: Uint8Array, side: 'high' | 'low'): Uint8Array {
  const s = BigInt('0x' + Buffer.from(signature.subarray(32)).toString('hex'));
  const other = P256_ORDER - s;
  const chosen = (side === 'high') === other > s ? other : s;
  const out = signature.slice();
  out.set(Buffer.from(chosen.toString(16).padStart(64, '0'), 'hex'), 32);
  return out;
}

/** Whether s is the high one of the two (n − s < s). */
export function hasHighS(signature: Uint8Array): boolean {
  const s = BigInt('0x' + Buffer.from(signature.subarray(32)).toString('hex'));
  return P256_ORDER - s < s;
}

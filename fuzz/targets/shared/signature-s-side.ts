/**
 * A P-256 signature (r ‖ s, 64 bytes, IEEE P1363) has two valid s values, s and n − s: OpenSSL signs with a
 * random k and leaves s on either side half the time. The targets that name a side in their structure (an
 * image's 'high-s' signing class, update metadata's highS flag) put s on that side when they encode, so a
 * structure's bytes say what the structure says.
 *
 * Every signed input is encoded through withS, so n − s is worked out on the 32 bytes themselves (a subtraction
 * with borrow, a comparison byte by byte): through hexadecimal text and BigInt it cost as much as the signature.
 * An s at or above n (no signer writes one) keeps the BigInt reading, so every value is read as it always was.
 */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const ORDER_BYTES = Buffer.from(P256_ORDER.toString(16).padStart(64, '0'), 'hex');

/** a < b, a > b or equal, as 32-byte big-endian numbers. */
function compare32(a: Uint8Array, aAt: number, b: Uint8Array, bAt: number): number {
  for (let i = 0; i < 32; i++) {
    const d = a[aAt + i]! - b[bAt + i]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** n − s for the s at signature[32..64], which must be below n. */
function orderMinus(signature: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  let borrow = 0;
  for (let i = 31; i >= 0; i--) {
    const d = ORDER_BYTES[i]! - signature[32 + i]! - borrow;
    borrow = d < 0 ? 1 : 0;
    out[i] = d & 0xff;
  }
  return out;
}

/** The signature with the high or the low one of its two valid s values, r unchanged: OpenSSL and the device accept both. */
export function withS(signature: Uint8Array, side: 'high' | 'low'): Uint8Array {
  if (signature.length !== 64 || compare32(signature, 32, ORDER_BYTES, 0) >= 0) return withSBig(signature, side);
  const other = orderMinus(signature);
  const otherHigher = compare32(other, 0, signature, 32) > 0;
  const out = signature.slice();
  if ((side === 'high') === otherHigher) out.set(other, 32);
  return out;
}

/** Whether s is the high one of the two (n − s < s). */
export function hasHighS(signature: Uint8Array): boolean {
  if (signature.length !== 64 || compare32(signature, 32, ORDER_BYTES, 0) >= 0) return hasHighSBig(signature);
  return compare32(orderMinus(signature), 0, signature, 32) < 0;
}

/** withS through BigInt: the reading of every s (the fast one above is held against it in test/fuzz/signature-s-side.test.ts). */
export function withSBig(signature: Uint8Array, side: 'high' | 'low'): Uint8Array {
  const s = BigInt('0x' + Buffer.from(signature.subarray(32)).toString('hex'));
  const other = P256_ORDER - s;
  const chosen = (side === 'high') === other > s ? other : s;
  const out = signature.slice();
  out.set(Buffer.from(chosen.toString(16).padStart(64, '0'), 'hex'), 32);
  return out;
}

/** hasHighS through BigInt. */
export function hasHighSBig(signature: Uint8Array): boolean {
  const s = BigInt('0x' + Buffer.from(signature.subarray(32)).toString('hex'));
  return P256_ORDER - s < s;
}

/**
 * The RFC 6979 deterministic ECDSA P-256 signature of a SHA-256 digest, as noble's `sign` makes it
 * (low-S, compact r||s), with the one scalar multiplication, k·G, done by node:crypto (OpenSSL's
 * ECDH derives the public point of the scalar k, whose x coordinate is r's).
 *
 * Why: noble multiplies in JavaScript BigInts, constant-time and with a blinded inversion (a signer of
 * real secrets needs both; the emulator's keys are made up from the seed). A `verify` makes a couple of
 * hundred distinct signatures on its main thread: with noble about 1.1 ms each (250–310 ms of CPU for
 * 225 signatures in a fresh process, interleaved runs), with this about 0.2 ms (41–44 ms).
 *
 * The signature is the same bytes either way (RFC 6979 fixes k; low-S fixes s's sign):
 * test/image-package/sign-with-node-hashes.test.ts holds it against plain noble's `p256.sign`, and
 * signP256 has node:crypto verify every fresh signature before it is used. No verdict rests on who
 * signed: every verdict on a signature is decided by node:crypto and confirmed by noble's own verify.
 */
import { createECDH, createHmac } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { bytesToNumberBE, createHmacDrbg } from '@noble/curves/utils.js';

const Fn = p256.Point.Fn;
const HALF_ORDER = Fn.ORDER >> 1n;
const hmacSha256 = (key: Uint8Array, message: Uint8Array): Uint8Array => new Uint8Array(createHmac('sha256', key).update(message).digest());
/** One ECDH object for every k: setPrivateKey replaces the scalar and derives its point. */
let ecdh: ReturnType<typeof createECDH> | undefined;

/**
 * Signs a 32-byte SHA-256 digest with a P-256 secret scalar; 64 bytes r||s. A scalar outside [1, n−1]
 * is refused with noble's words ('invalid private key').
 */
export function signDigestRfc6979(digest: Uint8Array, secretKey: Uint8Array): Uint8Array {
  if (digest.length !== 32) throw new RangeError(`a SHA-256 digest is 32 bytes, not ${digest.length}`);
  // RFC 6979 §3.2 step A and D: h1 as an integer mod n (bits2int_modN; 256 bits, no truncation), x as octets.
  const h1 = Fn.create(bytesToNumberBE(digest));
  const d = Fn.fromBytes(secretKey);
  if (!Fn.isValidNot0(d)) throw new Error('invalid private key');
  const seed = new Uint8Array(64);
  seed.set(Fn.toBytes(d), 0);
  seed.set(Fn.toBytes(h1), 32);
  ecdh ??= createECDH('prime256v1');
  const point = ecdh;
  // Steps B–H: candidates k from HMAC-DRBG until one gives r ≠ 0 and s ≠ 0 (noble's k2sig).
  return createHmacDrbg<Uint8Array>(32, 32, hmacSha256)(seed, (kBytes: Uint8Array) => {
    const k = bytesToNumberBE(kBytes);
    if (!Fn.isValidNot0(k)) return undefined;
    point.setPrivateKey(kBytes);
    const r = Fn.create(bytesToNumberBE(point.getPublicKey().subarray(1, 33))); // (k·G).x mod n
    if (r === 0n) return undefined;
    let s = Fn.mul(Fn.inv(k), Fn.add(h1, Fn.mul(r, d)));
    if (s === 0n) return undefined;
    if (s > HALF_ORDER) s = Fn.neg(s); // low-S, as noble's sign
    const signature = new Uint8Array(64);
    signature.set(Fn.toBytes(r), 0);
    signature.set(Fn.toBytes(s), 32);
    return signature;
  });
}

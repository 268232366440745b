/**
 * ECDSA signatures (SHA-256, r ‖ s as IEEE P1363) by node:crypto, remembered per key and signed bytes: update
 * metadata signs every input it makes again, and half of its mutants sign a body some input was signed with before
 * (an edit of a signature, a count, a trailer, a key id leaves the body as it was). Not for image packages: one of
 * their mutants in eleven repeats a signed package, and remembering the rest (whole packages as keys, kept past the
 * young generation) cost the engine more CPU per input than it saved. A signature over the same bytes with the same key is as valid as a new one, and
 * OpenSSL's come with a random k anyway, so remembering one changes no input's meaning; it makes the same structure
 * encode to the same bytes within a campaign. Forgotten all at once past MEMO_BYTES of signed bytes.
 */
import { sign, type KeyObject } from 'node:crypto';

const MEMO_BYTES = 8 * 1024 * 1024;
let memo = new WeakMap<KeyObject, Map<string, Uint8Array>>();
let held = 0;

/** The signature of `data` by `key`: shared, so read it and copy it, never write into it. */
export function signP1363(data: Uint8Array, key: KeyObject): Uint8Array {
  let byKey = memo.get(key);
  if (!byKey) memo.set(key, (byKey = new Map()));
  const id = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
  let signature = byKey.get(id);
  if (signature === undefined) {
    signature = new Uint8Array(sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' }));
    if (held + id.length > MEMO_BYTES) {
      memo = new WeakMap();
      memo.set(key, (byKey = new Map()));
      held = 0;
    }
    byKey.set(id, signature);
    held += id.length;
  }
  return signature;
}

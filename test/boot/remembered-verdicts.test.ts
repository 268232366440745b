/**
 * The boot's verifiers remember each verdict per distinct (key, signature, message): every one of the
 * three is part of what is remembered, so changing any one of them is asked afresh.
 */
import { describe, expect, it } from 'vitest';
import { CrossCheckedVerifier, NodeP256Verifier } from '../../emulator/boot/index.js';
import { generateSigningKey, signP256 } from '../../formats/image-package/index.js';

const key = generateSigningKey();
const other = generateSigningKey();
const message = new TextEncoder().encode('stage image bytes');
const signature = signP256(message, key);
const changedMessage = Uint8Array.from(message, (b, i) => (i === 0 ? b ^ 1 : b));
const changedSignature = Uint8Array.from(signature, (b, i) => (i === 63 ? b ^ 1 : b));

describe.each([
  ['node:crypto', () => new NodeP256Verifier()],
  ['cross-checked', () => new CrossCheckedVerifier()],
])('%s verifier', (_name, make) => {
  it('keys each verdict on the key, the signature and the message', () => {
    const verifier = make();
    expect(verifier.verify(message, signature, key.publicKey)).toBe(true);
    expect(verifier.verify(message, signature, key.publicKey)).toBe(true);
    expect(verifier.verify(changedMessage, signature, key.publicKey)).toBe(false);
    expect(verifier.verify(message, changedSignature, key.publicKey)).toBe(false);
    expect(verifier.verify(message, signature, other.publicKey)).toBe(false);
    // Every call is still counted as a verification the boot made.
    expect(verifier.verifications).toBe(5);
  });

  it('asks afresh when the bytes of the same arrays change in place (remembered by bytes, not by array)', () => {
    const verifier = make();
    const ownMessage = Uint8Array.from(message);
    const ownSignature = Uint8Array.from(signature);
    expect(verifier.verify(ownMessage, ownSignature, key.publicKey)).toBe(true);
    ownMessage[0] = ownMessage[0]! ^ 1;
    expect(verifier.verify(ownMessage, ownSignature, key.publicKey)).toBe(false);
    ownMessage[0] = ownMessage[0]! ^ 1;
    ownSignature[63] = ownSignature[63]! ^ 1;
    expect(verifier.verify(ownMessage, ownSignature, key.publicKey)).toBe(false);
    ownSignature[63] = ownSignature[63]! ^ 1;
    expect(verifier.verify(ownMessage, ownSignature, key.publicKey)).toBe(true);
  });
});

it('forgetVerdicts: each distinct triple is decided again once, the rest are remembered (the benchmark makes each boot pay for its own)', () => {
  const verifier = new NodeP256Verifier();
  let decided = 0;
  const decide = verifier.decide.bind(verifier);
  verifier.decide = (...args) => (decided++, decide(...args));
  for (let round = 0; round < 3; round++) {
    verifier.forgetVerdicts();
    expect(verifier.verify(message, signature, key.publicKey)).toBe(true);
    expect(verifier.verify(Uint8Array.from(message), signature, key.publicKey)).toBe(true);
    expect(verifier.verify(changedMessage, signature, key.publicKey)).toBe(false);
    expect(decided).toBe(2 * (round + 1));
  }
});

it('the cross-checked verifier counts the distinct triples it was asked about', () => {
  const verifier = new CrossCheckedVerifier();
  for (let i = 0; i < 3; i++) verifier.verify(message, signature, key.publicKey);
  verifier.verify(changedMessage, signature, key.publicKey);
  expect(verifier.nobleChecks).toBe(2);
  expect(verifier.verifications).toBe(4);
  // Asked again after others: still two distinct triples.
  verifier.verify(message, signature, key.publicKey);
  expect(verifier.nobleChecks).toBe(2);
});

it('a remembered signature is handed out as a copy: changing one does not change the next', () => {
  const first = signP256(message, key);
  first[0] = first[0]! ^ 0xff;
  const second = signP256(message, key);
  expect(second).toEqual(signature);
  expect(signP256(changedMessage, key)).not.toEqual(signature);
  expect(signP256(message, other)).not.toEqual(signature);
});

/**
 * noble's confirmations on the worker thread (noble-confirmations.ts, noble-worker.ts): inside a
 * deferral node:crypto's verdict is used at once and noble's is asked on the worker; settle() is the
 * barrier that waits for every answer and reports a disagreement, which also drops the remembered
 * verdict and taints every later settle. node:crypto is made to lie here on purpose (the worker's noble
 * cannot be mocked), so that noble, on the worker, disagrees.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nodeCrypto as node } from './lying-node-crypto.js';

vi.mock('node:crypto', async (importOriginal) => (await import('./lying-node-crypto.js')).lyingNodeCrypto(importOriginal));

const {
  SignatureCrossCheckError,
  deferNobleConfirmations,
  deferringNobleConfirmations,
  forgetVerdicts,
  generateSigningKey,
  nobleAnswersFromWorker,
  nobleConfirmationsInBackground,
  signP256,
  unansweredNobleConfirmations,
  verifyP256,
  verifyWithNoble,
} = await import('../../formats/image-package/index.js');
const { confirmLater } = await import('../../formats/image-package/noble-confirmations.js');
const { startNobleWorker } = await import('../../formats/image-package/noble-worker.js');
const { CrossCheckedVerifier } = await import('../../emulator/boot/index.js');
const { p256 } = await import('@noble/curves/nist.js');

const key = generateSigningKey();
const message = (text: string) => new TextEncoder().encode(text);
const signed = (text: string) => ({ data: message(text), signature: signP256(message(text), key) });

afterEach(() => {
  node.lie = false;
  forgetVerdicts();
});

describe('the worker reads a verdict as verifyWithNoble does', () => {
  const { data, signature } = signed('stage image');
  const n = p256.Point.CURVE().n;
  const s = BigInt(`0x${Buffer.from(signature.subarray(32)).toString('hex')}`);
  const highS = Uint8Array.from([...signature.subarray(0, 32), ...Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex')]);
  const offCurve = Uint8Array.from(key.publicKey, (b, i) => (i === 64 ? b ^ 1 : b));
  const cases: [string, Uint8Array, Uint8Array, Uint8Array][] = [
    ['valid', data, signature, key.publicKey],
    ['another message', message('stage imagf'), signature, key.publicKey],
    ['the high-S twin of a valid signature', data, highS, key.publicKey],
    ['a key off the curve', data, signature, offCurve],
    ['a 63-byte signature', data, signature.subarray(0, 63), key.publicKey],
    ['r = 0', data, new Uint8Array(64), key.publicKey],
    ['a compressed key', data, signature, p256.getPublicKey(key.secretKey, true)],
  ];

  it.each(cases)('%s: the same verdict, and the opposite one is reported as a disagreement', async (_name, d, sig, publicKey) => {
    const inThread = verifyWithNoble(d, sig, publicKey);
    const agreeing = deferNobleConfirmations(startNobleWorker);
    confirmLater(d, sig, publicKey, inThread, () => {});
    expect(await agreeing.settle()).toBeUndefined();
    const opposite = deferNobleConfirmations(startNobleWorker);
    confirmLater(d, sig, publicKey, !inThread, () => {});
    expect(await opposite.settle()).toMatch(new RegExp(`^noble says ${inThread ? 'valid' : 'invalid'} but node:crypto says ${inThread ? 'invalid' : 'valid'}`));
  });

  it('reads the high-S twin as valid (lowS: false, as the real signers need)', () => {
    expect(verifyWithNoble(data, highS, key.publicKey)).toBe(true);
  });
});

describe('inside a deferral', () => {
  it("uses node:crypto's verdict at once, asks noble on the worker, and settle() waits for the answer", async () => {
    const { data, signature } = signed('one');
    const before = nobleConfirmationsInBackground();
    const answered = nobleAnswersFromWorker();
    const deferral = deferNobleConfirmations(startNobleWorker);
    expect(deferringNobleConfirmations()).toBe(true);
    expect(verifyP256(data, signature, key.publicKey)).toBe(true);
    expect(verifyP256(data, signature, key.publicKey)).toBe(true); // remembered: not asked twice
    expect(nobleConfirmationsInBackground()).toBe(before + 1);
    expect(unansweredNobleConfirmations()).toBe(1);
    expect(await deferral.settle()).toBeUndefined();
    expect(unansweredNobleConfirmations()).toBe(0);
    expect(nobleAnswersFromWorker()).toBe(answered + 1); // answered by the worker, not confirmed here after a failure
    expect(deferringNobleConfirmations()).toBe(false);
  });

  it('a planted disagreement does not throw, is reported by settle(), and the verdict is not kept', async () => {
    const { data, signature } = signed('two');
    node.lie = true;
    const deferral = deferNobleConfirmations(startNobleWorker);
    expect(verifyP256(data, signature, key.publicKey)).toBe(false); // node:crypto's (lying) verdict, used at once
    expect(await deferral.settle()).toMatch(/^noble says valid but node:crypto says invalid for signature [0-9a-f]{128} under key 04/);
    // Dropped from the memo: asked again outside a deferral, both are asked again, and the throw is immediate.
    expect(() => verifyP256(data, signature, key.publicKey)).toThrow(SignatureCrossCheckError);
  });

  it('a disagreement taints every later settle() of the process, even one that asked nothing, until forgetVerdicts()', async () => {
    const { data, signature } = signed('three');
    node.lie = true;
    const first = deferNobleConfirmations(startNobleWorker);
    verifyP256(data, signature, key.publicKey);
    const dispute = await first.settle();
    node.lie = false;
    expect(dispute).toBeDefined();
    expect(await deferNobleConfirmations(startNobleWorker).settle()).toBe(dispute);
    forgetVerdicts();
    expect(await deferNobleConfirmations(startNobleWorker).settle()).toBeUndefined();
  });

  it("the boot's cross-checked verifier defers the same way", async () => {
    const { data, signature } = signed('four');
    node.lie = true;
    const verifier = new CrossCheckedVerifier();
    const deferral = deferNobleConfirmations(startNobleWorker);
    expect(verifier.verify(data, signature, key.publicKey)).toBe(false);
    expect(verifier.nobleChecks).toBe(1);
    expect(await deferral.settle()).toMatch(/noble says valid but node:crypto says invalid/);
  });
});

describe('outside a deferral', () => {
  it('noble is asked in this thread, not on the worker, and a disagreement throws at once', () => {
    const { data, signature } = signed('five');
    const before = nobleConfirmationsInBackground();
    expect(verifyP256(data, signature, key.publicKey)).toBe(true);
    expect(nobleConfirmationsInBackground()).toBe(before);
    const other = signed('six');
    node.lie = true;
    expect(() => verifyP256(other.data, other.signature, key.publicKey)).toThrow(/noble says valid but node:crypto says invalid/);
  });
});

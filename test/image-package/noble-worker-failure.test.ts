/**
 * When the confirmation worker cannot answer (it failed to start, died, or ran out of its small heap),
 * what it left unanswered and everything asked afterwards is confirmed by noble in this thread: the
 * barrier still waits for noble, and a disagreement is still reported, never dropped.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { nodeCrypto as node } from './lying-node-crypto.js';

vi.mock('node:crypto', async (importOriginal) => (await import('./lying-node-crypto.js')).lyingNodeCrypto(importOriginal));

const { deferNobleConfirmations, forgetVerdicts, generateSigningKey, nobleAnswersFromWorker, nobleConfirmationsInBackground, signP256, unansweredNobleConfirmations, verifyP256 } = await import(
  '../../formats/image-package/index.js'
);
import type { StartNobleBackend } from '../../formats/image-package/index.js';

const key = generateSigningKey();
const signed = (text: string) => {
  const data = new TextEncoder().encode(text);
  return { data, signature: signP256(data, key) };
};
/** A worker that dies as soon as it is asked anything. */
const dying: StartNobleBackend = (_answer, failed) => ({ send: () => void setTimeout(() => failed('the worker died'), 5), busy: () => {}, stop: () => {} });

afterEach(() => {
  node.lie = false;
});

it('the unanswered confirmations are made in this thread, and so is every later one', async () => {
  const first = signed('first');
  const agreed = signed('agreed');
  const deferral = deferNobleConfirmations(dying);
  expect(verifyP256(agreed.data, agreed.signature, key.publicKey)).toBe(true);
  node.lie = true;
  expect(verifyP256(first.data, first.signature, key.publicKey)).toBe(false); // node:crypto's verdict, used at once
  node.lie = false;
  expect(unansweredNobleConfirmations()).toBe(2);
  expect(await deferral.settle()).toMatch(/^noble says valid but node:crypto says invalid/);
  expect(unansweredNobleConfirmations()).toBe(0);
  expect(nobleConfirmationsInBackground()).toBe(2);
  expect(nobleAnswersFromWorker()).toBe(0);
  forgetVerdicts();

  const later = signed('later');
  node.lie = true;
  const next = deferNobleConfirmations(dying);
  expect(verifyP256(later.data, later.signature, key.publicKey)).toBe(false); // node:crypto's verdict, used at once
  expect(nobleConfirmationsInBackground()).toBe(2); // not sent anywhere: noble answered here
  expect(await next.settle()).toMatch(/noble says valid but node:crypto says invalid/);
  forgetVerdicts();
});

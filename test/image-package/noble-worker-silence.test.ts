/**
 * A noble worker that stops answering (hung, not dead) must not hang the barrier: after
 * NOBLE_SILENCE_LIMIT_MS without a word it is stopped and what it left is confirmed in this thread.
 */
import { afterEach, expect, it, vi } from 'vitest';
import {
  deferNobleConfirmations,
  generateSigningKey,
  nobleAnswersFromWorker,
  signP256,
  unansweredNobleConfirmations,
  verifyP256,
  type StartNobleBackend,
} from '../../formats/image-package/index.js';
import { NOBLE_SILENCE_LIMIT_MS } from '../../formats/image-package/noble-confirmations.js';

afterEach(() => {
  vi.useRealTimers();
});

it('a silent worker is stopped at the limit, and its confirmations are made here', async () => {
  const key = generateSigningKey();
  const data = new TextEncoder().encode('hung');
  const signature = signP256(data, key);
  const stopped: string[] = [];
  const silent: StartNobleBackend = () => ({ send: () => {}, busy: () => {}, stop: () => void stopped.push('stopped') });
  vi.useFakeTimers();
  const deferral = deferNobleConfirmations(silent);
  expect(verifyP256(data, signature, key.publicKey)).toBe(true);
  let settled: string | undefined | 'waiting' = 'waiting';
  const barrier = deferral.settle().then((dispute) => (settled = dispute));
  await vi.advanceTimersByTimeAsync(NOBLE_SILENCE_LIMIT_MS - 1000);
  expect(settled).toBe('waiting'); // not before the limit
  expect(unansweredNobleConfirmations()).toBe(1);
  await vi.advanceTimersByTimeAsync(2000);
  await barrier;
  expect(settled).toBeUndefined(); // confirmed here, and noble agreed
  expect(stopped).toEqual(['stopped']);
  expect(unansweredNobleConfirmations()).toBe(0);
  expect(nobleAnswersFromWorker()).toBe(0);
});

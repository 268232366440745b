import { describe, expect, it } from 'vitest';
import { judgeTimeout } from '../../fuzz/engine/timeout-judgement.js';

const LIMIT = 10_000;

describe('an input past the time limit is a hang only if it is slow when replayed alone', () => {
  it('a replay that also times out is a hang', () => {
    expect(judgeTimeout({ name: 'x', ok: false, key: 'timeout', ms: LIMIT }, LIMIT)).toEqual({ kind: 'hang' });
  });
  it('a replay at half the limit or more is a hang (a slow input, not the machine)', () => {
    expect(judgeTimeout({ name: 'x', ok: true, ms: LIMIT / 2 }, LIMIT)).toEqual({ kind: 'hang' });
  });
  it('no replay result is a hang (never silently dropped)', () => {
    expect(judgeTimeout(undefined, LIMIT)).toEqual({ kind: 'hang' });
  });
  it('a fast replay that crashes is that crash', () => {
    expect(judgeTimeout({ name: 'x', ok: false, key: 'TypeError at reader.ts', headline: 'boom', stack: 's', ms: 3 }, LIMIT)).toEqual({ kind: 'crash', key: 'TypeError at reader.ts', headline: 'boom', stack: 's' });
  });
  it('a fast clean replay was the machine: not counted', () => {
    expect(judgeTimeout({ name: 'x', ok: true, ms: 22 }, LIMIT)).toEqual({ kind: 'load', replayMs: 22 });
  });
});

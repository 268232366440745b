import { afterEach, describe, expect, it, vi } from 'vitest';
import { processIo } from '../../cli/io.js';

describe('processIo on a terminal', () => {
  const tty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
  afterEach(() => {
    vi.restoreAllMocks();
    if (tty) Object.defineProperty(process.stderr, 'isTTY', tty);
    else delete (process.stderr as { isTTY?: boolean }).isTTY;
  });

  it('clears the progress line before printing a result, so the result does not land on it (a crash line during a fuzz campaign)', () => {
    Object.defineProperty(process.stderr, 'isTTY', { value: true, configurable: true });
    const writes: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (writes.push(`err:${String(chunk)}`), true));
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (writes.push(`out:${String(chunk)}`), true));
    const io = processIo();
    io.progress('fuzz app-manifest [bytes] 0:05  execs 5,000 (1,000/s)');
    io.out('CRASH app-manifest: TypeError');
    io.progress('fuzz app-manifest [bytes] 0:06  execs 6,000 (1,000/s)');
    io.progress('');
    io.out('app-manifest [bytes, seed 1]: 6.0 s: 1 crash');
    expect(writes).toEqual([
      'err:\r\x1b[Kfuzz app-manifest [bytes] 0:05  execs 5,000 (1,000/s)',
      'err:\r\x1b[K',
      'out:CRASH app-manifest: TypeError\n',
      'err:\r\x1b[Kfuzz app-manifest [bytes] 0:06  execs 6,000 (1,000/s)',
      'err:\r\x1b[K',
      'err:\r\x1b[K',
      'out:app-manifest [bytes, seed 1]: 6.0 s: 1 crash\n',
    ]);
  });
});

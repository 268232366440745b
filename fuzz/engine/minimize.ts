/**
 * Crash minimization: the smallest input that still fails the same way (same crash key). Structural steps
 * first (drop a section, a member, an item; re-encode and re-sign), then byte-level delta debugging. Each
 * step is kept only if the crash key is unchanged, so the saved input still shows the bug that was found.
 */
import { crashIdentity } from '../core/stack.js';
import type { FuzzTarget, TargetRunner } from '../core/target.js';

export interface MinimizeOptions {
  /** Stop after this long (ms). */
  timeMs: number;
  maxAttempts: number;
}

export async function failsWith(runner: TargetRunner, bytes: Uint8Array): Promise<string | undefined> {
  try {
    await runner.run(bytes);
    return undefined;
  } catch (error) {
    return crashIdentity(error).key;
  }
}

export async function minimizeCrash<S>(target: FuzzTarget<S>, runner: TargetRunner, input: Uint8Array, key: string, options: MinimizeOptions): Promise<Uint8Array> {
  const deadline = Date.now() + options.timeMs;
  let attempts = 0;
  const budget = () => attempts < options.maxAttempts && Date.now() < deadline;
  const reproduces = async (bytes: Uint8Array) => {
    attempts++;
    return (await failsWith(runner, bytes)) === key;
  };
  let best = input;

  // 1. Structure: drop parts while the same crash remains.
  let structure = target.structure.decode(best);
  let progress = structure !== undefined;
  while (progress && structure !== undefined && budget()) {
    progress = false;
    for (const candidate of target.structure.shrink(structure)) {
      if (!budget()) break;
      const bytes = target.structure.encode(candidate);
      if (bytes.length <= best.length && (await reproduces(bytes))) {
        best = bytes;
        structure = candidate;
        progress = true;
        break;
      }
    }
  }

  // 2. Bytes: remove chunks, halving the chunk size down to one byte.
  for (let chunk = Math.max(1, best.length >> 1); chunk >= 1 && budget(); chunk >>= 1) {
    for (let at = 0; at + chunk <= best.length && budget(); ) {
      const candidate = new Uint8Array(best.length - chunk);
      candidate.set(best.subarray(0, at), 0);
      candidate.set(best.subarray(at + chunk), at);
      if (await reproduces(candidate)) best = candidate;
      else at += chunk;
    }
  }
  return best;
}

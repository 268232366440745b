/**
 * The V8 flags of the `sevenfold` process (heap-growth.ts, optimisation-budget.ts), set in one place,
 * because V8 accepts a code cache only under the flags it was written under: the bin sets them before it
 * loads anything cached (cli/start.ts), and the build writes the caches after setting them the same way
 * (build/x509-code-cache.mjs, build/cli-code-cache.mjs). The x509 cache was written under the heap flag
 * alone while the CLI also set the interrupt budget, so V8 rejected it in every `verify` and compiled the
 * library from source (test/cli/bundle.test.ts now asks under these flags).
 */
import { limitHeapGrowth } from './heap-growth.js';
import { delayOptimisation } from './optimisation-budget.js';

export function setCliV8Flags(): void {
  limitHeapGrowth();
  delayOptimisation();
}

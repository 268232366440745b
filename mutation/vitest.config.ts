/**
 * The vitest configuration Stryker runs (mutation/run.ts): only the tests named in MUTATION_TESTS (comma-separated
 * globs from mutation/tests-per-file.json), so each mutant pays for the tests of its own rule, not the whole suite.
 */
import { defineConfig } from 'vitest/config';

const include = (process.env.MUTATION_TESTS ?? '').split(',').filter(Boolean);
if (include.length === 0) throw new Error('MUTATION_TESTS is empty: run mutation testing with `npm run mutate` (mutation/run.ts)');

export default defineConfig({
  test: { include, testTimeout: 60_000, teardownTimeout: 10_000 },
});

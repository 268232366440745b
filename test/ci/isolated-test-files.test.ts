/**
 * The test files of a folder share one worker (vitest.config.ts), so a file that mocks a module, spies, stubs, fakes
 * timers or sets an environment variable would change what every later file of its folder sees: a vi.mock of a rule
 * module would replace that rule for them, and their verdicts would rest on the stand-in. The config finds such files
 * by reading them; this test holds the finding to what each file says.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { ISOLATED } from '../../vitest.config.js';

const mocking = [
  'test/properties/service-crash-readings.test.ts',
  'test/properties/takeover-readings.test.ts',
  'test/cli/io.test.ts',
  'test/fuzz/jsfuzz-patches.test.ts',
];

test('every test file that mocks, stubs or sets the environment runs in a worker of its own', () => {
  for (const file of mocking) {
    expect(readFileSync(file, 'utf8')).toMatch(/vi\.(mock|spyOn|stub\w*|useFakeTimers)\(|process\.env/);
    expect(ISOLATED).toContain(file);
  }
});

test('a file that only reads the environment shares its folder\'s worker', () => {
  // reads SF_SEED and SF_RUNS, sets nothing
  expect(ISOLATED).not.toContain('test/differential/crash-containment-differential.test.ts');
  expect(ISOLATED.length).toBeLessThan(40);
});

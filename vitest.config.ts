import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * Files that change what a later file in the same worker would see run each in a worker of its own, as every file
 * used to. Found by reading the test files (MOCKS_OR_PROCESS_STATE), so that a new file that mocks a module is
 * isolated without anyone remembering to list it (two files of s33's branches did, and a mock of a rule module
 * shared with the rest of test/properties would have replaced that rule for every later file of the folder):
 * module mocks and spies (vi.mock, vi.doMock, vi.spyOn, vi.stubGlobal, vi.stubEnv), fake timers, and environment
 * variables set in-process. Listed by hand: the files whose process-wide state no pattern shows (the noble
 * confirmation backend's worker, stubbed or failing; certificate-authentication's proof worker; Z3's session).
 */
const PROCESS_STATE_FILES = [
  'test/image-package/crosscheck.test.ts',
  'test/image-package/noble-confirmations.test.ts',
  'test/image-package/noble-worker-failure.test.ts',
  'test/image-package/noble-worker-silence.test.ts',
  'test/proofs/z3-session.test.ts',
  'test/properties/certificate-authentication-worker.test.ts',
  'test/properties/noble-barrier.test.ts',
];
const MOCKS_OR_PROCESS_STATE = /\bvi\.(mock|doMock|spyOn|stub\w*|useFakeTimers)\(|process\.env(\.\w+|\[[^\]]+\])\s*=(?!=)|delete process\.env/;

function testFiles(dir: string): string[] {
  return readdirSync(new URL(`./${dir}`, import.meta.url), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? testFiles(`${dir}/${entry.name}`) : entry.name.endsWith('.test.ts') ? [`${dir}/${entry.name}`] : [],
  );
}

export const ISOLATED = [...new Set([...PROCESS_STATE_FILES, ...testFiles('test').filter((file) => MOCKS_OR_PROCESS_STATE.test(readFileSync(new URL(`./${file}`, import.meta.url), 'utf8')))])].sort();

/**
 * Every other file shares one worker with the other files of its folder (isolate: false): the modules they import (the
 * model, the schemas' validators, the emulator, Z3's WASM instance) are loaded, compiled and warmed up once per folder,
 * not once per file. With a fresh worker per file, that start was most of the time of a short file: test/model's 44
 * files took 172 s in fresh workers and 34 s sharing one, on the same loaded machine (/work/notes/s33-ci-cases.md).
 * One folder, one project, one group (groupOrder), so a folder's files run in one worker one after another and no
 * file shares a worker with another folder's: what `npx vitest run test/<folder>` runs is what CI runs, and a
 * worker's memory holds one folder's leftovers at most. A new folder under test/ gets its project by itself.
 */
const FOLDERS = readdirSync(new URL('./test', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

export default defineConfig({
  test: {
    testTimeout: 60_000,
    teardownTimeout: 10_000,
    projects: [
      ...FOLDERS.map((folder, i) => ({
        extends: true as const,
        test: { name: folder, include: [`test/${folder}/**/*.test.ts`], exclude: ISOLATED, isolate: false, sequence: { groupOrder: i } },
      })),
      // The files above, and any test file directly in test/, each in a fresh worker.
      { extends: true as const, test: { name: 'isolated', include: [...ISOLATED, 'test/*.test.ts'], sequence: { groupOrder: FOLDERS.length } } },
    ],
  },
});

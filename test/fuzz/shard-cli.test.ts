/** `sevenfold fuzz --shard` and `--merge` on the command line: usage errors, and a merge of shard folders. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../fuzz/core/project-root.js';
import { runCliInProcess as runFuzzCli } from '../cli-in-process.js';

const root = projectRoot();
mkdirSync(join(root, 'fuzz-out'), { recursive: true });
const scratch = mkdtempSync(join(root, 'fuzz-out', '.shard-cli-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('sevenfold fuzz --shard', () => {
  it.each([
    ['0/2', /option '--shard <i\/n>' argument '0\/2' is invalid\. expected a shard index from 1 to 2/],
    ['3/2', /option '--shard <i\/n>' argument '3\/2' is invalid\. expected a shard index from 1 to 2/],
    ['x/y', /option '--shard <i\/n>' argument 'x\/y' is invalid\. expected i\/n/],
    ['1/0', /expected a shard count from 1 to 1024/],
  ])('--shard %s is a usage error (exit 2) naming the option', async (value, message) => {
    const r = await runFuzzCli(['fuzz', 'app-manifest', '--shard', value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('does not go with --merge or --replay', async () => {
    const r = await runFuzzCli(['fuzz', 'app-manifest', '--shard', '1/2', '--merge', scratch]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--shard 1\/2 splits a campaign; it does not go with --merge/);
  });

  it('names an unknown target in a comma list', async () => {
    const r = await runFuzzCli(['fuzz', 'app-manifest,nope', '--shard', '1/2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no target "nope"/);
  });
});

// A merge of shard folders of two targets runs in test/ci/workflow-steps.test.ts (the CI steps).
describe('sevenfold fuzz --merge of shard folders', () => {
  it('is a usage error when no folder holds a shard of the target', async () => {
    mkdirSync(join(scratch, 'other', 'hardware-definition', 'corpus'), { recursive: true });
    const r = await runFuzzCli(['fuzz', 'image-package', '--merge', join(scratch, 'other')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds a folder for image-package/);
  });
});

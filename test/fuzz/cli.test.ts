/** `sevenfold fuzz`, run in-process through its own commander program. */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../fuzz/core/project-root.js';
import { findTarget } from '../../fuzz/targets/registry.js';
import { readFuzzCampaigns } from '../../reports/audit/fuzz.js';
import { runCliInProcess as runFuzzCli } from '../cli-in-process.js';

const root = projectRoot();
mkdirSync(join(root, 'fuzz-out'), { recursive: true });
const scratch = mkdtempSync(join(root, 'fuzz-out', '.cli-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('sevenfold fuzz', () => {
  it('lists every target with its oracles', async () => {
    const r = await runFuzzCli(['fuzz', '--list']);
    expect(r.code).toBe(0);
    for (const id of ['app-manifest', 'hardware-definition', 'image-package', 'attestation-messages', 'update-metadata']) expect(r.stdout).toContain(id);
    expect(r.stdout).toContain('oracles:');
  });

  it.each([
    [['fuzz'], /name a target/],
    [['fuzz', 'no-such-target'], /no target "no-such-target"/],
    [['fuzz', 'app-manifest', '--time', 'soon'], /expected a duration/],
    [['fuzz', 'app-manifest', '--mode', 'random'], /Allowed choices are bytes, structured, both/],
    [['fuzz', 'app-manifest', '--workers', '0'], /at least 1/],
    [['fuzz', 'all', '--corpus', 'x'], /give a target/],
    [['fuzz', 'app-manifest', '--replay', 'no/such/file'], /no such file or folder/],
  ])('exits 2 on %j', async (args, message) => {
    const r = await runFuzzCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('replays saved inputs: a folder and a file, exit 0 when none fails', async () => {
    const seedFile = join(scratch, 'seed.imagepackage');
    writeFileSync(seedFile, findTarget('image-package')!.seeds()[1]!.bytes);
    const r = await runFuzzCli(['fuzz', 'image-package', '--replay', join(root, 'fuzz', 'regressions', 'image-package'), seedFile]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/image-package: replayed \d+ inputs?; none fails/);
  }, 60_000);

  it('runs a short structure-aware campaign and prints its summary (exit 0: no crash)', async () => {
    const r = await runFuzzCli(['fuzz', 'hardware-definition', '--runs', '150', '--no-coverage', '--seed', '3', '--out', scratch]);
    expect(r.stderr).toMatch(/fuzz hardware-definition \[structured\]: seed 3/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^hardware-definition \[structured, seed 3\]: .* run limit reached .*: no crash$/m);
    expect(readdirSync(join(scratch, 'hardware-definition', 'corpus')).length).toBeGreaterThan(0);
    // The results file sevenfold report --fuzz reads, in the same folder.
    expect(r.stdout).toMatch(/results: .*hardware-definition\/results-structured\.json/);
    const found = readFuzzCampaigns(scratch, root);
    expect(found.campaigns).toEqual([expect.objectContaining({ target: 'hardware-definition', executions: 150, seed: 3, crashes: [] })]);
    expect(found.campaigns[0]!.reproduce).toMatch(/^npx sevenfold fuzz hardware-definition --mode structured --seed 3 /);
  }, 120_000);

  it('merges corpus folders into one (a minimal corpus with the same coverage)', async () => {
    const a = join(scratch, 'shard-a');
    const b = join(scratch, 'shard-b');
    mkdirSync(a, { recursive: true });
    mkdirSync(b, { recursive: true });
    writeFileSync(join(a, 'x'), 'one');
    writeFileSync(join(b, 'y'), 'two');
    writeFileSync(join(b, 'z'), 'one');
    // A file someone keeps in the destination that is not named as an input (a SHA-256) is left alone.
    mkdirSync(join(scratch, 'merged'), { recursive: true });
    writeFileSync(join(scratch, 'merged', 'NOTES.md'), 'kept by hand');
    const r = await runFuzzCli(['fuzz', 'app-manifest', '--merge', a, b, '--corpus', join(scratch, 'merged')]);
    expect(r.code).toBe(0);
    // Two distinct inputs ('one' twice); the merge keeps those that add coverage, at least one.
    expect(r.stdout).toMatch(/merged 2 shards into .*merged: [12] of 2 distinct inputs kept/);
    expect(readdirSync(join(scratch, 'merged'))).toContain('NOTES.md');
    expect(readdirSync(join(scratch, 'merged')).filter((n) => /^[0-9a-f]{64}$/.test(n)).length).toBeGreaterThanOrEqual(1);
  });
});

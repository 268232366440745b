/**
 * The pre-commit hook (.pre-commit-hooks.yaml): its file pattern picks app manifests and hardware
 * definitions and nothing else, and its entry command, run as pre-commit runs it (the entry, then the
 * changed files), lints a sample file: exit 0 on the sample repository's files, 1 with a located error on
 * a broken manifest. Runs the built CLI (npm run build first).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const hooks = parse(readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; files: string; language: string; pass_filenames?: boolean }[];
const hook = hooks.find((h) => h.id === 'sevenfold-lint')!;
mkdirSync(join(root, 'fuzz-out'), { recursive: true });
const scratch = mkdtempSync(join(root, 'fuzz-out', '.pre-commit-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** pre-commit runs `entry` with the matching files appended; `sevenfold` is the package's bin, here the built CLI. */
function runHook(files: string[], cwd: string) {
  const [command, ...args] = hook.entry.split(' ');
  expect(command).toBe('sevenfold');
  const r = spawnSync(process.execPath, [join(root, 'dist', 'cli', 'main.js'), ...args, ...files], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('the sevenfold-lint pre-commit hook', () => {
  it('is a node hook whose entry is the package\'s own bin, given the changed files', () => {
    expect(hook).toMatchObject({ language: 'node', entry: 'sevenfold lint', pass_filenames: true });
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin.sevenfold).toBe('dist/cli/main.js');
  });

  it.each([
    ['apps/HelloWorld_HighLevelApp/app_manifest.json', true],
    ['app_manifest.json', true],
    ['hardware/mt3620_rdb/sample_appliance.json', true],
    ['HardwareDefinitions/seeed_mt3620_mdb/sample_appliance.json', true],
    ['src/HardwareDefinition/board.json', true],
    ['sevenfold.json', false],
    ['package.json', false],
    ['apps/x/app_manifest.json.bak', false],
    ['hardware/readme.md', false],
  ])('files pattern: %s → %s', (path, matches) => {
    expect(new RegExp(hook.files).test(path)).toBe(matches);
  });

  it('lints the sample repository\'s manifest and hardware definition: exit 0', () => {
    const r = runHook(['apps/HelloWorld_HighLevelApp/app_manifest.json', 'hardware/mt3620_rdb/sample_appliance.json'], join(root, 'examples', 'ci'));
    expect(r.out).toMatch(/2 files \(1 manifest, 1 hardware definition\): 0 errors/);
    expect(r.code).toBe(0);
  });

  it('fails a commit of a broken manifest with the file, line and field', () => {
    const sample = JSON.parse(readFileSync(join(root, 'examples', 'ci', 'apps', 'HelloWorld_HighLevelApp', 'app_manifest.json'), 'utf8'));
    mkdirSync(join(scratch, 'apps', 'broken'), { recursive: true });
    writeFileSync(join(scratch, 'apps', 'broken', 'app_manifest.json'), JSON.stringify({ ...sample, ComponentId: 'not-a-guid' }, null, 2));
    const r = runHook(['apps/broken/app_manifest.json'], scratch);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^apps\/broken\/app_manifest\.json:\d+:\d+: error .*InvalidComponentId.*\[\/ComponentId\]/m);
  });
});

/**
 * s37-plumbing: a product field naming a file of another kind (the update design as "platform", a hardware
 * definition as an app's "manifest", a product file as --requirements) is an input error (exit 2) at that field,
 * saying what the file is, never a verdict and never a stack trace. Before, every such file was read as the kind
 * the field asks for: "platform" naming the update design gave 19 "missing required field" / "unknown field"
 * errors at the update design, none naming the product's /platform; a hardware definition as a manifest gave
 * "missing SchemaVersion, Name, ComponentId" at the hardware definition. A file of no recognised kind still gets
 * its loader's own errors (design-references-input-errors.test.ts, incomplete-designs.test.ts). A hardwarePath entry
 * that is no folder was accepted without a word (its imports looked up elsewhere); now an error at it.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { captureIo, tempDir } from '../helpers.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const reference = join(root, 'products/mt3620-reference');
const designs = join(root, 'model/designs');
const FILES = {
  'platform design': join(designs, 'azure-sphere-mt3620.json'),
  'update design': join(designs, 'azure-sphere-update.json'),
  'protocol design': join(designs, 'azure-sphere-attestation.json'),
  'product file': join(reference, 'sevenfold.json'),
  'requirement profile': join(root, 'model/requirements/profiles/seven-properties-azure-sphere.json'),
  'app manifest': join(reference, 'apps/thermostat-hl/app_manifest.json'),
  'hardware definition': join(reference, 'hardware/sevenfold_thermostat.json'),
} as const;
const manifests = ['thermostat-hl', 'fan-control-rt', 'air-sampler-rt'].map((a) => join(reference, 'apps', a, 'app_manifest.json'));
const product = (extra: Record<string, unknown>, apps = manifests) => ({
  schemaVersion: 1,
  name: 'wrong kinds',
  chip: 'mt3620',
  hardwareDefinition: FILES['hardware definition'],
  hardwarePath: [join(reference, 'hardware')],
  apps: apps.map((manifest) => ({ manifest })),
  ...extra,
});

afterAll(async () => {
  await shutdownZ3();
});

async function verify(spec: Record<string, unknown>, extraArgs: string[] = []) {
  const t = tempDir();
  try {
    const file = t.write('sevenfold.json', spec);
    const io = captureIo(root);
    const code = await runCli(['verify', '--product', file, '--property', 'small-tcb', '--seed', '1', ...extraArgs], io);
    return { code, out: io.stdout(), err: io.stderr() };
  } finally {
    t.cleanup();
  }
}

type Kind = keyof typeof FILES;
const cases: [string, Kind, Kind, (file: string) => Record<string, unknown>][] = [
  ['/platform', 'platform design', 'update design', (f) => product({ platform: f })],
  ['/update', 'update design', 'platform design', (f) => product({ update: f })],
  ['/protocol', 'protocol design', 'product file', (f) => product({ protocol: f })],
  ['/apps/0/manifest', 'app manifest', 'hardware definition', (f) => product({}, [f, ...manifests.slice(1)])],
  ['/apps/1/manifest', 'app manifest', 'platform design', (f) => product({}, [manifests[0]!, f, manifests[2]!])],
  ['/hardwareDefinition', 'hardware definition', 'app manifest', (f) => product({ hardwareDefinition: f })],
];

describe('a product field naming a file of another kind is an input error at the field', () => {
  it.each(cases)('%s (asks for: %s) naming a file of kind: %s', async (pointer, expected, given, make) => {
    const run = await verify(make(FILES[given]));
    expect(run.code).toBe(2);
    expect(run.out).not.toMatch(/holds|violated|unknown/);
    expect(run.err).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
    const article = (k: string) => (/^[aeiou]/.test(k) ? 'an' : 'a');
    expect(run.err).toMatch(new RegExp(`sevenfold\\.json:\\d+:\\d+: error SF3001 ProductInvalid: .* is ${article(given)} ${given}, not ${article(expected)} ${expected}: name the ${expected} here \\[${pointer.replace(/\//g, '\\/')}\\]`));
    // The file named is not read as the kind asked for: none of its "missing required field" errors.
    expect(run.err).not.toMatch(/missing required field|MissingSchemaVersion|MissingComponentId/);
  });

  it('--requirements naming a product file: exit 2, saying it is a product file, before any verdict', async () => {
    const run = await verify(product({}), ['--requirements', FILES['product file']]);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toMatch(/sevenfold\.json:1:1: error SF5201 RequirementsInvalid: .*sevenfold\.json is a product file, not a requirement profile: give a requirement profile to --requirements/);
    expect(run.err).not.toMatch(/missing required field/);
  });

  it('the right kind in every field still verifies (the recogniser does not refuse what it should take)', async () => {
    const run = await verify(product({ platform: FILES['platform design'], update: FILES['update design'], protocol: FILES['protocol design'] }), ['--requirements', FILES['requirement profile']]);
    // A verdict, not an input error: small-tcb is unknown on the built-in design as written, which leaves busMasters out
    // (test/properties/bus-master-reach.test.ts), so the exit code is 3; before s37-dma it held (0).
    expect(run.err).not.toMatch(/error SF/);
    expect(run.code).toBe(3);
    expect(run.out).toMatch(/^verdict: unknown/m);
  });
});

describe('a hardwarePath entry that is not a folder is an input error at it, as lint --hardware-path is', () => {
  it.each([
    ['names no folder', (t: ReturnType<typeof tempDir>) => join(t.dir, 'no-such-folder')],
    ['names a file', () => FILES['hardware definition']],
  ])('%s: exit 2 at /hardwarePath/1, no verdict', async (_what, entry) => {
    const t = tempDir();
    try {
      const run = await verify(product({ hardwarePath: [join(reference, 'hardware'), entry(t)] }));
      expect(run.code).toBe(2);
      expect(run.out).not.toMatch(/holds|violated|unknown/);
      expect(run.err).toMatch(/error SF3002 ProductFileMissing: .*: (no such folder|not a folder) \[\/hardwarePath\/1\]/);
    } finally {
      t.cleanup();
    }
  });
});

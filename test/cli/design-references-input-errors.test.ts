/**
 * s28-fresh: a name one of the user's own design files gives to another file, and a design file the product names
 * that is a folder, are input errors (exit 2) at the file and pointer that hold them, never a verdict and never a
 * stack trace. Before: an update kind naming a component the platform does not have made renewable-security
 * violated and a protocol design naming a quote or client key the platform lacks made certificate-authentication
 * violated (a typo read as a finding about the device); two boot checks of one id were accepted (the fault sweep
 * names checks by id, so one glitch skipped both); and a platform design that is a folder was an error at line 1 of
 * the folder, not at the product's /platform. The built-in update design on a maker's platform (another device's
 * names) stays a verdict: unknown, with the reason (test/fixtures/platforms/maker-ids-default-update).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { captureIo, tempDir } from '../helpers.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const reference = join(root, 'products/mt3620-reference');
const design = (name: string) => {
  const d = JSON.parse(readFileSync(join(root, 'model/designs', name), 'utf8'));
  delete d.$schema;
  return d;
};
const product = (extra: Record<string, unknown>) => ({
  schemaVersion: 1,
  name: 'cross-file references',
  chip: 'mt3620',
  hardwareDefinition: join(reference, 'hardware/sevenfold_thermostat.json'),
  hardwarePath: [join(reference, 'hardware')],
  apps: ['thermostat-hl', 'fan-control-rt', 'air-sampler-rt'].map((a) => ({ manifest: join(reference, 'apps', a, 'app_manifest.json') })),
  ...extra,
});

afterAll(async () => {
  await shutdownZ3();
});

async function verify(files: (t: ReturnType<typeof tempDir>) => Record<string, unknown>, property: string) {
  const t = tempDir();
  try {
    const file = t.write('sevenfold.json', product(files(t)));
    const io = captureIo(root);
    const code = await runCli(['verify', '--product', file, '--property', property, '--seed', '1'], io);
    return { code, out: io.stdout(), err: io.stderr() };
  } finally {
    t.cleanup();
  }
}

describe('dangling names between design files, duplicate check ids and folders are input errors', () => {
  it.each([
    ['an update kind names a component the platform lacks', 'renewable-security', (t: ReturnType<typeof tempDir>) => {
      const u = design('azure-sphere-update.json');
      u.updateKinds[1].contents.push('nw-kernal');
      return { update: t.write('update.json', u) };
    }, /update\.json:\d+:\d+: error SF5001 UpdateDesignInvalid: "nw-kernal" is neither a component nor an asset of the platform design "Azure Sphere on MT3620" .*\[\/updateKinds\/1\/contents\/6\]/],
    ['a protocol design names a quote key the platform lacks', 'certificate-authentication', (t: ReturnType<typeof tempDir>) => {
      const p = design('azure-sphere-attestation.json');
      p.attestation.signingKey = 'device-identity-kee';
      return { protocol: t.write('protocol.json', p) };
    }, /protocol\.json:\d+:\d+: error SF5102 ProtocolKeyNotInPlatform: the quote key "device-identity-kee" \(attestation\.signingKey\) is not an asset of the platform design .*\[\/attestation\/signingKey\]/],
    ['a protocol design names a client key the platform lacks', 'certificate-authentication', (t: ReturnType<typeof tempDir>) => {
      const p = design('azure-sphere-attestation.json');
      p.deviceCertificate.clientKey = 'client-key';
      return { protocol: t.write('protocol.json', p) };
    }, /protocol\.json:\d+:\d+: error SF5102 ProtocolKeyNotInPlatform: the client-authentication key "client-key" \(deviceCertificate\.clientKey\) is not an asset .*\[\/deviceCertificate\/clientKey\]/],
    ['two boot checks share an id', 'defense-in-depth', (t: ReturnType<typeof tempDir>) => {
      const d = design('azure-sphere-mt3620.json');
      d.boot[8].checks[1].id = d.boot[8].checks[0].id;
      return { platform: t.write('platform.json', d) };
    }, /platform\.json:\d+:\d+: error \S+ PlatformDuplicateId: check id "sm\.rt-app-1\.signature" is already used at \/boot\/8\/checks\/0\/id \[\/boot\/8\/checks\/1\/id\]/],
    ['the platform design is a folder', 'compartmentalization', (t: ReturnType<typeof tempDir>) => {
      mkdirSync(join(t.dir, 'platform'));
      return { platform: 'platform' };
    }, /sevenfold\.json:\d+:\d+: error \S+ ProductFileMissing: platform: .*directory.* \[\/platform\]/],
  ])('%s: exit 2 at the file and pointer, no verdict, no stack trace', async (_name, property, files, message) => {
    const r = await verify(files, property);
    expect(r.code, r.out + r.err).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).not.toMatch(/holds|violated|unknown/);
    expect(r.out + r.err).not.toMatch(/\n\s+at .+:\d+:\d+/);
  }, 60_000);

  it('the built-in update design on a maker platform (another device\'s names) is still verified, not refused', async () => {
    const io = captureIo(root);
    const code = await runCli(['verify', '--product', 'test/fixtures/platforms/maker-ids-default-update/sevenfold.json', '--property', 'failure-reporting', '--seed', '1'], io);
    expect(code, io.stdout() + io.stderr()).toBe(3);
    expect(io.stdout()).toMatch(/failure-reporting +unknown/);
  }, 120_000);
});

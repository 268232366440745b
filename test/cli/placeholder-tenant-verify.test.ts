/**
 * A product built from a sample keeps the sample's all-zero DeviceAuthentication until the maker puts the catalog ID
 * there (azure-sphere-samples CodeSnippets/DeviceId/README.md). The device takes such a manifest and runs the app, so
 * it is no input error: `verify` goes on and decides every property; certificate-authentication is violated at the field
 * (the app's device certificate is never ready). Before s35-identity the manifest reader's PlaceholderTenant was an
 * error for it, and verify refused the whole product (exit 2, every property unchecked) while the in-process check
 * called it violated. Runs the built dist/ (npm run build).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const builtCli = resolve(root, 'dist/cli/main.js');

function verify(fixture: string) {
  const run = spawnSync(process.execPath, [builtCli, 'verify', '--product', `test/fixtures/products/${fixture}`, '--property', 'certificate-authentication', '--runs', '5', '--seed', '1', '--format', 'json'], { cwd: root, encoding: 'utf8', timeout: 180_000 });
  return { status: run.status, doc: JSON.parse(run.stdout) as { verdict?: string; error?: unknown; results?: Array<{ verdict: string; summary: string }> } };
}

describe.skipIf(!existsSync(builtCli))('verify on the samples\' all-zero DeviceAuthentication', () => {
  it('left as the sample ships it: verified, violated at DeviceAuthentication (exit 1), not refused as input', () => {
    const { status, doc } = verify('cert-cloud-zero-tenant');
    expect(doc.error).toBeUndefined();
    expect(status).toBe(1);
    expect(doc.results![0]!.verdict).toBe('violated');
    expect(doc.results![0]!.summary).toMatch(/all-zero GUID the samples ship .*put the catalog ID the devices are claimed into there/);
  }, 200_000);

  it('beside the devices\' tenant the product file states: violated (exit 1)', () => {
    const { status, doc } = verify('cert-zero-tenant-beside-stated-tenant');
    expect(status).toBe(1);
    expect(doc.results![0]!.verdict).toBe('violated');
  }, 200_000);
});

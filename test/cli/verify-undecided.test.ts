/**
 * `verify` never says `holds` for a check that was skipped, timed out, crashed or ran out of its bound:
 * each case here shrinks or breaks a part of the checking from the command line and reads every output
 * (exit code, text, JSON) for the verdict. Runs the built dist/ in a fresh process, so nothing a test
 * before it proved in this process (the Horn proof cache) stands in for the run under test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const builtCli = resolve(root, 'dist/cli/main.js');

function verify(args: string[]) {
  const run = spawnSync(process.execPath, [builtCli, 'verify', ...args], { cwd: root, encoding: 'utf8', timeout: 180_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe.skipIf(!existsSync(builtCli))('verify: what was not decided is never holds', () => {
  it('--timeout 1: the unbounded proof runs out of time, so certificate-authentication is unknown (exit 3), not holds on the bounded search alone', () => {
    const json = verify(['--product', 'builtin', '--property', 'certificate-authentication', '--timeout', '1', '--runs', '5', '--seed', '1', '--format', 'json']);
    expect(json.status).toBe(3);
    const doc = JSON.parse(json.stdout) as { verdict: string; results: Array<{ verdict: string; summary: string; requirements: Array<{ id: string; outcome: string }> }> };
    expect(doc.verdict).toBe('unknown');
    expect(doc.results[0]!.verdict).toBe('unknown');
    expect(doc.results[0]!.summary).toMatch(/the unbounded proof left 8 of 8 queries unknown .*: the attacker search holds only within its bound/);
    expect(doc.results[0]!.requirements.find((r) => r.id === 'certificate-authentication.attestation-protocol')!.outcome).toBe('unknown');
    const text = verify(['--product', 'builtin', '--property', 'certificate-authentication', '--timeout', '1', '--runs', '5', '--seed', '1']);
    expect(text.status).toBe(3);
    expect(text.stdout).toMatch(/^\[1\/1\] certificate-authentication\s+unknown /m);
    expect(text.stdout).toMatch(/^verdict: unknown \(0 hold, 0 violated, 1 unknown\) — exit 3$/m);
  }, 200_000);
});

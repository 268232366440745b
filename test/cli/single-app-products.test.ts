/**
 * Single-app products are judged on what they are (issue 11): the high-level and the real-time HelloWorld
 * apps of examples/, on the defended-platform fixture (the built-in design with its exploit exceptions
 * justified and its hash and rollback checks made twice), run through the built CLI, hold every property
 * but small-tcb: with one app slot the platform has 8 components and 4 of them in the TCB, half, and the
 * Seven Properties ask whether MOST of the software is outside it (small-tcb.max-share is strict). The same
 * high-level app on the built-in platform is violated under defense-in-depth and small-tcb only: the
 * platform's own findings, not the app's.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../properties/registry.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const builtCli = resolve(root, 'dist/cli/main.js');
const defended = (product: string) => `test/fixtures/platforms/defended-platform/${product}/sevenfold.json`;

interface Run {
  status: number | null;
  verdicts: Record<string, string>;
  stderr: string;
}

/** `verify` on a product in a separate process (the three run side by side), verdicts read from its JSON. */
function verify(product: string): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [builtCli, 'verify', '--product', product, '--seed', '42', '--runs', '14', '--format', 'json'], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (status) => {
      try {
        const out = JSON.parse(stdout) as { results: { property: string; verdict: string }[] };
        done({ status, stderr, verdicts: Object.fromEntries(out.results.map((r) => [r.property, r.verdict])) });
      } catch {
        fail(new Error(`verify --product ${product} printed no JSON (exit ${status}): ${stderr.slice(0, 2000)}`));
      }
    });
  });
}

describe.skipIf(!existsSync(builtCli))('single-app products through the built CLI', () => {
  it('hold every property but small-tcb (half the components in the TCB) on the defended platform, and on the built-in one fall to defense-in-depth, small-tcb and failure-reporting only', async () => {
    const [highLevel, realTime, builtin] = await Promise.all([verify(defended('high-level')), verify(defended('real-time')), verify('examples/hello-world-hl/sevenfold.json')]);
    const all = (verdict: string) => Object.fromEntries(PROPERTIES.map((p) => [p.id, verdict]));
    // renewable-security is unknown on the built-in update design: it does not say whether the device's time source is authenticated (max-freeze-detection).
    expect(highLevel.verdicts, highLevel.stderr).toEqual({ ...all('holds'), 'small-tcb': 'violated', 'renewable-security': 'unknown' });
    expect(highLevel.status).toBe(1);
    expect(realTime.verdicts, realTime.stderr).toEqual({ ...all('holds'), 'small-tcb': 'violated', 'renewable-security': 'unknown' });
    expect(realTime.status).toBe(1);
    // failure-reporting on the built-in platform: its network-facing OS services may write the failure log (s35, the design's provenance).
    expect(builtin.verdicts).toEqual({ ...all('holds'), 'defense-in-depth': 'violated', 'small-tcb': 'violated', 'renewable-security': 'unknown', 'failure-reporting': 'violated' });
    expect(builtin.status).toBe(1);
  }, 180_000);
});

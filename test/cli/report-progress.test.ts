/**
 * `sevenfold report` runs every property before it writes anything; off a terminal (a CI log, `| tee`) its
 * progress line shows nothing, so each verdict goes to stderr as soon as it is decided (was: silence until the
 * end), and stdout keeps only the summary a script reads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { runCliInProcess } from '../cli-in-process.js';
import { PROPERTIES } from '../../properties/registry.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const out = mkdtempSync(join(tmpdir(), 'sevenfold-report-progress-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it('report prints each verdict on stderr as it is decided, counting to the number of properties', { timeout: 120_000 }, async () => {
  const product = resolve(root, 'examples/hello-world-hl/sevenfold.json');
  const { code, stdout, stderr } = await runCliInProcess(['report', '--product', product, '--out', out, '--format', 'json', '--seed', '42', '--runs', '5']);
  expect([0, 1, 3]).toContain(code);
  const lines = stderr.split('\n').filter((l) => /^\[\d+\/\d+\] /.test(l));
  expect(lines.map((l) => l.slice(0, l.indexOf(']') + 1))).toEqual(PROPERTIES.map((_, i) => `[${i + 1}/${PROPERTIES.length}]`));
  for (const p of PROPERTIES) expect(lines.some((l) => new RegExp(`^\\[\\d+/\\d+\\] ${p.id} (holds|violated|unknown)$`).test(l)), p.id).toBe(true);
  expect(stdout).not.toMatch(/^\[\d+\/\d+\]/m);
});

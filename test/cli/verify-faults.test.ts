import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';
import { builtinRequirementsFile } from '../../model/requirements/load-requirements.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { captureIo, tempDir } from '../helpers.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');

afterAll(async () => {
  await shutdownZ3();
});

describe('verify --faults', () => {
  it('rejects a negative number with exit 2', async () => {
    const io = captureIo(root);
    expect(await runCli(['verify', '--faults', '-1'], io)).toBe(2);
    expect(io.stderr()).toContain('expected a whole number from 1 to 3');
  });

  it('sweeps deeper than the profile requires and reports what falls beyond it, naming the requirement', async () => {
    const t = tempDir();
    try {
      const profile = JSON.parse(readFileSync(builtinRequirementsFile(), 'utf8'));
      // A looser profile says so: its own name, and the relaxed value marked as its own choice (relaxation.ts).
      profile.name = 'no-glitches';
      Object.assign(profile.requirements['defense-in-depth'].find((r: { id: string }) => r.id === 'defense-in-depth.fault-tolerance'), { value: 0, ownChoice: true });
      delete profile.$schema;
      const file = t.write('no-glitches.json', profile);
      const io = captureIo(root);
      const code = await runCli(['verify', '--property', 'defense-in-depth', '--product', 'test/fixtures/platforms/kernel-single-check/sevenfold.json', '--requirements', file, '--faults', '1', '--seed', '3', '--format', 'json'], io);
      expect(code).toBe(1);
      const result = JSON.parse(io.stdout()).results[0];
      expect(result.warnings).toContain('beyond the required fault tolerance: skipping the single check sm.kernel.signature boots a tampered nw-kernel');
      expect(result.requirements.find((r: { id: string }) => r.id === 'defense-in-depth.fault-tolerance')).toMatchObject({ value: 0, outcome: 'failed' });
      expect(result.evidence.at(-1).reproduce).toContain('--faults 1');
    } finally {
      t.cleanup();
    }
  });
});

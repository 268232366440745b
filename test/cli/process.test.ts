/**
 * The CLI as a real process (cli/main.ts through tsx, so no build is needed): what a user sees on a
 * terminal or in a pipe, beyond the exit code.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(import.meta.url), '../../..');

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `sevenfold <args>`; with closeAfterFirstOutput the reader goes away after the first chunk, like `| head -1`. */
function sevenfold(args: string[], opts: { closeAfterFirstOutput?: boolean } = {}): Promise<Finished> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (opts.closeAfterFirstOutput) child.stdout.destroy();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('sevenfold as a process', () => {
  it('stops quietly when its reader goes away (sevenfold verify | head): exit 2, no EPIPE stack trace', async () => {
    const r = await sevenfold(['verify', '--runs', '2', '--seed', '1'], { closeAfterFirstOutput: true });
    expect(r.stdout).toMatch(/^Product: /);
    expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(r.stderr).toBe('');
    // Not 0: the verification did not finish, so nothing may read as "holds".
    expect(r.code).toBe(2);
  }, 120_000);

  it('prints nothing on stderr across repeated Z3 runs (was: received "cleanupThread" command from terminated worker, about one run in eight)', async () => {
    const runs: Finished[] = [];
    for (let batch = 0; batch < 3; batch++) {
      runs.push(...(await Promise.all([0, 1].map(() => sevenfold(['query', 'reach', '--from', 'Thermostat', '--to', 'Pwm:PWM-CONTROLLER-1'])))));
    }
    for (const r of runs) {
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('');
    }
  }, 300_000);
});

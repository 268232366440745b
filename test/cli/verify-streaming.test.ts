/** `sevenfold verify` shows each property's verdict when it is decided, on any stdout, and keeps the final table. */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';
import type { CliIo } from '../../cli/io.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
afterAll(() => shutdownZ3());

describe('verify output order', () => {
  it('prints the first verdict before the second property starts (not a terminal: no progress line)', async () => {
    const events: string[] = [];
    const io: CliIo = { out: (t) => events.push(`out ${t}`), err: (t) => events.push(`err ${t}`), progress: (t) => events.push(`progress ${t}`), color: false, cwd: root };
    const code = await runCli(['verify', '--property', 'small-tcb,compartmentalization', '--runs', '3', '--seed', '1'], io);
    expect([0, 1, 3]).toContain(code);
    const firstVerdict = events.findIndex((e) => /^out \[1\/2\] small-tcb\s+(holds|violated|unknown)\s+\S/.test(e));
    const secondStarts = events.findIndex((e) => e === 'progress checking compartmentalization…');
    expect(firstVerdict).toBeGreaterThan(-1);
    expect(firstVerdict).toBeLessThan(secondStarts);
    expect(events.findIndex((e) => /^out \[2\/2\] compartmentalization\s+(holds|violated|unknown)/.test(e))).toBeGreaterThan(secondStarts);
    // The header comes first, the summary table after every verdict.
    expect(events.findIndex((e) => e.startsWith('out Product: '))).toBeLessThan(firstVerdict);
    const table = events.findIndex((e) => /^out property\s+verdict\s+summary$/.test(e));
    expect(table).toBeGreaterThan(firstVerdict);
    expect(events.at(-1)).toMatch(/^out verdict: /);
  }, 120_000);
});

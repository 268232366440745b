/**
 * An internal error outside a property's check (here: the product loader throwing) is a defect in Sevenfold, not the
 * user's input error and never a verdict: exit 3 (unknown), a one-line message naming the command and the error with
 * no stack trace (SEVENFOLD_DEBUG=1 shows it), and with --format json a document whose `error.kind` is `internal`,
 * exit code 3, and, for verify, every property asked for `unknown` with the reason (cli/internal-error-output.ts).
 * Before: exit 2, the stack on stderr and nothing on stdout. Seen failing on main (5 of 6; the sixth is the control).
 * A report writer's defect was reported as "cannot write the report" (exit 2, a folder to fix): now exit 3 too.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCliInProcess } from '../cli-in-process.js';

const crash = vi.hoisted(() => ({ on: false }));
vi.mock('../../model/product/product.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../model/product/product.js')>();
  return {
    ...actual,
    loadProduct: (...args: Parameters<typeof actual.loadProduct>) => {
      if (crash.on) throw new TypeError("Cannot read properties of undefined (reading 'apps')");
      return actual.loadProduct(...args);
    },
  };
});

const writerCrash = vi.hoisted(() => ({ on: false }));
vi.mock('../../reports/audit/write-report.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../reports/audit/write-report.js')>();
  return {
    ...actual,
    writeReport: (...args: Parameters<typeof actual.writeReport>) => {
      if (writerCrash.on) throw new TypeError("Cannot read properties of undefined (reading 'verdict')");
      return actual.writeReport(...args);
    },
  };
});

afterEach(() => {
  crash.on = false;
  vi.unstubAllEnvs();
});

async function crashing(args: string[]) {
  crash.on = true;
  return runCliInProcess(args);
}

const REASON = "TypeError: Cannot read properties of undefined (reading 'apps')";

describe('an internal error outside a check', () => {
  it('verify (text): exit 3, the command and the error on stderr, no stack trace, nothing on stdout', async () => {
    const r = await crashing(['verify', '--product', 'builtin', '--property', 'small-tcb']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`sevenfold verify: internal error: ${REASON}`);
    expect(r.stderr).toMatch(/a bug in Sevenfold, not a finding about your device and not an error in your input: nothing was decided/);
    expect(r.stderr).toMatch(/SEVENFOLD_DEBUG=1/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('verify --format json: a document with every property asked unknown, naming the error', async () => {
    const r = await crashing(['verify', '--product', 'builtin', '--property', 'small-tcb,compartmentalization', '--format', 'json']);
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.version).toBe(1);
    expect(doc.error).toEqual({ kind: 'internal', message: `internal error: ${REASON}`, exitCode: 3 });
    expect(doc.verdict).toBe('unknown');
    expect(doc.results.map((x: { property: string; verdict: string }) => [x.property, x.verdict])).toEqual([['small-tcb', 'unknown'], ['compartmentalization', 'unknown']]);
    for (const x of doc.results) expect(x.summary).toBe(`not decided: Sevenfold failed internally before deciding (${REASON}): a bug in Sevenfold, not a finding about the device`);
  });

  it('verify --format json without --property: all seven unknown', async () => {
    const r = await crashing(['verify', '--product', 'builtin', '--format=json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).results).toHaveLength(7);
  });

  it('another command with --format json (query reach): the error document, exit 3, no results', async () => {
    const r = await crashing(['query', 'reach', '--product', 'builtin', '--from', 'Thermostat', '--to', 'Gpio:8', '--format', 'json']);
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.error).toEqual({ kind: 'internal', message: `internal error: ${REASON}`, exitCode: 3 });
    for (const key of ['status', 'verdict', 'results', 'grants', 'witness']) expect(doc).not.toHaveProperty(key);
    expect(r.stderr).toContain(`sevenfold query reach: internal error: ${REASON}`);
  });

  it('SEVENFOLD_DEBUG=1 shows the stack trace', async () => {
    vi.stubEnv('SEVENFOLD_DEBUG', '1');
    const r = await crashing(['verify', '--product', 'builtin', '--property', 'small-tcb']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('the same commands without the crash are unchanged', async () => {
    const r = await runCliInProcess(['verify', '--product', 'builtin', '--property', 'small-tcb', '--format', 'json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).not.toHaveProperty('error');
  });
});

describe('an internal error in a report writer', () => {
  it('is not "cannot write the report" (exit 2) but an internal error (exit 3); a folder it cannot use stays exit 2', async () => {
    const { tempDir } = await import('../helpers.js');
    const t = tempDir();
    try {
      writerCrash.on = true;
      const crashed = await runCliInProcess(['report', '--product', 'builtin', '--runs', '1', '--seed', '1', '--format', 'json', '--no-svg', '--out', t.dir + '/out']);
      expect(crashed.code).toBe(3);
      expect(crashed.stderr).toContain("sevenfold report: internal error: TypeError: Cannot read properties of undefined (reading 'verdict')");
      expect(crashed.stderr).not.toMatch(/cannot write the report|\n\s+at /);
      writerCrash.on = false;
      t.write('a-file', 'x');
      const refused = await runCliInProcess(['report', '--product', 'builtin', '--runs', '1', '--seed', '1', '--format', 'json', '--no-svg', '--out', t.dir + '/a-file']);
      expect(refused.code).toBe(2);
    } finally {
      writerCrash.on = false;
      t.cleanup();
    }
  }, 120_000);
});

/**
 * What the product loader finds that is not an error concerns the product, whatever the format: `verify` shows
 * its warnings on stderr (was: on stdout among the verdicts in text, and only inside the document with --format
 * json), keeps them in the JSON document, and its exit code stays the verdicts'. With --format json a long run
 * reports each finished property on stderr (cli/commands/verify-progress.ts), never on stdout.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../cli-in-process.js';
import { finishedPropertyLines } from '../../cli/commands/verify-progress.js';
import { VERDICT_EXIT_CODE, type PropertyResult, type Verdict } from '../../properties/verdict.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';

afterAll(() => shutdownZ3());

/** Two SF3011 warnings (the app's image grants services its manifest does not) in an otherwise valid product. */
const WARNED = join(import.meta.dirname, '..', 'fixtures', 'products', 'cert-image-adds-services', 'sevenfold.json');

describe('verify shows the product\'s warnings on stderr', () => {
  it('text: on stderr, not among the verdicts on stdout; the exit code is the verdict\'s', async () => {
    const { code, stdout, stderr } = await runCliInProcess(['verify', '--product', WARNED, '--property', 'small-tcb', '--seed', '1']);
    expect(stderr).toMatch(/sevenfold\.json:15:7: warning SF3011 ProductImageManifestMismatch: images\/services-hl\.imagepackage: the image's Capabilities\/DhcpService/);
    expect(stdout).not.toContain('SF3011');
    const verdict = /^verdict: (holds|violated|unknown) /m.exec(stdout)?.[1] as Verdict | undefined;
    expect(verdict).toBeDefined();
    expect(code).toBe(VERDICT_EXIT_CODE[verdict!]);
  }, 120_000);

  it('json: on stderr too, stdout one document that still lists them; the exit code is the verdict\'s', async () => {
    const { code, stdout, stderr } = await runCliInProcess(['verify', '--product', WARNED, '--property', 'small-tcb', '--seed', '1', '--format', 'json']);
    const doc = JSON.parse(stdout) as { verdict: Verdict; diagnostics: { code: string; severity: string }[] };
    expect(doc.diagnostics.filter((d) => d.code === 'SF3011').map((d) => d.severity)).toEqual(['warning', 'warning']);
    expect(stderr.match(/warning SF3011/g)).toHaveLength(2);
    expect(code).toBe(VERDICT_EXIT_CODE[doc.verdict]);
  }, 120_000);
});

describe('verify --format json: finished properties on stderr once the run is long', () => {
  const result = (property: string, verdict: Verdict): PropertyResult => ({ property, verdict, summary: 'why' });

  it('prints nothing before the threshold, then catches up and prints each as it finishes', () => {
    let clock = 1000;
    const progress = finishedPropertyLines(3, () => clock, 3000);
    clock = 2500;
    expect(progress.finished(result('small-tcb', 'holds'))).toEqual([]);
    clock = 4500;
    expect(progress.finished(result('defense-in-depth', 'violated'))).toEqual(['sevenfold verify: [1/3] small-tcb holds (1.5 s)', 'sevenfold verify: [2/3] defense-in-depth violated (3.5 s)']);
    clock = 6000;
    expect(progress.finished(result('renewable-security', 'unknown'))).toEqual(['sevenfold verify: [3/3] renewable-security unknown (5.0 s)']);
  });

  it('a run shorter than the threshold prints nothing', () => {
    let clock = 0;
    const progress = finishedPropertyLines(2, () => clock, 3000);
    clock = 1000;
    expect(progress.finished(result('small-tcb', 'holds'))).toEqual([]);
    clock = 2999;
    expect(progress.finished(result('compartmentalization', 'holds'))).toEqual([]);
  });
});

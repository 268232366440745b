/**
 * `--requirements <file>`: the profile, not the design, decides. A stricter profile makes a holding
 * product violated and a looser one makes a violated design hold, through the CLI as a user runs it;
 * text, JSON and SARIF name the requirement behind each finding, with its source.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';
import { builtinRequirementsFile } from '../../model/requirements/load-requirements.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { captureIo, tempDir } from '../helpers.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const hugeReports = join(root, 'test/fixtures/updates/huge-reports/sevenfold.json');

afterAll(async () => {
  await shutdownZ3();
});

type Requirement = { id: string; value?: number | boolean; ownChoice?: boolean };

/** The built-in profile with some numbers changed: what a device maker or an auditor would write. */
function profileWith(changes: Record<string, number>): object {
  const profile = JSON.parse(readFileSync(builtinRequirementsFile(), 'utf8')) as { $schema?: string; name: string; requirements: Record<string, Requirement[]> };
  delete profile.$schema;
  profile.name = 'edited';
  for (const [id, value] of Object.entries(changes)) {
    const r = Object.values(profile.requirements).flat().find((x) => x.id === id);
    if (!r) throw new Error(`no requirement ${id} in the built-in profile`);
    r.value = value;
    // A looser value is marked as the profile's own choice: it no longer is what the built-in's source states.
    r.ownChoice = true;
  }
  return profile;
}

describe('verify --requirements', () => {
  it('a stricter profile makes the built-in product violate small-tcb, named in text and JSON', async () => {
    const t = tempDir();
    try {
      const strict = t.write('strict.json', profileWith({ 'small-tcb.max-share': 0.3 }));
      const byDefault = captureIo(root);
      // The built-in product is unknown under the built-in profile (its design leaves busMasters out, s37-dma); with no
      // bus master (a fixture assumption, test/fixtures/bus-masters-stated.ts) it holds, and the stricter profile decides.
      expect(await runCli(['verify', '--property', 'small-tcb', '--seed', '1'], byDefault)).toBe(3);
      expect(await runCli(['verify', '--property', 'small-tcb', '--seed', '1', '--product', 'test/fixtures/platforms/builtin-no-bus-masters'], captureIo(root))).toBe(0);

      const text = captureIo(root);
      expect(await runCli(['verify', '--property', 'small-tcb', '--seed', '1', '--requirements', strict], text)).toBe(1);
      expect(text.stdout()).toMatch(/requirement small-tcb\.max-share \[failed\]/);
      expect(text.stdout()).toContain('edited');

      const json = captureIo(root);
      expect(await runCli(['verify', '--property', 'small-tcb', '--seed', '1', '--format', 'json', '--requirements', strict], json)).toBe(1);
      const out = JSON.parse(json.stdout()) as { requirements: { profile: string }; results: { requirements: { id: string; outcome: string; source: string }[] }[] };
      expect(out.requirements.profile).toMatch(/^edited /);
      const failed = out.results[0]!.requirements.filter((q) => q.outcome === 'failed');
      expect(failed.map((q) => q.id)).toContain('small-tcb.max-share');
      expect(failed[0]!.source).toMatch(/Seven Properties/);
    } finally {
      t.cleanup();
    }
  });

  it('a looser profile makes a design with million-event reports hold failure-reporting; the default profile does not', async () => {
    const t = tempDir();
    try {
      const loose = t.write('loose.json', profileWith({ 'failure-reporting.max-events-per-report': 10_000_000, 'failure-reporting.max-report-days': 36_500 }));
      const strict = captureIo(root);
      expect(await runCli(['verify', '--property', 'failure-reporting', '--product', hugeReports, '--seed', '3', '--runs', '20'], strict)).toBe(1);
      expect(strict.stdout()).toMatch(/failure-reporting\.max-events-per-report \[failed\]/);
      const relaxed = captureIo(root);
      const code = await runCli(['verify', '--property', 'failure-reporting', '--product', hugeReports, '--seed', '3', '--runs', '20', '--requirements', loose], relaxed);
      expect(relaxed.stdout()).toMatch(/failure-reporting\.max-events-per-report \[met\]/);
      expect(code, relaxed.stdout()).toBe(0);
    } finally {
      t.cleanup();
    }
  });

  it('SARIF and the JSON report name the failed requirement of each violation', async () => {
    const t = tempDir();
    try {
      const strict = t.write('strict.json', profileWith({ 'small-tcb.max-share': 0.3 }));
      const io = captureIo(root);
      const code = await runCli(['report', '--format', 'sarif,json', '--out', join(t.dir, 'out'), '--seed', '1', '--runs', '5', '--requirements', strict], io);
      expect([1, 3]).toContain(code);
      const sarif = JSON.parse(readFileSync(join(t.dir, 'out', 'report.sarif'), 'utf8')) as { runs: { results: { ruleId: string; kind: string; message: { text: string }; properties?: { requirements?: string[]; verdict?: string } }[] }[] };
      const tcb = sarif.runs[0]!.results.filter((r) => r.ruleId.startsWith('small-tcb'));
      expect(tcb.length).toBeGreaterThan(0);
      expect(tcb.some((r) => r.properties?.requirements?.includes('small-tcb.max-share'))).toBe(true);
      expect(tcb.some((r) => r.message.text.includes('Requirement: small-tcb.max-share'))).toBe(true);
      // Every violation, of whichever property, names at least one failed requirement of the profile, in its data and its text
      // (an undecided property is a `fail` result too, so that code scanning shows it, with verdict unknown: not a violation).
      const violations = sarif.runs[0]!.results.filter((r) => r.kind === 'fail' && r.properties?.verdict !== 'unknown');
      expect(violations.length).toBeGreaterThan(1);
      for (const v of violations) {
        expect(v.properties?.requirements?.length, v.ruleId).toBeGreaterThan(0);
        for (const id of v.properties!.requirements!) expect(v.message.text, v.ruleId).toContain(id);
      }
      // The JSON report: every violation finding belongs to a property that lists its failed requirements, with their sources, from the edited profile.
      const report = JSON.parse(readFileSync(join(t.dir, 'out', 'report.json'), 'utf8')) as { properties: { id: string; verdict: string; profile: string; requirements?: { id: string; outcome: string; source: string }[] }[]; findings: { property: string; kind: string }[] };
      const findings = report.findings.filter((f) => f.kind === 'violation');
      expect(findings.map((f) => f.property)).toContain('small-tcb');
      for (const f of findings) {
        const property = report.properties.find((p) => p.id === f.property)!;
        expect(property.profile).toMatch(/^edited /);
        const failed = (property.requirements ?? []).filter((q) => q.outcome === 'failed');
        expect(failed.length, f.property).toBeGreaterThan(0);
        for (const q of failed) expect(q.source.length, q.id).toBeGreaterThan(0);
      }
    } finally {
      t.cleanup();
    }
  }, 180_000);

  it('a broken profile is an input error naming the file and the field (exit 2)', async () => {
    const t = tempDir();
    try {
      const broken = t.write('broken.json', profileWith({ 'small-tcb.max-share': 7 }));
      const io = captureIo(root);
      expect(await runCli(['verify', '--property', 'small-tcb', '--requirements', broken], io)).toBe(2);
      expect(io.stderr()).toMatch(/broken\.json:\d+:\d+: error SF5201 RequirementsInvalid: a fraction is at most 1, not 7 \[\/requirements\/small-tcb\/0\/value\]/);
      // report stops the same way, and says it is the profile that is broken: it said "cannot verify broken.json
      // … (sevenfold lint shows them with hints)", as if the profile were the product, and lint reads no profile.
      const reported = captureIo(root);
      expect(await runCli(['report', '--requirements', broken, '--out', join(t.dir, 'out')], reported)).toBe(2);
      expect(reported.stderr()).toMatch(/broken\.json:\d+:\d+: error SF5201 RequirementsInvalid: a fraction is at most 1, not 7 \[\/requirements\/small-tcb\/0\/value\]/);
      expect(reported.stderr()).toMatch(/sevenfold report: cannot use the requirement profile \S*broken\.json: fix the errors above first\n?$/);
      expect(reported.stderr()).not.toMatch(/cannot verify|sevenfold lint/);
    } finally {
      t.cleanup();
    }
  });
});

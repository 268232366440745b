/**
 * The report's compliance table (reports/audit/compliance-evidence.ts) on runs made by hand: a
 * violated property's clauses are under "against" with its findings, a failed requirement's clauses
 * too, a met requirement's and a holding property's under "for", an unknown property's under "not
 * decided"; a fuzz crash and a mapped product diagnostic are evidence against; clauses no check bears
 * on are listed as not covered; every format says that the table is evidence, not a compliance claim.
 */
import { describe, expect, it } from 'vitest';
import { checkTable, clausesOf } from '../../model/compliance/compliance.js';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRequirements } from '../../model/requirements/load-requirements.js';
import { markRelaxed } from '../../model/requirements/relaxation.js';
import { refer, type RequirementRef } from '../../model/requirements/requirement-profile.js';
import { COMPLIANCE_DISCLAIMER, buildComplianceEvidence } from '../../reports/audit/compliance-evidence.js';
import clausesDoc from '../../model/compliance/clauses.json' with { type: 'json' };
import evidenceDoc from '../../model/compliance/evidence.json' with { type: 'json' };
import { diagnosticToJson } from '../../reports/diagnostics/format-diagnostics.js';
import { renderHtml } from '../../reports/audit/html.js';
import { reportToJson } from '../../reports/audit/json-report.js';
import { renderMarkdown } from '../../reports/audit/markdown.js';
import { renderSarif } from '../../reports/audit/sarif.js';
import { buildAuditReport } from '../../reports/audit/report-model.js';
import { fabricatedBuiltinRun, fabricatedFlawedRun, flawedFile } from './fabricated-run.js';
import { auditReportValidator } from './validators.js';

const requirement = (id: string, outcome: RequirementRef['outcome']): RequirementRef => ({ id, statement: id, source: 'test', outcome });

function flawedWithRequirements() {
  const run = fabricatedFlawedRun();
  const result = run.results.find((r) => r.property === 'compartmentalization')!;
  result.requirements = [requirement('compartmentalization.hardware-barriers', 'failed'), requirement('compartmentalization.storage-isolation', 'met')];
  return run;
}

const profileFixture = (name: string) => loadRequirements(join(resolve(fileURLToPath(import.meta.url), '../../..'), 'test/fixtures/requirements', name, 'profile.json')).design!;

/** The fabricated built-in run with small-tcb holding against the given fixture profile's requirements. */
function smallTcbHoldingUnder(name: string) {
  const run = fabricatedBuiltinRun();
  const profile = profileFixture(name);
  const result = run.results.find((r) => r.property === 'small-tcb')!;
  result.profile = `${profile.name} ${profile.version}`;
  // As registry.startProperty frames every verdict: each relaxed requirement carries the built-in's value.
  result.requirements = markRelaxed([refer(profile, 'small-tcb.max-share', 'met'), refer(profile, 'small-tcb.no-untrusted-member', 'met'), refer(profile, 'small-tcb.keys-in-vault', name === 'one-rule-off' ? 'not-applicable' : 'met')]);
  return run;
}

describe('compliance table under a profile that asks less than the built-in one', () => {
  it('a rule the profile switched off is no evidence for its clauses, nor is the property that holds without it: undecided', () => {
    const report = buildAuditReport(smallTcbHoldingUnder('one-rule-off'));
    const clauses = clausesOf('requirement', 'small-tcb.keys-in-vault');
    expect(clauses.length).toBeGreaterThan(0);
    for (const id of clauses) {
      const row = report.compliance.clauses.find((c) => c.clause === id)!;
      expect(row.status, id).toBe('undecided');
      expect(row.unknown.map((i) => i.text)).toContain('small-tcb.keys-in-vault not checked: switched off by one-rule-off 2026.12 (on in the built-in profile)');
      expect(row.for.map((i) => i.ref)).not.toContain('small-tcb.keys-in-vault');
    }
    for (const id of clausesOf('property', 'small-tcb')) {
      const row = report.compliance.clauses.find((c) => c.clause === id)!;
      expect(row.for.map((i) => i.ref), id).not.toContain('small-tcb');
      expect(row.unknown.map((i) => i.text).join('\n'), id).toMatch(/small-tcb holds only against one-rule-off 2026\.12, which asks less than the built-in profile: small-tcb.keys-in-vault switched off/);
    }
  });

  it('the Markdown and HTML headers name the profile and what it relaxes, so a summary of holds does not read as the built-in profile\'s', () => {
    const report = buildAuditReport(smallTcbHoldingUnder('one-rule-off'));
    const line = 'one-rule-off 2026.12, which asks less than the built-in profile in 1 requirement its verdicts were decided against: small-tcb.keys-in-vault switched off (built-in: on)';
    expect(renderMarkdown(report)).toContain(`| requirement profile | ${line} |`);
    expect(renderHtml(report, { inlineMermaid: false })).toContain(`Requirement profile: ${line}</p>`);
    // Asking less, the profile has a paragraph of its own; asking no less, it rides on the tool's line (the first
    // screen is the verdict's, the findings' and the summary's: test/reports/browser.test.ts).
    const builtinRun = fabricatedBuiltinRun();
    const profile = loadRequirements().design!;
    builtinRun.results.find((r) => r.property === 'small-tcb')!.profile = `${profile.name} ${profile.version}`;
    const plain = renderHtml(buildAuditReport(builtinRun), { inlineMermaid: false });
    expect(plain).not.toContain('id="requirement-profile"');
    expect(plain).toMatch(/<p class="meta">Sevenfold [^<]*, commit <code>[^<]*<\/code>; working directory <code class="path">[^<]*<\/code>; requirement profile: seven-properties-azure-sphere [^<]*<\/p>/);
    expect((renderSarif(report) as { runs: { properties: Record<string, unknown> }[] }).runs[0]!.properties['profileAsksLess']).toBe(line);
  });

  it('sound twin: the same verdict under the built-in profile is evidence for those clauses', () => {
    const run = fabricatedBuiltinRun();
    const profile = loadRequirements().design!;
    run.results.find((r) => r.property === 'small-tcb')!.requirements = ['small-tcb.max-share', 'small-tcb.no-untrusted-member', 'small-tcb.keys-in-vault'].map((id) => refer(profile, id, 'met'));
    const report = buildAuditReport(run);
    for (const id of clausesOf('requirement', 'small-tcb.keys-in-vault')) expect(report.compliance.clauses.find((c) => c.clause === id)!.for.map((i) => i.ref), id).toContain('small-tcb.keys-in-vault');
    for (const id of clausesOf('property', 'small-tcb')) expect(report.compliance.clauses.find((c) => c.clause === id)!.for.map((i) => i.ref), id).toContain('small-tcb');
  });
});

describe('compliance table', () => {
  it("puts a violated property's clauses under against, with the findings behind it", () => {
    const report = buildAuditReport(fabricatedFlawedRun());
    const violations = report.findings.filter((f) => f.property === 'compartmentalization' && f.kind === 'violation').map((f) => f.id);
    expect(violations.length).toBe(2);
    const propertyClauses = clausesOf('property', 'compartmentalization');
    expect(propertyClauses.length).toBeGreaterThan(0);
    for (const id of propertyClauses) {
      const row = report.compliance.clauses.find((c) => c.clause === id)!;
      expect(row.status, id).toBe('evidence against');
      expect(row.against.map((i) => i.ref)).toEqual(expect.arrayContaining(violations));
      expect(row.for.map((i) => i.ref)).not.toContain('compartmentalization');
    }
    // A warning finding does not break the property: it is not evidence against.
    const warning = report.findings.find((f) => f.kind === 'warning')!;
    expect(report.compliance.clauses.flatMap((c) => c.against).map((i) => i.ref)).not.toContain(warning.id);
  });

  it("puts a failed requirement's clauses under against and a met requirement's under for", () => {
    const report = buildAuditReport(flawedWithRequirements());
    for (const id of clausesOf('requirement', 'compartmentalization.hardware-barriers')) {
      const row = report.compliance.clauses.find((c) => c.clause === id)!;
      expect(row.against.map((i) => i.ref), id).toContain('compartmentalization.hardware-barriers');
    }
    const met = clausesOf('requirement', 'compartmentalization.storage-isolation');
    for (const id of met) expect(report.compliance.clauses.find((c) => c.clause === id)!.for.map((i) => i.ref), id).toContain('compartmentalization.storage-isolation');
    // Each violation finding names the clauses of its property and of the failed requirement.
    const finding = report.findings.find((f) => f.kind === 'violation')!;
    expect(finding.clauses).toEqual(expect.arrayContaining([...clausesOf('property', 'compartmentalization'), ...clausesOf('requirement', 'compartmentalization.hardware-barriers')]));
    expect(finding.clauses).not.toContain('cra-i-2e'); // storage-isolation's, which was met
  });

  it("puts a holding property's clauses under for and an unknown property's under not decided", () => {
    const report = buildAuditReport(fabricatedBuiltinRun());
    expect(report.compliance.clauses.some((c) => c.against.length > 0)).toBe(false);
    for (const id of clausesOf('property', 'small-tcb')) expect(report.compliance.clauses.find((c) => c.clause === id)!.for.map((i) => i.ref)).toContain('small-tcb');
    const update = report.compliance.clauses.find((c) => c.clause === 'en303645-5.3-5')!;
    expect(update.status).toBe('undecided');
    expect(update.unknown.map((i) => i.ref)).toEqual(['renewable-security']);
    // Only lint codes bear on CRA (2)(i): a report run has no evidence on it.
    expect(report.compliance.clauses.find((c) => c.clause === 'cra-i-2i')!.status).toBe('no evidence in this run');
  });

  it('a holding property is no evidence for a clause that only requirements not bearing on the product reach (EN 303 645 5.5-4 read "evidence for" on a product with no connection)', () => {
    const profile = loadRequirements().design!;
    const holding = (cloud: RequirementRef['outcome']) => {
      const run = fabricatedBuiltinRun();
      const result = run.results.find((r) => r.property === 'certificate-authentication')!;
      result.verdict = 'holds';
      result.requirements = [refer(profile, 'certificate-authentication.certificates-not-secrets', 'met'), refer(profile, 'certificate-authentication.cloud-device-authentication', cloud), refer(profile, 'certificate-authentication.attestation-protocol', 'met')];
      return buildAuditReport(run).compliance.clauses.find((c) => c.clause === 'en303645-5.5-4')!;
    };
    expect(clausesOf('property', 'certificate-authentication')).toContain('en303645-5.5-4');
    const none = holding('not-applicable');
    expect(none.for.map((i) => i.ref)).not.toContain('certificate-authentication');
    expect(none.status).toBe('no evidence in this run');
    // Sound twin: an app that connects to Azure IoT with its device certificate makes the same holds evidence for it.
    const met = holding('met');
    expect(met.for.map((i) => i.ref)).toEqual(expect.arrayContaining(['certificate-authentication', 'certificate-authentication.cloud-device-authentication']));
    expect(met.status).toBe('evidence for');
  });

  it('a provision reads no better than its sub-provisions: EN 303 645 5.10 read "evidence for" on a log recording reboots while 5.10-1 was against (and 5.3 on a log recording update failures while 5.3-2 was undecided)', () => {
    const profile = loadRequirements().design!;
    const run = (everyFailureReported: RequirementRef['outcome']) => {
      const r = fabricatedBuiltinRun();
      const log = r.results.find((x) => x.property === 'failure-reporting')!;
      log.verdict = everyFailureReported === 'failed' ? 'violated' : everyFailureReported === 'unknown' ? 'unknown' : 'holds';
      log.requirements = [refer(profile, 'failure-reporting.records-kind-device-reboot', 'met'), refer(profile, 'failure-reporting.every-failure-reported', everyFailureReported)];
      return buildAuditReport(r).compliance.clauses;
    };
    const row = (rows: ReturnType<typeof run>, id: string) => rows.find((c) => c.clause === id)!;
    expect(clausesOf('requirement', 'failure-reporting.records-kind-device-reboot')).toContain('en303645-5.10');
    const against = run('failed');
    expect(row(against, 'en303645-5.10').for.map((i) => i.ref)).toContain('failure-reporting.records-kind-device-reboot');
    expect(row(against, 'en303645-5.10-1').status).toBe('evidence against');
    expect(row(against, 'en303645-5.10').status).toBe('evidence against');
    expect(row(against, 'en303645-5.10').against).toContainEqual({ ref: 'en303645-5.10-1', kind: 'clause', text: 'EN 303 645 5.10-1 evidence against' });
    const undecided = run('unknown');
    expect(row(undecided, 'en303645-5.10-1').status).toBe('undecided');
    expect(row(undecided, 'en303645-5.10').status).toBe('undecided');
    expect(row(undecided, 'en303645-5.10').unknown.map((i) => i.text)).toContain('EN 303 645 5.10-1 undecided');
    // Sound twin: a provision whose every sub-provision has evidence for it, and its own, reads evidence for.
    const met = run('met');
    expect(row(met, 'en303645-5.10-1').status).toBe('evidence for');
    expect(row(met, 'en303645-5.10').status).toBe('evidence for');
    expect(row(met, 'en303645-5.10').unknown).toEqual([]);
  });

  it('a provision with a sub-provision no check covers is undecided, naming it (5.9 read "evidence for" on a log recording power cuts, 5.9-3 covered by nothing)', () => {
    // The table as it was mapped before: records-kind-power-cut on provision 5.9 itself.
    const evidence = structuredClone(evidenceDoc) as { rows: { subject: { id: string }; clauses: string[] }[] };
    evidence.rows.find((r) => r.subject.id === 'failure-reporting.records-kind-power-cut')!.clauses.push('en303645-5.9');
    const table = checkTable(clausesDoc, evidence);
    const profile = loadRequirements().design!;
    const run = fabricatedBuiltinRun();
    const log = run.results.find((x) => x.property === 'failure-reporting')!;
    Object.assign(log, { verdict: 'holds', requirements: [refer(profile, 'failure-reporting.records-kind-power-cut', 'met'), refer(profile, 'failure-reporting.persistent-log', 'met')] });
    const update = run.results.find((x) => x.property === 'renewable-security')!;
    Object.assign(update, { verdict: 'holds', summary: 'x', requirements: [refer(profile, 'renewable-security.power-loss-safe', 'met')] });
    const report = buildAuditReport(run);
    const clauses = buildComplianceEvidence(run, report.rows, report.findings, table).clauses;
    const provision = clauses.find((c) => c.clause === 'en303645-5.9')!;
    expect(provision.for.map((i) => i.ref)).toContain('failure-reporting.records-kind-power-cut');
    expect(provision.status).toBe('undecided');
    expect(provision.unknown.map((i) => i.text)).toEqual(['EN 303 645 5.9-1 covered by no Sevenfold check', 'EN 303 645 5.9-3 covered by no Sevenfold check']);
  });

  it('a requirement met inside a property that is unknown is no evidence for its clauses: the verdict does not hold (EN 303 645 5.3-6 read "evidence for" on max-deferral while renewable-security was unknown)', () => {
    const profile = loadRequirements().design!;
    const run = (verdict: 'unknown' | 'holds' | 'violated') => {
      const r = fabricatedBuiltinRun();
      const update = r.results.find((x) => x.property === 'renewable-security')!;
      Object.assign(update, { verdict, summary: verdict === 'unknown' ? 'the check said holds, but a part crashed: a Sevenfold defect, so nothing is claimed' : 'x' });
      update.requirements = [refer(profile, 'renewable-security.max-deferral', 'met'), refer(profile, 'renewable-security.update-attacks-defeated', verdict === 'violated' ? 'failed' : 'met')];
      return buildAuditReport(r).compliance.clauses.find((c) => c.clause === 'en303645-5.3-6')!;
    };
    expect(clausesOf('requirement', 'renewable-security.max-deferral')).toContain('en303645-5.3-6');
    expect(clausesOf('property', 'renewable-security')).not.toContain('en303645-5.3-6');
    const unknown = run('unknown');
    expect(unknown.status).toBe('undecided');
    expect(unknown.for).toEqual([]);
    expect(unknown.unknown.map((i) => i.text)).toEqual(['renewable-security.max-deferral met, but renewable-security is unknown, so its parts are not counted for it']);
    // Sound twins: decided verdicts count the requirement's own check, holding or beside another requirement's failure.
    expect(run('holds').status).toBe('evidence for');
    expect(run('violated').status).toBe('evidence for');
  });

  it('lists what no check bears on as not covered, whole provisions folded', () => {
    const notCovered = buildAuditReport(fabricatedBuiltinRun()).compliance.notCovered.map((c) => c.clause);
    expect(notCovered).toEqual(expect.arrayContaining(['en303645-5.1', 'en303645-5.2', 'en303645-5.11', 'cra-i-2g', 'cra-i-2m', 'en303645-5.3-16']));
    expect(notCovered).not.toContain('en303645-5.1-1'); // folded into 5.1
    expect(notCovered).not.toContain('en303645-5.7');
    expect(notCovered).not.toContain('en303645-5.3-1');
  });

  it("counts a fuzz crash against its campaign's property's clauses, and a mapped product diagnostic as evidence against", () => {
    const run = fabricatedBuiltinRun();
    run.fuzz = {
      source: 'fuzz/out',
      campaigns: [
        { file: 'fuzz/out/update.json', target: 'update-design', property: 'renewable-security', executions: 10, crashes: [{ id: 'abc123', message: 'a NoUpdates group received an update' }] },
        // A crash in one of Sevenfold's own readers says nothing about the product: no clause.
        { file: 'fuzz/out/manifest.json', target: 'app-manifest', executions: 10, crashes: [{ id: 'def456', message: 'RangeError: offset out of range' }] },
      ],
    };
    run.diagnostics = [{ severity: 'warning', code: 'SF3013', name: 'ProductImageUntrustedSigner', file: flawedFile, pointer: '/apps/0/image', position: { line: 1, column: 1 }, message: 'signed by an unknown certificate' }];
    const report = buildAuditReport(run);
    const update = report.compliance.clauses.find((c) => c.clause === 'en303645-5.3-1')!;
    expect(update.status).toBe('evidence against');
    expect(update.against.map((i) => i.ref)).toEqual(['fuzz-update-design-1']);
    expect(report.compliance.clauses.flatMap((c) => c.against).map((i) => i.ref)).not.toContain('fuzz-app-manifest-1');
    expect(report.findings.find((f) => f.id === 'fuzz-app-manifest-1')!.clauses).toEqual([]);
    const boot = report.compliance.clauses.find((c) => c.clause === 'en303645-5.7-1')!;
    expect(boot.against.map((i) => i.kind)).toEqual(['diagnostic']);
  });

  it('is in every format, headed by the statement that it is evidence and not a compliance claim', () => {
    const report = buildAuditReport(flawedWithRequirements());
    const md = renderMarkdown(report);
    const section = md.slice(md.indexOf('## Compliance evidence'), md.indexOf('## Properties'));
    expect(section).toContain(COMPLIANCE_DISCLAIMER);
    expect(section).toMatch(/\| EN 303 645 5\.6-8: [^|]* \| evidence against \| [^|]* \| `compartmentalization-1` compartmentalization violated: /);
    expect(section).toContain('| NIST IR 8259A: Device identification | undecided |');
    expect(section).toContain('Not covered by any Sevenfold check: EN 303 645 5.1 (No universal default passwords)');
    expect(section).not.toMatch(/\b(complies|compliant|conforms)\b/i);
    const html = renderHtml(report, { inlineMermaid: false });
    expect(html).toContain('<section id="compliance">');
    expect(html).toMatch(/<tr data-clause="en303645-5\.6-8" data-status="evidence against">/);
    const json = reportToJson(report);
    expect(auditReportValidator()(json)).toBe(true);
    expect((json['compliance'] as { disclaimer: string }).disclaimer).toBe(COMPLIANCE_DISCLAIMER);
  });

  it('gives a diagnostic in JSON (lint, verify, report) the clauses of its code, when it has any', () => {
    const at = { file: flawedFile, pointer: '/Capabilities/AllowedConnections/0', position: { line: 1, column: 1 }, message: 'm' };
    expect(diagnosticToJson({ ...at, severity: 'error', code: 'SF6004', name: 'WildcardConnection' })['clauses']).toEqual(clausesOf('lint', 'SF6004'));
    expect(diagnosticToJson({ ...at, severity: 'warning', code: 'SF1002', name: 'NameTruncated' })).not.toHaveProperty('clauses');
  });

  // s38-mutants: mutation testing (npm run mutate reports/audit/compliance-evidence.ts) left 113 of 359 mutants alive
  // or uncovered (68.5 %). These are the ones under which a clause reads "evidence for" that it must not, or a failure
  // is no longer evidence against; each on a small table of its own (the table is a parameter), so the rows say why.
  describe('the provision rule and the requirement rows, on tables written for the case', () => {
    const row = (kind: 'property' | 'requirement' | 'lint', id: string, clauses: string[]) => ({ subject: { kind, id }, clauses, bears: 'test row', source: 'test' });
    const tableOf = (...rows: ReturnType<typeof row>[]) => checkTable(clausesDoc, { ...evidenceDoc, rows });
    const evidenceOf = (run: ReturnType<typeof fabricatedBuiltinRun>, table: ReturnType<typeof tableOf>) => {
      const report = buildAuditReport(run);
      const clauses = buildComplianceEvidence(run, report.rows, report.findings, table).clauses;
      return (id: string) => clauses.find((c) => c.clause === id)!;
    };

    it('a provision whose property holds reads undecided while a sub-provision has no evidence in this run (the branch no test reached: with it gone, 5.9 read evidence for)', () => {
      // small-tcb holds in the fabricated run and bears on 5.9, 5.9-1, 5.9-2; 5.9-3 rests on a property this run did not decide.
      const clause = evidenceOf(fabricatedBuiltinRun(), tableOf(row('property', 'small-tcb', ['en303645-5.9', 'en303645-5.9-1', 'en303645-5.9-2']), row('property', 'not-in-this-run', ['en303645-5.9-3'])));
      expect(clause('en303645-5.9-1').status).toBe('evidence for');
      expect(clause('en303645-5.9-3').status).toBe('no evidence in this run');
      expect(clause('en303645-5.9').status).toBe('undecided');
      expect(clause('en303645-5.9').unknown).toEqual([{ ref: 'en303645-5.9-3', kind: 'clause', text: 'EN 303 645 5.9-3 no evidence in this run' }]);
    });

    it('a provision nothing in this run bears on reads no evidence in this run, not undecided, whatever its sub-provisions', () => {
      const clause = evidenceOf(fabricatedBuiltinRun(), tableOf(row('property', 'not-in-this-run', ['en303645-5.9', 'en303645-5.9-1', 'en303645-5.9-2', 'en303645-5.9-3'])));
      expect(clause('en303645-5.9')).toMatchObject({ status: 'no evidence in this run', for: [], against: [], unknown: [] });
    });

    it('a requirement not decided leaves its clauses undecided, even where a holding property gives evidence for them', () => {
      const profile = loadRequirements().design!;
      const run = fabricatedBuiltinRun();
      Object.assign(run.results.find((x) => x.property === 'compartmentalization')!, { verdict: 'unknown', summary: 'the allocation is undecided', evidence: [], requirements: [refer(profile, 'compartmentalization.hardware-barriers', 'unknown')] });
      const clause = evidenceOf(run, tableOf(row('property', 'small-tcb', ['en303645-5.9-1']), row('requirement', 'compartmentalization.hardware-barriers', ['en303645-5.9-1'])));
      expect(clause('en303645-5.9-1').status).toBe('undecided');
      expect(clause('en303645-5.9-1').unknown).toEqual([{ ref: 'compartmentalization.hardware-barriers', kind: 'requirement', text: 'compartmentalization.hardware-barriers not decided' }]);
      expect(clause('en303645-5.9-1').for).toEqual([{ ref: 'small-tcb', kind: 'property', text: 'small-tcb holds' }]);
    });

    it('a requirement failed under a profile that relaxes it is still evidence against its clauses', () => {
      const profile = loadRequirements().design!;
      const run = fabricatedBuiltinRun();
      const failed = { ...refer(profile, 'small-tcb.max-share', 'failed'), value: 0.6, relaxed: { value: 0.5, source: 'built-in' } };
      Object.assign(run.results.find((x) => x.property === 'small-tcb')!, { verdict: 'violated', summary: 'TCB is 7 of 10 components (70%)', evidence: [], requirements: [failed] });
      const clause = evidenceOf(run, tableOf(row('requirement', 'small-tcb.max-share', ['en303645-5.9-1'])));
      expect(clause('en303645-5.9-1').status).toBe('evidence against');
      expect(clause('en303645-5.9-1').against).toEqual([{ ref: 'small-tcb.max-share', kind: 'requirement', text: 'small-tcb.max-share failed (small-tcb-1)' }]);
      expect(clause('en303645-5.9-1').unknown).toEqual([]);
    });

    it('a finding from a requirement\'s own check counts against that requirement\'s clauses only, and names its property', () => {
      const run = fabricatedBuiltinRun();
      const report = buildAuditReport(run);
      const finding = { id: 'small-tcb-1', property: 'small-tcb', kind: 'violation' as const, level: 'error' as const, title: 't', message: 'the key store is writable by the kernel', details: [], reproduce: 'r', locations: [], requirement: 'small-tcb.keys-in-vault' };
      const other = { ...finding, id: 'compartmentalization-1', property: 'compartmentalization', requirement: undefined, message: 'another property\'s finding' };
      Object.assign(run.results.find((x) => x.property === 'small-tcb')!, { verdict: 'violated', summary: 's' });
      const rows = buildAuditReport(run).rows;
      const table = tableOf(row('property', 'small-tcb', ['en303645-5.9-1', 'en303645-5.9-2']), row('requirement', 'small-tcb.keys-in-vault', ['en303645-5.9-2']));
      const clauses = buildComplianceEvidence(run, rows, [finding, other], table).clauses;
      const at = (id: string) => clauses.find((c) => c.clause === id)!;
      expect(at('en303645-5.9-2').against).toEqual([{ ref: 'small-tcb-1', kind: 'finding', text: 'small-tcb violated: the key store is writable by the kernel' }]);
      expect(at('en303645-5.9-1').against).toEqual([]);
      expect(report.compliance.disclaimer).toBe(COMPLIANCE_DISCLAIMER);
    });

    it('the disclaimer says, in words, that the table is evidence and no compliance claim', () => {
      expect(COMPLIANCE_DISCLAIMER).toMatch(/^Evidence, not a compliance claim: /);
      expect(COMPLIANCE_DISCLAIMER).toMatch(/Whether a product meets a clause is for an assessment against the published texts/);
    });
  });
});

/**
 * SARIF as code scanning uses it, from both writers (lint and report): valid SARIF 2.1.0 (the vendored
 * schema, ajv); a stable rule id per check with help text; security-severity as a string number from 0
 * to 10 on security rules; regions that span the value a JSON pointer names in the user's own file;
 * partialFingerprints that survive lines moving; the compliance clauses each rule bears on as tags and
 * properties, all of them clauses of the catalogue.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODES } from '../../formats/diagnostics/codes.js';
import { clausesOf, complianceTable } from '../../model/compliance/compliance.js';
import { lint } from '../../model/lint/lint.js';
import { combineVerdicts } from '../../properties/verdict.js';
import { buildAuditReport } from '../../reports/audit/report-model.js';
import { renderSarif } from '../../reports/audit/sarif.js';
import { lintSarif } from '../../reports/diagnostics/diagnostics-sarif.js';
import { VALID_MANIFEST, makeTempDir, positionOf, pretty, removeTempDir, writeInput } from '../robustness/helpers.js';
import { fabricatedBuiltinRun, fabricatedFlawedRun } from './fabricated-run.js';
import { runCliInProcess } from '../cli-in-process.js';
import { sarifValidator } from './validators.js';

interface Rule {
  id: string;
  help?: { text: string; markdown?: string };
  properties: { tags: string[]; 'security-severity'?: string; compliance?: { id: string; clause: string }[] };
}
interface Result {
  ruleId: string;
  ruleIndex: number;
  locations: { physicalLocation: { region: { startLine: number; startColumn: number; endLine?: number; endColumn?: number } } }[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
}

const FLAWED = {
  ...VALID_MANIFEST,
  Capabilities: {
    AllowedConnections: ['192.168.35.1', '*'],
    AllowedTcpServerPorts: [4444],
    DeviceAuthentication: '00000000-0000-0000-0000-000000000000',
  },
};

let root: string;
beforeAll(() => {
  root = makeTempDir();
});
afterAll(() => removeTempDir(root));

function lintRun(name: string, text: string): { run: { rules: Rule[]; results: Result[] }; sarif: unknown } {
  const dir = join(root, name);
  mkdirSync(dir);
  writeInput(dir, 'app_manifest.json', text);
  const sarif = JSON.parse(JSON.stringify(lintSarif(lint([dir]), { cwd: dir, command: 'sevenfold lint .' }, 1)));
  return { run: { rules: sarif.runs[0].tool.driver.rules, results: sarif.runs[0].results }, sarif };
}

const clauseIds = new Set(complianceTable().clauses.map((c) => c.id));

describe('lint SARIF for code scanning', () => {
  const text = pretty(FLAWED);

  it('validates, with help text on every rule and security-severity as a string number on security rules', () => {
    const { run, sarif } = lintRun('flawed', text);
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
    for (const rule of run.rules) {
      expect(rule.help?.text, rule.id).toBeTruthy();
      if (!rule.properties.tags.includes('security')) continue;
      const severity = rule.properties['security-severity'];
      expect(typeof severity, rule.id).toBe('string');
      expect(Number(severity)).toBeGreaterThanOrEqual(0);
      expect(Number(severity)).toBeLessThanOrEqual(10);
    }
    expect(run.rules.filter((r) => r.properties.tags.includes('security')).map((r) => r.id)).toEqual(expect.arrayContaining(['SF6001', 'SF6002', 'SF6004', 'SF6005']));
  });

  it('carries the clauses of each security rule as tags and properties, and names them in the help', () => {
    const { run } = lintRun('clauses', text);
    const wildcard = run.rules.find((r) => r.id === CODES.WildcardConnection.code)!;
    const expected = clausesOf('lint', 'SF6004');
    expect(expected.length).toBeGreaterThan(0);
    expect(wildcard.properties.tags).toEqual(expect.arrayContaining(expected));
    expect(wildcard.properties.compliance!.map((c) => c.id)).toEqual(expected);
    expect(wildcard.help!.text).toContain('EN 303 645 5.6-7');
    expect(wildcard.help!.text).toContain('does not claim compliance');
    for (const rule of run.rules) for (const tag of rule.properties.tags.filter((t) => /^(en303645|cra|nistir8259a)-/.test(t))) expect(clauseIds.has(tag), tag).toBe(true);
  });

  it('puts each result on the region of the value its pointer names', () => {
    const { run } = lintRun('regions', text);
    const tenant = run.results.find((r) => r.ruleId === 'SF6001')!;
    const start = positionOf(text, '"DeviceAuthentication"');
    const valueEnd = positionOf(text, '"00000000-0000-0000-0000-000000000000"');
    // An object member spans from its key to the end of its value.
    expect(tenant.locations[0]!.physicalLocation.region).toEqual({ startLine: start.line, startColumn: start.column, endLine: valueEnd.line, endColumn: valueEnd.column + 38 });
    const port = run.results.find((r) => r.ruleId === 'SF6005')!;
    const portAt = positionOf(text, '4444');
    expect(port.locations[0]!.physicalLocation.region).toEqual({ startLine: portAt.line, startColumn: portAt.column, endLine: portAt.line, endColumn: portAt.column + 4 });
  });

  it('keeps rule ids and fingerprints when the findings move to other lines', () => {
    const before = lintRun('before', text).run;
    const after = lintRun('after', text.replace('{\n', '{\n\n\n\n')).run;
    const key = (r: Result) => `${r.ruleId} ${Object.values(r.partialFingerprints).join()}`;
    expect(after.results.map(key).sort()).toEqual(before.results.map(key).sort());
    expect(after.results[0]!.locations[0]!.physicalLocation.region.startLine).toBe(before.results[0]!.locations[0]!.physicalLocation.region.startLine + 3);
  });
});

/** The flawed run plus a failed requirement check whose evidence names its requirement, as the real checks word it. */
function runWithRequirementCheck() {
  const run = fabricatedFlawedRun();
  const result = run.results.find((r) => r.property === 'compartmentalization')!;
  result.evidence!.push({
    title: 'firewall-config: failed (2 attacks on the emulator)',
    lines: [
      'Dimmer rewrote the I/O firewall configuration and moved block GPIO-3 to its core',
      'the design allows it: test/fixtures/products/cross-core-block/apps/dimmer-rt/app_manifest.json:9:7 /Capabilities/Gpio/0: Dimmer may write it',
    ],
    data: { requirement: 'compartmentalization.firewall-config-trusted-only', outcome: 'failed', trace: ['Dimmer: firewall-write block GPIO-3 → M4-0 → ok'] },
  });
  result.requirements = [
    { id: 'compartmentalization.hardware-barriers', statement: 'Every peripheral block belongs to exactly one core.', source: 'Seven Properties', outcome: 'failed' },
    { id: 'compartmentalization.firewall-config-trusted-only', statement: 'No app can write the I/O firewall configuration. Only trusted components assign blocks.', source: 'azure-sphere-facts §2', outcome: 'failed' },
  ];
  return run;
}

describe('report SARIF for code scanning', () => {
  it('gives a finding of a requirement check that requirement as its rule, with the statement and source as help', () => {
    const report = buildAuditReport(runWithRequirementCheck());
    const finding = report.findings.find((f) => f.requirement === 'compartmentalization.firewall-config-trusted-only')!;
    expect(finding.clauses).toEqual(clausesOf('requirement', 'compartmentalization.firewall-config-trusted-only'));
    const sarif = JSON.parse(JSON.stringify(renderSarif(report)));
    expect(sarifValidator()(sarif)).toBe(true);
    const run = sarif.runs[0];
    const result = (run.results as Result[]).find((r) => r.properties['finding'] === finding.id)!;
    expect(result.ruleId).toBe('compartmentalization.firewall-config-trusted-only');
    // Located where its evidence cites the design, not at the product file: the region of the cited value.
    expect(finding.locations.map((l) => [l.file, l.line, l.column, l.pointer])).toEqual([['test/fixtures/products/cross-core-block/apps/dimmer-rt/app_manifest.json', 9, 7, '/Capabilities/Gpio/0']]);
    expect(result.locations[0]!.physicalLocation.region).toEqual({ startLine: 9, startColumn: 7, endLine: 9, endColumn: 9 });
    const rule = run.tool.driver.rules[result.ruleIndex] as Rule & { shortDescription: { text: string } };
    expect(rule.id).toBe(result.ruleId);
    expect(rule.shortDescription.text).toBe('No app can write the I/O firewall configuration.');
    expect(rule.help!.text).toContain('Source: azure-sphere-facts §2');
    expect(rule.properties.tags).toEqual(expect.arrayContaining(clausesOf('requirement', 'compartmentalization.firewall-config-trusted-only')));
    // The allocation conflict names no requirement: it stays under the property's rule.
    expect((run.results as Result[]).find((r) => r.properties['category'] === 'cross-core-block')!.ruleId).toBe('compartmentalization');
    // In the clause table, a failed requirement lists the findings of its own check and those that name none.
    const barrier = report.compliance.clauses.find((c) => c.clause === 'en303645-5.6-8')!;
    const failedItem = barrier.against.find((i) => i.ref === 'compartmentalization.hardware-barriers')!;
    expect(failedItem.text).not.toContain(finding.id);
    // and the finding of the firewall-configuration check counts against its requirement's clauses only, not availability (CRA (2)(h)).
    expect(report.compliance.clauses.find((c) => c.clause === 'nistir8259a-device-configuration')!.against.map((i) => i.ref)).toContain(finding.id);
    expect(report.compliance.clauses.find((c) => c.clause === 'cra-i-2h')!.against.map((i) => i.ref)).not.toContain(finding.id);
  });


  it("carries each property's clauses on its rule and each finding's on its result", () => {
    const report = buildAuditReport(fabricatedFlawedRun());
    const sarif = JSON.parse(JSON.stringify(renderSarif(report)));
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const run = sarif.runs[0];
    for (const rule of run.tool.driver.rules as Rule[]) {
      const clauses = clausesOf('property', rule.id);
      expect(clauses.length, rule.id).toBeGreaterThan(0);
      expect(rule.properties.tags).toEqual(expect.arrayContaining(clauses));
      expect(rule.properties['security-severity']).toMatch(/^\d+(\.\d+)?$/);
      expect(rule.help!.markdown).toContain('not a compliance claim');
    }
    const failure = (run.results as Result[]).find((r) => r.ruleId === 'compartmentalization')!;
    expect(failure.properties['compliance']).toEqual(report.findings[0]!.clauses);
    expect(failure.properties['compliance']).toEqual(expect.arrayContaining(clausesOf('property', 'compartmentalization')));
  });

  // Code scanning lists results of level error, warning and note; a result of level "none" (which SARIF requires of any
  // kind other than "fail") is not shown, so an undecided property written that way made a run that decided nothing
  // look clean on the dashboard. Unknown is never a pass: a warning that says so, and an incomplete invocation.
  it('writes an undecided property as a warning result, never level none, and marks the invocation incomplete with its exit code', () => {
    const report = buildAuditReport(fabricatedBuiltinRun());
    const sarif = JSON.parse(JSON.stringify(renderSarif(report)));
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const [run] = sarif.runs;
    const undecided = report.rows.filter((r) => r.result.verdict === 'unknown');
    expect(undecided.length).toBeGreaterThan(0);
    const unknownResults = run.results.filter((r: Result) => r.properties['verdict'] === 'unknown');
    expect(unknownResults.map((r: Result) => r.ruleId)).toEqual(undecided.map((r) => r.property.id));
    for (const [i, r] of unknownResults.entries()) {
      expect(r.kind).toBe('fail');
      expect(r.level).toBe('warning');
      expect(r.message.text).toContain('not decided');
      expect(r.message.text).toContain(undecided[i]!.result.summary);
      expect(r.properties['reason']).toBe(undecided[i]!.result.summary);
    }
    expect(run.results.filter((r: Result & { kind?: string; level?: string }) => r.level === 'none' || r.kind !== 'fail')).toEqual([]);
    // A holding property has no result (code scanning closes its alert); only undecided and violated ones do.
    expect(run.results.some((r: Result) => r.ruleId === 'small-tcb')).toBe(false);
    const [invocation] = run.invocations;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.exitCode).toBe(3);
    expect(invocation.exitCodeDescription).toContain('unknown');
    const errors = invocation.toolExecutionNotifications.filter((n: { level: string }) => n.level === 'error');
    expect(errors.map((n: { associatedRule: { id: string; index: number } }) => [n.associatedRule.id, run.tool.driver.rules[n.associatedRule.index].id])).toEqual(
      undecided.map((r) => [r.property.id, r.property.id]),
    );
  });

  it('states the exit code in every report log: 1 for a violation with undecided properties, 0 and a successful run when all hold, 1 with a fuzz crash', () => {
    const flawed = JSON.parse(JSON.stringify(renderSarif(buildAuditReport(fabricatedFlawedRun())))).runs[0].invocations[0];
    expect([flawed.exitCode, flawed.executionSuccessful]).toEqual([1, false]);
    const builtin = fabricatedBuiltinRun();
    const results = builtin.results.map((r) => ({ ...r, verdict: 'holds' as const, bound: r.bound ?? 'fabricated' }));
    const holding = { ...builtin, results, verdict: combineVerdicts(results) };
    const clean = JSON.parse(JSON.stringify(renderSarif(buildAuditReport(holding))));
    expect(sarifValidator()(clean)).toBe(true);
    expect(clean.runs[0].results).toEqual([]);
    expect(clean.runs[0].invocations[0]).toMatchObject({ executionSuccessful: true, exitCode: 0 });
    expect(clean.runs[0].invocations[0].toolExecutionNotifications.filter((n: { level: string }) => n.level === 'error')).toEqual([]);
    const crash = { target: 'app-manifest', file: 'fuzz-out/results.json', crashes: [{ id: 'c1', message: 'RangeError', input: 'crash-c1', reproduce: 'npx sevenfold lint crash-c1' }] };
    const crashed = buildAuditReport({ ...holding, fuzz: { campaigns: [crash] } } as unknown as typeof holding);
    expect(crashed.exitCode).toBe(1);
    expect(JSON.parse(JSON.stringify(renderSarif(crashed))).runs[0].invocations[0].exitCode).toBe(1);
  });

  it('states the exit code lint returned in its log, with and without findings that fail the run', async () => {
    const codes: number[] = [];
    for (const [name, manifest] of [['exit-flawed', FLAWED], ['exit-clean', { ...VALID_MANIFEST, Capabilities: { Gpio: [8] } }]] as const) {
      const dir = join(root, name);
      mkdirSync(dir);
      writeInput(dir, 'app_manifest.json', pretty(manifest));
      const { code, stdout } = await runCliInProcess(['lint', dir, '--format', 'sarif'], dir);
      const sarif = JSON.parse(stdout);
      expect(sarifValidator()(sarif)).toBe(true);
      expect(sarif.runs[0].invocations[0]).toMatchObject({ executionSuccessful: true, exitCode: code });
      codes.push(code);
    }
    expect(codes).toEqual([1, 0]);
  });
});

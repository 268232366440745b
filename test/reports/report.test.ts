/**
 * The report renderers on verification runs made by hand (fabricated-run.ts): what each format
 * contains, that the JSON matches its documented schema and the SARIF the official 2.1.0 schema.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mermaidText } from '../../reports/audit/diagrams.js';
import { readFuzzCampaigns } from '../../reports/audit/fuzz.js';
import { renderHtml } from '../../reports/audit/html.js';
import { reportToJson } from '../../reports/audit/json-report.js';
import { renderMarkdown } from '../../reports/audit/markdown.js';
import { inlineScript, loadMermaidBundle } from '../../reports/audit/mermaid-bundle.js';
import { buildAuditReport } from '../../reports/audit/report-model.js';
import { renderSarif } from '../../reports/audit/sarif.js';
import { findChromium, findMermaidCli, renderSvgs } from '../../reports/audit/svg.js';
import { writeReport } from '../../reports/audit/write-report.js';
import { fabricatedBuiltinRun, fabricatedFlawedRun, root } from './fabricated-run.js';
import { auditReportValidator, sarifValidator } from './validators.js';

describe('audit report model', () => {
  it('has one summary row per property, with the question and the bound or run count', () => {
    const report = buildAuditReport(fabricatedBuiltinRun());
    expect(report.rows.map((r) => r.property.id)).toHaveLength(7);
    const comp = report.rows.find((r) => r.property.id === 'compartmentalization')!;
    expect(comp.result.verdict).toBe('holds');
    expect(comp.basis).toContain('seed 7');
    expect(report.rows.find((r) => r.property.id === 'failure-reporting')!.basis).toBe('none: not decided');
    expect(report.exitCode).toBe(3);
    expect(report.findings).toEqual([]);
  });

  it('locates each violation at the manifests and lines of its claims, with the command that reproduces it', () => {
    const report = buildAuditReport(fabricatedFlawedRun());
    expect(report.exitCode).toBe(1);
    const conflict = report.findings.find((f) => f.category === 'cross-core-block')!;
    expect(conflict.level).toBe('error');
    expect(conflict.deviceError).toBe('5242895 GpioBlockConflict');
    expect(conflict.reproduce).toMatch(/^sevenfold verify --property compartmentalization --product .* --seed 42$/);
    expect(conflict.locations.map((l) => [l.file, l.pointer, l.line])).toEqual([
      ['test/fixtures/products/cross-core-block/apps/blinky-hl/app_manifest.json', '/Capabilities/Gpio/0', 9],
      // looked up in the file: the claim had no position
      ['test/fixtures/products/cross-core-block/apps/dimmer-rt/app_manifest.json', '/Capabilities/Gpio/0', 9],
    ]);
    const suite = report.findings.find((f) => f.category === 'crash-isolation')!;
    expect(suite.transcript).toHaveLength(4);
    expect(suite.replay).toContain("path: '0:1'");
    const warning = report.findings.find((f) => f.kind === 'warning')!;
    expect(warning.locations[0]!.file).toBe('test/fixtures/products/cross-core-block/apps/dimmer-rt/app_manifest.json');
    expect(warning.locations[0]!.line).toBe(12);
  });

  it('draws the boot chain, the firewall map, attestation and one sequence diagram per counterexample', () => {
    const report = buildAuditReport(fabricatedFlawedRun());
    expect(report.diagrams.map((d) => d.kind)).toEqual(['boot-chain', 'firewall', 'attestation', 'counterexample', 'counterexample']);
    const firewall = report.diagrams.find((d) => d.kind === 'firewall')!.source;
    expect(firewall).toContain('CONFLICT: cross-core-block');
    expect(report.inventory.firewall.decided).toBe(false);
    expect(report.inventory.firewall.conflicts[0]!.block).toBe('GPIO-3');
    const transcript = report.diagrams.find((d) => d.finding === 'compartmentalization-2')!.source;
    expect(transcript).toMatch(/^---\nconfig:/);
    expect(transcript).toContain('sequenceDiagram');
    expect(transcript).toContain('peripheral-read Gpio 12');
    expect(transcript).not.toContain('<b>');
    const builtin = buildAuditReport(fabricatedBuiltinRun());
    expect(builtin.inventory.firewall.decided).toBe(true);
    expect(builtin.diagrams.find((d) => d.kind === 'attestation')!.source).toContain('DeviceAuth_GetCertificatePath');
    expect(builtin.diagrams.find((d) => d.kind === 'boot-chain')!.source).toContain('Pluton ROM');
  });

  it('escapes what mermaid treats as syntax in labels', () => {
    expect(mermaidText('a "b"; <c> #d {e} %%')).toBe('a #quot;b#quot;#59; #lt;c#gt; #35;d #123;e#125; #37;#37;');
    expect(mermaidText('x'.repeat(300), 10)).toHaveLength(10);
  });
});

describe('report formats', () => {
  it('Markdown keeps the mermaid source and has the summary table and the inventory', () => {
    const md = renderMarkdown(buildAuditReport(fabricatedFlawedRun()));
    expect(md).toMatch(/^# Sevenfold audit report: cross-core-block/);
    expect(md).toContain('**Verdict: VIOLATED**');
    expect(md).toContain('| property | verdict | question it answers | bound or run count |');
    expect(md.match(/```mermaid/g)).toHaveLength(5);
    for (const heading of ['## Findings', '### Apps and capabilities', '### I/O firewall map per core', '### Boot chain', '### Keys and who can touch them', '### Attestation']) expect(md).toContain(heading);
    expect(md).toContain('sevenfold verify --property compartmentalization --product test/fixtures/products/cross-core-block/sevenfold.json --runs 50 --seed 42');
    // The flaw comes before the summary table.
    expect(md.indexOf('apps/blinky-hl/app_manifest.json:9:7')).toBeLessThan(md.indexOf('## Summary'));
  });

  it('HTML is one page with the verdict, the findings and the summary table before everything else', () => {
    const html = renderHtml(buildAuditReport(fabricatedFlawedRun()), { inlineMermaid: false });
    expect(html.indexOf('id="verdict"')).toBeLessThan(html.indexOf('id="first-findings"'));
    expect(html.indexOf('id="first-findings"')).toBeLessThan(html.indexOf('id="summary"'));
    expect(html.match(/<figure class="diagram"/g)).toHaveLength(5);
    expect(html).not.toContain('<b>not html</b>');
    expect(html).not.toMatch(/src="https?:|href="https?:/);
  });

  it('HTML inlines mermaid from node_modules so the page needs no network', () => {
    const bundle = loadMermaidBundle();
    expect(bundle.path).toContain(join('node_modules', 'mermaid', 'dist', 'mermaid.min.js'));
    expect(bundle.code).toContain('globalThis["mermaid"]');
    const html = renderHtml(buildAuditReport(fabricatedBuiltinRun()));
    expect(html.length).toBeGreaterThan(bundle.code.length);
    expect(inlineScript('let a = "</script>";')).toMatch(/^<script src="data:text\/javascript;base64,/);
    expect(inlineScript('let a = 1;')).toBe('<script>let a = 1;</script>');
  });

  it('JSON matches its documented, versioned schema', () => {
    const validate = auditReportValidator();
    for (const run of [fabricatedBuiltinRun(), fabricatedFlawedRun()]) {
      const json = JSON.parse(JSON.stringify(reportToJson(buildAuditReport(run))));
      expect(validate(json), JSON.stringify(validate.errors, null, 2)).toBe(true);
      expect(json.schemaVersion).toBe(1);
      // Absolute paths only where the report means them (the folder, the product, the inputs, the commands that must work
      // from any folder); every other path stays relative to the folder the report was made in.
      expect(json.environment.cwd).toBe(root);
      expect(json.product.absoluteFile).toBe(run.product.file);
      expect(json.inputs).toEqual([]);
      const meant = new Set(['environment', 'absoluteFile', 'absolutePath', 'inputs', 'reproduce', 'command']);
      expect(JSON.stringify(json, (key, value) => (meant.has(key) ? undefined : value))).not.toContain(root + '/');
    }
  });

  it('SARIF validates against the SARIF 2.1.0 schema, one rule per property, findings at file and line', () => {
    const validate = sarifValidator();
    const sarif = JSON.parse(JSON.stringify(renderSarif(buildAuditReport(fabricatedFlawedRun()))));
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['hardware-root-of-trust', 'small-tcb', 'defense-in-depth', 'compartmentalization', 'certificate-authentication', 'renewable-security', 'failure-reporting']);
    const failures = run.results.filter((r: { kind: string }) => r.kind === 'fail');
    expect(failures[0].ruleId).toBe('compartmentalization');
    expect(failures[0].level).toBe('error');
    expect(failures[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'test/fixtures/products/cross-core-block/apps/blinky-hl/app_manifest.json', uriBaseId: 'SRCROOT' },
      region: { startLine: 9, startColumn: 7, endLine: 9, endColumn: 30 },
    });
    expect(failures[0].relatedLocations[0].physicalLocation.artifactLocation.uri).toBe('test/fixtures/products/cross-core-block/apps/dimmer-rt/app_manifest.json');
    expect(failures[0].message.text).toContain('Reproduce: sevenfold verify --property compartmentalization');
    // The six undecided properties: warnings (code scanning shows them), never a level-"none" result it hides.
    const undecided = run.results.filter((r: { properties: { verdict?: string } }) => r.properties.verdict === 'unknown');
    expect(undecided.map((r: { kind: string; level: string }) => [r.kind, r.level])).toEqual(Array(6).fill(['fail', 'warning']));
    expect(run.invocations[0]).toMatchObject({ executionSuccessful: false, exitCode: 1 });
    // and the validator is not a rubber stamp
    expect(validate({ ...sarif, version: '2.0.0' })).toBe(false);
    expect(validate({ ...sarif, runs: [{ ...run, results: [{ ...failures[0], level: 'fatal' }] }] })).toBe(false);
  });
});

describe('fuzz campaign results', () => {
  it('reads the latest campaign per target and reports its crashes as findings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sevenfold-fuzz-'));
    try {
      mkdirSync(join(dir, 'manifest'));
      writeFileSync(join(dir, 'manifest', 'old.json'), JSON.stringify({ target: 'app-manifest', startedAt: '2026-11-01T00:00:00Z', executions: 10, crashes: [] }));
      writeFileSync(
        join(dir, 'manifest', 'new.json'),
        JSON.stringify({ target: 'app-manifest', engine: 'jsfuzz', startedAt: '2026-11-20T00:00:00Z', durationSeconds: 60, executions: 480000, corpus: ['a', 'b'], crashes: [{ hash: 'abc123', error: 'RangeError: too deep', file: 'crash-abc123', command: 'npx sevenfold lint crash-abc123' }] }),
      );
      writeFileSync(join(dir, 'unrelated.json'), '{"name": 1}');
      const fuzz = readFuzzCampaigns(dir, root);
      expect(fuzz.campaigns).toHaveLength(1);
      const c = fuzz.campaigns[0]!;
      expect([c.engine, c.executions, c.durationMs, c.execsPerSecond, c.corpusSize]).toEqual(['jsfuzz', 480000, 60000, 8000, 2]);
      expect(c.crashes[0]).toEqual({ id: 'abc123', message: 'RangeError: too deep', input: 'crash-abc123', reproduce: 'npx sevenfold lint crash-abc123' });
      const run = { ...fabricatedBuiltinRun(), fuzz };
      const report = buildAuditReport(run);
      expect(report.findings.find((f) => f.kind === 'crash')?.reproduce).toBe('npx sevenfold lint crash-abc123');
      expect(renderMarkdown(report)).toContain('## Fuzz campaigns');
      const sarif = renderSarif(report) as { runs: { results: { ruleId: string }[] }[] };
      expect(sarif.runs[0]!.results.some((r) => r.ruleId === 'fuzz-crash')).toBe(true);
      expect(sarifValidator()(JSON.parse(JSON.stringify(sarif)))).toBe(true);
      expect(readFuzzCampaigns(join(dir, 'missing'), root).note).toContain('no fuzz campaign results');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a fuzz campaign that ran no input', () => {
  // `sevenfold fuzz` exits 3 for it (nothing is known); the report showed a plain row with 0 crashes.
  it('is marked "did not fuzz" in the table and named in the notes; one that ran is not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sevenfold-fuzz-none-'));
    try {
      mkdirSync(join(dir, 'product-file'));
      const campaign = (mode: string, executions: number) => ({ version: 1, target: 'product-file', mode, engine: `engine-${mode}`, startedAt: '2026-11-20T00:00:00Z', durationMs: 180000, executions, stoppedBy: executions ? 'time' : 'startup', crashes: [], property: 'compartmentalization', reproduce: `sevenfold fuzz product-file --mode ${mode}` });
      writeFileSync(join(dir, 'product-file', 'results-bytes.json'), JSON.stringify(campaign('bytes', 0)));
      writeFileSync(join(dir, 'product-file', 'results-structured.json'), JSON.stringify(campaign('structured', 5000)));
      const fuzz = readFuzzCampaigns(dir, root);
      expect(fuzz.campaigns.map((c) => [c.engine, c.didNotFuzz]).sort()).toEqual([
        ['engine-bytes', 'it ran no input (stopped by: startup)'],
        ['engine-structured', undefined],
      ]);
      const report = buildAuditReport({ ...fabricatedBuiltinRun(), fuzz });
      const md = renderMarkdown(report);
      expect(md).toMatch(/\| product-file \| engine-bytes \|.*\| did not fuzz: it ran no input \(stopped by: startup\) \|/);
      expect(md).toMatch(/\| product-file \| engine-structured \|.*\| 0 \|/);
      expect(report.notes.join('\n')).toMatch(/fuzz campaign product-file \(engine-bytes\) .* did not fuzz: .* no evidence about compartmentalization/);
      expect(auditReportValidator()(JSON.parse(JSON.stringify(reportToJson(report))))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('writing a report', () => {
  it('writes every format and the diagrams, and says what it skipped without a browser', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sevenfold-report-'));
    try {
      const env = { PATH: '' };
      expect(findMermaidCli({ cwd: out, env })).toBeUndefined();
      const written = await writeReport(fabricatedFlawedRun(), { outDir: out, formats: ['md', 'html', 'json', 'sarif'], svg: 'auto', env: { ...env, SEVENFOLD_CHROMIUM: '/nonexistent' } });
      for (const f of ['report.md', 'report.html', 'report.json', 'report.sarif', 'diagrams/firewall.mmd', 'diagrams/counterexample-compartmentalization-1.mmd']) expect(existsSync(join(out, f)), f).toBe(true);
      expect(written.skipped.join('\n')).toContain('SVG files were not written: mermaid-cli (mmdc) was not found');
      expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('SVG files were not written');
      expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('SVG files were not written');
      const only = await writeReport(fabricatedFlawedRun(), { outDir: join(out, 'sarif-only'), formats: ['sarif'], svg: 'auto' });
      expect(only.files.map((f) => f.slice(out.length + 1))).toEqual(['sarif-only/report.sarif']);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  const mmdc = findMermaidCli({ cwd: root, env: process.env });
  const chromium = findChromium({ env: process.env });
  it.skipIf(!mmdc || !chromium)('writes SVG files with mermaid-cli and Chromium when both are there (set SEVENFOLD_MMDC to try)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sevenfold-svg-'));
    try {
      const report = buildAuditReport(fabricatedFlawedRun());
      const outcome = await renderSvgs(report.diagrams, out, { cwd: root, env: process.env });
      expect(outcome.status, JSON.stringify(outcome)).toBe('written');
      for (const d of report.diagrams) expect(readFileSync(join(out, `${d.id}.svg`), 'utf8')).toMatch(/<svg[\s\S]*<\/svg>/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('keeps one campaign per target and mode (sevenfold fuzz --mode both writes two)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sevenfold-fuzz-modes-'));
    try {
      mkdirSync(join(dir, 'app-manifest'));
      for (const mode of ['structured', 'bytes']) {
        writeFileSync(join(dir, 'app-manifest', `results-${mode}.json`), JSON.stringify({ target: 'app-manifest', mode, engine: mode, startedAt: '2026-11-20T00:00:00Z', executions: 10, crashes: [] }));
      }
      expect(readFuzzCampaigns(dir, root).campaigns.map((c) => c.engine).sort()).toEqual(['bytes', 'structured']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

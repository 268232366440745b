/**
 * A report can be re-run from the report (issue 14 item 6): every verdict names its inputs with SHA-256 in
 * JSON, SARIF, Markdown and HTML; platform-only verdicts say so in one line; the report records the tool
 * version and commit and the working directory; commands name the product by its absolute path and work
 * from any folder.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';
import { builtinRequirementsFile } from '../../model/requirements/load-requirements.js';
import { productInputs } from '../../properties/inputs.js';
import { PROPERTIES } from '../../properties/registry.js';
import { propertyCommand } from '../../reports/audit/findings.js';
import { renderHtml } from '../../reports/audit/html.js';
import { reportInputs } from '../../reports/audit/inputs.js';
import { reportToJson } from '../../reports/audit/json-report.js';
import { renderMarkdown } from '../../reports/audit/markdown.js';
import { shellQuote, toolCommit, UNKNOWN_COMMIT } from '../../reports/audit/provenance.js';
import { buildAuditReport } from '../../reports/audit/report-model.js';
import { renderSarif } from '../../reports/audit/sarif.js';
import type { VerificationRun } from '../../reports/audit/types.js';
import { captureIo, tempDir } from '../helpers.js';
import { fabricatedFlawedRun, flawedFile, root } from './fabricated-run.js';
import { auditReportValidator, sarifValidator } from './validators.js';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * The flawed run, each verdict with the inputs runProperty gives it (the kinds the registry declares), except
 * certificate-authentication, made platform-only here (it reads only the protocol and platform designs and the
 * profile) so the platform-only line can be tested whatever the registry says today.
 */
function runWithInputs(): VerificationRun {
  const run = fabricatedFlawedRun();
  run.productGiven = 'test/fixtures/products/cross-core-block/sevenfold.json';
  run.results = run.results.map((r) => {
    const platformOnly = r.property === 'certificate-authentication';
    const kinds = platformOnly ? (['protocol', 'platform', 'requirements'] as const) : PROPERTIES.find((p) => p.id === r.property)!.inputs;
    return { ...r, inputs: productInputs(run.product, builtinRequirementsFile(), kinds), scope: platformOnly ? 'platform-only' : 'product', profile: 'seven-properties-azure-sphere 2026.12' };
  });
  return run;
}

const temps: ReturnType<typeof tempDir>[] = [];
afterAll(() => temps.forEach((t) => t.cleanup()));

describe('report inputs', () => {
  const run = runWithInputs();
  const report = buildAuditReport(run);

  it('lists every input once, with how it was named, its absolute path, its SHA-256 and the verdicts that read it', () => {
    const inputs = reportInputs(run);
    const product = inputs.find((i) => i.absolutePath === flawedFile)!;
    expect(product).toMatchObject({ given: 'test/fixtures/products/cross-core-block/sevenfold.json', sha256: sha256(flawedFile), builtin: false });
    expect(product.usedBy).toContain('compartmentalization');
    const manifest = inputs.find((i) => i.absolutePath.endsWith('blinky-hl/app_manifest.json'))!;
    expect(manifest.given).toBe('apps/blinky-hl/app_manifest.json');
    expect(manifest.sha256).toBe(sha256(manifest.absolutePath));
    const profile = inputs.find((i) => i.roles.includes('requirement profile'))!;
    expect(profile.given).toBe('built-in: model/requirements/profiles/seven-properties-azure-sphere.json');
    expect(profile.usedBy).toHaveLength(7);
    expect(new Set(inputs.map((i) => i.absolutePath)).size).toBe(inputs.length);
  });

  it('JSON: tool commit, working directory, the input table and each verdict’s inputs and scope; valid against its schema', () => {
    const json = JSON.parse(JSON.stringify(reportToJson(report)));
    const validate = auditReportValidator();
    expect(validate(json), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(json.tool.commit).toBe(run.tool.commit);
    expect(json.environment.cwd).toBe(root);
    expect(json.product).toMatchObject({ absoluteFile: flawedFile, given: run.productGiven });
    expect(json.inputs.map((i: { absolutePath: string }) => i.absolutePath)).toContain(flawedFile);
    const cert = json.properties.find((p: { id: string }) => p.id === 'certificate-authentication');
    expect(cert.scope).toBe('platform-only');
    const comp = json.properties.find((p: { id: string }) => p.id === 'compartmentalization');
    expect(comp.scope).toBe('product');
    expect(comp.inputs.find((i: { absolutePath: string }) => i.absolutePath === flawedFile).sha256).toBe(sha256(flawedFile));
  });

  it('SARIF: every input is a run artifact with its SHA-256; run properties carry tool version, commit, profile and folder', () => {
    const sarif = renderSarif(report) as { runs: { artifacts: { location: { uri: string }; hashes: Record<string, string>; roles: string[] }[]; properties: Record<string, unknown>; tool: { driver: { properties: Record<string, unknown> } }; invocations: { workingDirectory: { uri: string } }[] }[] };
    expect(sarifValidator()(JSON.parse(JSON.stringify(sarif)))).toBe(true);
    const r = sarif.runs[0]!;
    const product = r.artifacts.find((a) => a.location.uri === 'test/fixtures/products/cross-core-block/sevenfold.json')!;
    expect(product.hashes['sha-256']).toBe(sha256(flawedFile));
    expect(product.roles).toEqual(['analysisTarget', 'referencedOnCommandLine']);
    expect(r.artifacts.find((a) => a.roles.includes('policy'))).toBeDefined();
    expect(r.properties).toMatchObject({ toolVersion: run.tool.version, toolCommit: run.tool.commit, profile: 'seven-properties-azure-sphere 2026.12', cwd: root, platformOnly: ['certificate-authentication'] });
    expect(r.tool.driver.properties['commit']).toBe(run.tool.commit);
    expect(r.invocations[0]!.workingDirectory.uri).toBe(`file://${root}/`);
  });

  it('Markdown and HTML: an Inputs table with given name, absolute path and SHA-256, and the platform-only line under that verdict', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('## Inputs');
    expect(md).toContain(`| \`test/fixtures/products/cross-core-block/sevenfold.json\` | \`${flawedFile}\` | \`${sha256(flawedFile)}\` |`);
    const certSection = md.slice(md.indexOf('### Certificate-based authentication'), md.indexOf('### Renewable security'));
    expect(certSection).toContain('**platform-only: the same for every product on this platform.**');
    const compSection = md.slice(md.indexOf('### Compartmentalization'), md.indexOf('### Certificate-based authentication'));
    expect(compSection).not.toContain('platform-only');
    expect(compSection).toContain(`Inputs (SHA-256 prefix; full hashes under Inputs): \`test/fixtures/products/cross-core-block/sevenfold.json\` ${sha256(flawedFile).slice(0, 12)}`);
    expect(md).toContain(`commit \`${run.tool.commit}\``);
    expect(md).toContain(`| working directory | \`${root}\` |`);
    const html = renderHtml(report, { inlineMermaid: false });
    expect(html).toContain('<section id="inputs">');
    expect(html).toContain(`<td><code>${flawedFile}</code></td><td><code>${sha256(flawedFile)}</code></td>`);
    expect(html).toContain('<p class="platform-only"><strong>platform-only: the same for every product on this platform.</strong></p>');
  });

  it('commands name the product by its absolute path, so they work from any folder', async () => {
    expect(propertyCommand(run, 'small-tcb')).toBe(`sevenfold verify --property small-tcb --product ${flawedFile} --seed 42 --runs 50`);
    expect(shellQuote('/tmp/a folder/sevenfold.json')).toBe(`'/tmp/a folder/sevenfold.json'`);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    // Run the command from another folder that holds a sevenfold.json of its own: it still verifies the same product.
    const t = tempDir();
    temps.push(t);
    t.write('sevenfold.json', '{ "not": "this product" }');
    const args = propertyCommand(run, 'small-tcb').split(' ').slice(1);
    const io = captureIo(t.dir);
    await runCli(args, io);
    expect(io.stdout()).toContain('Product: cross-core-block');
    expect(io.stdout()).toMatch(/^small-tcb\s+(holds|violated|unknown)/m);
  });
});

describe('tool commit', () => {
  it('is HEAD of the package root when it is a git checkout of its own', () => {
    const t = tempDir();
    temps.push(t);
    const git = (...args: string[]) => execFileSync('git', ['-C', t.dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    git('init', '-q');
    t.write('package.json', '{ "name": "sevenfold" }');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'x');
    expect(toolCommit(t.dir)).toBe(git('rev-parse', 'HEAD'));
    // A folder inside someone else's repository is not a checkout of Sevenfold.
    mkdirSync(join(t.dir, 'node_modules/sevenfold/.git'), { recursive: true });
    expect(toolCommit(join(t.dir, 'node_modules/sevenfold'))).toBe(UNKNOWN_COMMIT);
  });

  it('is "unknown" outside git', () => {
    const t = tempDir();
    temps.push(t);
    expect(toolCommit(t.dir)).toBe(UNKNOWN_COMMIT);
    expect(relative(root, t.dir).startsWith('..')).toBe(true);
  });
});

describe('inventory: the image of each app', () => {
  it('shows who signed it, whether the signature verifies, its flags and its differences from the manifest', async () => {
    const { loadOrThrow } = await import('./fabricated-run.js');
    const { buildInventory } = await import('../../reports/audit/inventory.js');
    const product = loadOrThrow(join(root, 'examples/test-signed-image/sevenfold.json'));
    const [app] = buildInventory(product, root).apps;
    expect(app!.image).toMatchObject({ file: 'examples/test-signed-image/images/MutableStorage.imagepackage', signer: 'sdk-test', signatureValid: true, flags: ['Temporary', 'UnderDevelopment'], mismatches: 0 });
    const run = { ...fabricatedFlawedRun(), product };
    const md = renderMarkdown(buildAuditReport(run));
    expect(md).toContain('image examples/test-signed-image/images/MutableStorage.imagepackage: sdk-test-signed, signature valid, Temporary, UnderDevelopment');
    const json = JSON.parse(JSON.stringify(reportToJson(buildAuditReport(run))));
    expect(auditReportValidator()(json)).toBe(true);
  });
});

/**
 * An attack whose threat does not exist in the design is 'not-applicable', with the reason, never 'defended'
 * (emulator/update/attacks/helpers.ts ScenarioNotApplicable), and renewable-security never counts it as evidence
 * (properties/renewable-security/attacks.ts judgeCatalog). The case: tuf/extraneous-dependencies on a third-party
 * service's one-bundle design (test/fixtures/products/renewal-apps-in-os-bundle: no app update kind, the apps ride in
 * the os kind): it pushed the app release's images, of which there were none, checked nothing and read "defended".
 * Its sound twin, the built-in design (an app kind), plays the push and refuses it. Every report format and
 * `sevenfold attacks` name such a check with its reason (PropertyResult.notApplicableChecks).
 */
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { ATTACKS, AttackContext, findAttack, runAttack, UpdateLab, type AttackResult } from '../../emulator/update/index.js';
import { judgeCatalog } from '../../properties/renewable-security/attacks.js';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import { reportToJson } from '../../reports/audit/json-report.js';
import { renderHtml } from '../../reports/audit/html.js';
import { renderMarkdown } from '../../reports/audit/markdown.js';
import { buildAuditReport } from '../../reports/audit/report-model.js';
import { renderSarif } from '../../reports/audit/sarif.js';
import { runCliInProcess } from '../cli-in-process.js';
import { fabricatedFlawedRun } from '../reports/fabricated-run.js';
import { auditReportValidator, sarifValidator } from '../reports/validators.js';
import { builtinProfile } from '../helpers/check-context.js';
import { context, defaultDesign, fixtureProduct, openLab } from './helpers.js';

const BUNDLE = 'renewal-apps-in-os-bundle';
const contextOfProduct = async (fixture: string) => {
  const product = fixtureProduct(fixture);
  return AttackContext.create(await UpdateLab.open(product.platform, product.update!, { seed: 5 }), builtinProfile());
};

describe('tuf/extraneous-dependencies on a design with no app update kind', () => {
  it(`${BUNDLE}: not applicable, naming the kind the apps travel in (it read "defended" having pushed nothing)`, async () => {
    const result = runAttack(findAttack('tuf/extraneous-dependencies')!, await contextOfProduct(BUNDLE));
    expect(result.verdict, result.lines.join('\n')).toBe('not-applicable');
    expect(result.summary).toMatch(/^not applicable: no app update kind of ".*" carries an app of the product \(they travel in the os kind with the system software\)/);
    expect(result.lines).toEqual([expect.stringMatching(/^ {2}NOT APPLICABLE: no app update kind/)]);
  });

  it('its sound twin, the built-in design (an app kind): the push is played and refused, defended', async () => {
    const result = runAttack(findAttack('tuf/extraneous-dependencies')!, await AttackContext.create(await openLab(defaultDesign()), builtinProfile()));
    expect(result.verdict, result.lines.join('\n')).toBe('defended');
    expect(result.lines.join('\n')).toMatch(/\[extra app targets\]/);
  });

  it(`${BUNDLE}: every other attack of the catalog is still played and defended`, async () => {
    const context = await contextOfProduct(BUNDLE);
    const verdicts = ATTACKS.map((a) => runAttack(a, context)).filter((r) => r.verdict !== 'defended');
    expect(verdicts.map((r) => [r.id, r.verdict])).toEqual([['tuf/extraneous-dependencies', 'not-applicable']]);
  });
});

describe('renewable-security never counts a not-applicable attack as evidence', () => {
  const result = (id: string, verdict: AttackResult['verdict']): AttackResult => ({ id, standard: 'TUF', standardId: id, title: id, attacker: 'x', verdict, summary: verdict === 'not-applicable' ? `not applicable: no ${id} here` : 'every check held', lines: [], ms: 0 });
  const judge = (results: AttackResult[]) => judgeCatalog(results, { requirements: builtinProfile(), reproduce: 'sevenfold verify', deviceGroup: 'Production' });

  it('defended attacks beside one not applicable: holds on the defended alone, naming the other with its reason', () => {
    const outcome = judge([result('a', 'defended'), result('b', 'not-applicable')]);
    expect(outcome.verdict).toBe('holds');
    expect(outcome.summary).toBe('1 of 2 attacks defeated; not applicable to this design: b (no b here)');
    expect(outcome.evidence.map((e) => e.title)).toContain('trace: b (b) not-applicable: b');
  });

  it('every attack not applicable: unknown (nothing was played), never holds', () => {
    const outcome = judge([result('a', 'not-applicable'), result('b', 'not-applicable')]);
    expect(outcome.verdict).toBe('unknown');
    expect(outcome.summary).toMatch(/^no attack of the catalog was played on this design; not applicable to this design: a \(no a here\); b \(no b here\)$/);
  });

  it('a not-applicable deadline attack leaves its deadline open (unknown), never met', () => {
    const outcome = judge([result('a', 'defended'), result('tuf/indefinite-freeze', 'not-applicable')]);
    expect(outcome.alsoTested).toEqual([{ requirement: 'renewable-security.max-freeze-detection', verdict: 'unknown' }]);
  });

  it(`${BUNDLE} under verify: holds (the sound bundle is not made unknown), and the summary names the attack not played`, async () => {
    const verdict = await checkRenewableSecurity(fixtureProduct(BUNDLE), context('renewable-security'));
    expect(verdict.verdict, verdict.summary).toBe('holds');
    expect(verdict.summary).toMatch(/25 of 26 attacks defeated; not applicable to this design: tuf\/extraneous-dependencies \(no app update kind of .* carries an app of the product/);
    expect(verdict.summary).not.toMatch(/all 26 attacks defeated/);
    expect(verdict.notApplicableChecks).toEqual([{ check: 'tuf/extraneous-dependencies (Extraneous dependencies attack)', requirement: 'renewable-security.update-attacks-defeated', reason: expect.stringMatching(/^no app update kind/) }]);
    expect(verdict.requirements?.find((q) => q.id === 'renewable-security.update-attacks-defeated')?.outcome).toBe('met');
  });
});

describe('sevenfold attacks shows not applicable with its reason', () => {
  it(`${BUNDLE}: the row, the reason and the count; exit 0 when the others are defended, 3 when nothing was defended`, async () => {
    const product = `test/fixtures/products/${BUNDLE}/sevenfold.json`;
    const all = await runCliInProcess(['attacks', '--product', product]);
    expect(all.code, all.stdout).toBe(EXIT.ok);
    expect(all.stdout).toMatch(/tuf\/extraneous-dependencies +Extraneous dependencies attack +not-applicable +.*: not applicable: no app update kind/);
    expect(all.stdout).toMatch(/NOT APPLICABLE: no app update kind/);
    expect(all.stdout).toMatch(/26 attacks: 25 defended, 0 succeeded, 0 undecided, 1 not applicable to this design, 0 failed to run — exit 0/);
    const one = await runCliInProcess(['attacks', '--product', product, '--attack', 'tuf/extraneous-dependencies', '--format', 'json']);
    expect(one.code).toBe(EXIT.unknown);
    expect((JSON.parse(one.stdout) as { results: unknown[] }).results).toMatchObject([{ id: 'tuf/extraneous-dependencies', verdict: 'not-applicable', summary: expect.stringMatching(/^not applicable: /) }]);
  });
});

describe('every report format names a check not applicable, with its reason', () => {
  it('Markdown, HTML, JSON (schema-valid) and SARIF (a result of kind notApplicable, level none, schema-valid)', () => {
    const run = fabricatedFlawedRun();
    const check = { check: 'tuf/extraneous-dependencies (Extraneous dependencies attack)', requirement: 'renewable-security.update-attacks-defeated', reason: 'no app update kind of "bundle" carries an app of the product' };
    run.results[0]!.notApplicableChecks = [check];
    const report = buildAuditReport(run);
    const line = `${check.check}: ${check.reason}`.replace(/"/g, '&quot;');
    expect(renderMarkdown(report)).toContain(`- not applicable (played nothing, no evidence): ${check.check}: ${check.reason}`);
    expect(renderHtml(report, { inlineMermaid: false })).toContain(`not applicable (played nothing, no evidence): ${line}`);
    const json = reportToJson(report) as { properties: { notApplicableChecks?: unknown }[] };
    expect(auditReportValidator()(json)).toBe(true);
    expect(json.properties[0]!.notApplicableChecks).toEqual([check]);
    const sarif = renderSarif(report) as { runs: { results: { kind: string; level: string; message: { text: string }; properties: Record<string, unknown> }[] }[] };
    expect(sarifValidator()(sarif)).toBe(true);
    const na = sarif.runs[0]!.results.filter((r) => r.kind === 'notApplicable');
    expect(na).toEqual([expect.objectContaining({ level: 'none', message: { text: expect.stringContaining(`${check.check} was not played, not applicable to this design`) }, properties: expect.objectContaining({ verdict: 'not-applicable', reason: check.reason }) })]);
  });
});

/**
 * A line feed in a maker's text (a product's or an app's name, a description, a design's names, an authentication
 * key) is read as data, not as Sevenfold's layout: the JSON reader marks it (formats/json/free-text.ts) and every
 * output shows it as `\u000a`, so a name cannot start a line that reads as one of Sevenfold's ("verdict: holds").
 * Before, showControls kept every line feed (Sevenfold's own text is made of them) and "Gateway\nverdict: holds"
 * printed a forged verdict line in verify's header, the Markdown and HTML reports. JSON output keeps the line feed
 * (an escape inside a JSON string is the character), and a file path with a line feed still opens its file.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parseLocatedText } from '../../formats/json/located-json.js';
import { markFreeText, unmarkFreeText } from '../../formats/json/free-text.js';
import { showControls } from '../../formats/diagnostics/visible-controls.js';
import { renderHtml } from '../../reports/audit/html.js';
import { renderMarkdown } from '../../reports/audit/markdown.js';
import { buildAuditReport } from '../../reports/audit/report-model.js';
import { renderSarif } from '../../reports/audit/sarif.js';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers.js';
import { fabricatedFlawedRun } from './fabricated-run.js';

const FORGED = 'verdict: holds (7 hold, 0 violated, 0 unknown) — exit 0';
const NAME = `Contoso Gateway\n${FORGED}`;
/** A line of output that is the forged verdict line, alone at the start of a line. */
const FORGED_LINE = /^verdict: holds \(7 hold/m;

describe('a maker\'s line feed', () => {
  it('is marked where JSON is read, shown as \\u000a, and undone exactly', () => {
    const doc = parseLocatedText('x.json', JSON.stringify({ name: NAME, 'key\nwith lf': ['a\uFDD0b\uFDD1c'] }));
    const value = doc.value as Record<string, unknown>;
    expect(value['name']).not.toContain('\n');
    expect(showControls(value['name'] as string)).toBe('Contoso Gateway\\u000a' + FORGED);
    expect(unmarkFreeText(value['name'] as string)).toBe(NAME);
    const key = Object.keys(value)[1]!;
    expect(showControls(key)).toBe('key\\u000awith lf');
    // A maker's own noncharacters are kept apart from the mark, both ways.
    const odd = (value[key] as string[])[0]!;
    expect(unmarkFreeText(odd)).toBe('a\uFDD0b\uFDD1c');
    expect(showControls(odd)).toBe('a\\ufdd0b\\ufdd1c');
    for (const s of ['', 'plain', '\n\n', '\uFDD0\n\uFDD1', 'a\uFDD1\uFDD0\nb']) expect(unmarkFreeText(markFreeText(s))).toBe(s);
    // In JSON text the shown escape is the line feed itself.
    expect(JSON.parse(showControls(JSON.stringify({ name: value['name'] }))).name).toBe(NAME);
  });

  it('starts no line in the HTML, Markdown and SARIF reports', () => {
    const run = fabricatedFlawedRun();
    run.product.name = markFreeText(NAME);
    const report = buildAuditReport(run);
    for (const text of [renderMarkdown(report), renderHtml(report, { inlineMermaid: false })]) {
      expect(text).toContain('Contoso Gateway\\u000averdict: holds');
      expect(text).not.toMatch(FORGED_LINE);
    }
    // The report writer passes SARIF and JSON report text through showControls (write-report.ts): the mark becomes the
    // JSON escape of a line feed, so the file holds the maker's name exactly.
    const sarif = showControls(JSON.stringify(renderSarif(report)));
    expect(sarif).not.toContain('\uFDD0');
    expect((JSON.parse(sarif) as { runs: { properties: { product: string } }[] }).runs[0]!.properties.product).toBe(NAME);
  });
});

const t = tempDir();
afterAll(() => t.cleanup());
const app = { SchemaVersion: 1, Name: `Gate\n${FORGED}`, ComponentId: '3f2a8c1e-5b7d-4e9a-9c21-7d4b6e8f1a02', EntryPoint: '/bin/app', CmdArgs: [], Capabilities: { Gpio: [8] }, ApplicationType: 'Default' };
// The manifest's folder has a line feed in its name: the product file names it, and it must still open.
t.write('lf/apps/gate\nway/app_manifest.json', app);
t.write('lf/sevenfold.json', { schemaVersion: 1, name: NAME, description: `one\n${FORGED}`, chip: 'mt3620', apps: [{ manifest: 'apps/gate\nway/app_manifest.json' }] });

/** The built CLI in a child process: its output goes through the process streams' handling (cli/io.ts), as a user's does. */
const builtCli = resolve(fileURLToPath(import.meta.url), '../../../dist/cli/main.js');
async function runBuiltCli(args: string[], cwd: string) {
  const run = spawnSync(process.execPath, [builtCli, ...args], { cwd, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('verify on a product whose names carry line feeds (the built CLI)', () => {
  it('prints them as \\u000a on one line in its text output', async () => {
    const { code, stdout } = await runBuiltCli(['verify', '--product', 'lf', '--property', 'small-tcb', '--seed', '1'], t.dir);
    expect(code).toBe(1); // one app: 4 of 8 components, half, in the TCB
    expect(stdout).toContain('Product: Contoso Gateway\\u000averdict: holds');
    expect(stdout).toContain('Gate\\u000averdict: holds');
    expect(stdout).not.toMatch(FORGED_LINE);
  });

  it('keeps them as line feeds in its JSON output', async () => {
    const { stdout } = await runBuiltCli(['verify', '--product', 'lf', '--property', 'small-tcb', '--seed', '1', '--format', 'json'], t.dir);
    const doc = JSON.parse(stdout) as { product: { name: string } };
    expect(doc.product.name).toBe(NAME);
    expect(stdout).not.toContain('\uFDD0');
  });
});

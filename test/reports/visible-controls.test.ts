/**
 * A maker's name carrying controls or invisible characters (formats/diagnostics/visible-controls.ts) is shown with
 * each such character as its \uXXXX escape wherever it reaches a person: the HTML and Markdown reports, mermaid
 * labels, SARIF message texts, diagnostics and the terminal. JSON output keeps the same characters for a parser.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { processIo } from '../../cli/io.js';
import { mermaidText } from '../../reports/audit/diagrams.js';
import { renderHtml } from '../../reports/audit/html.js';
import { renderMarkdown } from '../../reports/audit/markdown.js';
import { buildAuditReport } from '../../reports/audit/report-model.js';
import { renderSarif } from '../../reports/audit/sarif.js';
import { formatDiagnostic } from '../../reports/diagnostics/format-diagnostics.js';
import { makeDiagnostic } from '../../formats/json/located-json.js';
import { showControls, TERMINAL_COLORS } from '../../formats/diagnostics/visible-controls.js';
import { fabricatedFlawedRun } from './fabricated-run.js';

const RLO = '\u202E';
/** A right-to-left override; an escape sequence that clears the line; a carriage return; a C1 CSI; a zero-width
 * space; a tag character (outside the BMP); a byte-order mark. */
const NAME = `Thermostat${RLO}txt.exe \x1b[2Kholds\r ok\u009b1m Ther\u200Bmo \u{E0041} \uFEFF`;
const SHOWN = 'Thermostat\\u202etxt.exe \\u001b[2Kholds\\u000d ok\\u009b1m Ther\\u200bmo \\udb40\\udc41 \\ufeff';
/** Anything a terminal or a renderer would obey or hide (line feed and tab aside). */
const CONTROLS = /(?![\n\t])[\p{Cc}\p{Cf}\u2028\u2029\u115F\u1160\u3164\uFFA0]/u;

afterEach(() => vi.restoreAllMocks());

describe('controls and invisible characters in a maker\'s text are shown, never obeyed', () => {
  it('shows each as its escape, one per UTF-16 unit, and leaves other text alone', () => {
    expect(showControls(NAME)).toBe(SHOWN);
    expect(showControls('\u2066a\u2069 \u200F b \u061C \u00AD \u3164')).toBe('\\u2066a\\u2069 \\u200f b \\u061c \\u00ad \\u3164');
    expect(showControls('naïve ☃ 日本 <&> 😀')).toBe('naïve ☃ 日本 <&> 😀');
    expect(showControls('two\nlines\tand a tab')).toBe('two\nlines\tand a tab');
    expect(showControls('two\nlines\tand a tab', { oneLine: true })).toBe('two\\u000alines\\u0009and a tab');
    // Inside a JSON string an escape is the same character: JSON output keeps the name exactly.
    expect(JSON.parse(showControls(JSON.stringify({ name: NAME }))).name).toBe(NAME);
  });

  it('keeps only Sevenfold\'s own colours, and only when asked', () => {
    const coloured = `${TERMINAL_COLORS.error}error${TERMINAL_COLORS.reset} \x1b[8mhidden\x1b]0;title\x07`;
    expect(showControls(coloured, { keepColors: true })).toBe(`${TERMINAL_COLORS.error}error${TERMINAL_COLORS.reset} \\u001b[8mhidden\\u001b]0;title\\u0007`);
    expect(showControls(coloured)).not.toMatch(CONTROLS);
  });

  it('in the HTML, Markdown and SARIF reports and in mermaid labels', () => {
    const run = fabricatedFlawedRun();
    run.product.name = NAME;
    run.results[0]!.summary = `component ${NAME} holds`;
    const report = buildAuditReport(run);
    const html = renderHtml(report, { inlineMermaid: false });
    const md = renderMarkdown(report);
    for (const text of [html, md]) {
      expect(text).toContain('Thermostat\\u202etxt.exe \\u001b[2Kholds\\u000d ok\\u009b1m Ther\\u200bmo');
      expect(text).not.toMatch(CONTROLS);
    }
    const sarif = renderSarif(report) as { runs: { results: { message: { text: string } }[] }[] };
    const texts = sarif.runs[0]!.results.map((r) => r.message.text);
    expect(texts.some((t) => t.includes('component Thermostat\\u202etxt.exe'))).toBe(true);
    for (const t of texts) expect(t).not.toMatch(CONTROLS);
    expect(mermaidText(NAME)).toBe(SHOWN.replace(/ +/g, ' ').trim());
  });

  it('in a diagnostic naming a field\'s value, its file and its pointer', () => {
    const d = makeDiagnostic('ProductInvalid', `/tmp/a\nb${RLO}.json`, `/apps/0/x\n${RLO}`, { line: 1, column: 2 }, `"name" is ${NAME}`);
    const text = formatDiagnostic(d);
    expect(text).not.toMatch(CONTROLS);
    expect(text.split('\n')).toHaveLength(1); // one line: the file's and pointer's line feeds are shown
    expect(text).toContain('\\u000a');
    expect(text).toContain(SHOWN);
    const coloured = formatDiagnostic(d, { color: true });
    expect(coloured.startsWith(`${'/tmp/a\\u000ab\\u202e.json'}:1:2: ${TERMINAL_COLORS.error}error${TERMINAL_COLORS.reset}`)).toBe(true);
  });

  it('on the terminal: stdout, stderr and the progress line', () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    const io = processIo();
    io.out(`verify ${NAME}`);
    io.err(`error in ${NAME}`);
    io.progress(`checking ${NAME}`);
    vi.restoreAllMocks();
    const all = written.join('').replaceAll('\r\x1b[K', ''); // the progress line's own clearing
    expect(all).toContain(SHOWN);
    expect(all).not.toMatch(CONTROLS);
  });
});

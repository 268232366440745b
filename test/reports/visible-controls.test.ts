/**
 * A maker's name carrying bidirectional-text controls (formats/diagnostics/visible-controls.ts) is shown with each control
 * as its \uXXXX escape, in the HTML and Markdown reports and on the terminal, so it cannot reorder what a reviewer
 * reads; in the CLI's JSON output the escape is the same character to a parser.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { processIo } from '../../cli/io.js';
import { renderHtml } from '../../reports/audit/html.js';
import { renderMarkdown } from '../../reports/audit/markdown.js';
import { buildAuditReport } from '../../reports/audit/report-model.js';
import { showBidiControls } from '../../formats/diagnostics/visible-controls.js';
import { fabricatedFlawedRun } from './fabricated-run.js';

const RLO = '\u202E';
const NAME = `Thermostat${RLO}txt.exe`;
const CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

afterEach(() => vi.restoreAllMocks());

describe('bidirectional-text controls are shown, never obeyed', () => {
  it('shows each control as its escape and leaves other text alone', () => {
    expect(showBidiControls(NAME)).toBe('Thermostat\\u202etxt.exe');
    expect(showBidiControls('\u2066a\u2069 \u200F b \u061C')).toBe('\\u2066a\\u2069 \\u200f b \\u061c');
    expect(showBidiControls('naïve ☃ 日本 <&>')).toBe('naïve ☃ 日本 <&>');
    expect(JSON.parse(showBidiControls(JSON.stringify({ name: NAME }))).name).toBe(NAME);
  });

  it('in the HTML and Markdown reports', () => {
    const run = fabricatedFlawedRun();
    run.product.name = NAME;
    run.results[0]!.summary = `component ${NAME} holds`;
    const report = buildAuditReport(run);
    const html = renderHtml(report, { inlineMermaid: false });
    const md = renderMarkdown(report);
    for (const text of [html, md]) {
      expect(text).toContain('Thermostat\\u202etxt.exe');
      expect(text).not.toMatch(CONTROLS);
    }
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
    expect(written.join('')).toContain('Thermostat\\u202etxt.exe');
    expect(written.join('')).not.toMatch(CONTROLS);
  });
});

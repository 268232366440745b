/**
 * Characters that act on what a reader sees without being seen themselves, made visible. A name in a design,
 * manifest, hardware definition or product file is the product maker's text, and the terminal and the reports show
 * it to a reviewer:
 * - an escape (U+001B) starts a terminal control sequence: it can move the cursor, clear a line, hide text or retitle
 *   the window; a carriage return or backspace lets what follows overwrite a verdict or a finding on screen; the C1
 *   controls (U+0080–U+009F) include one-character forms of the same sequences;
 * - a right-to-left override (U+202E) and the other bidirectional-text controls reverse what follows them, so a
 *   report could show a finding's pointer, a verdict line or a command other than the one it holds ("Trojan Source",
 *   CVE-2021-42574);
 * - zero-width spaces and joiners, the byte-order mark, soft hyphens, tag characters and the blank Hangul fillers make
 *   two different names look identical (an app "Thermostat" and "Thermo\u200Bstat").
 * Every Unicode control (Cc) and format character (Cf), the line and paragraph separators and those fillers are shown
 * as `\uXXXX` escapes (one per UTF-16 unit): in plain text, Markdown and HTML they read as written, and inside a JSON
 * string an escape is the same character to a parser, so JSON output keeps the name exactly. Line feeds and tabs are
 * kept (but in one field of a line, `oneLine`): they are the layout of the text being shown, which is Sevenfold's.
 *
 * A line feed inside a maker's string was marked where it was read (`formats/json/free-text.ts`): it is shown as
 * `\u000a` here, in every mode, so a name cannot start a line of its own that reads as one of Sevenfold's.
 *
 * One rule for every place a maker's text reaches a person: the terminal (cli/io.ts), diagnostics
 * (reports/diagnostics/format-diagnostics.ts), the HTML and Markdown reports, mermaid labels and SARIF message texts.
 */
import { showMarks } from '../json/free-text.js';

const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029\u115F\u1160\u3164\uFFA0]/gu;

/** The colours Sevenfold itself writes on a terminal (diagnostic severities): the only escapes the terminal obeys. */
export const TERMINAL_COLORS = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', reset: '\x1b[0m' } as const;
const OWN_COLORS = /\x1b\[(?:31|33|36|0)m/y;

function escapeUnits(c: string): string {
  let out = '';
  for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/**
 * The text with every invisible or controlling character shown as its escape. `oneLine`: the text is one field of a
 * line (a file name, a JSON pointer), so its line feeds and tabs are shown too. `keepColors`: Sevenfold's own colour
 * sequences (TERMINAL_COLORS) are kept, for text written to a colour terminal; a maker's text that carries one of them
 * can at most colour a span, never move, hide or rewrite it.
 */
export function showControls(text: string, opts: { oneLine?: boolean; keepColors?: boolean } = {}): string {
  return showMarks(text, escapeUnits).replace(INVISIBLE, (c, offset: number) => {
    if (!opts.oneLine && (c === '\n' || c === '\t')) return c;
    if (opts.keepColors && c === '\x1b') {
      OWN_COLORS.lastIndex = offset;
      if (OWN_COLORS.test(text)) return c;
    }
    return escapeUnits(c);
  });
}

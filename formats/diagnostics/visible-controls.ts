/**
 * Bidirectional-text controls made visible. A name in a design, manifest or hardware definition is the product maker's
 * text, and the reports and the terminal show it to a reviewer: a right-to-left override (U+202E) in a component or
 * app name reverses what follows it on screen, so a report could show a finding's pointer, a verdict line or a command
 * other than the one it holds ("Trojan Source", CVE-2021-42574). Each such control is shown as its `\uXXXX` escape: in
 * plain text and Markdown it reads as written, and inside a JSON string it is the same character to a parser, so the
 * CLI's JSON output keeps the name exactly.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function showBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

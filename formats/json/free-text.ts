import { resolve } from 'node:path';
/**
 * A maker's line feeds, marked where they are read. Every string a maker writes in a JSON input (a product or app
 * name, a description, a design's names, a hardware definition's, a key such as a host in `apps[].authentication`)
 * reaches the terminal and the reports inside Sevenfold's own text, whose lines are Sevenfold's layout: a line feed
 * in a name ("Gateway\nverdict: holds — exit 0") would start a line of its own that reads as one of Sevenfold's. The
 * other controls are shown as escapes wherever text is shown (`showControls`), but line feeds cannot be: Sevenfold's
 * own text is full of them. So the JSON reader (`located-json.ts`, the one reader of every maker input) writes each
 * line feed in a string or key as U+FDD0, a noncharacter that Unicode sets aside for a program's internal use, and
 * `showControls` (the one place text is shown, in every output format) prints it as `\u000a`. A maker's own U+FDD0
 * or U+FDD1 is written as U+FDD1 and itself, so the marking can always be undone exactly.
 *
 * What keeps the data exact: in JSON output `\u000a` inside a string is the line feed (io.ts and the report writer
 * pass JSON text through `showControls` too), and a file path read from a JSON input is unmarked (`unmarkFreeText`)
 * before the file system sees it.
 */
export const MARKED_LINE_FEED = '\uFDD0';
const MARK_QUOTE = '\uFDD1';
const TO_MARK = /[\n\uFDD0\uFDD1]/;
const MARKS = /\uFDD1([\s\S])|\uFDD0/g;

/** The maker's text with its line feeds marked (see above). */
export function markFreeText(text: string): string {
  if (!TO_MARK.test(text)) return text;
  return text.replace(/[\n\uFDD0\uFDD1]/g, (c) => (c === '\n' ? MARKED_LINE_FEED : MARK_QUOTE + c));
}

/** The text as the maker wrote it (for the file system, or a program that reads the value). */
export function unmarkFreeText(text: string): string {
  if (!text.includes('\uFDD0') && !text.includes('\uFDD1')) return text;
  return text.replace(MARKS, (_m, quoted: string | undefined) => quoted ?? '\n');
}

/** Every marked character of the text passed to `show` as the character it stands for. */
export function showMarks(text: string, show: (c: string) => string): string {
  if (!text.includes('\uFDD0') && !text.includes('\uFDD1')) return text;
  return text.replace(MARKS, (_m, quoted: string | undefined) => show(quoted ?? '\n'));
}

/** A file a JSON input names (`written`, as read, marked), resolved against `base` with the maker's own characters. */
export function pathFromInput(base: string, written: string): string {
  return resolve(base, unmarkFreeText(written));
}

/** Whether the maker's text is only white space, its marked line feeds counted as the line feeds they stand for. */
export function isBlankText(text: string): boolean {
  return unmarkFreeText(text).trim() === '';
}

/**
 * README.md's tables stay tables: a row wrapped over several lines (a line of prose between two `|` rows, or a row
 * whose cells do not match its header's count) ends the table there on GitHub and shows the rest as a paragraph.
 * Long rows are the README's habit (the property table's cells run to thousands of characters); a session's editor
 * once wrapped one at 120 columns.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(resolve(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

/** Cells of a table row, splitting on `|` outside inline code and not escaped. */
function cells(line: string): number {
  let n = 0;
  let code = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '`') code = !code;
    else if (c === '\\') i++;
    else if (c === '|' && !code) n++;
  }
  return n - 1;
}

/** Every table (a header row, a delimiter row, its rows) and where it is broken. */
export function brokenTables(text: string): string[] {
  const lines = text.split('\n');
  const problems: string[] = [];
  const inTable = new Set<number>();
  let fence = false;
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*```/.test(lines[i]!)) fence = !fence;
    if (fence || !/^\|[\s:|-]+\|\s*$/.test(lines[i]!) || !lines[i - 1]?.startsWith('|')) continue;
    const width = cells(lines[i - 1]!);
    let j = i + 1;
    for (; j < lines.length && lines[j]!.startsWith('|'); j++) if (cells(lines[j]!) !== width) problems.push(`line ${j + 1}: ${cells(lines[j]!)} cells, the header has ${width}`);
    for (const k of lines.keys()) if (k >= i + 1 && k < j) inTable.add(k);
    // Text right after the last row (no blank line, heading, list or block between) is a row wrapped onto it.
    if (j < lines.length && /^[^|#<`*\s-]/.test(lines[j]!)) problems.push(`line ${j + 1}: a wrapped row (text right after a table row)`);
  }
  // A row with no header above it: a blank line ended its table, and the rest shows as a paragraph of pipes.
  fence = false;
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*```/.test(lines[i]!)) fence = !fence;
    if (!fence && lines[i]!.startsWith('|') && !inTable.has(i) && !/^\|[\s:|-]+\|\s*$/.test(lines[i + 1] ?? '') && !/^\|[\s:|-]+\|\s*$/.test(lines[i]!)) problems.push(`line ${i + 1}: a row outside any table (a blank line or text ended the table above it)`);
  }
  return problems;
}

describe('README tables', () => {
  it('no row is wrapped over several lines, and every row has its header\'s cells', () => {
    expect(brokenTables(readme)).toEqual([]);
  });

  it('finds a wrapped row and a row with a missing cell (planted)', () => {
    expect(brokenTables('| a | b |\n|---|---|\n| one | two and\nthree |\n\ntext')).toEqual(expect.arrayContaining([expect.stringMatching(/^line 4: a wrapped row/)]));
    expect(brokenTables('| a | b |\n|---|---|\n| one |\n')).toEqual([expect.stringMatching(/^line 3: 1 cells, the header has 2/)]);
    expect(brokenTables('| a | b |\n|---|---|\n| one | two |\n\n| three | four |\n')).toEqual([expect.stringMatching(/^line 5: a row outside any table/)]);
  });
});

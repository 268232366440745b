/**
 * The README's table of product-file fields is how a device maker writes their first sevenfold.json: it must
 * list every field product.schema.json accepts at the top level and in an app entry (was: no `deployment`, no
 * `criticalAssets`, no `apps[].delivery`, though the text asks for `deployment.fleetSize`), and no field the
 * schema would refuse as unknown.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import schema from '../../model/schema/product.schema.json' with { type: 'json' };

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const readme = readFileSync(resolve(root, 'README.md'), 'utf8');

/** The rows of the table under "## The product file": each row's first cell and the rest of it. */
function productTable(): Map<string, string> {
  const section = readme.slice(readme.indexOf('## The product file'));
  const table = section.slice(section.indexOf('| field | required | meaning |'));
  const rows = new Map<string, string>();
  for (const line of table.split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    const [, field, ...rest] = line.split('|');
    rows.set(field!.trim().replace(/`/g, ''), rest.join('|'));
  }
  return rows;
}

const rows = productTable();
const topLevel = Object.keys(schema.properties).filter((f) => f !== '$schema');
const appFields = Object.keys(schema.properties.apps.items.properties);

describe('README product-file table', () => {
  it('lists every top-level field of the schema', () => {
    expect(topLevel.filter((f) => !rows.has(f))).toEqual([]);
  });

  it('lists no field the schema refuses', () => {
    expect([...rows.keys()].filter((f) => !topLevel.includes(f))).toEqual([]);
  });

  it('names every field of an app entry in the apps row', () => {
    const apps = rows.get('apps') ?? '';
    expect(appFields.filter((f) => !apps.includes(`\`${f}\``) && !apps.includes(`"${f}"`))).toEqual([]);
  });
});

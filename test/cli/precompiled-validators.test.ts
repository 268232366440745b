/**
 * The build precompiles every schema the loaders validate with (package.json "build" runs
 * formats/json/precompile-validators.js), so that `sevenfold verify` does not load Ajv's compiler and
 * compile five schemas on every run (about half of a one-property run's CPU time, issue 15). Reads the
 * built CLI (dist/: run `npm run build` first). Speed itself is measured in bench/, not here; that
 * precompiled validators decide as compiled ones do is held in test/formats/json/precompiled-validators.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { precompiledValidatorName } from '../../formats/json/schema-key.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const folder = join(root, 'dist/formats/json/precompiled-validators');
const schemaFiles = ['model/schema', 'model/compliance'].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((n) => n.endsWith('.schema.json'))
    .map((n) => `${dir}/${n}`),
);

/** Written to stderr at exit: every CommonJS module the process loaded (Ajv is CommonJS). */
const LIST_MODULES = `data:text/javascript,import { createRequire } from 'node:module'; const r = createRequire('/'); process.on('exit', () => process.stderr.write('\\n@@modules ' + JSON.stringify(Object.keys(r.cache)) + '\\n'));`;

describe('the built CLI', () => {
  it('has a precompiled validator for every schema the loaders use, named by that schema', () => {
    if (!existsSync(folder)) throw new Error('dist/formats/json/precompiled-validators is missing: run npm run build before the CLI tests');
    for (const file of schemaFiles) {
      const schema = JSON.parse(readFileSync(join(root, file), 'utf8')) as object;
      expect(existsSync(join(folder, precompiledValidatorName(schema))), file).toBe(true);
    }
    expect(readdirSync(folder)).toHaveLength(schemaFiles.length);
  });

  it('verifies a property with the precompiled validators: Ajv compiles no schema', () => {
    const run = spawnSync(process.execPath, ['--import', LIST_MODULES, join(root, 'dist/cli/main.js'), 'verify', '--seed', '1', '--property', 'small-tcb'], { cwd: root, encoding: 'utf8' });
    // Unknown (3): the built-in design leaves busMasters out and its apps drive peripheral blocks (s37-dma).
    expect(run.status, run.stderr).toBe(3);
    const modules = JSON.parse(/@@modules (.*)/.exec(run.stderr)![1]!) as string[];
    expect(modules.filter((m) => m.includes('precompiled-validators')).length).toBeGreaterThanOrEqual(3);
    expect(modules.filter((m) => /[\\/]ajv[\\/]dist[\\/](compile|core|ajv)/.test(m))).toEqual([]);
  });
});

/**
 * A device maker's first product file has typos: an unknown field must be an input error (exit 2) at the
 * field's line and column that names the field the schema accepts, when one is close (was: only
 * `unknown field "hardwareDefinitions"`, leaving the reader to find the right spelling in the schema).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../cli-in-process.js';
import { tempDir } from '../helpers.js';
import { describeSchemaError } from '../../formats/json/schema-errors.js';
import { nearestName } from '../../formats/json/nearest-name.js';
import type { ErrorObject } from 'ajv';

const t = tempDir();
afterAll(() => t.cleanup());

const manifest = { SchemaVersion: 1, Name: 'Blink', ComponentId: '1689d8b2-c835-2e27-27ad-e894d6d15fa9', EntryPoint: '/bin/app', CmdArgs: [], Capabilities: { Gpio: [8] }, ApplicationType: 'Default' };

describe('a mistyped field in the product file', () => {
  it('names the field it was likely meant to be, at its line and column, exit 2', async () => {
    t.write('typo/apps/blink/app_manifest.json', manifest);
    const file = t.write(
      'typo/sevenfold.json',
      '{\n  "schemaVersion": 1,\n  "name": "Typo",\n  "chip": "mt3620",\n  "hardwareDefinitions": "hw.json",\n  "apps": [ { "manifest": "apps/blink/app_manifest.json", "Delivery": "cloud" } ]\n}\n',
    );
    const { code, stdout, stderr } = await runCliInProcess(['verify', '--product', file, '--property', 'small-tcb']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('sevenfold.json:5:3');
    expect(stderr).toContain('unknown field "hardwareDefinitions"; did you mean "hardwareDefinition"?');
    expect(stderr).toMatch(/sevenfold\.json:6:\d+.*unknown field "Delivery"; did you mean "delivery"\?/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('suggests nothing for a field far from every known one', () => {
    const error = { keyword: 'additionalProperties', instancePath: '', schemaPath: '#/additionalProperties', params: { additionalProperty: 'colour' } } as unknown as ErrorObject;
    expect(describeSchemaError(error, 'the product file', { properties: { name: {}, chip: {} } }).message).toBe('unknown field "colour"');
  });
});

describe('a product file that is not there', () => {
  it('is exit 2 with a hint about where a relative path is resolved from, not about lint (was: "lint takes files and folders")', async () => {
    const { code, stderr } = await runCliInProcess(['verify', '--product', 'rover/sevenfold.json', '--property', 'small-tcb'], t.dir);
    expect(code).toBe(2);
    expect(stderr).toContain('PathNotFound: file not found');
    expect(stderr).toContain('hint: Check the path: a relative path on the command line is resolved from the working directory.');
    expect(stderr).not.toContain('lint takes');
  });
});

describe('nearestName', () => {
  it('prefers a name equal but for case, then the closest within a third of the length', () => {
    expect(nearestName('Apps', ['apps', 'app'])).toBe('apps');
    expect(nearestName('hardwarePaths', ['hardwarePath', 'hardwareDefinition'])).toBe('hardwarePath');
    expect(nearestName('platfrom', ['platform', 'protocol'])).toBe('platform');
    expect(nearestName('x', ['chip'])).toBeUndefined();
  });
});

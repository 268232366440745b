/**
 * lint --format sarif: every diagnostic, the security lint's included, as a SARIF 2.1.0 result with its
 * stable code as the rule id, its severity as the level and its file, line and column as the location,
 * so that code scanning shows what the text output shows. Validated against the vendored schema.
 */
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../../cli/program.js';
import { CODES } from '../../formats/diagnostics/codes.js';
import { lint } from '../../model/lint/lint.js';
import { lintSarif } from '../../reports/diagnostics/diagnostics-sarif.js';
import { captureIo } from '../helpers.js';
import { sarifValidator } from '../reports/validators.js';
import { VALID_MANIFEST, makeTempDir, positionOf, pretty, removeTempDir, writeInput } from './helpers.js';

let root: string;
beforeAll(() => {
  root = makeTempDir();
});
afterAll(() => removeTempDir(root));

const FLAWED = {
  ...VALID_MANIFEST,
  Capabilities: {
    Gpio: [8],
    AllowedConnections: ['192.168.35.1', '*'],
    AllowedTcpServerPorts: [4444],
    DeviceAuthentication: 'Replace_with_your_Azure_Sphere_Tenant_ID',
  },
};

describe('lint --format sarif', () => {
  test('validates against SARIF 2.1.0; one result per diagnostic, one rule per code', async () => {
    const dir = join(root, 'flawed');
    mkdirSync(dir);
    const text = pretty(FLAWED);
    const file = writeInput(dir, 'app_manifest.json', text);
    const io = captureIo(root);
    const code = await runCli(['lint', dir, '--format', 'sarif'], io);
    expect(code).toBe(1);
    const sarif = JSON.parse(io.stdout());
    expect(sarifValidator()(sarif)).toBe(true);

    const expected = lint([dir]).diagnostics;
    const run = sarif.runs[0];
    expect(run.results).toHaveLength(expected.length);
    const rules = run.tool.driver.rules as { id: string; name: string; defaultConfiguration: { level: string }; properties: { tags: string[] } }[];
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);

    const wildcard = run.results.find((r: { ruleId: string }) => r.ruleId === CODES.WildcardConnection.code);
    expect(wildcard.level).toBe('error');
    const location = wildcard.locations[0].physicalLocation;
    expect(location.artifactLocation).toEqual({ uri: relative(root, file), uriBaseId: 'SRCROOT' });
    // The region spans the value the pointer names: "*" (three characters; SARIF's end column is exclusive).
    const star = positionOf(text, '"*"');
    expect(location.region).toEqual({ startLine: star.line, startColumn: star.column, endLine: star.line, endColumn: star.column + 3 });
    expect(wildcard.properties.pointer).toBe('/Capabilities/AllowedConnections/1');
    expect(rules[wildcard.ruleIndex]!.name).toBe('WildcardConnection');
    expect(rules[wildcard.ruleIndex]!.properties.tags).toContain('security');

    for (const name of ['PlaceholderTenant', 'IpLiteralConnection', 'ListeningPort'] as const) {
      const result = run.results.find((r: { ruleId: string }) => r.ruleId === CODES[name].code);
      expect(result, name).toBeDefined();
      expect(result.level).toBe(CODES[name].severity);
    }
  });

  test('a clean run is a valid SARIF log with no results', () => {
    const dir = join(root, 'clean');
    mkdirSync(dir);
    writeInput(dir, 'app_manifest.json', pretty({ ...VALID_MANIFEST, Capabilities: { Gpio: [8] } }));
    const sarif = lintSarif(lint([dir]), { cwd: root, command: 'sevenfold lint clean' }, 0) as { runs: { results: unknown[] }[] };
    expect(sarifValidator()(sarif)).toBe(true);
    expect(sarif.runs[0]!.results).toEqual([]);
  });
});

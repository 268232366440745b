/**
 * An undecided property's SARIF result sits where its reason asks the reviewer to act: the line and column of the
 * pointer it names in the file it belongs to (the nearest enclosing value when the field is not there yet), the
 * product file's first line only when it names none; a field of a built-in design (inside Sevenfold, outside the
 * source root, which code scanning cannot show) puts the result at the product file's field that names a design of
 * the user's own, the built-in file kept as a related location by file URL.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseLocatedText } from '../../formats/json/located-json.js';
import { builtinUpdateFile } from '../../model/update/load-update.js';
import { buildAuditReport } from '../../reports/audit/report-model.js';
import { renderSarif } from '../../reports/audit/sarif.js';
import { builtinFile, fabricatedBuiltinRun } from './fabricated-run.js';
import { sarifValidator } from './validators.js';

interface Loc { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number } } }

describe('the place of an unknown in SARIF', () => {
  // Run from the product's folder, as a maker runs it in their repository: the built-in designs are outside it.
  const base = fabricatedBuiltinRun();
  const host = 'thermostat-hub.azure-devices.net';
  const summaries: Record<string, string> = {
    'certificate-authentication': `1 connection undecided: ${host}: nothing says how the app authenticates; state it as /apps/1/certificateKeys/${host} (image, mutable-storage, or the platform asset that holds it)`,
    'failure-reporting': `the app's connection to ${host} is undecided; state it in the product file as /apps/0/authentication/${host}, or …`,
    'renewable-security': `the update design does not state whether the device's time source is authenticated (${builtinUpdateFile()} /timeSync): …`,
  };
  const run = { ...base, cwd: dirname(builtinFile), results: base.results.map((r) => (summaries[r.property] ? { ...r, summary: summaries[r.property]! } : r)) };
  const sarif = JSON.parse(JSON.stringify(renderSarif(buildAuditReport(run))));
  const results = sarif.runs[0].results as { ruleId: string; properties: Record<string, unknown>; locations: Loc[]; relatedLocations?: Loc[] }[];
  const unknownOf = (id: string) => results.find((r) => r.ruleId === id && r.properties['verdict'] === 'unknown')!;
  const product = parseLocatedText(builtinFile, readFileSync(builtinFile, 'utf8'));

  it('is valid SARIF', () => {
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('a pointer of the product file: its line and column (the nearest enclosing value for a field not yet stated)', () => {
    const stated = unknownOf('failure-reporting').locations[0]!.physicalLocation;
    expect(stated.artifactLocation).toEqual({ uri: 'sevenfold.json', uriBaseId: 'SRCROOT' });
    const at = product.positionOf(`/apps/0/authentication/${host}`);
    expect(at.line).toBeGreaterThan(1);
    expect([stated.region.startLine, stated.region.startColumn]).toEqual([at.line, at.column]);
    const missing = unknownOf('certificate-authentication').locations[0]!.physicalLocation;
    const app = product.positionOf('/apps/1');
    expect([missing.region.startLine, missing.region.startColumn]).toEqual([app.line, app.column]);
  });

  it('a field of a built-in design: the product file where a design of ones own is named, the built-in file related by file URL', () => {
    const r = unknownOf('renewable-security');
    expect(r.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: 'sevenfold.json', uriBaseId: 'SRCROOT' });
    expect(r.relatedLocations?.[0]?.physicalLocation.artifactLocation.uri).toBe(pathToFileURL(builtinUpdateFile()).href);
    expect(readFileSync(builtinUpdateFile(), 'utf8')).not.toContain('"timeSync"');
  });

  it('a reason that names no place: the product file\'s first line', () => {
    const r = unknownOf('defense-in-depth');
    expect(r.locations[0]!.physicalLocation.region).toEqual({ startLine: 1, startColumn: 1 });
    expect(r.relatedLocations).toBeUndefined();
  });
});

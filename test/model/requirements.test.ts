/**
 * The requirement profile: the built-in one loads and every requirement has a source; a broken profile
 * is refused with located errors; a property's bound is looked up by id and a missing one is an error
 * that the registry turns into `unknown`, never a default.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRequirementsFile, loadRequirements } from '../../model/requirements/load-requirements.js';
import { MissingRequirementError, requiredNumber, requirement } from '../../model/requirements/requirement-profile.js';
import { loadProduct } from '../../model/product/product.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { PROPERTIES, runProperty } from '../../properties/registry.js';
import { checkContext } from '../helpers/check-context.js';

const write = (value: unknown): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sevenfold-req-'));
  const file = join(dir, 'profile.json');
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
};

describe('requirement profile', () => {
  it('the built-in profile loads, and every requirement names its source', () => {
    const loaded = loadRequirements(builtinRequirementsFile());
    expect(loaded.errors).toEqual([]);
    const all = Object.values(loaded.design!.requirements).flat();
    expect(all.length).toBeGreaterThan(10);
    for (const r of all) expect(r.source.length, r.id).toBeGreaterThan(10);
    expect(requiredNumber(loaded.design!, 'certificate-authentication.max-certificate-lifetime')).toBe(24);
  });

  it('refuses a duplicated id, an id under the wrong property and a fraction above 1, each located', () => {
    const file = write({
      schemaVersion: 1,
      name: 'broken',
      version: '1',
      requirements: {
        'small-tcb': [
          { id: 'small-tcb.max-share', statement: 's', value: 1.5, unit: 'fraction', source: 'x' },
          { id: 'small-tcb.max-share', statement: 's', value: 0.5, unit: 'fraction', source: 'x' },
          { id: 'defense-in-depth.min-compromises', statement: 's', value: 2, source: 'x' },
        ],
      },
    });
    const loaded = loadRequirements(file);
    expect(loaded.design).toBeUndefined();
    const messages = loaded.errors.map((e) => `${e.pointer} ${e.message}`).join('\n');
    expect(messages).toMatch(/\/requirements\/small-tcb\/0\/value a fraction is at most 1/);
    expect(messages).toMatch(/\/requirements\/small-tcb\/1\/id requirement "small-tcb.max-share" is already defined/);
    expect(messages).toMatch(/\/requirements\/small-tcb\/2\/id .*must start with "small-tcb."/);
    for (const e of loaded.errors) expect(e.line).toBeGreaterThan(1);
  });

  it('refuses a requirement no property checks, an unknown failure kind, and a blank source or statement, each located', () => {
    const loaded = loadRequirements(
      write({
        schemaVersion: 1,
        name: 'custom',
        version: '1',
        requirements: {
          'small-tcb': [
            { id: 'small-tcb.max-share', statement: 's', value: 0.5, unit: 'fraction', source: ' ' },
            { id: 'small-tcb.no-debug-port', statement: 'no JTAG', value: true, source: 'my company' },
          ],
          'failure-reporting': [
            { id: 'failure-reporting.records-kind-app-crash', statement: '\t', source: 'x' },
            { id: 'failure-reporting.records-kind-meteor-strike', statement: 's', source: 'x' },
          ],
        },
      }),
    );
    expect(loaded.design).toBeUndefined();
    const messages = loaded.errors.map((e) => `${e.pointer} ${e.message}`).join('\n');
    expect(messages).toMatch(/\/requirements\/small-tcb\/0\/source requirement "small-tcb.max-share" states no source/);
    expect(messages).toMatch(/\/requirements\/small-tcb\/1\/id requirement "small-tcb.no-debug-port" is not one Sevenfold checks/);
    expect(messages).toMatch(/\/requirements\/failure-reporting\/0\/statement requirement "failure-reporting.records-kind-app-crash" states nothing/);
    expect(messages).toMatch(/\/requirements\/failure-reporting\/1\/id requirement "failure-reporting.records-kind-meteor-strike" names no failure kind/);
    expect(loaded.errors).toHaveLength(4);
  });

  it('refuses a source that names none ("n/a", "-", "TODO"): a looser max-share under it held small-tcb against that profile', () => {
    const profile = (source: string) => ({
      schemaVersion: 1,
      name: 'custom',
      version: '1',
      requirements: { 'small-tcb': [{ id: 'small-tcb.max-share', statement: 'The share of components that must be trusted.', value: 0.9, unit: 'fraction', ownChoice: true, source }] },
    });
    for (const source of ['n/a', 'N/A.', '-', '—', '?', '...', 'TODO', 'tbd', 'none', 'unknown', 'see above', '(source)']) {
      const loaded = loadRequirements(write(profile(source)));
      expect(loaded.design, source).toBeUndefined();
      expect(loaded.errors.map((e) => `${e.pointer} ${e.message}`), source).toEqual([expect.stringMatching(/^\/requirements\/small-tcb\/0\/source requirement "small-tcb.max-share" names no source \(".*": .*\): say where the requirement comes from/)]);
    }
    // Sound twins: a source that names a document, an organisation or a reason loads.
    for (const source of ['Contoso product security policy PSP-7 §3.2', 'my company', 'RFC 8446', 'x']) expect(loadRequirements(write(profile(source))).errors, source).toEqual([]);
  });

  // s38-mutants: mutation testing (npm run mutate model/requirements/source-text.ts) left 14 mutants alive: every
  // stand-in word the test above does not write could be dropped from the list, the punctuation around a word could
  // be stripped one character only, runs of spaces left as they are, and a line feed in the source left marked, and
  // each such profile (a looser max-share "because: ditto") loaded. Written out here, not read from the rule's list.
  it('refuses every stand-in for a source, however it is spaced, punctuated or broken across lines', () => {
    const profile = (source: string) => ({
      schemaVersion: 1,
      name: 'custom',
      version: '1',
      requirements: { 'small-tcb': [{ id: 'small-tcb.max-share', statement: 'The share of components that must be trusted.', value: 0.9, unit: 'fraction', ownChoice: true, source }] },
    });
    const standIns = ['na', 'NA', 'null', 'nil', 'Nothing', 'TBA', 'tbc', 'see below', 'same', 'Same as above', 'ditto', 'source', 'TODO'];
    const spelled = ['-- n/a --', '...TODO...', '"ditto"!!', 'see   above', 'same  as\tabove', 'n/a\n', '\nTODO\n', 'see\nbelow'];
    for (const source of [...standIns, ...spelled]) {
      const loaded = loadRequirements(write(profile(source)));
      expect(loaded.design, JSON.stringify(source)).toBeUndefined();
      expect(loaded.errors.map((e) => e.pointer), JSON.stringify(source)).toEqual(['/requirements/small-tcb/0/source']);
    }
    // Sound twins: a source that only begins or ends like a stand-in, or has one inside it, names something.
    for (const source of ['N/A-2026 security baseline', 'Same rules as the Contoso fleet policy PSP-7', 'TODO list of the threat model, item 4', 'see above: EN 303 645 5.7-1', 'nothing-but-net policy §2']) {
      expect(loadRequirements(write(profile(source))).errors, source).toEqual([]);
    }
  });

  it('refuses a bound in another unit than the one its property reads, or with no unit (no unit is converted)', () => {
    const loaded = loadRequirements(
      write({
        schemaVersion: 1,
        name: 'units',
        version: '1',
        requirements: {
          'small-tcb': [{ id: 'small-tcb.max-share', statement: 's', value: 50, unit: 'percent', source: 'x' }],
          'certificate-authentication': [
            { id: 'certificate-authentication.max-certificate-lifetime', statement: 's', value: 60, unit: 'minutes', source: 'x' },
            { id: 'certificate-authentication.max-attestation-interval', statement: 's', value: 24, source: 'x' },
            { id: 'certificate-authentication.attestation-protocol', statement: 's', value: true, unit: 'hours', source: 'x' },
          ],
        },
      }),
    );
    expect(loaded.design).toBeUndefined();
    const messages = loaded.errors.map((e) => `${e.pointer} ${e.message}`).join('\n');
    expect(messages).toMatch(/\/requirements\/small-tcb\/0\/unit requirement "small-tcb.max-share" is read in fraction: state "unit": "fraction", not "percent"/);
    expect(messages).toMatch(/\/requirements\/certificate-authentication\/0\/unit .* is read in hours: state "unit": "hours", not "minutes"/);
    expect(messages).toMatch(/\/requirements\/certificate-authentication\/1\/id .*max-attestation-interval" is read in hours: state "unit": "hours" \(/);
    expect(messages).toMatch(/\/requirements\/certificate-authentication\/2\/unit .*attestation-protocol" is a rule and takes no unit/);
    expect(loaded.errors).toHaveLength(4);
    // The same bounds in the units the properties read load.
    const fixed = loadRequirements(write({ schemaVersion: 1, name: 'units', version: '1', requirements: { 'small-tcb': [{ id: 'small-tcb.max-share', statement: 's', value: 0.5, unit: 'fraction', source: 'x' }] } }));
    expect(fixed.errors).toEqual([]);
  });

  it('refuses a profile that is not a profile (schema), with the file and pointer', () => {
    const loaded = loadRequirements(write({ schemaVersion: 2, name: 'x', version: '1', requirements: {} }));
    expect(loaded.design).toBeUndefined();
    expect(loaded.errors[0]!.pointer).toBe('/schemaVersion');
  });

  it('a requirement the profile lacks is an error, and the property is unknown, not holds', async () => {
    const empty = { schemaVersion: 1 as const, name: 'empty', version: '0', requirements: {} };
    expect(() => requirement(empty, 'small-tcb.max-share')).toThrow(MissingRequirementError);
    const product = loadProduct(builtinProductFile()).product!;
    const property = PROPERTIES.find((p) => p.id === 'small-tcb')!;
    const original = property.check!;
    try {
      property.check = async (_p, ctx) => {
        requiredNumber(ctx.requirements, 'small-tcb.max-share');
        return { property: 'small-tcb', verdict: 'holds', summary: 'x' };
      };
      const result = await runProperty(property, product, checkContext({ requirements: empty }));
      expect(result.verdict).toBe('unknown');
      expect(result.summary).toMatch(/has no requirement "small-tcb.max-share"/);
    } finally {
      property.check = original;
    }
  });

  it('every verdict lists its inputs with SHA-256 and names the profile', async () => {
    const product = loadProduct(builtinProductFile()).product!;
    const property = PROPERTIES.find((p) => p.id === 'small-tcb')!;
    const result = await runProperty(property, product, checkContext());
    expect(result.profile).toBe('seven-properties-azure-sphere 2026.12');
    expect(result.inputs!.map((i) => i.role)).toContain('platform design');
    for (const i of result.inputs!) expect(i.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

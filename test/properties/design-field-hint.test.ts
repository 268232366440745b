import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinProductFile } from '../../model/product/builtin.js';
import { loadProduct } from '../../model/product/product.js';
import { builtinUpdateFile } from '../../model/update/load-update.js';
import { checkClockSetters } from '../../properties/renewable-security/clock.js';

// An unknown asks the reviewer to state a field of a design. When the design in use is the built-in one (inside
// Sevenfold, shared by every product, replaced by every install), "state it in the update design" sends them to a
// file they cannot edit: the hint must say to copy it and name the copy in the product file.
describe('a design field an unknown asks for', () => {
  const loaded = loadProduct(builtinProductFile());
  const product = loaded.product!;
  const design = product.update!;

  it('on the built-in update design: copy it, state the field, name the copy as "update"', () => {
    const outcome = checkClockSetters(design, builtinUpdateFile(), product, 'sevenfold verify');
    expect(outcome.verdict).toBe('unknown');
    const hint = outcome.evidence.flatMap((e) => e.lines).find((l) => l.includes('"timeSync"'))!;
    expect(hint).toContain('built-in');
    expect(hint).toContain('copy it');
    expect(hint).toContain('azure-sphere-update.json');
    expect(hint).toContain('"update"');
  });

  it('on an update design of the maker\'s own: names that file, says nothing of copying', () => {
    const own = join(mkdtempSync(join(tmpdir(), 'sf-hint-')), 'update.json');
    copyFileSync(builtinUpdateFile(), own);
    const outcome = checkClockSetters(design, own, product, 'sevenfold verify');
    expect(outcome.verdict).toBe('unknown');
    const hint = outcome.evidence.flatMap((e) => e.lines).find((l) => l.includes('"timeSync"'))!;
    expect(hint).toContain('update.json');
    expect(hint).not.toContain('built-in');
    expect(hint).not.toContain('copy');
  });
});

describe('the hint names each built-in design kind as a reviewer reads it', () => {
  it('"an update design", "a platform design", "a protocol design"', async () => {
    const { designFieldPlace } = await import('../../model/product/design-field-hint.js');
    const { builtinPlatformFile } = await import('../../model/platform/load-platform.js');
    const { builtinProtocolFile } = await import('../../model/attestation/load-protocol.js');
    expect(designFieldPlace('update', builtinUpdateFile())).toMatch(/^in an update design of your own/);
    expect(designFieldPlace('platform', builtinPlatformFile())).toMatch(/^in a platform design of your own/);
    expect(designFieldPlace('protocol', builtinProtocolFile())).toMatch(/^in a protocol design of your own/);
  });
});

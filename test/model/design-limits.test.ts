/**
 * Values a design file states that its encodings cannot hold (times past the u32 seconds clock, durations
 * under its one-second resolution, more events than the flash holds, lengths past a u32), and boot graphs
 * that cannot exist, are located input errors: `verify` exits 2 naming file, line, column and pointer,
 * instead of a check failing internally, hanging, or deciding on garbage arithmetic.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';
import { loadPlatform } from '../../model/platform/load-platform.js';
import { loadUpdateDesign } from '../../model/update/load-update.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import { captureIo, tempDir } from '../helpers.js';
import { defaultDesign } from '../update/helpers.js';
import { builtinPlatformFile } from '../../model/platform/load-platform.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { packageRoot } from '../../model/product/builtin.js';
import { loadProduct } from '../../model/product/product.js';
import { builtinProtocolFile } from '../../model/attestation/load-protocol.js';

type Edit = (d: UpdateDesign) => void;

/** The update design with one edit, loaded from a temp file: its errors as "pointer: message" and the line of the first. */
function loadEdited(edit: Edit): { errors: string[]; line?: number; text: string } {
  const t = tempDir();
  try {
    const design = defaultDesign();
    edit(design);
    const text = JSON.stringify(design, null, 2);
    const loaded = loadUpdateDesign(t.write('update.json', text));
    return { errors: loaded.errors.map((e) => `${e.pointer}: ${e.message}`), ...(loaded.errors[0] ? { line: loaded.errors[0].line } : {}), text };
  } finally {
    t.cleanup();
  }
}

const set =
  (path: string, value: number): Edit =>
  (d) => {
    const keys = path.split('.');
    let node = d as unknown as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
    node[keys.at(-1)!] = value;
  };

describe('update design values past what the encodings hold', () => {
  // [field, a value past the bound, the largest value accepted]
  const beyond: [string, number, number][] = [
    ['checks.intervalHours', 1e308, 87_600],
    ['checks.maxIntervalHours', 87_601, 87_600],
    ['deferral.maxHours', 1e308, 175_200],
    ['metadata.expiresAfterHours', 87_600.5, 87_600],
    ['metadata.maxClockSkewSeconds', 1e300, 31_536_000],
    ['download.timeoutSeconds', 31_536_001, 31_536_000],
    ['download.maxImageBytes', 2 ** 32, 64 * 1024 * 1024],
    ['feeds.1.leadDays', 1e308, 3650],
    ['failureReporting.maxReportDays', 1e308, 36_500],
    ['failureReporting.systemEventCapacity', 1e9, 65_536],
    ['failureReporting.eventsPerAppCapacity', 65_537, 65_536],
  ];

  it.each(beyond)('%s = %d is an error located at that field', (field, bad) => {
    const { errors } = loadEdited((d) => {
      if (field.startsWith('checks.')) d.checks.maxIntervalHours = Math.max(d.checks.maxIntervalHours, 1);
      set(field, bad)(d);
    });
    const pointer = `/${field.replace(/\./g, '/')}`;
    expect(errors.some((e) => e.startsWith(`${pointer}: `) && /must be <=/.test(e))).toBe(true);
  });

  it.each(beyond.map(([field, , largest]) => [field, largest] as const))('%s at its bound (%d) is accepted', (field, largest) => {
    const { errors } = loadEdited((d) => {
      set(field, largest)(d);
      if (field === 'checks.intervalHours') d.checks.maxIntervalHours = largest;
    });
    expect(errors).toEqual([]);
  });

  it('keeps flawed designs loadable, so their flaws are verdicts: a 100,000-hour deferral, reports of 1,000,000 events over 3,650 days', () => {
    expect(loadEdited((d) => void (d.deferral.maxHours = 100_000)).errors).toEqual([]);
    expect(loadEdited((d) => Object.assign(d.failureReporting, { maxEventsPerReport: 1_000_000, maxReportDays: 3650 })).errors).toEqual([]);
  });

  it.each([
    ['checks.intervalHours', 1e-300, 'h'],
    ['deferral.maxHours', 0.0001, 'h'],
    ['metadata.expiresAfterHours', 1e-9, 'h'],
    ['failureReporting.maxReportDays', 1e-6, 'days'],
  ] as const)('%s = %d, under one second, is an error: the device clock counts whole seconds', (field, value, unit) => {
    const { errors } = loadEdited(set(field, value));
    expect(errors).toEqual([`/${field.replace(/\./g, '/')}: ${value} ${unit} is under one second: update metadata counts time in whole seconds`]);
  });

  it('a deferral of 0 h (no deferral) is not a sub-second duration', () => {
    expect(loadEdited(set('deferral.maxHours', 0)).errors).toEqual([]);
  });

  it('verify stops with exit 2 and the located error (it used to report "the check failed internally: Infinity is not a u32")', async () => {
    const t = tempDir();
    try {
      const design = defaultDesign();
      design.checks.intervalHours = 1e308;
      design.checks.maxIntervalHours = 1e308;
      const updateText = JSON.stringify(design, null, 2);
      t.write('update.json', updateText);
      const product = productNaming({ update: 'update.json' });
      const file = t.write('sevenfold.json', product);
      const io = captureIo(t.dir);
      expect(await runCli(['verify', '--product', file, '--property', 'renewable-security'], io)).toBe(2);
      const line = updateText.split('\n').findIndex((l) => l.includes('"intervalHours"')) + 1;
      expect(io.stderr() + io.stdout()).toContain(`update.json:${line}:5: error SF5001 UpdateDesignInvalid: "checks.intervalHours" must be <= 87600 [/checks/intervalHours]`);
      expect(io.stderr() + io.stdout()).not.toMatch(/internally|\n\s+at /);
    } finally {
      t.cleanup();
    }
  });
});

describe('platform boot graphs that cannot exist', () => {
  it('a boot stage that loads mask ROM is a located boot-graph error (it used to be "verified" as a flash image of ROM)', () => {
    const t = tempDir();
    try {
      const design = JSON.parse(readFileSync(builtinPlatformFile(), 'utf8'));
      design.components.push({ id: 'rom2', name: 'second ROM', core: 'Pluton', world: 'secure', privilege: 'rom', mutable: false });
      design.boot.unshift({ image: 'pluton-rom', loadedBy: 'rom2', checks: [] });
      const loaded = loadPlatform(t.write('platform.json', JSON.stringify(design, null, 2)));
      expect(loaded.design).toBeUndefined();
      expect(loaded.diagnostics.map((d) => `${d.name} ${d.pointer}: ${d.message}`)).toEqual([
        'PlatformBootGraph /boot/0/image: pluton-rom is mask ROM (mutable: false): it is not loaded from an image, so no boot stage can load it',
      ]);
    } finally {
      t.cleanup();
    }
  });
});

describe('design files a product names', () => {
  it('an invalid protocol design is a located input error of verify (exit 2), like an invalid update design (it was an unknown verdict)', async () => {
    const t = tempDir();
    try {
      const protocol = JSON.parse(readFileSync(builtinProtocolFile(), 'utf8'));
      protocol.attestation.periodHours = 0;
      const text = JSON.stringify(protocol, null, 2);
      t.write('protocol.json', text);
      const file = t.write('sevenfold.json', productNaming({ protocol: 'protocol.json' }));
      const loaded = loadProduct(file);
      const line = text.split('\n').findIndex((l) => l.includes('"periodHours"')) + 1;
      expect(loaded.hasErrors).toBe(true);
      expect(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.name} ${d.pointer} ${d.position.line}: ${d.message}`)).toEqual([
        `ProtocolDesignInvalid /attestation/periodHours ${line}: "attestation.periodHours" must be >= 1`,
      ]);
      const io = captureIo(t.dir);
      expect(await runCli(['verify', '--product', file, '--property', 'certificate-authentication'], io)).toBe(2);
    } finally {
      t.cleanup();
    }
  });
});

/** A product file (the reference product's apps, by absolute path) naming the given design files. */
function productNaming(designs: Record<string, string>): object {
  const ref = resolve(packageRoot(), 'products', 'mt3620-reference');
  const product = JSON.parse(readFileSync(resolve(ref, 'sevenfold.json'), 'utf8')) as { hardwareDefinition: string; hardwarePath: string[]; apps: { manifest: string }[]; $schema?: string };
  delete product.$schema;
  return {
    ...product,
    hardwareDefinition: resolve(ref, product.hardwareDefinition),
    hardwarePath: product.hardwarePath.map((p) => resolve(ref, p)),
    apps: product.apps.map((a) => ({ ...a, manifest: resolve(ref, a.manifest) })),
    ...designs,
  };
}

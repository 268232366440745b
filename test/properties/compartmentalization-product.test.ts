/**
 * Compartmentalization on what the product really ships: a one-app product is a valid product
 * (noninterference holds trivially and says so; crash isolation is checked against the OS side), an allocation of no
 * I/O block says it was trivial rather than proved, and an
 * image whose manifest differs from the product's makes the verdict violated, located at the product
 * file's /apps/i/image and at the manifest's pointer.
 */
import { productAssumingNoBusMasters } from '../fixtures/bus-masters-stated.js';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { checkCompartmentalization } from '../../properties/compartmentalization/index.js';
import { runCompartmentalizationSuite } from '../../properties/compartmentalization/suite.js';
import { imageManifestFindings } from '../../properties/hardware-root-of-trust/image-manifest-match.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { checkContext } from '../helpers/check-context.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');

afterAll(async () => {
  await shutdownZ3();
});

function load(rel: string): Product {
  const loaded = loadProduct(resolve(root, rel));
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.product!;
}

const context = checkContext({ seed: 20261204, runs: 40, timeoutMs: 20_000, command: 'sevenfold verify --property compartmentalization' });

describe('an allocation of no I/O block', () => {
  it('says it was trivial, not proved: no app claims a block (cert-password-to-host); the reference product, whose apps claim blocks, says proved', async () => {
    const none = await checkCompartmentalization(load('test/fixtures/products/cert-password-to-host/sevenfold.json'), context);
    expect(none.summary).toMatch(/^firewall allocation trivial \(no I\/O block claimed\);/);
    expect(none.evidence![0]!.title).toMatch(/: sat trivially: no I\/O block is claimed\)$/);
    expect(none.bound).toMatch(/^allocation sat \([^)]*, no block claimed\)/);
    // On the built-in design, which leaves busMasters out (unknown, s37-dma), with the fixture assumption that no app
  // programs a bus master (test/fixtures/bus-masters-stated.ts): only the rules under test decide.
    const some = await checkCompartmentalization(productAssumingNoBusMasters(load('products/mt3620-reference/sevenfold.json')), context);
    expect(some.summary).toMatch(/^firewall allocation proved;/);
    expect(some.evidence![0]!.lines.length).toBeGreaterThan(0);
  }, 120_000);
});

describe('compartmentalization of a one-app product', () => {
  it('holds: noninterference holds trivially and says why; model-based and crash isolation run their cases', async () => {
    const result = await checkCompartmentalization(load('examples/hello-world-hl/sevenfold.json'), context);
    expect(result.verdict, result.summary).toBe('holds');
    expect(result.summary).toContain('noninterference trivially: one app');
    const nonint = result.evidence!.find((e) => e.title.startsWith('noninterference'))!;
    expect(nonint.title).toBe('noninterference: holds trivially (one app)');
    expect(nonint.lines.join('\n')).toMatch(/HelloWorld_HighLevelApp is the product's only app.*no pair of compartments to compare; no case was run/);
    expect(result.bound).toContain('noninterference trivial (one app)');
    const crash = result.evidence!.find((e) => e.title.startsWith('crash-isolation'))!;
    expect(crash.title).toBe('crash-isolation: holds (40 runs, seed 20261204)');
    expect(crash.lines[0]).toContain('checked against the OS side');
  });

  it('a real-time app alone holds too', async () => {
    const result = await checkCompartmentalization(load('examples/hello-world-rt/sevenfold.json'), context);
    expect(result.verdict, result.summary).toBe('holds');
  });

  it('crash isolation with one app still fails when the crash takes the OS down (a crash that reboots the device)', () => {
    const spec = new IsolationSpec(load('examples/hello-world-hl/sevenfold.json'));
    const [crash] = runCompartmentalizationSuite(spec, { seed: 3, runs: 40, checks: ['crash-isolation'], faults: { crashRebootsDevice: true } });
    expect(crash!.verdict).toBe('violated');
    expect(crash!.summary).toMatch(/rebooted the whole device/);
  });

  it('with two apps noninterference is not trivial: it runs its cases', () => {
    const spec = new IsolationSpec(load('examples/intercore-comms/sevenfold.json'));
    const [nonint] = runCompartmentalizationSuite(spec, { seed: 3, runs: 10, checks: ['noninterference'] });
    expect(nonint).toMatchObject({ verdict: 'holds', runs: 10 });
    expect(nonint!.trivial).toBeUndefined();
  });
});

describe('compartmentalization when an image does not carry the product manifest', () => {
  it('is violated, located at /apps/0/image and at the manifest pointer, before anything is decided about the wrong manifest', async () => {
    const product = load('test/fixtures/products/image-manifest-mismatch/sevenfold.json');
    const result = await checkCompartmentalization(product, context);
    expect(result.verdict).toBe('violated');
    expect(result.summary).toMatch(/^compartmentalization\.hardware-barriers: 1 difference between an app's image and the product's manifest in what this rule reads: Blinky's image .* carries Capabilities\/Gpio \[9, 12\], but its manifest states \[12 \(\$THERMOSTAT_BUTTON_UP\)\]/);
    const data = result.evidence![0]!.data as { kind: string; locations: { file: string; pointer: string; position: { line: number } }[] };
    expect(data.kind).toBe('image-manifest-mismatch');
    expect(data.locations.map((l) => [l.file, l.pointer])).toEqual([
      [product.file, '/apps/0/image'],
      [product.apps[0]!.manifestFile, '/Capabilities/Gpio'],
    ]);
    expect(data.locations.every((l) => l.position.line > 1)).toBe(true);
    expect(result.evidence![0]!.reproduce).toContain('--seed 20261204');
  });

  it('imageManifestFindings is empty when every image matches, one finding per difference otherwise', () => {
    expect(imageManifestFindings(load('examples/intercore-comms/sevenfold.json'))).toEqual([]);
    const findings = imageManifestFindings(load('test/fixtures/products/image-manifest-mismatch/sevenfold.json'));
    expect(findings.map((f) => `${f.app} ${f.field}`)).toEqual(['Blinky Capabilities/Gpio']);
  });
});

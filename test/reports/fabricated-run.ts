/**
 * Verification runs made by hand, for testing the report renderers without running the checks:
 * the products are real (loaded from their files); the results imitate what the checks return.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProduct, type Product } from '../../model/product/product.js';
import { combineVerdicts, type PropertyResult } from '../../properties/verdict.js';
import type { PropertyInfo, VerificationRun } from '../../reports/audit/types.js';

export const root = resolve(fileURLToPath(import.meta.url), '../../..');
export const builtinFile = resolve(root, 'products/mt3620-reference/sevenfold.json');
export const flawedDir = resolve(root, 'test/fixtures/products/cross-core-block');
export const flawedFile = resolve(flawedDir, 'sevenfold.json');

export const PROPERTY_INFOS: PropertyInfo[] = [
  ['hardware-root-of-trust', 'Hardware-based root of trust', 'Does the device have a unique, unforgeable identity that is inseparable from the hardware?'],
  ['small-tcb', 'Small trusted computing base', "Is most of the device's software outside the device's trusted computing base?"],
  ['defense-in-depth', 'Defense in depth', 'Is the device still protected if the security of one layer of device software is breached?'],
  ['compartmentalization', 'Compartmentalization', 'Does a failure in one component of the device require a reboot of the entire device to return to operation?'],
  ['certificate-authentication', 'Certificate-based authentication', 'Does the device use certificates instead of passwords for authentication?'],
  ['renewable-security', 'Renewable security', "Is the device's software updated automatically?"],
  ['failure-reporting', 'Failure reporting', 'Does the device report failures to its manufacturer?'],
].map(([id, title, question]) => ({ id: id!, title: title!, question: question!, definition: `definition of ${id}`, implemented: id === 'small-tcb' || id === 'compartmentalization' }));

export function loadOrThrow(file: string): Product {
  const loaded = loadProduct(file);
  if (!loaded.product || loaded.hasErrors) throw new Error(`cannot load ${file}`);
  return loaded.product;
}

const unknown = (id: string): PropertyResult => ({ property: id, verdict: 'unknown', summary: 'no check for this property is implemented in this version of Sevenfold' });

function run(product: Product, source: VerificationRun['productSource'], results: PropertyResult[], seed: number): VerificationRun {
  return {
    tool: { name: 'sevenfold', version: '0.1.0', commit: '0123456789abcdef0123456789abcdef01234567' },
    startedAt: '2026-11-21T12:00:00.000Z',
    durationMs: 1234,
    product,
    productSource: source,
    cwd: root,
    seed,
    runs: 50,
    timeoutMs: 10_000,
    properties: PROPERTY_INFOS,
    results,
    verdict: combineVerdicts(results),
    diagnostics: [],
    command: `sevenfold verify${source === 'builtin' ? '' : ' --product test/fixtures/products/cross-core-block/sevenfold.json'} --seed ${seed} --runs 50 --timeout 10000`,
  };
}

/** The built-in product: small-tcb and compartmentalization hold, the rest unknown. */
export function fabricatedBuiltinRun(): VerificationRun {
  const product = loadOrThrow(builtinFile);
  const results = PROPERTY_INFOS.map((p): PropertyResult => {
    if (p.id === 'small-tcb') return { property: p.id, verdict: 'holds', summary: 'TCB is 4 of 10 components (40%), within the declared TCB', bound: 'exact: every component and access rule', evidence: [{ title: 'computed TCB: 4 of 10 components (40%)', lines: ['Pluton ROM: is immutable ROM'] }], timings: [{ check: 'TCB from the design', ms: 0.4 }] };
    if (p.id === 'compartmentalization')
      return {
        property: p.id,
        verdict: 'holds',
        summary: 'firewall allocation proved; 3 suite checks passed',
        bound: 'Z3 allocation sat; model-based 50 runs, noninterference 50 runs, crash-isolation 50 runs; seed 7',
        evidence: [
          { title: 'I/O firewall allocation (Z3: sat)', lines: ['GPIO-3 → A7'], data: { coreOf: new Map([['a', 'A7']]), blockOwner: { 'GPIO-3': 'A7' } } },
          { title: 'model-based: holds (50 runs, seed 7)', lines: ['every syscall answered as the spec says'], reproduce: 'sevenfold verify --property compartmentalization --runs 50 --seed 7' },
        ],
      };
    return unknown(p.id);
  });
  return run(product, 'builtin', results, 7);
}

/** The cross-core-block product: compartmentalization violated by an allocation conflict and a suite counterexample, with a warning. */
export function fabricatedFlawedRun(): VerificationRun {
  const product = loadOrThrow(flawedFile);
  const blinky = resolve(flawedDir, 'apps/blinky-hl/app_manifest.json');
  const dimmer = resolve(flawedDir, 'apps/dimmer-rt/app_manifest.json');
  const reproduce = 'sevenfold verify --property compartmentalization --product test/fixtures/products/cross-core-block/sevenfold.json --runs 50 --seed 42';
  const results = PROPERTY_INFOS.map((p): PropertyResult => {
    if (p.id !== 'compartmentalization') return unknown(p.id);
    return {
      property: p.id,
      verdict: 'violated',
      summary: "1 allocation conflict: app Blinky's $THERMOSTAT_BUTTON_UP (Gpio 12) and app Dimmer's Gpio 14 need block GPIO-3 on both A7 and M4-0",
      warnings: ["test/fixtures/products/cross-core-block/apps/dimmer-rt/app_manifest.json /Capabilities/AllowedApplicationConnections/0: Dimmer lists Ghost as a partner, but not the other way round: the channel stays closed"],
      evidence: [
        {
          title: 'conflict (cross-core-block, device error 5242895)',
          lines: ["app Blinky's $THERMOSTAT_BUTTON_UP (Gpio 12) and app Dimmer's Gpio 14 need block GPIO-3 on both A7 and M4-0; the I/O firewall gives a block to one core", '  fix: move one of them'],
          reproduce,
          data: {
            kind: 'cross-core-block',
            deviceError: 5242895,
            deviceErrorName: 'GpioBlockConflict',
            claims: [
              { compartment: 'Blinky', file: blinky, pointer: '/Capabilities/Gpio/0', position: { line: 9, column: 7 }, block: 'GPIO-3', description: "Blinky's $THERMOSTAT_BUTTON_UP (Gpio 12)" },
              // No position: the report looks the pointer up in the file.
              { compartment: 'Dimmer', file: dimmer, pointer: '/Capabilities/Gpio/0', block: 'GPIO-3', description: "Dimmer's Gpio 14" },
            ],
          },
        },
        {
          title: 'crash-isolation: violated (3 runs, seed 42)',
          lines: [
            'a crash of Dimmer stopped Blinky',
            'counterexample: victim: Dimmer crashes (null dereference) before step 2 and is restarted before step 3\n1. Blinky: peripheral-open Gpio 12 → ok fd 3\n-- Dimmer crashes (null dereference) → ok\n2. Blinky: peripheral-read Gpio 12 → ENODEV   ✗ without the crash: ok "1"; <b>not html</b>',
            'replay: seed 42, path "0:1": runCompartmentalizationSuite(spec, { seed: 42, runs: 50, replay: { check: \'crash-isolation\', path: \'0:1\' } })',
          ],
          reproduce,
        },
      ],
    };
  });
  return run(product, 'option', results, 42);
}

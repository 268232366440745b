/**
 * A product's criticalAssets may name a peripheral as an app's manifest names it, "$NAME" through the product's
 * hardware definition (model/product/product.ts readCriticalAssets, by formats/manifest/resolve-references.ts
 * resolveName, the rule the manifests' references follow). A name that does not resolve to a peripheral of the
 * written kind is an input error at the product file's pointer, never a silently dropped goal.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProduct } from '../../model/product/product.js';
import { buildProductAttackGraph } from '../../model/platform/product-attack-graph.js';
import { minimumCompromises } from '../../model/platform/attack-graph.js';
import { tempDir } from '../helpers.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const hardware = resolve(root, 'products/mt3620-reference/hardware');
const manifest = resolve(root, 'test/fixtures/platforms/listener-drives-named-pwm/apps/gateway-hl/app_manifest.json');

function load(criticalAssets: string[], withHardware = true) {
  const t = tempDir();
  try {
    const file = t.write('sevenfold.json', {
      schemaVersion: 1,
      name: 'named critical assets',
      chip: 'mt3620',
      ...(withHardware ? { hardwareDefinition: resolve(hardware, 'sevenfold_thermostat.json'), hardwarePath: [hardware] } : {}),
      apps: [{ manifest }],
      criticalAssets,
    });
    return loadProduct(file);
  } finally {
    t.cleanup();
  }
}

describe("criticalAssets resolve $NAME through the product's hardware definition", () => {
  it('to the raw value the build would write: a Pwm, a Gpio and a Uart', () => {
    const loaded = load(['Pwm:$FAN_PWM_CONTROLLER', 'Gpio:$THERMOSTAT_BUTTON_UP', 'Uart:$THERMOSTAT_DEBUG_UART', 'Gpio:8']);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(loaded.product!.criticalAssets.map((c) => c.resource)).toEqual(['Pwm:PWM-CONTROLLER-1', 'Gpio:12', 'Uart:ISU0', 'Gpio:8']);
  });

  it.each([
    ['Pwm:$NO_SUCH_NAME', 'UnresolvedReference', /\$NO_SUCH_NAME is not defined in .+ or its imports/],
    ['Gpio:$FAN_PWM_CONTROLLER', 'ReferenceTypeMismatch', /\$FAN_PWM_CONTROLLER is a Pwm peripheral but is listed under "Gpio"/],
    ['Pwm:$FAN_PWM_CHANNEL', 'IntPeripheralInManifest', /\$FAN_PWM_CHANNEL is Type "int"/],
  ])('%s is an input error at /criticalAssets/0 (%s)', (asset, name, message) => {
    const loaded = load([asset]);
    expect(loaded.hasErrors).toBe(true);
    const error = loaded.diagnostics.find((d) => d.severity === 'error')!;
    expect(error).toMatchObject({ name, pointer: '/criticalAssets/0' });
    expect(error.file.endsWith('sevenfold.json')).toBe(true);
    expect(error.message).toMatch(message);
  });

  it('without a hardware definition in the product, a $NAME is an input error that says so', () => {
    const loaded = load(['Pwm:$FAN_PWM_CONTROLLER'], false);
    const error = loaded.diagnostics.find((d) => d.pointer === '/criticalAssets/0')!;
    expect(error).toMatchObject({ severity: 'error', name: 'ProductInvalid' });
    expect(error.message).toMatch(/states no hardwareDefinition/);
  });

  // s37-corpus: the product resolved a critical $NAME through its own definition only, while the app that names it is
  // built against another; the goal became a pin no app drives, and defense-in-depth held.
  it('an app built against another definition that gives the name another peripheral makes the entry an input error (critical-name-other-board)', () => {
    const loaded = loadProduct(resolve(root, 'test/fixtures/products/critical-name-other-board/sevenfold.json'));
    expect(loaded.hasErrors).toBe(true);
    const error = loaded.diagnostics.find((d) => d.pointer === '/criticalAssets/0')!;
    expect(error).toMatchObject({ severity: 'error', name: 'ProductInvalid' });
    expect(error.message).toMatch(/\$ROVER_LED resolves to Gpio 8 through the product's hardwareDefinition, but RoverRemote \(\/apps\/0\) gets Gpio 12 under that name, built against "Rover board B": which peripheral is critical is not known/);
  });

  it('the sound twin names the definition the app is built against: the goal is the pin the app drives, one compromise from the network (critical-name-app-board)', () => {
    const loaded = loadProduct(resolve(root, 'test/fixtures/products/critical-name-app-board/sevenfold.json'));
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const product = loaded.product!;
    expect(product.criticalAssets.map((c) => c.resource)).toEqual(['Gpio:12']);
    expect(minimumCompromises(buildProductAttackGraph(product), 'network', 'Gpio:12').cost).toBe(1);
  });
});

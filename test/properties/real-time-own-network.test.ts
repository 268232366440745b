/**
 * A real-time app slot the design marks network-facing (an Ethernet controller on the M4's own SPI) has a network of
 * its own, whatever appIsolation.realTimeNetwork says of the OS's: compartmentalization.real-time-apps-no-network is
 * violated through the emulated device (design-rights.ts ownNetworkOf), which the spec agrees with
 * (IsolationSpec networkReach). Fixtures: test/fixtures/platforms/rt-app-own-ethernet (held before), sound
 * hl-app-network-facing (the high-level slot marked network-facing: its per-app firewall stands).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bootDevice } from '../../emulator/app-device.js';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { checkCompartmentalization } from '../../properties/compartmentalization/index.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { checkContext } from '../helpers/check-context.js';

const here = resolve(fileURLToPath(import.meta.url), '..');
const load = (name: string): Product => {
  const loaded = loadProduct(resolve(here, '../fixtures/platforms', name, 'sevenfold.json'));
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.product!;
};
const context = checkContext({ seed: 42, runs: 20, timeoutMs: 20_000, command: 'sevenfold verify --property compartmentalization' });

afterAll(() => shutdownZ3());

describe('compartmentalization: a real-time app slot the design marks network-facing has a network', () => {
  it('rt-app-own-ethernet is violated at real-time-apps-no-network, naming the slot\'s networkFacing, not realTimeNetwork "none"', async () => {
    const result = await checkCompartmentalization(load('rt-app-own-ethernet'), context);
    expect(result.verdict, result.summary).toBe('violated');
    expect(result.summary).toMatch(/^compartmentalization\.real-time-apps-no-network: real-time app FanControl_RTApp connected to /);
    const lines = (result.evidence ?? []).flatMap((e) => e.lines).join('\n');
    expect(lines).toMatch(/\/components\/\d+\/networkFacing: rt-app-0 parses network input/);
    expect(lines).not.toMatch(/\/appIsolation\/realTimeNetwork: "none"/);
  });

  it('the sound twin, the high-level slot marked network-facing, holds', async () => {
    const result = await checkCompartmentalization(load('hl-app-network-facing'), context);
    expect(result.verdict, result.summary).toBe('holds');
  });

  it('the spec and the emulated device agree: FanControl_RTApp connects anywhere, AirSampler_RTApp nowhere', () => {
    const product = load('rt-app-own-ethernet');
    const spec = new IsolationSpec(product);
    const booted = bootDevice(product);
    if (!booted.ok) throw new Error(booted.reason);
    for (const app of product.apps) {
      const id = app.manifest.componentId;
      if (id === undefined) throw new Error(`${app.manifest.name} has no ComponentId`);
      const device = booted.device.syscall(id, { kind: 'connect', host: 'example.net' }).ok;
      expect(spec.connectAccess(id, 'example.net').allowed, app.manifest.name).toBe(device);
      expect(device, app.manifest.name).toBe(app.manifest.name === 'FanControl_RTApp');
    }
  });
});

/**
 * A component loaded from an image of type Other (which says nothing of what it parses) must state whether it parses
 * network input (model/platform/attack-surface.ts unstatedNetworkExposure). Before (main at 6b224da), fixture
 * network-coprocessor-unmarked (the defended platform plus a maker's modem coprocessor firmware, type Other, that may
 * write the I/O firewall configuration, networkFacing left out) held defense-in-depth ("every critical asset needs
 * ≥ 2 independent compromises"): left out read as "not network-facing". Now it is unknown naming
 * /components/10/networkFacing; the same firmware marked true is violated (1 compromise from the network), and
 * stated false holds (network-coprocessor-stated-offline): a stated mark is used as stated.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unstatedNetworkExposure } from '../../model/platform/attack-surface.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { checkDefenseInDepth } from '../../properties/defense-in-depth/index.js';
import { checkSmallTcb } from '../../properties/small-tcb/index.js';
import { checkContext } from '../helpers/check-context.js';

const fixtures = resolve(import.meta.dirname, '../fixtures/platforms');
const load = (name: string): Product => {
  const loaded = loadProduct(resolve(fixtures, name, 'high-level/sevenfold.json'));
  expect(loaded.hasErrors, loaded.diagnostics.map((d) => d.message).join('; ')).toBe(false);
  return loaded.product!;
};
const context = (property: string) => checkContext({ seed: 1, runs: 1, timeoutMs: 30_000, command: `sevenfold verify --property ${property}` });

describe('a component of image type Other states whether it parses the network', () => {
  it('network-coprocessor-unmarked: defense-in-depth unknown, naming /components/i/networkFacing', async () => {
    const product = load('network-coprocessor-unmarked');
    expect(unstatedNetworkExposure(product.basePlatform).map((u) => u.pointer)).toEqual(['/components/10/networkFacing']);
    const r = await checkDefenseInDepth(product, context('defense-in-depth'));
    expect(r.verdict, r.summary).toBe('unknown');
    expect(r.summary).toMatch(/network-coprocessor-unmarked\/platform\.json \/components\/10\/networkFacing: Fabrikam modem coprocessor firmware \(modem-firmware\) is loaded from an image of type Other/);
    expect(r.requirements?.find((q) => q.id === 'defense-in-depth.min-compromises')?.outcome).toBe('unknown');
  });

  it('small-tcb: a TCB member whose exposure is not stated leaves no-untrusted-member unknown', async () => {
    const r = await checkSmallTcb(load('network-coprocessor-unmarked'), context('small-tcb'));
    const rule = r.requirements?.find((q) => q.id === 'small-tcb.no-untrusted-member');
    expect(rule?.outcome).toBe('unknown');
  });

  it('network-coprocessor-marked: the stated mark is used: violated, 1 compromise from the network', async () => {
    const r = await checkDefenseInDepth(load('network-coprocessor-marked'), context('defense-in-depth'));
    expect(r.verdict).toBe('violated');
    expect(r.summary).toBe('I/O firewall configuration falls to 1 compromise (network → [exploit:modem-firmware] modem-firmware → io-firewall-config)');
  });

  it('network-coprocessor-stated-offline (sound twin): stated false, used as stated: holds', async () => {
    const product = load('network-coprocessor-stated-offline');
    expect(unstatedNetworkExposure(product.basePlatform)).toEqual([]);
    expect((await checkDefenseInDepth(product, context('defense-in-depth'))).verdict).toBe('holds');
  });
});

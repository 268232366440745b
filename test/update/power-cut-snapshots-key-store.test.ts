/**
 * The second update renewable-security sweeps (properties/renewable-security/power-cuts.ts): the key-store update a
 * revocation is, every stage re-signed by rotated keys, where the installer's raise of the key store's counter is a cut
 * point of its own (counted-flash.ts counter()) and, where the design leaves the order of that raise and the bank
 * switch open, each order is played. test/update/power-cut-snapshots.test.ts holds the snapshot sweep against the
 * replay for an OS release only, which raises no counter: here the snapshot sweep as the property runs it (copies
 * before each operation, boots and cut points remembered) against the replay with nothing remembered (the update run
 * again from the start to each cut point), on the designs that put a counter raise among the cut points. Both must
 * reach the same cut points (the raise among them) and find the same problems and evidence at each.
 */
import { describe, expect, it } from 'vitest';
import { connect, DAY, LAB_EPOCH, sweepPowerCuts, UpdateLab, type SweepResult } from '../../emulator/update/index.js';
import { withDeploymentGroup } from '../../model/update/product-update.js';
import { replaceableKeys } from '../../properties/renewable-security/key-revocation.js';
import { fixtureProduct } from './helpers.js';

const outcome = (r: SweepResult) => ({ cutPoints: r.cutPoints, cases: r.cases, operations: r.operations, failures: r.failures });

/** The key-store update of the property's sweep, on a fresh device, cut at every operation by `method`. */
async function keyStoreSweep(lab: UpdateLab, order: 'before-switch' | 'after-switch' | undefined, method: 'snapshot' | 'replay'): Promise<SweepResult> {
  lab.now = LAB_EPOCH + DAY;
  const release = await lab.rekeyed(replaceableKeys(lab.platform), 3);
  const service = lab.newService();
  service.publishOs(release, lab.now - Math.max(...lab.design.feeds.map((f) => f.leadDays)) * DAY);
  service.deployApps(lab.deviceGroup, release);
  const device = lab.device();
  device.keyStoreCounterOrderUnstated = order;
  const path = lab.connection(undefined, service);
  const remember = method === 'snapshot';
  return sweepPowerCuts(device, (d) => void connect(d, path, lab.now, { check: true }), { genuine: lab.genuine, isCurrent: (d) => lab.isCurrent(d, service), now: () => lab.now, resume: true, method, rememberBoots: remember, rememberAfterCut: remember });
}

describe('power-cut sweep of the key-store update from snapshots gives the replay sweep’s outcome at every cut point', () => {
  // Order unstated (each order played, as the property does), raised after the switch (violated), before it (holds),
  // before it with no bank to fall back to (violated).
  const cases: [string, ('before-switch' | 'after-switch' | undefined)[]][] = [
    ['renewal-key-store-counter-order-unstated', ['after-switch', 'before-switch']],
    ['renewal-key-store-counter-raised-after-switch', [undefined]],
    ['renewal-key-store-in-pluton-checked-at-update', [undefined]],
    ['renewal-key-store-counter-raised-before-switch-no-fallback', [undefined]],
  ];
  for (const [name, orders] of cases) {
    it(name, async () => {
      const product = fixtureProduct(name);
      const design = withDeploymentGroup(product.update!, product.deployment);
      for (const order of orders) {
        const lab = await UpdateLab.open(product.platform, design, { seed: 3, deviceGroup: product.deployment.group.name });
        const replayed = await keyStoreSweep(lab, order, 'replay');
        const snapshots = await keyStoreSweep(lab, order, 'snapshot');
        // The raise is a cut point of its own, in both.
        expect(replayed.operations.filter((o) => o.kind === 'counter').length, `${name} ${order ?? ''}`).toBeGreaterThan(0);
        expect(outcome(snapshots), `${name} ${order ?? ''}`).toEqual(outcome(replayed));
        expect(snapshots.afterCut!.checked + snapshots.afterCut!.remembered).toBe(snapshots.cases);
      }
    }, 300_000);
  }

  it('the comparison covers failing cut points: the store raised after the switch fails at the raise', async () => {
    const product = fixtureProduct('renewal-key-store-counter-raised-after-switch');
    const lab = await UpdateLab.open(product.platform, withDeploymentGroup(product.update!, product.deployment), { seed: 3, deviceGroup: product.deployment.group.name });
    const swept = await keyStoreSweep(lab, undefined, 'snapshot');
    expect(swept.failures.some((f) => f.op.kind === 'counter')).toBe(true);
  }, 300_000);
});

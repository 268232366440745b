/**
 * Every reader of "who can reach what" reads the effective access (model/platform/bus-masters.ts reachRules: the
 * design's rules and its bus masters' reach). Before s38 only five did; each fixture here takes one app slot's right on
 * the asset another reader guards out of the access rules and gives it to a DMA engine the slot programs, and each
 * held (or met that reader's requirement) on bf30392: crash containment (rt-app-dma-fills-monitor-mailbox:
 * compartmentalization held), the failure log's writers (erased-only-by-service met), the counters' writers (hrot
 * held, rollback-counter-per-stage not failed), the measurement register's writers (hrot held), the asset signer (the
 * trusted key store stayed at two compromises), the storage rights (compartmentalization held), the anchor's writers
 * (hrot held). Each has a sound twin (`-confined`: the engine reaches only the slot's own buffer) that must not be
 * flagged by the same reader. The guard that no reader goes back to the declared rules alone is
 * test/architecture/effective-access-readers.test.ts.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryRightsOf, systemSecretsOf } from '../../emulator/design-rights.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { checkCompartmentalization } from '../../properties/compartmentalization/index.js';
import { checkDefenseInDepth } from '../../properties/defense-in-depth/index.js';
import { checkFailureReporting } from '../../properties/failure-reporting/index.js';
import { checkHardwareRootOfTrust } from '../../properties/hardware-root-of-trust/index.js';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import type { PropertyResult } from '../../properties/verdict.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { checkContext } from '../helpers/check-context.js';

const here = resolve(fileURLToPath(import.meta.url), '..');
const load = (name: string): Product => {
  const loaded = loadProduct(resolve(here, '../fixtures/platforms', name, 'sevenfold.json'));
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.product!;
};
const outcome = (r: PropertyResult, id: string) => (r.requirements ?? []).find((q) => q.id === id)?.outcome;
const context = checkContext({ seed: 20261207, runs: 10, timeoutMs: 30_000, command: 'sevenfold verify' });

afterAll(async () => {
  await shutdownZ3();
});

describe('crash containment: a service parsing memory an app\'s engine fills', () => {
  it('rt-app-dma-fills-monitor-mailbox: the monitor\'s crash on the engine\'s input reboots the device (failure-isolation)', async () => {
    const r = await checkCompartmentalization(load('rt-app-dma-fills-monitor-mailbox'), context);
    expect(r.verdict, r.summary).toBe('violated');
    expect(r.summary).toContain("a crash of security-monitor, which takes FanControl_RTApp's memory sm-command-mailbox, reboots the whole device");
  });
  it('the confined twin holds', async () => {
    const r = await checkCompartmentalization(load('rt-app-dma-fills-monitor-mailbox-confined'), context);
    expect(r.verdict, r.summary).toBe('holds');
    expect((await checkDefenseInDepth(load('rt-app-dma-fills-monitor-mailbox-confined'), context)).verdict).toBe('holds');
  });
});

describe("the failure log's writers", () => {
  it('hl-app-dma-writes-failure-log: erased-only-by-service fails, naming the engine\'s reach', async () => {
    const r = await checkFailureReporting(load('hl-app-dma-writes-failure-log/high-level'), context);
    expect(outcome(r, 'failure-reporting.erased-only-by-service')).toBe('failed');
    expect(r.summary).toContain('/busMasters/0/reaches/0: hl-app (app slot) may write the failure log failure-log through the bus master isu0-dma');
  });
  it('the confined twin meets erased-only-by-service', async () => {
    const r = await checkFailureReporting(load('hl-app-dma-writes-failure-log-confined/high-level'), context);
    expect(outcome(r, 'failure-reporting.erased-only-by-service')).toBe('met');
  });
});

describe("the counters', the measurement register's and the anchor's writers", () => {
  it('rt-app-dma-raises-firmware-counter: hardware-root-of-trust and renewable-security violated (a normal-world writer of an eFuse counter)', async () => {
    const product = load('rt-app-dma-raises-firmware-counter');
    const hrot = await checkHardwareRootOfTrust(product, context);
    expect(hrot.verdict, hrot.summary).toBe('violated');
    expect(hrot.summary).toContain('arc-firmware, an eFuse counter that the normal-world rt-app-0 may write');
    const renewable = await checkRenewableSecurity(product, context);
    expect(renewable.verdict, renewable.summary).toBe('violated');
    expect(outcome(renewable, 'renewable-security.rollback-counter-per-stage')).toBe('failed');
  });
  it('rt-app-dma-writes-measurement-register: measured-before-run fails, naming the engine', async () => {
    const hrot = await checkHardwareRootOfTrust(load('rt-app-dma-writes-measurement-register'), context);
    expect(hrot.verdict, hrot.summary).toBe('violated');
    expect(hrot.summary).toContain('rt-app-0 may write pcr-boot through the bus master isu1-dma it programs (/busMasters/0/reaches/0)');
  });
  it('rt-app-dma-writes-rom-anchor: the anchor is not immutable', async () => {
    const hrot = await checkHardwareRootOfTrust(load('rt-app-dma-writes-rom-anchor'), context);
    expect(hrot.verdict, hrot.summary).toBe('violated');
    expect(hrot.summary).toContain('rt-app-0 may write rom-key-hash through the bus master isu1-dma it programs (/busMasters/0/reaches/0), the anchor of rom-anchor');
  });
  it.each(['rt-app-dma-raises-firmware-counter-confined', 'rt-app-dma-writes-measurement-register-confined', 'rt-app-dma-writes-rom-anchor-confined'])('%s: hardware-root-of-trust holds', async (name) => {
    const hrot = await checkHardwareRootOfTrust(load(name), context);
    expect(hrot.verdict, hrot.summary).toBe('holds');
  });
  it('the counter\'s confined twin does not fail rollback-counter-per-stage', async () => {
    const renewable = await checkRenewableSecurity(load('rt-app-dma-raises-firmware-counter-confined'), context);
    expect(outcome(renewable, 'renewable-security.rollback-counter-per-stage')).not.toBe('failed');
  });
});

describe('the asset signer: a writer whose engine reads the signing key signs what the monitor parses', () => {
  it('hl-app-dma-reads-config-key: the trusted key store falls to one monitor exploit', async () => {
    const r = await checkDefenseInDepth(load('hl-app-dma-reads-config-key/high-level'), context);
    expect(r.verdict, r.summary).toBe('violated');
    expect(r.summary).toContain('falls to 1 compromise (malicious-app@hl-app → HelloWorld_HighLevelApp → [exploit:security-monitor] security-monitor → trusted-key-store)');
  });
  it('the confined twin holds', async () => {
    const r = await checkDefenseInDepth(load('hl-app-dma-reads-config-key-confined/high-level'), context);
    expect(r.verdict, r.summary).toBe('holds');
  });
});

describe('the storage rights (spec and emulated flash controller)', () => {
  it("rt-app-dma-opens-app-storage: the fan controller reads the thermostat's storage through its engine", async () => {
    const r = await checkCompartmentalization(load('rt-app-dma-opens-app-storage'), context);
    expect(r.verdict, r.summary).toBe('violated');
    expect(r.summary).toContain("compartmentalization.storage-isolation: FanControl_RTApp read Thermostat's mutable storage");
  });
  it('the confined twin holds', async () => {
    const r = await checkCompartmentalization(load('rt-app-dma-opens-app-storage-confined'), context);
    expect(r.verdict, r.summary).toBe('holds');
  });
});

describe("the emulated app device's memory rights and secrets", () => {
  it('rt-app-dma-reads-monitor-secret: the device boots with the monitor\'s secret in the region and lets the app\'s slot read it through its engine; the spec agrees', async () => {
    const product = load('rt-app-dma-reads-monitor-secret');
    expect(systemSecretsOf(product.platform).get('sm-secret-ram')).toBe('secret of security-monitor');
    expect([...(memoryRightsOf(product.platform, 'rt-app-0').get('sm-secret-ram') ?? [])]).toEqual(['read']);
    const r = await checkCompartmentalization(product, context);
    expect(r.verdict, r.summary).toBe('violated');
    expect(r.summary).toContain('app slot rt-app-0 may read sm-secret-ram through the bus master isu1-dma it programs (/busMasters/0/reaches/0)');
  });
  it('the confined twin: the app\'s slot reaches only its own buffer, and compartmentalization holds', async () => {
    const product = load('rt-app-dma-reads-monitor-secret-confined');
    expect(memoryRightsOf(product.platform, 'rt-app-0').get('sm-secret-ram')).toBeUndefined();
    expect([...(memoryRightsOf(product.platform, 'rt-app-0').get('rt-app-0-dma-buffer') ?? [])].sort()).toEqual(['read', 'write']);
    expect((await checkCompartmentalization(product, context)).verdict).toBe('holds');
  });
});

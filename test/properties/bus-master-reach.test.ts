/**
 * Control of a bus master gives its reach (model/platform/bus-masters.ts): a real-time app slot that programs an ISU's
 * DMA engine writes whatever the I/O firewall lets that engine write. Before (s37-dma), a design could not state the
 * engine (no field), and one stated as a component of its own was tied to no app, so compartmentalization and small-tcb
 * held (case c02). Flawed fixtures: the engine writes the kernel's memory, the Security Monitor's code, another app's
 * RAM; the sound twin: the firewall confines it to the app's own buffer. The emulated engines' reading is held against
 * the rule in test/differential/bus-master-differential.test.ts.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAttackGraph } from '../../model/platform/attack-graph.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { checkCertificateAuthentication } from '../../properties/certificate-authentication/index.js';
import { checkCompartmentalization } from '../../properties/compartmentalization/index.js';
import { checkDefenseInDepth } from '../../properties/defense-in-depth/index.js';
import { checkHardwareRootOfTrust } from '../../properties/hardware-root-of-trust/index.js';
import { checkSmallTcb } from '../../properties/small-tcb/index.js';
import type { PropertyResult } from '../../properties/verdict.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { checkContext, smallSearchProfile } from '../helpers/check-context.js';

const here = resolve(fileURLToPath(import.meta.url), '..');
const load = (name: string): Product => {
  const loaded = loadProduct(resolve(here, '../fixtures/platforms', name, 'sevenfold.json'));
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.product!;
};
const outcomes = (r: PropertyResult) => Object.fromEntries((r.requirements ?? []).map((q) => [q.id, q.outcome]));
const context = checkContext({ seed: 20261207, runs: 10, timeoutMs: 30_000, command: 'sevenfold verify' });

afterAll(async () => {
  await shutdownZ3();
});

describe('compartmentalization: an app slot reaches what the bus masters it programs reach', () => {
  for (const [name, message] of [
    ['rt-app-dma-writes-kernel-memory', 'app slot rt-app-0 may write nw-memory through the bus master isu1-dma it programs (/busMasters/0/reaches/0), which nw-kernel executes'],
    ['rt-app-dma-writes-monitor-code', 'app slot rt-app-0 may write sm-memory through the bus master isu1-dma it programs (/busMasters/0/reaches/0), which security-monitor executes'],
    ['rt-app-dma-writes-other-app-window', 'app slots rt-app-0 and rt-app-1 share m4-1-ram: rt-app-0 may write what rt-app-1 may read'],
  ] as const) {
    it(`${name}: violated at hardware-barriers, naming the bus master's reach`, async () => {
      const result = await checkCompartmentalization(load(name), context);
      expect(result.verdict, result.summary).toBe('violated');
      expect(result.summary).toContain(`compartmentalization.hardware-barriers: ${message}`);
      expect(result.evidence?.[0]?.lines.join('\n')).toContain('/busMasters/0/reaches/0');
      expect(outcomes(result)['compartmentalization.hardware-barriers']).toBe('failed');
    });
  }

  it('rt-app-dma-writes-firewall-config: the emulated app has its engine rewrite the firewall and takes another app\'s block', async () => {
    const result = await checkCompartmentalization(load('rt-app-dma-writes-firewall-config'), context);
    expect(result.verdict, result.summary).toBe('violated');
    expect(result.summary).toContain('compartmentalization.firewall-config-trusted-only: FanControl_RTApp rewrote the I/O firewall configuration');
  });

  it("rt-app-dma-reads-app-storage: the emulated app has its engine read the high-level app's storage (s38-proofs case c01; held before)", async () => {
    const result = await checkCompartmentalization(load('rt-app-dma-reads-app-storage'), context);
    expect(result.verdict, result.summary).toBe('violated');
    expect(result.summary).toContain("compartmentalization.storage-isolation: FanControl_RTApp read Thermostat's mutable storage");
  });

  it('the sound twin (the firewall confines the engine to the app\'s own buffer) holds', async () => {
    const result = await checkCompartmentalization(load('rt-app-dma-confined-to-own-buffer'), context);
    expect(result.verdict, result.summary).toBe('holds');
  });
});

describe('a design that leaves busMasters out is never holds where its apps drive a peripheral block', () => {
  // The built-in design as written: the reference facts do not say which MT3620 blocks master the bus (s37-dma).
  it('rt-app-dma-unstated: compartmentalization, small-tcb and hardware-root-of-trust unknown, naming /busMasters and the request', async () => {
    const product = load('rt-app-dma-unstated');
    const comp = await checkCompartmentalization(product, context);
    expect(comp.verdict, comp.summary).toBe('unknown');
    expect(comp.summary).toMatch(/^compartmentalization\.hardware-barriers: .*\(\/busMasters\)/);
    expect(outcomes(comp)['compartmentalization.hardware-barriers']).toBe('unknown');
    const tcb = await checkSmallTcb(product, context);
    expect(tcb.verdict, tcb.summary).toBe('unknown');
    expect(tcb.summary).toContain('(/busMasters)');
    const hrot = await checkHardwareRootOfTrust(product, context);
    expect(hrot.verdict, hrot.summary).toBe('unknown');
    expect(hrot.summary).toContain('(/busMasters)');
  });

  it('certificate-authentication: unknown on rt-app-dma-unstated, the apps\' connections undecided naming /busMasters; holds on builtin-no-bus-masters (s38-proofs case c09: held before)', async () => {
    const quick = checkContext({ seed: 5, runs: 5, bound: { sessions: 1 }, requirements: smallSearchProfile(), command: 'sevenfold verify --property certificate-authentication' });
    const unstated = await checkCertificateAuthentication(load('rt-app-dma-unstated'), quick, { symbolicOnly: true });
    expect(unstated.verdict, unstated.summary).toBe('unknown');
    expect(unstated.summary).toMatch(/connections? undecided: Thermostat may connect to any host and listen on any port: Thermostat \(app slot hl-app\) drives Uart .*\(\/busMasters\)/);
    const stated = await checkCertificateAuthentication(load('builtin-no-bus-masters'), quick, { symbolicOnly: true });
    expect(stated.verdict, stated.summary).toBe('holds');
  });

  it('defense-in-depth: a platform that holds with busMasters [] is unknown with the field left out once an app drives a peripheral block, naming both', async () => {
    const stated = load('defended-no-listed-exploits/high-level');
    expect((await checkDefenseInDepth(stated, context)).verdict).toBe('holds');
    const { busMasters: _left, ...platform } = stated.platform;
    const { busMasters: _leftToo, ...basePlatform } = stated.basePlatform;
    // Its app drives no peripheral block: nothing an engine could carry, so leaving the field out changes nothing.
    expect((await checkDefenseInDepth({ ...stated, platform, basePlatform }, context)).verdict).toBe('holds');
    // The same app driving an ISU as a UART: what the block's engine reaches is not stated.
    const [app, ...rest] = stated.apps;
    const uart = { ...app!.manifest.peripherals[0]!, capability: 'Uart' as const, raw: 'ISU0', pointer: '/Capabilities/Uart/0' };
    const driving = [{ ...app!, manifest: { ...app!.manifest, peripherals: [...app!.manifest.peripherals, uart] } }, ...rest];
    expect((await checkDefenseInDepth({ ...stated, apps: driving }, context)).verdict).toBe('holds');
    const unstated = await checkDefenseInDepth({ ...stated, apps: driving, platform, basePlatform }, context);
    expect(unstated.verdict, unstated.summary).toBe('unknown');
    expect(unstated.summary).toContain('drives Uart ISU0');
    expect(unstated.summary).toContain('(/busMasters)');
  });

  it('builtin-no-bus-masters (busMasters [], a fixture assumption): the three hold', async () => {
    const product = load('builtin-no-bus-masters');
    expect((await checkCompartmentalization(product, context)).verdict).toBe('holds');
    expect((await checkSmallTcb(product, context)).verdict).toBe('holds');
    expect((await checkHardwareRootOfTrust(product, context)).verdict).toBe('holds');
  });
});

describe('small-tcb, hardware-root-of-trust and defense-in-depth read the same reach', () => {
  it('an engine that writes the Security Monitor\'s code puts its app slot in the TCB, and takes over the monitor\'s checks', async () => {
    const tcb = await checkSmallTcb(load('rt-app-dma-writes-monitor-code'), context);
    expect(tcb.verdict, tcb.summary).toBe('violated');
    expect(outcomes(tcb)['small-tcb.no-untrusted-member']).toBe('failed');
    expect(tcb.evidence?.map((e) => e.lines.join('\n')).join('\n')).toContain('rt-app-0');
    const hrot = await checkHardwareRootOfTrust(load('rt-app-dma-writes-monitor-code'), context);
    expect(hrot.verdict, hrot.summary).toBe('violated');
    expect(hrot.summary).toContain('may write sm-memory through the bus master isu1-dma');
  });

  it('an engine that writes the trusted key store: the emulated compromised app has it write the store, and key-store-writes-confined fails', async () => {
    const hrot = await checkHardwareRootOfTrust(load('rt-app-dma-writes-key-store'), context);
    expect(hrot.verdict, hrot.summary).toBe('violated');
    expect(hrot.summary).toContain('rt-app-0 can write trusted-key-store');
    expect(outcomes(hrot)['hardware-root-of-trust.key-store-writes-confined']).toBe('failed');
    expect(hrot.evidence?.map((e) => e.lines.join('\n')).join('\n')).toContain('through the DMA engine isu1-dma it programs');
    const tcb = await checkSmallTcb(load('rt-app-dma-writes-key-store'), context);
    expect(outcomes(tcb)['small-tcb.no-untrusted-member']).toBe('failed');
  });

  it('an engine that writes the kernel\'s memory gives the app the kernel with no barrier; the confined twin does not', async () => {
    const flawed = load('rt-app-dma-writes-kernel-memory');
    expect(buildAttackGraph(flawed.basePlatform).edges).toContainEqual(expect.objectContaining({ from: 'rt-app-0', to: 'nw-kernel', barriers: [] }));
    expect((await checkDefenseInDepth(flawed, context)).verdict).toBe('violated');
    const sound = load('rt-app-dma-confined-to-own-buffer');
    expect(buildAttackGraph(sound.basePlatform).edges.some((e) => e.from === 'rt-app-0' && e.to === 'nw-kernel' && e.barriers.length === 0)).toBe(false);
  });

  it('a mailbox the app\'s engine fills is the app\'s input to the monitor that parses it: one monitor exploit (derived exploitability)', async () => {
    const flawed = await checkDefenseInDepth(load('rt-app-dma-fills-monitor-mailbox'), context);
    expect(flawed.verdict, flawed.summary).toBe('violated');
    expect(flawed.summary).toContain('falls to 1 compromise (malicious-app@rt-app-0 → FanControl_RTApp → [exploit:security-monitor] security-monitor →');
    expect(outcomes(flawed)['defense-in-depth.derived-exploitability']).toBe('failed');
  });

  it('the confined twin keeps small-tcb and hardware-root-of-trust as on the built-in design', async () => {
    expect((await checkSmallTcb(load('rt-app-dma-confined-to-own-buffer'), context)).verdict).toBe('holds');
    expect((await checkHardwareRootOfTrust(load('rt-app-dma-confined-to-own-buffer'), context)).verdict).toBe('holds');
  });
});

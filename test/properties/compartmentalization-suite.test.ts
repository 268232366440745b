import { describe, expect, it } from 'vitest';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { bootDevice, type EmulatedDevice } from '../../emulator/app-device.js';
import type { EmulatorFaults } from '../../emulator/faults.js';
import { runCompartmentalizationSuite, type SuiteResult } from '../../properties/compartmentalization/suite.js';
import { UNKNOWN_REGION, universeOf } from '../../properties/compartmentalization/universe.js';
import type { Syscall } from '../../emulator/syscalls.js';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEED = 20240601;
const RUNS = 200;

const builtin = (): Product => loadProduct(builtinProductFile()).product!;
/** The built-in product with FanControl_RTApp no longer listing the Thermostat: a one-sided partner link. */
const oneSided = (): Product => {
  const product = builtin();
  return { ...product, apps: product.apps.map((a) => (a.manifest.name === 'FanControl_RTApp' ? { ...a, manifest: { ...a.manifest, partners: [] } } : a)) };
};
const byCheck = (results: SuiteResult[]) => Object.fromEntries(results.map((r) => [r.check, r]));
const withoutTime = (results: SuiteResult[]) => results.map(({ timeMs: _, ...rest }) => rest);

describe('compartmentalization suite', () => {
  it('holds on the built-in product for all three checks', () => {
    const results = runCompartmentalizationSuite(new IsolationSpec(builtin()), { seed: SEED, runs: RUNS });
    expect(results.map((r) => [r.check, r.verdict, r.runs, r.seed])).toEqual([
      ['model-based', 'holds', RUNS, SEED],
      ['noninterference', 'holds', RUNS, SEED],
      ['crash-isolation', 'holds', RUNS, SEED],
    ]);
    expect(results.every((r) => r.counterexample === undefined && r.replay === undefined)).toBe(true);
    expect(results[1]!.summary).toContain('6 ordered app pairs');
  });

  const faulty: { fault: keyof EmulatorFaults; product: () => Product; caughtBy: SuiteResult['check'][]; shows: RegExp }[] = [
    { fault: 'firewallPerPin', product: builtin, caughtBy: ['model-based'], shows: /peripheral-\w+ Gpio \d+.*device ok.*spec EACCES \(io-firewall/ },
    { fault: 'channelOnOneSidedLink', product: oneSided, caughtBy: ['model-based', 'noninterference'], shows: /channel-(send|receive).*device ok.*spec ECONNREFUSED/ },
    { fault: 'connectToUndeclaredHost', product: builtin, caughtBy: ['model-based'], shows: /Thermostat: connect .*device ok.*spec EACCES \(app-firewall/ },
    { fault: 'sharedStorage', product: builtin, caughtBy: ['model-based', 'noninterference'], shows: /storage-read of Thermostat.*device ok.*spec EACCES \(storage/ },
    { fault: 'crashRebootsDevice', product: builtin, caughtBy: ['model-based', 'crash-isolation'], shows: /./ },
  ];

  for (const { fault, product, caughtBy, shows } of faulty) {
    it(`catches the ${fault} emulator, with a counterexample and a replay`, () => {
      const spec = new IsolationSpec(product());
      // The configuration alone is fine: the fault-free emulator holds on the same product.
      const clean = runCompartmentalizationSuite(spec, { seed: SEED, runs: 100 });
      expect(clean.map((r) => r.verdict)).toEqual(['holds', 'holds', 'holds']);

      const results = byCheck(runCompartmentalizationSuite(spec, { seed: SEED, runs: RUNS, faults: { [fault]: true } }));
      for (const check of caughtBy) {
        const r = results[check]!;
        expect(r.verdict, `${check}: ${r.summary}`).toBe('violated');
        expect(r.counterexample).toBeTruthy();
        expect(r.runs).toBeGreaterThan(0);
        expect(r.runs).toBeLessThanOrEqual(RUNS);
        expect(r.replay).toContain(`seed ${SEED}`);
        expect(r.replay).toMatch(/path "[\d:]+"/);
        expect(r.replay).toContain(`faults: { ${fault}: true }`);
      }
      expect(results['model-based']!.summary).toMatch(fault === 'crashRebootsDevice' ? /ESRCH/ : shows);
      if (fault === 'crashRebootsDevice') expect(results['crash-isolation']!.summary).toContain('rebooted the whole device');
    });
  }

  it('draws memory calls on a design whose app slots have memory rights, and catches a bus that grants every memory call', () => {
    // Each M4 slot has an SRAM buffer of its own (test/fixtures/isolation/isolation-own-sram-buffers): the bus must
    // refuse each app the other's buffer. A bus that grants what the design does not shows in the model-based check.
    const loaded = loadProduct(resolve(fileURLToPath(import.meta.url), '../../fixtures/isolation/isolation-own-sram-buffers/sevenfold.json')).product!;
    const spec = new IsolationSpec(loaded);
    expect(universeOf(spec).memory).toEqual(['nw-memory', 'rt-app-0-buffer', 'rt-app-1-buffer', UNKNOWN_REGION]);
    expect(universeOf(new IsolationSpec(builtin())).memory).toEqual([]);
    expect(runCompartmentalizationSuite(spec, { seed: SEED, runs: 100 }).map((r) => r.verdict)).toEqual(['holds', 'holds', 'holds']);
    const openBus = (s: IsolationSpec): EmulatedDevice => {
      const booted = bootDevice(s.product);
      if (!booted.ok) throw new Error(booted.reason);
      const device = booted.device;
      return Object.assign(Object.create(device) as EmulatedDevice, {
        syscall: (app: string, call: Syscall) => {
          const result = device.syscall(app, call);
          return (call.kind === 'memory-read' || call.kind === 'memory-write') && !result.ok ? { ok: true, data: '' } : result;
        },
      });
    };
    const [modelBased] = runCompartmentalizationSuite(spec, { seed: SEED, runs: RUNS, checks: ['model-based'], deviceFactory: openBus });
    expect(modelBased!.verdict, modelBased!.summary).toBe('violated');
    expect(modelBased!.summary).toMatch(/memory-(read|write) (nw-memory|rt-app-\d-buffer|no-such-region).*device ok.*spec EACCES \(memory/);
  });

  it('gives the same results for the same seed, and replays a counterexample from its path', () => {
    const spec = new IsolationSpec(builtin());
    const options = { seed: 7, runs: 150, faults: { sharedStorage: true } };
    const first = runCompartmentalizationSuite(spec, options);
    const second = runCompartmentalizationSuite(spec, options);
    expect(withoutTime(second)).toEqual(withoutTime(first));
    for (const r of first.filter((x) => x.verdict === 'violated')) {
      const path = /path "([^"]+)"/.exec(r.replay!)![1]!;
      const commandsReplayPath = /commands replayPath "([^"]+)"/.exec(r.replay!)?.[1];
      const [replayed] = runCompartmentalizationSuite(spec, { ...options, replay: { check: r.check, path, ...(commandsReplayPath ? { commandsReplayPath } : {}) } });
      expect(replayed!.check).toBe(r.check);
      expect(replayed!.verdict).toBe('violated');
      expect(replayed!.counterexample).toBe(r.counterexample);
    }
    expect(first.filter((x) => x.verdict === 'violated').length).toBeGreaterThan(0);
  });

  it('never says holds without running a case: runs = 0 is unknown', () => {
    const results = runCompartmentalizationSuite(new IsolationSpec(builtin()), { seed: 1, runs: 0 });
    expect(results.map((r) => [r.verdict, r.runs])).toEqual([
      ['unknown', 0],
      ['unknown', 0],
      ['unknown', 0],
    ]);
  });

  it('a check the time limit cuts short after some cases is unknown, never holds', () => {
    // Each boot takes ~5 ms, the limit is 30 ms, 1 000 runs are asked: fast-check stops after a few cases.
    const spec = new IsolationSpec(builtin());
    const slow = (s: IsolationSpec) => {
      const until = performance.now() + 5;
      while (performance.now() < until);
      return bootDevice(s.product);
    };
    const [result] = runCompartmentalizationSuite(spec, { seed: 9, runs: 1000, checks: ['model-based'], deviceFactory: slow, timeLimitMs: 30 });
    expect(result!.runs).toBeGreaterThan(0);
    expect(result!.runs).toBeLessThan(1000);
    expect(result!.verdict).toBe('unknown');
    expect(result!.summary).toMatch(/^interrupted by the time limit after \d+ of 1000 runs/);
  });

  it('crash-isolation crashes every app before it may hold: fewer runs than apps are unknown, naming the apps never crashed', () => {
    const spec = new IsolationSpec(builtin());
    const [one] = runCompartmentalizationSuite(spec, { seed: 4, runs: 1, checks: ['crash-isolation'] });
    expect(one!.verdict).toBe('unknown');
    expect(one!.summary).toBe('1 run never crashed FanControl_RTApp, AirSampler_RTApp: nothing was decided about their crash (more --runs crash every app)');
    // As many runs as apps: each app is the victim of one of the first runs, whatever the seed.
    for (const seed of [4, 5, 6]) expect(runCompartmentalizationSuite(spec, { seed, runs: 3, checks: ['crash-isolation'] })[0]!.verdict).toBe('holds');
  });

  it('is unknown when the device refuses to start the product', () => {
    const product = builtin();
    const clash = {
      ...product,
      apps: product.apps.map((a) =>
        a.manifest.name === 'FanControl_RTApp' ? { ...a, manifest: { ...a.manifest, peripherals: [...a.manifest.peripherals, { ...a.manifest.peripherals.find((p) => p.capability === 'Gpio')!, raw: 12, value: 12 }] } } : a,
      ),
    };
    const results = runCompartmentalizationSuite(new IsolationSpec(clash), { seed: 1, runs: 10 });
    expect(results.every((r) => r.verdict === 'unknown' && r.summary.includes('refuses to start'))).toBe(true);
  });

  it('with only one app, noninterference holds trivially and says so (no case run, no pair), and the others still run their cases', () => {
    const product = builtin();
    const single = { ...product, apps: product.apps.slice(0, 1) };
    const results = byCheck(runCompartmentalizationSuite(new IsolationSpec(single), { seed: 3, runs: 50 }));
    expect(results['noninterference']).toMatchObject({ verdict: 'holds', runs: 0, trivial: 'one app' });
    expect(results['noninterference']!.summary).toContain('holds trivially');
    expect(results['model-based']!.runs).toBe(50);
    expect(results['model-based']!.verdict).toBe('holds');
    expect(results['crash-isolation']!.verdict).toBe('holds');
  });

  it('uses a device factory when given one, and reports a device that throws as unknown, not violated', () => {
    const spec = new IsolationSpec(builtin());
    let boots = 0;
    const counting = runCompartmentalizationSuite(spec, {
      seed: 5,
      runs: 200,
      checks: ['model-based'],
      deviceFactory: (s) => {
        boots++;
        return bootDevice(s.product, { faults: { connectToUndeclaredHost: true } });
      },
    });
    expect(boots).toBeGreaterThan(1);
    expect(counting[0]!.verdict).toBe('violated');

    const broken = runCompartmentalizationSuite(spec, {
      seed: 5,
      runs: 20,
      checks: ['crash-isolation'],
      deviceFactory: (s): EmulatedDevice => {
        const result = bootDevice(s.product);
        if (!result.ok) throw new Error(result.reason);
        const device = result.device;
        return {
          get bootCount() {
            return device.bootCount;
          },
          appIds: () => device.appIds(),
          appState: (id) => device.appState(id),
          syscall: () => {
            throw new Error('emulator defect');
          },
          restartApp: (id) => device.restartApp(id),
          observations: (id) => device.observations(id),
          failures: (filter) => device.failures(filter),
        };
      },
    });
    expect(broken[0]!.verdict).toBe('unknown');
    expect(broken[0]!.summary).toContain('emulator defect');
  });
});

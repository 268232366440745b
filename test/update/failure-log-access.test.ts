/**
 * The failure log is where the platform design places it, written by whom its access rules say
 * (model/platform/failure-log-access.ts; the emulated flash controller's second reading, emulator/update/log-access.ts).
 * Before (s34), failure-reporting never read the platform design's access rules: with "access": [] (the OS may write
 * nothing) or with an app, a real-time app or the network-facing OS services granted the write right on the log, it held
 * erased-only-by-service and no-suppression on the emulator's fixed layout (the log the OS's alone).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logAreaGate } from '../../emulator/update/log-access.js';
import { attackerReach, failureLogAccess } from '../../model/platform/failure-log-access.js';
import type { AccessRule, PlatformDesign, Right } from '../../model/platform/platform-design.js';
import { checkFailureReporting } from '../../properties/failure-reporting/index.js';
import { accessPointer } from '../helpers/design-pointer.js';
import { context, fixtureProduct, FIXTURE_PRODUCTS, platform } from './helpers.js';

const check = (name: string) => checkFailureReporting(fixtureProduct(name), context('failure-reporting', 3, 20));
const outcome = (result: Awaited<ReturnType<typeof check>>, id: string) => result.requirements?.find((r) => r.id === id)?.outcome;

describe('failure-reporting: who the platform design lets write the failure log', () => {
  it('the sound twin: only the kernel writes the log (the OS services read it to upload it), holds', async () => {
    const result = await check('report-log-kept-by-kernel');
    expect(result.verdict).toBe('holds');
    expect(result.evidence?.flatMap((e) => e.lines).some((l) => /rt-app-0 \(app slot\) writes the failure log's area: refused/.test(l))).toBe(true);
  });

  // report-log-written-by-network-service is the built-in design as it is (no platform file of its own): its OS
  // services record, upload and drop what the service confirmed (the design's provenance), and are network-facing.
  for (const [name, component, who, file] of [
    ['report-log-written-by-app', 'hl-app', 'hl-app (app slot)', `${FIXTURE_PRODUCTS}/report-log-written-by-app/platform.json`],
    ['report-log-written-by-real-time-app', 'rt-app-0', 'rt-app-0 (app slot)', `${FIXTURE_PRODUCTS}/report-log-written-by-real-time-app/platform.json`],
    ['report-log-written-by-network-service', 'os-services', 'os-services (network-facing)', `${import.meta.dirname}/../../model/designs/azure-sphere-mt3620.json`],
    // s38: a user-mode log daemon the design lists an app's exploit into is one exploit from the app, as a
    // network-facing service is one from the network (held before).
    ['report-log-written-by-app-facing-daemon', 'log-daemon', 'log-daemon (exploited from an app or attacker)', `${FIXTURE_PRODUCTS}/report-log-written-by-app-facing-daemon/platform.json`],
  ] as const) {
    it(`${name}: violated, statically and on the emulated device`, async () => {
      const result = await check(name);
      expect(result.verdict).toBe('violated');
      expect(outcome(result, 'failure-reporting.erased-only-by-service')).toBe('failed');
      expect(outcome(result, 'failure-reporting.no-suppression')).toBe('failed');
      expect(result.summary).toContain(`${file.endsWith('azure-sphere-mt3620.json') ? 'azure-sphere-mt3620.json' : 'platform.json'} ${accessPointer(file, component, 'failure-log')}: ${who} may write the failure log`);
      // The emulated flash controller let it too: the play wrote the log's area as that component.
      expect(result.evidence?.flatMap((e) => e.lines).some((l) => l.startsWith(`  ${who} writes the failure log's area: ALLOWED`))).toBe(true);
    });
  }

  it('report-log-kept-by-unexposed-daemon: the same log daemon with no exploit listed into it keeps the log: holds', async () => {
    const result = await check('report-log-kept-by-unexposed-daemon');
    expect(result.verdict).toBe('holds');
  });

  for (const name of ['report-log-written-by-nobody', 'report-log-no-access']) {
    it(`${name}: no component of the OS may write the log: violated (every-failure-reported)`, async () => {
      const result = await check(name);
      expect(result.verdict).toBe('violated');
      expect(outcome(result, 'failure-reporting.every-failure-reported')).toBe('failed');
      expect(result.summary).toContain('no component of the system may write the failure log (failure-log): the OS cannot record a failure');
    });
  }

  it('report-log-in-sram: the platform keeps the log where a reset clears it, whatever the update design says: violated (persistent-log), and the emulated device forgets', async () => {
    const result = await check('report-log-in-sram');
    expect(result.verdict).toBe('violated');
    expect(outcome(result, 'failure-reporting.persistent-log')).toBe('failed');
    expect(result.summary).toContain('platform.json /assets/11/location: the failure log failure-log is kept in sram, which every reset clears');
    // The emulated device keeps it in RAM: the random runs' power cuts lose failures.
    expect(outcome(result, 'failure-reporting.every-failure-reported')).toBe('failed');
  });

  it('report-log-unplaced: the design names no failure-log asset: unknown, naming /assets', async () => {
    const result = await check('report-log-unplaced');
    expect(result.verdict).toBe('unknown');
    expect(result.summary).toContain('platform.json /assets: no asset of kind "failure-log"');
    for (const id of ['failure-reporting.every-failure-reported', 'failure-reporting.no-suppression', 'failure-reporting.erased-only-by-service']) expect(outcome(result, id), id).toBe('unknown');
  });
});

/** Random access rules on the built-in components over one failure-log asset: who may write it. */
describe('who an attacker runs as', () => {
  it('a bare-metal component on a real-time core that is no app slot, and a network-facing one unless excepted from network exploitation', () => {
    const design = {
      ...platform,
      components: [...platform.components, { id: 'rt-monitor', name: 'M4 monitor', core: 'M4-0', world: 'normal' as const, privilege: 'bare-metal' as const, imageType: 'NormalWorldLoader', mutable: true }],
    };
    expect(attackerReach(design, 'rt-monitor')).toBe('real-time core');
    expect(attackerReach(design, 'os-services')).toBe('network-facing');
    // Excepted from network exploitation, the OS services are still one listed exploit from the app (hl-app → os-services, os-ipc; s38).
    expect(attackerReach({ ...design, exploitExceptions: [{ component: 'os-services', input: 'network', justification: 'test' }] }, 'os-services')).toBe('exploited from an app or attacker');
    const withoutAppExploits = { ...design, exploits: design.exploits.filter((e) => !(e.to === 'os-services' && e.from !== 'network')) };
    expect(attackerReach({ ...withoutAppExploits, exploitExceptions: [{ component: 'os-services', input: 'network', justification: 'test' }] }, 'os-services')).toBeUndefined();
    expect(attackerReach(design, 'nw-kernel')).toBeUndefined();
    expect(attackerReach(design, 'hl-app')).toBe('app slot');
  });

  it('a user-mode component the design lists an exploit into from an app slot or an attacker; never the kernel above the apps', () => {
    const daemon = { id: 'log-daemon', name: 'log daemon', core: 'A7', world: 'normal' as const, privilege: 'user' as const, imageType: 'Services', mutable: true };
    const withDaemon = { ...platform, components: [...platform.components, daemon] };
    expect(attackerReach(withDaemon, 'log-daemon')).toBeUndefined();
    const exploit = (from: string) => ({ from, to: 'log-daemon', barrier: 'os-ipc', description: 'test' });
    expect(attackerReach({ ...withDaemon, exploits: [...platform.exploits, exploit('hl-app')] }, 'log-daemon')).toBe('exploited from an app or attacker');
    expect(attackerReach({ ...withDaemon, exploits: [...platform.exploits, exploit('network')] }, 'log-daemon')).toBe('exploited from an app or attacker');
    // From the physical flash attacker: left out of this rule, as its rewriting the log's flash is.
    expect(attackerReach({ ...withDaemon, exploits: [...platform.exploits, exploit('physical-flash')] }, 'log-daemon')).toBeUndefined();
    // From a component no attacker starts in (the kernel): two steps, not one.
    expect(attackerReach({ ...withDaemon, exploits: [...platform.exploits, exploit('nw-kernel')] }, 'log-daemon')).toBeUndefined();
    // The built-in lists hl-app → nw-kernel: the kernel, a layer above the apps, stays a keeper.
    expect(platform.exploits.some((e) => e.to === 'nw-kernel' && e.from === 'hl-app')).toBe(true);
    expect(attackerReach(platform, 'nw-kernel')).toBeUndefined();
  });
});

/** A failure-log asset somewhere the schema allows. */
const locationArbitrary = fc.constantFrom('pluton', 'efuse', 'flash', 'sram', 'io-registers' as const);

const ruleArbitrary: fc.Arbitrary<AccessRule> = fc.record({
  component: fc.constantFrom(...platform.components.map((c) => c.id)),
  asset: fc.constantFrom('failure-log', 'app-mutable-storage'),
  rights: fc.subarray(['read', 'write'] as Right[], { minLength: 1 }),
});

describe('the spec and the emulated flash controller read the log access rules alike', () => {
  it('on random access rules and places: whether the OS records, which components may write the log, and whether a reset clears it', () => {
    fc.assert(
      fc.property(fc.array(ruleArbitrary, { maxLength: 8 }), fc.boolean(), locationArbitrary, (access, untrustedKernel, location) => {
        const design: PlatformDesign = {
          ...platform,
          assets: platform.assets.map((a) => (a.kind === 'failure-log' ? { ...a, location } : a)),
          components: platform.components.map((c) => (c.id === 'nw-kernel' && untrustedKernel ? { ...c, untrusted: true } : c)),
          access,
        };
        const spec = failureLogAccess(design);
        const gate = logAreaGate(design);
        expect(gate.recorder !== undefined).toBe(spec.keepers.length > 0);
        const specWriters = new Set([...spec.keepers, ...spec.reachable].map((w) => w.component));
        for (const c of design.components) expect(gate.mayWrite(c.id), c.id).toBe(specWriters.has(c.id));
        expect(gate.volatile, location).toBe(spec.clearedByReset.length > 0);
      }),
      { seed: 34, numRuns: 300 },
    );
  });
});

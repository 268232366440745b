/**
 * The spec and the emulator, driven with the same random designs and products, make the same decision
 * for every access (isolation-harness.ts). And the harness is not blind: a disagreement planted on either
 * side, an emulator firewall that lets one extra block through or a spec that reads one rule differently,
 * is found, with the product and the access that show it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANY_HOST, IsolationSpec, hostMatches, type Decision } from '../../model/isolation/isolation-spec.js';
import type { InstalledSoftware } from '../../model/product/product.js';
import { bootDevice, type BootResult } from '../../emulator/app-device.js';
import type { EmulatorFaults } from '../../emulator/faults.js';
import { busMasterDesignArb, productArb, productArbOver, windowedDesignArb } from './generators.js';
import { compareReadings, describeDisagreements, type Disagreement, type Readings } from './isolation-harness.js';

const SEED = 20261121;
const RUNS = 300;

class Disagreed extends Error {
  constructor(
    readonly list: Disagreement[],
    product: string,
  ) {
    super(`${product}\n${describeDisagreements(list)}`);
  }
}

/** Runs the harness over random cases; returns the first (shrunk) disagreement, or undefined. */
function search(readings: Readings = {}, runs = RUNS, cases = productArb): { list: Disagreement[]; message: string; runs: number } | undefined {
  const details = fc.check(
    fc.property(cases, (c) => {
      const list = compareReadings(c.product, readings);
      if (list.length) throw new Disagreed(list, c.describe);
    }),
    { seed: SEED, numRuns: runs },
  );
  if (!details.failed) return undefined;
  const error = details.errorInstance;
  if (!(error instanceof Disagreed)) throw error;
  return { list: error.list, message: error.message, runs: details.numRuns };
}

/** A device whose firewall also grants one block it should refuse (an installer that maps one window too many). */
const extraBlockFirewall =
  (block: string) =>
  (product: InstalledSoftware): BootResult => {
    const booted = bootDevice(product);
    if (!booted.ok) return booted;
    const firewall = booted.device.firewall;
    const access = firewall.access.bind(firewall);
    firewall.access = (core, capability, value) => {
      const verdict = access(core, capability, value);
      return verdict.block === block && !verdict.granted ? { ...verdict, granted: true, detail: `${block} granted by the planted fault` } : verdict;
    };
    return booted;
  };

const withFault = (faults: EmulatorFaults) => (product: InstalledSoftware) => bootDevice(product, { faults });

/** A spec with one decision rewritten. */
const specWith = (override: (spec: IsolationSpec) => Partial<Pick<IsolationSpec, 'channelAccess' | 'connectAccess' | 'firewallConfigAccess' | 'storageQuotaBytes' | 'peripheralAccess' | 'accessEdges' | 'memoryAccess'>>) => (product: InstalledSoftware) => {
  const spec = new IsolationSpec(product);
  return Object.assign(spec, override(spec));
};

const allow = (rule: string): Decision => ({ allowed: true, rule });

/** Designs with an SRAM window app slots and the kernel may read or write (generators.ts windowedDesignArb). */
const windowed = productArbOver(windowedDesignArb);
const WINDOW_RUNS = 60;
/** Designs whose components program DMA engines (generators.ts busMasterDesignArb). */
const withBusMasters = productArbOver(busMasterDesignArb);
const BUS_MASTER_RUNS = 60;

describe('differential harness: the isolation spec and the emulator', () => {
  it(`agree on every access of ${RUNS} random designs and products`, () => {
    const found = search();
    expect(found?.message).toBeUndefined();
  });

  it(`agree on every memory access of ${WINDOW_RUNS} random designs with an SRAM window (the bus's rights, the kernel's secret kept there from boot)`, () => {
    const found = search({}, WINDOW_RUNS, windowed);
    expect(found?.message).toBeUndefined();
  });

  it(`agree on every access of ${BUS_MASTER_RUNS} random designs whose app slots and kernel program DMA engines (busMasters)`, () => {
    const found = search({}, BUS_MASTER_RUNS, withBusMasters);
    expect(found?.message).toBeUndefined();
  });

  it("catch a spec that does not count a bus master's reach of the apps' storage (s38-proofs case c01)", () => {
    const found = search(
      {
        spec: (product) => {
          const design = product.platform!;
          const busMasters = (design.busMasters ?? []).map((m) => ({ ...m, reaches: m.reaches.filter((r) => r.asset !== 'app-mutable-storage') }));
          return new IsolationSpec({ ...product, platform: { ...design, busMasters } });
        },
      },
      BUS_MASTER_RUNS,
      withBusMasters,
    );
    expect(found!.message).toMatch(/bus masters: [^\n]*app-mutable-storage/);
    expect(found!.message).toMatch(/storage-(read|write|delete) of .*\n\s+spec: +EACCES \(storage.*\n\s+emulator: (ok|ENOENT)/);
  });

  it('catch a spec that forgets what the kernel keeps in a secret region from boot, and one that grants a read right as a write', () => {
    const forgets = search({ spec: (product) => Object.assign(new IsolationSpec(product), { memoryAtBoot: () => new Map<string, string>() }) }, WINDOW_RUNS, windowed);
    expect(forgets!.message).toMatch(/secret sram-window: [^\n]*nw-kernel [^\n]*write/);
    expect(forgets!.message).toMatch(/memory-read sram-window\n\s+spec: +ok "".*\n\s+emulator: ok "secret of nw-kernel"/);
    const grants = search(
      {
        spec: specWith((spec) => ({
          memoryAccess: (app, region, op) => {
            const d = IsolationSpec.prototype.memoryAccess.call(spec, app, region, op);
            return !d.allowed && op === 'write' && IsolationSpec.prototype.memoryAccess.call(spec, app, region, 'read').allowed ? allow('planted: read grants write') : d;
          },
        })),
      },
      WINDOW_RUNS,
      windowed,
    );
    expect(grants!.message).toMatch(/memory-write sram-window .*\n\s+spec: +ok \(planted.*\n\s+emulator: EACCES/);
  });

  describe('catches a disagreement planted in the emulator', () => {
    it('a firewall that lets one extra block through', () => {
      const found = search({ boot: extraBlockFirewall('GPIO-2') });
      expect(found).toBeDefined();
      expect(found!.message).toMatch(/peripheral-read (Gpio (8|9|10|11)|Pwm PWM-CONTROLLER-2)\n\s+spec: +EACCES \(io-firewall/);
      expect(found!.message).toMatch(/emulator: ok/);
    });

    const faults: [keyof EmulatorFaults, RegExp][] = [
      ['firewallPerPin', /peripheral-read .*\n\s+spec: +EACCES \(io-firewall.*\n\s+emulator: ok/],
      ['channelOnOneSidedLink', /channel-send to .*\n\s+spec: +ECONNREFUSED.*\n\s+emulator: ok/],
      ['connectToUndeclaredHost', /connect .*\n\s+spec: +EACCES \(app-firewall.*\n\s+emulator: ok/],
      ['sharedStorage', /storage-read of .*\n\s+spec: +EACCES \(storage.*\n\s+emulator: ok/],
    ];
    it.each(faults)('the %s fault', (fault, shows) => {
      const found = search({ boot: withFault({ [fault]: true }) });
      expect(found, fault).toBeDefined();
      expect(found!.message).toMatch(shows);
    });
  });

  describe('catches a disagreement planted in the spec', () => {
    it('channels opened on a one-sided link whatever the design says', () => {
      const found = search({
        spec: specWith((spec) => ({
          channelAccess: (from, to) => {
            const d = IsolationSpec.prototype.channelAccess.call(spec, from, to);
            const fromLists = spec.compartment(from)?.manifest?.partners.some((p) => p.componentId === to) ?? false;
            return !d.allowed && d.barrier === 'channel' && fromLists ? allow('planted: one side is enough') : d;
          },
        })),
      });
      expect(found!.message).toMatch(/channel-send to .*\n\s+spec: +ok \(planted.*\n\s+emulator: ECONNREFUSED/);
    });

    it('a host wildcard that also matches the bare domain', () => {
      const found = search({
        spec: specWith((spec) => ({
          connectAccess: (app, host) => {
            const d = IsolationSpec.prototype.connectAccess.call(spec, app, host);
            const entries = spec.compartment(app)?.manifest?.allowedConnections ?? [];
            const bare = entries.find((e) => e.startsWith('*.') && !hostMatches(e, host) && e.slice(2).toLowerCase() === host.toLowerCase());
            return !d.allowed && d.barrier === 'app-firewall' && bare ? allow(`planted: ${bare} matches ${host}`) : d;
          },
        })),
      });
      expect(found!.message).toMatch(/connect [\w.-]+\n\s+spec: +ok \(planted: \*\.[\w.]+ matches/);
    });

    it('a storage quota of SizeKB × 1000 bytes', () => {
      const found = search({ spec: specWith((spec) => ({ storageQuotaBytes: (owner) => (spec.compartment(owner)?.manifest?.mutableStorageKB ?? 0) * 1000 || undefined })) });
      expect(found!.message).toMatch(/storage-write of .*\n\s+spec: +(ok|ENOSPC).*\n\s+emulator: (ENOSPC|ok)/);
    });

    it('a firewall-config right granted by the read right as well', () => {
      const found = search({
        spec: specWith((spec) => ({
          firewallConfigAccess: (app, block, core) => {
            const d = IsolationSpec.prototype.firewallConfigAccess.call(spec, app, block, core);
            const slot = spec.compartment(app)?.slot;
            const reads = spec.product.platform?.access.some((r) => r.component === slot && r.asset === 'io-firewall-config');
            return !d.allowed && d.barrier === 'firewall-config' && reads ? allow('planted: any right on the configuration') : d;
          },
        })),
      });
      expect(found!.message).toMatch(/firewall-write block .*\n\s+spec: +ok \(planted.*\n\s+emulator: EACCES/);
    });

    it('a firewall taken as programmed at boot whatever the access rules say (no component may write its configuration)', () => {
      const found = search({ spec: (product) => Object.assign(new IsolationSpec(product), { firewallProgrammer: 'azure-sphere-default' as const }) });
      expect(found!.message).toMatch(/the Security Monitor may not write the firewall configuration/);
      expect(found!.message).toMatch(/peripheral-read .*\n\s+spec: +EACCES \(io-firewall.*\n\s+emulator: ok/);
    });

    it("storage decided by appIsolation alone, whatever the access rules let an app's own component do to the apps' storage", () => {
      const found = search({
        spec: (product) => {
          const design = product.platform!;
          const rest = design.access.filter((r) => !(r.asset === 'app-mutable-storage' && product.apps.some((a) => a.slot === r.component)));
          return new IsolationSpec({ ...product, platform: { ...design, access: rest } });
        },
      });
      expect(found!.message).toMatch(/app-mutable-storage: [^\n]*(hl-app|rt-app-\d) (read|write)/);
      expect(found!.message).toMatch(/storage-(read|write|delete) of .*\n\s+spec: +EACCES \(storage.*\n\s+emulator: (ok|ENOENT)/);
    });

    it("an OS storage service taken to read and write the apps' storage whatever the access rules let it do", () => {
      const found = search({ spec: (product) => Object.assign(new IsolationSpec(product), { storageService: 'azure-sphere-default' as const }) });
      expect(found!.message).toMatch(/storage-(read|write|delete) of .*\n\s+spec: +(ok|ENOENT).*\n\s+emulator: EACCES/);
    });

    it('a reachability graph (what Z3 proves over) without the any-host edge of an app no network firewall holds', () => {
      const found = search({ spec: specWith((spec) => ({ accessEdges: () => IsolationSpec.prototype.accessEdges.call(spec).filter((e) => !(e.to.kind === 'host' && e.to.host === ANY_HOST)) })) });
      expect(found!.message).toMatch(/connect .*\n\s+spec: +the reachability graph has no edge for it\n\s+emulator: ok/);
    });

    it('a real-time app held to its manifest as if the OS stood above it', () => {
      const found = search({
        spec: specWith((spec) => ({
          peripheralAccess: (app, capability, value, firewall) => {
            const d = IsolationSpec.prototype.peripheralAccess.call(spec, app, capability, value, firewall);
            const c = spec.compartment(app);
            const declared = c?.manifest?.peripherals.some((p) => p.capability === capability && p.value === value);
            return d.allowed && c?.kind === 'real-time' && !declared ? { allowed: false, errno: 'EACCES', barrier: 'os-capability', rule: 'planted: manifest check on a real-time app' } : d;
          },
        })),
      });
      expect(found!.message).toMatch(/peripheral-read .*\n\s+spec: +EACCES \(os-capability: planted.*\n\s+emulator: ok/);
    });
  });
});

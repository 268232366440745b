/**
 * The rule that control of a bus master gives its reach (model/platform/bus-masters.ts, read by app confinement, the
 * attack graph, the control closure and the TCB) and the emulated device's DMA engines (emulator/boot/dma-engines.ts,
 * which read the design's busMasters themselves) agree on random designs: the built-in design with a few memory
 * regions some component executes and some app slot or system component owns, and up to three engines, each assigned
 * to random components with a random firewall window. Held together: every transfer (component, asset, direction) an
 * engine carries is a right the rule gives that component; every app slot that can have an engine write memory
 * another component runs is found by app confinement (writes-executed, pointing into /busMasters); every component
 * whose engine writes a TCB member's code is in the TCB; and the attack graph gives every component whose engine writes
 * memory another runs an edge to it with no barrier. Not blind: with busMasterRules returning nothing all four fail.
 * s38: the effective access itself (the spec's reachRightsOf against the emulated access controller's `reach`) and the
 * readers that did not see it before (the emulated bus's memory rights, the storage service and an app slot's direct storage right, the firewall's
 * programmer, the failure log's writers), each spec reading against its emulated one on the same designs; the engines
 * here reach the built-in design's storage, failure log and firewall configuration too. Seen failing with
 * storage-rights.ts or failure-log-access.ts reading design.access (the firewall's programmer is found by a declared
 * rule of the built-in design first, so these designs do not tell the two readings of it apart).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccessRules } from '../../emulator/boot/access-rules.js';
import { DmaEngines } from '../../emulator/boot/dma-engines.js';
import { directStorageRightsOf, firewallProgrammerOf, memoryRightsOf, storageServiceOf } from '../../emulator/design-rights.js';
import { logAreaGate } from '../../emulator/update/log-access.js';
import { firewallProgrammer } from '../../model/isolation/firewall-config-writers.js';
import { directStorageRight, storageService } from '../../model/isolation/storage-rights.js';
import { attackerReach, failureLogAccess } from '../../model/platform/failure-log-access.js';
import { unconfinedApps } from '../../model/platform/app-confinement.js';
import { buildAttackGraph } from '../../model/platform/attack-graph.js';
import { busMasterRules, reachRightsOf } from '../../model/platform/bus-masters.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import { computeTcb } from '../../model/platform/tcb.js';
import { isAppSlot } from '../../model/product/instantiate.js';

const SEED = 20261207;
const RUNS = 60;
const builtin = loadPlatform(builtinPlatformFile()).design!;
const COMPONENTS = builtin.components.map((c) => c.id);
const REGIONS = ['region-a', 'region-b', 'region-c'];
const ASSETS = [...builtin.assets.map((a) => a.id), ...REGIONS];
const DIRECTIONS = ['read', 'write'] as const;

const designArb: fc.Arbitrary<PlatformDesign> = fc
  .record({
    regions: fc.tuple(...REGIONS.map(() => fc.record({ runner: fc.option(fc.constantFrom(...COMPONENTS), { nil: undefined }), owner: fc.constantFrom(...COMPONENTS), secret: fc.boolean() }))),
    engines: fc.array(fc.record({ controlledBy: fc.uniqueArray(fc.constantFrom(...COMPONENTS), { minLength: 1, maxLength: 2 }), reaches: fc.array(fc.record({ asset: fc.constantFrom(...ASSETS), rights: fc.subarray([...DIRECTIONS], { minLength: 1 }) }), { maxLength: 3 }) }), { maxLength: 3 }),
  })
  .map(({ regions, engines }) => {
    const d = structuredClone(builtin);
    regions.forEach((r, i) => {
      d.assets.push({ id: REGIONS[i]!, name: REGIONS[i]!, kind: 'memory-region', location: 'sram', secret: r.secret, critical: false });
      d.access.push({ component: r.owner, asset: REGIONS[i]!, rights: ['read', 'write'] });
      if (r.runner) d.access.push({ component: r.runner, asset: REGIONS[i]!, rights: ['execute'] });
    });
    d.busMasters = engines.map((e, i) => ({ id: `engine-${i}`, name: `engine ${i}`, ...e }));
    return d;
  });

const runners = (d: PlatformDesign, asset: string, not: string) => d.access.filter((r) => r.asset === asset && r.component !== not && r.rights.includes('execute')).map((r) => r.component);

describe('bus masters: the rule and the emulated DMA engines agree', () => {
  it('every transfer an engine carries is a right the rule gives, and no other', () => {
    fc.assert(
      fc.property(designArb, (d) => {
        const engines = new DmaEngines(d);
        const rule = busMasterRules(d);
        for (const c of COMPONENTS) for (const a of ASSETS) for (const dir of DIRECTIONS) {
          expect(rule.some((r) => r.component === c && r.asset === a && r.rights.includes(dir)), `${c} ${dir} ${a}`).toBe(engines.transfer(c, a, dir).done);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('app confinement finds every app slot whose engine writes memory another component runs', () => {
    fc.assert(
      fc.property(designArb, (d) => {
        const apps = d.components.filter(isAppSlot);
        const filled = new Set(apps.map((a) => a.id));
        const engines = new DmaEngines(d);
        const emulated = new Set<string>();
        for (const app of apps) for (const a of ASSETS) if (runners(d, a, app.id).length && engines.transfer(app.id, a, 'write').done) emulated.add(`${app.id} ${a}`);
        const found = new Set(
          unconfinedApps(d, filled, isAppSlot)
            .filter((f) => f.kind === 'writes-executed' && f.pointer.startsWith('/busMasters/'))
            .map((f) => {
              const [, , m, , r] = f.pointer.split('/');
              return `${f.slot} ${d.busMasters![Number(m)]!.reaches[Number(r)]!.asset}`;
            }),
        );
        // The rule names the first rule that gives a write; one the slot has itself is named by /access instead.
        for (const key of emulated) {
          const [slot, asset] = key.split(' ');
          if (d.access.some((r) => r.component === slot && r.asset === asset && r.rights.includes('write'))) continue;
          expect(found.has(key), key).toBe(true);
        }
        for (const key of found) expect(emulated.has(key), key).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('the attack graph gives every component whose engine writes memory another runs that component, with no barrier', () => {
    fc.assert(
      fc.property(designArb, (d) => {
        const edges = buildAttackGraph(d).edges;
        const engines = new DmaEngines(d);
        for (const c of COMPONENTS) for (const a of ASSETS) {
          if (!engines.transfer(c, a, 'write').done) continue;
          for (const runner of runners(d, a, c)) expect(edges.some((e) => e.from === c && e.to === runner && e.barriers.length === 0), `${c} → ${runner} (writes ${a})`).toBe(true);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('every component whose engine writes a TCB member’s code is in the TCB', () => {
    fc.assert(
      fc.property(designArb, (d) => {
        const members = new Set(computeTcb(d).map((m) => m.component));
        const engines = new DmaEngines(d);
        for (const c of COMPONENTS) for (const a of ASSETS) {
          if (!engines.transfer(c, a, 'write').done) continue;
          if (runners(d, a, c).some((x) => members.has(x))) expect(members.has(c), `${c} writes ${a}, which a member runs`).toBe(true);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("the effective access: every right the spec's reachRightsOf gives is one the emulated access controller's reach grants, and no other", () => {
    fc.assert(
      fc.property(designArb, (d) => {
        const access = new AccessRules(d);
        for (const c of COMPONENTS) for (const a of ASSETS) for (const right of ['read', 'write', 'execute', 'use', 'extend'] as const) {
          expect(reachRightsOf(d, c, a).includes(right), `${c} ${right} ${a}`).toBe(access.reach(c, a, right).granted);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('the storage, firewall-programmer and failure-log readers agree with their emulated readings', () => {
    fc.assert(
      fc.property(designArb, (d) => {
        const service = storageService(d);
        const gate = storageServiceOf(d);
        expect(service === 'azure-sphere-default' ? gate : { read: service.read?.asset, write: service.write?.asset }).toEqual(service === 'azure-sphere-default' ? { read: 'azure-sphere-default', write: 'azure-sphere-default' } : gate);
        for (const slot of d.components.filter(isAppSlot)) {
          const own = directStorageRightsOf(d, slot.id);
          expect({ read: directStorageRight(d, slot.id, 'read')?.asset, write: directStorageRight(d, slot.id, 'write')?.asset }, slot.id).toEqual(own);
        }
        // What the emulated bus lets each component load and store in the memory regions, against the effective access.
        for (const c of COMPONENTS) {
          const memory = memoryRightsOf(d, c);
          for (const a of d.assets.filter((x) => x.kind === 'memory-region')) for (const right of ['read', 'write'] as const) expect(memory.get(a.id)?.has(right) === true, `${c} ${right} ${a.id}`).toBe(reachRightsOf(d, c, a.id).includes(right));
        }
        const programmer = firewallProgrammer(d);
        expect(programmer === 'azure-sphere-default' ? 'security-monitor' : programmer?.component).toBe(firewallProgrammerOf(d));
        // The log's recorder (the first system writer) and every writer an attacker reaches, against the emulated log area's gate.
        const log = failureLogAccess(d);
        const area = logAreaGate(d);
        expect(area.recorder).toBe(log.keepers[0]?.component);
        for (const w of log.reachable) expect(area.mayWrite(w.component), `${w.component} (${w.reason}) writes ${w.asset}`).toBe(true);
        for (const c of COMPONENTS) if (area.mayWrite(c) && attackerReach(d, c)) expect(log.reachable.some((w) => w.component === c), `${c} writes the log's area`).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

/**
 * The attack graph (model/platform/attack-graph.ts, buildAttackGraph and minimumCompromises, which
 * defense-in-depth's first half and the Z3 min-cut in proofs/attack-min-cut*.ts both read) and an independent
 * reading of what an attacker can reach (attack-reach.ts: a fixpoint per set of broken barriers, with what each
 * compromised component can do taken from the emulated device's hardware) agree on random platform designs: for
 * every attacker start and every critical asset, the same fewest independent compromises, or both unreachable.
 * A design starts from the built-in one and varies what the graph reads: attackers (which apps they run as, the
 * network, the flash), components' core, world, privilege and network exposure, assets' marks (critical, secret,
 * one-time programmable, where they live, their physical barriers), access rules added and removed, each stage's
 * checks, listed exploits and exceptions; the profile's four switches (derived exploitability, trust assets
 * critical, layer escalation, physical barriers checked) are drawn too. The harness is not blind: planted faults in the graph's rules disagree.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BootLab } from '../../emulator/boot/boot-lab.js';
import { buildAttackGraph, minimumCompromises, type AttackGraph } from '../../model/platform/attack-graph.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import type { AccessRule, AttackerInput, Exploit, PlatformDesign, Privilege, Right, World } from '../../model/platform/platform-design.js';
import { cheapestReach, reachGoals, reachStarts, runtimeGrants, startKey } from './attack-reach.js';
import { loadGeneratedDesign } from '../helpers/generated-design.js';

const SEED = 20261206;
const RUNS = 40;
const MAX_COST = 4;
/** A planted fault shows on some designs only; the search stops at the first disagreement. */
const MUTANT_RUNS = 120;
const builtin = loadPlatform(builtinPlatformFile()).design!;
const COMPONENTS = builtin.components.map((c) => c.id);
const ASSETS = builtin.assets.map((a) => a.id);
/** Components whose place the generator moves (the ROM and the boot loaders keep theirs, so the lab still boots). */
const MOVABLE = ['security-monitor', 'nw-loader', 'nw-kernel', 'os-services', 'hl-app', 'rt-app-0'];
/** Assets the bus reaches wherever they live; the key stores and the ROM's key hash stay where the boot reads them. */
const RELOCATABLE = ['io-firewall-config', 'nw-memory', 'app-mutable-storage'];
const BARRIERS = ['kernel-syscalls', 'pluton-mailbox', 'signature', 'side-channel', 'os-ipc'];

interface Variation {
  appControls: string[];
  network: boolean;
  writesFlash: boolean;
  moves: { component: string; core: string; world: World; privilege: Privilege }[];
  networkFacing: string[];
  marks: { asset: string; critical: boolean; secret: boolean; oneTimeProgrammable: boolean; location?: 'flash' | 'sram' | 'io-registers'; physicalBarriers: string[] }[];
  dropRules: number[];
  addRules: AccessRule[];
  checks: ('both' | 'signature' | 'manifest-hash' | 'none')[];
  /** Each manifest under a key of its own (else under the key that signs its images, as the built-in design has it). */
  ownManifestSigners: boolean;
  keepExploits: number[];
  addExploits: Exploit[];
  exceptions: { component: string; input: AttackerInput }[];
  derived: boolean;
  trust: boolean;
  escalation: boolean;
  barriersChecked: boolean;
}

const variationArb: fc.Arbitrary<Variation> = fc.record({
  appControls: fc.subarray(['hl-app', 'rt-app-0', 'rt-app-1', 'os-services']),
  network: fc.nat(3).map((n) => n > 0),
  writesFlash: fc.nat(3).map((n) => n > 0),
  moves: fc.array(
    fc.record({ component: fc.constantFrom(...MOVABLE), core: fc.constantFrom('A7', 'M4-0', 'Pluton'), world: fc.constantFrom<World>('secure', 'normal'), privilege: fc.constantFrom<Privilege>('firmware', 'supervisor', 'user', 'bare-metal') }),
    { maxLength: 3 },
  ),
  networkFacing: fc.subarray(COMPONENTS, { maxLength: 3 }),
  marks: fc.array(
    fc.record({
      asset: fc.constantFrom(...ASSETS),
      critical: fc.boolean(),
      secret: fc.boolean(),
      oneTimeProgrammable: fc.boolean(),
      location: fc.option(fc.constantFrom('flash' as const, 'sram' as const, 'io-registers' as const), { nil: undefined }),
      physicalBarriers: fc.subarray(['signature', 'manifest-hash', 'tamper-mesh']),
    }),
    { maxLength: 4 },
  ),
  dropRules: fc.subarray(builtin.access.map((_, i) => i), { maxLength: 4 }),
  addRules: fc.array(fc.record({ component: fc.constantFrom(...COMPONENTS), asset: fc.constantFrom(...ASSETS), rights: fc.subarray<Right>(['read', 'write', 'use'], { minLength: 1 }) }), { maxLength: 8 }),
  checks: fc.array(fc.constantFrom('both' as const, 'both' as const, 'signature' as const, 'manifest-hash' as const, 'none' as const), { minLength: builtin.boot.length, maxLength: builtin.boot.length }),
  ownManifestSigners: fc.boolean(),
  keepExploits: fc.subarray(builtin.exploits.map((_, i) => i)),
  addExploits: fc.array(
    fc.record({ from: fc.constantFrom(...COMPONENTS, 'network', 'malicious-app', 'physical-flash'), to: fc.constantFrom(...COMPONENTS, ...ASSETS), barrier: fc.constantFrom(...BARRIERS), description: fc.constant('a planted exploit') }),
    { maxLength: 3 },
  ),
  exceptions: fc.array(fc.record({ component: fc.constantFrom(...COMPONENTS), input: fc.constantFrom<AttackerInput>('flash', 'network') }), { maxLength: 2 }),
  derived: fc.nat(3).map((n) => n > 0),
  trust: fc.boolean(),
  escalation: fc.nat(3).map((n) => n > 0),
  barriersChecked: fc.nat(3).map((n) => n > 0),
});

const EXECUTABLE = builtin.assets.filter((a) => a.kind === 'memory-region' || a.kind === 'storage').map((a) => a.id);
const executeArb = fc.record({
  base: variationArb,
  executeRules: fc.array(fc.record({ writer: fc.constantFrom(...COMPONENTS), runner: fc.constantFrom(...COMPONENTS), asset: fc.constantFrom(...EXECUTABLE) }), { minLength: 1, maxLength: 3 }),
}).map(({ base, executeRules }) => ({ ...base, executeRules }));
type ExecuteVariation = Variation & { executeRules: { writer: string; runner: string; asset: string }[] };
/** Memory or storage one component may write and another read (model/platform/data-paths.ts): the reader takes the writer's input. */
/** A hardware FIFO in the I/O registers (a register kind that carries messages, data-paths.ts carriesMessages), planted with the feed rules. */
const FIFO = 'planted-fifo';
const FAILURE_LOGS = builtin.assets.filter((a) => a.kind === 'failure-log').map((a) => a.id);
const feedArb = fc.record({
  base: variationArb,
  // The built-in failure log too: records its writers append and its reader parses (data-paths.ts MESSAGE_KINDS).
  feedRules: fc.array(fc.record({ writer: fc.constantFrom(...COMPONENTS), reader: fc.constantFrom(...COMPONENTS), asset: fc.constantFrom(...EXECUTABLE, FIFO, ...FAILURE_LOGS) }), { minLength: 1, maxLength: 3 }),
}).map(({ base, feedRules }) => ({ ...base, derived: true, feedRules }));
type FeedVariation = Variation & { feedRules: { writer: string; reader: string; asset: string }[] };

function designOf(v: Variation): PlatformDesign {
  const design = structuredClone(builtin);
  design.name = `${builtin.name} (attack graph varied)`;
  design.attackers = [
    { id: 'malicious-app', name: 'A compromised app', controls: v.appControls },
    { id: 'network', name: 'A network attacker', controls: [], network: v.network },
    { id: 'physical-flash', name: 'A flash writer', controls: [], writesFlash: v.writesFlash },
  ];
  for (const m of v.moves) Object.assign(design.components.find((c) => c.id === m.component)!, { core: m.core, world: m.world, privilege: m.privilege });
  for (const c of design.components) c.networkFacing = v.networkFacing.includes(c.id);
  for (const m of v.marks) {
    const asset = design.assets.find((a) => a.id === m.asset)!;
    // A private key is secret whatever the mark (the loader refuses the mark: SF4008).
    Object.assign(asset, { critical: m.critical, secret: m.secret || asset.kind === 'private-key' });
    if (m.location && RELOCATABLE.includes(asset.id)) asset.location = m.location;
    // A secret store is not a signed key-store image (the loader refuses it): the mark wins, the image goes.
    if (asset.secret) delete asset.signedImage;
    // Only an eFuse is one-time programmable (the loader refuses the mark elsewhere).
    if (asset.location === 'efuse') asset.oneTimeProgrammable = m.oneTimeProgrammable;
    else delete asset.oneTimeProgrammable;
    if (asset.location === 'flash') asset.physicalBarriers = m.physicalBarriers;
  }
  // 'use' is a right on a key only (the loader refuses it on anything else).
  const usable = (asset: string) => ['private-key', 'key-store'].includes(design.assets.find((a) => a.id === asset)!.kind);
  const added = v.addRules.map((r) => ({ ...r, rights: r.rights.filter((x) => x !== 'use' || usable(r.asset)) })).filter((r) => r.rights.length > 0);
  design.access = [...design.access.filter((_, i) => !v.dropRules.includes(i)), ...added];
  design.boot.forEach((stage, i) => {
    const keep = v.checks[i]!;
    stage.checks = stage.checks.filter((c) => keep === 'both' || c.kind === keep);
  });
  if (v.ownManifestSigners) {
    for (const key of [...design.keys]) design.keys.push({ id: `${key.id}-manifest`, name: `manifests of ${key.id}`, certifiedBy: key.certifiedBy ?? key.id, holder: key.holder ?? 'microsoft' });
    for (const stage of design.boot) for (const c of stage.checks) if (c.kind === 'manifest-hash') c.key = `${c.key}-manifest`;
  }
  design.exploits = [...design.exploits.filter((_, i) => v.keepExploits.includes(i)), ...v.addExploits];
  // A component that may write what another executes (memory or storage) holds it (s28-fresh): planted by executeArb only,
  // so the draws of the other searches stay as they were.
  for (const r of (v as Partial<ExecuteVariation>).executeRules ?? []) {
    design.access.push({ component: r.writer, asset: r.asset, rights: ['write'] }, { component: r.runner, asset: r.asset, rights: ['execute'] });
  }
  const feeds = (v as Partial<FeedVariation>).feedRules ?? [];
  if (feeds.some((r) => r.asset === FIFO)) design.assets.push({ id: FIFO, name: 'A planted FIFO in the I/O registers', kind: 'register', location: 'io-registers', secret: false, critical: false });
  for (const r of feeds) {
    design.access.push({ component: r.writer, asset: r.asset, rights: ['write'] }, { component: r.reader, asset: r.asset, rights: ['read'] });
  }
  const exceptions = v.exceptions.filter((e, i) => v.exceptions.findIndex((x) => x.component === e.component && x.input === e.input) === i);
  design.exploitExceptions = exceptions.map((e) => ({ ...e, justification: 'a planted exception' }));
  return design;
}

const loaded = loadGeneratedDesign;

type GraphOf = (design: PlatformDesign, options: { derivedExploitability: boolean; trustAssetsCritical: boolean; layerEscalation: boolean; physicalBarriersChecked: boolean }) => AttackGraph;

interface Disagreement {
  start: string;
  asset: string;
  graph: number;
  reach: number;
}

/**
 * The second reading of one drawn design: the design as loaded, and the fewest compromises it finds for each start and
 * goal. It depends on the drawn variation alone (the lab boots with a fixed seed), and it is nearly all of a comparison's
 * time (the lab's boot and the emulated components' accesses, then the search over sets of broken barriers; the graph
 * takes milliseconds). A planted-fault search draws the same designs as the sound search before it (the same seed),
 * so each design's reading is made once per file and every graph, sound or planted, is built again and held against it.
 */
const readings = new Map<string, Promise<{ design: PlatformDesign; reach: Map<string, number> }>>();

function secondReading(v: Variation, options: { derivedExploitability: boolean; trustAssetsCritical: boolean; layerEscalation: boolean; physicalBarriersChecked: boolean }) {
  const key = JSON.stringify(v);
  let reading = readings.get(key);
  if (!reading) {
    reading = (async () => {
      const design = loaded(designOf(v));
      const lab = await BootLab.open(design, { seed: 11 });
      const { grants } = runtimeGrants(lab, design.assets);
      return { design, reach: cheapestReach(design, grants, { ...options, maxCost: MAX_COST }) };
    })();
    readings.set(key, reading);
  }
  return reading;
}

async function compare(v: Variation, graphOf: GraphOf): Promise<{ disagreements: Disagreement[]; finite: number; infinite: number }> {
  const options = { derivedExploitability: v.derived, trustAssetsCritical: v.trust, layerEscalation: v.escalation, physicalBarriersChecked: v.barriersChecked };
  const { design, reach } = await secondReading(v, options);
  // The graph gets a copy: whatever a graph (or a planted fault) did to the design stays out of the next comparison's reading.
  const graph = graphOf(structuredClone(design), options);
  const disagreements: Disagreement[] = [];
  let finite = 0;
  let infinite = 0;
  const goals = reachGoals(design, v.trust);
  const graphGoals = graph.goals.map((g) => g.id).sort();
  if (JSON.stringify(graphGoals) !== JSON.stringify(goals.map((a) => a.id).sort())) disagreements.push({ start: '(goals)', asset: `graph ${graphGoals.join(', ')}; reach ${goals.map((a) => a.id).join(', ')}`, graph: NaN, reach: NaN });
  for (const start of reachStarts(design)) {
    for (const asset of goals) {
      const cost = minimumCompromises(graph, startKey(start), asset.id).cost;
      const graphCost = cost > MAX_COST ? Infinity : cost;
      const reachCost = reach.get(`${startKey(start)} ${asset.id}`)!;
      if (reachCost === Infinity) infinite++;
      else finite++;
      if (graphCost !== reachCost) disagreements.push({ start: startKey(start), asset: asset.id, graph: graphCost, reach: reachCost });
    }
  }
  return { disagreements, finite, infinite };
}

async function search(graphOf: GraphOf = buildAttackGraph, runs = RUNS, arb: fc.Arbitrary<Variation> = variationArb): Promise<{ finite: number; infinite: number; disagreement?: string }> {
  let finite = 0;
  let infinite = 0;
  let disagreement: string | undefined;
  await fc.assert(
    fc.asyncProperty(arb, async (v) => {
      if (disagreement) return;
      const found = await compare(v, graphOf);
      finite += found.finite;
      infinite += found.infinite;
      if (found.disagreements.length) disagreement = `${found.disagreements.map((d) => `${d.start} → ${d.asset}: graph ${d.graph}, reach ${d.reach}`).join('\n')}\n${JSON.stringify(v)}`;
    }),
    { seed: SEED, numRuns: runs },
  );
  return { finite, infinite, ...(disagreement ? { disagreement } : {}) };
}

/** The graph with a planted fault: `edit` changes its edge list. */
const planted =
  (edit: (graph: AttackGraph, design: PlatformDesign) => AttackGraph['edges']): GraphOf =>
  (design, options) => {
    const graph = buildAttackGraph(design, options);
    return { ...graph, edges: edit(graph, design) };
  };

describe('differential: the attack graph and an independent reading of what an attacker reaches', () => {
  it(`agree on every attacker and critical asset of ${RUNS} random designs, some reached and some not`, async () => {
    const found = await search();
    expect(found.disagreement).toBeUndefined();
    expect(found.finite).toBeGreaterThan(0);
    expect(found.infinite).toBeGreaterThan(0);
  }, 300_000);

  it(`agree on designs where a component may write what another executes (${RUNS} random designs), and a graph without those edges disagrees`, async () => {
    expect((await search(buildAttackGraph, RUNS, executeArb)).disagreement).toBeUndefined();
    const blind = planted((graph) => graph.edges.filter((e) => !/ executes$/.test(e.description)));
    expect((await search(blind, MUTANT_RUNS, executeArb)).disagreement).toBeDefined();
  }, 300_000);

  it('agree on designs where a component reads memory or storage another may write (10 random designs), and a graph in which the reader does not take the writer\'s input disagrees', async () => {
    expect((await search(buildAttackGraph, 10, feedArb)).disagreement).toBeUndefined();
    const deaf = planted((graph) => graph.edges.filter((e) => !(e.rule === 'defense-in-depth.derived-exploitability' && / may write \(the design's \/access\//.test(e.description))));
    expect((await search(deaf, MUTANT_RUNS, feedArb)).disagreement).toBeDefined();
  }, 300_000);

  it('agree on a real-time app slot feeding the Security Monitor through a FIFO in the I/O registers (a register kind that carries messages): the monitor is one exploit from the app on both readings', async () => {
    const base = fc.sample(variationArb, { seed: SEED, numRuns: 1 })[0]!;
    const v: FeedVariation = {
      ...base,
      appControls: ['rt-app-0'],
      network: false,
      writesFlash: false,
      moves: [],
      networkFacing: [],
      marks: [],
      dropRules: [],
      addRules: [],
      keepExploits: [],
      addExploits: [],
      exceptions: [],
      derived: true,
      trust: true,
      feedRules: [{ writer: 'rt-app-0', reader: 'security-monitor', asset: FIFO }],
    };
    const found = await compare(v, buildAttackGraph);
    expect(found.disagreements).toEqual([]);
    const deaf = planted((graph) => graph.edges.filter((e) => !(e.rule === 'defense-in-depth.derived-exploitability' && / may write \(the design's \/access\//.test(e.description))));
    expect((await compare(v, deaf)).disagreements.length).toBeGreaterThan(0);
  }, 60_000);

  // s36: a use right on a secret key, held by a component that is not Pluton's own firmware, reaches the key (attack-graph.ts
  // usesAsOracle). Before, no use reached a key, and an app slot that may have Pluton sign with the identity key left it
  // at the design's extraction exploit.
  it('agree on an app slot that may use the identity key (Pluton signs for it): reached at no compromise on both readings, and a graph without use edges disagrees', async () => {
    const base = fc.sample(variationArb, { seed: SEED, numRuns: 1 })[0]!;
    const v: Variation = {
      ...base,
      appControls: ['hl-app'],
      network: false,
      writesFlash: false,
      moves: [],
      networkFacing: [],
      marks: [],
      dropRules: [],
      addRules: [{ component: 'hl-app', asset: 'device-identity-key', rights: ['use'] }],
      keepExploits: [],
      addExploits: [],
      exceptions: [],
      trust: true,
    };
    const found = await compare(v, buildAttackGraph);
    expect(found.disagreements).toEqual([]);
    const graph = buildAttackGraph(structuredClone(loaded(designOf(v))), { derivedExploitability: v.derived, trustAssetsCritical: true, layerEscalation: v.escalation, physicalBarriersChecked: v.barriersChecked });
    expect(minimumCompromises(graph, 'malicious-app@hl-app', 'device-identity-key').cost).toBe(0);
    const unused = planted((g) => g.edges.filter((e) => !/ may use /.test(e.description)));
    expect((await compare(v, unused)).disagreements.length).toBeGreaterThan(0);
  }, 60_000);

  // s36: a writer of a signed flash asset that may use the key it is signed with gets past the reader's check
  // (model/platform/asset-signer.ts); one that stages content signed off the device does not.
  it('agree on a signed flash asset whose writer may use its signing key (the reader is one exploit away) and on one signed off the device (covered), and a graph that lets every signed writer through the exception disagrees', async () => {
    const fixtures = join(import.meta.dirname, '../fixtures/platforms');
    const options = { derivedExploitability: true, trustAssetsCritical: true, layerEscalation: true, physicalBarriersChecked: true };
    const costs = async (name: string, graphOf: GraphOf) => {
      const design = loadPlatform(join(fixtures, name, 'platform.json')).design!;
      const lab = await BootLab.open(design, { seed: 11 });
      const reach = cheapestReach(design, runtimeGrants(lab, design.assets).grants, { ...options, maxCost: MAX_COST });
      const graph = graphOf(structuredClone(design), options);
      const disagreements = reachStarts(design).flatMap((start) =>
        reachGoals(design, true).flatMap((asset) => {
          const cost = minimumCompromises(graph, startKey(start), asset.id).cost;
          const graphCost = cost > MAX_COST ? Infinity : cost;
          const reachCost = reach.get(`${startKey(start)} ${asset.id}`)!;
          return graphCost === reachCost ? [] : [`${startKey(start)} → ${asset.id}: graph ${graphCost}, reach ${reachCost}`];
        }),
      );
      return { disagreements, storeFromApp: reach.get('malicious-app@hl-app trusted-key-store') };
    };
    const signing = await costs('app-signs-config-monitor-parses', buildAttackGraph);
    expect(signing.disagreements).toEqual([]);
    expect(signing.storeFromApp).toBe(1);
    const offDevice = await costs('app-stages-config-signed-off-device', buildAttackGraph);
    expect(offDevice.disagreements).toEqual([]);
    expect(offDevice.storeFromApp).toBe(2);
    const covered = planted((graph) => graph.edges.filter((e) => !/, signing it under /.test(e.description)));
    expect((await costs('app-signs-config-monitor-parses', covered)).disagreements.length).toBeGreaterThan(0);
  }, 120_000);

  it('is not blind: a graph whose secure world needs strictly higher privilege to hold the normal world disagrees', async () => {
    const strict = planted((graph, design) => {
      const c = (id: string) => design.components.find((x) => x.id === id);
      return graph.edges.filter((e) => !(e.barriers.length === 0 && c(e.from) && c(e.to) && c(e.from)!.world === 'secure' && c(e.to)!.world === 'normal' && c(e.from)!.privilege === c(e.to)!.privilege && /runs above/.test(e.description)));
    });
    expect((await search(strict, MUTANT_RUNS)).disagreement).toBeDefined();
  }, 300_000);

  it('is not blind: a graph whose breached layer also exploits the layers beyond the next (an app calling the monitor itself) disagrees', async () => {
    const skipping = planted((graph) => {
      const extra = graph.edges.filter((e) => e.rule === 'defense-in-depth.layer-escalation').flatMap((e) => graph.edges.filter((f) => f.rule === 'defense-in-depth.layer-escalation' && f.from === e.to).map((f) => ({ ...f, from: e.from })));
      return [...graph.edges, ...extra];
    });
    expect((await search(skipping, MUTANT_RUNS)).disagreement).toBeDefined();
  }, 300_000);

  it('is not blind: a graph that counts a manifest hash under the image signer as a barrier of its own disagrees', async () => {
    const apart = planted((graph, design) =>
      graph.edges.map((e) => {
        const stage = design.boot.find((st) => e.to === st.image && e.description.startsWith(`rewrite the ${st.image} image in flash`));
        return stage ? { ...e, barriers: [...new Set(stage.checks.map((c) => c.kind))] } : e;
      }),
    );
    expect((await search(apart, MUTANT_RUNS)).disagreement).toBeDefined();
  }, 300_000);

  it('is not blind: a graph whose loader, taken over through the flash, loads nothing further disagrees', async () => {
    const noCascade = planted((graph) => graph.edges.filter((e) => !/taken over during boot/.test(e.description)));
    // A flash writer, exploits derived, and manifests under keys of their own: where rewriting a stage takes one forged
    // signer, the loader's one exploit is no cheaper a way to what it loads, and the cascade seldom shows.
    const cascading = variationArb.map((v) => ({ ...v, writesFlash: true, derived: true, ownManifestSigners: true }));
    expect((await search(noCascade, MUTANT_RUNS, cascading)).disagreement).toBeDefined();
  }, 300_000);
});

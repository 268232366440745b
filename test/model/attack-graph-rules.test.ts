/**
 * The rules of the platform attack graph (model/platform/attack-graph.ts) one at a time, on designs small enough
 * that each edge has one reason, with the exact edges, nodes and costs: who controls whom by privilege, what a
 * flash-writing or network attacker reaches, a boot-time exploit of a loader giving every stage below it, the
 * design's exploits and access rights, and the cheapest attack by distinct barriers. Mutation testing (issue 13)
 * measured the tests that use the built-in design against these rules.
 */
import { describe, expect, it } from 'vitest';
import {
  buildAttackGraph,
  controlsByPrivilege,
  sharesPrivilegedMode,
  goalRight,
  goalRights,
  keepKnown,
  layersAbove,
  loadedBelow,
  MAX_OPEN_ATTACK_STATES,
  minimumCompromises,
  reachable,
  type AttackEdge,
  type AttackGraph,
} from '../../model/platform/attack-graph.js';
import type { AttackerEntry, BootStage, PlatformAsset, PlatformComponent, PlatformDesign, Privilege, World } from '../../model/platform/platform-design.js';

const component = (id: string, privilege: Privilege = 'user', world: World = 'normal', core = 'A7', over: Partial<PlatformComponent> = {}): PlatformComponent => ({ id, name: `the ${id}`, core, world, privilege, mutable: true, ...over });
const asset = (id: string, over: Partial<PlatformAsset> = {}): PlatformAsset => ({ id, name: `the ${id}`, kind: 'storage', location: 'sram', secret: false, critical: true, ...over });
/** A stage whose manifest is signed apart from its image (key 'm', the image 'k'), unless `manifestKey` says otherwise. */
const stage = (image: string, loadedBy: string, kinds: ('signature' | 'manifest-hash')[] = [], manifestKey = 'm'): BootStage => ({ image, loadedBy, checks: kinds.map((kind, i) => ({ id: `${image}-${i}`, kind, key: kind === 'signature' ? 'k' : manifestKey })) });

function design(parts: Partial<PlatformDesign>): PlatformDesign {
  return { schemaVersion: 1, name: 'attack graph rule', components: [], declaredTcb: [], assets: [], access: [], keys: [], boot: [], attackers: [], exploits: [], ...parts };
}
const edgesOf = (g: AttackGraph) => g.edges.map((e) => ({ from: e.from, to: e.to, barriers: e.barriers, description: e.description }));

describe('goalRight and controlsByPrivilege', () => {
  it('a secret asset is reached by reading it, any other by writing it', () => {
    expect(goalRight(asset('key', { secret: true }))).toBe('read');
    expect(goalRight(asset('config'))).toBe('write');
    // Every right that reaches it: a secret replaced is lost as a read one is; an eFuse is never written.
    expect(goalRights(asset('key', { secret: true }))).toEqual(['read', 'write']);
    expect(goalRights(asset('config'))).toEqual(['write']);
    expect(goalRights(asset('fuse', { secret: true, oneTimeProgrammable: true }))).toEqual(['read']);
  });

  it('in one world, strictly higher privilege on the same core controls: rom > firmware > supervisor = bare-metal > user', () => {
    const order: Privilege[] = ['rom', 'firmware', 'supervisor', 'user'];
    for (let i = 0; i < order.length; i++) {
      for (let j = 0; j < order.length; j++) {
        expect(controlsByPrivilege(component('over', order[i]), component('under', order[j])), `${order[i]} over ${order[j]}`).toBe(i < j);
      }
    }
    expect(controlsByPrivilege(component('m4', 'bare-metal'), component('k', 'supervisor'))).toBe(false);
    expect(controlsByPrivilege(component('k', 'supervisor'), component('m4', 'bare-metal'))).toBe(false);
    expect(controlsByPrivilege(component('m4', 'bare-metal'), component('app', 'user'))).toBe(true);
    expect(controlsByPrivilege(component('fw', 'firmware'), component('m4', 'bare-metal'))).toBe(true);
  });

  it('not itself, not across cores', () => {
    const k = component('k', 'supervisor');
    expect(controlsByPrivilege(k, k)).toBe(false);
    expect(controlsByPrivilege(component('k', 'supervisor', 'normal', 'A7'), component('app', 'user', 'normal', 'M4-0'))).toBe(false);
  });

  it('the secure world controls the normal world at equal privilege; the normal world never controls the secure one', () => {
    expect(controlsByPrivilege(component('sm', 'supervisor', 'secure'), component('k', 'supervisor', 'normal'))).toBe(true);
    expect(controlsByPrivilege(component('sm', 'user', 'secure'), component('k', 'supervisor', 'normal'))).toBe(false);
    expect(controlsByPrivilege(component('k', 'firmware', 'normal'), component('sm', 'user', 'secure'))).toBe(false);
  });

  it('two components in one privileged mode of one core (same world, same level above user; supervisor and bare-metal alike) share it: neither is walled off from the other', () => {
    expect(sharesPrivilegedMode(component('sm', 'supervisor', 'secure'), component('k', 'supervisor', 'secure'))).toBe(true);
    expect(sharesPrivilegedMode(component('k', 'supervisor'), component('m4', 'bare-metal'))).toBe(true);
    expect(sharesPrivilegedMode(component('a', 'firmware'), component('b', 'firmware'))).toBe(true);
    // User-mode peers are separated by the kernel above them; other worlds, other cores and itself are not shared.
    expect(sharesPrivilegedMode(component('app', 'user'), component('svc', 'user'))).toBe(false);
    expect(sharesPrivilegedMode(component('sm', 'supervisor', 'secure'), component('k', 'supervisor', 'normal'))).toBe(false);
    expect(sharesPrivilegedMode(component('k', 'supervisor', 'normal', 'A7'), component('m4', 'supervisor', 'normal', 'M4-0'))).toBe(false);
    const k = component('k', 'supervisor');
    expect(sharesPrivilegedMode(k, k)).toBe(false);
  });
});

describe('buildAttackGraph', () => {
  it('an attacker controlling nothing is one node; one controlling components is one node per component, running as it for free', () => {
    const attackers: AttackerEntry[] = [
      { id: 'net', name: 'The network', controls: [] },
      { id: 'mal', name: 'A malicious app', controls: ['a', 'b'] },
    ];
    const g = buildAttackGraph(design({ components: [component('a'), component('b', 'user', 'normal', 'M4-0')], attackers }));
    expect(g.attackers).toEqual(['net', 'mal@a', 'mal@b']);
    expect(g.starts).toEqual([
      { id: 'net', attacker: 'net', name: 'The network' },
      { id: 'mal@a', attacker: 'mal', name: 'A malicious app, as the a', startsAs: 'a' },
      { id: 'mal@b', attacker: 'mal', name: 'A malicious app, as the b', startsAs: 'b' },
    ]);
    expect(g.nodes).toEqual([
      { kind: 'attacker', id: 'net', name: 'The network' },
      { kind: 'attacker', id: 'mal@a', name: 'A malicious app, as the a' },
      { kind: 'attacker', id: 'mal@b', name: 'A malicious app, as the b' },
      { kind: 'component', id: 'a', name: 'the a' },
      { kind: 'component', id: 'b', name: 'the b' },
    ]);
    expect(edgesOf(g)).toEqual([
      { from: 'mal@a', to: 'a', barriers: [], description: 'A malicious app runs as the a' },
      { from: 'mal@b', to: 'b', barriers: [], description: 'A malicious app runs as the b' },
    ]);
    expect(g.exceptions).toEqual([]);
  });

  it('names what an attacker starts as by its component, else its asset, else its id', () => {
    const g = buildAttackGraph(design({ components: [component('a')], assets: [asset('blob')], attackers: [{ id: 'mal', name: 'Mal', controls: ['a', 'blob', 'ghost'] }] }));
    expect(g.starts!.map((s) => s.name)).toEqual(['Mal, as the a', 'Mal, as the blob', 'Mal, as ghost']);
  });

  it('an exception for an input the component does not parse does not apply', () => {
    const g = buildAttackGraph(design({ components: [component('rom', 'rom'), component('bl', 'firmware', 'normal', 'M4-0')], boot: [stage('bl', 'rom')], exploitExceptions: [{ component: 'bl', input: 'flash', justification: 'verifies first' }] }));
    expect(g.exceptions).toEqual([{ component: 'bl', input: 'flash', justification: 'verifies first', applied: false }]);
  });

  it('an exception for network or partner-app input is refused (exceptions-flash-only): the parser stays exploitable', () => {
    const d = design({
      components: [component('stack', 'supervisor', 'normal', 'A7', { networkFacing: true })],
      attackers: [{ id: 'net', name: 'Network', controls: [], network: true }],
      exploitExceptions: [{ component: 'stack', input: 'network', justification: 'fuzzed for a week' }],
    });
    const g = buildAttackGraph(d);
    expect(edgesOf(g)).toEqual([{ from: 'net', to: 'stack', barriers: ['exploit:stack'], description: "exploit the stack's parsing of network traffic (the design marks it network-facing)" }]);
    expect(g.exceptions?.[0]).toMatchObject({ applied: false, refused: expect.stringContaining('defense-in-depth.exceptions-flash-only: network traffic') });
    // A profile that switches the rule off takes the design's word.
    expect(edgesOf(buildAttackGraph(d, { exceptionsFlashOnly: false }))).toEqual([]);
  });

  it('a flash exception counts only where every image the component loads is under a signature check', () => {
    const flash = { id: 'phys', name: 'Physical', controls: [], writesFlash: true };
    const excepted = (checks: ('signature' | 'manifest-hash')[]) =>
      buildAttackGraph(design({ components: [component('rom', 'rom'), component('bl', 'firmware', 'secure', 'A7')], boot: [stage('bl', 'rom', checks)], attackers: [flash], exploitExceptions: [{ component: 'rom', input: 'flash', justification: 'verifies first' }] }));
    expect(edgesOf(excepted(['signature', 'manifest-hash'])).filter((e) => e.barriers.includes('exploit:rom'))).toEqual([]);
    const unsigned = excepted(['manifest-hash']);
    expect(edgesOf(unsigned).filter((e) => e.barriers.includes('exploit:rom')).map((e) => e.to)).toEqual(['rom', 'bl']);
    expect(unsigned.exceptions?.[0]?.refused).toContain('it loads bl under no signature check');
  });

  it('a flash exception counts only where every flash asset the component reads is behind a counted signature barrier', () => {
    const flash = { id: 'phys', name: 'Physical', controls: [], writesFlash: true };
    const reading = (physicalBarriers: string[] | undefined) =>
      buildAttackGraph(
        design({
          components: [component('rom', 'rom'), component('bl', 'firmware', 'secure', 'A7')],
          assets: [asset('cfg', { location: 'flash', critical: false, ...(physicalBarriers ? { physicalBarriers } : {}) })],
          access: [{ component: 'rom', asset: 'cfg', rights: ['read'] }],
          boot: [stage('bl', 'rom', ['signature', 'manifest-hash'])],
          attackers: [flash],
          exploitExceptions: [{ component: 'rom', input: 'flash', justification: 'verifies first' }],
        }),
      );
    expect(reading(['signature']).exceptions?.[0]?.refused).toBeUndefined();
    for (const barriers of [undefined, ['manifest-hash'], ['signed-by-us']]) {
      const g = reading(barriers);
      expect(g.exceptions?.[0]?.refused, JSON.stringify(barriers)).toContain('it reads cfg from flash, which no signature covers');
      expect(edgesOf(g).filter((e) => e.barriers.includes('exploit:rom')).map((e) => e.to)).toEqual(['rom', 'bl']);
    }
  });

  it('a Wi-Fi firmware or OS services image parses network input whatever the design marks (network-facing-by-image-type)', () => {
    const d = design({
      components: [component('radio', 'firmware', 'normal', 'N9', { imageType: 'WifiFirmware' }), component('svc', 'user', 'normal', 'A7', { imageType: 'Services' }), component('kernel', 'supervisor', 'normal', 'M4-0', { imageType: 'NormalWorldKernel' })],
      attackers: [{ id: 'net', name: 'Network', controls: [], network: true }],
    });
    expect(edgesOf(buildAttackGraph(d)).map((e) => [e.to, e.barriers])).toEqual([
      ['radio', ['exploit:radio']],
      ['svc', ['exploit:svc']],
    ]);
    expect(edgesOf(buildAttackGraph(d, { networkFacingByImageType: false }))).toEqual([]);
  });

  it('a flash writer does not exploit a parser of network traffic', () => {
    const d = design({ components: [component('stack', 'supervisor', 'normal', 'A7', { networkFacing: true })], attackers: [{ id: 'phys', name: 'Physical', controls: [], writesFlash: true }] });
    expect(edgesOf(buildAttackGraph(d))).toEqual([]);
  });

  it('a flash writer rewrites each boot image past its distinct checks, and reaches critical assets in flash past their physical barriers that are boot checks (physical-barriers-checked)', () => {
    const d = design({
      components: [component('rom', 'rom', 'secure', 'Pluton', { mutable: false }), component('bl', 'firmware', 'secure', 'Pluton')],
      assets: [asset('blob', { location: 'flash', physicalBarriers: ['signature', 'tamper-mesh'] }), asset('cfg', { location: 'flash', secret: true }), asset('cold', { location: 'flash', critical: false }), asset('ram')],
      boot: [stage('bl', 'rom', ['signature', 'signature', 'manifest-hash'])],
      attackers: [{ id: 'phys', name: 'Physical', controls: [], writesFlash: true }],
      exploitExceptions: [{ component: 'rom', input: 'flash', justification: 'mask ROM parses a fixed header' }],
    });
    const g = buildAttackGraph(d);
    expect(g.goals).toEqual([
      { id: 'blob', name: 'the blob', origin: 'platform' },
      { id: 'cfg', name: 'the cfg', origin: 'platform' },
      { id: 'ram', name: 'the ram', origin: 'platform' },
    ]);
    expect(edgesOf(g)).toEqual([
      { from: 'phys', to: 'bl', barriers: ['signature', 'manifest-hash'], description: 'rewrite the bl image in flash and get past signature and manifest-hash' },
      { from: 'phys', to: 'blob', barriers: ['signature'], description: 'write the blob directly in flash (defense-in-depth.physical-barriers-checked: tamper-mesh not counted, no boot check of that kind)' },
      { from: 'phys', to: 'cfg', barriers: [], description: 'read the cfg directly in flash' },
      { from: 'rom', to: 'bl', barriers: [], description: 'the rom runs above the bl on Pluton (secure rom over secure firmware)' },
      { from: 'bl', to: 'rom', barriers: ['exploit:rom'], description: "exploit the rom's handling of requests from the bl, the layer below it on Pluton (defense-in-depth.layer-escalation: assumed whether or not the design lists it)" },
    ]);
    expect(g.exceptions).toEqual([{ component: 'rom', input: 'flash', justification: 'mask ROM parses a fixed header', applied: true, what: 'the bl image it loads from flash' }]);
    // A profile that takes the design's names as barriers: every name counts.
    expect(buildAttackGraph(d, { physicalBarriersChecked: false }).edges.find((e) => e.to === 'blob')!.barriers).toEqual(['signature', 'tamper-mesh']);
  });

  it('a manifest hash under the key that signs the images is the signature barrier: one forged signer passes both (attack-surface.ts signerBarrier)', () => {
    const d = (manifestKey: string) =>
      design({
        components: [component('rom', 'rom', 'secure', 'Pluton', { mutable: false }), component('bl', 'firmware', 'secure', 'Pluton')],
        assets: [asset('blob', { location: 'flash', physicalBarriers: ['signature', 'manifest-hash'] })],
        boot: [stage('bl', 'rom', ['signature', 'manifest-hash'], manifestKey)],
        attackers: [{ id: 'phys', name: 'Physical', controls: [], writesFlash: true }],
        exploitExceptions: [{ component: 'rom', input: 'flash', justification: 'mask ROM parses a fixed header' }],
      });
    const barriersTo = (g: AttackGraph, to: string) => g.edges.find((e) => e.from === 'phys' && e.to === to)!.barriers;
    const oneSigner = buildAttackGraph(d('k'));
    expect(barriersTo(oneSigner, 'bl')).toEqual(['signature']);
    expect(barriersTo(oneSigner, 'blob')).toEqual(['signature']);
    expect(minimumCompromises(oneSigner, 'phys', 'blob').cost).toBe(1);
    const twoSigners = buildAttackGraph(d('m'));
    expect(barriersTo(twoSigners, 'bl')).toEqual(['signature', 'manifest-hash']);
    expect(barriersTo(twoSigners, 'blob')).toEqual(['signature', 'manifest-hash']);
    expect(minimumCompromises(twoSigners, 'phys', 'blob').cost).toBe(2);
  });

  it('a breached layer exploits the layer directly above it on its core, listed or not (layer-escalation): never past it, never across cores', () => {
    const d = design({
      components: [component('app'), component('kernel', 'supervisor'), component('monitor', 'supervisor', 'secure'), component('rt', 'bare-metal', 'normal', 'M4-0')],
      assets: [asset('fw-by-kernel'), asset('fw-by-monitor')],
      access: [
        { component: 'kernel', asset: 'fw-by-kernel', rights: ['write'] },
        { component: 'monitor', asset: 'fw-by-monitor', rights: ['write'] },
      ],
      attackers: [{ id: 'evil', name: 'Evil app', controls: ['app', 'rt'] }],
    });
    const g = buildAttackGraph(d);
    const escalations = g.edges.filter((e) => e.rule === 'defense-in-depth.layer-escalation').map((e) => `${e.from} → ${e.to} [${e.barriers.join(' + ')}]`);
    expect(escalations).toEqual(['app → kernel [exploit:kernel]', 'kernel → monitor [exploit:monitor]']);
    expect(layersAbove(d, d.components[0]!).map((c) => c.id)).toEqual(['kernel']);
    expect(layersAbove(d, d.components[3]!)).toEqual([]);
    expect(minimumCompromises(g, 'evil@app', 'fw-by-kernel').cost).toBe(1);
    expect(minimumCompromises(g, 'evil@app', 'fw-by-monitor').cost).toBe(2);
    expect(minimumCompromises(g, 'evil@rt', 'fw-by-kernel').cost).toBe(Infinity);
    // Switched off in the profile, only listed exploits move the attacker: the design listing none stops it at the app.
    const listedOnly = buildAttackGraph(d, { layerEscalation: false });
    expect(listedOnly.edges.some((e) => e.rule !== undefined)).toBe(false);
    expect(minimumCompromises(listedOnly, 'evil@app', 'fw-by-kernel').cost).toBe(Infinity);
  });

  it('an unchecked boot image is rewritten past no check', () => {
    const g = buildAttackGraph(design({ components: [component('bl', 'firmware')], boot: [stage('bl', 'rom')], attackers: [{ id: 'phys', name: 'Physical', controls: [], writesFlash: true }] }));
    expect(edgesOf(g)).toEqual([{ from: 'phys', to: 'bl', barriers: [], description: 'rewrite the bl image in flash and get past no check' }]);
  });

  it('a loader parsing flash is exploitable at boot, and then loads the attacker\'s image in every stage below it', () => {
    const d = design({
      components: [component('rom', 'rom', 'secure', 'Pluton'), component('bl', 'firmware', 'secure', 'M4-0'), component('os', 'supervisor', 'normal', 'A7'), component('app', 'user', 'normal', 'M4-1')],
      boot: [stage('bl', 'rom', ['signature']), stage('os', 'bl', ['signature']), stage('app', 'os', ['signature'])],
      attackers: [{ id: 'phys', name: 'Physical', controls: [], writesFlash: true }],
      exploitExceptions: [
        { component: 'rom', input: 'flash', justification: 'mask ROM' },
        { component: 'os', input: 'flash', justification: 'verified parser' },
        { component: 'app', input: 'network', justification: 'parses nothing' },
      ],
    });
    const g = buildAttackGraph(d);
    const exploits = edgesOf(g).filter((e) => e.barriers[0]?.startsWith('exploit:'));
    expect(exploits).toEqual([
      { from: 'phys', to: 'bl', barriers: ['exploit:bl'], description: "exploit the bl's parsing of the os image it loads from flash (written by the attacker)" },
      { from: 'phys', to: 'os', barriers: ['exploit:bl'], description: "exploit the bl's parsing of the os image it loads from flash (written by the attacker): taken over during boot, it loads the attacker's image as the os" },
      { from: 'phys', to: 'app', barriers: ['exploit:bl'], description: "exploit the bl's parsing of the os image it loads from flash (written by the attacker): taken over during boot, it loads the attacker's image as the app" },
    ]);
    expect(g.exceptions!.map((e) => [e.component, e.applied, e.what])).toEqual([
      ['rom', true, 'the bl image it loads from flash'],
      ['os', true, 'the app image it loads from flash'],
      ['app', false, undefined],
    ]);
    expect('what' in g.exceptions![2]!).toBe(false);
    // Without derived exploitability only the rewrites remain.
    expect(edgesOf(buildAttackGraph(d, { derivedExploitability: false })).filter((e) => e.barriers[0]?.startsWith('exploit:'))).toEqual([]);
  });

  it('a network attacker exploits network-facing parsers unless excepted; one that neither writes flash nor uses the network gets no exploit', () => {
    const d = design({
      components: [component('stack', 'supervisor', 'normal', 'A7', { networkFacing: true }), component('daemon', 'user', 'normal', 'M4-0', { networkFacing: true }), component('bl', 'firmware', 'secure', 'M4-1')],
      boot: [stage('daemon', 'bl', ['signature'])],
      attackers: [
        { id: 'net', name: 'Network', controls: [], network: true },
        { id: 'idle', name: 'Idle', controls: [] },
      ],
      exploitExceptions: [{ component: 'daemon', input: 'network', justification: 'fuzzed' }],
    });
    // The daemon's exception is the design's word only: a profile that takes it (exceptions-flash-only off) drops the edge.
    expect(edgesOf(buildAttackGraph(d, { exceptionsFlashOnly: false }))).toEqual([{ from: 'net', to: 'stack', barriers: ['exploit:stack'], description: "exploit the stack's parsing of network traffic (the design marks it network-facing)" }]);
    expect(edgesOf(buildAttackGraph(d, { derivedExploitability: false }))).toEqual([]);
  });

  it('a listed exploit from an attacker starts at each of its nodes; one from a component starts there', () => {
    const d = design({
      components: [component('a'), component('b', 'user', 'normal', 'M4-0'), component('k', 'user', 'normal', 'M4-1')],
      attackers: [
        { id: 'mal', name: 'Mal', controls: ['a', 'b'] },
        { id: 'other', name: 'Other', controls: ['k'] },
      ],
      exploits: [
        { from: 'mal', to: 'k', barrier: 'kernel-bug', description: 'escape' },
        { from: 'a', to: 'b', barrier: 'ipc-bug', description: 'hop' },
      ],
    });
    expect(edgesOf(buildAttackGraph(d)).filter((e) => e.barriers.length > 0 || e.from === 'a')).toEqual([
      { from: 'mal@a', to: 'k', barriers: ['kernel-bug'], description: 'escape' },
      { from: 'mal@b', to: 'k', barriers: ['kernel-bug'], description: 'escape' },
      { from: 'a', to: 'b', barriers: ['ipc-bug'], description: 'hop' },
    ]);
  });

  it('an access right reaches a critical asset when it is a goal right (read or write a secret, write anything else), never by writing a one-time-programmable one', () => {
    const d = design({
      components: [component('r'), component('w', 'user', 'normal', 'M4-0'), component('u', 'user', 'normal', 'M4-1')],
      assets: [asset('key', { secret: true }), asset('cfg'), asset('fuse', { oneTimeProgrammable: true }), asset('log', { critical: false })],
      access: [
        { component: 'r', asset: 'key', rights: ['read'] },
        { component: 'w', asset: 'key', rights: ['write', 'use'] },
        { component: 'r', asset: 'cfg', rights: ['read'] },
        { component: 'w', asset: 'cfg', rights: ['write'] },
        { component: 'w', asset: 'fuse', rights: ['write'] },
        { component: 'w', asset: 'log', rights: ['write'] },
        { component: 'u', asset: 'missing', rights: ['write'] },
      ],
    });
    expect(edgesOf(buildAttackGraph(d, { derivedExploitability: false }))).toEqual([
      { from: 'r', to: 'key', barriers: [], description: 'r may read the key' },
      // A secret replaced is one the writer chose (goalRights).
      { from: 'w', to: 'key', barriers: [], description: 'w may write the key' },
      { from: 'w', to: 'cfg', barriers: [], description: 'w may write the cfg' },
    ]);
  });

  it('keeps only edges between nodes of the graph', () => {
    const edge = (from: string, to: string): AttackEdge => ({ from, to, barriers: [], description: `${from}→${to}` });
    const nodes = [{ kind: 'component' as const, id: 'a' }, { kind: 'asset' as const, id: 'b' }];
    expect(keepKnown(nodes, [edge('a', 'b'), edge('a', 'x'), edge('x', 'b'), edge('b', 'a')])).toEqual([edge('a', 'b'), edge('b', 'a')]);
  });
});

describe('loadedBelow', () => {
  it('every stage a loader loads, directly or through what it loads, once each, never the loader itself', () => {
    const d = design({ boot: [stage('bl', 'rom'), stage('os', 'bl'), stage('app1', 'os'), stage('app2', 'os'), stage('other', 'elsewhere'), stage('bl', 'os'), stage('app1', 'bl')] });
    expect(loadedBelow(d, 'bl')).toEqual(['os', 'app1', 'app2']);
    expect(loadedBelow(d, 'rom')).toEqual(['bl', 'os', 'app1', 'app2']);
    expect(loadedBelow(d, 'app2')).toEqual([]);
  });
});

describe('minimumCompromises and reachable', () => {
  const edge = (from: string, to: string, barriers: string[] = []): AttackEdge => ({ from, to, barriers, description: `${from}→${to}` });
  const graph = (edges: AttackEdge[]): AttackGraph => ({ nodes: [], edges, attackers: ['x'], goals: [] });

  it('reachable: every node some path reaches, the start included, barriers ignored', () => {
    const g = graph([edge('x', 'a', ['b1']), edge('a', 'b'), edge('b', 'a'), edge('c', 'x'), edge('c', 'd')]);
    expect([...reachable(g, 'x')].sort()).toEqual(['a', 'b', 'x']);
  });

  it('an asset no path reaches costs Infinity with no path', () => {
    expect(minimumCompromises(graph([edge('x', 'a'), edge('b', 'goal')]), 'x', 'goal')).toEqual({ attacker: 'x', asset: 'goal', cost: Infinity, path: [] });
  });

  it('counts distinct barriers: a longer path reusing one barrier beats a shorter one with two', () => {
    const g = graph([edge('x', 'goal', ['b1', 'b2']), edge('x', 'a', ['b1']), edge('a', 'c', ['b1']), edge('c', 'goal', ['b1'])]);
    const attack = minimumCompromises(g, 'x', 'goal');
    expect(attack.cost).toBe(1);
    expect(attack.path.map((e) => e.to)).toEqual(['a', 'c', 'goal']);
  });

  it('among paths of equal cost, the one with fewer edges', () => {
    const g = graph([edge('x', 'a'), edge('a', 'b'), edge('b', 'goal', ['b1']), edge('x', 'goal', ['b1']), edge('x', 'c', ['b2'])]);
    expect(minimumCompromises(g, 'x', 'goal')).toEqual({ attacker: 'x', asset: 'goal', cost: 1, path: [edge('x', 'goal', ['b1'])] });
  });

  it('among paths of equal cost through different barriers, the one with fewer edges', () => {
    const g = graph([edge('x', 'a', ['b1']), edge('x', 'goal', ['b2']), edge('a', 'goal')]);
    expect(minimumCompromises(g, 'x', 'goal').path).toEqual([edge('x', 'goal', ['b2'])]);
  });

  it('among paths of equal cost, the fewest edges even when the longer one was found first', () => {
    // The free chain a → c → d reaches the goal (through b2) before p (behind b1) is expanded; both cost 1.
    const g = graph([edge('x', 'p', ['b1']), edge('x', 'a'), edge('a', 'c'), edge('c', 'd'), edge('d', 'goal', ['b2']), edge('p', 'goal')]);
    expect(minimumCompromises(g, 'x', 'goal')).toEqual({ attacker: 'x', asset: 'goal', cost: 1, path: [edge('x', 'p', ['b1']), edge('p', 'goal')] });
  });

  it('a node reached again with the same barriers by a shorter path keeps the shorter path', () => {
    // m is first reached through a → p1 (breaking b1: 3 edges), then through p2 (breaking b1: 2 edges).
    const g = graph([edge('x', 'a'), edge('x', 'p2', ['b1']), edge('a', 'p1'), edge('p1', 'm', ['b1']), edge('p2', 'm'), edge('m', 'goal')]);
    expect(minimumCompromises(g, 'x', 'goal')).toEqual({ attacker: 'x', asset: 'goal', cost: 1, path: [edge('x', 'p2', ['b1']), edge('p2', 'm'), edge('m', 'goal')] });
  });

  it('a search with more open states than its bound throws rather than answer; at the bound it answers', () => {
    const g = graph([edge('x', 'a'), edge('x', 'b'), edge('x', 'goal', ['b1'])]);
    expect(() => minimumCompromises(g, 'x', 'goal', 2)).toThrow('the exhaustive attack search from x to goal exceeded 2 open states');
    expect(minimumCompromises(g, 'x', 'goal', 3).cost).toBe(1);
    expect(MAX_OPEN_ATTACK_STATES).toBe(200_000);
  });

  it('tells barrier sets apart exactly: {a, bc} is not {ab, c}', () => {
    // Through m the attacker breaks a and bc, and a again to the goal: 2. Straight to n it breaks ab and c, then a: 3.
    const g = graph([edge('x', 'n', ['ab', 'c']), edge('x', 'm', ['a']), edge('m', 'n', ['bc']), edge('n', 'goal', ['a'])]);
    const attack = minimumCompromises(g, 'x', 'goal');
    expect(attack.cost).toBe(2);
    expect(attack.path.map((e) => e.to)).toEqual(['m', 'n', 'goal']);
  });

  it('a free path costs 0; paths never go back to the attacker or through a node twice', () => {
    const g = graph([edge('a', 'x'), edge('x', 'a'), edge('a', 'a'), edge('a', 'goal')]);
    expect(minimumCompromises(g, 'x', 'goal')).toEqual({ attacker: 'x', asset: 'goal', cost: 0, path: [edge('x', 'a'), edge('a', 'goal')] });
  });
});

// Two components at one level above user, in one world on one core, share a protection domain: holding one is
// holding the other. The graph once joined components only across levels, so a kernel put beside the secure monitor
// (fixture defended-kernel-beside-monitor) was as far from the monitor's assets as a normal-world kernel.
describe('sharesPrivilegedMode: peers hold each other', () => {
  const goal = asset('goal');
  const peers = (a: PlatformComponent, b: PlatformComponent) =>
    design({ components: [a, b], assets: [goal], access: [{ component: b.id, asset: 'goal', rights: ['write'] }], attackers: [{ id: 'x', name: 'x', controls: [a.id] } as AttackerEntry] });
  it.each([
    ['two secure supervisors', component('kernel', 'supervisor', 'secure'), component('monitor', 'supervisor', 'secure')],
    ['two normal supervisors', component('linux', 'supervisor'), component('rtos', 'supervisor')],
    ['a bare-metal task beside a supervisor', component('task', 'bare-metal', 'normal', 'M4-0'), component('rtos', 'supervisor', 'normal', 'M4-0')],
    ['two firmware images', component('fw-a', 'firmware', 'secure', 'Pluton'), component('fw-b', 'firmware', 'secure', 'Pluton')],
  ])('%s: one reaches the other\'s asset at no cost', (_name, a, b) => {
    const g = buildAttackGraph(peers(a, b), { derivedExploitability: false, layerEscalation: false });
    expect(g.edges.some((e) => e.from === a.id && e.to === b.id && e.barriers.length === 0)).toBe(true);
    expect(minimumCompromises(g, `x@${a.id}`, 'goal').cost).toBe(0);
    // The edge says why, for the path a report prints (mutation testing, s30: its text could be emptied unnoticed).
    expect(g.edges.find((e) => e.from === a.id && e.to === b.id)!.description).toMatch(new RegExp(`runs beside .* on ${a.core}, in one privileged mode \\(${a.world} ${a.privilege}, ${b.world} ${b.privilege}\\): nothing in the hardware separates them$`));
  });
  it.each([
    ['two user processes', component('app-a'), component('app-b')],
    ['one supervisor in each world', component('linux', 'supervisor', 'normal'), component('monitor', 'supervisor', 'secure')],
    ['the same level on two cores', component('k0', 'supervisor', 'normal', 'M4-0'), component('k1', 'supervisor', 'normal', 'M4-1')],
  ])('%s: no edge', (_name, a, b) => {
    const g = buildAttackGraph(peers(a, b), { derivedExploitability: false, layerEscalation: false });
    expect(g.edges.some((e) => e.from === a.id && e.to === b.id)).toBe(false);
  });
});

/**
 * The instantiation rules of model/product/instantiate.ts on a small design with one A7 slot and two M4
 * slots, each with its exact result: apps fill slots of their own kind in order; an empty slot leaves the
 * components, the declared TCB, the access rules, the boot stages it loads or loads from, the measurements
 * it takes, the attacker controls and the exploits; an attacker left with nothing to control goes, one that
 * never controlled anything stays; update kinds stop listing empty slots. Mutation testing (issue 13) found
 * that the built-in design let several of these change unnoticed.
 */
import { describe, expect, it } from 'vitest';
import type { BootStage, PlatformComponent, PlatformDesign } from '../../model/platform/platform-design.js';
import { instantiatePlatform, instantiateUpdate } from '../../model/product/instantiate.js';
import type { UpdateDesign } from '../../model/update/update-design.js';

const component = (id: string, core: string, imageType?: string): PlatformComponent => ({ id, name: id.toUpperCase(), core, world: 'normal', privilege: 'user', mutable: true, ...(imageType ? { imageType } : {}) });
const stage = (image: string, loadedBy: string, measuredBy?: string): BootStage => ({
  image,
  loadedBy,
  checks: [],
  ...(measuredBy ? { measurement: { register: 'pcr', by: measuredBy, when: 'before-run' as const } } : {}),
});

/** The M4 slots come before the A7 slot, so a high-level app can only reach an A7 slot by its kind. */
const design: PlatformDesign = {
  schemaVersion: 1,
  name: 'slots',
  components: [component('os', 'A7', 'NormalWorldKernel'), component('rt0', 'M4-0', 'Applications'), component('rt1', 'M4-1', 'Applications'), component('hl', 'A7', 'Applications')],
  declaredTcb: ['os', 'rt0', 'hl'],
  assets: [],
  access: [
    { component: 'os', asset: 'store', rights: ['read'] },
    { component: 'rt0', asset: 'store', rights: ['write'] },
    { component: 'rt1', asset: 'store', rights: ['read'] },
    { component: 'hl', asset: 'store', rights: ['use'] },
  ],
  keys: [],
  boot: [stage('os', 'os', 'rt1'), stage('rt0', 'os'), stage('rt1', 'os', 'os'), stage('hl', 'os', 'os'), stage('os', 'rt1')],
  attackers: [
    { id: 'apps', name: 'apps', controls: ['rt0', 'rt1', 'hl'] },
    { id: 'second-core', name: 'second core', controls: ['rt1'] },
    { id: 'network', name: 'network', controls: [], network: true },
  ],
  exploits: [
    { from: 'rt0', to: 'os', barrier: 'b1', description: 'kept' },
    { from: 'rt1', to: 'os', barrier: 'b2', description: 'from an empty slot' },
    { from: 'hl', to: 'rt1', barrier: 'b3', description: 'to an empty slot' },
  ],
};

/** One real-time app and one high-level app: rt1 stays empty. */
const filled = () => instantiatePlatform(design, [
  { name: 'Sensor', kind: 'real-time' },
  { name: 'Gateway', kind: 'high-level' },
]);

describe('filling slots', () => {
  it('puts each app in the next free slot of its own kind, and none once they are taken', () => {
    expect(filled().slots).toEqual(['rt0', 'hl']);
    expect(instantiatePlatform(design, [{ name: 'A', kind: 'high-level' }, { name: 'B', kind: 'high-level' }]).slots).toEqual(['hl', undefined]);
    expect(instantiatePlatform(design, [{ name: 'A', kind: 'real-time' }, { name: 'B', kind: 'real-time' }, { name: 'C', kind: 'real-time' }]).slots).toEqual(['rt0', 'rt1', undefined]);
  });

  it('names the filled slots after their apps, keeps other components, drops the empty slot', () => {
    const { design: d, emptySlots } = filled();
    expect(emptySlots).toEqual(['rt1']);
    expect(d.components.map((c) => [c.id, c.name])).toEqual([
      ['os', 'OS'],
      ['rt0', 'RT0: Sensor'],
      ['hl', 'HL: Gateway'],
    ]);
  });
});

describe('what an empty slot takes with it', () => {
  it('its place in the declared TCB and its access rules', () => {
    const { design: d } = filled();
    expect(d.declaredTcb).toEqual(['os', 'rt0', 'hl']);
    expect(d.access.map((a) => a.component)).toEqual(['os', 'rt0', 'hl']);
    const none = instantiatePlatform(design, []).design;
    expect(none.declaredTcb).toEqual(['os']);
    expect(none.access).toEqual([{ component: 'os', asset: 'store', rights: ['read'] }]);
  });

  it('the boot stages that load it or that it loads, and the measurements it takes; other stages stay as they are', () => {
    const { design: d } = filled();
    expect(d.boot).toEqual([
      { image: 'os', loadedBy: 'os', checks: [] },
      stage('rt0', 'os'),
      stage('hl', 'os', 'os'),
    ]);
    expect('measurement' in d.boot[0]!).toBe(false);
    // The design itself is not changed.
    expect(design.boot[0]!.measurement).toEqual({ register: 'pcr', by: 'rt1', when: 'before-run' });
  });

  it('its attacker controls: an attacker left with nothing goes, one that never controlled a component stays', () => {
    const { design: d } = filled();
    expect(d.attackers.map((a) => [a.id, a.controls])).toEqual([
      ['apps', ['rt0', 'hl']],
      ['network', []],
    ]);
  });

  it('the exploits from or to it', () => {
    expect(filled().design.exploits.map((e) => e.barrier)).toEqual(['b1']);
  });
});

describe('the update design', () => {
  const update = { updateKinds: [
    { kind: 'os', name: 'OS', order: 1, contents: ['os'] },
    { kind: 'app', name: 'Apps', order: 2, contents: ['rt0', 'rt1', 'hl'] },
  ] } as unknown as UpdateDesign;

  it('stops listing the empty slots in update kinds, and keeps everything else', () => {
    expect(instantiateUpdate(update, ['rt1'])).toEqual({ updateKinds: [
      { kind: 'os', name: 'OS', order: 1, contents: ['os'] },
      { kind: 'app', name: 'Apps', order: 2, contents: ['rt0', 'hl'] },
    ] });
  });

  it('is the same design when no slot is empty', () => {
    expect(instantiateUpdate(update, [])).toBe(update);
  });
});

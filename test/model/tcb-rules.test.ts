/**
 * Each rule of the computed TCB (model/platform/tcb.ts) on its own, on a design small enough that one
 * component is in the TCB for exactly one reason: immutable ROM, reading or using a secret (and not for
 * writing it), changing the I/O firewall, writing eFuses, verifying a boot stage, measuring one. Mutation
 * testing found each of these could be deleted unnoticed by the tests that use the built-in design.
 */
import { describe, expect, it } from 'vitest';
import type { AccessRule, BootStage, PlatformAsset, PlatformComponent, PlatformDesign } from '../../model/platform/platform-design.js';
import { computeTcb } from '../../model/platform/tcb.js';

const component = (id: string, mutable = true, over: Partial<PlatformComponent> = {}): PlatformComponent => ({ id, name: id, core: 'a7', world: 'normal', privilege: 'user', mutable, ...over });
const asset = (id: string, over: Partial<PlatformAsset>): PlatformAsset => ({ id, name: `the ${id}`, kind: 'storage', location: 'flash', secret: false, critical: false, ...over });

function design(parts: { components?: PlatformComponent[]; assets?: PlatformAsset[]; access?: AccessRule[]; boot?: BootStage[] }): PlatformDesign {
  return {
    schemaVersion: 1,
    name: 'tcb rule',
    components: parts.components ?? [component('c')],
    declaredTcb: [],
    assets: parts.assets ?? [],
    access: parts.access ?? [],
    keys: [],
    boot: parts.boot ?? [],
    attackers: [],
    exploits: [],
  };
}
const members = (d: PlatformDesign) => computeTcb(d).map((m) => m.component);
const groundsOf = (d: PlatformDesign, id: string) => computeTcb(d).find((m) => m.component === id)?.grounds ?? [];

describe('the computed TCB, one rule at a time', () => {
  it('a component with no ground is not in the TCB', () => {
    expect(computeTcb(design({}))).toEqual([]);
  });

  it('immutable ROM is in the TCB, with its reason', () => {
    const d = design({ components: [component('rom', false), component('app')] });
    expect(members(d)).toEqual(['rom']);
    expect(computeTcb(d)[0]).toEqual({ component: 'rom', reasons: ['is immutable ROM: the root every check starts from'], grounds: [{ kind: 'immutable-root', text: 'is immutable ROM: the root every check starts from' }] });
  });

  it('reading or using a secret puts a component in; writing it, or reading a non-secret, does not', () => {
    const key = asset('key', { kind: 'storage', location: 'pluton', secret: true });
    const data = asset('data', {});
    const d = design({
      components: [component('reader'), component('user'), component('writer'), component('public')],
      assets: [key, data],
      access: [
        { component: 'reader', asset: 'key', rights: ['read', 'write'] },
        { component: 'user', asset: 'key', rights: ['use'] },
        { component: 'writer', asset: 'key', rights: ['write'] },
        { component: 'public', asset: 'data', rights: ['read'] },
      ],
    });
    expect(members(d)).toEqual(['reader', 'user']);
    expect(groundsOf(d, 'reader')).toEqual([{ kind: 'secret-access', asset: 'key', right: 'read', access: 0, text: 'can read the secret the key' }]);
    expect(groundsOf(d, 'user')).toEqual([{ kind: 'secret-access', asset: 'key', right: 'use', access: 1, text: 'can use the secret the key' }]);
  });

  it('an access rule to an asset the design does not define grants nothing', () => {
    const d = design({ components: [component('c')], access: [{ component: 'c', asset: 'missing', rights: ['read', 'write', 'use'] }] });
    expect(members(d)).toEqual([]);
  });

  it('writing the firewall configuration puts a component in; reading it does not', () => {
    const fw = asset('fw', { kind: 'firewall-config', location: 'io-registers' });
    const d = design({ components: [component('w'), component('r')], assets: [fw], access: [{ component: 'w', asset: 'fw', rights: ['write'] }, { component: 'r', asset: 'fw', rights: ['read'] }] });
    expect(members(d)).toEqual(['w']);
    expect(groundsOf(d, 'w')).toEqual([{ kind: 'firewall-write', asset: 'fw', access: 0, text: 'can change the the fw' }]);
  });

  it('writing an eFuse puts a component in; reading one does not', () => {
    const fuse = asset('fuse', { kind: 'counter', location: 'efuse' });
    const d = design({ components: [component('w'), component('r')], assets: [fuse], access: [{ component: 'w', asset: 'fuse', rights: ['write'] }, { component: 'r', asset: 'fuse', rights: ['read'] }] });
    expect(members(d)).toEqual(['w']);
    expect(groundsOf(d, 'w')).toEqual([{ kind: 'efuse-write', asset: 'fuse', access: 0, text: 'can write eFuses (the fuse)' }]);
  });

  it('writing what decides trust (a key store, key hash, measurement register, counter outside eFuses or private key) puts a component in; extending or reading does not', () => {
    for (const kind of ['key-store', 'key-hash', 'register', 'counter', 'private-key'] as const) {
      const target = asset('t', { kind, location: 'flash' });
      const d = design({ components: [component('w'), component('x'), component('r')], assets: [target], access: [{ component: 'w', asset: 't', rights: ['write'] }, { component: 'x', asset: 't', rights: ['extend'] }, { component: 'r', asset: 't', rights: ['read'] }] });
      expect(members(d), kind).toEqual(['w']);
      expect(groundsOf(d, 'w')).toEqual([{ kind: 'trust-write', asset: 't', access: 0, text: 'can overwrite the the t, which decides what the device trusts' }]);
    }
    // Writing plain storage or memory is not a ground.
    const storage = asset('s', { kind: 'storage', location: 'flash' });
    expect(members(design({ components: [component('w')], assets: [storage], access: [{ component: 'w', asset: 's', rights: ['write'] }] }))).toEqual([]);
  });

  it('the loader of a checked stage is in; the loader of an unchecked, unmeasured stage is not', () => {
    const d = design({
      components: [component('loader'), component('lax'), component('next')],
      boot: [
        { image: 'next', loadedBy: 'loader', checks: [{ id: 'next.sig', kind: 'signature', key: 'k' }] },
        { image: 'other', loadedBy: 'lax', checks: [] },
      ],
    });
    expect(members(d)).toEqual(['loader']);
    expect(groundsOf(d, 'loader')).toEqual([{ kind: 'verifies', image: 'next', checks: ['next.sig'], stage: 0, text: 'verifies next (next.sig): its failure skips those checks' }]);
  });

  it('the measurer of a stage is in, even when nothing checks the stage', () => {
    const d = design({
      components: [component('loader'), component('measurer')],
      boot: [{ image: 'next', loadedBy: 'loader', checks: [], measurement: { register: 'pcr0', by: 'measurer', when: 'before-run' } }],
    });
    expect(members(d)).toEqual(['measurer']);
    expect(groundsOf(d, 'measurer')).toEqual([{ kind: 'measures', image: 'next', register: 'pcr0', stage: 0, text: 'measures next into pcr0: its failure skips that measurement' }]);
  });
});

/**
 * The closure over control of a member (code-write, runs-above, holds-member), each on its own: a ROM member and one
 * component that joins for one reason. Mutation testing (s30) found these rules guarded only by the property suites
 * (test/properties/tcb-closure.test.ts), not by the rule tests npm run mutate runs.
 */
describe('the TCB is closed over control of its members, one rule at a time', () => {
  const rom = component('rom', false);
  const code = asset('code', { kind: 'memory-region', location: 'sram' });

  it('a component that may write memory a member executes joins (code-write), with the rule and the member named', () => {
    const d = design({
      components: [rom, component('dma')],
      assets: [code],
      access: [
        { component: 'rom', asset: 'code', rights: ['execute'] },
        { component: 'dma', asset: 'code', rights: ['write'] },
      ],
    });
    expect(members(d)).toEqual(['rom', 'dma']);
    expect(groundsOf(d, 'dma')).toEqual([{ kind: 'code-write', asset: 'code', member: 'rom', access: 1, text: 'may write the code, which the TCB member rom executes: it decides what that member runs' }]);
    expect(computeTcb(d)[1]!.reasons).toEqual(['may write the code, which the TCB member rom executes: it decides what that member runs']);
  });

  it('sound twins: reading what a member executes, writing what no member executes, or writing what a member only reads does not join', () => {
    const readOnly = design({ components: [rom, component('r')], assets: [code], access: [{ component: 'rom', asset: 'code', rights: ['execute'] }, { component: 'r', asset: 'code', rights: ['read', 'execute'] }] });
    expect(members(readOnly)).toEqual(['rom']);
    const nobody = design({ components: [rom, component('app'), component('w')], assets: [code], access: [{ component: 'app', asset: 'code', rights: ['execute'] }, { component: 'w', asset: 'code', rights: ['write'] }] });
    expect(members(nobody)).toEqual(['rom']);
    const data = design({ components: [rom, component('w')], assets: [code], access: [{ component: 'rom', asset: 'code', rights: ['read', 'write', 'use', 'extend'] }, { component: 'w', asset: 'code', rights: ['write'] }] });
    expect(members(data)).toEqual(['rom']);
    // Writing another asset than the one the member executes.
    const other = design({ components: [rom, component('w')], assets: [code, asset('buffer', { kind: 'memory-region', location: 'sram' })], access: [{ component: 'rom', asset: 'code', rights: ['execute'] }, { component: 'w', asset: 'buffer', rights: ['write'] }] });
    expect(members(other)).toEqual(['rom']);
  });

  it('the closure is transitive, whatever the order of the components: whoever writes what a joined component executes joins too', () => {
    const next = asset('next', { kind: 'memory-region', location: 'sram' });
    const d = design({
      // The last writer is listed first: it joins only once the middle one has.
      components: [component('last'), component('middle'), rom],
      assets: [code, next],
      access: [
        { component: 'rom', asset: 'code', rights: ['execute'] },
        { component: 'middle', asset: 'code', rights: ['write'] },
        { component: 'middle', asset: 'next', rights: ['execute'] },
        { component: 'last', asset: 'next', rights: ['write'] },
      ],
    });
    expect(members(d)).toEqual(['last', 'middle', 'rom']);
    expect(groundsOf(d, 'last')).toEqual([expect.objectContaining({ kind: 'code-write', asset: 'next', member: 'middle', access: 3 })]);
  });

  it('a writer that also executes the memory joins for the member that executes it, not for itself', () => {
    const d = design({
      components: [rom, component('w')],
      assets: [code],
      access: [
        { component: 'rom', asset: 'code', rights: ['execute'] },
        { component: 'w', asset: 'code', rights: ['write', 'execute'] },
      ],
    });
    expect(groundsOf(d, 'w').map((g) => g.kind === 'code-write' && g.member)).toEqual(['rom']);
  });

  it('a component that runs above a member on its core joins (runs-above); one on another core or below does not', () => {
    const member = component('monitor', false, { privilege: 'supervisor', world: 'secure' });
    const d = design({
      components: [
        member,
        component('firmware', true, { privilege: 'firmware', world: 'secure' }),
        component('elsewhere', true, { privilege: 'firmware', world: 'secure', core: 'm4' }),
        component('below', true, { privilege: 'user', world: 'secure' }),
      ],
    });
    expect(members(d)).toEqual(['monitor', 'firmware']);
    expect(groundsOf(d, 'firmware')).toEqual([{ kind: 'runs-above', member: 'monitor', text: 'runs above the TCB member monitor on a7: it can do whatever that member does' }]);
  });

  it('a component beside a member in one privileged mode of its core joins (holds-member); user-mode peers, another world or core do not', () => {
    const d = design({
      components: [
        component('monitor', false, { privilege: 'supervisor', world: 'secure', name: 'Security Monitor' }),
        component('kernel', true, { privilege: 'supervisor', world: 'secure' }),
        component('normal-kernel', true, { privilege: 'supervisor', world: 'normal' }),
        component('m4-kernel', true, { privilege: 'supervisor', world: 'secure', core: 'm4' }),
      ],
    });
    expect(members(d)).toEqual(['monitor', 'kernel']);
    expect(groundsOf(d, 'kernel')).toEqual([{ kind: 'holds-member', member: 'monitor', text: 'runs beside Security Monitor on a7 at its level (secure supervisor), and so holds whatever puts it in the TCB' }]);
    const users = design({ components: [component('rom-user', false), component('peer')] });
    expect(members(users)).toEqual(['rom-user']);
  });
});

/**
 * Properties that read the same fact must agree: where two disagree, one is wrong (s33-consistency; before, a key-store
 * counter in flash in a design naming no flash attacker held renewable-security while hardware-root-of-trust was
 * violated, and a FIFO stated as a register was a trust asset to defense-in-depth and small-tcb but no measurement
 * register to anything else). Over random variations of the built-in design (where the counters and the key store are
 * kept, who may read, write or extend what, which components are untrusted, whether the design names its flash
 * attacker, registers added in the I/O registers or elsewhere, with or without a stage measured into them), each
 * implication between the verdict parts below must hold. Every reading is a pure function of the design: milliseconds.
 *  1. hardware-root-of-trust finds the key store's counter weak (signedImageCounterFindings: an attacker can set it
 *     back, raise it past every release, or it is kept where it goes back) ⇒ renewable-security's key-store rule calls
 *     the store unprotected (keyStoreRollback).
 *  2. hardware-root-of-trust finds a component may overwrite a measurement register (measurementProblems) ⇒
 *     defense-in-depth protects that register whatever the design marks (isCriticalAsset by kind) and small-tcb puts
 *     the writer in the TCB for it (computeTcb, trust-write) unless the register is one-time programmable.
 *  3. for every register and every component that may write it: defense-in-depth counts it as a trust asset exactly
 *     when small-tcb counts its writers as deciding trust (one reading of what a measurement register is).
 *  4. renewable-security names a running component as one that writes the key store back (storeWriters) ⇒ small-tcb
 *     puts it in the TCB for the store and defense-in-depth protects the store.
 *  5. compartmentalization reads a register as a message carrier (model/platform/data-paths.ts carriesMessages: a FIFO
 *     in the I/O registers) and no stage is measured into it ⇒ defense-in-depth does not count it as a measurement
 *     register (a trust asset by its kind).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCriticalAsset } from '../../model/platform/critical-assets.js';
import { carriesMessages } from '../../model/platform/data-paths.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import { measurementProblems } from '../../model/platform/measurement-integrity.js';
import type { AssetLocation, PlatformDesign, Right } from '../../model/platform/platform-design.js';
import { computeTcb } from '../../model/platform/tcb.js';
import { keyStoreRollback, storeWriters } from '../../model/update/key-store-rollback.js';
import { signedImageCounterFindings } from '../../model/update/rollback.js';

const builtin = loadPlatform(builtinPlatformFile()).design!;
const STORE = 'trusted-key-store';
const COUNTER = 'arc-key-store';
const COMPONENTS = builtin.components.map((c) => c.id);

interface Variation {
  counterAt: AssetLocation;
  storeAt: 'flash' | 'pluton';
  checkedAt: ('boot' | 'update')[] | undefined;
  flashAttacker: boolean;
  untrusted: string[];
  registers: { location: AssetLocation; measured?: { stage: number; by: string } }[];
  rules: { component: string; asset: string; rights: Right[] }[];
  dropRules: number[];
}

const LOCATIONS: AssetLocation[] = ['efuse', 'pluton', 'flash', 'sram', 'io-registers'];
const variationArb = (assets: string[]): fc.Arbitrary<Variation> =>
  fc.record({
    counterAt: fc.constantFrom(...LOCATIONS),
    storeAt: fc.constantFrom('flash' as const, 'pluton' as const),
    checkedAt: fc.option(fc.constantFrom<('boot' | 'update')[]>(['boot', 'update'], ['boot'], ['update']), { nil: undefined, freq: 5 }),
    flashAttacker: fc.boolean(),
    untrusted: fc.subarray(COMPONENTS, { maxLength: 2 }),
    registers: fc.array(fc.record({ location: fc.constantFrom<AssetLocation>('io-registers', 'io-registers', 'pluton', 'sram', 'flash'), measured: fc.option(fc.record({ stage: fc.nat(builtin.boot.length - 1), by: fc.constantFrom(...COMPONENTS) }), { nil: undefined }) }), { maxLength: 2 }),
    rules: fc.array(fc.record({ component: fc.constantFrom(...COMPONENTS), asset: fc.constantFrom(...assets, 'extra-register-0', 'extra-register-1'), rights: fc.subarray<Right>(['read', 'write', 'extend'], { minLength: 1 }) }), { maxLength: 5 }),
    dropRules: fc.subarray(builtin.access.map((_, i) => i), { maxLength: 3 }),
  });

function designOf(v: Variation): PlatformDesign {
  const d = structuredClone(builtin);
  d.assets.find((a) => a.id === COUNTER)!.location = v.counterAt;
  const store = d.assets.find((a) => a.id === STORE)!;
  store.location = v.storeAt;
  if (v.checkedAt) store.signedImage!.rollback!.checkedAt = v.checkedAt;
  if (!v.flashAttacker) d.attackers = d.attackers.filter((a) => !a.writesFlash);
  for (const c of d.components) if (v.untrusted.includes(c.id)) c.untrusted = true;
  v.registers.forEach((r, i) => {
    const id = `extra-register-${i}`;
    d.assets.push({ id, name: `extra register ${i}`, kind: 'register', location: r.location, secret: false, critical: false });
    if (r.measured) {
      d.boot[r.measured.stage]!.measurement = { register: id, by: r.measured.by, when: 'before-run' };
      d.access.push({ component: r.measured.by, asset: id, rights: ['extend'] });
    }
  });
  d.access = d.access.filter((_, i) => !v.dropRules.includes(i));
  for (const r of v.rules) if (d.assets.some((a) => a.id === r.asset)) d.access.push({ component: r.component, asset: r.asset, rights: r.rights });
  return d;
}

/** The TCB grounds of kind trust-write: component → assets it is in the TCB for. */
function trustWrites(d: PlatformDesign): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const m of computeTcb(d)) for (const g of m.grounds) if (g.kind === 'trust-write') out.set(m.component, (out.get(m.component) ?? new Set()).add(g.asset));
  return out;
}

const writersOf = (d: PlatformDesign, asset: string): string[] => [...new Set(d.access.filter((r) => r.asset === asset && r.rights.includes('write')).map((r) => r.component))];

/** Every implication of the header that fails on `d`, as a sentence. */
function disagreements(d: PlatformDesign): string[] {
  const out: string[] = [];
  const judged = new Map(keyStoreRollback(d).map((r) => [r.store, r]));
  const hrotCounter = new Set(signedImageCounterFindings(d).map((f) => f.image));
  const writes = trustWrites(d);
  // 1 and 5: the key store's counter.
  for (const [store, r] of judged) {
    if (hrotCounter.has(store) && r.status === 'protected') out.push(`1: hardware-root-of-trust finds ${store}'s counter weak, renewable-security calls the store protected`);
  }
  // 2: a measurement register a component may overwrite.
  const unmarked = (id: string) => ({ ...d.assets.find((a) => a.id === id)!, critical: false });
  for (const p of measurementProblems(d)) {
    const m = /^(\S+) may write (\S+), which/.exec(p.problem);
    if (!m) continue;
    const [, writer, register] = m as unknown as [string, string, string];
    if (!isCriticalAsset(unmarked(register), true, d)) out.push(`2: hardware-root-of-trust finds ${writer} may overwrite ${register}; defense-in-depth does not protect ${register}`);
    if (unmarked(register).location !== 'efuse' && !writes.get(writer)?.has(register)) out.push(`2: hardware-root-of-trust finds ${writer} may overwrite ${register}; small-tcb leaves ${writer} out of the TCB for it`);
  }
  // 3: registers, both ways.
  for (const a of d.assets.filter((x) => x.kind === 'register' && x.location !== 'efuse')) {
    const critical = isCriticalAsset({ ...a, critical: false }, true, d);
    for (const w of writersOf(d, a.id)) {
      if (critical !== !!writes.get(w)?.has(a.id)) out.push(`3: ${a.id} (${a.location}) is ${critical ? '' : 'not '}a trust asset to defense-in-depth, but small-tcb ${critical ? 'does not count' : 'counts'} its writer ${w} as deciding trust`);
    }
  }
  // 5: a message carrier no stage is measured into is no trust asset by its kind.
  for (const a of d.assets.filter((x) => x.kind === 'register' && carriesMessages(x) && !d.boot.some((s) => s.measurement?.register === x.id))) {
    if (isCriticalAsset({ ...a, critical: false }, true, d)) out.push(`5: compartmentalization reads ${a.id} as a FIFO (a message carrier), defense-in-depth as a measurement register`);
  }
  // 4: a running writer of the store that renewable-security names.
  for (const store of judged.keys()) {
    const asset = d.assets.find((a) => a.id === store)!;
    if (!isCriticalAsset({ ...asset, critical: false }, true, d)) out.push(`4: defense-in-depth does not protect the key store ${store}`);
    for (const w of storeWriters(d, store).filter((id) => COMPONENTS.includes(id))) {
      if (asset.location !== 'efuse' && !writes.get(w)?.has(store)) out.push(`4: renewable-security names ${w} as writing ${store} back; small-tcb leaves it out of the TCB for it`);
    }
  }
  return out;
}

describe('verdict parts that read the same fact agree', () => {
  const assets = builtin.assets.map((a) => a.id);

  it('the built-in design: no disagreement', () => {
    expect(disagreements(builtin)).toEqual([]);
  });

  it('the cases s33 fixed agree now: a key-store counter in flash with no flash attacker named; a FIFO in the I/O registers an app writes', () => {
    const flash = designOf({ counterAt: 'flash', storeAt: 'flash', checkedAt: undefined, flashAttacker: false, untrusted: [], registers: [], rules: [], dropRules: [] });
    expect(signedImageCounterFindings(flash).map((f) => f.image)).toEqual([STORE]);
    expect(keyStoreRollback(flash)[0]!.status).toBe('unprotected');
    const fifo = designOf({ counterAt: 'efuse', storeAt: 'flash', checkedAt: undefined, flashAttacker: true, untrusted: [], registers: [{ location: 'io-registers' }], rules: [{ component: 'rt-app-0', asset: 'extra-register-0', rights: ['write'] }], dropRules: [] });
    expect(disagreements(fifo)).toEqual([]);
    expect(isCriticalAsset(fifo.assets.find((a) => a.id === 'extra-register-0')!, true, fifo)).toBe(false);
  });

  it('random variations of the built-in design: every implication holds', () => {
    fc.assert(
      fc.property(variationArb(assets), (v) => {
        const found = disagreements(designOf(v));
        expect(found, JSON.stringify(v)).toEqual([]);
      }),
      { numRuns: 300, seed: 33 },
    );
  });
});

/**
 * small-tcb over a TCB closed over control of its members (model/platform/tcb.ts): a component that may write memory a
 * member executes, or that runs above a member on its core, is trusted as much as that member; so is a loader that brings
 * up a member's image without checking it (s36-tcb: it held at 4 of 10).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import { computeTcb } from '../../model/platform/tcb.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { checkSmallTcb } from '../../properties/small-tcb/index.js';
import type { PropertyResult } from '../../properties/verdict.js';
import { checkContext } from '../helpers/check-context.js';

const fixture = (name: string) => resolve(fileURLToPath(import.meta.url), '../../fixtures/platforms', name, 'sevenfold.json');
const context = checkContext({ seed: 5, runs: 1, timeoutMs: 20_000, command: 'sevenfold verify --property small-tcb' });
const load = (name: string): Product => {
  const loaded = loadProduct(fixture(name));
  expect(loaded.hasErrors, loaded.diagnostics.map((d) => d.message).join('; ')).toBe(false);
  return loaded.product!;
};
const outcomes = (r: PropertyResult) => Object.fromEntries((r.requirements ?? []).map((q) => [q.id, q.outcome]));

describe('small-tcb: the TCB is closed over control of its members', () => {
  it('an app slot that may write memory the Security Monitor executes is in the TCB: an untrusted member; the twin that writes its own buffer holds', async () => {
    const flawed = await checkSmallTcb(load('rt-app-writes-monitor-memory'), context);
    expect(flawed.verdict, flawed.summary).toBe('violated');
    expect(outcomes(flawed)['small-tcb.no-untrusted-member']).toBe('failed');
    const lines = (flawed.evidence ?? []).flatMap((e) => e.lines);
    expect(lines).toContain('app FanControl_RTApp (/apps/1) is in the TCB: its slot rt-app-0 may write Security Monitor memory, which the TCB member security-monitor executes: it decides what that member runs');
    const sound = await checkSmallTcb(load('monitor-memory-own-only'), context);
    expect(sound.verdict, sound.summary).toBe('holds');
  });

  it('a loader that brings up the Security Monitor without checking it is in the TCB (and the kernel beside it): violated; the Pluton runtime doing the same holds', async () => {
    const flawed = await checkSmallTcb(load('monitor-loaded-unchecked-by-loader'), context);
    expect(flawed.verdict, flawed.summary).toBe('violated');
    expect(outcomes(flawed)['small-tcb.max-share']).toBe('failed');
    const lines = (flawed.evidence ?? []).flatMap((e) => e.lines);
    expect(lines).toContain('  - loads security-monitor, a TCB member, with no check: it decides what that member runs  [/boot/3/loadedBy]');
    expect(flawed.summary).toMatch(/^the TCB is too large: 6 of 10 components/);
    const sound = await checkSmallTcb(load('monitor-loaded-unchecked-by-pluton-runtime'), context);
    expect(sound.verdict, sound.summary).toBe('holds');
    expect(sound.summary).toMatch(/^TCB is 4 of 10 components/);
  });

  it('a component that runs above a member on its core joins, and so on down the chain', () => {
    const d = structuredClone(loadPlatform(builtinPlatformFile()).design!);
    // A maker's firmware-level debug monitor on the A7, above the Security Monitor, holding no asset of its own.
    d.components.push({ id: 'debug-monitor', name: 'Debug monitor', core: 'A7', world: 'secure', privilege: 'firmware', mutable: true });
    const member = computeTcb(d).find((m) => m.component === 'debug-monitor');
    expect(member?.grounds).toEqual([{ kind: 'runs-above', member: 'security-monitor', text: 'runs above the TCB member security-monitor on A7: it can do whatever that member does' }]);
    // Whoever may write what that monitor executes joins in turn.
    d.assets.push({ id: 'debug-code', name: 'Debug monitor code', kind: 'memory-region', location: 'sram', secret: false, critical: false });
    d.access.push({ component: 'debug-monitor', asset: 'debug-code', rights: ['execute'] }, { component: 'os-services', asset: 'debug-code', rights: ['write'] });
    expect(computeTcb(d).find((m) => m.component === 'os-services')?.grounds.map((g) => g.kind)).toEqual(['code-write']);
  });
});

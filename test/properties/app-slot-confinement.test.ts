/**
 * s28-fresh: the app protections compartmentalization attacks are the design's appIsolation, enforced by the
 * emulator as stated whatever the layout. A design that ran an app slot in supervisor mode or in the secure world,
 * put two real-time app slots on one core with nothing above them, or let an app slot write the memory the kernel
 * executes held compartmentalization ("5 app protections withstood their attacks"): the isolation it stated has
 * nothing to enforce it. The rule (model/platform/app-confinement.ts) makes each violated at hardware-barriers,
 * naming the design statement; each sound twin (the same layout with a kernel above both apps, a buffer nobody
 * executes) and the built-in design hold. The attack graph reads the last of these too: a component that may write
 * what another executes holds it (model/platform/attack-graph.ts; its second reading test/differential/attack-reach.ts),
 * so defended-rt-app-writes-kernel-memory, which held defense-in-depth, falls to one compromise.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { proveReach } from '../../proofs/reachability-proof.js';
import { proveNoNewAccess } from '../../proofs/access-diff-proof.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { unconfinedApps } from '../../model/platform/app-confinement.js';
import { buildAttackGraph } from '../../model/platform/attack-graph.js';
import { isAppSlot } from '../../model/product/instantiate.js';
import { checkCompartmentalization } from '../../properties/compartmentalization/index.js';
import { reviewAppConnections } from '../../properties/certificate-authentication/app-connections.js';
import { checkDefenseInDepth } from '../../properties/defense-in-depth/index.js';
import { checkContext } from '../helpers/check-context.js';
import { accessPointer } from '../helpers/design-pointer.js';
import { loadPlatformFixture, PLATFORM_FIXTURES } from '../helpers/platform-fixture.js';

const context = checkContext({ seed: 20261206, runs: 20, timeoutMs: 20_000, command: 'sevenfold verify --property compartmentalization' });

const flawed: [string, RegExp, string][] = [
  ['app-slot-in-supervisor-mode', /app slot hl-app \(normal supervisor on A7\) runs above os-services/, '/components/7'],
  ['app-slot-in-secure-world', /app slot hl-app \(secure user on A7\) runs above os-services/, '/components/7'],
  ['rt-app-slots-share-core', /app slots rt-app-0 and rt-app-1 share core M4-0 .* nothing runs above both/, '/components/9/core'],
  ['rt-app-writes-kernel-memory', /app slot rt-app-0 may write nw-memory, which nw-kernel executes/, accessPointer(`${PLATFORM_FIXTURES}/rt-app-writes-kernel-memory/platform.json`, 'rt-app-0', 'nw-memory')],
];

describe('an app slot nothing confines breaks compartmentalization, whatever appIsolation states', () => {
  for (const [name, message, pointer] of flawed) {
    it(`${name}: violated at hardware-barriers, naming the design statement`, async () => {
      const product = loadPlatformFixture(name);
      const result = await checkCompartmentalization(product, context);
      expect(result.verdict).toBe('violated');
      expect(result.summary).toMatch(/^compartmentalization\.hardware-barriers: /);
      expect(result.summary).toMatch(message);
      expect(result.evidence?.[0]?.lines.join('\n')).toMatch(new RegExp(`platform\\.json:\\d+:\\d+ ${pointer}: `));
      expect(result.evidence?.[0]?.reproduce).toMatch(/--seed 20261206/);
      expect(result.requirements?.find((r) => r.id === 'compartmentalization.hardware-barriers')?.outcome).toBe('failed');
    }, 60_000);
  }

  for (const name of ['rt-app-slots-share-core-under-kernel', 'rt-app-writes-own-buffer', 'sound-platform']) {
    it(`${name} (sound): every app slot is confined, and compartmentalization holds`, async () => {
      const product = loadPlatformFixture(name);
      expect(unconfinedApps(product.basePlatform, new Set(product.apps.flatMap((a) => (a.slot ? [a.slot] : []))), isAppSlot)).toEqual([]);
      const result = await checkCompartmentalization(product, context);
      expect(result.verdict, result.summary).toBe('holds');
    }, 60_000);
  }

  it('certificate-authentication: an unconfined app is held to its manifest by nothing, so its connections are undecided (not judged from the manifest)', () => {
    const review = reviewAppConnections(loadPlatformFixture('app-slot-in-supervisor-mode'));
    const thermostat = review.apps.find((a) => a.app === 'Thermostat')!;
    const open = thermostat.connections.find((c) => c.host === 'any host');
    expect(open?.outcome).toBe('unknown');
    expect(open?.reason).toMatch(/Thermostat may connect to any host and listen on any port: app slot hl-app \(normal supervisor on A7\) runs above os-services/);
    expect(open?.location.pointer).toBe('/components/7');
    const sound = reviewAppConnections(loadPlatformFixture('sound-platform'));
    expect(sound.apps.flatMap((a) => a.connections).filter((c) => c.host === 'any host')).toEqual([]);
  });

  it('defense-in-depth: writing the memory the kernel executes runs as the kernel (defended-rt-app-writes-kernel-memory falls to 1; its sound twin holds)', async () => {
    const flawed = await checkDefenseInDepth(loadPlatformFixture('defended-rt-app-writes-kernel-memory'), context);
    expect(flawed.verdict).toBe('violated');
    // One compromise either way: the kernel it writes the code of (held at no cost, then the monitor's syscalls), or the
    // monitor, which reads the same memory (data-paths.ts); the weakest path printed is the one of fewer edges.
    expect(flawed.summary).toMatch(/falls to 1 compromise \(malicious-app@rt-app-0 → FanControl_RTApp → /);
    expect(buildAttackGraph(loadPlatformFixture('defended-rt-app-writes-kernel-memory').basePlatform).edges).toContainEqual(expect.objectContaining({ from: 'rt-app-0', to: 'nw-kernel', barriers: [] }));
    const sound = await checkDefenseInDepth(loadPlatformFixture('defended-rt-app-writes-own-buffer'), context);
    expect(sound.verdict, sound.summary).toBe('holds');
  }, 120_000);

  it('query reach and diff: "no path" for an unconfined app is no proof (unknown, with the reason); a path stays a path; the sound twin still proves "no"', async () => {
    const spec = new IsolationSpec(loadPlatformFixture('app-slot-in-supervisor-mode'));
    const thermostat = spec.compartments.find((c) => c.name === 'Thermostat')!;
    const away = await proveReach(spec, thermostat.id, { kind: 'host', host: 'evil.example' }, { timeoutMs: 20_000 });
    expect(away.status).toBe('unknown');
    expect(away.status === 'unknown' && away.reason).toMatch(/app slot hl-app \(normal supervisor on A7\) runs above os-services.*so "no" proves nothing/);
    const listed = await proveReach(spec, thermostat.id, { kind: 'host', host: 'thermostat-hub.azure-devices.net' }, { timeoutMs: 20_000 });
    expect(listed.status).toBe('reachable');
    const sound = new IsolationSpec(loadPlatformFixture('rt-app-writes-own-buffer'));
    const soundReach = await proveReach(sound, sound.compartments.find((c) => c.name === 'Thermostat')!.id, { kind: 'host', host: 'evil.example' }, { timeoutMs: 20_000 });
    expect(soundReach.status).toBe('unreachable');
    const diff = await proveNoNewAccess(new IsolationSpec(loadPlatformFixture('sound-platform')), spec, { timeoutMs: 20_000 });
    expect(diff.status).toBe('unknown');
  }, 120_000);
});

afterAll(async () => {
  await shutdownZ3();
});

describe('certificate-authentication: an app the platform design has no slot for', () => {
  // Before, the second high-level app's connections were judged from its manifest and held, while hardware-root-of-trust,
  // small-tcb and defense-in-depth already called the same app undecided: no component of the design runs it.
  it('second-high-level-app-no-slot: its connections are undecided, naming the missing slot', () => {
    const product = loadPlatformFixture('second-high-level-app-no-slot');
    const unplaced = product.apps.findIndex((a) => a.slot === undefined);
    expect(unplaced).toBeGreaterThanOrEqual(0);
    const app = reviewAppConnections(product).apps[unplaced]!;
    const open = app.connections.find((c) => c.host === 'any host');
    expect(open?.outcome).toBe('unknown');
    expect(open?.reason).toMatch(/has no high-level app slot for it: no component of the design runs it/);
  });

  it('one-high-level-app-in-its-slot (sound): no connection of it is undecided for want of a slot', () => {
    const review = reviewAppConnections(loadPlatformFixture('one-high-level-app-in-its-slot'));
    expect(review.apps.flatMap((a) => a.connections).filter((c) => c.host === 'any host')).toEqual([]);
  });
});

/**
 * The anti-rollback counter rule (model/update/rollback.ts counterWeakness) read the counter's writers themselves: by
 * world, the untrusted mark and who an attacker runs as. A Pluton counter service (secure world, Pluton's own firmware)
 * with the write right on the apps' eFuse counter, executing RAM the Normal World kernel may write, held: the kernel runs
 * its own code as the service and blows the counter past every genuine app release (s36-tcb). The rule now reads
 * control-closure.ts rightsThroughControl too, and the emulated play (counter-writer-play.ts) raises the counter as the
 * writer a normal-world component's program runs as (runsAsFrom); the play alone is held in
 * key-rights-through-firmware-readings.test.ts, with the rule blinded.
 */
import { describe, expect, it } from 'vitest';
import { checkHardwareRootOfTrust } from '../../properties/hardware-root-of-trust/index.js';
import { checkContext } from '../helpers/check-context.js';
import { loadPlatformFixture } from '../helpers/platform-fixture.js';

const rootOfTrust = (name: string) => checkHardwareRootOfTrust(loadPlatformFixture(name), checkContext({ seed: 7, runs: 5, timeoutMs: 10_000, command: 'sevenfold verify --property hardware-root-of-trust' }));
const outcome = (r: Awaited<ReturnType<typeof rootOfTrust>>, id: string) => r.requirements?.find((q) => q.id === id)?.outcome;
const lines = (r: Awaited<ReturnType<typeof rootOfTrust>>) => (r.evidence ?? []).flatMap((e) => e.lines).join('\n');

describe('an anti-rollback counter written through a secure writer a normal-world component runs as', () => {
  it('app-counter-written-through-pluton-service: violated at the counter, by the rule and by the emulated raise', async () => {
    const r = await rootOfTrust('app-counter-written-through-pluton-service');
    expect(r.verdict, r.summary).toBe('violated');
    expect(outcome(r, 'renewable-security.rollback-counter-per-stage')).toBe('failed');
    expect(r.summary).toMatch(/^counters are raised only for verified images: hl-app is guarded by arc-apps, an eFuse counter that pluton-counter-svc may write \(nw-kernel runs its own code as pluton-counter-svc: nw-kernel, may write pluton-counter-ram, which it executes\)/);
    expect(lines(r)).toMatch(/pluton-counter-svc, run by the attacker \(nw-kernel runs its own code as pluton-counter-svc: nw-kernel, run by the attacker, is let write pluton-counter-ram, which it executes\), raises arc-apps \d+ → \d+; the genuine release boots after: hl-app, rt-app-0, rt-app-1 refused/);
    expect(outcome(r, 'hardware-root-of-trust.boot-attacks-rejected')).toBe('met');
  }, 60_000);

  it('pluton-counter-service-own-code (sound twin): holds', async () => {
    const r = await rootOfTrust('pluton-counter-service-own-code');
    expect(r.verdict, r.summary).toBe('holds');
    expect(outcome(r, 'renewable-security.rollback-counter-per-stage')).toBe('met');
  }, 60_000);
});

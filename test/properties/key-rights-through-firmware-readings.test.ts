/**
 * The emulated device's reading of who runs as Pluton's firmware (emulator/boot/attacker-takeover.ts attackerRunsAs,
 * runsAsFrom, on its access controller) stands on its own: with the rule (model/platform/key-control.ts) blinded to
 * name no one, private-keys-confined (and key-store-writes-confined) on the flawed fixtures is never met: the device's finding the rule lacks is a
 * disagreement, unknown. The rule's own findings are held in key-rights-through-firmware.test.ts. The counter rule reads
 * rightsThroughControl too (model/update/rollback.ts): blinded, the emulated play alone still raises the apps' counter as
 * the Pluton counter service the kernel runs as (counter-writer-through-control.test.ts holds the rule's finding).
 */
import { describe, expect, it, vi } from 'vitest';
import { checkHardwareRootOfTrust } from '../../properties/hardware-root-of-trust/index.js';
import { checkContext } from '../helpers/check-context.js';
import { loadPlatformFixture } from '../helpers/platform-fixture.js';

vi.mock('../../model/platform/key-control.js', async (original) => ({ ...(await original<typeof import('../../model/platform/key-control.js')>()), privateKeyRightsThroughFirmware: () => [] }));
vi.mock('../../model/platform/control-closure.js', async (original) => ({ ...(await original<typeof import('../../model/platform/control-closure.js')>()), rightsThroughControl: () => [] }));

const rootOfTrust = (name: string) => checkHardwareRootOfTrust(loadPlatformFixture(name), checkContext({ seed: 7, runs: 5, timeoutMs: 10_000, command: 'sevenfold verify --property hardware-root-of-trust' }));

describe('private-keys-confined with the rule of who runs as Pluton firmware blinded', () => {
  for (const [name, who, requirement] of [
    ['pluton-code-written-by-kernel', "the emulated device runs nw-kernel's program as pluton-crypto", 'private-keys-confined'],
    ['network-facing-pluton-service-uses-identity-key', 'the emulated device says an attacker runs as pluton-crypto', 'private-keys-confined'],
    ['monitor-memory-written-by-kernel', "the emulated device runs nw-kernel's program as security-monitor", 'key-store-writes-confined'],
  ] as const) {
    it(`${name}: the emulated device's reading alone finds it: ${requirement} unknown, naming the disagreement, never met`, async () => {
      const r = await rootOfTrust(name);
      expect(r.verdict).not.toBe('holds');
      expect(r.requirements?.find((q) => q.id === `hardware-root-of-trust.${requirement}`)?.outcome).toBe('unknown');
      expect((r.evidence ?? []).flatMap((e) => e.lines).join('\n')).toContain(who);
    }, 60_000);
  }

  it('the sound twins still hold', async () => {
    for (const name of ['pluton-crypto-own-code', 'monitor-memory-own-only']) {
      const r = await rootOfTrust(name);
      expect(r.verdict, `${name}: ${r.summary}`).toBe('holds');
    }
  }, 60_000);
});

describe('the anti-rollback counter with rightsThroughControl blinded', () => {
  it('app-counter-written-through-pluton-service: the emulated play raises the counter as the service the kernel runs as: violated', async () => {
    const r = await rootOfTrust('app-counter-written-through-pluton-service');
    expect(r.verdict, r.summary).toBe('violated');
    expect(r.requirements?.find((q) => q.id === 'renewable-security.rollback-counter-per-stage')?.outcome).toBe('failed');
    expect((r.evidence ?? []).flatMap((e) => e.lines).join('\n')).toMatch(/pluton-counter-svc, run by the attacker \(nw-kernel runs its own code as pluton-counter-svc: .*\), raises arc-apps \d+ → \d+; the genuine release boots after: hl-app, rt-app-0, rt-app-1 refused/);
  }, 60_000);

  it('the sound twin holds', async () => {
    const r = await rootOfTrust('pluton-counter-service-own-code');
    expect(r.verdict, r.summary).toBe('holds');
  }, 60_000);
});

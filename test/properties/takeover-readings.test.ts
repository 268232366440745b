/**
 * The takeover parts of hardware-root-of-trust stand on the emulated device's reading too: with the rule blinded
 * (model/platform/verifier-takeover.ts mocked to name no component and no stage, as a rule that missed every start
 * would), the plays still find every flawed fixture's taken-over verifier and lying measurer (the device's own reading,
 * emulator/boot/attacker-takeover.ts), so the verdict part is violated, never holds. Before s33 the plays booted only
 * what the rule chose, and each of these held with the rule blinded. The sound twins hold with the real rule in
 * test/properties/hardware-root-of-trust.test.ts, where both readings run.
 */
import { describe, expect, it, vi } from 'vitest';
import { rootOfTrustRuleInput } from '../helpers/root-of-trust-rule-input.js';
import { checkMeasurement } from '../../properties/hardware-root-of-trust/measurement.js';
import { checkVerifierTakeover } from '../../properties/hardware-root-of-trust/verifier-takeover.js';

vi.mock('../../model/platform/verifier-takeover.js', () => ({ verifiersAnAttackerTakesOver: () => [], componentsAnAttackerTakesOver: () => new Map() }));

describe('hardware-root-of-trust takeover parts with the rule blinded', () => {
  it.each([
    ['app-verifies-rt-app', 'hl-app', 'it is where malicious-app starts; it is untrusted code'],
    ['rt-app-verified-by-network-services', 'os-services', 'it takes network traffic'],
    ['rt-app-writes-monitor-memory', 'security-monitor', 'rt-app-0, run by the attacker, is let write sm-memory, which it executes'],
    ['monitor-executes-flash-overlay', 'security-monitor', 'it runs sm-overlay from flash past no checked barrier, and physical-flash writes flash'],
  ])('%s: the emulated device finds %s taken over and a tampered stage it loads runs: violated', async (name, loader, why) => {
    const outcome = checkVerifierTakeover(await rootOfTrustRuleInput(name));
    expect(outcome.verdict, outcome.summary).toBe('violated');
    expect(outcome.summary).toContain(`is verified by ${loader}`);
    expect(outcome.summary).toContain(`which an attacker takes over (the emulated device: ${why})`);
    expect(outcome.summary).toContain('[the emulated device only: the rule (verifiersAnAttackerTakesOver) does not name');
  }, 30_000);

  it('rt-app-measured-by-hl-app: the emulated device sees hl-app lie about what it measured: violated', async () => {
    const outcome = checkMeasurement(await rootOfTrustRuleInput('rt-app-measured-by-hl-app'));
    expect(outcome.verdict, outcome.summary).toBe('violated');
    expect(outcome.summary).toContain('rt-app-0: a tampered image that gets past its checks leaves pcr-boot exactly as the genuine image does (its measurer hl-app, which the emulated device sees an attacker run as, extends the genuine digest)');
  }, 30_000);
});

/**
 * Audit 11 (the emulator enforces the design at run time): the I/O firewall enforces the allocation only once a
 * component of the running system that may write its configuration programs it at boot
 * (model/isolation/firewall-config-writers.ts firewallProgrammer; the emulator's own reading is
 * emulator/design-rights.ts firewallProgrammerOf, held against it by the isolation differential harness). Before,
 * the emulator programmed the firewall from the allocation whatever the access rules said, and the spec took it
 * as programmed: fixture firewall-nobody-programs (no component may write io-firewall-config) held
 * compartmentalization ("firewall allocation proved; 5 app protections withstood their attacks"). Now nothing
 * programs it, every block stays at its reset state (open to every core) in both readings, and the property is
 * violated at hardware-barriers; the sound twin (the Pluton runtime programs it) holds.
 */
import { describe, expect, it } from 'vitest';
import { bootDevice } from '../../emulator/app-device.js';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { checkCompartmentalization } from '../../properties/compartmentalization/index.js';
import { checkContext } from '../helpers/check-context.js';
import { loadPlatformFixture } from '../helpers/platform-fixture.js';

const load = loadPlatformFixture;
const context = checkContext({ seed: 20261205, runs: 20, timeoutMs: 20_000, command: 'sevenfold verify --property compartmentalization' });

describe('the I/O firewall is programmed at boot only by a component that may write its configuration', () => {
  it('firewall-nobody-programs: both readings leave every block open; compartmentalization is violated at hardware-barriers', async () => {
    const product = load('firewall-nobody-programs');
    const spec = new IsolationSpec(product);
    expect(spec.firewallProgrammer).toBeUndefined();
    // The fan controller (M4-0) reaches the air sampler's ADC (M4-1): the firewall never closed its block.
    const sampler = spec.compartments.find((c) => c.name === 'AirSampler_RTApp')!;
    const fan = spec.compartments.find((c) => c.name === 'FanControl_RTApp')!;
    expect(spec.coreOf(fan.id)).not.toBe(spec.coreOf(sampler.id));
    const foreign = spec.claims.find((c) => c.compartment.id === sampler.id && c.capability === 'Adc');
    expect(foreign).toBeDefined();
    expect(spec.peripheralAccess(fan.id, foreign!.capability, foreign!.value)).toMatchObject({ allowed: true, rule: expect.stringMatching(/nothing programs it, and block .* stays open to every core/) });
    const booted = bootDevice(product);
    expect(booted.ok).toBe(true);
    const access = booted.ok ? booted.device.firewall.access(spec.coreOf(fan.id)!, foreign!.capability, foreign!.value) : undefined;
    expect(access).toMatchObject({ granted: true, owner: 'open' });

    const result = await checkCompartmentalization(product, context);
    expect(result.verdict).toBe('violated');
    expect(result.summary).toBe('compartmentalization.hardware-barriers: the I/O firewall is never programmed: no component of the running system may write io-firewall-config, so every block stays open to every core and the allocation is never enforced');
    expect(result.requirements?.find((r) => r.id === 'compartmentalization.hardware-barriers')?.outcome).toBe('failed');
  }, 60_000);

  it('the sound twin (the Pluton runtime programs it) holds, the firewall closed as allocated', async () => {
    const product = load('firewall-programmed-by-pluton-runtime');
    expect(new IsolationSpec(product).firewallProgrammer).toEqual({ component: 'pluton-runtime', asset: 'io-firewall-config' });
    const result = await checkCompartmentalization(product, context);
    expect(result.verdict, result.summary).toBe('holds');
  }, 60_000);
});

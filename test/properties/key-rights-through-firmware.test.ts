/**
 * private-keys-confined read only the direct access rules: a right the rules give Pluton's own firmware was the vault's,
 * whoever decided what that firmware ran (s36-tcb). A Normal World kernel that may write the RAM a Pluton crypto
 * service executes signed with the identity key through it, and the network attacker running as a network-facing Pluton
 * service did the same; both held. Now model/platform/key-control.ts names whoever runs as Pluton firmware with a key
 * right (closed over write→execute and privilege, control-closure.ts; and the components an attacker takes over), held
 * against the emulated device's reading (key-confinement.ts rightsThroughFirmware; the readings blinded one at a time in
 * key-rights-through-firmware-readings.test.ts). key-store-writes-confined read its writers the same narrow way: a Normal
 * World kernel that may write the Security Monitor's memory added a signer through the monitor, and held.
 */
import { describe, expect, it } from 'vitest';
import { rightsThroughControl } from '../../model/platform/control-closure.js';
import { KEY_STORE_WRITES, privateKeyRightsThroughFirmware } from '../../model/platform/key-control.js';
import { checkHardwareRootOfTrust } from '../../properties/hardware-root-of-trust/index.js';
import { checkContext } from '../helpers/check-context.js';
import { loadPlatformFixture } from '../helpers/platform-fixture.js';

const rootOfTrust = (name: string) => checkHardwareRootOfTrust(loadPlatformFixture(name), checkContext({ seed: 7, runs: 5, timeoutMs: 10_000, command: 'sevenfold verify --property hardware-root-of-trust' }));
const outcome = (r: Awaited<ReturnType<typeof rootOfTrust>>, id: string) => r.requirements?.find((q) => q.id === id)?.outcome;
const lines = (r: Awaited<ReturnType<typeof rootOfTrust>>) => (r.evidence ?? []).flatMap((e) => e.lines).join('\n');

describe('a private key used through Pluton firmware that another component runs as', () => {
  it('pluton-code-written-by-kernel: the kernel writes the code of a Pluton service that uses the identity key: violated at private-keys-confined, and the quote it has signed verifies', async () => {
    const r = await rootOfTrust('pluton-code-written-by-kernel');
    expect(r.verdict, r.summary).toBe('violated');
    expect(outcome(r, 'hardware-root-of-trust.private-keys-confined')).toBe('failed');
    expect(r.summary).toMatch(/^private keys are confined to Pluton: nw-kernel can use device-identity-key as pluton-crypto/);
    expect(lines(r)).toMatch(/nw-kernel may use device-identity-key as pluton-crypto, whose right it is \(\/access\/\d+ of the platform design\): nw-kernel runs its own code as pluton-crypto: nw-kernel, may write pluton-crypto-ram, which it executes \(the emulated device runs nw-kernel's program as pluton-crypto/);
    expect(lines(r)).toMatch(/a quote nw-kernel made up .* VERIFIES under the identity key registered at the factory/);
    // The boot checks are not what fails: the kernel is no attacker's start, and the service loads nothing.
    expect(outcome(r, 'hardware-root-of-trust.boot-attacks-rejected')).toBe('met');
  }, 60_000);

  it('network-facing-pluton-service-uses-identity-key: the network attacker runs as the service: violated at private-keys-confined', async () => {
    const r = await rootOfTrust('network-facing-pluton-service-uses-identity-key');
    expect(r.verdict, r.summary).toBe('violated');
    expect(outcome(r, 'hardware-root-of-trust.private-keys-confined')).toBe('failed');
    expect(lines(r)).toMatch(/pluton-crypto may use device-identity-key \(\/access\/\d+ of the platform design\): an attacker of the design runs as pluton-crypto: it parses network input \(the emulated device says an attacker runs as pluton-crypto: it takes network traffic\)/);
  }, 60_000);

  it('pluton-crypto-own-code (sound twin): the service alone writes its code and takes no network input: holds', async () => {
    const r = await rootOfTrust('pluton-crypto-own-code');
    expect(r.verdict, r.summary).toBe('holds');
    expect(outcome(r, 'hardware-root-of-trust.private-keys-confined')).toBe('met');
  }, 60_000);

  it('the rule names the writer, whoever holds the writer, and no one on the sound twin or the built-in design', () => {
    const named = (name: string) => privateKeyRightsThroughFirmware(loadPlatformFixture(name).platform).map((r) => `${r.component} ${r.right} ${r.asset} as ${r.via}`);
    // The Security Monitor holds the kernel (the secure world over the normal world on A7), the loader runs beside it.
    expect(named('pluton-code-written-by-kernel').sort()).toEqual(['nw-kernel use device-identity-key as pluton-crypto', 'nw-loader use device-identity-key as pluton-crypto', 'security-monitor use device-identity-key as pluton-crypto']);
    expect(named('network-facing-pluton-service-uses-identity-key')).toEqual(['pluton-crypto use device-identity-key as pluton-crypto']);
    expect(named('pluton-crypto-own-code')).toEqual([]);
    expect(named('sound-platform')).toEqual([]);
  });
});

describe('the trusted key store written through secure-world firmware another component runs as', () => {
  it('monitor-memory-written-by-kernel: the kernel writes the Security Monitor\'s code: violated at key-store-writes-confined, the store then listing its certificate', async () => {
    const r = await rootOfTrust('monitor-memory-written-by-kernel');
    expect(r.verdict, r.summary).toBe('violated');
    expect(outcome(r, 'hardware-root-of-trust.key-store-writes-confined')).toBe('failed');
    expect(r.summary).toMatch(/^only secure-world firmware writes the trusted key store: nw-kernel can write trusted-key-store as security-monitor/);
    expect(lines(r)).toMatch(/nw-kernel runs its own code as security-monitor: nw-kernel, may write sm-memory, which it executes \(the emulated device runs nw-kernel's program as security-monitor/);
    expect(lines(r)).toMatch(/the trusted key store now lists \d+ certificates: \d+ of them written by nw-kernel/);
    expect(outcome(r, 'hardware-root-of-trust.boot-attacks-rejected')).toBe('met');
  }, 60_000);

  it('monitor-memory-own-only (sound twin): holds', async () => {
    const r = await rootOfTrust('monitor-memory-own-only');
    expect(r.verdict, r.summary).toBe('holds');
    expect(outcome(r, 'hardware-root-of-trust.key-store-writes-confined')).toBe('met');
  }, 60_000);

  it('the rule names the kernel and the loader beside it, and no one on the sound twin or the built-in design', () => {
    const named = (name: string) => rightsThroughControl(loadPlatformFixture(name).platform, KEY_STORE_WRITES).map((r) => `${r.component} ${r.right} ${r.asset} as ${r.via}`);
    expect(named('monitor-memory-written-by-kernel').sort()).toEqual(['nw-kernel write trusted-key-store as security-monitor', 'nw-loader write trusted-key-store as security-monitor']);
    expect(named('monitor-memory-own-only')).toEqual([]);
    expect(named('sound-platform')).toEqual([]);
  });
});

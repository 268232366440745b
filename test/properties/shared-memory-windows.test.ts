/**
 * Memory one component may write and another may read (model/platform/data-paths.ts): a command mailbox a real-time
 * core fills and the Security Monitor parses, an SRAM window two app slots map. Defense in depth counts the reader as
 * one exploit from the writer (derived-exploitability); compartmentalization refuses a window two app slots share
 * (hardware-barriers, app-confinement.ts), and the emulated bus, which grants the design's rights on its own
 * (emulator/design-rights.ts memoryRightsOf), carries one app's bytes to the other in the app-connection-acceptance
 * attack: the second reading of the same statement.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bootDevice } from '../../emulator/app-device.js';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { appsUsingOthersKeys, appsWritingOthersSecrets, unconfinedApps } from '../../model/platform/app-confinement.js';
import { BootLab } from '../../emulator/boot/boot-lab.js';
import { runCompromisedComponent } from '../../emulator/boot/compromised-component.js';
import { systemSecretsOf } from '../../emulator/design-rights.js';
import { sharedServiceCrashes } from '../../model/platform/crash-containment.js';
import { buildAttackGraph, DERIVED_EXPLOITABILITY } from '../../model/platform/attack-graph.js';
import { dataPaths } from '../../model/platform/data-paths.js';
import { isAppSlot } from '../../model/product/instantiate.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { checkCompartmentalization } from '../../properties/compartmentalization/index.js';
import { checkProtections } from '../../properties/compartmentalization/protections.js';
import { checkDefenseInDepth } from '../../properties/defense-in-depth/index.js';
import type { PropertyResult } from '../../properties/verdict.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { builtinProfile, checkContext } from '../helpers/check-context.js';

const here = resolve(fileURLToPath(import.meta.url), '..');
const load = (file: string): Product => {
  const loaded = loadProduct(resolve(here, '../fixtures', file, 'sevenfold.json'));
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.product!;
};
const outcomes = (r: PropertyResult) => Object.fromEntries((r.requirements ?? []).map((q) => [q.id, q.outcome]));
const slots = (p: Product) => new Set(p.apps.flatMap((a) => (a.slot ? [a.slot] : [])));
const booter = (product: Product) => () => {
  const booted = bootDevice(product);
  if (!booted.ok) throw new Error(booted.reason);
  return booted.device;
};

afterAll(async () => {
  await shutdownZ3();
});

describe('defense-in-depth: a component that reads memory another may write takes that writer\'s input', () => {
  const context = checkContext({ seed: 5, runs: 1, timeoutMs: 20_000, command: 'sevenfold verify --property defense-in-depth' });

  it('a real-time app slot that fills the Security Monitor\'s command mailbox is one monitor exploit from the firewall and the key store; the twin written by the kernel holds', async () => {
    const flawed = await checkDefenseInDepth(load('platforms/rt-mailbox-commands-monitor'), context);
    expect(flawed.verdict, flawed.summary).toBe('violated');
    expect(flawed.summary).toContain('falls to 1 compromise (malicious-app@rt-app-0 → FanControl_RTApp → [exploit:security-monitor] security-monitor →');
    expect(outcomes(flawed)[DERIVED_EXPLOITABILITY]).toBe('failed');
    const sound = await checkDefenseInDepth(load('platforms/kernel-mailbox-commands-monitor'), context);
    expect(sound.verdict, sound.summary).toBe('holds');
  });

  it('the edge is the reader\'s exploit, named by the rule; a flash asset the reader is excepted for gives none, and switching derived exploitability off removes it', () => {
    const design = structuredClone(load('platforms/rt-mailbox-commands-monitor').basePlatform);
    const edge = (g: ReturnType<typeof buildAttackGraph>) => g.edges.find((e) => e.from === 'rt-app-0' && e.to === 'security-monitor');
    expect(edge(buildAttackGraph(design))).toMatchObject({ barriers: ['exploit:security-monitor'], rule: DERIVED_EXPLOITABILITY });
    expect(edge(buildAttackGraph(design, { derivedExploitability: false }))).toBeUndefined();
    // The same mailbox moved to flash behind a signature the boot chain checks: the monitor's flash exception covers it.
    design.assets.find((a) => a.id === 'sm-command-mailbox')!.location = 'flash';
    design.assets.find((a) => a.id === 'sm-command-mailbox')!.physicalBarriers = ['signature'];
    design.assets.find((a) => a.id === 'sm-command-mailbox')!.kind = 'storage';
    expect(edge(buildAttackGraph(design))).toBeUndefined();
    expect(dataPaths(design)).toContainEqual(expect.objectContaining({ writer: 'rt-app-0', reader: 'security-monitor', asset: 'sm-command-mailbox' }));
  });
});

describe('compartmentalization: two app slots that share an SRAM window are not kept apart', () => {
  const context = checkContext({ seed: 20261121, runs: 20, timeoutMs: 20_000, command: 'sevenfold verify --property compartmentalization' });

  it.each([
    ['isolation-shared-sram-window', 'app slots rt-app-0 and rt-app-1 share m4-shared-sram: rt-app-0 may write what rt-app-1 may read'],
    // Listing each other does not make a window a channel the OS checks.
    ['isolation-shared-sram-partners', 'app slots hl-app and rt-app-0 share a7-m4-shared-sram: hl-app may write what rt-app-0 may read'],
  ])('%s is violated at hardware-barriers, naming the access rule', async (name, message) => {
    const result = await checkCompartmentalization(load(`isolation/${name}`), context);
    expect(result.verdict, result.summary).toBe('violated');
    expect(result.summary).toContain(`compartmentalization.hardware-barriers: ${message}`);
    expect(outcomes(result)['compartmentalization.hardware-barriers']).toBe('failed');
  });

  it('the sound twin, each M4 slot a buffer of its own, holds', async () => {
    const result = await checkCompartmentalization(load('isolation/isolation-own-sram-buffers'), context);
    expect(result.verdict, result.summary).toBe('holds');
  });

  it('the emulated bus agrees: one app\'s bytes reach the other through the window, and through no one else\'s buffer', () => {
    for (const [name, flawed] of [['isolation-shared-sram-window', true], ['isolation-shared-sram-partners', true], ['isolation-own-sram-buffers', false]] as const) {
      const product = load(`isolation/${name}`);
      const acceptance = checkProtections(new IsolationSpec(product), builtinProfile(), booter(product)).find((r) => r.requirement === 'compartmentalization.app-connection-acceptance')!;
      expect(acceptance.outcome, `${name}: ${acceptance.summary}`).toBe(flawed ? 'failed' : 'met');
      expect(unconfinedApps(product.basePlatform, slots(product), isAppSlot).length > 0, name).toBe(flawed);
      if (flawed) expect(acceptance.trace!.join('\n')).toMatch(/1\. \w+: memory-write [\w-]+ "from-\w+" → ok\n2\. \w+: memory-read [\w-]+ → ok "from-\w+"/);
    }
  });
});

describe('compartmentalization: an app slot that may read a secret another component keeps is not kept apart', () => {
  const context = checkContext({ seed: 20261206, runs: 20, timeoutMs: 20_000, command: 'sevenfold verify --property compartmentalization' });

  it('a real-time app slot reading the kernel\'s TLS session keys is violated at hardware-barriers, naming the access rule', async () => {
    const result = await checkCompartmentalization(load('isolation/isolation-app-reads-kernel-secrets'), context);
    expect(result.verdict, result.summary).toBe('violated');
    expect(result.summary).toContain('compartmentalization.hardware-barriers: app slot rt-app-0 may read nw-session-keys (memory-region, secret), which nw-kernel writes or uses');
    expect(outcomes(result)['compartmentalization.hardware-barriers']).toBe('failed');
  });

  it('the sound twin, a secret buffer the app keeps and the kernel only reads, holds', async () => {
    const result = await checkCompartmentalization(load('isolation/isolation-app-secret-read-by-kernel'), context);
    expect(result.verdict, result.summary).toBe('holds');
  });

  it('the emulated device agrees: the kernel\'s secret is in the region from boot and the app reads it, and no app reads a secret of the system in the twin', () => {
    for (const [name, flawed] of [['isolation-app-reads-kernel-secrets', true], ['isolation-app-secret-read-by-kernel', false], ['isolation-own-sram-buffers', false]] as const) {
      const product = load(`isolation/${name}`);
      const device = booter(product)();
      const regions = product.platform!.assets.filter((a) => a.kind === 'memory-region').map((a) => a.id);
      const leaks = device.appIds().flatMap((app) => regions.flatMap((region) => {
        const read = device.syscall(app, { kind: 'memory-read', region });
        return read.ok && typeof read.data === 'string' && read.data.startsWith('secret of ') ? [`${app} ${region} ${read.data}`] : [];
      }));
      expect(leaks.length > 0, `${name}: ${leaks.join('; ')}`).toBe(flawed);
      expect(unconfinedApps(product.basePlatform, slots(product), isAppSlot).some((u) => /reads the secrets of another compartment/.test(u.message)), name).toBe(flawed);
      if (flawed) expect(leaks.join('\n')).toMatch(/nw-session-keys secret of nw-kernel/);
    }
  });

  it('a private key Pluton uses, read by an app slot, is the same finding; a secret only another app slot reads is not', () => {
    const design = load('isolation/isolation-sound').basePlatform;
    const reading = { ...design, access: [...design.access, { component: 'hl-app', asset: 'device-identity-key', rights: ['read' as const] }] };
    expect(unconfinedApps(reading, new Set(['hl-app']), isAppSlot).map((u) => u.message)).toEqual([
      'app slot hl-app may read device-identity-key (private-key, secret), which pluton-runtime writes or uses: an app there reads the secrets of another compartment, so no boundary keeps them from it',
    ]);
    const handed = {
      ...design,
      assets: [...design.assets, { id: 'handoff', name: 'Handoff', kind: 'memory-region' as const, location: 'sram' as const, secret: true, critical: false }],
      access: [...design.access, { component: 'hl-app', asset: 'handoff', rights: ['read' as const, 'write' as const] }, { component: 'os-services', asset: 'handoff', rights: ['read' as const] }],
    };
    expect(unconfinedApps(handed, new Set(['hl-app']), isAppSlot)).toEqual([]);
  });
});

describe('compartmentalization: an app slot that may write a secret another component keeps chose it (s35-compart)', () => {
  const context = checkContext({ seed: 20261207, runs: 20, timeoutMs: 20_000, command: 'sevenfold verify --property compartmentalization' });

  // Before: only the read of another compartment's secret was a finding, so an M4 app that may write the kernel's TLS
  // session keys, and an app slot that may replace the identity key Pluton signs with, held compartmentalization.
  for (const [file, message] of [
    ['isolation/isolation-app-writes-kernel-secrets', 'app slot rt-app-0 may write nw-session-keys (memory-region, secret), which nw-kernel writes or uses'],
    ['platforms/app-writes-identity-key', 'app slot hl-app may write device-identity-key (private-key, secret), which pluton-runtime writes or uses'],
  ] as const) {
    it(`${file}: violated at hardware-barriers, naming the access rule`, async () => {
      const result = await checkCompartmentalization(load(file), context);
      expect(result.verdict, result.summary).toBe('violated');
      expect(result.summary).toContain(`compartmentalization.hardware-barriers: ${message}: an app there sets the secret of another compartment to one it chose`);
      expect(result.evidence?.[0]?.lines.join('\n')).toMatch(/platform\.json:\d+:\d+ \/access\/\d+: /);
      expect(outcomes(result)['compartmentalization.hardware-barriers']).toBe('failed');
    });
  }

  it('the sound twin, a secret buffer the app writes and the kernel only reads, still holds', async () => {
    const result = await checkCompartmentalization(load('isolation/isolation-app-secret-read-by-kernel'), context);
    expect(result.verdict, result.summary).toBe('holds');
  });

  it('the emulated devices agree: the bus lets the app overwrite a region holding a system secret from boot, and Pluton lets it replace the key', async () => {
    for (const [name, flawed] of [['isolation-app-writes-kernel-secrets', true], ['isolation-app-reads-kernel-secrets', false], ['isolation-app-secret-read-by-kernel', false], ['isolation-sound', false]] as const) {
      const product = load(`isolation/${name}`);
      const device = booter(product)();
      const held = systemSecretsOf(product.platform);
      const overwritten = device.appIds().flatMap((app) => [...held].flatMap(([region, secret]) => (device.syscall(app, { kind: 'memory-write', region, data: 'chosen by the app' }).ok ? [`${app} ${region} (${secret})`] : [])));
      expect(overwritten.length > 0, `${name}: ${overwritten.join('; ')}`).toBe(flawed);
      expect(appsWritingOthersSecrets(product.basePlatform, slots(product), isAppSlot).length > 0, name).toBe(flawed);
    }
    for (const [name, flawed] of [['app-writes-identity-key', true], ['sound-platform', false]] as const) {
      const product = load(`platforms/${name}`);
      const lab = await BootLab.open(product.platform, { seed: 20261207 });
      const secrets = product.platform.assets.filter((a) => a.secret);
      const written = [...slots(product)].flatMap((slot) =>
        runCompromisedComponent(lab.factoryDevice.clone(), slot, secrets, lab.attacker.compromisedProgram(new Uint8Array([0x57, 0x52])))
          .filter((a) => a.right === 'write' && a.outcome === 'granted')
          .map((a) => `${slot} ${a.asset}`),
      );
      expect(written.length > 0, `${name}: ${written.join('; ')}`).toBe(flawed);
      expect(appsWritingOthersSecrets(product.basePlatform, slots(product), isAppSlot).map((u) => `${u.slot} ${/may write (\S+)/.exec(u.message)![1]}`)).toEqual(written);
    }
  });
});

describe('compartmentalization: an app slot that may use a key another component keeps signs as it (s36-keyuse)', () => {
  const context = checkContext({ seed: 20261208, runs: 20, timeoutMs: 20_000, command: 'sevenfold verify --property compartmentalization' });

  // Before: only reading or writing another compartment's secret was a finding, so an app slot that may have Pluton
  // sign with the identity key (or the tenant attestation key store), or that may use the kernel's key in flash (a use
  // there fetches the bytes), held compartmentalization.
  for (const [file, message] of [
    ['platforms/app-uses-identity-key', 'app slot hl-app may use device-identity-key (private-key, secret, in Pluton), which pluton-runtime writes or uses: an app there makes another compartment\'s key sign what it chooses'],
    ['platforms/app-uses-key-store', 'app slot hl-app may use pluton-key-store (key-store, secret, in Pluton), which pluton-runtime writes or uses'],
    ['platforms/app-uses-kernel-flash-key', 'app slot hl-app may use kernel-tls-key (private-key, secret, kept in flash), which nw-kernel reads, writes or uses: outside Pluton a use is a read of the key\'s bytes'],
    // A key nobody writes or uses, which the kernel reads to sign with: before, it had no keeper, and an app slot reading it held.
    ['platforms/app-reads-kernel-flash-key', 'app slot hl-app may read kernel-tls-key (private-key, secret), which nw-kernel reads, writes or uses: an app there reads the secrets of another compartment'],
  ] as const) {
    it(`${file}: violated at hardware-barriers, naming the access rule`, async () => {
      const result = await checkCompartmentalization(load(file), context);
      expect(result.verdict, result.summary).toBe('violated');
      expect(result.summary).toContain(`compartmentalization.hardware-barriers: ${message}`);
      expect(result.evidence?.[0]?.lines.join('\n')).toMatch(/platform\.json:\d+:\d+ \/access\/\d+: app slot hl-app may (use|read)/);
      expect(outcomes(result)['compartmentalization.hardware-barriers']).toBe('failed');
    });
  }

  it.each(['app-uses-own-pluton-key', 'app-hands-own-key-to-kernel'])('the sound twin %s (a key only the app slot touches, or one it writes and hands to the kernel) holds', async (name) => {
    const result = await checkCompartmentalization(load(`platforms/${name}`), context);
    expect(result.verdict, result.summary).toBe('holds');
  });

  // The second reading: the emulated device's own doors. The compromised component's program asks Pluton to sign with
  // every key it holds and the bus to read, write (and find no way to use) every key outside it; whose key it is, is
  // read from what every other running component gets, not from the access list's keepers.
  it('the emulated devices agree: the app slot gets a signature (or, outside Pluton, the key has no door but the design lets it use it), or the bytes, of a key it did not write that another component gets at', async () => {
    for (const [name, flawed] of [['app-uses-identity-key', true], ['app-uses-key-store', true], ['app-uses-kernel-flash-key', true], ['app-reads-kernel-flash-key', true], ['app-uses-own-pluton-key', false], ['app-hands-own-key-to-kernel', false], ['app-writes-identity-key', false], ['sound-platform', false]] as const) {
      const product = load(`platforms/${name}`);
      const lab = await BootLab.open(product.platform, { seed: 20261208 });
      const keys = product.platform.assets.filter((a) => a.secret && (a.kind === 'private-key' || a.kind === 'key-store'));
      const program = lab.attacker.compromisedProgram(new Uint8Array([0x55, 0x53, 0x45]));
      const isSlot = (id: string) => product.platform.components.some((c) => c.id === id && isAppSlot(c));
      const running = product.platform.components.filter((c) => !isSlot(c.id) || slots(product).has(c.id));
      const got = new Map(running.map((c) => [c.id, runCompromisedComponent(lab.factoryDevice.clone(), c.id, keys, program)]));
      const gets = (component: string, asset: string, rights: readonly string[]) =>
        got.get(component)!.some((a) => a.asset === asset && rights.includes(a.right) && (a.outcome === 'granted' || (a.outcome === 'no-such-operation' && lab.factoryDevice.profile.access.decide(component, asset, 'use').granted)));
      // A key the slot did not write that another running component gets at is that component's (the slot's own otherwise).
      const others = (slot: string, k: string) => !gets(slot, k, ['write']) && running.some((c) => c.id !== slot && gets(c.id, k, ['read', 'use', 'write']));
      const oracles = [...slots(product)].flatMap((slot) => keys.filter((k) => gets(slot, k.id, ['use']) && others(slot, k.id)).map((k) => `${slot} ${k.id}`));
      const reads = [...slots(product)].flatMap((slot) => keys.filter((k) => gets(slot, k.id, ['read']) && others(slot, k.id)).map((k) => `${slot} ${k.id}`));
      expect(oracles.length + reads.length > 0, `${name}: ${[...oracles, ...reads].join('; ')}`).toBe(flawed);
      expect(appsUsingOthersKeys(product.basePlatform, slots(product), isAppSlot).map((u) => `${u.slot} ${/may use (\S+)/.exec(u.message)![1]}`), name).toEqual(oracles);
      const keyIds = new Set(keys.map((k) => k.id));
      expect(unconfinedApps(product.basePlatform, slots(product), isAppSlot).flatMap((u) => { const read = /may read (\S+)/.exec(u.message)?.[1]; return read && keyIds.has(read) ? [`${u.slot} ${read}`] : []; }), name).toEqual(reads);
      const signature = got.get('hl-app')!.find((a) => a.asset === 'device-identity-key' && a.right === 'use')!;
      expect(signature.outcome, name).toBe(name === 'app-uses-identity-key' ? 'granted' : 'refused');
    }
  });
});

describe('data paths through other asset kinds: a FIFO in the I/O registers carries messages, and between two app slots any asset is a channel', () => {
  const context = checkContext({ seed: 20261206, runs: 20, timeoutMs: 20_000, command: 'sevenfold verify --property compartmentalization' });

  it('two M4 app slots sharing a FIFO register are violated at hardware-barriers; FIFOs that each join one slot and the kernel hold', async () => {
    const flawed = await checkCompartmentalization(load('isolation/isolation-m4-fifo-register'), context);
    expect(flawed.verdict, flawed.summary).toBe('violated');
    expect(flawed.summary).toContain('compartmentalization.hardware-barriers: app slots rt-app-0 and rt-app-1 share m4-fifo: rt-app-0 may write what rt-app-1 may read');
    const sound = await checkCompartmentalization(load('isolation/isolation-m4-fifo-through-kernel'), context);
    expect(sound.verdict, sound.summary).toBe('holds');
  });

  it('the emulated bus agrees: Motor\'s words reach Logger through the FIFO register, and no app reaches another through the kernel\'s FIFOs', () => {
    for (const [name, flawed] of [['isolation-m4-fifo-register', true], ['isolation-m4-fifo-through-kernel', false]] as const) {
      const product = load(`isolation/${name}`);
      const acceptance = checkProtections(new IsolationSpec(product), builtinProfile(), booter(product)).find((r) => r.requirement === 'compartmentalization.app-connection-acceptance')!;
      expect(acceptance.outcome, `${name}: ${acceptance.summary}`).toBe(flawed ? 'failed' : 'met');
      if (flawed) expect(acceptance.trace!.join('\n')).toMatch(/1\. Motor: memory-write m4-fifo "from-Motor" → ok\n2\. Logger: memory-read m4-fifo → ok "from-Motor"/);
    }
  });

  it('a crash of the Security Monitor that takes an app slot\'s commands from a FIFO register reboots the device; the OS services restarted alone do not', async () => {
    const flawed = await checkCompartmentalization(load('platforms/rt-fifo-commands-monitor'), context);
    expect(flawed.verdict, flawed.summary).toBe('violated');
    expect(flawed.summary).toContain('a crash of security-monitor, which takes FanControl_RTApp\'s memory sm-command-fifo, reboots the whole device');
    const sound = await checkCompartmentalization(load('platforms/rt-fifo-commands-services'), context);
    expect(sound.verdict, sound.summary).toBe('holds');
    const edge = buildAttackGraph(load('platforms/rt-fifo-commands-monitor').basePlatform).edges.find((e) => e.from === 'rt-app-0' && e.to === 'security-monitor');
    expect(edge).toMatchObject({ barriers: ['exploit:security-monitor'], rule: DERIVED_EXPLOITABILITY });
  });

  it('which kinds carry messages: a register in I/O registers does, a measurement register in Pluton and a counter do not; between app slots every kind counts', () => {
    const design = load('isolation/isolation-sound').basePlatform;
    const withAsset = (kind: 'register' | 'counter', location: 'io-registers' | 'pluton' | 'sram', reader: string) => ({
      ...design,
      assets: [...design.assets, { id: 'x', name: 'x', kind, location, secret: false, critical: false }],
      access: [...design.access, { component: 'rt-app-0', asset: 'x', rights: ['write' as const] }, { component: reader, asset: 'x', rights: ['read' as const] }],
    });
    expect(dataPaths(withAsset('register', 'io-registers', 'security-monitor')).filter((p) => p.asset === 'x')).toEqual([expect.objectContaining({ writer: 'rt-app-0', reader: 'security-monitor' })]);
    expect(dataPaths(withAsset('register', 'pluton', 'security-monitor')).filter((p) => p.asset === 'x')).toEqual([]);
    expect(dataPaths(withAsset('counter', 'sram', 'security-monitor')).filter((p) => p.asset === 'x')).toEqual([]);
    const counted = unconfinedApps(withAsset('counter', 'sram', 'hl-app'), new Set(['hl-app', 'rt-app-0']), isAppSlot);
    expect(counted.map((u) => u.message)).toEqual([expect.stringContaining('app slots rt-app-0 and hl-app share x: rt-app-0 may write what hl-app may read')]);
  });
});

describe('compartmentalization: a crash of the component that takes an app slot\'s mailbox', () => {
  const context = checkContext({ seed: 20261121, runs: 20, timeoutMs: 20_000, command: 'sevenfold verify --property compartmentalization' });

  it('reboots the device when it is the Security Monitor (failure-isolation violated, naming the design\'s access rule); a user-mode service the kernel restarts does not', async () => {
    const flawed = await checkCompartmentalization(load('platforms/rt-mailbox-commands-monitor'), context);
    expect(flawed.verdict, flawed.summary).toBe('violated');
    expect(flawed.summary).toBe("crash-isolation: a crash of security-monitor, which takes FanControl_RTApp's memory sm-command-mailbox, reboots the whole device: it runs at secure supervisor on A7, and no layer above it restarts it alone");
    expect(outcomes(flawed)['compartmentalization.failure-isolation']).toBe('failed');
    expect((flawed.evidence ?? []).flatMap((e) => e.lines).some((l) => /rt-mailbox-commands-monitor\/platform\.json \/access\/\d+\): a crash REBOOTS THE DEVICE/.test(l))).toBe(true);
    const sound = await checkCompartmentalization(load('platforms/rt-mailbox-commands-services'), context);
    expect(sound.verdict, sound.summary).toBe('holds');
    expect(sharedServiceCrashes(load('platforms/rt-mailbox-commands-services'))).toContainEqual(expect.objectContaining({ restartedBy: expect.arrayContaining(['nw-kernel']), source: 'design', taker: expect.objectContaining({ component: 'os-services', kind: 'memory' }) }));
  });

  it('is not counted for the kernel that takes another app slot\'s messages (the inter-core mailbox, placed in SRAM by the design) nor for a writer that is no app', () => {
    const product = load('platforms/rt-mailbox-commands-monitor');
    const kernelReads = structuredClone(product);
    kernelReads.platform.access = kernelReads.platform.access.map((r) => (r.asset === 'sm-command-mailbox' && r.component === 'security-monitor' ? { ...r, component: 'nw-kernel' } : r));
    expect(sharedServiceCrashes(kernelReads).filter((c) => c.source === 'design')).toEqual([]);
    expect(sharedServiceCrashes(load('platforms/kernel-mailbox-commands-monitor')).filter((c) => c.source === 'design')).toEqual([]);
  });
});

describe('defense-in-depth: code a component runs from flash outside the boot chain is that component to the flash writer', () => {
  const context = checkContext({ seed: 5, runs: 1, timeoutMs: 20_000, command: 'sevenfold verify --property defense-in-depth' });

  it('a Security Monitor overlay in flash with no barrier falls at no compromise; behind a signature and a manifest hash it needs both', async () => {
    const flawed = await checkDefenseInDepth(load('platforms/monitor-executes-flash-overlay'), context);
    expect(flawed.verdict, flawed.summary).toBe('violated');
    expect(flawed.summary).toContain('falls to 0 compromises (physical-flash → security-monitor → ');
    const sound = await checkDefenseInDepth(load('platforms/monitor-executes-checked-flash-overlay'), context);
    expect(sound.verdict, sound.summary).toBe('holds');
    const edge = buildAttackGraph(load('platforms/monitor-executes-checked-flash-overlay').basePlatform).edges.find((e) => e.from === 'physical-flash' && e.to === 'security-monitor' && /overlay/.test(e.description));
    expect(edge?.barriers).toEqual(['signature', 'manifest-hash']);
  });
});

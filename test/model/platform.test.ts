import { describe, expect, it } from 'vitest';
import { buildAttackGraph, minimumCompromises } from '../../model/platform/attack-graph.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import { keyChain, type PlatformDesign } from '../../model/platform/platform-design.js';
import { computeTcb } from '../../model/platform/tcb.js';
import { tempDir } from '../helpers.js';

const builtin = (): PlatformDesign => structuredClone(loadPlatform(builtinPlatformFile()).design!);

describe('platform design', () => {
  it('loads the built-in Azure Sphere design without diagnostics', () => {
    const loaded = loadPlatform(builtinPlatformFile());
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.design?.components.map((c) => c.id)).toContain('pluton-runtime');
  });

  it('reports unknown references, duplicate ids and an out-of-order boot graph at their location', () => {
    const d = builtin() as unknown as Record<string, unknown> & PlatformDesign;
    d.access.push({ component: 'nw-kernal', asset: 'pluton-key-store', rights: ['read'] });
    d.assets.push({ ...d.assets[0]!, name: 'copy' });
    const kernel = d.boot.find((s) => s.image === 'nw-kernel')!;
    kernel.loadedBy = 'os-services';
    const t = tempDir();
    try {
      const loaded = loadPlatform(t.write('platform.json', d));
      expect(loaded.design).toBeUndefined();
      const byName = (n: string) => loaded.diagnostics.filter((x) => x.name === n);
      expect(byName('PlatformUnknownReference')[0]).toMatchObject({ pointer: `/access/${d.access.length - 1}/component` });
      expect(byName('PlatformUnknownReference')[0]!.message).toContain('nw-kernal');
      expect(byName('PlatformDuplicateId')[0]).toMatchObject({ pointer: `/assets/${d.assets.length - 1}/id` });
      expect(byName('PlatformBootGraph')[0]!.message).toContain('os-services must be ROM or loaded by an earlier boot stage');
      for (const x of loaded.diagnostics) expect(x.position.line).toBeGreaterThan(1);
    } finally {
      t.cleanup();
    }
  });

  it('refuses a right on a kind of asset it names no operation on (extend a key hash, use a counter, execute a key store), located at the right', () => {
    const d = builtin();
    d.access.push(
      { component: 'os-services', asset: 'rom-key-hash', rights: ['read', 'extend'] },
      { component: 'hl-app', asset: 'arc-apps', rights: ['use'] },
      { component: 'hl-app', asset: 'pluton-key-store', rights: ['execute'] },
      { component: 'nw-kernel', asset: 'pcr-boot', rights: ['extend'] },
      { component: 'nw-kernel', asset: 'device-identity-key', rights: ['use'] },
    );
    const t = tempDir();
    try {
      const loaded = loadPlatform(t.write('platform.json', d));
      expect(loaded.design).toBeUndefined();
      const n = d.access.length;
      expect(loaded.diagnostics.map((x) => [x.name, x.pointer])).toEqual([
        ['PlatformAccessRight', `/access/${n - 5}/rights/1`],
        ['PlatformAccessRight', `/access/${n - 4}/rights/0`],
        ['PlatformAccessRight', `/access/${n - 3}/rights/0`],
      ]);
      expect(loaded.diagnostics[0]!.message).toBe('os-services may extend rom-key-hash: extend adds a measurement to a register (register), not a key-hash; say write if it can change the asset, read if it can see it');
    } finally {
      t.cleanup();
    }
  });

  it('refuses an asset outside eFuses marked one-time programmable (the attack graph would take nothing as able to write it), located at the flag', () => {
    const d = builtin();
    const at = d.assets.findIndex((a) => a.id === 'trusted-key-store');
    d.assets[at]!.oneTimeProgrammable = true;
    const t = tempDir();
    try {
      const loaded = loadPlatform(t.write('platform.json', d));
      expect(loaded.design).toBeUndefined();
      expect(loaded.diagnostics.map((x) => [x.name, x.pointer, x.message])).toEqual([['PlatformAssetLocation', `/assets/${at}/oneTimeProgrammable`, 'trusted-key-store is kept in flash, which can be written again: only an asset in eFuses is one-time programmable']]);
      // The anchor in eFuses stays one-time programmable.
      expect(loadPlatform(t.write('builtin.json', builtin())).design).toBeDefined();
    } finally {
      t.cleanup();
    }
  });

  it('refuses an image type no image package carries, or an alias of one, located at the component (rules read what a component is from it)', () => {
    const t = tempDir();
    try {
      for (const [type, hint] of [
        ['RadioFw', /^"RadioFw" is not an image type name \(azure-sphere-facts §3\.3\): one of OneBl, PlutonRuntime, WifiFirmware, /],
        ['wififirmware', /^"wififirmware" is not an image type name \(azure-sphere-facts §3\.3\): write it as WifiFirmware$/],
        ['app', /write it as Applications$/],
      ] as const) {
        const d = builtin();
        const at = d.components.findIndex((c) => c.id === 'os-services');
        d.components[at]!.imageType = type;
        const loaded = loadPlatform(t.write('platform.json', d));
        expect(loaded.design).toBeUndefined();
        expect(loaded.diagnostics.map((x) => [x.name, x.pointer])).toEqual([['PlatformImageType', `/components/${at}/imageType`]]);
        expect(loaded.diagnostics[0]!.message).toMatch(hint);
      }
    } finally {
      t.cleanup();
    }
  });

  it('refuses a component loaded from an image marked mask ROM (it would escape the image rules), and a private key not marked secret, each located at the flag', () => {
    const t = tempDir();
    try {
      const d = builtin();
      d.components.push({ id: 'wifi-firmware', name: 'Wi-Fi firmware', core: 'N9', world: 'normal', privilege: 'firmware', imageType: 'WifiFirmware', mutable: false });
      const key = d.assets.findIndex((a) => a.id === 'device-identity-key');
      d.assets[key]!.secret = false;
      const loaded = loadPlatform(t.write('platform.json', d));
      expect(loaded.design).toBeUndefined();
      expect(loaded.diagnostics.map((x) => [x.name, x.pointer, x.message])).toEqual([
        ['PlatformImageType', `/components/${d.components.length - 1}/mutable`, 'wifi-firmware is loaded from an image (imageType WifiFirmware), so another image can replace it: only mask ROM, which has no image type, is immutable'],
        ['PlatformAssetKind', `/assets/${key}/secret`, 'device-identity-key is a private key, which is secret whatever the design marks: set "secret": true'],
      ]);
    } finally {
      t.cleanup();
    }
  });

  it('refuses an asset kept in Pluton on a design with no component on the Pluton core (its keys would pass as hardware-held on Azure Sphere\'s word), located at the location', () => {
    const d = builtin();
    // A device maker's own chip: the same software on a secure element core instead of Pluton.
    for (const c of d.components) if (c.core === 'Pluton') c.core = 'SE';
    const inPluton = d.assets.flatMap((a, i) => (a.location === 'pluton' ? [[a.id, i] as const] : []));
    expect(inPluton.length).toBeGreaterThan(0);
    const t = tempDir();
    try {
      const loaded = loadPlatform(t.write('platform.json', d));
      expect(loaded.design).toBeUndefined();
      expect(loaded.diagnostics.map((x) => [x.name, x.pointer])).toEqual(inPluton.map(([, i]) => ['PlatformAssetLocation', `/assets/${i}/location`]));
      expect(loaded.diagnostics[0]!.message).toMatch(/is kept in pluton, but no component of this design runs on the Pluton core/);
      // Kept in eFuses and flash instead, the design is read (and judged on where it keeps them).
      for (const a of d.assets) if (a.location === 'pluton') a.location = a.kind === 'register' ? 'sram' : 'flash';
      expect(loadPlatform(t.write('moved.json', d)).diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    } finally {
      t.cleanup();
    }
  });

  it('refuses a signedBy that names no key of /keys and no private key of the design, located at the asset (s36)', () => {
    const d = builtin();
    const log = d.assets.findIndex((a) => a.kind === 'failure-log');
    d.assets[log]!.signedBy = 'arc-firmware';
    const t = tempDir();
    try {
      const loaded = loadPlatform(t.write('platform.json', d));
      expect(loaded.design).toBeUndefined();
      expect(loaded.diagnostics.map((x) => [x.name, x.pointer, x.message])).toEqual([['PlatformUnknownReference', `/assets/${log}/signedBy`, '"arc-firmware" is a counter, not a key: name a key of /keys (signed off the device) or a private-key asset (signed on the device)']]);
      d.assets[log]!.signedBy = 'device-identity-key';
      expect(loadPlatform(t.write('platform.json', d)).diagnostics).toEqual([]);
      d.assets[log]!.signedBy = 'firmware-signing';
      expect(loadPlatform(t.write('platform.json', d)).diagnostics).toEqual([]);
    } finally {
      t.cleanup();
    }
  });

  it('refuses a key anchored in an asset that is not a key hash (a counter in eFuses), located at the key', () => {
    const d = builtin();
    d.keys[0]!.anchoredIn = 'arc-firmware';
    const t = tempDir();
    try {
      const loaded = loadPlatform(t.write('platform.json', d));
      expect(loaded.design).toBeUndefined();
      expect(loaded.diagnostics.map((x) => [x.name, x.pointer, x.message])).toEqual([['PlatformUnknownReference', '/keys/0/anchoredIn', '"arc-firmware" is a counter, not a key-hash: a key is anchored in the hash of it']]);
    } finally {
      t.cleanup();
    }
  });

  it('refuses a second key anchored in the same key hash, located at the second key', () => {
    const d = builtin();
    d.keys.push({ id: 'oem', name: 'OEM key', anchoredIn: 'rom-key-hash' });
    const t = tempDir();
    try {
      const loaded = loadPlatform(t.write('platform.json', d));
      expect(loaded.design).toBeUndefined();
      expect(loaded.diagnostics.map((x) => [x.name, x.pointer, x.message])).toEqual([['PlatformDuplicateId', `/keys/${d.keys.length - 1}/anchoredIn`, 'rom-anchor (/keys/0) is already anchored in rom-key-hash: an anchor holds the hash of one key']]);
    } finally {
      t.cleanup();
    }
  });

  it('rejects a design that breaks the schema, naming the field', () => {
    const t = tempDir();
    try {
      const d = builtin() as unknown as Record<string, unknown>;
      (d['components'] as Record<string, unknown>[])[0]!['world'] = 'middle';
      const loaded = loadPlatform(t.write('platform.json', d));
      expect(loaded.diagnostics[0]).toMatchObject({ name: 'PlatformInvalid', pointer: '/components/0/world' });
    } finally {
      t.cleanup();
    }
  });

  it('chains every signing key of the built-in design to the ROM anchor', () => {
    const d = builtin();
    for (const k of d.keys) expect(keyChain(d, k.id)?.at(-1)?.anchoredIn).toBe('rom-key-hash');
    delete d.keys.find((k) => k.id === 'app-signing')!.certifiedBy;
    expect(keyChain(d, 'app-signing')).toBeUndefined();
  });
});

describe('computed TCB', () => {
  it('is exactly the declared TCB of the built-in design', () => {
    const d = builtin();
    expect(computeTcb(d).map((m) => m.component).sort()).toEqual([...d.declaredTcb].sort());
  });

  it('grows when the kernel can read a secret or verifies an image', () => {
    const reads = builtin();
    reads.access.push({ component: 'nw-kernel', asset: 'pluton-key-store', rights: ['read'] });
    expect(computeTcb(reads).find((m) => m.component === 'nw-kernel')?.reasons[0]).toContain('can read the secret');
    const verifies = builtin();
    verifies.boot.find((s) => s.image === 'nw-kernel')!.loadedBy = 'nw-loader';
    expect(computeTcb(verifies).some((m) => m.component === 'nw-loader')).toBe(true);
  });
});

describe('attack graph', () => {
  it('with only the exploits the built-in design lists, every critical asset needs two compromises but from the flash writer, who forges the one signer of image and manifest', () => {
    const g = buildAttackGraph(builtin(), { derivedExploitability: false });
    for (const goal of g.goals) for (const a of g.attackers.filter((x) => x !== 'physical-flash')) expect(minimumCompromises(g, a, goal.id).cost, `${a} → ${goal.id}`).toBeGreaterThanOrEqual(2);
    // Every stage checks its signature and its manifest hash under one key (attack-surface.ts signerBarrier).
    const flash = minimumCompromises(g, 'physical-flash', 'trusted-key-store');
    expect(flash.cost).toBe(1);
    expect(flash.path.flatMap((e) => e.barriers)).toEqual(['signature']);
  });

  it('with derived exploitability, one exploit of a boot loader parsing flash reaches the firewall (no design exception)', () => {
    // Manifests signed apart from the images, so the one forged signer is not the cheaper way in.
    const d = builtin();
    for (const s of d.boot) for (const c of s.checks) if (c.kind === 'manifest-hash') c.key = `${c.key}-manifest`;
    const g = buildAttackGraph(d);
    expect(g.attackers).toEqual(['malicious-app@hl-app', 'malicious-app@rt-app-0', 'malicious-app@rt-app-1', 'network', 'physical-flash']);
    const attack = minimumCompromises(g, 'physical-flash', 'io-firewall-config');
    expect(attack.cost).toBe(1);
    expect(attack.path[0]!.barriers[0]).toMatch(/^exploit:(pluton-rom|one-bl|pluton-runtime|security-monitor)$/);
  });

  it('counts a barrier once however often a path crosses it, and finds the one-compromise path a flaw opens', () => {
    const d = builtin();
    d.access.push({ component: 'nw-kernel', asset: 'pluton-key-store', rights: ['read'] });
    const attack = minimumCompromises(buildAttackGraph(d), 'malicious-app@hl-app', 'pluton-key-store');
    expect(attack.cost).toBe(1);
    expect(attack.path.map((e) => e.to)).toEqual(['hl-app', 'nw-kernel', 'pluton-key-store']);
  });

  it('makes a one-time-programmable asset unreachable', () => {
    const g = buildAttackGraph(builtin());
    expect(minimumCompromises(g, 'physical-flash', 'rom-key-hash').cost).toBe(Infinity);
  });
});

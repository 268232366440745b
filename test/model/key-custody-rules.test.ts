/**
 * Key custody (model/platform/key-custody.ts, hardwareKeyProblems), one clause at a time on the built-in platform with
 * one field changed in memory: the key must be an asset, a secret private key, kept inside Pluton, read or written by
 * no component, and used only by Pluton's own firmware. Each problem's sentence is stated whole, with its sound twin.
 * The differential (test/differential/key-custody-differential.test.ts) holds the rule against the emulated device on
 * random designs but is too slow to run per mutant; mutation testing (s31) runs this file.
 */
import { describe, expect, it } from 'vitest';
import { hardwareKeyProblems } from '../../model/platform/key-custody.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import { APP_IMAGE_TYPE } from '../../model/product/instantiate.js';

const builtin = loadPlatform(builtinPlatformFile()).design!;
const KEY = 'device-identity-key';
const changed = (change: (d: PlatformDesign) => void): PlatformDesign => {
  const d = structuredClone(builtin);
  change(d);
  return d;
};
const key = (d: PlatformDesign) => d.assets.find((a) => a.id === KEY)!;
const problems = (d: PlatformDesign) => hardwareKeyProblems(d, KEY, 'the quote key');

describe('key custody: a hardware-held device key', () => {
  it('the built-in identity key (secret, in Pluton, used by pluton-runtime alone) has no problem', () => {
    expect(problems(builtin)).toEqual([]);
  });

  it('a key that is no asset of the design: one problem naming it and the design', () => {
    expect(hardwareKeyProblems(builtin, 'no-such-key', 'the client key')).toEqual([`the client key "no-such-key" is not an asset of the platform design "${builtin.name}"`]);
  });

  it('not a private key, or not secret: each is the kind problem', () => {
    const kind = 'the quote key "device-identity-key" is not a secret private key in the platform design';
    expect(problems(changed((d) => (key(d).kind = 'key-store')))).toEqual([kind]);
    expect(problems(changed((d) => (key(d).secret = false)))).toEqual([kind]);
  });

  it('kept outside Pluton: the place problem, naming where', () => {
    expect(problems(changed((d) => (key(d).location = 'flash')))).toEqual(['the quote key "device-identity-key" is kept in flash, not inside Pluton']);
  });

  it('a component that may read or write it: named with its rights, untrusted said so', () => {
    const os = builtin.components.find((c) => c.id === 'os-services')!.name;
    expect(problems(changed((d) => d.access.push({ component: 'os-services', asset: KEY, rights: ['read'] })))).toEqual([`${os} may read the quote key "device-identity-key": it is not inseparable from the hardware`]);
    const hl = builtin.components.find((c) => c.id === 'hl-app')!.name;
    expect(problems(changed((d) => d.access.push({ component: 'hl-app', asset: KEY, rights: ['use', 'write', 'read'] })))).toEqual([
      `${hl} (untrusted) may write and read the quote key "device-identity-key": it is not inseparable from the hardware`,
    ]);
    // Pluton's own firmware reading it is still a reader.
    const runtime = builtin.components.find((c) => c.id === 'pluton-runtime')!.name;
    expect(problems(changed((d) => d.access.push({ component: 'pluton-runtime', asset: KEY, rights: ['write'] })))).toEqual([`${runtime} may write the quote key "device-identity-key": it is not inseparable from the hardware`]);
  });

  it('used directly by anything but Pluton\'s own firmware: off the Pluton core, untrusted on it, or an app slot on it', () => {
    const name = (id: string) => builtin.components.find((c) => c.id === id)!.name;
    const use = (component: string) => (d: PlatformDesign) => d.access.push({ component, asset: KEY, rights: ['use'] });
    expect(problems(changed(use('security-monitor')))).toEqual([`${name('security-monitor')} (on A7) may use the quote key "device-identity-key" directly: only Pluton's own firmware may`]);
    expect(problems(changed(use('hl-app')))).toEqual([`${name('hl-app')} (on A7, untrusted) may use the quote key "device-identity-key" directly: only Pluton's own firmware may`]);
    const untrustedOnPluton = changed((d) => (d.components.find((c) => c.id === 'pluton-runtime')!.untrusted = true));
    expect(problems(untrustedOnPluton)).toEqual([`${name('pluton-runtime')} (on Pluton, untrusted) may use the quote key "device-identity-key" directly: only Pluton's own firmware may`]);
    const slotOnPluton = changed((d) => {
      Object.assign(d.components.find((c) => c.id === 'os-services')!, { core: 'Pluton', world: 'secure', imageType: APP_IMAGE_TYPE });
      use('os-services')(d);
    });
    expect(problems(slotOnPluton)).toEqual([`${name('os-services')} (on Pluton, an app slot) may use the quote key "device-identity-key" directly: only Pluton's own firmware may`]);
    // Pluton's own firmware (one-bl) may use it: no problem.
    expect(problems(changed(use('one-bl')))).toEqual([]);
    // The rights of another asset are not this key's.
    expect(problems(changed((d) => d.access.push({ component: 'hl-app', asset: 'pluton-key-store', rights: ['read', 'use'] })))).toEqual([]);
  });

  it('every problem at once, in order: kind, place, then the components', () => {
    const all = changed((d) => {
      Object.assign(key(d), { secret: false, location: 'sram' });
      d.access.push({ component: 'hl-app', asset: KEY, rights: ['read'] });
    });
    expect(problems(all).map((p) => p.replace(/^.*? (may|is)/, '$1'))).toEqual([
      'is not a secret private key in the platform design',
      'is kept in sram, not inside Pluton',
      'may read the quote key "device-identity-key": it is not inseparable from the hardware',
    ]);
  });
});

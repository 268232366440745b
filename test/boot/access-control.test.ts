/**
 * The emulated hardware grants software exactly the accesses the design's access rules give, no more,
 * no fewer: a differential harness over random access rules, holding the emulator's decisions (Pluton's
 * mailbox, the bus controller) against the spec's reading of the same rules (rightsOf).
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { AccessRules, BootDevice, BusLog, EFuses, Flash, Pluton, runCompromisedComponent } from '../../emulator/boot/index.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import { rightsOf, type AccessRule, type PlatformDesign, type Right } from '../../model/platform/platform-design.js';

const builtin = loadPlatform(builtinPlatformFile()).design!;
const keyAssets = builtin.assets.filter((a) => a.kind === 'private-key' || a.kind === 'key-store');
const components = builtin.components.map((c) => c.id);
const RIGHTS: Right[] = ['read', 'write', 'use', 'extend', 'execute'];

/** A device for `design` without a vendor: Pluton holds the design's Pluton keys, the bus controller reads the same rules. */
function device(design: PlatformDesign): BootDevice {
  const bus = new BusLog();
  const efuses = new EFuses(bus);
  const access = new AccessRules(design);
  const inPluton = design.assets.filter((a) => a.location === 'pluton' && (a.kind === 'private-key' || a.kind === 'key-store')).map((a) => a.id);
  const pluton = Pluton.manufacture(7, [], efuses, bus, { identityAsset: inPluton[0]!, otherKeyAssets: inPluton.slice(1), access });
  return new BootDevice(design, 7, bus, efuses, pluton, new Flash(bus), { serial: 0, capabilities: new Set(), access });
}

const program = { messageToSign: new Uint8Array([1, 2, 3]), replacementKey: new Uint8Array(32).fill(9), replacementFor: () => new Uint8Array([7]) };

const accessRules = fc.array(
  fc.record({ component: fc.constantFrom(...components), asset: fc.constantFrom(...keyAssets.map((a) => a.id)), rights: fc.uniqueArray(fc.constantFrom(...RIGHTS), { minLength: 1 }) }),
  { maxLength: 12 },
);

describe('access control, held against the design', () => {
  test.prop([accessRules], { numRuns: 60 })('every component gets exactly the rights the design gives it on every key asset', (access: AccessRule[]) => {
    const design: PlatformDesign = { ...builtin, access };
    for (const component of components) {
      for (const attempt of runCompromisedComponent(device(design), component, keyAssets, program)) {
        if (attempt.outcome === 'no-such-operation') continue;
        expect(attempt.outcome === 'granted', `${component} ${attempt.right} ${attempt.asset}: ${attempt.detail}`).toBe(rightsOf(design, component, attempt.asset).includes(attempt.right));
      }
    }
  });

  test.prop([fc.constantFrom(...components)])('with the built-in rules, only Pluton\'s runtime uses the keys in Pluton and only the Security Monitor touches the key store', (component) => {
    const granted = runCompromisedComponent(device(builtin), component, keyAssets, program).filter((a) => a.outcome === 'granted').map((a) => `${a.right} ${a.asset}`);
    const expected: Record<string, string[]> = { 'pluton-runtime': ['use device-identity-key', 'use pluton-key-store'], 'security-monitor': ['read trusted-key-store', 'write trusted-key-store'] };
    expect(granted).toEqual(expected[component] ?? []);
  });
});

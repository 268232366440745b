/**
 * s35-compart: an app slot that loads another component (a boot stage's loadedBy) decides what runs as it: breached,
 * it makes none of the stage's checks. A design whose high-level app loads and verifies the real-time app on M4-0
 * held compartmentalization ("5 app protections withstood their attacks") while hardware-root-of-trust and small-tcb
 * flagged the same stage: the I/O firewall and the manifests keep the two apps apart, but the one writes what the
 * other runs. Now violated at hardware-barriers, naming /boot/i/loadedBy, with the emulated boot of the tampered stage
 * under the app (model/platform/app-confinement.ts appsLoadingOthers; emulator/app-loaders.ts). Sound twins: an app
 * that only measures another (attestation's, not a barrier), the same design with the loaded slot left empty, the
 * built-in design.
 */
import { describe, expect, it } from 'vitest';
import { checkCompartmentalization } from '../../properties/compartmentalization/index.js';
import { checkContext } from '../helpers/check-context.js';
import { loadPlatformFixture } from '../helpers/platform-fixture.js';

const context = checkContext({ seed: 20261207, runs: 10, timeoutMs: 20_000, command: 'sevenfold verify --property compartmentalization' });

describe('an app slot that loads another component breaks compartmentalization', () => {
  for (const [name, loader, loaded, pointer] of [
    ['app-verifies-rt-app', 'hl-app', 'rt-app-0', '/boot/7/loadedBy'],
    ['rt-app-loads-rt-app', 'rt-app-0', 'rt-app-1', '/boot/8/loadedBy'],
  ] as const) {
    it(`${name}: violated at hardware-barriers, naming the stage and showing the tampered image run under the app`, async () => {
      const result = await checkCompartmentalization(loadPlatformFixture(name), context);
      expect(result.verdict, result.summary).toBe('violated');
      expect(result.summary).toMatch(new RegExp(`^compartmentalization\\.hardware-barriers: app slot ${loader} loads ${loaded} \\(another app\\)`));
      expect(result.evidence?.[0]?.lines.join('\n')).toMatch(new RegExp(`platform\\.json:\\d+:\\d+ ${pointer}: app slot ${loader} loads ${loaded}`));
      const play = result.evidence?.find((e) => e.title.startsWith('emulated boot:'));
      expect(play?.title).toMatch(new RegExp(`${loaded} tampered, loaded by the app slot ${loader} .*the attacker's image RAN`));
      expect(result.requirements?.find((r) => r.id === 'compartmentalization.hardware-barriers')?.outcome).toBe('failed');
    }, 120_000);
  }

  for (const name of ['rt-app-measured-by-hl-app', 'app-verifies-empty-rt-slot', 'sound-platform']) {
    it(`${name} (sound): no app loads another compartment, and compartmentalization holds`, async () => {
      const result = await checkCompartmentalization(loadPlatformFixture(name), context);
      expect(result.verdict, result.summary).toBe('holds');
      expect(result.evidence?.some((e) => e.title.startsWith('emulated boot:'))).toBe(false);
    }, 120_000);
  }

  it('the two readings parting is unknown, never holds: a rule that sees a loader the device does not (the base design changed alone)', async () => {
    const product = loadPlatformFixture('sound-platform');
    product.basePlatform = structuredClone(product.basePlatform);
    product.basePlatform.boot.find((s) => s.image === 'rt-app-0')!.loadedBy = 'hl-app';
    const result = await checkCompartmentalization(product, context);
    expect(result.verdict, result.summary).toBe('unknown');
    expect(result.summary).toMatch(/the two readings .* disagree .*the rule finds hl-app > rt-app-0, the emulated device did not run it tampered/);
  }, 120_000);
});

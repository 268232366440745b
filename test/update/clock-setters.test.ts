/**
 * An app that may set the device clock defeats freeze detection: the update client judges metadata expiry by
 * that clock (model/update/clock.ts). Found on the real corpus: Samples/SystemTime, AzureSphereSquirrel,
 * BalancingRobot and SetTimeFromLocation hold SystemTime, and renewable-security held for each as for an app
 * without it. The rule is read statically (properties/renewable-security/clock.ts) and by the emulator's OS
 * (emulator/update/system-time.ts), which plays it in tuf/indefinite-freeze; this file holds the two readings
 * together and each against the fixtures.
 */
import { describe, expect, it } from 'vitest';
import { chooseTimeServer, findAttack, runAttack, AttackContext, setSystemTime, syncTime } from '../../emulator/update/index.js';
import { CAPABILITIES } from '../../formats/manifest/capabilities.js';
import type { AppKind } from '../../formats/manifest/app-manifest.js';
import { clockSettingApps, timeSourceFinding } from '../../model/update/clock.js';
import type { Product, ProductApp } from '../../model/product/product.js';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import { checkClockSetters } from '../../properties/renewable-security/clock.js';
import type { PropertyResult } from '../../properties/verdict.js';
import { builtinProfile } from '../helpers/check-context.js';
import { context, defaultDesign, fixtureDesign, fixtureProduct, openLab, timeAndRecoveryStated } from './helpers.js';

const ctx = context('renewable-security');
const outcome = (r: PropertyResult, id: string) => r.requirements?.find((q) => q.id === `renewable-security.${id}`)?.outcome;
const text = (r: PropertyResult) => [r.summary, ...(r.evidence ?? []).flatMap((e) => [e.title, ...e.lines])].join('\n');

const BOOLEAN_CAPABILITIES = Object.entries(CAPABILITIES).filter(([, spec]) => spec.shape.kind === 'boolean').map(([key]) => key);

function oneApp(kind: AppKind, enabled: string[]): Pick<Product, 'apps'> {
  const app = { manifest: { kind, enabled, name: 'App' }, manifestFile: 'app_manifest.json', pointer: '/apps/0' } as unknown as ProductApp;
  return { apps: [app] };
}

describe('who may set the clock: the rule and the emulated OS agree', () => {
  it.each((['high-level', 'real-time'] as AppKind[]).flatMap((kind) => [[kind, []], ...BOOLEAN_CAPABILITIES.map((c) => [kind, [c]])] as [AppKind, string[]][]))('%s app with %j', async (kind, enabled) => {
    const lab = await openLab(defaultDesign());
    const device = lab.device();
    const spec = clockSettingApps(oneApp(kind, enabled)).length > 0;
    const app = { name: 'App', kind, enabled };
    // Either the OS sets the time for it, or it points the time sync at its own server, which answers the time it likes.
    const emulated = setSystemTime(device, app, lab.now - 3600, lab.now).ok || (chooseTimeServer(device, app, lab.now).ok && syncTime(device, lab.now - 3600, lab.now, 'app-server').ok);
    expect(emulated).toBe(spec);
    expect(device.clockOffsetSeconds).toBe(emulated ? -3600 : 0);
  });

  it('only SystemTime or TimeSyncConfig, and only in a high-level app, sets the clock', () => {
    expect(clockSettingApps(oneApp('high-level', ['SystemTime']))).toHaveLength(1);
    expect(clockSettingApps(oneApp('high-level', ['TimeSyncConfig']))).toHaveLength(1);
    expect(clockSettingApps(oneApp('real-time', ['SystemTime', 'TimeSyncConfig']))).toHaveLength(0);
    expect(clockSettingApps(oneApp('high-level', ['NetworkConfig', 'WifiConfig', 'SntpService']))).toHaveLength(0);
  });
});

describe('renewable-security with an app that sets the clock', () => {
  it('renewal-app-sets-clock is violated (max-freeze-detection), statically and on the emulator, naming the app and its manifest entry', async () => {
    const result = await checkRenewableSecurity(fixtureProduct('renewal-app-sets-clock'), ctx);
    expect(result.verdict).toBe('violated');
    expect(outcome(result, 'max-freeze-detection')).toBe('failed');
    expect(result.summary).toMatch(/ShelfClock \(\/apps\/0\) may set the device clock \(test\/fixtures\/products\/renewal-app-sets-clock\/apps\/clock-hl\/app_manifest.json \/Capabilities\/SystemTime\)/);
    // The emulator's own reading: the freeze attack, with the app setting the clock back, is never reported.
    expect(outcome(result, 'update-attacks-defeated')).toBe('failed');
    expect(text(result)).toMatch(/tuf\/indefinite-freeze \[Indefinite freeze attack\]: the freeze was never reported \(72 h of replays; renewable-security.max-freeze-detection ≤ 72 h; ShelfClock set the device clock back/);
  });

  it('renewal-app-chooses-time-server (TimeSyncConfig) is violated under an authenticated time sync: the device authenticates the server the app names', async () => {
    const result = await checkRenewableSecurity(timeAndRecoveryStated(fixtureProduct('renewal-app-chooses-time-server')), ctx);
    expect(result.verdict, result.summary).toBe('violated');
    expect(outcome(result, 'max-freeze-detection')).toBe('failed');
    expect(result.summary).toMatch(/ShelfClock \(\/apps\/0\) may set the device clock \(test\/fixtures\/products\/renewal-app-chooses-time-server\/apps\/clock-hl\/app_manifest.json \/Capabilities\/TimeSyncConfig\)/);
    expect(text(result)).toMatch(/may point the time sync at a server of its own, which sets the system time/);
    // The emulator's own reading: the app points the sync at its server, and the freeze is never reported.
    expect(outcome(result, 'update-attacks-defeated')).toBe('failed');
    expect(text(result)).toMatch(/ShelfClock \(through a time server of its own\) set the device clock back/);
  });

  it('their sound twin renewal-app-keeps-clock (neither SystemTime nor TimeSyncConfig) holds, the freeze reported in time', async () => {
    // Under a design that states an authenticated time source; the built-in one does not say, so the twin is unknown there.
    const result = await checkRenewableSecurity(timeAndRecoveryStated(fixtureProduct('renewal-app-keeps-clock')), ctx);
    expect(result.verdict, result.summary).toBe('holds');
    expect(outcome(result, 'max-freeze-detection')).toBe('met');
    expect(result.summary).toMatch(/the device's time sync is authenticated .* and no app of the product holds SystemTime or TimeSyncConfig, so neither the network nor an app sets the clock metadata expiry is judged by/);
    const unstated = await checkRenewableSecurity(fixtureProduct('renewal-app-keeps-clock'), ctx);
    expect(unstated.verdict).toBe('unknown');
    expect(outcome(unstated, 'max-freeze-detection')).toBe('unknown');
  });

  it('the freeze attack alone: an app with SystemTime keeps the freeze hidden; the OS refuses the same app without it', async () => {
    const attack = findAttack('tuf/indefinite-freeze')!;
    // The time sync stated authenticated, so that only the app can move the clock (unstated, the freeze is undecided).
    const lab = await openLab({ ...defaultDesign(), timeSync: 'authenticated' });
    const setter = runAttack(attack, await AttackContext.create(lab, builtinProfile(), [{ name: 'ShelfClock', kind: 'high-level', enabled: ['SystemTime'] }]));
    expect(setter.verdict).toBe('succeeded');
    expect(setter.lines.join('\n')).toMatch(/ShelfClock sets the device clock to t\+0h \(SystemTime\)/);
    const server = runAttack(attack, await AttackContext.create(lab, builtinProfile(), [{ name: 'ShelfClock', kind: 'high-level', enabled: ['TimeSyncConfig'] }]));
    expect(server.verdict, server.lines.join('\n')).toBe('succeeded');
    expect(server.lines.join('\n')).toMatch(/ShelfClock points the device's time sync at a server of its own \(TimeSyncConfig\)/);
    const refused = runAttack(attack, await AttackContext.create(lab, builtinProfile(), [{ name: 'ShelfClock', kind: 'high-level', enabled: ['SystemEventNotifications'] }]));
    expect(refused.verdict, refused.lines.join('\n')).toBe('defended');
    expect(refused.lines.join('\n')).toMatch(/ShelfClock may not set the device clock: ShelfClock's manifest does not set "SystemTime": true \(EPERM\)/);
    expect(refused.lines.join('\n')).toMatch(/ShelfClock may not set the device clock: ShelfClock's manifest does not set "TimeSyncConfig": true \(EPERM\)/);
  });

  it('"no app sets the clock" is not read from a manifest its image contradicts: an image holding SystemTime is unknown', () => {
    const product = fixtureProduct('renewal-app-keeps-clock');
    const at = { line: 1, column: 1 };
    const mismatch = { field: 'Capabilities/SystemTime', product: 'absent', image: 'true', manifestFile: product.apps[0]!.manifestFile, manifestPointer: '/Capabilities', manifestPosition: at, imagePointer: '/apps/0/image', imagePosition: at };
    const withImage = { ...product, apps: [{ ...product.apps[0]!, image: { file: 'shelf-clock.imagepackage', manifestMismatches: [mismatch] } }] } as unknown as Product;
    const authenticated = { ...defaultDesign(), timeSync: 'authenticated' as const };
    const judged = checkClockSetters(authenticated, 'update.json', withImage, 'reproduce');
    expect(judged.verdict).toBe('unknown');
    expect(judged.summary).toMatch(/no app's manifest holds SystemTime or TimeSyncConfig, but ShelfClock's image shelf-clock.imagepackage carries Capabilities\/SystemTime true/);
    expect(checkClockSetters(authenticated, 'update.json', product, 'reproduce').verdict).toBe('holds');
  });

  // s37: the rule read the product's manifest only; the device enforces the image's (model/product/enforced-manifest.ts).
  it('an image whose own manifest holds SystemTime: the app sets the clock, violated at the image\'s /Capabilities/SystemTime', () => {
    const product = fixtureProduct('renewal-app-keeps-clock');
    const app = product.apps[0]!;
    const imageManifest = { ...app.manifest, enabled: [...app.manifest.enabled, 'SystemTime'] };
    const withImage = { ...product, apps: [{ ...app, image: { file: 'shelf-clock.imagepackage', manifestMismatches: [], manifest: imageManifest } }] } as unknown as Product;
    expect(clockSettingApps(withImage)).toEqual([{ app: 'ShelfClock', pointer: '/apps/0', manifestFile: 'shelf-clock.imagepackage#app_manifest.json', capabilityPointer: '/Capabilities/SystemTime' }]);
    const judged = checkClockSetters({ ...defaultDesign(), timeSync: 'authenticated' }, 'update.json', withImage, 'reproduce');
    expect(judged.verdict).toBe('violated');
    expect(judged.summary).toMatch(/^ShelfClock \(\/apps\/0\) may set the device clock \(shelf-clock\.imagepackage#app_manifest\.json \/Capabilities\/SystemTime\)/);
  });

  // s38-mutants: with `||` read as `&&` in capabilityFile (npm run mutate model/product/enforced-manifest.ts) every
  // capability of an app with an image was placed in the image, also one the product's manifest states, where a
  // reviewer reads and edits it.
  it('a capability both manifests hold is placed in the product\'s manifest, where a reviewer edits it', () => {
    const product = fixtureProduct('renewal-app-keeps-clock');
    const app = product.apps[0]!;
    const both = { ...app.manifest, enabled: [...app.manifest.enabled, 'SystemTime'] };
    const withImage = { ...product, apps: [{ ...app, manifest: both, image: { file: 'shelf-clock.imagepackage', manifestMismatches: [], manifest: both } }] } as unknown as Product;
    expect(clockSettingApps(withImage)).toEqual([{ app: 'ShelfClock', pointer: '/apps/0', manifestFile: app.manifestFile, capabilityPointer: '/Capabilities/SystemTime' }]);
  });
});

describe('the time source: a network attacker sets the clock unless the time sync is authenticated', () => {
  it.each([undefined, 'authenticated', 'unauthenticated'] as const)('the rule and the emulated device agree on a design whose timeSync is %s', async (timeSync) => {
    const design = { ...defaultDesign(), ...(timeSync ? { timeSync } : {}) };
    if (!timeSync) delete design.timeSync;
    const device = (await openLab(design)).device();
    const taken = syncTime(device, 0, 1_000, 'on-path').ok;
    expect(taken).toBe(timeSourceFinding(design) === 'unauthenticated');
    expect(timeSourceFinding(design)).toBe(timeSync ?? 'unstated');
    // The service's own answer is always taken.
    expect(syncTime(device, 1_000, 1_000, 'service').ok).toBe(true);
  });

  it('an unauthenticated time sync is violated, statically and by the freeze attack (the network attacker sets the clock back); its twin with an authenticated one holds', async () => {
    const flawed = await checkRenewableSecurity(fixtureProduct('time-sync-unauthenticated'), ctx);
    expect(flawed.verdict).toBe('violated');
    expect(outcome(flawed, 'max-freeze-detection')).toBe('failed');
    expect(flawed.summary).toMatch(/the device sets its clock from an unauthenticated time sync \(.*time-sync-unauthenticated\/update.json \/timeSync\)/);
    expect(flawed.summary).toMatch(/tuf\/indefinite-freeze.* succeeded: the freeze was never reported .*the network attacker \(unauthenticated time sync\) set the device clock back/);
    const sound = await checkRenewableSecurity(fixtureProduct('renewal-time-sync-authenticated'), ctx);
    expect(sound.verdict, sound.summary).toBe('holds');
    expect(outcome(sound, 'max-freeze-detection')).toBe('met');
  });

  it('the freeze attack alone on the flawed design: the device takes the attacker\'s time; on the built-in design (unstated) the attacker\'s answer is not played', async () => {
    const attack = findAttack('tuf/indefinite-freeze')!;
    const flawed = runAttack(attack, await AttackContext.create(await openLab(fixtureDesign('time-sync-unauthenticated')), builtinProfile(), []));
    expect(flawed.verdict).toBe('succeeded');
    expect(flawed.lines.join('\n')).toMatch(/time sync \(unauthenticated, answered on the network path\) sets the device clock to t\+0h/);
    const builtin = runAttack(attack, await AttackContext.create(await openLab(defaultDesign()), builtinProfile(), []));
    // A step not played is never defended: the attack is undecided, naming what the design leaves unstated.
    expect(builtin.verdict).toBe('undecided');
    expect(builtin.summary).toMatch(/the design does not state timeSync/);
    expect(builtin.lines.join('\n')).toMatch(/the design does not say how the time sync is authenticated: not played/);
  });
});

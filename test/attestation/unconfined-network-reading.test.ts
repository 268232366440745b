/**
 * certificate-authentication reads compartmentalization's unconfined app slots (model/platform/app-confinement.ts) for
 * one question: is the app held to its own manifest's connections? Before s36 it read every finding as "the app may
 * connect to any host" (an undecided connection), so a window two app slots share, or a secret of another compartment
 * an app may read, left the property unknown though each app is still held to its manifest by the kernel. Now only the
 * findings in ESCAPES_ITS_MANIFEST (the app controls or stands level with a system component, shares a core with
 * nothing above both, or writes what another component runs) open "any host"; the others stay compartmentalization's.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProduct, type Product } from '../../model/product/product.js';
import { isAppSlot } from '../../model/product/instantiate.js';
import { unconfinedApps } from '../../model/platform/app-confinement.js';
import { reviewAppConnections } from '../../properties/certificate-authentication/app-connections.js';
import { checkCertificateAuthentication } from '../../properties/certificate-authentication/index.js';
import { checkContext, smallSearchProfile } from '../helpers/check-context.js';
import { root } from './helpers.js';

const load = (path: string): Product => {
  const loaded = loadProduct(resolve(root, 'test/fixtures', path, 'sevenfold.json'));
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.product!;
};
const anyHost = (p: Product) => reviewAppConnections(p).apps.flatMap((a) => a.connections.filter((c) => c.host === 'any host').map(() => a.app));
const kinds = (p: Product) => [...new Set(unconfinedApps(p.basePlatform, new Set(p.apps.flatMap((a) => (a.slot ? [a.slot] : []))), isAppSlot).map((u) => u.kind))];

describe("certificate-authentication reads an unconfined app slot as unheld to its manifest only when it is", () => {
  it.each([
    ['isolation/isolation-shared-sram-window', 'shared-window'],
    ['isolation/isolation-shared-sram-partners', 'shared-window'],
    ['isolation/isolation-m4-fifo-register', 'shared-window'],
    ['isolation/isolation-app-reads-kernel-secrets', 'reads-secret'],
    ['products/cert-apps-share-memory-window', 'shared-window'],
  ])('%s (%s): unconfined for compartmentalization, but no app is read as connecting to any host', (path, kind) => {
    const p = load(path);
    expect(kinds(p)).toEqual([kind]);
    expect(anyHost(p)).toEqual([]);
  });

  it.each([
    ['platforms/app-slot-in-secure-world', 'Thermostat'],
    ['platforms/app-slot-in-supervisor-mode', 'Thermostat'],
    ['platforms/rt-app-slots-share-core', 'AirSampler_RTApp'],
    ['platforms/rt-app-writes-kernel-memory', 'FanControl_RTApp'],
    ['products/cert-app-writes-kernel-memory', 'Motor'],
  ])('%s: the app controls or stands level with what enforces its firewall: %s may connect to any host', (path, app) => {
    expect(anyHost(load(path))).toEqual([app]);
  });

  it('the verdicts: every connection a device certificate, a shared window holds; an app that writes kernel memory stays unknown (s35 note: both were unknown)', async () => {
    const context = checkContext({ seed: 5, runs: 5, bound: { sessions: 1 }, requirements: smallSearchProfile(), command: 'sevenfold verify --property certificate-authentication' });
    const sound = await checkCertificateAuthentication(load('products/cert-apps-share-memory-window'), context, { symbolicOnly: true });
    expect(sound.verdict, sound.summary).toBe('holds');
    const flawed = await checkCertificateAuthentication(load('products/cert-app-writes-kernel-memory'), context, { symbolicOnly: true });
    expect(flawed.verdict, flawed.summary).toBe('unknown');
    expect(flawed.summary).toMatch(/Motor may connect to any host and listen on any port: app slot rt-app-0 may write nw-memory, which nw-kernel executes/);
  }, 60_000);
});

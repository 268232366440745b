/**
 * The no-new-access proof counts another compartment's secret an app's slot may now write or use (proofs/secret-diff.ts):
 * before, a new design that let the high-level app have Pluton sign with the device identity key, or overwrite it, was
 * "no new access, proved by Z3" (s38-proofs case c06) while compartmentalization is violated on it. The sound twin (a
 * Pluton key of the app's own) gains nothing; a finding the old product already had is no new access.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { loadProduct } from '../../model/product/product.js';
import { proveNoNewAccess } from '../../proofs/access-diff-proof.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';

const platforms = resolve(fileURLToPath(import.meta.url), '../../fixtures/platforms');
const spec = (name: string) => new IsolationSpec(loadProduct(resolve(platforms, name, 'sevenfold.json')).product!);
const BASE = 'builtin-no-bus-masters';

afterAll(async () => {
  await shutdownZ3();
});

describe('diff: secrets of another compartment newly within an app slot’s reach', () => {
  it.each([
    ['app-uses-identity-key', 'uses'],
    ['app-writes-identity-key', 'writes'],
  ] as const)('%s: new access, naming the key and the design statement', async (name, reach) => {
    const proof = await proveNoNewAccess(spec(BASE), spec(name));
    expect(proof.status).toBe('new-access');
    expect(proof.grants).toEqual([]);
    expect(proof.secretGrants.map((g) => [g.appName, g.reach, g.asset])).toEqual([['Thermostat', reach, 'device-identity-key']]);
    expect(proof.secretGrants[0]!.message).toMatch(/app slot hl-app may (use|write) device-identity-key .*\(\/access\/\d+\)$/);
  });

  it('the sound twin (a Pluton key of the app’s own) gains nothing, and a finding the old product had is not new', async () => {
    expect((await proveNoNewAccess(spec(BASE), spec('app-uses-own-pluton-key'))).status).toBe('no-new-access');
    const same = await proveNoNewAccess(spec('app-uses-identity-key'), spec('app-uses-identity-key'));
    expect(same.status).toBe('no-new-access');
    expect(same.secretGrants).toEqual([]);
  });
});

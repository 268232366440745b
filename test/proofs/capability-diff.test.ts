/**
 * diff (proveNoNewAccess) reports OS capabilities an app gained even though they are no node of the
 * access graph: a new version whose app adds NetworkConfig, a PowerControls entry or another
 * DeviceAuthentication tenant was "no new access, proved" (exit 0).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { proveNoNewAccess } from '../../proofs/access-diff-proof.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { app, idOf, product } from './build-product.js';

afterAll(() => shutdownZ3());

function cloud(edit: (m: ReturnType<typeof app>['manifest']) => void = () => {}, kind: 'high-level' | 'real-time' = 'high-level') {
  const a = app({ name: 'Cloud', kind, hosts: ['a.example.com'] });
  edit(a.manifest);
  return new IsolationSpec(product([a]));
}

describe('no-new-access over OS capabilities outside the access graph', () => {
  it('a boolean capability, a power control and a tenant the new version adds are new access', async () => {
    const before = cloud((m) => {
      m.enabled.push('SystemEventNotifications');
      m.deviceAuthentication = '7d6b0c2e-3f41-4a8b-9e5d-1c2a3b4d5e6f';
    });
    const after = cloud((m) => {
      m.enabled.push('SystemEventNotifications', 'NetworkConfig');
      m.powerControls.push('ForceReboot');
      m.deviceAuthentication = '11111111-2222-4333-8444-555555555555';
    });
    const proof = await proveNoNewAccess(before, after);
    expect(proof.status).toBe('new-access');
    expect(proof.grants).toEqual([]);
    expect(proof.capabilityGrants.map((g) => [g.app, g.capability])).toEqual([
      [idOf('Cloud'), 'NetworkConfig'],
      [idOf('Cloud'), 'PowerControls ForceReboot'],
      [idOf('Cloud'), 'DeviceAuthentication 11111111-2222-4333-8444-555555555555'],
    ]);
  });

  it('the same capabilities (a tenant in another case, another order) are nothing new', async () => {
    const before = cloud((m) => {
      m.enabled.push('WifiConfig', 'CertStore');
      m.deviceAuthentication = '7D6B0C2E-3F41-4A8B-9E5D-1C2A3B4D5E6F';
    });
    const after = cloud((m) => {
      m.enabled.push('CertStore', 'WifiConfig');
      m.deviceAuthentication = '7d6b0c2e-3f41-4a8b-9e5d-1c2a3b4d5e6f';
    });
    const proof = await proveNoNewAccess(before, after);
    expect(proof.status).toBe('no-new-access');
    expect(proof.capabilityGrants).toEqual([]);
  });

  it('a capability dropped in the new version is not new access', async () => {
    const proof = await proveNoNewAccess(cloud((m) => m.enabled.push('WifiConfig')), cloud());
    expect(proof.status).toBe('no-new-access');
  });
});

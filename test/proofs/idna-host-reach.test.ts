/**
 * Host entries a resolver maps (IDNA / UTS #46): "contoso-hub．azure-devices．net" (full-width full stops)
 * is looked up as contoso-hub.azure-devices.net. `query reach` proved the app could not reach that host
 * (exit 0) while certificate-authentication reads the entry as that very IoT Hub. No source says whether the
 * firewall compares entries as written, so "cannot reach" must hold either way; a diff's old product is a
 * baseline and is not widened (its full-width entry does not hide the ASCII one a new version adds).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { proveNoNewAccess } from '../../proofs/access-diff-proof.js';
import { proveReach } from '../../proofs/reachability-proof.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { idOf, product } from './build-product.js';

afterAll(() => shutdownZ3());

const cloud = (hosts: string[]) => new IsolationSpec(product([{ name: 'Cloud', hosts }]));

describe('reach and diff over host entries a resolver maps', () => {
  it('an entry in full-width characters reaches the ASCII host it maps to, and no other', async () => {
    const spec = cloud(['contoso-hub．azure-devices．net', 'ＡＰＩ.contoso.com']);
    expect((await proveReach(spec, idOf('Cloud'), { kind: 'host', host: 'contoso-hub.azure-devices.net' })).status).toBe('reachable');
    expect((await proveReach(spec, idOf('Cloud'), { kind: 'host', host: 'api.contoso.com' })).status).toBe('reachable');
    expect((await proveReach(spec, idOf('Cloud'), { kind: 'host', host: 'other.azure-devices.net' })).status).toBe('unreachable');
  });

  it('diff: the ASCII name a new version lists is new against an old full-width entry (the baseline is read as written)', async () => {
    const proof = await proveNoNewAccess(cloud(['api．contoso．com']), cloud(['api.contoso.com']));
    expect(proof.status).toBe('new-access');
    expect(proof.grants.map((g) => g.resource)).toEqual([{ kind: 'host', host: 'api.contoso.com' }]);
    expect((await proveNoNewAccess(cloud(['api.contoso.com']), cloud(['API.contoso.com.']))).status).toBe('no-new-access');
  });
});

/**
 * `query reach` and `diff` over a product whose app image carries another manifest than the product's:
 * the device enforces the image's, the access graph is built from the product's, so "cannot reach" and
 * "no new access" over it are no proofs (the image of cert-image-adds-connections also connects to
 * telnet.example and listens on TCP 23, which its product manifest does not list). An image of the
 * same manifest changes nothing.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { loadProduct } from '../../model/product/product.js';
import { proveNoNewAccess } from '../../proofs/access-diff-proof.js';
import { proveReach } from '../../proofs/reachability-proof.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';

afterAll(() => shutdownZ3());

const fixture = (name: string) => resolve(fileURLToPath(import.meta.url), '../../fixtures/products', name, 'sevenfold.json');
function spec(name: string): IsolationSpec {
  const loaded = loadProduct(fixture(name));
  if (!loaded.product) throw new Error(`${name} does not load`);
  return new IsolationSpec(loaded.product);
}
const gateway = (s: IsolationSpec) => s.compartments.find((c) => c.name === 'Gateway')!.id;

describe('access proofs over a product whose image carries another manifest', () => {
  it('query reach: the host only the image lists is unknown, not "no: proved", naming the image difference', async () => {
    const s = spec('cert-image-adds-connections');
    const proof = await proveReach(s, gateway(s), { kind: 'host', host: 'telnet.example' });
    expect(proof.status).toBe('unknown');
    if (proof.status !== 'unknown') return;
    expect(proof.reason).toMatch(/Gateway's image .*gateway-hl\.imagepackage carries Capabilities\/AllowedConnections \[telnet\.example\]/);
  });

  it('diff: a product against itself is unknown, not "no new access" (its image may grant what its manifest does not)', async () => {
    const proof = await proveNoNewAccess(spec('cert-image-adds-connections'), spec('cert-image-adds-connections'));
    expect(proof.status).toBe('unknown');
    if (proof.status !== 'unknown') return;
    expect(proof.reason).toMatch(/AllowedTcpServerPorts \[23, 11000\]/);
  });

  it('an image of the same manifest: reach is proved and the diff against itself finds nothing new', async () => {
    const s = spec('cert-image-same-connections');
    const proof = await proveReach(s, gateway(s), { kind: 'host', host: 'telnet.example' });
    expect(proof.status).toBe('unreachable');
    const diff = await proveNoNewAccess(spec('cert-image-same-connections'), spec('cert-image-same-connections'));
    expect(diff.status).toBe('no-new-access');
  });
});

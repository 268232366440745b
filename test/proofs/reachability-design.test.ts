/**
 * The platform design's app isolation reaches the Z3 reachability proofs: an app no network firewall holds
 * reaches any host, shared storage makes another app's storage reachable, and an app slot that may write
 * the I/O firewall configuration reaches other apps' blocks. The same product on the built-in design
 * reaches none of them.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { loadProduct } from '../../model/product/product.js';
import { proveReach } from '../../proofs/reachability-proof.js';
import { productAssumingNoBusMasters } from '../fixtures/bus-masters-stated.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';

const fixtures = resolve(fileURLToPath(import.meta.url), '../../fixtures/isolation');
// The fixtures' apps drive peripheral blocks; isolation-sound has no design of its own (the built-in one leaves busMasters
// out, which makes every "no" unknown: graph-gaps.ts), so each states the fixture assumption busMasters [].
const spec = (name: string) => new IsolationSpec(productAssumingNoBusMasters(loadProduct(resolve(fixtures, name, 'sevenfold.json')).product!));
const GATEWAY = '6f1d2c3b-4a59-4e87-9d6c-0b1a2f3e4d5c';
const MOTOR = 'a2b3c4d5-e6f7-4a8b-9c0d-1e2f3a4b5c6d';
const LOGGER = 'd4c3b2a1-0f9e-4d8c-8b7a-6f5e4d3c2b1a';

afterAll(async () => {
  await shutdownZ3();
});

describe('reachability proofs read the design', () => {
  it('an app no network firewall holds reaches any host and any port', async () => {
    const host = { kind: 'host', host: 'exfiltrate.example.org' } as const;
    expect((await proveReach(spec('isolation-sound'), GATEWAY, host)).status).toBe('unreachable');
    const proof = await proveReach(spec('isolation-no-network-firewall'), GATEWAY, host);
    expect(proof.status).toBe('reachable');
    if (proof.status === 'reachable') expect(proof.witness.map((e) => e.because)).toEqual(['the design has no per-app network firewall']);
    expect((await proveReach(spec('isolation-no-network-firewall'), GATEWAY, { kind: 'port', protocol: 'udp', port: 53 })).status).toBe('reachable');
  });

  it('a real-time app reaches the network on a design that wires the M4 cores to it', async () => {
    const host = { kind: 'host', host: 'telemetry.contoso.example' } as const;
    expect((await proveReach(spec('isolation-sound'), LOGGER, host)).status).toBe('unreachable');
    expect((await proveReach(spec('isolation-real-time-network'), LOGGER, host)).status).toBe('reachable');
  });

  it('shared storage makes another app’s storage reachable', async () => {
    const storage = { kind: 'storage', owner: GATEWAY } as const;
    expect((await proveReach(spec('isolation-sound'), LOGGER, storage)).status).toBe('unreachable');
    expect((await proveReach(spec('isolation-shared-storage'), LOGGER, storage)).status).toBe('reachable');
  });

  it('an app slot that may write the firewall configuration reaches another app’s block', async () => {
    const pin = { kind: 'peripheral', capability: 'Gpio', value: 20 } as const; // Logger's block, on M4-1
    expect((await proveReach(spec('isolation-sound'), MOTOR, pin)).status).toBe('unreachable');
    const proof = await proveReach(spec('isolation-app-writes-firewall'), MOTOR, pin);
    expect(proof.status).toBe('reachable');
    if (proof.status === 'reachable') expect(proof.witness.at(-1)!.because).toMatch(/Motor may write the I\/O firewall configuration \(rt-app-0 → io-firewall-config\) and move block GPIO-5 to M4-0/);
  });
});

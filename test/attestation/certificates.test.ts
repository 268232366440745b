import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { AttestationWorld } from '../../emulator/attestation/world.js';
import { decideForgery, describeForgery, forgeryArbitrary, forgeryKeys, FORGERY_KINDS, type Forgery, type ForgeryContext } from '../../properties/certificate-authentication/forged-chains.js';
import { fixture } from './helpers.js';

async function context(design: ProtocolDesign): Promise<ForgeryContext> {
  const w = await AttestationWorld.create(design);
  w.setPeriod(0);
  return { design, pki: w.pki, now: w.clock.now(), deviceName: w.deviceIdOf('d1'), keys: forgeryKeys(1) };
}

describe('forged certificate chains (fast-check)', () => {
  let ctx: ForgeryContext;
  beforeAll(async () => {
    ctx = await context(builtinProtocol());
  });

  it('the built-in policy rejects every forgery and accepts genuine certificates', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(forgeryArbitrary(), async (f) => {
        seen.add(f.kind);
        const d = await decideForgery(f, ctx);
        expect(d.accepted, `${describeForgery(f)}: ${d.reason ?? 'accepted'}`).toBe(d.expected);
      }),
      { numRuns: 150, seed: 12 },
    );
    expect([...seen].sort()).toEqual([...FORGERY_KINDS, 'genuine'].sort());
  }, 120_000);

  it('every variant of every kind is rejected on both sides', async () => {
    for (const kind of FORGERY_KINDS)
      for (let variant = 0; variant < 6; variant++)
        for (const side of ['device-certificate', 'server-certificate'] as const) {
          const f: Forgery = { kind, variant, hours: 30, byte: 40 + variant * 17, side };
          const d = await decideForgery(f, ctx);
          expect(d.accepted, describeForgery(f)).toBe(false);
          expect(d.reason).toBeTruthy();
        }
  }, 120_000);

  it('a cloud that trusts the Azure Sphere root accepts another tenant; one that accepts any CA accepts a self-signed certificate', async () => {
    const anyTenant = await context(fixture('accepts-any-tenant'));
    expect((await decideForgery({ kind: 'wrong-tenant', variant: 0, hours: 1, byte: 0, side: 'device-certificate' }, anyTenant)).accepted).toBe(true);
    expect((await decideForgery({ kind: 'self-signed', variant: 0, hours: 1, byte: 0, side: 'device-certificate' }, anyTenant)).accepted).toBe(false);
    const anyCa = await context(fixture('accepts-any-ca'));
    expect((await decideForgery({ kind: 'self-signed', variant: 0, hours: 1, byte: 0, side: 'device-certificate' }, anyCa)).accepted).toBe(true);
    expect((await decideForgery({ kind: 'expired', variant: 0, hours: 1, byte: 0, side: 'device-certificate' }, anyCa)).accepted).toBe(false);
  });
});

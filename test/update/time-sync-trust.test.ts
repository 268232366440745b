/**
 * An "authenticated" time sync the update design states without saying how rests on what the device accepts of a
 * server certificate (the protocol design's device section: model/update/time-sync-trust.ts). Before s38 a device
 * that accepts any CA's certificate, or any host's under its root store, held freeze detection (max-freeze-detection)
 * on the update design's word alone.
 */
import { describe, expect, it } from 'vitest';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import type { PropertyResult } from '../../properties/verdict.js';
import { context, fixtureProduct } from './helpers.js';
import { timeSyncServerTrustGap } from '../../model/update/time-sync-trust.js';
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';

const ctx = context('renewable-security');
const outcome = (r: PropertyResult, id: string) => r.requirements?.find((q) => q.id === `renewable-security.${id}`)?.outcome;

describe('renewable-security: an authenticated time sync and the server certificates the device accepts', () => {
  for (const [fixture, pointer] of [
    ['renewal-time-sync-any-ca', 'device-trusts-any-server.json /device/serverTrustAnchors'],
    ['renewal-time-sync-names-unchecked', 'device-skips-server-name.json /device/serverNames'],
  ] as const) {
    it(`${fixture}: freeze detection is unknown, naming ${pointer}`, async () => {
      const result = await checkRenewableSecurity(fixtureProduct(fixture), ctx);
      expect(result.verdict, result.summary).toBe('unknown');
      expect(outcome(result, 'max-freeze-detection')).toBe('unknown');
      expect(result.summary).toContain(pointer);
      expect(result.summary).toContain("the update design says the device's time sync is authenticated");
    });
  }

  it('renewal-time-sync-authenticated (the built-in protocol: root store, host names checked) still holds', async () => {
    const result = await checkRenewableSecurity(fixtureProduct('renewal-time-sync-authenticated'), ctx);
    expect(result.verdict, result.summary).toBe('holds');
    expect(outcome(result, 'max-freeze-detection')).toBe('met');
  });
});

describe('timeSyncServerTrustGap: what the device accepts of a time server certificate', () => {
  it('a protocol design that leaves serverNames out is a gap at /device/serverNames, as "unchecked" is (the report channel reads it as undecided too)', () => {
    const gap = timeSyncServerTrustGap({ device: { serverTrustAnchors: 'root-store' } } as Pick<ProtocolDesign, 'device'>);
    expect(gap?.pointer).toBe('/device/serverNames');
    expect(gap?.reason).toContain('does not say');
  });

  it('control: root store and names checked is no gap', () => {
    expect(timeSyncServerTrustGap({ device: { serverTrustAnchors: 'root-store', serverNames: 'checked' } } as Pick<ProtocolDesign, 'device'>)).toBeUndefined();
  });
});

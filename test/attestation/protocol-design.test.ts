import { describe, expect, it } from 'vitest';
import { builtinProtocol, builtinProtocolFile, formatProtocolError, loadProtocol, validateProtocolDesign } from '../../model/attestation/load-protocol.js';
import { lifetimePeriods } from '../../model/attestation/protocol-design.js';
import { tempDir } from '../helpers.js';
import { fixture, fixtureNames } from './helpers.js';

describe('protocol design files', () => {
  it('loads the built-in design: Azure Sphere as documented (nonce, all fields signed, 24 h certificates, tenant CA)', () => {
    const d = builtinProtocol();
    expect(d.attestation.nonce).toBe('service-nonce');
    expect(d.attestation.signedFields).toEqual(['deviceId', 'nonce', 'measurements', 'clientKey']);
    expect(d.deviceCertificate.lifetimeHours).toBe(24);
    expect(d.cloudService.deviceTrustAnchors).toBe('tenant-ca');
    expect(lifetimePeriods(d)).toBe(1);
  });

  it('loads every fixture', () => {
    expect(fixtureNames().length).toBeGreaterThanOrEqual(9);
    for (const name of fixtureNames()) expect(() => fixture(name)).not.toThrow();
    expect(lifetimePeriods(fixture('ten-year-certificate'))).toBe(3650);
  });

  it('reports schema errors at their line and column', () => {
    const t = tempDir();
    try {
      const file = t.write('p.json', JSON.stringify({ ...builtinProtocol(), deviceCertificate: { lifetimeHours: 24, revocation: 'crl' }, extra: 1 }, null, 2));
      const loaded = loadProtocol(file);
      expect(loaded.design).toBeUndefined();
      const text = loaded.errors.map(formatProtocolError).join('\n');
      expect(text).toMatch(/unknown field "extra"/);
      expect(text).toMatch(/revocation" must be one of "none", "status-check"/);
      expect(loaded.errors.every((e) => e.line > 1)).toBe(true);
    } finally {
      t.cleanup();
    }
  });

  it('enforces the rules the schema cannot say', () => {
    const base = JSON.parse(JSON.stringify(builtinProtocol()));
    const withUnsignedExtra = { ...base, attestation: { ...base.attestation, quoteFields: ['deviceId', 'nonce', 'clientKey'] } };
    expect(validateProtocolDesign(withUnsignedExtra).join('\n')).toMatch(/"measurements" is signed but not carried/);
    const nonceWithoutPolicy = { ...base, attestation: { ...base.attestation, nonce: 'none' } };
    expect(validateProtocolDesign(nonceWithoutPolicy).join('\n')).toMatch(/nonce policy is "none"/);
    const twoAttestations = { ...base, connections: [base.connections[0], { ...base.connections[0], id: 'again' }] };
    expect(validateProtocolDesign(twoAttestations).join('\n')).toMatch(/exactly one connection must run the attestation protocol/);
    expect(validateProtocolDesign(base)).toEqual([]);
  });

  it('a missing file is an error, not a crash', () => {
    const loaded = loadProtocol(builtinProtocolFile() + '.missing');
    expect(loaded.design).toBeUndefined();
    expect(loaded.errors[0]!.message).toMatch(/not found/);
  });
});

import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProduct, type Product } from '../../model/product/product.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import { checkCertificateAuthentication, checkDesignStatically } from '../../properties/certificate-authentication/index.js';
import { EXPECTED_VIOLATIONS, fixtureDir } from './helpers.js';
import { checkContext } from '../helpers/check-context.js';

const product = (): Product => loadProduct(builtinProductFile()).product!;
const context = checkContext({ seed: 20261121, runs: 40, timeoutMs: 10_000, command: 'sevenfold verify --property certificate-authentication' });

describe('certificate-authentication property', () => {
  it('holds for the built-in product, with the bound printed', async () => {
    const r = await checkCertificateAuthentication(product(), context);
    expect(r.verdict).toBe('holds');
    expect(r.summary).toMatch(/holds for ≤ 3 sessions, 2 devices, attacker depth 6/);
    expect(r.bound).toMatch(/^≤ 3 sessions, 2 devices, 2 attestation periods, attacker depth 6/);
    expect(r.bound).toMatch(/40 forged chains and 40 hostile inputs, seed 20261121/);
    expect(r.evidence!.map((e) => e.title).join('\n')).toMatch(/attacker search: holds/);
    expect(r.timings!.map((t) => t.check)).toEqual(['design rules', 'attacker search', 'forged chains', 'hostile input']);
  }, 120_000);

  for (const name of Object.keys(EXPECTED_VIOLATIONS)) {
    it(`is violated for ${name}, with the attack as a message sequence that the real parties accept`, async () => {
      const r = await checkCertificateAuthentication(product(), context, { protocolFile: resolve(fixtureDir, `${name}.json`), symbolicOnly: true });
      expect(r.verdict).toBe('violated');
      const attacks = r.evidence!.filter((e) => e.lines.some((l) => l.startsWith('concrete replay')));
      expect(attacks.length).toBeGreaterThan(0);
      for (const a of attacks) {
        expect(a.lines.some((l) => /^\s+\d+\. /.test(l))).toBe(true);
        expect(a.lines[a.lines.length - 1]).toMatch(/accept every message of this attack/);
        expect(a.reproduce).toMatch(/--seed 20261121/);
      }
    }, 60_000);
  }

  it('is violated by a shared secret in the design, statically', async () => {
    const r = await checkCertificateAuthentication(product(), context, { protocolFile: resolve(fixtureDir, 'shared-secret-cloud.json'), symbolicOnly: true });
    expect(r.verdict).toBe('violated');
    expect(r.summary).toMatch(/shared-secret, not a certificate/);
  });

  it('needs the quote key to be usable by Pluton alone', () => {
    const platform = structuredClone(product().platform);
    expect(checkDesignStatically(builtinProtocol(), platform)).toEqual([]);
    platform.access.push({ component: 'nw-kernel', asset: 'device-identity-key', rights: ['read'] });
    platform.access.push({ component: 'os-services', asset: 'device-identity-key', rights: ['use'] });
    const findings = checkDesignStatically(builtinProtocol(), platform).map((f) => f.message).join('\n');
    expect(findings).toMatch(/Normal World kernel \(Linux\) may read the quote key/);
    expect(findings).toMatch(/OS services .* may use the quote key "device-identity-key" directly: only Pluton may/);
  });

  it('is unknown for an unreadable protocol file', async () => {
    const r = await checkCertificateAuthentication(product(), context, { protocolFile: resolve(fixtureDir, 'missing.json') });
    expect(r.verdict).toBe('unknown');
    expect(r.summary).toMatch(/cannot be read/);
  });
});

/**
 * The ProVerif and Tamarin exports of the protocol design against reviewed golden files
 * (test/fixtures/export/). Neither tool is installed here: the golden files were reviewed by reading.
 * After a deliberate change, regenerate with UPDATE_GOLDEN=1 npx vitest run test/proofs/horn/export-golden.test.ts
 * and review the diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinProtocol } from '../../../model/attestation/load-protocol.js';
import type { ProtocolDesign } from '../../../model/attestation/protocol-design.js';
import { exportProverif } from '../../../proofs/horn/export-proverif.js';
import { exportTamarin } from '../../../proofs/horn/export-tamarin.js';
import { BUILTIN_SOURCE } from '../../../cli/commands/export-command.js';
import { fixture, root } from '../../attestation/helpers.js';

const CASES: [string, () => ProtocolDesign, string][] = [
  ['azure-sphere-attestation', builtinProtocol, BUILTIN_SOURCE],
  ...['nonce-not-signed', 'accepts-any-tenant', 'no-nonce'].map((n): [string, () => ProtocolDesign, string] => [n, () => fixture(n), `test/fixtures/protocols/${n}.json`]),
];

function golden(file: string, text: string): string {
  const path = resolve(root, 'test/fixtures/export', file);
  if (process.env['UPDATE_GOLDEN']) writeFileSync(path, text);
  return readFileSync(path, 'utf8');
}

describe('export to ProVerif and Tamarin', () => {
  for (const [name, design, source] of CASES) {
    it(`${name}: the ProVerif model matches its golden file`, () => {
      const text = exportProverif(design(), source);
      expect(text).toBe(golden(`${name}.pv`, text));
    });
    it(`${name}: the Tamarin model matches its golden file`, () => {
      const text = exportTamarin(design(), source);
      expect(text).toBe(golden(`${name}.spthy`, text));
    });
  }

  it('the design decides the model: each flaw shows where the built-in design has the check', () => {
    const pv = (n: string) => exportProverif(fixture(n), n);
    const sound = exportProverif(builtinProtocol(), 'builtin');
    expect(sound).toMatch(/let quote_tbs\(=id, =n, =m, =k\) = checksign\(s, ikpub\) in/);
    expect(pv('nonce-not-signed')).toMatch(/let quote_tbs\(=id, =m, =k\) = checksign\(s, ikpub\) in/);
    expect(pv('no-nonce')).toMatch(/fun challenge\(bitstring\): bitstring \[data\]\./);
    expect(pv('accepts-any-tenant')).toMatch(/if ca = pk\(ca_tenant_a\) \|\| ca = pk\(ca_tenant_b\) then/);
    expect(pv('verifier-trusts-quote-nonce')).toMatch(/in\(c, quote\(=id, qn: bitstring, m: bitstring, k: pkey, s: bitstring\)\);/);
    expect(pv('shared-secret-cloud')).not.toMatch(/let Hub =/);
    const spthy = exportTamarin(fixture('device-trusts-any-server'), 'x');
    expect(spthy).toMatch(/design device\.serverTrustAnchors = any-ca/);
    expect(exportTamarin(builtinProtocol(), 'builtin')).toMatch(/Eq\(verify\(hcs, <'cert', 'hub', hk, t, 'server'>, pk\(root\)\), true\)/);
  });

  it('every model ends its theory and states each query', () => {
    const spthy = exportTamarin(builtinProtocol(), 'builtin');
    expect(spthy.trimEnd().endsWith('end')).toBe(true);
    for (const lemma of ['identity_key_secrecy', 'quote_agreement', 'quote_injective_agreement', 'untrusted_software', 'session_key_secrecy_device', 'session_key_secrecy_cloud', 'server_agreement', 'client_agreement', 'tenant_isolation']) expect(spthy).toContain(`lemma ${lemma}:`);
    const pv = exportProverif(builtinProtocol(), 'builtin');
    expect(pv.match(/^query /gm)!.length).toBe(10);
    expect(pv).toMatch(/^process$/m);
  });
});

/**
 * certificate-authentication's concrete suites pass only when they tried every case they name: every
 * forgery kind and the genuine control on both sides (14), every receiver of hostile input (5). Fewer
 * runs than that left cases untried, which passed as "all rejected" (--runs 1 tried one forgery): now the
 * suite is unknown and names what it did not try; from 14 and 5 runs on, every case is tried first.
 */
import { describe, expect, it } from 'vitest';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import { createPki } from '../../emulator/attestation/pki.js';
import { DEFAULT_EPOCH } from '../../emulator/attestation/world.js';
import { forgedChainSuite, hostileInputSuite } from '../../properties/certificate-authentication/suites.js';
import { FORGERY_KINDS } from '../../properties/certificate-authentication/forged-chains.js';

describe('the concrete suites never pass cases they did not try', () => {
  it('forged chains: 13 runs leave a case untried and are unknown; 14 try every kind on both sides and pass', async () => {
    const pki = await createPki(DEFAULT_EPOCH);
    const short = await forgedChainSuite(builtinProtocol(), 13, 7, pki);
    expect(short.violation).toBeUndefined();
    expect(short.unknown).toMatch(/^forged-chain suite: 13 runs never tried genuine server-certificate; more --runs try every case$/);
    const one = await forgedChainSuite(builtinProtocol(), 1, 7, pki);
    expect(one.unknown).toMatch(/^forged-chain suite: 1 run never tried expired server-certificate, not-yet-valid device-certificate, .*genuine server-certificate;/);
    const enough = await forgedChainSuite(builtinProtocol(), 14, 7, pki);
    expect(enough.unknown).toBeUndefined();
    expect(enough.violation).toBeUndefined();
    for (const kind of [...FORGERY_KINDS, 'genuine']) expect(enough.evidence.lines[0]).toMatch(new RegExp(`\\b${kind} 2\\b`));
  }, 60_000);

  it('hostile input: 4 runs leave a receiver without a message and are unknown; 5 reach every receiver and pass', async () => {
    const pki = await createPki(DEFAULT_EPOCH);
    const short = await hostileInputSuite(builtinProtocol(), 4, 7, pki);
    expect(short.unknown).toBe('hostile-input suite: 4 runs sent nothing to device-connection; more --runs try every receiver');
    const enough = await hostileInputSuite(builtinProtocol(), 5, 7, pki);
    expect(enough.unknown).toBeUndefined();
    expect(enough.violation).toBeUndefined();
  }, 60_000);
});

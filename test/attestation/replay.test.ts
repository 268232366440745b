/**
 * The tie between the symbolic search and the concrete protocol: every trace the search accepts is
 * played against the real parties (CBOR, X.509, P-256, Plutons), which must accept every message too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createPki, type Pki } from '../../emulator/attestation/pki.js';
import { DEFAULT_EPOCH } from '../../emulator/attestation/world.js';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import { replayTrace } from '../../properties/certificate-authentication/replay.js';
import type { Action } from '../../proofs/attacker-search/model.js';
import { DEFAULT_SCENARIO } from '../../model/attestation/attack-scenario.js';
import { searchProtocol, verifyProtocol } from '../../proofs/attacker-search/search.js';
import { EXPECTED_VIOLATIONS, fixture } from './helpers.js';

describe('abstract traces replayed against the concrete protocol', () => {
  let pki: Pki;
  beforeAll(async () => {
    pki = await createPki(DEFAULT_EPOCH);
  });

  for (const name of Object.keys(EXPECTED_VIOLATIONS)) {
    it(`every attack on ${name} works against the real parties`, async () => {
      const design = fixture(name);
      const r = verifyProtocol(design);
      expect(r.violations.length).toBeGreaterThan(0);
      for (const v of r.violations) {
        const replay = await replayTrace(design, DEFAULT_SCENARIO, v.trace);
        expect(replay.failure).toBeUndefined();
        expect(replay.ok).toBe(true);
      }
    });
  }

  it('the concrete attack on measurements-not-signed gets a downgraded device its certificate', async () => {
    const design = fixture('measurements-not-signed');
    const v = verifyProtocol(design).violations.find((x) => x.property === 'untrusted-software')!;
    const replay = await replayTrace(design, DEFAULT_SCENARIO, v.trace);
    expect(replay.ok).toBe(true);
    const d2 = replay.world.deviceIdOf('d2');
    expect(replay.world.service.issued.filter((i) => i.deviceId === d2).map((i) => i.period)).toContain(1);
  });

  // Every complete trace with SEVENFOLD_FULL_TIE=1 (about a minute); an evenly spread sample otherwise.
  const full = process.env['SEVENFOLD_FULL_TIE'] === '1';
  const spread = <T>(xs: T[], n: number): T[] => (full ? xs : xs.filter((_, i) => i % Math.max(1, Math.floor(xs.length / n)) === 0));

  it(`complete traces of the built-in design up to 2 sessions replay concretely (${full ? 'all' : 'a sample of 50'}, attacker steps included)`, async () => {
    const leaves: Action[][] = [];
    searchProtocol(builtinProtocol(), { bound: { sessions: 2 }, onLeaf: (t) => leaves.push(t) });
    expect(leaves.length).toBeGreaterThan(50);
    const failures: string[] = [];
    for (const t of spread(leaves, 50)) {
      const replay = await replayTrace(builtinProtocol(), DEFAULT_SCENARIO, t, { pki });
      if (!replay.ok) failures.push(replay.failure!);
    }
    expect(failures).toEqual([]);
  }, 900_000);

  it(`complete 3-session traces replay concretely too (${full ? 'all' : 'a sample of 30'})`, async () => {
    const leaves: Action[][] = [];
    searchProtocol(builtinProtocol(), { bound: { sessions: 3 }, onLeaf: (t) => leaves.push(t) });
    const sample = spread(leaves, 30);
    for (const t of sample) {
      const replay = await replayTrace(builtinProtocol(), DEFAULT_SCENARIO, t, { pki });
      expect(replay.failure).toBeUndefined();
    }
  }, 900_000);

  it('a replay that the concrete parties cannot follow is reported, not hidden', async () => {
    // A trace in which the attacker delivers a quote no one could have signed.
    const design = fixture('no-nonce');
    const v = verifyProtocol(design).violations[0]!;
    const replay = await replayTrace(builtinProtocol(), DEFAULT_SCENARIO, v.trace);
    expect(replay.ok).toBe(false);
    expect(replay.failure).toMatch(/cannot make|rejects|no concrete value/);
  });
});

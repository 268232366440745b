/**
 * certificate-authentication's other direction. test/attestation/replay.test.ts holds that whatever the
 * symbolic search accepts replays on the emulated parties; nothing held the search's "holds" against
 * them. Here a concrete attacker (attestation-harness.ts: a bounded, enumerated catalogue of replays of
 * old quotes, quotes for other nonces, swapped fields, other devices' and expired certificates, forged
 * certificates and servers, a device running bad software) plays against the emulated security service,
 * devices and cloud service, on the built-in protocol design and on every fixture in
 * test/fixtures/protocols/; whenever they accept something a goal forbids, the search on that design
 * (same scenario, 2 sessions: every behaviour of the catalogue is at most a device and a cloud-service
 * run) must not say that goal holds: it reports a violation of it, or it did not finish.
 * The property's search (verifyProtocol) searches 1, 2, … sessions and stops at the first bound with a
 * violation, so a goal this search reports makes the property's verdict violated at its default bound.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createPki, type Pki } from '../../emulator/attestation/pki.js';
import { DEFAULT_EPOCH } from '../../emulator/attestation/world.js';
import { DEFAULT_SCENARIO } from '../../model/attestation/attack-scenario.js';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { searchProtocol } from '../../proofs/attacker-search/search.js';
import { EXPECTED_VIOLATIONS, fixture, fixtureNames } from '../attestation/helpers.js';
import { attackConcretely } from './attestation-harness.js';

const DESIGNS: [string, ProtocolDesign][] = [['the built-in design', builtinProtocol()], ...fixtureNames().map((n): [string, ProtocolDesign] => [n, fixture(n)])];
/** Sessions the search is given: enough for every behaviour of the concrete catalogue. */
const SESSIONS = 2;

describe('what the emulated attestation parties accept, against what the symbolic search says', () => {
  let pki: Pki;
  beforeAll(async () => {
    pki = await createPki(DEFAULT_EPOCH);
  });

  it.each(DESIGNS)('%s: no goal the emulated parties are made to break is one the search says holds', async (name, design) => {
    const concrete = await attackConcretely(design, DEFAULT_SCENARIO, pki);
    expect(concrete.behaviours).toBeGreaterThan(40);
    const search = searchProtocol(design, { scenario: DEFAULT_SCENARIO, bound: { sessions: SESSIONS } });
    const reported = new Set<string>(search.violations.map((v) => v.property));
    const saidToHold = concrete.forbidden.flatMap((f) => (search.incomplete ? [] : f.goals.filter((g) => !reported.has(g)).map((g) => `${g} (search: holds) — concretely: ${f.behaviour}`)));
    expect(saidToHold).toEqual([]);
    // Not vacuous: on every fixture flawed under the search, the concrete attacker breaks a goal the fixture is known for.
    const known = EXPECTED_VIOLATIONS[name];
    if (known) expect(concrete.forbidden.flatMap((f) => f.goals).filter((g) => known.includes(g)), `${name}: the concrete attacker broke nothing it is known for`).not.toEqual([]);
  }, 120_000);
});

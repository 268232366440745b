/**
 * What a relying party's status check (deviceCertificate.revocation "status-check") does when the security service
 * does not answer (deviceCertificate.statusUnreachable), read four times: the rule (model/attestation/status-check.ts
 * statusCheckGap), the emulated cloud service (emulator/attestation/cloud-service.ts, whose status query an attacker
 * on the path drops: statusReachable), the attacker search (proofs/attacker-search/model.ts hubOnClientFinish) and
 * the freshness review against the profile (properties/certificate-authentication/freshness.ts). Before s36 a design
 * could not say the check fails open, and every reading took it to fail closed: ten-year certificates with a
 * soft-failing status check held.
 *
 * On designs with long-lived certificates and a status check, each with statusUnreachable "reject", "accept" and
 * unset: a device attested in period 0 runs downgraded software in period 1 and connects with the certificate it
 * holds while the attacker drops the status query. The emulated cloud accepting it, the search's untrusted-software
 * and the profile's max-certificate-lifetime failing must each be exactly where the rule flags the design. With the
 * query answered the cloud refuses that device on every design, and takes a device attested this period, so a cloud
 * that refuses (or accepts) everything does not pass.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createPki, type Pki } from '../../emulator/attestation/pki.js';
import { AttestationWorld, DEFAULT_EPOCH } from '../../emulator/attestation/world.js';
import { DEFAULT_SCENARIO } from '../../model/attestation/attack-scenario.js';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { statusCheckGap } from '../../model/attestation/status-check.js';
import { searchProtocol } from '../../proofs/attacker-search/search.js';
import { MAX_CERTIFICATE_LIFETIME, reviewFreshness } from '../../properties/certificate-authentication/freshness.js';
import { fixture } from '../attestation/helpers.js';
import { builtinProfile } from '../helpers/check-context.js';

type Unreachable = 'reject' | 'accept' | undefined;

const withAnswer = (design: ProtocolDesign, answer: Unreachable): ProtocolDesign => {
  const copy = structuredClone(design);
  if (answer === undefined) delete copy.deviceCertificate.statusUnreachable;
  else copy.deviceCertificate.statusUnreachable = answer;
  return copy;
};

const yearlyBuiltin = (): ProtocolDesign => {
  const d = structuredClone(builtinProtocol());
  d.deviceCertificate = { ...d.deviceCertificate, lifetimeHours: 8760, revocation: 'status-check' };
  return d;
};

const BASES: [string, ProtocolDesign][] = [
  ['ten-year-with-status-check', fixture('ten-year-with-status-check')],
  ['the built-in design with one-year certificates and a status check', yearlyBuiltin()],
];
const CASES: [string, ProtocolDesign][] = BASES.flatMap(([name, d]) => (['reject', 'accept', undefined] as Unreachable[]).map((a): [string, ProtocolDesign] => [`${name}, statusUnreachable ${a ?? 'unset'}`, withAnswer(d, a)]));

describe("a status check that gets no answer: the rule, the emulated cloud, the search and the freshness review", () => {
  let pki: Pki;
  beforeAll(async () => {
    pki = await createPki(DEFAULT_EPOCH);
  });

  it('plays each answer on each base', () => {
    expect(CASES.filter(([, d]) => statusCheckGap(d)).length).toBe(BASES.length);
  });

  it.each(CASES)('%s: a downgraded device is accepted with its old certificate exactly where the rule flags the design', async (_, design) => {
    const flagged = statusCheckGap(design) !== undefined;
    const world = await AttestationWorld.create(design, { devices: [{ id: 'd1', software: ['good', 'good'] }, { id: 'd2', software: ['good', 'downgraded'] }], pki, seed: 36 });
    for (const d of ['d1', 'd2']) expect((await world.attest(d)).ok).toBe(true);
    world.setPeriod(1);
    expect((await world.attest('d1')).ok, 'd1 attests again in period 1').toBe(true);
    // Not vacuous: with the query answered, the downgraded device is refused and the attested one taken.
    expect((await world.connect('d2')).ok, 'status answered: the downgraded device').toBe(false);
    expect((await world.connect('d1')).ok, 'status answered: the device attested this period').toBe(true);
    world.cloud.statusReachable = false;
    const emulated = (await world.connect('d2')).ok;
    expect(emulated, `emulated cloud ${emulated ? 'took' : 'refused'} the downgraded device with the status query dropped; the rule ${flagged ? 'flags' : 'does not flag'} the design`).toBe(flagged);

    const search = searchProtocol(design, { scenario: DEFAULT_SCENARIO, bound: { sessions: 2 } });
    expect(search.incomplete).toBeUndefined();
    expect(search.violations.map((v) => v.property).includes('untrusted-software'), `search: ${search.violations.map((v) => v.property).join(', ') || 'holds'}`).toBe(flagged);

    const freshness = reviewFreshness(design, builtinProfile());
    expect(freshness.findings.some((f) => f.requirement === MAX_CERTIFICATE_LIFETIME), freshness.lines.join('\n')).toBe(flagged);
  }, 120_000);
});

/**
 * The security service verifies a quote against the nonce it SENT in that session, never against the
 * nonce the quote returns; a design that says otherwise (nonceCheck "quote-nonce") is caught by the
 * search, concretely, and the evidence says which check the design makes.
 */
import { describe, expect, it } from 'vitest';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { decodeAs, encodeMessage } from '../../formats/attestation/messages.js';
import { AttestationWorld } from '../../emulator/attestation/world.js';
import { verifyProtocol } from '../../proofs/attacker-search/search.js';
import { ProtocolModel, type Run } from '../../proofs/attacker-search/model.js';
import { DEFAULT_SCENARIO } from '../../model/attestation/attack-scenario.js';
import { cnst, nonce, pk, sig } from '../../proofs/attacker-search/terms.js';
import { describeQuoteCheck } from '../../properties/certificate-authentication/design-rules.js';
import { validateProtocolDesign } from '../../model/attestation/load-protocol.js';
import { fixture } from './helpers.js';

const devices = { devices: [{ id: 'd1', software: ['good', 'good'] }, { id: 'd2', software: ['good', 'downgraded'] }] as { id: string; software: ('good' | 'downgraded')[] }[] };

/** d's quote answering one challenge, then delivered to a second session of the service (later, if `later`). */
async function quoteToAnotherSession(design: ProtocolDesign, d: string, later: boolean) {
  const w = await AttestationWorld.create(design, devices);
  w.setPeriod(0);
  const device = w.device(d).device;
  const first = device.startAttestation();
  const challenge = await w.service.handle(first.hello);
  const quote = await first.run.receive(challenge.reply!);
  if (later) w.setPeriod(1);
  const second = device.startAttestation();
  const challenge2 = await w.service.handle(second.hello);
  const session2 = decodeAs(challenge2.reply!, 'challenge');
  const old = decodeAs(quote.reply!, 'quote');
  if (!session2.ok || !old.ok) throw new Error('honest messages do not decode');
  const step = await w.service.handle(encodeMessage({ ...old.value, session: session2.value.session }));
  return { step, world: w };
}

describe('the quote is verified against the nonce the service sent', () => {
  it('the security service refuses a quote that answers another session’s nonce', async () => {
    const { step } = await quoteToAnotherSession(builtinProtocol(), 'd1', false);
    expect(step.accepted).toBe(false);
    if (!step.accepted) expect(step.reason).toBe("the quote does not answer this session's nonce");
  });

  it('a downgraded device cannot reuse its last good quote the next day', async () => {
    const { step, world } = await quoteToAnotherSession(builtinProtocol(), 'd2', true);
    expect(step.accepted).toBe(false);
    expect(world.service.issued).toEqual([]);
  });

  it('a verifier that trusts the quote’s own nonce accepts it, and certifies the downgraded device (the flaw, concretely)', async () => {
    const design = fixture('verifier-trusts-quote-nonce');
    expect((await quoteToAnotherSession(design, 'd1', false)).step.accepted).toBe(true);
    const { step, world } = await quoteToAnotherSession(design, 'd2', true);
    expect(step.accepted).toBe(true);
    expect(world.service.issued.map((i) => i.period)).toEqual([1]);
  });

  it('the symbolic security service refuses a quote signed over a nonce other than the one its session sent', () => {
    const quoteOverOldNonce = (design: ProtocolDesign) => {
      const model = new ProtocolModel(design, DEFAULT_SCENARIO);
      const state = model.initial();
      const run: Run = { id: 'service.d1.p0.0', role: 'service', agent: 'd1', period: 0, pc: 1, vars: { n: nonce('n.service.d1.p0.0') } };
      const values = { deviceId: cnst('d1'), nonce: nonce('n.prefix.d1'), measurements: cnst('m-good'), clientKey: pk(model.ck('d1')) };
      return model.accept(state, run, model.quoteMessage(values, sig(model.ik('d1'), model.quoteTbs(values))));
    };
    expect(quoteOverOldNonce(builtinProtocol())).toBeUndefined();
    expect(quoteOverOldNonce(fixture('verifier-trusts-quote-nonce'))).toBeDefined();
  });

  it('the symbolic service checks the same: the built-in design holds, the quote-nonce variant is violated', () => {
    expect(verifyProtocol(builtinProtocol(), { bound: { sessions: 2 } }).verdict).toBe('holds');
    const r = verifyProtocol(fixture('verifier-trusts-quote-nonce'), { bound: { sessions: 2 } });
    expect(r.violations.map((v) => v.property)).toEqual(expect.arrayContaining(['freshness', 'untrusted-software']));
  });

  it('the evidence says which nonce the quote is verified over, and claims no freshness a design lacks', () => {
    expect(describeQuoteCheck(builtinProtocol())).toMatch(/fresh 32-byte nonce per session and verifies the quote over the nonce it sent$/);
    expect(describeQuoteCheck(fixture('verifier-trusts-quote-nonce'))).toMatch(/over the nonce the quote carries, not the one it sent: an old quote still verifies/);
    expect(describeQuoteCheck(fixture('no-nonce'))).toMatch(/no nonce: nothing makes a quote fresh/);
    expect(describeQuoteCheck(fixture('nonce-not-signed'))).toMatch(/the signature does not cover the nonce/);
    for (const name of ['verifier-trusts-quote-nonce', 'no-nonce']) expect(describeQuoteCheck(fixture(name))).not.toMatch(/verifies the quote over the nonce it sent/);
  });

  it('a design with a service nonce must say which nonce the service checks: an unstated check is an input error, never read as the safe one', () => {
    const unstated = structuredClone(builtinProtocol());
    delete unstated.attestation.nonceCheck;
    expect(validateProtocolDesign(unstated).join('\n')).toMatch(/^\/attestation: the nonce policy is "service-nonce" but "nonceCheck" does not say which nonce the security service verifies the quote over/m);
    // Past the loader (a design built in code), the readers refuse to guess either.
    expect(() => describeQuoteCheck(unstated)).toThrow(/does not state \/attestation\/nonceCheck/);
    expect(validateProtocolDesign(builtinProtocol())).toEqual([]);
  });

  it('nonceCheck needs a nonce policy that sends one', () => {
    const base = structuredClone(fixture('no-nonce'));
    base.attestation.nonceCheck = 'quote-nonce';
    expect(validateProtocolDesign(base).join('\n')).toMatch(/"nonceCheck" .* but the nonce policy is "none"/);
  });
});

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import { decodeAs, encodeMessage, quoteTbs } from '../../formats/attestation/messages.js';
import { AttestationWorld, MEASUREMENTS } from '../../emulator/attestation/world.js';
import { QuoteRefused } from '../../emulator/boot/index.js';
import { checkHostileInput, hostileInputArbitrary, makeRobustnessBench, type RobustnessBench } from '../../properties/certificate-authentication/robustness.js';
import { fixture } from './helpers.js';

const twoDevices = { devices: [{ id: 'd1', software: ['good', 'good'] as const }, { id: 'd2', software: ['good', 'downgraded'] as const }].map((d) => ({ id: d.id, software: [...d.software] })) };

describe('the concrete parties', () => {
  it('an honest device attests, gets a 24-hour certificate chained to the tenant CA, and connects with a shared session key', async () => {
    const w = await AttestationWorld.create(builtinProtocol(), twoDevices);
    w.setPeriod(0);
    const a = await w.attest('d1');
    expect(a).toMatchObject({ ok: true });
    const cert = w.device('d1').device.certificates[0]!;
    expect(cert.leaf.issuer).toBe(w.pki.tenantCa.name);
    expect(cert.leaf.notAfter.getTime() - cert.leaf.notBefore.getTime()).toBe(24 * 3_600_000 - 1000);
    expect(cert.leaf.commonName).toBe(w.deviceIdOf('d1'));
    const c = await w.connect('d1');
    expect(c.ok).toBe(true);
    expect(Buffer.from(c.run!.sessionKey!).equals(Buffer.from(w.cloud.accepted[0]!.sessionKey))).toBe(true);
    expect(w.cloud.accepted[0]!.deviceId).toBe(w.deviceIdOf('d1'));
  });

  it('the next day the certificate has expired, and a downgraded device gets no new one', async () => {
    const w = await AttestationWorld.create(builtinProtocol(), twoDevices);
    w.setPeriod(0);
    expect((await w.attest('d2')).ok).toBe(true);
    w.setPeriod(1);
    expect((await w.connect('d2')).reason).toMatch(/expired/);
    expect((await w.attest('d2')).reason).toMatch(/not known-good/);
    expect((await w.attest('d1')).ok).toBe(true);
  });

  it('a replayed quote is refused: the session is used up', async () => {
    const w = await AttestationWorld.create(builtinProtocol());
    w.setPeriod(0);
    const a = await w.attest('d1');
    const again = await w.service.handle(a.transcript[2]!);
    expect(again.accepted).toBe(false);
  });

  it('an unregistered device gets no challenge', async () => {
    const w = await AttestationWorld.create(builtinProtocol(), { devices: [{ id: 'd1', software: ['good'] }], unregistered: ['d1'] });
    expect((await w.attest('d1')).reason).toBe('unknown device');
  });

  it('with a ten-year certificate the downgraded device still connects the next day (the flaw, concretely)', async () => {
    const w = await AttestationWorld.create(fixture('ten-year-certificate'), twoDevices);
    w.setPeriod(0);
    await w.attest('d2');
    w.setPeriod(1);
    expect((await w.connect('d2')).ok).toBe(true);
  });

  it('with a status check the long-lived certificate needs an attestation in the current period', async () => {
    const w = await AttestationWorld.create(fixture('ten-year-with-status-check'), twoDevices);
    w.setPeriod(0);
    await w.attest('d1');
    await w.attest('d2');
    expect((await w.connect('d2')).ok).toBe(true);
    w.setPeriod(1);
    expect((await w.connect('d2')).reason).toMatch(/no attestation of this device in this period/);
    expect((await w.attest('d1')).ok).toBe(true);
    expect((await w.connect('d1')).ok).toBe(true);
  });

  it('Pluton signs only quotes about itself', async () => {
    const w = await AttestationWorld.create(builtinProtocol(), { devices: [{ id: 'd1', software: ['downgraded'] }] });
    const d = w.device('d1').device;
    const sign = (tbs: Uint8Array) => d.pluton.quote(tbs, d.requester);
    const own = { deviceId: d.deviceId, nonce: new Uint8Array(32), measurements: d.pluton.measurements(d.requester), clientKey: d.clientPublicKey() };
    expect(own.measurements).toEqual(MEASUREMENTS.downgraded);
    expect(sign(quoteTbs(builtinProtocol(), own))).toHaveLength(64);
    expect(() => sign(quoteTbs(builtinProtocol(), { ...own, measurements: MEASUREMENTS.good }))).toThrow(QuoteRefused);
    expect(() => sign(quoteTbs(builtinProtocol(), { ...own, deviceId: new Uint8Array(64) }))).toThrow(/another device/);
    expect(() => sign(quoteTbs(builtinProtocol(), { ...own, clientKey: w.device('d1').device.identityPublicKey }))).toThrow(/client key Pluton does not hold/);
    expect(() => sign(encodeMessage({ type: 'hello', deviceId: new Uint8Array(64) }))).toThrow(/not a quote body/);
  });

  it('the cloud refuses a certificate from another tenant, and the device refuses a server outside its root store', async () => {
    const w = await AttestationWorld.create(builtinProtocol());
    w.setPeriod(0);
    await w.attest('d1');
    const dev = w.device('d1').device;
    const started = dev.startConnection()!;
    const hello = await w.cloud.handle(started.clientHello);
    const sh = decodeAs(hello.reply!, 'server-hello');
    if (!sh.ok) throw new Error(sh.reason);
    // The device's own certificate as the server's: wrong usage, not from the root.
    const forged = encodeMessage({ ...sh.value, chain: dev.certificates[0]!.chain });
    const before = started.run.snapshot();
    const r = await started.run.receive(forged);
    expect(r.accepted).toBe(false);
    expect(started.run.snapshot()).toBe(before);
  });
});

describe('hostile input to every party', () => {
  let bench: RobustnessBench;
  beforeAll(async () => {
    bench = await makeRobustnessBench(builtinProtocol());
  });

  it('no receive throws, and every rejection leaves the state unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(hostileInputArbitrary(), async (h) => {
        await checkHostileInput(h, bench);
      }),
      { numRuns: 400, seed: 11 },
    );
  });

  it('the honest messages themselves are accepted (the bench is live)', async () => {
    const fresh = await makeRobustnessBench(builtinProtocol());
    const step = await fresh.deliver['device-connection'](fresh.honest['device-connection'][0]!);
    expect(step.accepted).toBe(true);
  });
});

/**
 * One Pluton and one quote format. A device the boot emulator provisioned and booted from the platform
 * design attests to the attestation emulator's security service with that same Pluton: its quote, in
 * the quote format of formats/attestation/messages.ts, over the registers the boot chain measured, is
 * accepted and certified, and the hardware-root-of-trust property's own check of a quote
 * (quote-exchange.ts serviceAccepts) accepts the very quote the attestation party sent. If attestation
 * went back to a Pluton of its own, or either side to a quote format of its own, these would fail.
 */
import { describe, expect, it } from 'vitest';
import { AttestingDevice } from '../../emulator/attestation/attesting-device.js';
import { Clock, type Step } from '../../emulator/attestation/common.js';
import { CLOUD_DNS, createPki, SERVICE_DNS } from '../../emulator/attestation/pki.js';
import { SecurityService } from '../../emulator/attestation/security-service.js';
import { DEFAULT_EPOCH } from '../../emulator/attestation/world.js';
import { BootLab, NodeP256Verifier, type BootRun } from '../../emulator/boot/index.js';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import { decodeAs } from '../../formats/attestation/messages.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import { registeredIdentityKey } from '../../properties/hardware-root-of-trust/identity-key.js';
import { expectedMeasurements, serviceAccepts } from '../../properties/hardware-root-of-trust/quote-exchange.js';

const design = loadPlatform(builtinPlatformFile()).design!;
const protocol = builtinProtocol();

/** The security service of the vendor that provisioned `lab`: the factory's registration, the genuine chain's measurements as known-good. */
async function attestBootedDevice(lab: BootLab, run: BootRun) {
  const clock = new Clock(new Date(DEFAULT_EPOCH.getTime() + 3_600_000), DEFAULT_EPOCH);
  const pki = await createPki(DEFAULT_EPOCH);
  const device = new AttestingDevice(protocol, run.device.pluton, { root: pki.root.parsed, serviceName: SERVICE_DNS, cloudName: CLOUD_DNS }, clock);
  const registered = registeredIdentityKey(lab.factoryDevice)!;
  const service = new SecurityService(protocol, pki, new Map([[device.deviceIdHex, registered]]), [expectedMeasurements({ lab })], clock);
  const { run: attestation, hello } = device.startAttestation();
  const transcript: Uint8Array[] = [hello];
  const steps: ((m: Uint8Array) => Promise<Step>)[] = [(m) => service.handle(m), (m) => attestation.receive(m), (m) => service.handle(m), (m) => attestation.receive(m)];
  let message = hello;
  for (const step of steps) {
    const r = await step(message);
    if (!r.accepted) return { ok: false as const, reason: r.reason, transcript, device, registered };
    if (!r.reply) break;
    transcript.push((message = r.reply));
  }
  return { ok: true as const, transcript, device, registered };
}

describe('one Pluton serves the boot chain and attestation, in one quote format', () => {
  it('a device booted by the boot emulator attests with its Pluton: the security service verifies its quote and certifies it', async () => {
    const lab = await BootLab.open(design, { seed: 17 });
    const run = lab.boot(new NodeP256Verifier());
    expect(run.trace.outcome).toBe('booted');
    const result = await attestBootedDevice(lab, run);
    expect(result).toMatchObject({ ok: true });
    expect(result.device.certificates).toHaveLength(1);
    // The attestation client's requests crossed the booted device's own Pluton mailbox.
    expect(run.device.bus.events.some((e) => e.channel === 'pluton-mailbox' && e.label === 'quote signature' && e.to === 'attestation-client')).toBe(true);

    // The hardware-root-of-trust check reads the same quote the same way.
    const challenge = decodeAs(result.transcript[1]!, 'challenge');
    const quote = decodeAs(result.transcript[2]!, 'quote');
    if (!challenge.ok || !quote.ok) throw new Error('the transcript does not decode');
    const verifier = new NodeP256Verifier();
    expect(serviceAccepts(verifier, result.registered, challenge.value.nonce!, { measurements: quote.value.measurements!, clientKey: quote.value.clientKey! }, quote.value.signature)).toBe(true);
    expect(serviceAccepts(verifier, result.registered, new Uint8Array(32), { measurements: quote.value.measurements!, clientKey: quote.value.clientKey! }, quote.value.signature)).toBe(false);
  });

  it('a device whose boot chain halted measured less than the genuine chain: the service refuses its quote', async () => {
    const lab = await BootLab.open(design, { seed: 17 });
    const run = lab.boot(new NodeP256Verifier(), { attack: lab.attacker.plan('tampered', 'nw-kernel') });
    expect(run.trace.outcome).not.toBe('booted');
    const result = await attestBootedDevice(lab, run);
    expect(result).toMatchObject({ ok: false, reason: 'the measurements are not known-good' });
  });
});

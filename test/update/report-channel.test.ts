/**
 * The report channel: model/update/report-channel.ts decides from the protocol design whether the device can
 * tell the security service's answer to an error-report upload from an on-path attacker's; the update
 * emulator's network path (emulator/update/network.ts) enforces it with its own reading. Before, the device
 * forgot whatever any answer acknowledged, and failure-reporting held under a device that trusts any server.
 */
import { describe, expect, it } from 'vitest';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import { reportChannel } from '../../model/update/report-channel.js';
import { connect, LAB_EPOCH, UpdateLab, type Interceptor } from '../../emulator/update/index.js';
import { defaultDesign, platform } from './helpers.js';

const FORGER: Interceptor = { name: 'forger', upload: () => ({ ok: true, value: { acknowledgedThrough: 0xffffffff } }) };

describe('the rule', () => {
  it('the built-in protocol authenticates the service: root store, and the service presents a certificate', () => {
    expect(reportChannel(builtinProtocol()).authenticated).toBe(true);
  });
  it('a device that accepts any server certificate, or a service with no certificate, does not; no connection to the service is unstated', () => {
    const anyCa = structuredClone(builtinProtocol());
    anyCa.device.serverTrustAnchors = 'any-ca';
    expect(reportChannel(anyCa)).toMatchObject({ authenticated: false, why: expect.stringMatching(/\/device\/serverTrustAnchors: the device accepts a server certificate from any-ca/) });
    const none = structuredClone(builtinProtocol());
    none.connections[0]!.server.credential = 'none';
    expect(reportChannel(none)).toMatchObject({ authenticated: false, why: expect.stringMatching(/the security service authenticates with none on daily-attestation/) });
    const cloudOnly = structuredClone(builtinProtocol());
    cloudOnly.connections = cloudOnly.connections.filter((c) => c.server.role !== 'security-service');
    expect(reportChannel(cloudOnly)).toMatchObject({ authenticated: false, unstated: true });
  });
  it('a device that checks the chain but not the host name does not (s36: it did); the check left out is unstated', () => {
    const unchecked = structuredClone(builtinProtocol());
    unchecked.device.serverNames = 'unchecked';
    expect(reportChannel(unchecked)).toMatchObject({ authenticated: false, why: expect.stringMatching(/^\/device\/serverNames: the device takes any server certificate/) });
    const unstated = structuredClone(builtinProtocol());
    delete unstated.device.serverNames;
    expect(reportChannel(unstated)).toMatchObject({ authenticated: false, unstated: true, why: expect.stringMatching(/^\/device\/serverNames: /) });
  });
});

describe('the emulator enforces it', () => {
  it.each([
    [true, 1],
    [false, 0],
  ])('reports authenticated %s: after a forged acknowledgement, %i event still pending', async (authenticated, pending) => {
    const lab = await UpdateLab.open(platform, defaultDesign(), { seed: 5, reportsAuthenticated: authenticated });
    lab.now = LAB_EPOCH;
    const device = lab.device();
    device.report(++lab.now, 'update-failure', 'lab: before the forgery');
    connect(device, lab.connection(FORGER, lab.newService()), ++lab.now, { check: false });
    expect(device.log!.pending().length).toBe(pending);
  });
});

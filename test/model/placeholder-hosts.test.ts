/**
 * The placeholder-host rule (model/isolation/placeholder-hosts.ts) and its two readers: lint's SF6008 warns about
 * every placeholder, and certificate-authentication decides a connection to a template placeholder `unknown`
 * whatever the product file states (device-certificate stated for "yourhostname.azure-devices.net" held).
 */
import { describe, expect, it } from 'vitest';
import { placeholderHost } from '../../model/isolation/placeholder-hosts.js';
import { classifyHost } from '../../model/lint/security/connections.js';

describe('placeholderHost', () => {
  it('names the hosts the samples leave for the maker to fill in', () => {
    for (const entry of ['yourhostname.azure-devices.net', '<IoT Hub Endpoint>', 'REPLACE_WITH_YOUR_HOST', 'your-dps.azure-devices-provisioning.net']) expect(placeholderHost(entry)?.kind, entry).toBe('template');
    for (const entry of ['api.example.com', 'server.test', 'hub.example.net.']) expect(placeholderHost(entry)?.kind, entry).toBe('reserved');
  });
  it('leaves real host names alone, including names that only contain a fill-in word', () => {
    for (const entry of ['contoso-telemetry.azure-devices.net', 'global.azure-devices-provisioning.net', 'yourls.org', 'enterprise.com', '192.168.35.1', '*.azure-devices.net']) expect(placeholderHost(entry), entry).toBeUndefined();
  });
  it('lint warns (SF6008) with the rule\'s own reason', () => {
    expect(classifyHost('<IoT Hub Endpoint>')).toEqual({ name: 'PlaceholderHost', message: placeholderHost('<IoT Hub Endpoint>')!.reason });
    expect(classifyHost('api.example.com')).toEqual({ name: 'PlaceholderHost', message: placeholderHost('api.example.com')!.reason });
  });
});

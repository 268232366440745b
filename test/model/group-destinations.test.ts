/**
 * The group-destination rule (model/isolation/group-destinations.ts) and its two readers: certificate-authentication
 * judges a connection to a broadcast or multicast group violated whatever the product file states (a certificate
 * stated for one held: the gallery's BalancingRobot sends telemetry to 255.255.255.255), and lint's SF6003 warns.
 */
import { describe, expect, it } from 'vitest';
import { groupDestination } from '../../model/isolation/group-destinations.js';
import { classifyHost } from '../../model/lint/security/connections.js';

describe('groupDestination', () => {
  it('names the limited broadcast address and IPv4 and IPv6 multicast groups, in any spelling of the address', () => {
    for (const entry of ['255.255.255.255', '224.0.0.251', '239.255.10.20', 'ff02::1', '[FF05::1:3]', '::ffff:255.255.255.255', '[::FFFF:239.1.2.3]']) expect(groupDestination(entry), entry).toBeDefined();
  });
  it('leaves one host alone: unicast addresses, a name that begins with a group address, a directed broadcast whose prefix is not stated', () => {
    for (const entry of ['192.168.35.1', '::ffff:192.168.1.1', '223.255.255.255', '240.0.0.1', '239.255.10.20.example.net', 'fe80::1', '2001:db8::ff', '10.0.0.255', 'global.azure-devices-provisioning.net', '*']) {
      expect(groupDestination(entry), entry).toBeUndefined();
    }
  });
  it('lint warns about every group the rule names (SF6003), with its description', () => {
    expect(classifyHost('ff02::1')).toEqual({ name: 'BroadcastConnection', message: `"ff02::1" is ${groupDestination('ff02::1')}` });
    expect(classifyHost('255.255.255.255')?.name).toBe('BroadcastConnection');
  });
});

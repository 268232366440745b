/**
 * Host names (formats/manifest/host-names.ts): the one key two spellings of a host share, and whether an
 * AllowedConnections entry names a host at all (certificate-authentication reads both to decide whether a connection
 * goes to an Azure IoT endpoint). app-connections.test.ts states the common spellings; this file states the edges
 * one character class and one length at a time, so that a loosened pattern fails here (mutation testing, s31).
 */
import { describe, expect, it } from 'vitest';
import { hostKey, isHostNameEntry } from '../../formats/manifest/host-names.js';

describe('host names: hostKey', () => {
  it('folds case, drops one root dot, maps IDNA full-width forms; keeps what is no name as written (lower case)', () => {
    expect(hostKey('Hub.Azure-Devices.Net.')).toBe('hub.azure-devices.net');
    expect(hostKey('hub.azure-devices.net')).toBe('hub.azure-devices.net');
    expect(hostKey('ＨＵＢ．example')).toBe('hub.example');
    // Only the last dot is the root's.
    expect(hostKey('hub.example..')).toBe('hub.example.');
    // Not a name: no IDNA mapping (the full-width letters stay), only lower case.
    expect(hostKey('ＨＵＢ．example/Path')).toBe('ｈｕｂ．example/path');
    // A name IDNA refuses (domainToASCII gives ''): kept as written.
    expect(hostKey('xn--a.Example')).toBe('xn--a.example');
  });
});

describe('host names: isHostNameEntry', () => {
  it('each character that ends a host in a URL or is no part of a name makes it no name', () => {
    for (const c of ['/', '\\', '?', '#', '@', ':', '[', ']', '%', ' ', '\t', '\u0001']) expect(isHostNameEntry(`hub${c}example.net`), JSON.stringify(c)).toBe(false);
  });

  it('labels: letters, digits, hyphens inside, underscores anywhere; one to 63 characters', () => {
    expect(isHostNameEntry('a.b')).toBe(true);
    expect(isHostNameEntry('_svc.example')).toBe(true);
    expect(isHostNameEntry('svc_.example')).toBe(true);
    expect(isHostNameEntry('a-b.example')).toBe(true);
    expect(isHostNameEntry('-ab.example')).toBe(false);
    expect(isHostNameEntry('ab-.example')).toBe(false);
    expect(isHostNameEntry('a!b.example')).toBe(false);
    expect(isHostNameEntry(`${'a'.repeat(63)}.example`)).toBe(true);
    expect(isHostNameEntry(`${'a'.repeat(64)}.example`)).toBe(false);
    expect(isHostNameEntry('.example')).toBe(false);
  });

  it('wildcards: "*" alone, or "*." before a name; a star elsewhere is no name', () => {
    expect(isHostNameEntry('*')).toBe(true);
    expect(isHostNameEntry('*.example.net')).toBe(true);
    expect(isHostNameEntry('a*.example.net')).toBe(false);
    expect(isHostNameEntry('example.*')).toBe(false);
    expect(isHostNameEntry('*example.net')).toBe(false);
  });

  it('at most 253 characters (after the root dot is dropped)', () => {
    const name = (length: number) => [...Array(Math.ceil(length / 10))].map(() => 'a'.repeat(9)).join('.').slice(0, length);
    expect(name(253)).toHaveLength(253);
    expect(isHostNameEntry(name(253))).toBe(true);
    expect(isHostNameEntry(`${name(253)}.`)).toBe(true);
    expect(isHostNameEntry(name(254).replace(/\.$/, 'a'))).toBe(false);
  });
});

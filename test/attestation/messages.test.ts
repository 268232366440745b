import fc from 'fast-check';
import { encode } from 'cborg';
import { describe, expect, it } from 'vitest';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import { decodeMessage, decodeQuoteTbs, encodeMessage, quoteTbs, type Message } from '../../formats/attestation/messages.js';
import { DerError, ecdsaDerToCompact, readDer, splitCertificate } from '../../formats/attestation/der.js';
import { parseCertificate } from '../../formats/attestation/certificates.js';

const bytes = (n: number, v = 7) => new Uint8Array(n).fill(v);
const point = () => Uint8Array.from([4, ...bytes(64, 9)]);

const SAMPLES: Message[] = [
  { type: 'hello', deviceId: bytes(64) },
  { type: 'challenge', session: bytes(16), nonce: bytes(32), chain: [bytes(300)], signature: bytes(64) },
  { type: 'quote', session: bytes(16), deviceId: bytes(64), nonce: bytes(32), measurements: bytes(32), clientKey: point(), signature: bytes(64) },
  { type: 'issued', session: bytes(16), chain: [bytes(400), bytes(350)] },
  { type: 'client-hello', share: point() },
  { type: 'server-hello', session: bytes(16), share: point(), chain: [bytes(400)], signature: bytes(64) },
  { type: 'client-finish', session: bytes(16), chain: [bytes(400), bytes(300)], signature: bytes(64) },
  { type: 'error', reason: 'no' },
];

describe('CBOR protocol messages', () => {
  it('round-trip every message type', () => {
    for (const m of SAMPLES) expect(decodeMessage(encodeMessage(m))).toEqual({ ok: true, value: m });
  });

  it('never throw on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (b) => {
        const d = decodeMessage(b);
        expect(typeof d.ok).toBe('boolean');
      }),
      { numRuns: 2000, seed: 5 },
    );
  });

  it('never throw on mutations of valid messages, and accept only well-formed ones', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SAMPLES), fc.nat(), fc.nat({ max: 255 }), fc.constantFrom('set', 'cut', 'insert'), (m, at, v, op) => {
        const b = encodeMessage(m);
        const i = at % b.length;
        const mutated = op === 'cut' ? b.slice(0, i) : op === 'insert' ? Uint8Array.from([...b.slice(0, i), v, ...b.slice(i)]) : Uint8Array.from(b.map((x, j) => (j === i ? v : x)));
        const d = decodeMessage(mutated);
        if (d.ok) expect(decodeMessage(encodeMessage(d.value))).toEqual(d); // whatever is accepted is canonical and typed
      }),
      { numRuns: 2000, seed: 6 },
    );
  });

  it('never throw on deep nesting or huge declared lengths', () => {
    expect(decodeMessage(new Uint8Array(16 * 1024).fill(0x81)).ok).toBe(false);
    expect(decodeMessage(Uint8Array.from([0xa1, 0x61, 0x74, 0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])).ok).toBe(false);
    expect(decodeMessage(new Uint8Array(20_000)).ok).toBe(false);
  });

  it('refuse non-canonical, duplicated, indefinite, tagged, unknown and mistyped input', () => {
    const good = { t: 'hello', v: 1, deviceId: bytes(64) };
    const reject = (b: Uint8Array, why: RegExp) => {
      const d = decodeMessage(b);
      expect(d.ok).toBe(false);
      if (!d.ok) expect(d.reason).toMatch(why);
    };
    reject(encode({ ...good, extra: 1 }), /unknown field "extra"/);
    reject(encode({ ...good, deviceId: bytes(63) }), /expected 64 bytes/);
    reject(encode({ ...good, v: 2 }), /version/);
    reject(encode({ t: 'nope', v: 1 }), /unknown message type/);
    reject(encode({ t: 'hello', v: 1 }), /has no "deviceId"/);
    reject(encode([1, 2]), /CBOR map/);
    reject(Uint8Array.from([0xa2, 0x61, 0x74, 0x61, 0x61, 0x61, 0x74, 0x61, 0x62]), /repeat map key|duplicate/i);
    reject(Uint8Array.from([0xbf, 0x61, 0x74, 0x61, 0x61, 0xff]), /indefinite|CBOR map/);
    reject(Uint8Array.from([0xa1, 0x61, 0x76, 0x18, 0x01]), /minimal|strict|not/i);
    reject(encode({ t: 'client-hello', v: 1, share: Uint8Array.from([2, ...bytes(64)]) }), /uncompressed/);
  });

  it('read quote bodies back, and refuse anything else', () => {
    const tbs = quoteTbs(builtinProtocol(), { deviceId: bytes(64), nonce: bytes(32), measurements: bytes(32), clientKey: point() });
    const d = decodeQuoteTbs(tbs);
    expect(d.ok && Object.keys(d.value).sort()).toEqual(['clientKey', 'deviceId', 'measurements', 'nonce']);
    expect(decodeQuoteTbs(encodeMessage(SAMPLES[0]!)).ok).toBe(false);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), (b) => void decodeQuoteTbs(b)), { numRuns: 1000, seed: 7 });
  });
});

describe('DER helpers and certificate parsing', () => {
  it('never throw on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (b) => {
        try {
          readDer(b, 0);
        } catch (err) {
          expect(err).toBeInstanceOf(DerError);
        }
        splitCertificate(b);
        ecdsaDerToCompact(b);
        const p = parseCertificate(Uint8Array.from([0x30, 0x82, (b.length >> 8) & 0xff, b.length & 0xff, ...b]));
        expect(typeof p.ok).toBe('boolean');
      }),
      { numRuns: 1000, seed: 8 },
    );
  });
});

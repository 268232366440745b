import { createHash } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { AccessRules, BusLog, EFuses, HmacDrbg, NodeP256Verifier, Pluton, QuoteRefused } from '../../emulator/boot/index.js';
import { deviceIdOf, encodeQuoteBody, measurementsDigest } from '../../formats/attestation/messages.js';

const SEED = 20261121;
const make = () => {
  const bus = new BusLog();
  return { bus, pluton: Pluton.manufacture(SEED, ['pcr-boot', 'pcr-apps'], new EFuses(bus), bus) };
};
/** The identity secret derived independently of Pluton (white box: Pluton draws it first from its seeded RNG). */
const expectedSecret = () => p256.utils.randomSecretKey(new HmacDrbg(SEED, 'pluton hardware rng').generate(48));
const sha = (...parts: Uint8Array[]) => new Uint8Array(parts.reduce((h, p) => h.update(p), createHash('sha256')).digest());
/** The quote body a client builds from what Pluton tells it: its device ID, register digest and client key. */
const ownBody = (pluton: Pluton, nonce: Uint8Array) => encodeQuoteBody({ deviceId: deviceIdOf(pluton.getPublicKey('client')), nonce, measurements: pluton.measurements('client'), clientKey: pluton.clientPublicKey('client') });

describe('Pluton', () => {
  it('draws the identity key from its seeded RNG: the same seed gives the same key', () => {
    const { pluton } = make();
    expect(pluton.getPublicKey('test')).toEqual(p256.getPublicKey(expectedSecret(), false));
    expect(make().pluton.getPublicKey('test')).toEqual(pluton.getPublicKey('test'));
  });

  it('extend: register := SHA-256(register || digest), starting from zeros, order-sensitive', () => {
    const { pluton } = make();
    const a = sha(new TextEncoder().encode('a'));
    const b = sha(new TextEncoder().encode('b'));
    expect(pluton.readRegister('pcr-boot')).toEqual(new Uint8Array(32));
    pluton.extend('pcr-boot', a, 'rom');
    expect(pluton.readRegister('pcr-boot')).toEqual(sha(new Uint8Array(32), a));
    pluton.extend('pcr-boot', b, 'rom');
    expect(pluton.readRegister('pcr-boot')).toEqual(sha(sha(new Uint8Array(32), a), b));
    const other = make().pluton;
    other.extend('pcr-boot', b, 'rom');
    other.extend('pcr-boot', a, 'rom');
    expect(other.readRegister('pcr-boot')).not.toEqual(pluton.readRegister('pcr-boot'));
    expect(pluton.readRegister('pcr-apps')).toEqual(new Uint8Array(32));
    // extendSpelled extends the same way and answers the new value in hex (what a boot trace records).
    const spelled = make().pluton;
    expect(spelled.extendSpelled('pcr-boot', a, 'rom')).toBe(Buffer.from(sha(new Uint8Array(32), a)).toString('hex'));
    expect(spelled.extendSpelled('pcr-boot', b, 'rom')).toBe(Buffer.from(pluton.readRegister('pcr-boot')).toString('hex'));
    pluton.powerCycle();
    expect(pluton.readRegister('pcr-boot')).toEqual(new Uint8Array(32));
  });

  it('extend is remembered by the exact bytes: a digest changed in place, or a changed register, gets its own value', () => {
    // Pluton remembers SHA-256(register || digest) process-wide (emulator/boot/pluton.ts extensions).
    // A memo that answered by the array, or by the digest alone, would give the old value here.
    const digest = sha(new TextEncoder().encode('stage'));
    const first = make().pluton;
    expect(first.extend('pcr-boot', digest, 'rom')).toEqual(sha(new Uint8Array(32), digest));
    digest[31] = digest[31]! ^ 1;
    const second = make().pluton;
    expect(second.extend('pcr-boot', digest, 'rom')).toEqual(sha(new Uint8Array(32), digest));
    expect(second.readRegister('pcr-boot')).not.toEqual(first.readRegister('pcr-boot'));
    // Same digest, another register value before it.
    expect(second.extend('pcr-boot', digest, 'rom')).toEqual(sha(sha(new Uint8Array(32), digest), digest));
    // A caller changing what extend returned changes neither the register nor the next Pluton's answer.
    const returned = make().pluton.extend('pcr-boot', digest, 'rom');
    returned.fill(0);
    expect(make().pluton.extend('pcr-boot', digest, 'rom')).toEqual(sha(new Uint8Array(32), digest));
  });

  it('no method returns the identity secret, and nothing it puts on the bus contains it', () => {
    const { pluton, bus } = make();
    const secret = Buffer.from(expectedSecret());
    const outputs: unknown[] = [];
    // Every public method, called with plausible arguments: a new method must be added here.
    const calls: Record<string, () => unknown> = {
      getPublicKey: () => pluton.getPublicKey('probe'),
      random: () => pluton.random(4096, 'probe'),
      registerIds: () => pluton.registerIds(),
      readRegister: () => pluton.readRegister('pcr-boot'),
      extend: () => pluton.extend('pcr-boot', new Uint8Array(32).fill(7), 'probe'),
      extendSpelled: () => pluton.extendSpelled('pcr-boot', new Uint8Array(32).fill(8), 'probe'),
      powerCycle: () => pluton.powerCycle(),
      measurements: () => pluton.measurements('probe'),
      quote: () => pluton.quote(ownBody(pluton, new Uint8Array(32).fill(9)), 'probe'),
      quoteWith: () => pluton.quoteWith(ownBody(pluton, new Uint8Array(32).fill(8)), 'probe', pluton.keyAssets()[0]!),
      sealedPublicKey: () => pluton.sealedPublicKey(pluton.keyAssets()[0]!, 'probe'),
      // The identity key is sealed: Pluton releases a register, never it.
      release: () => [pluton.release(pluton.keyAssets()[0]!, 'probe'), pluton.release('pcr-boot', 'probe')],
      clientPublicKey: () => pluton.clientPublicKey('probe'),
      signWithClientKey: () => pluton.signWithClientKey(new Uint8Array(32), 'probe'),
      containsIdentitySecret: () => pluton.containsIdentitySecret(new Uint8Array(64)),
      containsKeySecret: () => pluton.containsKeySecret(new Uint8Array(64)),
      keyAssets: () => pluton.keyAssets(),
      // The identity key's asset id (the design's name for it), not the key.
      identityAssetId: () => pluton.identityAssetId,
      // No access rule: every software request for the key is refused.
      readKey: () => pluton.readKey(pluton.keyAssets()[0]!, 'probe'),
      useKey: () => pluton.useKey(pluton.keyAssets()[0]!, new Uint8Array(32), 'probe'),
      writeKey: () => pluton.writeKey(pluton.keyAssets()[0]!, new Uint8Array(32).fill(5), 'probe'),
      clone: () => pluton.clone(new EFuses(new BusLog()), new BusLog()),
    };
    const methods = Object.getOwnPropertyNames(Pluton.prototype).filter((m) => m !== 'constructor');
    expect(methods.sort()).toEqual(Object.keys(calls).sort());
    for (const call of Object.values(calls)) outputs.push(call());
    const leaks = (value: unknown): boolean => {
      if (value instanceof Uint8Array) return Buffer.from(value).includes(secret) || Buffer.from(value).toString('hex').includes(secret.toString('hex'));
      if (Array.isArray(value)) return value.some(leaks);
      if (value && typeof value === 'object') return Object.values(value).some(leaks);
      if (typeof value === 'string') return value.includes(secret.toString('hex'));
      return false;
    };
    expect(outputs.some(leaks)).toBe(false);
    expect(bus.events.some((e) => leaks(e.bytes))).toBe(false);
    expect(JSON.stringify(Object.entries(pluton))).not.toContain(secret.toString('hex'));
  });

  it('grants software exactly the rights the design gives, on exactly the key named', () => {
    const bus = new BusLog();
    const access = new AccessRules({ access: [{ component: 'hl-app', asset: 'identity', rights: ['use'] }, { component: 'nw-kernel', asset: 'identity', rights: ['read', 'write'] }] });
    const pluton = Pluton.manufacture(SEED, ['pcr-boot'], new EFuses(bus), bus, { identityAsset: 'identity', otherKeyAssets: ['tenant-keys'], access });
    const registered = pluton.getPublicKey('factory');
    const secret = Buffer.from(expectedSecret());
    expect(pluton.keyAssets()).toEqual(['identity', 'tenant-keys']);
    // hl-app may use, not read or write; and nothing on tenant-keys.
    expect(pluton.readKey('identity', 'hl-app').granted).toBe(false);
    expect(pluton.writeKey('identity', new Uint8Array(32).fill(5), 'hl-app').granted).toBe(false);
    expect(pluton.useKey('tenant-keys', new Uint8Array(1), 'hl-app').granted).toBe(false);
    expect(bus.events.some((e) => Buffer.from(e.bytes).includes(secret))).toBe(false);
    const message = new TextEncoder().encode('any message hl-app likes');
    const used = pluton.useKey('identity', message, 'hl-app');
    expect(used.granted && new NodeP256Verifier().verify(message, used.value, registered)).toBe(true);
    // nw-kernel may read: the secret crosses the mailbox, and the leak detector sees it there.
    const read = pluton.readKey('identity', 'nw-kernel');
    expect(read.granted && Buffer.from(read.value).equals(secret)).toBe(true);
    expect(bus.events.some((e) => pluton.containsIdentitySecret(e.bytes))).toBe(true);
    // ... and write: the quote is then signed by the key it wrote, not the one registered.
    const attackerSecret = p256.utils.randomSecretKey(new HmacDrbg(1, 'attacker').generate(48));
    expect(pluton.writeKey('identity', attackerSecret, 'nw-kernel').granted).toBe(true);
    const body = ownBody(pluton, new Uint8Array(32));
    const signature = pluton.quote(body, 'client');
    expect(new NodeP256Verifier().verify(body, signature, registered)).toBe(false);
    expect(new NodeP256Verifier().verify(body, signature, p256.getPublicKey(attackerSecret, false))).toBe(true);
  });

  it('draws one identity key per chip, unless the factory injects one', () => {
    const key = (serial: number, injectedIdentity?: Uint8Array) => {
      const bus = new BusLog();
      return Buffer.from(Pluton.manufacture(SEED, [], new EFuses(bus), bus, { serial, ...(injectedIdentity ? { injectedIdentity } : {}) }).getPublicKey('t')).toString('hex');
    };
    expect(key(0)).toBe(Buffer.from(p256.getPublicKey(expectedSecret(), false)).toString('hex'));
    expect(new Set([key(0), key(1), key(2)]).size).toBe(3);
    const injected = p256.utils.randomSecretKey(new HmacDrbg(1, 'factory').generate(48));
    expect(key(0, injected)).toBe(key(1, injected));
    expect(key(1, injected)).toBe(Buffer.from(p256.getPublicKey(injected, false)).toString('hex'));
  });

  it('its leak detector finds the secret in any spelling, and only the secret', () => {
    const { pluton } = make();
    const secret = Buffer.from(expectedSecret());
    const inside = (text: Buffer) => Buffer.concat([Buffer.from('prefix '), text, Buffer.from(' suffix')]);
    expect(pluton.containsIdentitySecret(inside(secret))).toBe(true);
    expect(pluton.containsIdentitySecret(inside(Buffer.from(secret).reverse()))).toBe(true);
    expect(pluton.containsIdentitySecret(inside(Buffer.from(secret.toString('hex').toUpperCase())))).toBe(true);
    expect(pluton.containsIdentitySecret(inside(Buffer.from(secret.toString('base64'))))).toBe(true);
    const almost = Buffer.from(secret);
    almost[31]! ^= 1;
    expect(pluton.containsIdentitySecret(inside(almost))).toBe(false);
  });

  it('its leak detector answers a large value by its own secrets, however often the value was scanned before', () => {
    const { pluton } = make();
    const secret = Buffer.from(expectedSecret());
    // Values long enough to be remembered: the same bytes, asked of this chip, its clone and a chip of another seed.
    const image = Buffer.concat([Buffer.alloc(3000, 7), secret, Buffer.alloc(100, 9)]);
    const clean = Buffer.alloc(image.length, 7);
    const otherBus = new BusLog();
    const other = Pluton.manufacture(SEED + 1, ['pcr-boot'], new EFuses(otherBus), otherBus);
    for (let round = 0; round < 2; round++) {
      expect(pluton.containsIdentitySecret(image), `round ${round}`).toBe(true);
      expect(pluton.clone(new EFuses(otherBus), otherBus).containsIdentitySecret(image)).toBe(true);
      // Another chip's secrets are another question: the same bytes hold none of its keys.
      expect(other.containsIdentitySecret(image)).toBe(false);
      expect(other.containsKeySecret(image)).toBeUndefined();
      expect(pluton.containsIdentitySecret(clean)).toBe(false);
    }
    // The same buffer with the secret overwritten in place is scanned afresh.
    const reused = Buffer.from(image);
    expect(pluton.containsIdentitySecret(reused)).toBe(true);
    reused.fill(7, 3000, 3032);
    expect(pluton.containsIdentitySecret(reused)).toBe(false);
    // And a value carrying the other chip's secret is found by that chip only.
    const otherSecret = Buffer.from(p256.utils.randomSecretKey(new HmacDrbg(SEED + 1, 'pluton hardware rng').generate(48)));
    const otherImage = Buffer.concat([Buffer.alloc(3000, 7), otherSecret, Buffer.alloc(100, 9)]);
    expect(other.containsIdentitySecret(otherImage)).toBe(true);
    expect(pluton.containsIdentitySecret(otherImage)).toBe(false);
  });

  it('a quote verifies under the identity public key and binds the nonce and the registers', () => {
    const { pluton } = make();
    pluton.extend('pcr-boot', new Uint8Array(32).fill(1), 'rom');
    const nonce = new Uint8Array(32).fill(3);
    const body = ownBody(pluton, nonce);
    const signature = pluton.quote(body, 'client');
    const verifier = new NodeP256Verifier();
    const key = pluton.getPublicKey('service');
    const registers = pluton.registerIds().map((id) => ({ id, value: pluton.readRegister(id) }));
    const expected = (nonce: Uint8Array, registers: { id: string; value: Uint8Array }[]) => encodeQuoteBody({ deviceId: deviceIdOf(key), nonce, measurements: measurementsDigest(registers), clientKey: pluton.clientPublicKey('service') });
    expect(verifier.verify(expected(nonce, registers), signature, key)).toBe(true);
    expect(verifier.verify(expected(new Uint8Array(32), registers), signature, key)).toBe(false);
    const forged = registers.map((r) => ({ ...r, value: new Uint8Array(32) }));
    expect(verifier.verify(expected(nonce, forged), signature, key)).toBe(false);
  });

  it('signs only quote bodies about itself: its device ID, the digest of its registers as they stand, its client key', () => {
    const { pluton, bus } = make();
    pluton.extend('pcr-boot', new Uint8Array(32).fill(1), 'rom');
    const body = ownBody(pluton, new Uint8Array(32));
    const claimedGood = encodeQuoteBody({ deviceId: deviceIdOf(pluton.getPublicKey('c')), nonce: new Uint8Array(32), measurements: measurementsDigest([{ id: 'pcr-boot', value: new Uint8Array(32) }, { id: 'pcr-apps', value: new Uint8Array(32) }]) });
    expect(() => pluton.quote(claimedGood, 'os')).toThrow(/measurements other than the registers hold/);
    expect(() => pluton.quote(encodeQuoteBody({ deviceId: new Uint8Array(64) }), 'os')).toThrow(QuoteRefused);
    expect(() => pluton.quote(encodeQuoteBody({ clientKey: pluton.getPublicKey('os') }), 'os')).toThrow(/client key Pluton does not hold/);
    expect(() => pluton.quote(new TextEncoder().encode('SVFQ any bytes'), 'os')).toThrow(/not a quote body/);
    // After the next boot step the registers moved on: the old body is no longer Pluton's own.
    expect(pluton.quote(body, 'client')).toHaveLength(64);
    pluton.extend('pcr-boot', new Uint8Array(32).fill(2), 'rom');
    expect(() => pluton.quote(body, 'client')).toThrow(/measurements other than the registers hold/);
    expect(bus.events.filter((e) => e.label.startsWith('quote refused')).length).toBe(5);
  });

  it('the RNG is a reproducible stream; a clone continues it independently', () => {
    const a = new HmacDrbg(1, 'x');
    const b = new HmacDrbg(1, 'x');
    expect(a.generate(100)).toEqual(b.generate(100));
    const c = a.clone();
    expect(c.generate(50)).toEqual(a.generate(50));
    expect(new HmacDrbg(2, 'x').generate(32)).not.toEqual(new HmacDrbg(1, 'x').generate(32));
    expect(new HmacDrbg(1, 'y').generate(32)).not.toEqual(new HmacDrbg(1, 'x').generate(32));
  });
});

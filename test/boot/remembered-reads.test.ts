/**
 * A boot remembers what it read by the exact bytes (emulator/boot/bytes-memo.ts): parsed images,
 * manifests and key stores, image hashes, anchor key hashes and signature verdicts. Bytes changed in
 * place, in the very array a previous boot read, must be read and checked afresh: a memo that
 * answered by the array instead of its bytes would let a tampered image through (a false holds).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BootLab, imageSlot, KEY_STORE_SLOT, manifestSlot, NodeP256Verifier, type BootDevice } from '../../emulator/boot/index.js';
import { BytesMemo } from '../../emulator/boot/bytes-memo.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';

const design = loadPlatform(builtinPlatformFile()).design!;
let lab: BootLab;

beforeAll(async () => {
  lab = await BootLab.open(design, { seed: 5 });
});

/** A device whose `slot` holds its own copy of the bytes, so changing them in place touches no other device. */
function deviceWithOwnCopy(slot: string): { device: BootDevice; bytes: Uint8Array } {
  const device = lab.factoryDevice.clone();
  const bytes = new Uint8Array(device.flash.peek(slot)!); // a copy (a Buffer's slice() would share the factory's bytes)
  device.flash.write(slot, bytes, 'test');
  return { device, bytes };
}

describe('bytes changed in place after a boot are checked afresh by the next boot', () => {
  it.each([
    // Bytes in the middle, so length and ends stay as they were. A body byte: the signature no longer
    // verifies and the manifest's SHA-256 no longer matches.
    ['an image', imageSlot('nw-kernel'), 100, 'nw-kernel'],
    // A byte the firmware-signing manifest's signature covers.
    ['a boot manifest', manifestSlot('firmware-signing'), -100, 'pluton-runtime'],
    // A byte of the store, a signed image on the built-in design: its signature covers it, so every loader refuses the
    // store and the first checked stage halts.
    ['the key store', KEY_STORE_SLOT, -150, 'one-bl'],
  ])('%s', (_what, slot, offset, haltsAt) => {
    const { device, bytes } = deviceWithOwnCopy(slot);
    const verifier = new NodeP256Verifier();
    expect(lab.reboot(device, verifier, 'before the change').trace.outcome).toBe('booted');
    bytes[offset >= 0 ? offset : bytes.length + offset]! ^= 0x01;
    const after = lab.reboot(device, verifier, 'after the change').trace;
    expect(after.outcome).toBe('halted');
    expect(after.haltedAt).toBe(haltsAt);
  });
});

describe('BytesMemo', () => {
  it('computes once per distinct bytes, whatever array holds them, on a private copy (a Buffer too)', () => {
    const memo = new BytesMemo<number>();
    let computed = 0;
    const sum = (bytes: Uint8Array) => (computed++, bytes.reduce((a, b) => a + b, 0));
    const first = Uint8Array.of(1, 2, 3, 4, 5);
    expect(memo.get(first, sum)).toBe(15);
    expect(memo.get(Uint8Array.of(1, 2, 3, 4, 5), sum)).toBe(15);
    expect(computed).toBe(1);
    first[0] = 9; // same array, other bytes
    expect(memo.get(first, sum)).toBe(23);
    expect(memo.get(Uint8Array.of(1, 2, 3, 4, 5), sum)).toBe(15);
    expect(computed).toBe(2);
    const buffer = Buffer.from([7, 7, 7, 7, 7]);
    expect(memo.get(buffer, sum)).toBe(35);
    buffer[0] = 8;
    expect(memo.get(buffer, sum)).toBe(36);
    expect(memo.get(Buffer.from([7, 7, 7, 7, 7]), sum)).toBe(35);
    expect(computed).toBe(4);
  });

  it('tells inputs apart by every one of them, including where one ends and the next begins', () => {
    const memo = new BytesMemo<string>();
    const join = (inputs: readonly Uint8Array[]) => inputs.map((b) => b.join('.')).join('|');
    expect(memo.getOf([Uint8Array.of(1, 2), Uint8Array.of(3)], join)).toBe('1.2|3');
    expect(memo.getOf([Uint8Array.of(1), Uint8Array.of(2, 3)], join)).toBe('1|2.3');
    expect(memo.getOf([Uint8Array.of(1, 2), Uint8Array.of(4)], join)).toBe('1.2|4');
    expect(memo.size).toBe(3);
  });

  it('forgetValues: the same bytes are computed again once, still found byte for byte', () => {
    const memo = new BytesMemo<number>();
    let computed = 0;
    const sum = (bytes: Uint8Array) => (computed++, bytes.reduce((a, b) => a + b, 0));
    const bytes = Uint8Array.of(1, 2, 3);
    expect(memo.get(bytes, sum)).toBe(6);
    memo.forgetValues();
    expect(memo.get(Uint8Array.of(1, 2, 3), sum)).toBe(6);
    expect(memo.getOf([Uint8Array.of(1, 2, 3)], (own) => sum(own[0]!))).toBe(6);
    expect(computed).toBe(2);
    bytes[0] = 4; // other bytes in the same array: a new entry, not the forgotten one
    expect(memo.get(bytes, sum)).toBe(9);
    expect(computed).toBe(3);
    expect(memo.size).toBe(2);
  });

  it('forgets everything past its limit instead of growing', () => {
    const memo = new BytesMemo<number>(2);
    for (let i = 0; i < 5; i++) memo.get(Uint8Array.of(i), (b) => b[0]!);
    expect(memo.size).toBeLessThanOrEqual(2);
  });
});

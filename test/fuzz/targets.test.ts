/**
 * The fuzz targets themselves: their seeds are valid and pass every oracle, their structures survive
 * decode/encode, structure-aware mutation runs on the shipped code without a crash, and the image target's
 * independent reference reader agrees with the model on every valid package.
 */
import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { TARGETS, findTarget } from '../../fuzz/targets/registry.js';
import { Rng } from '../../fuzz/core/rng.js';
import { StructuredLoop } from '../../fuzz/engine/structured-loop.js';
import { referenceParse } from '../../fuzz/targets/image/reference-reader.js';
import { decodeImage, encodeImage } from '../../fuzz/targets/image/image-structure.js';
import { parseImagePackage } from '../../formats/image-package/index.js';
import { decodeMessage, decodeQuoteTbs } from '../../formats/attestation/messages.js';
import { parseUpdateMetadata } from '../../formats/update-metadata/metadata.js';
import { validPackageArb } from '../image-package/helpers.js';

/** Mutations run per target: an attestation-session input is a whole protocol session (signatures, a certificate), a hundred times a manifest's cost; attestation-serve adds a PKI and a server per input. */
const MUTATIONS: Record<string, number> = { 'attestation-session': 30, 'attestation-serve': 10 };

describe.each(TARGETS.map((t) => [t.id, t] as const))('target %s', (_id, target) => {
  const runner = target.setup();
  const seeds = target.seeds();
  // run() may return a promise (attestation-session): awaited, a rejection fails like a throw.
  const passes = async (bytes: Uint8Array) => {
    await runner.run(bytes);
  };

  it('has seeds within the byte-level size limit, and every seed passes every oracle', async () => {
    expect(seeds.length).toBeGreaterThanOrEqual(4);
    for (const seed of seeds) {
      expect(seed.bytes.length, seed.name).toBeLessThanOrEqual(target.maxInputBytes);
      await expect(passes(seed.bytes), seed.name).resolves.toBeUndefined();
    }
  });

  it('decodes every seed to a structure whose encoding runs clean too', async () => {
    for (const seed of seeds) {
      const structure = target.structure.decode(seed.bytes);
      expect(structure, seed.name).toBeDefined();
      await expect(passes(target.structure.encode(structure!)), seed.name).resolves.toBeUndefined();
    }
  });

  const mutations = MUTATIONS[target.id] ?? 250;
  it(`runs ${mutations} structure-aware mutations of the seeds on the shipped code without a crash`, async () => {
    const loop = new StructuredLoop(target, runner, 20_260_101);
    for (const seed of seeds) expect((await loop.addInitialAsync(seed.bytes)).crash).toBeUndefined();
    for (let i = 0; i < mutations; i++) {
      const step = await loop.stepAsync();
      if (step.crash) throw new Error(`${step.crash.identity.key}\n${step.crash.identity.stack}\ninput: ${Buffer.from(step.crash.bytes).toString('base64')}`);
    }
    expect(loop.corpus.length).toBeGreaterThan(seeds.length);
  });

  it('shrinks a structure to smaller ones', () => {
    const structure = target.structure.decode(seeds[1]!.bytes)!;
    const smaller = [...target.structure.shrink(structure)].map((s) => target.structure.encode(s).length);
    expect(smaller.length).toBeGreaterThan(0);
    expect(Math.min(...smaller)).toBeLessThan(seeds[1]!.bytes.length);
  });
});

describe('image-package reference reader', () => {
  fcTest.prop([validPackageArb], { numRuns: 300 })('reads every valid package as the model does', ({ bytes }) => {
    const ref = referenceParse(bytes);
    const model = parseImagePackage(bytes);
    expect(ref.ok).toBe(true);
    expect(model.ok).toBe(true);
    if (ref.ok && model.ok) expect(ref.sections.map((s) => s.tag)).toEqual(model.image.sections.map((s) => s.tag));
  });

  fcTest.prop([validPackageArb, fc.nat(), fc.integer({ min: 0, max: 255 })], { numRuns: 300 })('accepts a corrupted package exactly when the model does', ({ bytes }, at, value) => {
    const corrupted = bytes.slice();
    corrupted[at % corrupted.length] = value;
    expect(referenceParse(corrupted).ok).toBe(parseImagePackage(corrupted).ok);
  });

  it('decodes a package it encoded to the same bytes before the signature', () => {
    const target = findTarget('image-package')!;
    for (const seed of target.seeds()) {
      const s = decodeImage(seed.bytes)!;
      expect(s, seed.name).toBeDefined();
      const again = encodeImage(s);
      expect(Buffer.from(again.subarray(0, -64)).equals(Buffer.from(seed.bytes.subarray(0, -64))), seed.name).toBe(true);
    }
  });
});

describe('attestation-messages seeds and structure', () => {
  const target = findTarget('attestation-messages')!;

  it('seeds every message type of an honest run, and quote bodies', () => {
    const types = new Set(target.seeds().map((s) => decodeMessage(s.bytes)).flatMap((d) => (d.ok ? [d.value.type] : [])));
    expect([...types].sort()).toEqual(['challenge', 'client-finish', 'client-hello', 'error', 'hello', 'issued', 'quote', 'server-hello']);
    expect(target.seeds().filter((s) => decodeQuoteTbs(s.bytes).ok).length).toBeGreaterThanOrEqual(3);
  });

  it('re-encodes a decoded seed to the same bytes (the CBOR tree keeps key order)', () => {
    for (const seed of target.seeds()) expect(Buffer.from(target.structure.encode(target.structure.decode(seed.bytes)!)).equals(Buffer.from(seed.bytes)), seed.name).toBe(true);
  });
});

describe('update-metadata seeds and structure', () => {
  const target = findTarget('update-metadata')!;
  const runner = target.setup();
  const byName = new Map(target.seeds().map((s) => [s.name, s.bytes]));

  it('counts distinct trusted keys with valid signatures as the model and node:crypto do', () => {
    const valid = (name: string) => (runner.run(byName.get(name)!) as readonly string[]).find((f) => f.startsWith('valid:'));
    expect(valid('os-and-app-two-keys')).toBe('valid:2');
    expect(valid('rogue-and-lab')).toBe('valid:1');
    expect(valid('repeated-key')).toBe('valid:1');
    expect(valid('no-targets-unsigned')).toBe('valid:0');
    expect(valid('high-s')).toBe('valid:2');
    expect(valid('corrupted-signature')).toBe('valid:1');
  });

  it('re-encodes a decoded seed to the same signed part, re-signed by the same keys', () => {
    for (const seed of target.seeds()) {
      const a = parseUpdateMetadata(seed.bytes);
      const b = parseUpdateMetadata(target.structure.encode(target.structure.decode(seed.bytes)!));
      expect(a.ok && b.ok, seed.name).toBe(true);
      if (a.ok && b.ok) {
        expect(Buffer.from(b.signed).equals(Buffer.from(a.signed)), seed.name).toBe(true);
        expect(b.metadata.signatures.map((s) => Buffer.from(s.keyId).toString('hex'))).toEqual(a.metadata.signatures.map((s) => Buffer.from(s.keyId).toString('hex')));
      }
    }
  });
});

describe('rng', () => {
  it('repeats its sequence for a seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    expect(Array.from({ length: 8 }, () => a.u32())).toEqual(Array.from({ length: 8 }, () => b.u32()));
    const r = new Rng(1);
    for (let i = 0; i < 1000; i++) {
      const n = r.int(7);
      expect(n).toBeGreaterThanOrEqual(0);
      expect(n).toBeLessThan(7);
    }
  });
});

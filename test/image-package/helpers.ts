/** Shared by the image-package tests: the fixtures, a generator of valid packages, and an in-process CLI. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc } from '@fast-check/vitest';
import {
  SECTION_TAG,
  encodeAbi,
  encodeDebug,
  encodeIdentity,
  encodeSignatureInfo,
  encodeU32,
  makeSection,
  packImagePackage,
  readCertificate,
  readSigningKey,
  type MetadataSection,
} from '../../formats/image-package/index.js';
import { FIXTURE_DIR } from '../fixtures/images/make-fixtures.js';
import { runCliInProcess } from '../cli-in-process.js';

export const fixturePath = (name: string): string => join(FIXTURE_DIR, name);
export const fixtureBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(fixturePath(name)));
export const fixtureText = (name: string): string => readFileSync(fixturePath(name), 'utf8');

export const TEST_KEY = readSigningKey(fixtureText('test-signing-key.pem'));
export const TEST_CERT = readCertificate(fixtureText('test-signing-cert.pem'));
export const OTHER_KEY = readSigningKey(fixtureText('other-signing-key.pem'));
export const OTHER_CERT = readCertificate(fixtureText('other-signing-cert.pem'));
export const SAMPLE_PACKAGE = fixtureBytes('sample-app.imagepackage');

const KNOWN_TAGS = new Set<number>(Object.values(SECTION_TAG));
const guid = fc.uuid({ version: [1, 2, 3, 4, 5] });
const u32 = fc.integer({ min: 0, max: 0xffffffff });

/** Sections of every known layout, plus unknown tags of any size from 1 byte up (odd sizes included). */
const sectionArb: fc.Arbitrary<MetadataSection> = fc.oneof(
  fc.record({ t: fc.integer({ min: 0, max: 0xffff }), c: guid, i: guid }).map(({ t, c, i }) => makeSection(SECTION_TAG.Identity, encodeIdentity({ imageType: t, reserved: 0, componentId: c, imageId: i }))),
  fc.record({ tp: fc.uint8Array({ minLength: 20, maxLength: 20 }), st: u32 }).map(({ tp, st }) => makeSection(SECTION_TAG.Signature, encodeSignatureInfo({ thumbprint: tp, signingType: st }))),
  fc.record({ d: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), n: fc.uint8Array({ maxLength: 32 }) }).map(({ d, n }) => makeSection(SECTION_TAG.Debug, encodeDebug(d, n))),
  u32.map((f) => makeSection(SECTION_TAG.TemporaryImage, encodeU32(f))),
  fc.array(fc.record({ version: u32, type: u32 }), { maxLength: 4 }).map((ids) => makeSection(SECTION_TAG.ABIDepends, encodeAbi(ids))),
  fc.array(fc.record({ version: u32, type: u32 }), { maxLength: 4 }).map((ids) => makeSection(SECTION_TAG.ABIProvides, encodeAbi(ids))),
  fc
    .record({ tag: fc.integer({ min: 0, max: 0xffff }).filter((t) => !KNOWN_TAGS.has(t) || t === SECTION_TAG.Compression || t === SECTION_TAG.Legacy), data: fc.uint8Array({ minLength: 1, maxLength: 67 }) })
    .map(({ tag, data }) => makeSection(tag, data)),
);

/** Valid packages: Identity and Signature once each, every other section anywhere, bodies of any length (0 included). */
export const validPackageArb = fc
  .record({
    body: fc.uint8Array({ maxLength: 300 }),
    identity: sectionArb.filter((s) => s.tag === SECTION_TAG.Identity),
    signing: sectionArb.filter((s) => s.tag === SECTION_TAG.Signature),
    others: fc.array(sectionArb.filter((s) => s.tag !== SECTION_TAG.Identity && s.tag !== SECTION_TAG.Signature), { maxLength: 6 }),
    order: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
    signature: fc.uint8Array({ minLength: 64, maxLength: 64 }),
  })
  .map(({ body, identity, signing, others, order, signature }) => {
    // Decoded kinds may appear once only; keep the first of each.
    const seen = new Set<number>();
    const unique = others.filter((s) => !s.decoded || (!seen.has(s.tag) && seen.add(s.tag)));
    const sections = [identity, signing, ...unique]
      .map((section, i) => ({ section, key: order[i % order.length] ?? 0 }))
      .sort((a, b) => a.key - b.key)
      .map(({ section }) => section);
    return { body, sections, signature };
  })
  .map((image) => ({ image, bytes: packImagePackage(image) }));

/** Runs `sevenfold image …` in-process (the real program, output captured). */
export const runImageCli = runCliInProcess;

/**
 * Target image-package: parseImagePackage, packImagePackage, describeImagePackage and verifyImagePackage
 * (noble and node:crypto) on one package, against the fuzz lab's certificate.
 *
 * The signature check costs about 2.5 ms (noble), so verifyImagePackage runs on every package whose
 * metadata parses and on one in 32 of the others (chosen by a hash of the input, so a replay makes the same
 * choice). The independent check (reference-reader.ts, node:crypto only) is an expensive oracle: run() does
 * it on every input, the structure-aware loop on new and sampled ones (core/staged-run.ts).
 */
import {
  describeImagePackage,
  formatImageDescription,
  identityOf,
  imageMetadataErrorCode,
  packImagePackage,
  parseImagePackage,
  readCertificate,
  signatureInfoOf,
  verifyImagePackage,
  type SigningCertificate,
} from '../../formats/image-package/index.js';
import { bytesEqual, check, fnv1a } from '../core/oracle.js';
import { Rng } from '../core/rng.js';
import { stagedRunner } from '../core/staged-run.js';
import type { FuzzTarget, NamedInput, TargetRunner } from '../core/target.js';
import { LAB_CERT_PEM, ROGUE_CERT_PEM } from './shared/signing-keys.js';
import { referenceCertificate, referenceParse, referenceVerify, TAG, type ReferenceCertificate } from './image/reference-reader.js';
import {
  abiData,
  cloneImage,
  debugData,
  decodeImage,
  encodeImage,
  identityData,
  mutateImage,
  shrinkImage,
  signatureData,
  type ImageStructure,
} from './image/image-structure.js';

const CHECK_NAMES = 'structure,thumbprint,signing-type,signature';
const VERIFY_SAMPLE = 32;

let certificates: { lab: SigningCertificate; rogue: SigningCertificate; labRef: ReferenceCertificate } | undefined;

function labCertificates() {
  certificates ??= { lab: readCertificate(LAB_CERT_PEM), rogue: readCertificate(ROGUE_CERT_PEM), labRef: referenceCertificate(LAB_CERT_PEM) };
  return certificates;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function setup(): TargetRunner {
  const { lab, labRef } = labCertificates();
  const snapshot = () => `${hex(lab.der)}/${hex(lab.thumbprint)}/${hex(lab.publicKey)}`;
  const before = snapshot();
  const good = encodeImage(seedStructures()[1]!.structure);

  // verifyImagePackage's own consistency: the checks it names, valid iff every check passes, the structure check is the parser's verdict.
  const checkVerdict = (result: ReturnType<typeof verifyImagePackage>, parsedOk: boolean, features: string[]) => {
    features.push(`verify:${result.checks.map((c) => (c.ok ? '1' : '0')).join('')}`);
    check(result.checks.map((c) => c.name).join(',') === CHECK_NAMES, 'verify.checks', () => `checks ${result.checks.map((c) => c.name).join(',')}`);
    check(result.valid === result.checks.every((c) => c.ok), 'verify.checks', () => `valid is ${result.valid} but the checks say ${result.checks.map((c) => c.ok).join(',')}`);
    check(result.checks[0]!.ok === parsedOk, 'verify.structure', () => `the structure check says ${result.checks[0]!.ok}, the parser ${parsedOk}`);
  };

  return stagedRunner({
    codeUnderTest(input) {
      const parsed = parseImagePackage(input);
      if (parsed.ok) verifyImagePackage(input, lab);
    },
    stage(input) {
      const original = input.slice();
      const features: string[] = [];
      const parsed = parseImagePackage(input);
      const ref = referenceParse(input);
      check(parsed.ok === ref.ok, 'parse.differential', () => (parsed.ok ? `the model reads the package; the reference reader rejects it (${(ref as { why: string }).why})` : `the model rejects the package (${parsed.error.name} at ${parsed.error.offset}: ${parsed.error.message}); the reference reader reads it`));

      let description: ReturnType<typeof describeImagePackage> | undefined;
      if (parsed.ok) {
        const image = parsed.image;
        features.push('parse:ok', ...image.sections.map((s) => `tag:${s.name ?? 'unknown'}`));
        check(image.layout.size === input.length && image.body.length === image.layout.metadataOffset, 'parse.layout', () => `layout ${JSON.stringify(image.layout)} for ${input.length} bytes, body ${image.body.length}`);
        check(image.signature.length === 64, 'parse.layout', () => `signature of ${image.signature.length} bytes`);
        check(identityOf(image) !== undefined && signatureInfoOf(image) !== undefined, 'parse.required', () => 'a parsed package lacks its Identity or Signature section');
        const refSections = ref.ok ? ref.sections : [];
        const same = refSections.length === image.sections.length && refSections.every((s, i) => s.tag === image.sections[i]!.tag && bytesEqual(s.data, image.sections[i]!.data));
        check(same, 'parse.differential', () => `sections differ: model ${image.sections.map((s) => `${s.tag.toString(16)}:${s.data.length}`).join(',')}, reference ${refSections.map((s) => `${s.tag.toString(16)}:${s.data.length}`).join(',')}`);
        // serialize(parse(x)) = x, byte for byte.
        check(bytesEqual(packImagePackage(image), input), 'roundtrip.bytes', () => 'packImagePackage(parseImagePackage(x)) differs from x');
        description = describeImagePackage(image);
      } else {
        const e = parsed.error;
        features.push(`parse:${e.name}`);
        check(e.code === imageMetadataErrorCode(e.name), 'parse.error', () => `${e.name} carries code ${e.code}`);
        check(Number.isInteger(e.offset) && e.offset >= 0 && e.offset <= input.length, 'parse.error', () => `${e.name} at offset ${e.offset} of ${input.length}`);
        check(typeof e.message === 'string' && e.message.length > 0 && !/undefined|NaN/.test(e.message), 'parse.error', () => `${e.name} message ${JSON.stringify(e.message)}`);
      }
      // The verifier, on every package that parses (the code under test); on the others it runs in the sample below.
      let result = parsed.ok ? verifyImagePackage(input, lab) : undefined;
      if (result) checkVerdict(result, parsed.ok, features);
      check(bytesEqual(input, original), 'state.input', () => 'the input bytes were changed by the code under test');

      return {
        features,
        // The signature cross-check with node:crypto and the description's forms (core/staged-run.ts).
        thorough() {
          const more: string[] = [];
          if (description) {
            JSON.stringify(description);
            formatImageDescription(description, 'fuzz.imagepackage');
          }
          const independent = referenceVerify(input, ref, labRef);
          if (!result && (independent || fnv1a(input) % VERIFY_SAMPLE === 0)) {
            result = verifyImagePackage(input, lab);
            checkVerdict(result, parsed.ok, more);
          }
          if (result) {
            // An image that verifies has a signature an independent check accepts, and the other way round.
            check(result.valid === independent, 'verify.differential', () => `verifyImagePackage says ${result!.valid ? 'valid' : 'invalid'}, the independent check (node:crypto, reference reader) says ${independent ? 'valid' : 'invalid'}: ${result!.checks.map((c) => `${c.name}=${c.ok}`).join(' ')}`);
            if (!result.valid && fnv1a(input) % 16 === 1) {
              // A rejected package must not change what the verifier says about the next one.
              check(verifyImagePackage(good, lab).valid, 'state.verifier', () => 'a valid package no longer verifies after a rejected one');
            }
          }
          check(bytesEqual(input, original), 'state.input', () => 'the input bytes were changed by the code under test');
          check(snapshot() === before, 'state.certificate', () => 'the lab certificate object was changed');
          return more;
        },
      };
    },
  });
}

// --- seeds ---

const COMPONENT = Uint8Array.from(Buffer.from('b2d88916 35c8 272e 27ad e894d6d15fa9'.replace(/ /g, ''), 'hex'));
const IMAGE = Uint8Array.from(Buffer.from('0123456789abcdef0123456789abcdef', 'hex'));
const ascii = (s: string) => new TextEncoder().encode(s);

function seedStructures(): { name: string; structure: ImageStructure }[] {
  const { lab, rogue } = labCertificates();
  const id = { tag: TAG.ID, data: identityData(10, COMPONENT, IMAGE) };
  const sg = { tag: TAG.SG, data: signatureData(lab.thumbprint, 1) };
  const db = { tag: TAG.DB, data: debugData(1_700_000_000n, ascii('Blink')) };
  const tp = { tag: TAG.TP, data: Uint8Array.of(2, 0, 0, 0) };
  const nd = { tag: TAG.ND, data: abiData([{ version: 5, type: 3 }]) };
  const body = Uint8Array.from({ length: 192 }, (_, i) => (i * 37) & 0xff);
  const app: ImageStructure = { body, sections: [id, sg, db, tp, nd], signing: 'lab' };
  const everything: ImageStructure = {
    body: Uint8Array.from([...ascii('4X4M'), 2, 0, 0, 0, ...body.subarray(0, 56)]),
    sections: [
      id,
      sg,
      { tag: TAG.DB, data: debugData(0xffff_ffffn, ascii('GreenhouseControllerWithLongNam')) },
      { tag: TAG.TP, data: Uint8Array.of(1, 0, 0, 0) },
      { tag: TAG.ND, data: abiData([{ version: 5, type: 3 }, { version: 1, type: 2 }]) },
      { tag: TAG.NP, data: abiData([{ version: 7, type: 1 }]) },
      { tag: TAG.RV, data: Uint8Array.of(3, 0, 0, 0) },
      { tag: TAG.AD, data: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) },
      { tag: TAG.AP, data: Uint8Array.of(9, 9, 9, 9) },
      { tag: TAG.LG, data: Uint8Array.of(1) },
      { tag: TAG.CM, data: Uint8Array.of(0, 0, 1, 0) },
      { tag: TAG.RO, data: Uint8Array.of(0, 0, 8, 0) },
      { tag: 0x0001, data: Uint8Array.of(0xaa, 0xbb, 0xcc) },
      { tag: 0x5a5a, data: ascii('odd!!') },
    ],
    signing: 'lab',
  };
  return [
    { name: 'minimal', structure: { body: new Uint8Array(0), sections: [id, sg], signing: 'lab' } },
    { name: 'app', structure: app },
    { name: 'every-section', structure: everything },
    { name: 'rogue-signed', structure: { ...cloneImage(app), signing: 'rogue' } },
    { name: 'names-rogue-cert', structure: { ...cloneImage(app), sections: [id, { tag: TAG.SG, data: signatureData(rogue.thumbprint, 1) }, db] } },
    { name: 'signing-type-0', structure: { ...cloneImage(app), sections: [id, { tag: TAG.SG, data: signatureData(lab.thumbprint, 0) }, db, nd] } },
    { name: 'high-s', structure: { ...cloneImage(app), signing: 'high-s' } },
    { name: 'unsigned', structure: { ...cloneImage(app), signing: 'raw', signature: new Uint8Array(64) } },
    { name: 'sg-first-reordered', structure: { body: body.subarray(0, 16), sections: [sg, nd, tp, id], signing: 'lab' } },
  ];
}

function seeds(): NamedInput[] {
  return seedStructures().map(({ name, structure }) => ({ name, bytes: encodeImage(structure) }));
}

let thumbprintCache: Uint8Array[] | undefined;
const thumbprints = (): Uint8Array[] => {
  const { lab, rogue } = labCertificates();
  return (thumbprintCache ??= [lab.thumbprint, lab.thumbprint, rogue.thumbprint, new Uint8Array(20), new Rng(7).bytes(20)]);
};

export const imagePackageTarget: FuzzTarget<ImageStructure> = {
  id: 'image-package',
  title: 'image-package parser and verifier: parse, pack, describe, verify (noble + node:crypto) against the lab certificate',
  oracles: [
    'no exception escapes (SignatureCrossCheckError, noble and OpenSSL disagreeing, is a finding too)',
    'the parser accepts exactly the packages an independent reference reader accepts, with the same sections',
    'serialize(parse(x)) = x byte for byte; describe and its JSON and text forms work on every parsed package',
    'a metadata error has its category-42 code, an offset inside the file and a message',
    'a package verifies exactly when an independent check (reference reader + node:crypto) accepts its signature',
    'a rejected input changes no state: the input bytes, the certificate, and the verdict on a known-good package',
  ],
  // The format bounds a section at 65,535 bytes (a u16 size field); the structure mode writes one of that size, and one past it.
  maxInputBytes: 128 * 1024,
  setup,
  seeds,
  structure: {
    decode: decodeImage,
    encode: encodeImage,
    clone: cloneImage,
    mutate: (s, rng, donor) => mutateImage(s, rng, donor, thumbprints()),
    shrink: shrinkImage,
  },
};

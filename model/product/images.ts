/**
 * The product's app images (product file apps[].image), read with the image-package reader the way a
 * device reads them before it runs an app:
 *  - the package must parse (formats/image-package); a missing or unreadable image is an input error;
 *  - the Signature section names a certificate by thumbprint: one of the product's
 *    trustedImageCertificates (production), a test certificate (the public SDK test certificate, always
 *    recognised, or one of testImageCertificates), or none the product knows (untrusted); the signature
 *    is verified with the named certificate's key;
 *  - the app manifest inside the image (app_manifest.json at the root of its ASXipFS body) is the one the
 *    device enforces, so it is compared with the product's manifest for the app: ComponentId (as the
 *    device compares it: a GUID, case-insensitive), ApplicationType and every capability, with the
 *    product's "$NAME" references resolved to the raw values the build writes into the image.
 * Each difference is located (the product file's /apps/i/image and the manifest's pointer) and kept on the
 * app (ProductImage.manifestMismatches): a capability difference is a warning for the properties to judge,
 * an identity difference (IDENTITY_FIELDS: the image is another app's) an input error.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { APP_MANIFEST_PATH } from '../../formats/asxipfs/format.js';
import { findAsxipfsFile, readAsxipfs } from '../../formats/asxipfs/read.js';
import type { ChipProfile } from '../../formats/chips/chip-profile.js';
import { joinPointer, type SourcePosition } from '../../formats/diagnostics/diagnostic.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import {
  ImageInputError,
  IMAGE_TYPES,
  imageTypeName,
  identityOf,
  parseImagePackage,
  readCertificate,
  signatureInfoOf,
  temporaryFlagNames,
  temporaryImageOf,
  toHex,
  verifyImagePackage,
  type SigningCertificate,
} from '../../formats/image-package/index.js';
import { parseLocatedJson, type JsonObject, type LocatedJson } from '../../formats/json/located-json.js';
import { readLocatedJson } from '../../formats/json/read-input.js';
import type { AppManifest } from '../../formats/manifest/app-manifest.js';
import { readManifest } from '../../formats/manifest/read-manifest.js';
import { reportCapabilityNameVariants } from '../../formats/manifest/capability-name-variants.js';
import type { ImageManifestMismatch, ProductApp, ProductImage } from './product.js';
import { isSdkTestCertificate, sdkTestCertificate } from '../../formats/image-package/sdk-test-certificate.js';
import { pathFromInput } from '../../formats/json/free-text.js';

/** Application images are a few hundred kilobytes; an MT3620 has 16 MB of flash in all. */
export const MAX_IMAGE_BYTES = 32 * 1024 * 1024;

const APPLICATIONS = Number(Object.entries(IMAGE_TYPES).find(([, name]) => name === 'Applications')![0]);

export interface KnownCertificate {
  certificate: SigningCertificate;
  /** Absolute path, or "built-in". */
  file: string;
}

/** The certificates a product's images are checked against. */
export interface ImageTrust {
  production: KnownCertificate[];
  test: KnownCertificate[];
}

/** trustedImageCertificates and testImageCertificates of the product file, plus the built-in SDK test certificate. */
export function readImageTrust(doc: LocatedJson, spec: JsonObject, base: string): ImageTrust {
  const trust: ImageTrust = { production: [], test: [{ certificate: sdkTestCertificate(), file: 'built-in' }] };
  for (const [field, list] of [['trustedImageCertificates', trust.production], ['testImageCertificates', trust.test]] as const) {
    ((spec[field] as string[] | undefined) ?? []).forEach((given, i) => {
      const pointer = joinPointer('/' + field, i);
      const file = pathFromInput(base, given);
      const bytes = readBytes(file, given, 1024 * 1024);
      if (!bytes.ok) {
        doc.report(bytes.missing ? 'ProductFileMissing' : 'ProductCertificateInvalid', pointer, bytes.message);
        return;
      }
      let certificate: SigningCertificate;
      try {
        certificate = readCertificate(bytes.data, field);
      } catch (err) {
        if (!(err instanceof ImageInputError)) throw err;
        doc.report('ProductCertificateInvalid', pointer, `${given}: ${err.message}`);
        return;
      }
      if (isSdkTestCertificate(certificate)) {
        // The public test key proves nothing about who signed: never a production signer, whatever the file says.
        if (field === 'trustedImageCertificates') doc.report('ProductSdkTestCertificateTrusted', pointer, `${given} is the public "Azure Sphere SDK Test" certificate; images it signs are counted as test-signed, not production`);
        return;
      }
      list.push({ certificate, file });
    });
  }
  for (const [i, known] of trust.production.entries()) {
    if (trust.test.some((t) => toHex(t.certificate.thumbprint) === toHex(known.certificate.thumbprint))) {
      doc.report('ProductCertificateAlsoTest', joinPointer('/trustedImageCertificates', i), `${displayPath(known.file)} is also a test certificate (testImageCertificates): images it signs are counted as test-signed, not production`);
    }
  }
  return trust;
}

/** Reads every app's image (apps[i].image) into app.image, reporting problems into the product file's diagnostics. */
export function readProductImages(doc: LocatedJson, spec: JsonObject, base: string, apps: ProductApp[], chip: ChipProfile): void {
  const entries = spec['apps'] as JsonObject[];
  if (!apps.some((a) => a.imageFile)) {
    readImageTrust(doc, spec, base); // still check the certificate lists
    return;
  }
  const trust = readImageTrust(doc, spec, base);
  for (const app of apps) {
    if (!app.imageFile) continue;
    const index = Number(app.pointer.split('/').pop());
    const given = (entries[index]?.['image'] as string | undefined) ?? displayPath(app.imageFile);
    const image = readAppImage(doc, app, given, trust, chip);
    if (image) app.image = image;
  }
}

function readAppImage(doc: LocatedJson, app: ProductApp, given: string, trust: ImageTrust, chip: ChipProfile): ProductImage | undefined {
  const pointer = joinPointer(app.pointer, 'image');
  const file = app.imageFile!;
  const unreadable = (message: string) => {
    doc.report('ProductImageUnreadable', pointer, `${given}: ${message}`);
    return undefined;
  };
  const bytes = readBytes(file, given, MAX_IMAGE_BYTES);
  if (!bytes.ok) {
    doc.report(bytes.missing ? 'ProductFileMissing' : 'ProductImageUnreadable', pointer, bytes.message);
    return undefined;
  }
  const parsed = parseImagePackage(bytes.data);
  if (!parsed.ok) {
    const e = parsed.error;
    return unreadable(`not a readable image package: ${e.name} (${e.code}) at byte ${e.offset}: ${e.message}`);
  }
  // The parser requires the Identity and Signature sections, so both are there.
  const identity = identityOf(parsed.image)!;
  const thumbprint = toHex(signatureInfoOf(parsed.image)!.thumbprint);
  const named = (list: KnownCertificate[]) => list.find((k) => toHex(k.certificate.thumbprint) === thumbprint);
  // A certificate the product lists as a test (development) certificate signs test images, even when it is
  // also listed as trusted: its key is a developer's, as the SDK test key is public (readImageTrust).
  const test = named(trust.test);
  const production = test ? undefined : named(trust.production);
  const known = production ?? test;
  let signatureValid = false;
  if (known) {
    try {
      signatureValid = verifyImagePackage(bytes.data, known.certificate).valid;
    } catch (err) {
      // noble and node:crypto disagree: no verdict on this signature can be trusted.
      return unreadable(`its signature cannot be checked: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!signatureValid) doc.report('ProductImageSignatureInvalid', pointer, `${given}: the signature does not verify with ${known.certificate.subject} (${known.file === 'built-in' ? 'the built-in SDK test certificate' : displayPath(known.file)}), the certificate its Signature section names`);
  } else {
    doc.report('ProductImageUntrustedSigner', pointer, `${given} is signed by the certificate with thumbprint ${thumbprint}, which the product does not know (neither in trustedImageCertificates nor a test certificate)`);
  }
  const tp = temporaryImageOf(parsed.image);
  const flags = tp && tp.flags !== 0 ? ['Temporary', ...temporaryFlagNames(tp.flags)] : [];

  const embedded = findAsxipfsFile(readAsxipfs(parsed.image.body), APP_MANIFEST_PATH);
  if (!embedded.ok) return unreadable(`no app manifest can be read from the image: ${embedded.message}`);
  const embeddedDoc = parseLocatedJson(`${file}#${APP_MANIFEST_PATH}`, embedded.data);
  // As for the product's manifests (formats/json/duplicate-keys.ts): a key written twice has no known value on the device.
  const duplicate = embeddedDoc.diagnostics.find((d) => d.name === 'DuplicateKey');
  if (duplicate) return unreadable(`the app manifest inside the image writes ${duplicate.pointer} twice (${duplicate.position.line}:${duplicate.position.column}): which value the device enforces is not known`);
  const imageManifest = readManifest(embeddedDoc, chip);
  if (imageManifest) reportCapabilityNameVariants(embeddedDoc);
  const firstError = embeddedDoc.diagnostics.find((d) => d.severity === 'error');
  if (!imageManifest || firstError) {
    return unreadable(`the app manifest inside the image is invalid: ${firstError ? `${firstError.name} at ${firstError.pointer || '/'} (${firstError.position.line}:${firstError.position.column}): ${firstError.message}` : 'it cannot be read'}`);
  }

  const componentId = identity.componentId.toLowerCase();
  const mismatches = compareWithImage(app, imageManifest, componentId, identity.imageType, { pointer, position: doc.positionOf(pointer) });
  for (const m of mismatches) {
    if (IDENTITY_FIELDS.has(m.field)) doc.report('ProductImageOfAnotherApp', pointer, `${given} is not this app's image: ${describeMismatch(m)}; every property places the app by its manifest (its core, its app slot and the boot stage that loads it), so no verdict may rest on it`);
    else doc.report('ProductImageManifestMismatch', pointer, `${given}: ${describeMismatch(m)}`);
  }
  return {
    file,
    sha256: createHash('sha256').update(bytes.data).digest('hex'),
    signer: production ? 'production' : test ? 'sdk-test' : 'untrusted',
    signatureValid,
    flags,
    componentId,
    imageType: imageTypeName(identity.imageType),
    thumbprint,
    ...(known ? { certificate: { file: known.file, subject: known.certificate.subject } } : {}),
    manifestMismatches: mismatches,
    manifest: imageManifest,
  };
}

/** "the image's manifest has ComponentId …; apps/x/app_manifest.json:4:3 /ComponentId states …" */
export function describeMismatch(m: ImageManifestMismatch): string {
  return `the image's ${m.field} is ${m.image}, but ${displayPath(m.manifestFile)}:${m.manifestPosition.line}:${m.manifestPosition.column} ${m.manifestPointer || '/'} states ${m.product}; the device enforces the image's`;
}

/**
 * The differences that make the image another app's, not this one's with other capabilities: its identity
 * (ComponentId, in the manifest or the Identity section) or what runs it (ApplicationType: the A7 or an M4;
 * the image type). Every property places an app by its manifest (model/product/product.ts: its app slot, the
 * boot stage that loads it, its core), and most read no image difference, so an image of another kind of app
 * (a real-time image reviewed as the high-level app) left hardware-root-of-trust holding on the high-level
 * slot's verified boot while the device ran it from a real-time slot nothing verifies. An input error, named
 * by field. A capability difference is judged by the properties that read the capability (mismatch-rules.ts).
 */
export const IDENTITY_FIELDS: ReadonlySet<string> = new Set(['image type', 'Identity section ComponentId', 'ComponentId', 'ApplicationType']);

type Values = { shown: string[]; key: string[] };

/**
 * The differences between the manifest in the image and the product's manifest for the app. Values are
 * compared as the device sees them: GUIDs and host names without regard to case, peripherals by their
 * raw values (the product's "$NAME" references resolved), lists as sets.
 */
export function compareWithImage(app: ProductApp, image: AppManifest, identityComponentId: string, imageType: number, where: { pointer: string; position: SourcePosition }): ImageManifestMismatch[] {
  const product = app.manifest;
  let doc: LocatedJson | undefined;
  const positionOf = (pointer: string): SourcePosition => (doc ??= readLocatedJson(app.manifestFile)).positionOf(pointer);
  const out: ImageManifestMismatch[] = [];
  const differ = (field: string, pointer: string, productValue: string, imageValue: string) =>
    out.push({ field, product: productValue, image: imageValue, manifestFile: app.manifestFile, manifestPointer: pointer, manifestPosition: positionOf(pointer), imagePointer: where.pointer, imagePosition: where.position });
  const show = (v: string | undefined) => (v === undefined ? '(none)' : v);

  if (imageType !== APPLICATIONS) differ('image type', '/ApplicationType', 'an app (Applications image)', `${imageTypeName(imageType)} (${imageType})`);
  if (product.componentId !== undefined && identityComponentId !== product.componentId) differ('Identity section ComponentId', '/ComponentId', product.componentId, identityComponentId);
  if (image.componentId !== product.componentId) differ('ComponentId', '/ComponentId', show(product.componentId), show(image.componentId));
  if (image.kind !== product.kind) differ('ApplicationType', '/ApplicationType', applicationType(product.kind), applicationType(image.kind));

  const sets: [string, Values, Values][] = [];
  const capabilities = new Set([...product.peripherals, ...image.peripherals].map((p) => p.capability));
  for (const capability of [...capabilities].sort()) {
    const mine = product.peripherals.filter((p) => p.capability === capability);
    // An unresolved reference (no hardware definition) cannot be compared; lint reports it.
    if (mine.some((p) => p.value === undefined)) continue;
    const peripheral = (list: AppManifest['peripherals']): Values => ({
      shown: list.map((p) => (p.value === undefined ? `${p.raw} (unresolved: the device needs raw values)` : p.reference ? `${p.value} (${p.raw})` : String(p.value))),
      key: list.map((p) => String(p.value ?? p.raw).toUpperCase()),
    });
    sets.push([capability, peripheral(mine), peripheral(image.peripherals.filter((p) => p.capability === capability))]);
  }
  const plain = (list: readonly (string | number)[], fold = false): Values => ({ shown: list.map(String), key: list.map((v) => (fold ? String(v).toLowerCase() : String(v))) });
  sets.push(['AllowedConnections', plain(product.allowedConnections, true), plain(image.allowedConnections, true)]);
  sets.push(['AllowedTcpServerPorts', plain(product.tcpServerPorts), plain(image.tcpServerPorts)]);
  sets.push(['AllowedUdpServerPorts', plain(product.udpServerPorts), plain(image.udpServerPorts)]);
  sets.push(['AllowedApplicationConnections', plain(product.partners.map((p) => p.componentId)), plain(image.partners.map((p) => p.componentId))]);
  sets.push(['PowerControls', plain(product.powerControls), plain(image.powerControls)]);
  for (const flag of [...new Set([...product.enabled, ...image.enabled])].sort()) {
    sets.push([flag, plain(product.enabled.includes(flag) ? ['true'] : []), plain(image.enabled.includes(flag) ? ['true'] : [])]);
  }
  const single = (v: string | number | undefined): Values => (v === undefined ? { shown: [], key: [] } : plain([v], true));
  sets.push(['MutableStorage/SizeKB', single(product.mutableStorageKB), single(image.mutableStorageKB)]);
  sets.push(['DeviceAuthentication', single(product.deviceAuthentication), single(image.deviceAuthentication)]);

  for (const [name, mine, theirs] of sets) {
    if (sameSet(mine.key, theirs.key)) continue;
    const pointer = capabilityPointer(product, name);
    const list = (v: Values) => (v.shown.length ? `[${[...v.shown].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).join(', ')}]` : '(none)');
    differ(`Capabilities/${name}`, pointer, list(mine), list(theirs));
  }
  return out;
}

const applicationType = (kind: AppManifest['kind']) => (kind === 'real-time' ? 'RealTimeCapable' : 'Default');

function sameSet(a: string[], b: string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((v) => y.has(v));
}

/** Where a capability is written in the product's manifest: the capability when present, else /Capabilities. */
function capabilityPointer(manifest: AppManifest, name: string): string {
  const peripheral = manifest.peripherals.find((p) => p.capability === name);
  if (peripheral) return peripheral.pointer.replace(/\/\d+$/, '');
  const partner = name === 'AllowedApplicationConnections' ? manifest.partners[0] : undefined;
  if (partner) return partner.pointer.replace(/\/\d+$/, '');
  const present =
    (name === 'AllowedConnections' && manifest.allowedConnections.length) ||
    (name === 'AllowedTcpServerPorts' && manifest.tcpServerPorts.length) ||
    (name === 'AllowedUdpServerPorts' && manifest.udpServerPorts.length) ||
    (name === 'PowerControls' && manifest.powerControls.length) ||
    (name === 'MutableStorage/SizeKB' && manifest.mutableStorageKB !== undefined) ||
    (name === 'DeviceAuthentication' && manifest.deviceAuthentication !== undefined) ||
    manifest.enabled.includes(name);
  return present ? joinPointer('/Capabilities', ...name.split('/')) : '/Capabilities';
}

type ReadBytes = { ok: true; data: Uint8Array } | { ok: false; missing: boolean; message: string };

function readBytes(file: string, given: string, limit: number): ReadBytes {
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return { ok: false, missing: false, message: `${given}: is a directory, not a file` };
    if (!stat.isFile()) return { ok: false, missing: false, message: `${given}: is not a regular file` };
    if (stat.size > limit) return { ok: false, missing: false, message: `${given}: is ${stat.size} bytes; inputs larger than ${limit} bytes are refused` };
    return { ok: true, data: new Uint8Array(readFileSync(file)) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, missing: true, message: `${given}: file not found` };
    return { ok: false, missing: false, message: `${given}: cannot be read (${code ?? String(err)})` };
  }
}

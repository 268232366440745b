/**
 * Makes the signing certificates and app images of the example products, reproducibly: keys come from
 * fixed labels, signatures are RFC 6979 (deterministic), and every date and image ID is fixed, so running
 * it again rewrites identical bytes (test/examples/examples.test.ts checks that).
 *
 *   npx tsx examples/make-example-images.ts
 *
 * The release certificate stands in for the certificate the Azure Sphere Security Service re-signs
 * released images with; the development certificate stands in for the SDK test certificate, whose private
 * key is not public here (the products that use it name it under testImageCertificates).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSelfSignedCertificate, readCertificate, signingKeyToPem, type TemporaryChoice } from '../formats/image-package/index.js';
import { buildProductImages } from '../model/product/build-app-image.js';
import { keyFromLabel } from '../test/fixtures/images/make-fixtures.js';

export const EXAMPLES_DIR = dirname(fileURLToPath(import.meta.url));

/** How each example's images are built: which key signs them and which TemporaryImage flag they carry. */
export const EXAMPLE_IMAGES: Record<string, { signer: 'release' | 'development'; temporary?: TemporaryChoice }> = {
  'hello-world-hl': { signer: 'release' },
  'hello-world-rt': { signer: 'release' },
  'intercore-comms': { signer: 'release' },
  'private-network-services': { signer: 'release' },
  'test-signed-image': { signer: 'development', temporary: 'under-development' },
  'development-group': { signer: 'development', temporary: 'under-development' },
};

const BUILD_DATE = 1767225600; // 2026-01-01T00:00:00Z
const VALIDITY = { notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2046-01-01T00:00:00Z') };

/** A fixed image ID per app, as the SDK would give a new build a fresh one. */
const imageIdOf = (label: string): string => {
  const h = createHash('sha256').update(label).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

const SIGNERS = {
  release: { label: 'sevenfold examples release signing key', subject: 'CN=Contoso release signing (stand-in for the Azure Sphere Security Service), O=Sevenfold examples', file: 'release-signing' },
  development: { label: 'sevenfold examples development signing key', subject: 'CN=Contoso development signing (stand-in for the Azure Sphere SDK Test certificate), O=Sevenfold examples', file: 'development-signing' },
} as const;

const certificateFile = (signer: keyof typeof SIGNERS) => join(EXAMPLES_DIR, 'keys', `${SIGNERS[signer].file}-cert.pem`);

/** The signing keys and their self-signed certificates (examples/keys/). */
export async function makeExampleKeys(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const signer of Object.keys(SIGNERS) as (keyof typeof SIGNERS)[]) {
    const key = keyFromLabel(SIGNERS[signer].label);
    out.set(certificateFile(signer), await createSelfSignedCertificate(key, { subject: SIGNERS[signer].subject, ...VALIDITY }));
    out.set(join(EXAMPLES_DIR, 'keys', `${SIGNERS[signer].file}-key.pem`), signingKeyToPem(key));
  }
  return out;
}

/** Every example's images, built from its manifests and signed as EXAMPLE_IMAGES says (the certificates must exist). */
export function makeExampleImages(): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [example, plan] of Object.entries(EXAMPLE_IMAGES)) {
    const key = keyFromLabel(SIGNERS[plan.signer].label);
    const certificate = readCertificate(readFileSync(certificateFile(plan.signer), 'utf8'));
    const images = buildProductImages(join(EXAMPLES_DIR, example, 'sevenfold.json'), (app) => ({
      key,
      certificate,
      buildDate: BUILD_DATE,
      imageId: imageIdOf(`${example}/${app.manifest.name}`),
      ...(plan.temporary ? { temporary: plan.temporary } : {}),
    }));
    for (const [file, bytes] of images) out.set(file, bytes);
  }
  return out;
}

function write(files: Map<string, string | Uint8Array>): void {
  for (const [file, content] of files) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    console.log(`wrote ${relative(process.cwd(), file)}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // Keys first: the products name the certificates, and loading a product reads them.
  write(await makeExampleKeys());
  write(makeExampleImages());
}

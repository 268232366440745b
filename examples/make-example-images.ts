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
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TemporaryChoice } from '../formats/image-package/index.js';
import { signedProductImages, signerFiles, writeGeneratedFiles, type Signer } from '../test/fixtures/images/signed-products.js';

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

/** A fixed image ID per app, as the SDK would give a new build a fresh one. */
const imageIdOf = (label: string): string => {
  const h = createHash('sha256').update(label).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

const signer = (file: string, label: string, subject: string): Signer => ({
  label,
  subject,
  certificateFile: join(EXAMPLES_DIR, 'keys', `${file}-cert.pem`),
  keyFile: join(EXAMPLES_DIR, 'keys', `${file}-key.pem`),
});

const SIGNERS = {
  release: signer('release-signing', 'sevenfold examples release signing key', 'CN=Contoso release signing (stand-in for the Azure Sphere Security Service), O=Sevenfold examples'),
  development: signer('development-signing', 'sevenfold examples development signing key', 'CN=Contoso development signing (stand-in for the Azure Sphere SDK Test certificate), O=Sevenfold examples'),
};

/** The signing keys and their self-signed certificates (examples/keys/). */
export const makeExampleKeys = (): Promise<Map<string, string>> => signerFiles(Object.values(SIGNERS));

/** Every example's images, built from its manifests and signed as EXAMPLE_IMAGES says (the certificates must exist). */
export const makeExampleImages = (): Map<string, Uint8Array> =>
  signedProductImages(
    Object.entries(EXAMPLE_IMAGES).map(([example, plan]) => ({
      productFile: join(EXAMPLES_DIR, example, 'sevenfold.json'),
      signer: SIGNERS[plan.signer],
      options: (app) => ({ imageId: imageIdOf(`${example}/${app.manifest.name}`), ...(plan.temporary ? { temporary: plan.temporary } : {}) }),
    })),
  );

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // Keys first: the products name the certificates, and loading a product reads them.
  writeGeneratedFiles(await makeExampleKeys());
  writeGeneratedFiles(makeExampleImages());
}

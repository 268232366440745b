/**
 * The manifest the device enforces for an app: the one inside its image when the product names one
 * (apps[].image, read by model/product/images.ts), else the product's manifest, which the build packs into
 * the image as it is. The product's manifest is where a reviewer reads and locates capabilities; where the
 * image holds a capability the manifest lacks, the app on the device has it all the same, so a rule that
 * asks "may this app do X" reads this, and locates a capability only the image holds inside the image
 * (imageManifestFile). An image of another app (another ComponentId or ApplicationType) never gets here: it
 * is an input error (images.ts IDENTITY_FIELDS), so the image's manifest is this app's.
 */
import { APP_MANIFEST_PATH } from '../../formats/asxipfs/format.js';
import type { AppManifest } from '../../formats/manifest/app-manifest.js';
import type { ProductApp } from './product.js';

export function enforcedManifest(app: Pick<ProductApp, 'manifest' | 'image'>): AppManifest {
  return app.image?.manifest ?? app.manifest;
}

/** Where a capability of the enforced manifest is written: the product's manifest when it states it, else the image's. */
export function capabilityFile(app: Pick<ProductApp, 'manifest' | 'manifestFile' | 'image'>, capability: string): string {
  if (!app.image?.manifest || app.manifest.enabled.includes(capability)) return app.manifestFile;
  return imageManifestFile(app.image.file);
}

/** The app manifest inside an image package, as a path a reader can follow: "<image>#app_manifest.json". */
export const imageManifestFile = (imageFile: string): string => `${imageFile}#${APP_MANIFEST_PATH}`;

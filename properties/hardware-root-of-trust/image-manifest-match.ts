/**
 * Does every app image carry the manifest the product states for that app? The device runs the image and
 * enforces the manifest inside it, not the file the product names: an image whose ComponentId,
 * ApplicationType or capabilities differ is another app than the one under review (a different identity,
 * another core, other peripherals, hosts or partners). The product loader (model/product/images.ts)
 * finds the differences; this turns them into located findings, one per difference, each at the product
 * file's /apps/i/image and at the manifest's own pointer. Pure: it reads only the product.
 *
 * Callers: compartmentalization (its isolation verdict is about the manifests; one the device does not
 * run cannot hold), certificate-authentication, renewable-security and defense-in-depth, each for the fields
 * it reads. An identity difference (ComponentId, ApplicationType, image type) never reaches them: it is an
 * input error of the product (model/product/images.ts IDENTITY_FIELDS), the image being another app's.
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import type { Product } from '../../model/product/product.js';
import type { Evidence } from '../verdict.js';

export interface ImageManifestLocation {
  file: string;
  pointer: string;
  position: { line: number; column: number };
  description: string;
}

export interface ImageManifestFinding {
  /** The app's name (its manifest's Name). */
  app: string;
  /** What differs: "ComponentId", "ApplicationType", "Capabilities/Gpio", … */
  field: string;
  message: string;
  /** The product file where it names the image, then the product's manifest where it states the value. */
  locations: [ImageManifestLocation, ImageManifestLocation];
}

export function imageManifestFindings(product: Product): ImageManifestFinding[] {
  return product.apps.flatMap((app) => {
    const name = app.manifest.name ?? displayPath(app.manifestFile);
    return (app.image?.manifestMismatches ?? []).map((m) => ({
      app: name,
      field: m.field,
      message: `${name}'s image ${displayPath(app.image!.file)} carries ${m.field} ${m.image}, but its manifest states ${m.product}: the device enforces the image's`,
      locations: [
        { file: product.file, pointer: m.imagePointer, position: m.imagePosition, description: `${name}'s image (${displayPath(app.image!.file)}): ${m.field} ${m.image}` },
        { file: m.manifestFile, pointer: m.manifestPointer, position: m.manifestPosition, description: `${name}'s manifest: ${m.field} ${m.product}` },
      ],
    }));
  });
}

/** One evidence item per finding, shaped so reports locate it (data.locations) and reproduce it. */
export function imageManifestEvidence(findings: readonly ImageManifestFinding[], reproduce: string): Evidence[] {
  return findings.map((f) => ({
    title: `image-manifest mismatch (${f.app}: ${f.field})`,
    lines: [f.message, ...f.locations.map((l) => `  ${displayPath(l.file)}:${l.position.line}:${l.position.column} ${l.pointer}: ${l.description}`)],
    reproduce,
    data: { kind: 'image-manifest-mismatch', app: f.app, field: f.field, locations: f.locations },
  }));
}

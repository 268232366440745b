/**
 * The product: the unit every property is verified on. Loaded from a product file (sevenfold.json),
 * validated against model/schema/product.schema.json, with its manifests read and their "$NAME"
 * references resolved against the product's hardware definition.
 */
import { dirname, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import schema from '../schema/product.schema.json' with { type: 'json' };
import { CHIPS } from '../chips/mt3620.js';
import { isChipPeripheral, type ChipProfile, type PeripheralCapability } from '../chips/chip-profile.js';
import { countBySeverity, dedupeDiagnostics, sortDiagnostics, type Diagnostic, type SourcePosition } from '../diagnostics/diagnostic.js';
import { joinPointer } from '../diagnostics/diagnostic.js';
import type { JsonObject, LocatedJson } from '../json/located-json.js';
import { readLocatedJson } from '../json/read-input.js';
import { HardwareSet, type ResolvedHardware } from '../hardware/hardware-set.js';
import { looksLikeHardwareDefinition } from '../hardware/hardware-definition.js';
import type { AppManifest } from '../manifest/app-manifest.js';
import { readManifest } from '../manifest/read-manifest.js';
import { resolveReferences } from '../manifest/resolve-references.js';

export interface ProductApp {
  manifest: AppManifest;
  manifestFile: string;
  imageFile?: string;
}

/** A board-configuration image (e.g. an Ethernet module on ISU0): it owns peripherals like an app. */
export interface BoardConfig {
  name: string;
  claims: Partial<Record<PeripheralCapability, (string | number)[]>>;
  /** Where each claim is written in the product file, by JSON pointer. */
  positions?: Record<string, SourcePosition>;
}

export interface Product {
  file: string;
  name: string;
  chip: ChipProfile;
  hardware?: ResolvedHardware;
  apps: ProductApp[];
  boardConfigs?: BoardConfig[];
}

export interface LoadedProduct {
  /** Undefined when the product file itself cannot be used. */
  product?: Product;
  diagnostics: Diagnostic[];
  /** True when an error anywhere (product file, manifests, hardware) makes verification meaningless. */
  hasErrors: boolean;
}

const ajv = new Ajv({ allErrors: true, strict: true });
const validateProduct = ajv.compile(schema);

export function loadProduct(file: string): LoadedProduct {
  const path = resolve(file);
  const doc = readLocatedJson(path);
  const diagnostics: Diagnostic[] = [];
  const finish = (product?: Product): LoadedProduct => {
    const sorted = sortDiagnostics(dedupeDiagnostics(diagnostics));
    return { ...(product ? { product } : {}), diagnostics: sorted, hasErrors: countBySeverity(sorted).error > 0 || !product };
  };
  if (doc.value === undefined) {
    diagnostics.push(...doc.diagnostics);
    return finish();
  }
  if (!validateProduct(doc.value)) {
    for (const error of validateProduct.errors ?? []) reportSchemaError(doc, error);
    diagnostics.push(...doc.diagnostics);
    return finish();
  }
  diagnostics.push(...doc.diagnostics);
  const spec = doc.value as JsonObject;
  const base = dirname(path);
  const chip = CHIPS[spec['chip'] as string]!;
  const hardwareSet = new HardwareSet(((spec['hardwarePath'] as string[] | undefined) ?? []).map((d) => resolve(base, d)));

  let hardware: ResolvedHardware | undefined;
  const hardwareFile = spec['hardwareDefinition'] as string | undefined;
  if (hardwareFile !== undefined) {
    const hwDoc = readLocatedJson(resolve(base, hardwareFile));
    if (hwDoc.value === undefined) {
      reportMissing(doc, diagnostics, '/hardwareDefinition', hardwareFile, hwDoc);
    } else if (!looksLikeHardwareDefinition(hwDoc.value)) {
      doc.report('ProductInvalid', '/hardwareDefinition', `${hardwareFile} is not an Azure Sphere hardware definition`);
    } else {
      hardware = hardwareSet.open(hwDoc.file, hwDoc);
    }
  }

  const apps: ProductApp[] = [];
  (spec['apps'] as JsonObject[]).forEach((app, i) => {
    const manifestFile = resolve(base, app['manifest'] as string);
    const manifestDoc = readLocatedJson(manifestFile);
    if (manifestDoc.value === undefined && manifestDoc.diagnostics.some((d) => d.name === 'PathNotFound' || d.name === 'NotAFile')) {
      reportMissing(doc, diagnostics, joinPointer('/apps', i, 'manifest'), app['manifest'] as string, manifestDoc);
      return;
    }
    const manifest = readManifest(manifestDoc, chip);
    if (manifest) resolveReferences(manifestDoc, manifest, hardware, chip);
    diagnostics.push(...manifestDoc.diagnostics);
    if (manifest) {
      const image = app['image'] as string | undefined;
      apps.push({ manifest, manifestFile, ...(image ? { imageFile: resolve(base, image) } : {}) });
    }
  });
  const boardConfigs = readBoardConfigs(doc, spec, chip);
  for (const d of hardwareSet.documents()) diagnostics.push(...d.diagnostics);
  diagnostics.push(...hardwareSet.diagnostics);
  diagnostics.push(...doc.diagnostics);
  const name = spec['name'] as string;
  return finish({ file: path, name, chip, ...(hardware ? { hardware } : {}), apps, ...(boardConfigs.length ? { boardConfigs } : {}) });
}

function readBoardConfigs(doc: LocatedJson, spec: JsonObject, chip: ChipProfile): BoardConfig[] {
  const list = (spec['boardConfigs'] as JsonObject[] | undefined) ?? [];
  return list.map((entry, i) => {
    const claims = entry['claims'] as Record<string, (string | number)[]>;
    const positions: Record<string, SourcePosition> = {};
    for (const [capability, values] of Object.entries(claims)) {
      values.forEach((value, j) => {
        const pointer = joinPointer('/boardConfigs', i, 'claims', capability, j);
        positions[pointer] = doc.positionOf(pointer);
        if (!isChipPeripheral(chip, capability as PeripheralCapability, value)) {
          doc.report('ProductInvalid', joinPointer('/boardConfigs', i, 'claims', capability, j), `${chip.id.toUpperCase()} has no ${capability} ${JSON.stringify(value)}`);
        }
      });
    }
    return { name: entry['name'] as string, claims, positions };
  });
}

function reportMissing(doc: LocatedJson, diagnostics: Diagnostic[], pointer: string, relativePath: string, target: LocatedJson): void {
  const reason = target.diagnostics[0]?.message ?? 'cannot be read';
  if (target.diagnostics.some((d) => d.name === 'PathNotFound')) doc.report('ProductFileMissing', pointer, `${relativePath}: file not found`);
  else if (target.diagnostics.some((d) => d.name === 'NotAFile')) doc.report('ProductFileMissing', pointer, `${relativePath}: ${reason}`);
  else diagnostics.push(...target.diagnostics);
}

function reportSchemaError(doc: LocatedJson, error: ErrorObject): void {
  const pointer = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const field = pointer ? `"${pointer.slice(1).replace(/\//g, '.')}"` : 'the product file';
  let message = `${field} ${error.message ?? 'is invalid'}`;
  let at = pointer;
  if (error.keyword === 'additionalProperty' || error.keyword === 'additionalProperties') {
    at = joinPointer(pointer, String(params['additionalProperty']));
    message = `unknown field "${String(params['additionalProperty'])}"`;
  } else if (error.keyword === 'required') {
    message = `missing required field "${String(params['missingProperty'])}"`;
  } else if (error.keyword === 'enum') {
    message = `${field} must be one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  } else if (error.keyword === 'const') {
    message = `${field} must be ${JSON.stringify(params['allowedValue'])}`;
  }
  const isChip = pointer === '/chip';
  doc.report(isChip ? 'ProductUnknownChip' : 'ProductInvalid', at, message);
}


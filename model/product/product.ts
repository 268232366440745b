/**
 * The product: the unit every property is verified on. Loaded from a product file (sevenfold.json),
 * validated against model/schema/product.schema.json, with its manifests read and their "$NAME"
 * references resolved against the product's hardware definition.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { reportSchemaErrors } from '../json/schema-errors.js';
import schema from '../schema/product.schema.json' with { type: 'json' };
import { CHIPS } from '../chips/mt3620.js';
import { isChipPeripheral, type ChipProfile, type PeripheralCapability } from '../chips/chip-profile.js';
import { countBySeverity, dedupeDiagnostics, sortDiagnostics, type Diagnostic, type SourcePosition } from '../diagnostics/diagnostic.js';
import { joinPointer } from '../diagnostics/diagnostic.js';
import { makeDiagnostic, type JsonObject, type LocatedJson } from '../json/located-json.js';
import { readLocatedJson } from '../json/read-input.js';
import { HardwareSet, type ResolvedHardware } from '../hardware/hardware-set.js';
import { looksLikeHardwareDefinition } from '../hardware/hardware-definition.js';
import type { AppManifest } from '../manifest/app-manifest.js';
import { readManifest } from '../manifest/read-manifest.js';
import { builtinPlatformFile, loadPlatform } from '../platform/load-platform.js';
import type { PlatformDesign } from '../platform/platform-design.js';
import { loadUpdateDesign } from '../update/load-update.js';
import type { UpdateDesign } from '../update/update-design.js';
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
  /** The security architecture (the built-in Azure Sphere design unless the product names one). */
  platform: PlatformDesign;
  platformFile: string;
  /** The attestation/authentication protocol design named by the product file; the built-in design when absent. */
  protocolFile?: string;
  /** The update design named by the product file; the built-in design when absent. */
  update?: UpdateDesign;
  updateFile?: string;
}

/** What the isolation rules need of a product: the chip and what is installed on it. */
export type InstalledSoftware = Pick<Product, 'file' | 'name' | 'chip' | 'apps' | 'boardConfigs'>;

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
    reportSchemaErrors(doc, validateProduct.errors ?? [], (pointer) => (pointer === '/chip' ? 'ProductUnknownChip' : 'ProductInvalid'), 'the product file');
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
  const platformFile = spec['platform'] === undefined ? builtinPlatformFile() : resolve(base, spec['platform'] as string);
  const platform = loadPlatform(platformFile);
  if (platform.doc.value === undefined && platform.doc.diagnostics.some((d) => d.name === 'PathNotFound')) {
    doc.report('ProductFileMissing', '/platform', `${String(spec['platform'])}: file not found`);
  } else diagnostics.push(...platform.diagnostics);
  for (const d of hardwareSet.documents()) diagnostics.push(...d.diagnostics);
  diagnostics.push(...hardwareSet.diagnostics);
  diagnostics.push(...doc.diagnostics);
  const name = spec['name'] as string;
  if (!platform.design) return finish();
  const updateFile = spec['update'] === undefined ? undefined : resolve(base, spec['update'] as string);
  const update = updateFile ? loadUpdateDesign(updateFile) : undefined;
  for (const e of update?.errors ?? []) {
    if (!existsSync(e.file)) doc.report('ProductFileMissing', '/update', `${String(spec['update'])}: file not found`);
    else diagnostics.push(makeDiagnostic('UpdateDesignInvalid', e.file, e.pointer, { line: e.line, column: e.column }, e.message));
  }
  const protocolFile = spec['protocol'] === undefined ? undefined : resolve(base, spec['protocol'] as string);
  if (protocolFile && !existsSync(protocolFile)) doc.report('ProductFileMissing', '/protocol', `${String(spec['protocol'])}: file not found`);
  return finish({
    file: path,
    name,
    chip,
    ...(hardware ? { hardware } : {}),
    apps,
    ...(boardConfigs.length ? { boardConfigs } : {}),
    platform: platform.design,
    platformFile,
    ...(protocolFile ? { protocolFile } : {}),
    ...(update?.design && updateFile ? { update: update.design, updateFile } : {}),
  });
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



/**
 * The product: the unit every property is verified on. Loaded from a product file (sevenfold.json),
 * validated against model/schema/product.schema.json, with its manifests read and their "$NAME"
 * references resolved against the product's hardware definition.
 */
import { APP_KEY_PLACES, isAppKeyPlace } from './certificate-keys.js';
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { lazyValidator } from '../../formats/json/lazy-validator.js';
import { reportSchemaErrors } from '../../formats/json/schema-errors.js';
import schema from '../schema/product.schema.json' with { type: 'json' };
import { CHIPS } from '../../formats/chips/mt3620.js';
import { isChipPeripheral, type ChipProfile, type PeripheralCapability } from '../../formats/chips/chip-profile.js';
import { countBySeverity, dedupeDiagnostics, sortDiagnostics, type Diagnostic, type SourcePosition } from '../../formats/diagnostics/diagnostic.js';
import { joinPointer } from '../../formats/diagnostics/diagnostic.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { makeDiagnostic, type JsonObject, type JsonValue, type LocatedJson } from '../../formats/json/located-json.js';
import { inputFileProblem, readLocatedJson } from '../../formats/json/read-input.js';
import { refuseDuplicateKeys } from '../../formats/json/duplicate-keys.js';
import { schemaErrors } from '../../formats/json/design-file.js';
import { HardwareSet, PRODUCT_HARDWARE_PATH, type ResolvedHardware } from '../../formats/hardware/hardware-set.js';
import type { AppManifest } from '../../formats/manifest/app-manifest.js';
import { readManifest } from '../../formats/manifest/read-manifest.js';
import { hostKey } from '../../formats/manifest/host-names.js';
import { NIL_GUID, normalizeGuid } from '../../formats/manifest/capabilities.js';
import { builtinPlatformFile, loadPlatform } from '../platform/load-platform.js';
import { builtinProtocol, builtinProtocolFile, loadProtocol } from '../attestation/load-protocol.js';
import { protocolKeysNotInPlatform, quoteKeyProvisioningOnAsset } from '../attestation/protocol-platform-keys.js';
import type { PlatformDesign } from '../platform/platform-design.js';
import { loadUpdateDesign } from '../update/load-update.js';
import { wrongKindMessage } from './input-file-kind.js';
import type { UpdateDesign } from '../update/update-design.js';
import { resolveName, resolveReferences } from '../../formats/manifest/resolve-references.js';
import { reportCapabilityNameVariants } from '../../formats/manifest/capability-name-variants.js';
import { reportEqualComponentIds, type ManifestOnDevice } from '../../formats/manifest/component-ids.js';
import { builtinUpdateFile, formatUpdateDesignError } from '../update/load-update.js';
import { DEFAULT_GROUP_NAME, groupFromUpdateDesign, withGroupCapabilities, type Deployment, type DeploymentGroup, type DeviceCapability } from './deployment.js';
import { chooseAppHardware, openStatedHardware, ProductHardwareSets } from './app-hardware-choice.js';
import { readProductImages } from './images.js';
import { appSlotsOffChip, instantiatePlatform, instantiateUpdate } from './instantiate.js';
import { danglingUpdateReferences, type DanglingReference } from './design-references.js';
import { pathFromInput } from '../../formats/json/free-text.js';

/** Whether an app checks the server certificate of a host it connects to (product file apps[].serverVerification). */
export type ServerVerification = 'certificate' | 'none';

/** How an app authenticates to a host it connects to (product file apps[].authentication). */
export type AppAuthentication = 'device-certificate' | 'certificate' | 'shared-secret' | 'password' | 'token' | 'none';

/**
 * What the image-package reader found in an app's image (product file apps[].image): who signed it,
 * whether the signature verifies, and the flags a production deployment must not carry
 * (model/product/images.ts reads it).
 */
export interface ProductImage {
  file: string;
  sha256: string;
  /**
   * Whom the Signature section names: production, a certificate in the product's trustedImageCertificates;
   * sdk-test, a test certificate: the public SDK test certificate (always recognised, even when the product
   * file lists it as trusted) or one in testImageCertificates; untrusted, none the product knows.
   */
  signer: 'production' | 'sdk-test' | 'untrusted';
  /** The signature verifies with the named certificate's key (false when the certificate is unknown). */
  signatureValid: boolean;
  /**
   * The TemporaryImage section's flags by name (RemoveAtBoot, UnderDevelopment, unknown bits as hex), plus
   * "Temporary" whenever that section sets any flag; empty when the image is a normal one.
   */
  flags: string[];
  /** The Identity section's component ID, lower case. */
  componentId: string;
  /** The Identity section's image type by name ("Applications"). */
  imageType: string;
  /** SHA-1 thumbprint (hex) of the certificate the Signature section names (always set by the reader). */
  thumbprint?: string;
  /** The certificate it names, when the product knows it: its file (or "built-in") and subject. */
  certificate?: { file: string; subject: string };
  /** Where the manifest inside the image differs from the product's manifest for this app (empty when they agree; always set by the reader). */
  manifestMismatches?: ImageManifestMismatch[];
  /** The manifest inside the image, which the device enforces (enforced-manifest.ts); always set by the reader. */
  manifest?: AppManifest;
}

/** One difference between the app manifest carried in an image and the product's manifest for that app. */
export interface ImageManifestMismatch {
  /** What differs: "ComponentId", "ApplicationType", "ImageType", "Capabilities/Gpio", … */
  field: string;
  /** The product manifest's value, as shown. */
  product: string;
  /** The image's value, as shown. */
  image: string;
  /** Where the product's manifest states it (the nearest existing value when it does not). */
  manifestFile: string;
  manifestPointer: string;
  manifestPosition: SourcePosition;
  /** Where the product file names the image: /apps/i/image, and its line and column there. */
  imagePointer: string;
  imagePosition: SourcePosition;
}

export interface ProductApp {
  manifest: AppManifest;
  manifestFile: string;
  imageFile?: string;
  /** The image read from imageFile (set by the product loader once images are read). */
  image?: ProductImage;
  /**
   * The hardware definition this app's "$NAME" references were resolved against, when it is not the
   * product's (apps[i].hardwareDefinition, or the one its CMakeLists.txt names): app-hardware-choice.ts.
   */
  hardware?: ResolvedHardware;
  /** The CMakeLists.txt beside the manifest, when it was read to find or check that definition. */
  buildFile?: string;
  /** The platform design's app slot (component id) this app fills; undefined when the design has no free slot for it. */
  slot?: string;
  /** How the app reaches the devices: a cloud deployment (default) or sideloading. */
  delivery: 'cloud' | 'sideload';
  /** What the product file states about how the app authenticates to each host, by host name. */
  authentication: Record<string, AppAuthentication>;
  /**
   * Where the private key of each certificate of the app's own ("certificate" in authentication) is kept, by the
   * same keys: "image", "mutable-storage" or a platform asset id (model/product/certificate-keys.ts).
   */
  certificateKeys?: Record<string, string>;
  /**
   * Whether the app checks each host's server certificate, by the same keys as authentication (product file
   * apps[].serverVerification): "none" makes the connection one-sided (properties/certificate-authentication/
   * server-verification.ts). Left out: the TLS stack's default, which checks it.
   */
  serverVerification?: Record<string, ServerVerification>;
  /** This app's entry in the product file, as a JSON pointer (/apps/0). */
  pointer: string;
}

/** A product resource marked critical in the product file ("Pwm:PWM-CONTROLLER-0"). */
export interface CriticalResource {
  resource: string;
  pointer: string;
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
  /**
   * The security architecture instantiated for this product: the platform design (the built-in Azure
   * Sphere design unless the product names one) with only the app slots the product's apps fill.
   */
  platform: PlatformDesign;
  /** The platform design as its file states it, every app slot included. */
  basePlatform: PlatformDesign;
  platformFile: string;
  /** The attestation/authentication protocol design named by the product file; the built-in design when absent. */
  protocolFile?: string;
  /** The update design (the product's, else the built-in one), its update kinds limited to the app slots the product fills. */
  update?: UpdateDesign;
  updateFile?: string;
  /** How the devices are deployed (product file "deployment"; defaults when absent). */
  deployment: Deployment;
  /**
   * Every group the fielded devices are in, when the product file names more than one (deployment.deviceGroups);
   * `deployment` is the first. Each property is decided once per group and holds only where it holds for every one
   * (properties/fleet-groups.ts): a rule that reads `deployment` alone then judges each group in turn.
   */
  fleet?: Deployment[];
  /** Product resources the product file marks critical. */
  criticalAssets: CriticalResource[];
}

/** What the isolation rules need of an app: its manifest, where it is written, and the design's slot it fills. */
export type InstalledApp = Pick<ProductApp, 'manifest' | 'manifestFile' | 'slot'>;

/**
 * What the isolation rules need of a product: the chip, what is installed on it, and the platform design
 * (its app isolation and access rules; Azure Sphere's behaviour when absent).
 */
export type InstalledSoftware = Pick<Product, 'file' | 'name' | 'chip' | 'boardConfigs'> & Partial<Pick<Product, 'platform'>> & { apps: InstalledApp[] };

/** A product app built in code (tests, benchmarks, generated products): delivered by the cloud, no stated authentication. */
export function productApp(manifest: AppManifest, manifestFile: string, index = 0): ProductApp {
  return { manifest, manifestFile, delivery: 'cloud', authentication: {}, pointer: joinPointer('/apps', index) };
}

export interface LoadedProduct {
  /** Undefined when the product file itself cannot be used. */
  product?: Product;
  diagnostics: Diagnostic[];
  /** True when an error anywhere (product file, manifests, hardware) makes verification meaningless. */
  hasErrors: boolean;
}

const validateProduct = lazyValidator(schema);

export function loadProduct(file: string): LoadedProduct {
  const path = resolve(file);
  const doc = readLocatedJson(path);
  refuseDuplicateKeys(doc);
  const diagnostics: Diagnostic[] = [];
  const finish = (product?: Product): LoadedProduct => {
    // The product file's own diagnostics last: rules below the schema report into it until the end.
    const sorted = sortDiagnostics(dedupeDiagnostics([...diagnostics, ...doc.diagnostics]));
    return { ...(product ? { product } : {}), diagnostics: sorted, hasErrors: countBySeverity(sorted).error > 0 || !product };
  };
  if (doc.value === undefined) {
    diagnostics.push(...doc.diagnostics);
    return finish();
  }
  const schemaFound = schemaErrors(validateProduct, doc.value);
  if (schemaFound.length) {
    reportSchemaErrors(doc, schemaFound, (pointer) => (pointer === '/chip' ? 'ProductUnknownChip' : 'ProductInvalid'), 'the product file', schema);
    diagnostics.push(...doc.diagnostics);
    return finish();
  }
  diagnostics.push(...doc.diagnostics);
  const spec = doc.value as JsonObject;
  const base = dirname(path);
  const chip = CHIPS[spec['chip'] as string]!;
  const hardwarePath = ((spec['hardwarePath'] as string[] | undefined) ?? []).map((d) => pathFromInput(base, d));
  // A search folder that is not there is a typo, as `lint --hardware-path` treats it: a definition's imports looked up
  // there are not found, or found in another folder of the path, without a word.
  hardwarePath.forEach((dir, i) => {
    const problem = folderProblem(dir);
    if (problem) doc.report('ProductFileMissing', joinPointer('/hardwarePath', i), `${String((spec['hardwarePath'] as string[])[i])}: ${problem}`);
  });
  const hardwareSet = new HardwareSet(hardwarePath, PRODUCT_HARDWARE_PATH);
  const hardwareSets = new ProductHardwareSets(hardwareSet, hardwarePath);
  const missing = (pointer: string, written: string, target: LocatedJson) => reportMissing(doc, diagnostics, pointer, written, target);
  const hardwareFile = spec['hardwareDefinition'] as string | undefined;
  const productHardware = hardwareFile === undefined ? undefined : openStatedHardware(doc, hardwareSet, base, hardwareFile, '/hardwareDefinition', missing);
  const hardware = productHardware?.hardware;

  const apps: ProductApp[] = [];
  const appDocs: ManifestOnDevice[] = [];
  const manifestDocs: LocatedJson[] = [];
  (spec['apps'] as JsonObject[]).forEach((app, i) => {
    const manifestFile = pathFromInput(base, app['manifest'] as string);
    const manifestDoc = readLocatedJson(manifestFile);
    if (manifestDoc.value === undefined && manifestDoc.diagnostics.some((d) => d.name === 'PathNotFound' || d.name === 'NotAFile')) {
      reportMissing(doc, diagnostics, joinPointer('/apps', i, 'manifest'), app['manifest'] as string, manifestDoc);
      return;
    }
    // A file of another kind (a hardware definition, a design) named as the manifest: said at /apps/i/manifest, not as
    // the manifest fields it lacks, which name no product field.
    const otherKind = wrongKindMessage(app['manifest'] as string, manifestDoc.value, 'app manifest');
    if (otherKind) {
      doc.report('ProductInvalid', joinPointer('/apps', i, 'manifest'), otherKind);
      return;
    }
    const manifest = readManifest(manifestDoc, chip);
    const appHardwareFile = app['hardwareDefinition'] as string | undefined;
    const stated = appHardwareFile === undefined ? productHardware : openStatedHardware(doc, hardwareSet, base, appHardwareFile, joinPointer('/apps', i, 'hardwareDefinition'), missing);
    const chosen = manifest ? chooseAppHardware({ doc, appIndex: i, manifestFile, manifest, stated, statedByApp: appHardwareFile !== undefined, sets: hardwareSets, hardwarePath }) : undefined;
    // Without a hardware definition the product says what that costs itself: an error per reference when none is
    // named anywhere (reportUnresolvable), the missing or wrong hardwareDefinition otherwise. resolveReferences' note
    // "not resolved (no hardware definition given)" would say it again, and lint, which also reads the manifest on its
    // own with its own reason (no CMakeLists.txt, ...), printed two SF1104 notes for one reference.
    if (manifest && chosen?.hardware) resolveReferences(manifestDoc, manifest, chosen.hardware, chip);
    if (manifest && chosen?.source === 'none') reportUnresolvable(manifestDoc, manifest, path, chosen.reason);
    if (manifest) refuseDuplicateKeys(manifestDoc, 'ProductManifestDuplicateKey');
    if (manifest) reportCapabilityNameVariants(manifestDoc);
    manifestDocs.push(manifestDoc);
    if (manifest) appDocs.push({ manifest, doc: manifestDoc });
    if (manifest) {
      const image = app['image'] as string | undefined;
      apps.push({
        manifest,
        manifestFile,
        ...(image ? { imageFile: pathFromInput(base, image) } : {}),
        ...(chosen?.hardware && chosen.hardware !== hardware ? { hardware: chosen.hardware } : {}),
        ...(chosen?.buildFile ? { buildFile: chosen.buildFile } : {}),
        delivery: (app['delivery'] as 'cloud' | 'sideload' | undefined) ?? 'cloud',
        authentication: { ...((app['authentication'] as Record<string, AppAuthentication> | undefined) ?? {}) },
        ...(app['certificateKeys'] ? { certificateKeys: { ...(app['certificateKeys'] as Record<string, string>) } } : {}),
        ...(app['serverVerification'] ? { serverVerification: { ...(app['serverVerification'] as Record<string, ServerVerification>) } } : {}),
        pointer: joinPointer('/apps', i),
      });
    }
  });
  reportEqualComponentIds(appDocs, 'DuplicateComponentId');
  reportHostsStatedTwice(doc, spec);
  // After the rules across apps, so that each manifest's diagnostics include what they found there.
  for (const manifestDoc of manifestDocs) diagnostics.push(...manifestDoc.diagnostics);
  readProductImages(doc, spec, base, apps, chip);
  const boardConfigs = readBoardConfigs(doc, spec, chip);
  const platformFile = spec['platform'] === undefined ? builtinPlatformFile() : pathFromInput(base, spec['platform'] as string);
  const platform = loadPlatform(platformFile);
  if (!designFileMissing(doc, spec, 'platform', platformFile) && !designFileOfOtherKind(doc, spec, 'platform', platformFile)) diagnostics.push(...platform.diagnostics);
  for (const set of hardwareSets.all()) {
    for (const d of set.documents()) {
      refuseDuplicateKeys(d, 'ProductManifestDuplicateKey', 'which value the SDK build writes into the manifest is not known, so no verdict may rest on either');
      diagnostics.push(...d.diagnostics);
    }
    diagnostics.push(...set.diagnostics);
  }
  const name = spec['name'] as string;
  if (!platform.design) return finish();
  reportCertificateKeys(doc, spec, platform.design, displayPath(platformFile));
  const updateFile = spec['update'] === undefined ? builtinUpdateFile() : pathFromInput(base, spec['update'] as string);
  const update = designFileMissing(doc, spec, 'update', updateFile) || designFileOfOtherKind(doc, spec, 'update', updateFile) ? { file: updateFile, errors: [] } : loadUpdateDesign(updateFile);
  for (const e of update.errors) {
    if (spec['update'] === undefined) throw new Error(`the built-in update design is invalid: ${formatUpdateDesignError(e)}`);
    else diagnostics.push(makeDiagnostic('UpdateDesignInvalid', e.file, e.pointer, { line: e.line, column: e.column }, e.message));
  }
  const platformShown = displayPath(platformFile);
  const reportDangling = (name: 'UpdateDesignInvalid', file: string, found: DanglingReference[]) => {
    if (found.length === 0) return;
    const located = readLocatedJson(file);
    for (const r of found) diagnostics.push(makeDiagnostic(name, file, r.pointer, located.positionOf(r.pointer), r.message));
  };
  if (spec['update'] !== undefined && update.design) reportDangling('UpdateDesignInvalid', updateFile, danglingUpdateReferences(update.design, platform.design, platformShown));
  const deployment = update.design ? readDeployment(doc, spec, update.design) : undefined;
  const criticalAssets = readCriticalAssets(doc, spec, chip, hardware, apps);
  // An app slot's kind is its core's kind on the chip: a core the chip does not have would make it a high-level slot by default.
  for (const { index, slot } of appSlotsOffChip(platform.design, chip)) {
    const pointer = joinPointer('/components', index, 'core');
    diagnostics.push(makeDiagnostic('PlatformUnknownReference', platformFile, pointer, readLocatedJson(platformFile).positionOf(pointer), `app slot ${slot.id} runs on core "${slot.core}", which the product's chip ${chip.id} does not have (its cores: ${chip.cores.map((c) => c.id).join(', ')}): an app slot's kind (high-level or real-time) is its core's on the chip`));
  }
  const instance = instantiatePlatform(platform.design, apps.map((a) => ({ name: a.manifest.name ?? a.manifestFile, kind: a.manifest.kind })), chip);
  instance.slots.forEach((slot, i) => {
    if (slot) apps[i]!.slot = slot;
  });
  const protocolFile = spec['protocol'] === undefined ? undefined : pathFromInput(base, spec['protocol'] as string);
  // Every design file the product names is read here, so a bad one is an input error like a bad update design (not an unknown verdict later).
  const loadedProtocol = protocolFile && !designFileMissing(doc, spec, 'protocol', protocolFile) && !designFileOfOtherKind(doc, spec, 'protocol', protocolFile) ? loadProtocol(protocolFile) : undefined;
  for (const e of loadedProtocol?.errors ?? []) diagnostics.push(makeDiagnostic('ProtocolDesignInvalid', e.file, e.pointer, { line: e.line, column: e.column }, e.message));
  // The protocol's keys are the platform's: an id the platform does not have means the protocol describes another device.
  const protocol = protocolFile ? loadedProtocol?.design : builtinProtocol();
  for (const m of protocol ? protocolKeysNotInPlatform(protocol, platform.design) : []) {
    if (protocolFile) diagnostics.push(makeDiagnostic('ProtocolKeyNotInPlatform', protocolFile, m.pointer, readLocatedJson(protocolFile).positionOf(m.pointer), `${m.message}: name the platform's own key`));
    else doc.report('ProtocolKeyNotInPlatform', '/protocol', `the product names no protocol design, and the built-in one (${displayPath(builtinProtocolFile())}) does not fit this platform: ${m.message}: write a protocol design that names this platform's keys and give it in "protocol"`);
  }
  const quoteKeyProvisioning = protocol ? quoteKeyProvisioningOnAsset(protocol, platform.design) : undefined;
  if (quoteKeyProvisioning) diagnostics.push(makeDiagnostic('PlatformAssetKind', platformFile, quoteKeyProvisioning.pointer, readLocatedJson(platformFile).positionOf(quoteKeyProvisioning.pointer), quoteKeyProvisioning.message));
  return finish({
    file: path,
    name,
    chip,
    ...(hardware ? { hardware } : {}),
    apps,
    ...(boardConfigs.length ? { boardConfigs } : {}),
    platform: instance.design,
    basePlatform: platform.design,
    platformFile,
    ...(protocolFile ? { protocolFile } : {}),
    ...(update.design ? { update: instantiateUpdate(update.design, instance.emptySlots), updateFile } : {}),
    deployment: withGroupCapabilities(deployment?.deployment ?? defaultDeployment()),
    ...(deployment?.fleet ? { fleet: deployment.fleet.map(withGroupCapabilities) } : {}),
    criticalAssets,
  });
}

/**
 * A "$NAME" reference with no hardware definition to resolve it names no pin the device would see (the
 * build substitutes raw values, azure-sphere-facts §1.1). Lint may leave it "not checked"; a product
 * cannot: every check of the peripherals (allocation, attack-graph edges, the image's manifest) would
 * run without that claim and could prove what the device does not do. So it is an input error here.
 */
function reportUnresolvable(manifestDoc: LocatedJson, manifest: AppManifest, productFile: string, buildReason?: string): void {
  // The error is on the manifest, which several product files may share (lint of a folder reads them all):
  // it names the product file that lacks the definition, or a reader whose own product names one is lost.
  for (const p of manifest.peripherals) {
    if (p.reference === undefined || p.value !== undefined) continue;
    manifestDoc.report('ProductReferenceUnresolved', p.pointer, `${p.raw} cannot be resolved: the product file ${displayPath(productFile)} names no hardwareDefinition (nor does apps[].hardwareDefinition, ${buildReason ? `and ${buildReason}` : 'nor a CMakeLists.txt beside the manifest'}), so which ${p.capability} the app gets is unknown and no check of its peripherals could be sound`);
  }
}

/**
 * apps[i].authentication names hosts as AllowedConnections does, by host key (formats/manifest/host-names.ts:
 * without regard to case, a trailing dot or IDNA's mapping; certificate-authentication compares them so). Two
 * keys for one host ("API.example.com": "password" beside "api.example.com.": "certificate") state two methods
 * for one connection; reading one of them would let the other decide unseen, so it is an error at the second key.
 */
function reportHostsStatedTwice(doc: LocatedJson, spec: JsonObject): void {
  (spec['apps'] as JsonObject[]).forEach((app, i) => {
    for (const field of ['authentication', 'serverVerification'] as const) {
      const stated = app[field] as JsonObject | undefined;
      if (!stated) continue;
      const seen = new Map<string, string>();
      for (const key of Object.keys(stated)) {
        const host = hostKey(key);
        const first = seen.get(host);
        if (first === undefined) seen.set(host, key);
        else doc.report('ProductInvalid', joinPointer('/apps', i, field, key), `"${key}" and "${first}" are one host (host names compare without regard to case, a trailing dot or IDNA's mapping): state one ${field === 'authentication' ? 'method' : 'verification'} for it (here ${JSON.stringify(stated[key])} and ${JSON.stringify(stated[first])})`);
        // The app is the server on a port it listens on: how it checks its clients is authentication's "tcp:N" (listening-ports.ts).
        if (field === 'serverVerification' && /^(tcp|udp):\d+$/i.test(key)) doc.report('ProductInvalid', joinPointer('/apps', i, field, key), `"${key}" is a port the app listens on, where the app is the server: serverVerification states whether it checks the certificate of a host it connects to; how clients on ${key} are checked is ${joinPointer('/apps', i, 'authentication', key)}`);
      }
    }
  });
}

/**
 * apps[i].certificateKeys names where each key is kept: a word (image, mutable-storage) or an asset of the platform
 * design. An id the design does not have is a wrong input (a misspelt asset would otherwise be judged as a key
 * kept nowhere the design knows): an error at the value, naming the design's private keys. Keys that name one host
 * twice are refused as in authentication.
 */
function reportCertificateKeys(doc: LocatedJson, spec: JsonObject, platform: PlatformDesign, platformShown: string): void {
  (spec['apps'] as JsonObject[]).forEach((app, i) => {
    const stated = app['certificateKeys'] as JsonObject | undefined;
    if (!stated) return;
    const seen = new Map<string, string>();
    for (const [key, value] of Object.entries(stated)) {
      const pointer = joinPointer('/apps', i, 'certificateKeys', key);
      const host = hostKey(key);
      const first = seen.get(host);
      if (first !== undefined) doc.report('ProductInvalid', pointer, `"${key}" and "${first}" are one host (host names compare without regard to case, a trailing dot or IDNA's mapping): state one place for its key`);
      else seen.set(host, key);
      if (typeof value === 'string' && !isAppKeyPlace(value, platform)) {
        const keys = platform.assets.filter((a) => a.kind === 'private-key').map((a) => `"${a.id}"`);
        doc.report('ProductInvalid', pointer, `"${value}" is neither ${APP_KEY_PLACES.map((p) => `"${p}"`).join(' nor ')} nor an asset of the platform design ${platformShown}${keys.length ? ` (its private keys: ${keys.join(', ')})` : ' (it has no private key)'}`);
      }
    }
  });
}

function defaultDeployment(): Deployment {
  return { group: { name: DEFAULT_GROUP_NAME, osFeed: 'Retail', updatePolicy: 'UpdateAll', stage: 'production', fromUpdateDesign: true }, deviceCapabilities: [], isDefault: true };
}

/**
 * The group a product that names none deploys to: Azure Sphere's default, the update design's "Production" group. An
 * update design without a group of that name (a maker's own names) has no default: the product states its group, as
 * it must when it names one the design lacks. Before, the verdicts read a Production group (UpdateAll, no
 * development images) the design does not have: renewable-security held for an update design whose only group took
 * no app updates and accepted development-signed images, because it was not called "Production"
 * (test/properties/default-deployment-group.test.ts).
 */
function defaultGroup(doc: LocatedJson, update: UpdateDesign, pointer: string): DeploymentGroup | undefined {
  const group = groupFromUpdateDesign(update, DEFAULT_GROUP_NAME);
  if (!group) doc.report('ProductInvalid', pointer, `no device group is stated, and the update design "${update.name}" has no "${DEFAULT_GROUP_NAME}" group to default to: state the group the product's devices are in as /deployment/deviceGroup (one of ${update.deviceGroups.map((g) => `"${g.name}"`).join(', ')}, or a custom group)`);
  return group;
}

function readDeployment(doc: LocatedJson, spec: JsonObject, update: UpdateDesign): { deployment: Deployment; fleet?: Deployment[] } {
  const entry = spec['deployment'] as JsonObject | undefined;
  if (!entry) {
    const group = defaultGroup(doc, update, '/deployment');
    return { deployment: { ...defaultDeployment(), ...(group ? { group } : {}) } };
  }
  const listed = entry['deviceGroups'] as JsonValue[] | undefined;
  if (listed !== undefined && entry['deviceGroup'] !== undefined) doc.report('ProductInvalid', '/deployment/deviceGroups', 'both deviceGroup and deviceGroups are stated: state the one group as deviceGroup, or every group the devices are in as deviceGroups, not both');
  const named = listed === undefined ? entry['deviceGroup'] : listed[0];
  const pointer = listed === undefined ? '/deployment/deviceGroup' : '/deployment/deviceGroups/0';
  const group = named === undefined ? defaultGroup(doc, update, pointer) : readGroup(doc, update, named, pointer);
  const fleet = entry['fleetSize'] as number | undefined;
  // A capability no property reads must not pass silently: the verdicts are those of devices without it.
  ((entry['deviceCapabilities'] as DeviceCapability[] | undefined) ?? []).forEach((c, i) => {
    if (UNJUDGED_CAPABILITIES.includes(c)) doc.report('ProductDeviceCapabilityUnjudged', joinPointer('/deployment/deviceCapabilities', i), `the devices carry ${c}, which no property reads (the reference facts do not say what a device carrying it accepts): every verdict is that of devices without it`);
  });
  const tenant = entry['tenant'] === undefined ? undefined : normalizeGuid(entry['tenant'] as string);
  // The schema holds it to a GUID; the all-zero one names no tenant (the samples' placeholder, azure-sphere-facts §1.3).
  if (tenant === NIL_GUID) doc.report('ProductInvalid', '/deployment/tenant', `"${entry['tenant'] as string}" is the all-zero GUID, which names no tenant: state the tenant (catalog) the devices are claimed into`);
  const deployment: Deployment = {
    group: group ?? defaultDeployment().group,
    ...(named !== undefined ? { groupPointer: pointer } : {}),
    deviceCapabilities: [...((entry['deviceCapabilities'] as DeviceCapability[] | undefined) ?? [])],
    ...(fleet !== undefined ? { fleetSize: fleet } : {}),
    ...(tenant !== undefined && tenant !== NIL_GUID ? { tenant } : {}),
    isDefault: false,
  };
  if (!listed || listed.length < 2) return { deployment };
  // Every further group: the same devices' capabilities, tenant and fleet size (the product file states them once), in
  // its own group. A name given twice is one group (the service compares names case-insensitively): no second fleet.
  const seen = new Map([[deployment.group.name.toLowerCase(), 0]]);
  const others: Deployment[] = [];
  listed.slice(1).forEach((value, j) => {
    const at = joinPointer('/deployment/deviceGroups', j + 1);
    const other = readGroup(doc, update, value, at);
    if (!other) return;
    const first = seen.get(other.name.toLowerCase());
    if (first !== undefined) return doc.report('ProductInvalid', at, `the device group "${other.name}" is already named at /deployment/deviceGroups/${first} (group names compare case-insensitively, so it is one group): name each group the devices are in once`);
    seen.set(other.name.toLowerCase(), j + 1);
    others.push({ ...deployment, group: other, groupPointer: at });
  });
  return { deployment, fleet: [deployment, ...others] };
}

/** One device group the product file names at `pointer`: a name of the update design's groups, or a custom group. */
function readGroup(doc: LocatedJson, update: UpdateDesign, named: JsonValue, pointer: string): DeploymentGroup | undefined {
  if (typeof named === 'string') {
    const group = groupFromUpdateDesign(update, named);
    if (!group) doc.report('ProductInvalid', pointer, `the update design "${update.name}" has no device group "${named}"; its groups are ${update.deviceGroups.map((g) => g.name).join(', ')} (or describe a custom group as an object with name, osFeed, updatePolicy and stage)`);
    return group;
  }
  const custom = named as JsonObject;
  const group: DeploymentGroup = { name: custom['name'] as string, osFeed: custom['osFeed'] as DeploymentGroup['osFeed'], updatePolicy: custom['updatePolicy'] as DeploymentGroup['updatePolicy'], stage: custom['stage'] as DeploymentGroup['stage'], fromUpdateDesign: false };
  if (!update.feeds.some((f) => f.id === group.osFeed)) doc.report('ProductInvalid', `${pointer}/osFeed`, `the update design "${update.name}" has no OS feed "${group.osFeed}"`);
  return group;
}

/** Device capabilities no property reads (appDevelopment and enableRTCoreDebugging are judged): each is a warning, SF3021. */
const UNJUDGED_CAPABILITIES: readonly DeviceCapability[] = ['fieldServicing'];

function readCriticalAssets(doc: LocatedJson, spec: JsonObject, chip: ChipProfile, hardware: ResolvedHardware | undefined, apps: readonly ProductApp[]): CriticalResource[] {
  const list = (spec['criticalAssets'] as string[] | undefined) ?? [];
  return list.map((written, i) => {
    const pointer = joinPointer('/criticalAssets', i);
    const at = written.indexOf(':');
    const capability = written.slice(0, at);
    let raw = written.slice(at + 1);
    if (capability !== 'storage' && raw.startsWith('$')) {
      // A peripheral named as an app's manifest names it ("Gpio:$SAMPLE_LED"): the product's hardware definition
      // gives its raw value, by the rule the build applies to the manifests (resolveName).
      const value = resolveCriticalName(doc, pointer, raw, capability as PeripheralCapability, hardware);
      if (value === undefined) return { resource: written, pointer };
      if (appsGettingAnother(doc, pointer, raw, capability as PeripheralCapability, value, apps)) return { resource: written, pointer };
      raw = String(value);
    }
    if (capability !== 'storage') {
      const value = capability === 'Gpio' ? Number(raw) : raw;
      if ((capability === 'Gpio' && !/^[0-9]+$/.test(raw)) || !isChipPeripheral(chip, capability as PeripheralCapability, value)) doc.report('ProductInvalid', pointer, `${chip.id.toUpperCase()} has no ${capability} ${JSON.stringify(raw)}${raw === written.slice(at + 1) ? '' : ` (${written.slice(at + 1)} resolves to it)`}`);
    }
    return { resource: `${capability}:${raw}`, pointer };
  });
}

function resolveCriticalName(doc: LocatedJson, pointer: string, raw: string, capability: PeripheralCapability, hardware: ResolvedHardware | undefined): string | number | undefined {
  if (!hardware) {
    doc.report('ProductInvalid', pointer, `${raw} names a peripheral by a hardware definition's name, but the product states no hardwareDefinition to resolve it through`, { hint: 'Name the product\'s hardwareDefinition, or write the raw value ("Gpio:8", "Uart:ISU0").' });
    return undefined;
  }
  const found = resolveName(hardware, raw.slice(1), raw, capability);
  if ('missingImport' in found) {
    doc.report('ProductInvalid', pointer, `${raw} could not be resolved: the hardware definition imports "${found.missingImport}", which ${found.why}`);
    return undefined;
  }
  if (!found.ok) {
    doc.report(found.code, pointer, found.message, found.hint ? { hint: found.hint } : {});
    return undefined;
  }
  return found.value;
}

/**
 * A critical "$NAME" is resolved through the product's hardware definition, but an app built against another
 * definition (apps[].hardwareDefinition, or the one its CMakeLists.txt names) gets what that one gives under the same
 * name, and its image carries that value. Where an app naming it gets another peripheral, which one the maker means is
 * not known from the product: before s37 the product's value was taken, and a pin no app drives stood guard while the
 * app's own pin, reached in one compromise, was never a goal (defense-in-depth held). An input error at the entry.
 */
function appsGettingAnother(doc: LocatedJson, pointer: string, raw: string, capability: PeripheralCapability, value: string | number, apps: readonly ProductApp[]): boolean {
  const others = apps.flatMap((app) =>
    app.manifest.peripherals
      .filter((p) => p.capability === capability && p.reference === raw.slice(1) && p.value !== undefined && p.value !== value)
      .map((p) => `${app.manifest.name ?? app.manifest.componentId} (${app.pointer}) gets ${capability} ${JSON.stringify(p.value)} under that name${app.hardware ? `, built against ${app.hardware.name ? `"${app.hardware.name}"` : 'another definition'}` : ''}`),
  );
  if (others.length === 0) return false;
  doc.report('ProductInvalid', pointer, `${raw} resolves to ${capability} ${JSON.stringify(value)} through the product's hardwareDefinition, but ${[...new Set(others)].join('; ')}: which peripheral is critical is not known from the product`, {
    hint: 'Write the raw value the devices carry ("Gpio:12"), or make the product\'s hardwareDefinition the one the apps are built against.',
  });
  return true;
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

/**
 * A design file the product names that is not there to read (missing, a folder, a looping link, unreadable) is an
 * error at the product's pointer, as for every other file it names (reportMissing), not at line 1 of a folder or of a
 * file that does not exist. True when it was reported; a file that is there but too large or malformed is the file's
 * own error.
 */
function designFileMissing(doc: LocatedJson, spec: JsonObject, field: 'platform' | 'update' | 'protocol', file: string): boolean {
  if (spec[field] === undefined) return false;
  const problem = inputFileProblem(file);
  if (!problem || problem.name === 'FileTooLarge') return false;
  doc.report('ProductFileMissing', `/${field}`, `${String(spec[field])}: ${problem.message}`);
  return true;
}

/** Why `dir` cannot be searched as a folder, or undefined when it can. */
function folderProblem(dir: string): string | undefined {
  try {
    return statSync(dir).isDirectory() ? undefined : 'not a folder';
  } catch {
    return 'no such folder';
  }
}

const DESIGN_KIND = { platform: 'platform design', update: 'update design', protocol: 'protocol design' } as const;

/**
 * A design field naming a file of another kind ("platform" naming the update design): an error at the field, and the
 * file's own schema errors left out (a score of "missing required field" in the file named, none pointing at the field).
 */
function designFileOfOtherKind(doc: LocatedJson, spec: JsonObject, field: 'platform' | 'update' | 'protocol', file: string): boolean {
  if (spec[field] === undefined) return false;
  const message = wrongKindMessage(String(spec[field]), readLocatedJson(file).value, DESIGN_KIND[field]);
  if (!message) return false;
  doc.report('ProductInvalid', `/${field}`, message);
  return true;
}

function reportMissing(doc: LocatedJson, diagnostics: Diagnostic[], pointer: string, relativePath: string, target: LocatedJson): void {
  const reason = target.diagnostics[0]?.message ?? 'cannot be read';
  if (target.diagnostics.some((d) => d.name === 'PathNotFound')) doc.report('ProductFileMissing', pointer, `${relativePath}: file not found`);
  else if (target.diagnostics.some((d) => d.name === 'NotAFile')) doc.report('ProductFileMissing', pointer, `${relativePath}: ${reason}`);
  else diagnostics.push(...target.diagnostics);
}



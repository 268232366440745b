/**
 * Target product-file: one product file (sevenfold.json) read by loadProduct (model/product/product.ts) as
 * `verify` reads it: schema, the manifests and hardware definition it names, the platform, update and
 * protocol designs it names (or the built-in ones), the deployment and critical assets, and the
 * instantiation of the platform's app slots. The input is written into a scratch copy of the reference
 * product (apps/, hardware/) that also holds design files under designs/: the built-in ones, a small valid
 * platform and update design that fit each other, and broken ones.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEVICE_CAPABILITIES, describeDeployment } from '../../model/product/deployment.js';
import { isAppSlot } from '../../model/product/instantiate.js';
import { loadProduct, type LoadedProduct } from '../../model/product/product.js';
import { buildAttackGraph } from '../../model/platform/attack-graph.js';
import { computeTcb } from '../../model/platform/tcb.js';
import { InputText } from '../core/line-starts.js';
import { checkAgainstPlatform } from '../../model/update/load-update.js';
import { checkBound, expiryFor } from '../../model/update/policy.js';
import { parseLocatedJson } from '../../formats/json/located-json.js';
import { check, deepFreeze, multisetDifference } from '../core/oracle.js';
import { projectRoot } from '../core/project-root.js';
import { PRODUCT_FILE_THOROUGH_SAMPLE, stagedRunner } from '../core/staged-run.js';
import { decodeUtf8, utf8, type FuzzTarget, type NamedInput, type TargetRunner } from '../core/target.js';
import { jsonCodec, type JsonStructure } from './app-manifest.js';
import { independentValidator, idsOf, pointerShape, schemaPlaces, withoutDescriptions } from './design/design-file-target.js';
import { schemaDictionary } from './design/schema-dictionary.js';
import type { Diagnostic } from '../../formats/diagnostics/diagnostic.js';
import { platformRuleProblems, SMALL_PLATFORM } from './platform-design.js';
import { canonicalJson, checkDiagnostics, diagnosticShape, SYNTAX_ONLY } from './shared/diagnostic-oracles.js';
import { makeScratchFolder } from './shared/scratch-folder.js';

const SCHEMA = ['model', 'schema', 'product.schema.json'];
const REFERENCE = ['products', 'mt3620-reference'];
const PRODUCT_FILE = 'sevenfold.json';

/** Design files in the scratch product, by path relative to it. */
function designFiles(root: string): Record<string, string> {
  const read = (...parts: string[]) => readFileSync(join(root, ...parts), 'utf8');
  const update = JSON.parse(read('model', 'designs', 'azure-sphere-update.json')) as { updateKinds: { kind: string; contents: string[] }[] };
  // The built-in update design narrowed to the small platform's components, so the two fit each other.
  const smallUpdate = { ...update, name: 'small', updateKinds: [{ kind: 'os', name: 'OS', order: 0, contents: ['os'] }, { kind: 'app', name: 'apps', order: 1, contents: ['app', 'rt'] }] };
  return {
    'designs/platform.json': read('model', 'designs', 'azure-sphere-mt3620.json'),
    'designs/update.json': read('model', 'designs', 'azure-sphere-update.json'),
    'designs/protocol.json': read('model', 'designs', 'azure-sphere-attestation.json'),
    'designs/platform-small.json': JSON.stringify(SMALL_PLATFORM, null, 2),
    'designs/update-small.json': JSON.stringify(smallUpdate, null, 2),
    'designs/broken.json': '{ "schemaVersion": 1, ',
    'designs/empty.json': '{}\n',
  };
}

interface Workspace {
  dir: string;
  file: string;
  /** Every file of the scratch product but the product file, by absolute path: the diagnostics' positions are checked against them. */
  texts: Map<string, InputText>;
  paths: string[];
}

function makeWorkspace(): Workspace {
  const root = projectRoot();
  const dir = makeScratchFolder('sevenfold-fuzz-product-');
  cpSync(join(root, ...REFERENCE, 'apps'), join(dir, 'apps'), { recursive: true });
  cpSync(join(root, ...REFERENCE, 'hardware'), join(dir, 'hardware'), { recursive: true });
  mkdirSync(join(dir, 'designs'));
  for (const [rel, text] of Object.entries(designFiles(root))) writeFileSync(join(dir, rel), text);
  const texts = new Map<string, InputText>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else texts.set(full, new InputText(readFileSync(full, 'utf8').replace(/^\ufeff/, '')));
    }
  };
  walk(dir);
  const paths = [...texts.keys()].map((f) => relative(dir, f));
  return { dir, file: join(dir, PRODUCT_FILE), texts, paths: [...paths, 'apps', 'hardware', 'designs', 'missing.json'] };
}

/** What loadProduct gives: true to the file, inside its designs, and usable by the static parts of the properties. */
function checkProduct(loaded: LoadedProduct, ws: Workspace, value: unknown): string[] {
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  check(loaded.hasErrors === (errors.length > 0 || !loaded.product), 'product.has-errors', () => `hasErrors is ${loaded.hasErrors} with ${errors.length} errors and ${loaded.product ? 'a' : 'no'} product`);
  const product = loaded.product;
  if (!product) return ['no-product'];
  deepFreeze(product);
  check(product.file === ws.file, 'product.file', () => `the product is ${product.file}`);
  const fileApps = ((value as { apps?: unknown[] } | undefined)?.apps ?? []).length;
  check(product.apps.length <= fileApps, 'product.apps', () => `${product.apps.length} apps from ${fileApps} entries`);
  const pointers = product.apps.map((a) => a.pointer);
  check(new Set(pointers).size === pointers.length && pointers.every((p) => /^\/apps\/\d+$/.test(p) && Number(p.slice(6)) < fileApps), 'product.apps', () => `app pointers ${pointers.join(', ')}`);
  const slots = product.apps.map((a) => a.slot).filter((s): s is string => s !== undefined);
  const baseSlots = product.basePlatform.components.filter(isAppSlot).map((c) => c.id);
  check(new Set(slots).size === slots.length && slots.every((s) => baseSlots.includes(s)), 'product.slots', () => `apps fill ${slots.join(', ')} of ${baseSlots.join(', ')}`);
  const baseIds = new Set(product.basePlatform.components.map((c) => c.id));
  check(product.platform.components.every((c) => baseIds.has(c.id)), 'product.instance', () => 'the instantiated platform has a component the design lacks');
  const problems = platformRuleProblems(product.platform);
  check(problems.length === 0, 'product.instance', () => `the instantiated platform breaks the loader's rules: ${problems.slice(0, 3).join('; ')}`);
  computeTcb(product.platform);
  buildAttackGraph(product.platform);
  const features = [`apps:${product.apps.length}`, `slots:${slots.length}`, `group:${product.deployment.group.stage}:${product.deployment.isDefault}`];
  if (product.update) {
    const fit = checkAgainstPlatform(product.update, product.platform);
    checkBound(product.update, true);
    expiryFor(product.update, 0);
    check(product.deployment.group.fromUpdateDesign === false || product.update.deviceGroups.some((g) => g.name === product.deployment.group.name), 'product.deployment', () => `the group ${product.deployment.group.name} is not in the update design`);
    features.push(`fit:${Math.min(fit.length, 4)}`);
  }
  check(product.deployment.deviceCapabilities.every((c) => DEVICE_CAPABILITIES.includes(c)), 'product.deployment', () => `capabilities ${product.deployment.deviceCapabilities.join(', ')}`);
  const described = describeDeployment(product.deployment);
  check(!/undefined|NaN|\[object/.test(described), 'product.deployment', () => `the deployment reads "${described}"`);
  product.criticalAssets.forEach((a, i) => check(a.pointer === `/criticalAssets/${i}`, 'product.critical', () => `critical asset ${i} at ${a.pointer}`));
  return features;
}

/** The JSON reader's findings on a member (formats/json/located-json.ts, duplicate-keys.ts): one path wherever the member is. */
const READER_MEMBER_FINDINGS: ReadonlySet<string> = new Set(['DuplicateKey', 'InputDuplicateKey', 'ReservedKey', 'NumberNotExact']);

/**
 * A diagnostic as a behaviour feature: its name and where, a place in the product schema for the product file
 * (schemaPlace: names the schema does not have as *), the pointer with indexes generalised in the scratch product's
 * other files (fixed files: a bounded set). With the product file's pointers kept as written, every key the mutator
 * planted somewhere new was a new feature: in a window of the campaign (inputs 1,500-2,700 after the seeds, seed 1)
 * 115 of the 134 inputs that joined the corpus joined for such a feature alone, each paying the expensive stage and
 * a comparison-logging re-run.
 */
function diagnosticFeature(d: Diagnostic, productFile: string, place: (pointer: string) => string): string {
  if (READER_MEMBER_FINDINGS.has(d.name)) return `d:${d.name}`;
  return `d:${d.name}:${d.file === productFile ? place(d.pointer) : pointerShape(d.pointer)}`;
}

function setup(): TargetRunner {
  const ws = makeWorkspace();
  const place = schemaPlaces(independentValidator(SCHEMA).schema);
  const read = (bytes: Uint8Array) => {
    writeFileSync(ws.file, bytes);
    return loadProduct(ws.file);
  };
  const label = (file: string) => relative(ws.dir, file);
  return stagedRunner({
    thoroughSample: PRODUCT_FILE_THOROUGH_SAMPLE,
    codeUnderTest(input) {
      read(input);
    },
    stage(input) {
      const first = read(input);
      const texts = new Map(ws.texts);
      texts.set(ws.file, new InputText(input));
      checkDiagnostics(first.diagnostics, { texts });
      const features = first.diagnostics.map((d) => diagnosticFeature(d, ws.file, place));
      return {
        features,
        // The product's own oracles and static parts, and the round trip's second load: the expensive stage (core/staged-run.ts).
        thorough() {
          const json = parseLocatedJson(ws.file, input);
          const more = [...checkProduct(first, ws, json.value)];
          // The input already in canonical form (compact, numbers as JSON writes them; compared as bytes, as the
          // design-file targets compare it): the re-serialised file is the same bytes at the same path, in the same
          // scratch product, and loadProduct is a function of those. That second load was three quarters of the
          // expensive stage, and about a quarter of the campaign's inputs that read as JSON are in that form
          // (mutants of the compact seeds; in process, seed 1, inputs 1,000-2,000: 169 of 737).
          const canonical = json.value === undefined ? undefined : utf8(canonicalJson(json.value));
          if (canonical !== undefined && Buffer.compare(canonical, input) !== 0) {
            const again = read(canonical);
            const shapes = (l: LoadedProduct) => l.diagnostics.filter((d) => !SYNTAX_ONLY.has(d.name)).map((d) => diagnosticShape(d, label));
            const diff = multisetDifference(shapes(first), shapes(again));
            check(diff.onlyA.length === 0 && diff.onlyB.length === 0, 'roundtrip.diagnostics', () => `the re-serialised product loads differently: only in the original ${JSON.stringify(diff.onlyA)}; only in the re-serialised ${JSON.stringify(diff.onlyB)}`);
            check((first.product === undefined) === (again.product === undefined), 'roundtrip.product', () => 'the re-serialised product loads to a product only once');
          }
          return more;
        },
      };
    },
  });
}

function seeds(): NamedInput[] {
  const reference = JSON.parse(readFileSync(join(projectRoot(), ...REFERENCE, PRODUCT_FILE), 'utf8')) as Record<string, unknown> & { apps: unknown[] };
  const base = withoutDescriptions(reference) as typeof reference;
  const variants: [string, object][] = [
    ['designs-named', { ...base, platform: 'designs/platform.json', update: 'designs/update.json', protocol: 'designs/protocol.json' }],
    ['small-designs', { ...base, platform: 'designs/platform-small.json', update: 'designs/update-small.json' }],
    ['custom-group', { ...base, deployment: { deviceGroup: { name: 'Pilot', osFeed: 'RetailEval', updatePolicy: 'No3rdPartyAppUpdates', stage: 'test' }, deviceCapabilities: ['fieldServicing'], fleetSize: 1000 } }],
    ['development', { ...base, deployment: { deviceGroup: 'Development', deviceCapabilities: ['appDevelopment', 'enableRTCoreDebugging'] }, criticalAssets: ['Pwm:PWM-CONTROLLER-0', 'Gpio:8', 'storage:Thermostat'] }],
    ['one-real-time-app', { ...base, apps: [base.apps[1]] }],
    ['board-config', { ...base, boardConfigs: [{ name: 'ethernet', claims: { SpiMaster: ['ISU0'], Gpio: [5] } }] }],
    ['broken-designs', { ...base, platform: 'designs/broken.json', update: 'designs/empty.json' }],
  ];
  return [{ name: 'mt3620-reference.json', bytes: utf8(JSON.stringify(reference, null, 2)) }, ...variants.map(([name, v]) => ({ name: `${name}.json`, bytes: utf8(JSON.stringify(v)) }))];
}

let dictionaryCache: ReturnType<typeof schemaDictionary> | undefined;

export const productFileTarget: FuzzTarget<JsonStructure> = {
  id: 'product-file',
  title: 'product file loader (loadProduct): manifests, hardware, the platform, update and protocol designs it names, deployment, critical assets, app-slot instantiation',
  oracles: [
    'no exception escapes; every diagnostic is well formed (known code, severity, pointer, a position inside its file, no placeholder text)',
    'hasErrors is true exactly when there is an error or no product',
    'a product keeps its file: apps point at their own entries, fill distinct app slots of its platform design, and the instantiated platform keeps the loader rules',
    'the static parts of the properties run on the frozen product: computeTcb, buildAttackGraph, checkAgainstPlatform, the check bound and expiry, the deployment description',
    'serialize(parse(x)) loads with the same diagnostics (DuplicateKey/ReservedKey aside), to a product exactly when the original does',
  ],
  maxInputBytes: 16 * 1024,
  setup,
  seeds,
  structure: jsonCodec(() => {
    if (!dictionaryCache) {
      const { schema } = independentValidator(SCHEMA);
      let paths: string[] = [];
      try {
        const root = projectRoot();
        paths = [...Object.keys(designFiles(root)), 'designs', 'missing.json', 'hardware', 'hardware/sevenfold_thermostat.json', 'hardware/mt3620.json'];
        for (const app of readdirSync(join(root, ...REFERENCE, 'apps'))) if (statSync(join(root, ...REFERENCE, 'apps', app)).isDirectory()) paths.push(`apps/${app}/app_manifest.json`, `apps/${app}`);
      } catch {
        // no source tree: paths come from the seeds
      }
      const strings = [...paths, ...idsOf(withoutDescriptions(SMALL_PLATFORM)), 'Production', 'Development', 'Field Test', 'Pilot', 'Pwm:PWM-CONTROLLER-0', 'Gpio:8', 'Gpio:999', 'Uart:ISU0', 'storage:Thermostat', 'Pwm:$FAN_PWM_CONTROLLER', 'Gpio:$FAN_PWM_CONTROLLER', 'Pwm:$FAN_PWM_CHANNEL', 'Gpio:$NO_SUCH_NAME', 'ISU0', 'ISU1', 'PWM-CONTROLLER-0'];
      dictionaryCache = schemaDictionary(schema, { strings, extraKeys: ['__proto__', 'name'] });
    }
    return dictionaryCache;
  }),
};

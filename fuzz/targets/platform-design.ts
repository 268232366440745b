/**
 * Target platform-design: one platform design file read by loadPlatform (model/platform/load-platform.ts), as
 * `verify` reads the design a product names; then the static parts the properties build on it: the computed
 * TCB (small-tcb), the attack graph (defense-in-depth), each key's certification chain (hardware-root-of-trust)
 * and the product's instantiation of the app slots.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlatform } from '../../model/platform/load-platform.js';
import { buildAttackGraph } from '../../model/platform/attack-graph.js';
import { keyChain, type PlatformDesign } from '../../model/platform/platform-design.js';
import { computeTcb } from '../../model/platform/tcb.js';
import { instantiatePlatform, isAppSlot, type AppSlotFill } from '../../model/product/instantiate.js';
import { check } from '../core/oracle.js';
import { projectRoot } from '../core/project-root.js';
import { utf8, type NamedInput } from '../core/target.js';
import { designFileTarget, type DesignFileSpec, fileSeeds, idsOf, independentValidator, withoutDescriptions, type LocatedIssue } from './design/design-file-target.js';
import { checkDiagnostics } from './shared/diagnostic-oracles.js';

const SCHEMA = ['model', 'schema', 'platform.schema.json'];
/** azure-sphere-facts §3.3, restated (not read from formats/image-package/enums.ts). */
const IMAGE_TYPE_NAMES: ReadonlySet<string> = new Set('OneBl PlutonRuntime WifiFirmware SecurityMonitor NormalWorldLoader NormalWorldDtb NormalWorldKernel RootFs Services Applications FwConfig BootManifest Nwfs TrustedKeystore Policy CustomerBoardConfig UpdateCertStore BaseSystemUpdateManifest FirmwareUpdateManifest CustomerUpdateManifest RecoveryManifest ManifestSet Other'.split(' '));
const BUILTIN = ['model', 'designs', 'azure-sphere-mt3620.json'];
const FIXTURES = ['test', 'fixtures', 'platforms'];

/**
 * The loader's rules, stated again from the schema's descriptions and the loader's header (ids unique, every
 * reference resolves, each right on a kind of asset it names an operation on, each image loaded once, by ROM or an earlier stage, and not itself ROM,
 * image types spelt as the facts spell them, private keys secret): what a design
 * the loader accepts — and the product's instantiation of it — must satisfy.
 */
export function platformRuleProblems(d: PlatformDesign): string[] {
  const problems: string[] = [];
  const all = [...d.components, ...d.assets, ...d.keys, ...d.attackers].map((x) => x.id);
  if (new Set(all).size !== all.length) problems.push(`ids are not unique: ${all.filter((id, i) => all.indexOf(id) !== i).join(', ')}`);
  const components = new Map(d.components.map((c) => [c.id, c]));
  const assets = new Set(d.assets.map((a) => a.id));
  const keys = new Set(d.keys.map((k) => k.id));
  const attackers = new Set(d.attackers.map((a) => a.id));
  const need = (ok: boolean, what: string) => void (ok || problems.push(what));
  d.declaredTcb.forEach((id) => need(components.has(id), `declaredTcb names ${id}`));
  d.access.forEach((a) => need(components.has(a.component) && assets.has(a.asset), `access ${a.component} → ${a.asset}`));
  // extend only on a register, use only on a key, execute only on memory or storage (the schema's meaning of each right).
  const kindOf = new Map(d.assets.map((a) => [a.id, a.kind]));
  const allowed: Record<string, string[]> = { extend: ['register'], use: ['private-key', 'key-store'], execute: ['memory-region', 'storage'] };
  d.access.forEach((a) => a.rights.forEach((r) => need(!kindOf.has(a.asset) || !allowed[r] || allowed[r]!.includes(kindOf.get(a.asset)!), `access ${a.component} may ${r} ${a.asset}, a ${kindOf.get(a.asset)}`)));
  d.assets.forEach((a) => need(!a.oneTimeProgrammable || a.location === 'efuse', `${a.id} is one-time programmable in ${a.location}`));
  d.assets.forEach((a) => need(a.kind !== 'private-key' || a.secret, `${a.id} is a private key not marked secret`));
  // An image type is a name of the facts' §3.3 list, as spelled there; only mask ROM, with none, is immutable.
  d.components.forEach((c) => need(c.imageType === undefined || (IMAGE_TYPE_NAMES.has(c.imageType) && c.mutable), `${c.id} has image type ${c.imageType}${c.mutable ? '' : ' and is marked immutable'}`));
  d.keys.forEach((k) => need((!k.anchoredIn || assets.has(k.anchoredIn)) && (!k.certifiedBy || keys.has(k.certifiedBy)), `key ${k.id} refers to nothing`));
  d.keys.forEach((k) => {
    const anchor = k.anchoredIn === undefined ? undefined : d.assets.find((a) => a.id === k.anchoredIn);
    need(!anchor || anchor.kind === 'key-hash', `key ${k.id} is anchored in ${k.anchoredIn}, a ${anchor?.kind}, not a key-hash`);
  });
  const anchors = d.keys.flatMap((k) => (k.anchoredIn ? [k.anchoredIn] : []));
  need(new Set(anchors).size === anchors.length, `two keys are anchored in one asset: ${anchors.join(', ')}`);
  const imageStage = new Map<string, number>();
  d.boot.forEach((s, i) => {
    need(components.has(s.image) && components.has(s.loadedBy), `boot stage ${i} (${s.image} by ${s.loadedBy})`);
    s.checks.forEach((c) => need(keys.has(c.key), `check ${c.id} names key ${c.key}`));
    if (s.measurement) need(assets.has(s.measurement.register) && components.has(s.measurement.by), `boot stage ${i} measurement`);
    if (s.rollback) need(assets.has(s.rollback.counter), `boot stage ${i} rollback counter`);
    need(!imageStage.has(s.image), `${s.image} is loaded twice`);
    need(components.get(s.image)?.mutable !== false, `boot stage ${i} loads ROM ${s.image}`);
    imageStage.set(s.image, i);
  });
  d.boot.forEach((s, i) => {
    const loader = components.get(s.loadedBy);
    need(!loader?.mutable || (imageStage.get(s.loadedBy) ?? Infinity) < i, `boot stage ${i}: ${s.loadedBy} loads ${s.image} before it is itself loaded`);
    need(loader?.imageType !== 'Applications' || components.get(s.image)?.imageType === 'Applications', `boot stage ${i}: the app slot ${s.loadedBy} loads the firmware or OS stage ${s.image}`);
  });
  d.attackers.forEach((a) => a.controls.forEach((c) => need(components.has(c), `attacker ${a.id} controls ${c}`)));
  d.exploits.forEach((e) => need((components.has(e.from) || attackers.has(e.from)) && (components.has(e.to) || assets.has(e.to)), `exploit ${e.from} → ${e.to}`));
  (d.exploitExceptions ?? []).forEach((e, i) => need(components.has(e.component) && !(d.exploitExceptions ?? []).slice(0, i).some((x) => x.component === e.component && x.input === e.input), `exploit exception ${e.component} (${e.input})`));
  return problems;
}

/** App fills a product may bring: one app, every slot kind, more apps than slots. */
const FILLS: AppSlotFill[][] = [
  [{ name: 'hl', kind: 'high-level' }],
  [{ name: 'rt', kind: 'real-time' }],
  [
    { name: 'hl', kind: 'high-level' },
    { name: 'rt0', kind: 'real-time' },
    { name: 'rt1', kind: 'real-time' },
  ],
  [
    { name: 'rt0', kind: 'real-time' },
    { name: 'rt1', kind: 'real-time' },
    { name: 'rt2', kind: 'real-time' },
    { name: 'hl0', kind: 'high-level' },
    { name: 'hl1', kind: 'high-level' },
  ],
];

let validatePlatform: ReturnType<typeof independentValidator>['validate'] | undefined;

/** What the properties compute on a platform design before they search: its TCB, attack graph, key chains, and the design instantiated for each app fill (with its TCB and attack graph). */
export interface PlatformStatics {
  tcb: ReturnType<typeof computeTcb>;
  graph: ReturnType<typeof buildAttackGraph>;
  chains: { key: PlatformDesign['keys'][number]; chain: ReturnType<typeof keyChain> }[];
  instances: { fill: AppSlotFill[]; instance: ReturnType<typeof instantiatePlatform> }[];
}

/** The static parts of the properties on a loaded design (code under test: the benchmark's plain loop runs them too). */
export function platformStatics(d: PlatformDesign): PlatformStatics {
  const instances = FILLS.map((fill) => {
    const instance = instantiatePlatform(d, fill);
    computeTcb(instance.design);
    buildAttackGraph(instance.design);
    return { fill, instance };
  });
  return { tcb: computeTcb(d), graph: buildAttackGraph(d), chains: d.keys.map((key) => ({ key, chain: keyChain(d, key.id) })), instances };
}

/** Cheap checks of the static parts' results (every input with a design): none may give a result outside the design. */
export function checkPlatformResults(d: PlatformDesign, r: PlatformStatics): string[] {
  const components = new Set(d.components.map((c) => c.id));
  const { tcb, graph } = r;
  check(new Set(tcb.map((m) => m.component)).size === tcb.length, 'tcb.members', () => 'a component is in the TCB twice');
  for (const m of tcb) check(components.has(m.component) && m.reasons.length > 0 && m.reasons.every((r) => typeof r === 'string' && r.length > 0), 'tcb.members', () => `TCB member ${m.component}: ${JSON.stringify(m.reasons)}`);
  for (const c of d.components) if (!c.mutable) check(tcb.some((m) => m.component === c.id), 'tcb.rom', () => `ROM ${c.id} is not in the computed TCB`);

  const nodes = new Set(graph.nodes.map((n) => n.id));
  check(nodes.size === graph.nodes.length, 'graph.nodes', () => 'two attack-graph nodes share an id');
  for (const e of graph.edges) check(nodes.has(e.from) && nodes.has(e.to), 'graph.edges', () => `edge ${e.from} → ${e.to} leaves the graph`);
  // A goal is an asset the design marks critical or, as the profile's defense-in-depth.trust-assets-critical has it
  // (on by default), one whose kind decides trust: restated here, not imported from model/platform/critical-assets.ts.
  const goalKinds = new Set(['private-key', 'key-store', 'key-hash', 'register', 'firewall-config']);
  check(graph.goals.every((g) => nodes.has(g.id) && (g.origin === 'product' || d.assets.some((a) => a.id === g.id && (a.critical || goalKinds.has(a.kind))))), 'graph.goals', () => 'a goal is not a critical asset node');

  for (const { key: k, chain } of r.chains) {
    if (!chain) continue;
    check(chain[0] === k && chain.at(-1)!.anchoredIn !== undefined && chain.every((x, i) => i === 0 || chain[i - 1]!.certifiedBy === x.id), 'keys.chain', () => `the chain of ${k.id} is ${chain.map((x) => x.id).join(' → ')}`);
  }

  const slots = d.components.filter(isAppSlot).map((c) => c.id);
  const features = [`tcb:${Math.min(tcb.length, 8)}`, `edges:${Math.min(graph.edges.length, 32) >> 2}`, `boot:${Math.min(d.boot.length, 12)}`, `slots:${slots.length}`];
  for (const { instance: inst } of r.instances) {
    const filled = inst.slots.filter((s): s is string => s !== undefined);
    check(new Set(filled).size === filled.length && filled.every((s) => slots.includes(s)), 'instance.slots', () => `slots filled: ${JSON.stringify(inst.slots)} of ${slots.join(', ')}`);
    check([...filled, ...inst.emptySlots].sort().join() === [...slots].sort().join(), 'instance.slots', () => `filled ${filled.join(', ')} and empty ${inst.emptySlots.join(', ')} are not the design's slots ${slots.join(', ')}`);
    features.push(`inst:${filled.length}:${inst.design.boot.length === d.boot.length ? 'same-boot' : 'fewer-boot'}`);
  }
  return features;
}

/** The expensive checks: the loader's rules restated, on the design and on each instantiated design, and the schema on each instantiated design. */
export function checkPlatformRules(d: PlatformDesign, r: PlatformStatics): void {
  validatePlatform ??= independentValidator(SCHEMA).validate;
  const rules = platformRuleProblems(d);
  check(rules.length === 0, 'rules.independent', () => `the loader accepted a design that breaks its rules: ${rules.slice(0, 3).join('; ')}`);
  for (const { fill, instance } of r.instances) {
    const problems = platformRuleProblems(instance.design);
    check(problems.length === 0, 'instance.rules', () => `the design instantiated for ${fill.length} apps breaks the loader's rules: ${problems.slice(0, 3).join('; ')}`);
    check(validatePlatform(instance.design), 'instance.schema', () => `the instantiated design breaks the schema: ${JSON.stringify(validatePlatform!.errors?.slice(0, 2))}`);
  }
}

function load(file: string): { issues: LocatedIssue[]; design?: PlatformDesign } {
  const loaded = loadPlatform(file);
  // The platform loader reports Diagnostics (a named code each): the shared oracle checks the codes too.
  checkDiagnostics(loaded.diagnostics, { texts: new Map() });
  return {
    issues: loaded.diagnostics.map((d) => ({ file: d.file, pointer: d.pointer, line: d.position.line, column: d.position.column, message: d.message, severity: d.severity })),
    ...(loaded.design ? { design: loaded.design } : {}),
  };
}

/** A small design: ROM, one loaded stage, an app slot of each kind, one key, one critical asset, one attacker. */
export const SMALL_PLATFORM: PlatformDesign = {
  schemaVersion: 1,
  name: 'small',
  components: [
    { id: 'rom', name: 'ROM', core: 'Pluton', world: 'secure', privilege: 'rom', mutable: false },
    { id: 'os', name: 'OS', core: 'A7', world: 'normal', privilege: 'supervisor', mutable: true },
    { id: 'app', name: 'App', core: 'A7', world: 'normal', privilege: 'user', imageType: 'Applications', mutable: true, untrusted: true },
    { id: 'rt', name: 'RT', core: 'M4-0', world: 'normal', privilege: 'bare-metal', imageType: 'Applications', mutable: true, untrusted: true },
  ],
  declaredTcb: ['rom', 'os'],
  assets: [
    { id: 'root-hash', name: 'root hash', kind: 'key-hash', location: 'efuse', secret: false, oneTimeProgrammable: true, critical: true },
    { id: 'id-key', name: 'identity key', kind: 'private-key', location: 'pluton', secret: true, critical: true },
    { id: 'ctr', name: 'counter', kind: 'counter', location: 'efuse', secret: false, critical: false },
    { id: 'pcr', name: 'pcr', kind: 'register', location: 'pluton', secret: false, critical: false },
  ],
  access: [{ component: 'os', asset: 'id-key', rights: ['use'] }],
  keys: [
    { id: 'root', name: 'root', anchoredIn: 'root-hash' },
    { id: 'apps', name: 'apps', certifiedBy: 'root' },
  ],
  boot: [
    { image: 'os', loadedBy: 'rom', checks: [{ id: 'rom.os', kind: 'signature', key: 'root' }], measurement: { register: 'pcr', by: 'rom', when: 'before-run' }, rollback: { counter: 'ctr', raised: 'after-verify' } },
    { image: 'app', loadedBy: 'os', checks: [{ id: 'os.app', kind: 'signature', key: 'apps' }] },
    { image: 'rt', loadedBy: 'os', checks: [] },
  ],
  attackers: [
    { id: 'evil-app', name: 'app', controls: ['app', 'rt'] },
    { id: 'flash', name: 'flash', controls: [], writesFlash: true },
  ],
  exploits: [
    { from: 'app', to: 'os', barrier: 'syscalls', description: 'kernel exploit' },
    { from: 'os', to: 'id-key', barrier: 'vault', description: 'key extraction' },
  ],
};

function seeds(): NamedInput[] {
  const out = fileSeeds(BUILTIN, 'azure-sphere-mt3620');
  const dir = join(projectRoot(), ...FIXTURES);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...fileSeeds([...FIXTURES, entry.name, 'platform.json'], `fixture-${entry.name}`).slice(1));
  }
  out.push({ name: 'small.json', bytes: utf8(JSON.stringify(SMALL_PLATFORM, null, 1)) });
  // Odd shapes: no boot chain (an input error since the schema asks for one stage: the loader must locate it), a key
  // certification cycle, an attacker that controls nothing and exploits nothing.
  out.push({ name: 'small-no-boot.json', bytes: utf8(JSON.stringify({ ...SMALL_PLATFORM, boot: [] })) });
  out.push({ name: 'small-key-cycle.json', bytes: utf8(JSON.stringify({ ...SMALL_PLATFORM, keys: [{ id: 'root', name: 'root', certifiedBy: 'apps' }, { id: 'apps', name: 'apps', certifiedBy: 'root' }] })) });
  return out;
}

/** The target as data (the shared design-file target takes it): tests wrap its parts. */
export const platformDesignFile: DesignFileSpec<PlatformDesign, PlatformStatics> = {
  id: 'platform-design',
  title: 'platform design loader (loadPlatform) and the static parts built on a design: TCB, attack graph, key chains, app-slot instantiation',
  oracles: [
    'a loaded design keeps the loader rules, restated independently: unique ids, every reference resolves, each right on an asset kind it names an operation on, each image loaded once, by ROM or an earlier stage, and never ROM itself',
    'computeTcb, buildAttackGraph and keyChain run on the frozen design and stay inside it (members are components, ROM is in the TCB, edges join nodes, chains end at an anchor)',
    'instantiating the app slots for 1 to 5 apps fills distinct slots, and the instantiated design keeps the loader rules and the schema',
  ],
  schemaFile: SCHEMA,
  fileName: 'platform.json',
  load,
  exercise: platformStatics,
  checkResults: checkPlatformResults,
  checkDesign: checkPlatformRules,
  seeds,
  strings: () => [...idsOf(withoutDescriptions(SMALL_PLATFORM)), ...idsOf(seedValue(BUILTIN)), 'Applications', 'Pluton', 'A7', 'M4-0', 'M4-1'],
};

export const platformDesignTarget = designFileTarget(platformDesignFile);

function seedValue(parts: readonly string[]): unknown {
  return JSON.parse(new TextDecoder().decode(fileSeeds(parts, 'x')[1]!.bytes));
}

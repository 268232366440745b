/**
 * Reading a platform design: schema first (located errors), then every cross-reference, each access
 * right on a kind of asset it names an operation on, then the shape of the boot graph (each image loaded
 * once, by something that runs before it).
 */
import { resolve } from 'node:path';
import { lazyValidator } from '../../formats/json/lazy-validator.js';
import schema from '../schema/platform.schema.json' with { type: 'json' };
import { joinPointer, type Diagnostic } from '../../formats/diagnostics/diagnostic.js';
import type { LocatedJson } from '../../formats/json/located-json.js';
import { readLocatedJson } from '../../formats/json/read-input.js';
import { refuseDuplicateKeys } from '../../formats/json/duplicate-keys.js';
import { schemaErrors } from '../../formats/json/design-file.js';
import { reportSchemaErrors } from '../../formats/json/schema-errors.js';
import { packageRoot } from '../product/builtin.js';
import { isAppSlot } from '../product/instantiate.js';
import { IMAGE_TYPES, parseImageType } from '../../formats/image-package/enums.js';
import type { AssetKind, PlatformDesign, Right } from './platform-design.js';

const validate = lazyValidator(schema);

export interface LoadedPlatform {
  design?: PlatformDesign;
  doc: LocatedJson;
  diagnostics: Diagnostic[];
}

export function builtinPlatformFile(): string {
  return resolve(packageRoot(), 'model', 'designs', 'azure-sphere-mt3620.json');
}

export function loadPlatform(file: string): LoadedPlatform {
  const doc = readLocatedJson(resolve(file));
  refuseDuplicateKeys(doc);
  if (doc.value === undefined) return { doc, diagnostics: doc.diagnostics };
  const schemaFound = schemaErrors(validate, doc.value);
  if (schemaFound.length) {
    reportSchemaErrors(doc, schemaFound, () => 'PlatformInvalid', 'the platform design', schema);
    return { doc, diagnostics: doc.diagnostics };
  }
  const design = doc.value as unknown as PlatformDesign;
  checkReferences(doc, design);
  const ok = !doc.diagnostics.some((d) => d.severity === 'error');
  return { ...(ok ? { design } : {}), doc, diagnostics: doc.diagnostics };
}

/**
 * The rights that name one operation on one kind of asset (the schema's words): extend adds a measurement
 * to a register, use operates with a key without seeing it, execute runs code from memory or storage. On
 * another kind they say nothing any rule can read, and a reader would take them for harmless: extending
 * the eFuses of a key hash blows more fuses of it, i.e. changes the anchor. Such a design is refused, the
 * right located, rather than read as granting nothing.
 */
const RIGHT_KINDS: Partial<Record<Right, readonly AssetKind[]>> = {
  extend: ['register'],
  use: ['private-key', 'key-store'],
  execute: ['memory-region', 'storage'],
};

export function rightMismatch(right: Right, kind: AssetKind): string | undefined {
  const kinds = RIGHT_KINDS[right];
  if (!kinds || kinds.includes(kind)) return undefined;
  const says = { extend: 'extend adds a measurement to a register', use: 'use operates with a key without seeing it', execute: 'execute runs code from memory or storage' }[right as 'extend' | 'use' | 'execute'];
  return `${says} (${kinds.join(' or ')}), not a ${kind}; say write if it can change the asset, read if it can see it`;
}

function checkReferences(doc: LocatedJson, d: PlatformDesign): void {
  const ids = new Map<string, string>();
  const declare = (id: string, pointer: string) => {
    const earlier = ids.get(id);
    if (earlier) doc.report('PlatformDuplicateId', pointer, `id "${id}" is already used at ${earlier}`);
    else ids.set(id, pointer);
  };
  d.components.forEach((c, i) => declare(c.id, joinPointer('/components', i, 'id')));
  d.assets.forEach((a, i) => declare(a.id, joinPointer('/assets', i, 'id')));
  d.keys.forEach((k, i) => declare(k.id, joinPointer('/keys', i, 'id')));
  d.attackers.forEach((a, i) => declare(a.id, joinPointer('/attackers', i, 'id')));

  // One core, two spellings: which components share a core decides rules (a component beside a TCB member in its
  // privileged mode holds it, the network parsers an app's connections reach are those of its core, a crash of one
  // reboots what runs above it), and a core name compares exactly. A component written on "a7" beside the A7's
  // Security Monitor was beside nothing, and a network-facing debug agent there no longer took the apps' traffic:
  // compartmentalization held. A core spelt as another of the design's cores in another case is an error at it.
  const coreSpelling = new Map<string, string>();
  d.components.forEach((c, i) => {
    const first = coreSpelling.get(c.core.toLowerCase());
    if (first === undefined) coreSpelling.set(c.core.toLowerCase(), c.core);
    else if (first !== c.core) doc.report('PlatformUnknownReference', joinPointer('/components', i, 'core'), `core "${c.core}" is core "${first}" of another component written in another case: a core name is compared exactly, so ${c.id} would run beside none of the components on "${first}"`);
  });

  const components = new Set(d.components.map((c) => c.id));
  const assets = new Set(d.assets.map((a) => a.id));
  const keys = new Set(d.keys.map((k) => k.id));
  const attackers = new Set(d.attackers.map((a) => a.id));
  const need = (set: Set<string>, what: string, id: string, pointer: string) => {
    if (!set.has(id)) doc.report('PlatformUnknownReference', pointer, `"${id}" is not a ${what} of this design`);
  };
  d.declaredTcb.forEach((id, i) => need(components, 'component', id, joinPointer('/declaredTcb', i)));
  d.access.forEach((a, i) => {
    need(components, 'component', a.component, joinPointer('/access', i, 'component'));
    need(assets, 'asset', a.asset, joinPointer('/access', i, 'asset'));
    const asset = d.assets.find((x) => x.id === a.asset);
    a.rights.forEach((right, j) => {
      const meaning = asset && rightMismatch(right, asset.kind);
      if (meaning) doc.report('PlatformAccessRight', joinPointer('/access', i, 'rights', j), `${a.component} may ${right} ${a.asset}: ${meaning}`);
    });
  });
  // One-time programmable is what a location is, not what a design says of it: the attack graph and the rules
  // over the anchor take an OTP asset as written once and never again, so an asset in flash (rewritten by
  // whoever writes the flash, the physical-flash attacker among them), SRAM or I/O registers (reset at every
  // power-on) or Pluton's rewritable store marked so would drop out of the attack graph on the design's word.
  // What a component is decides rules (an app slot; a Wi-Fi firmware or OS services image parses network input,
  // attack-surface.ts): an image type no image package can carry ("RadioFw") would quietly escape them.
  // The name as the facts spell it: the rules compare names, so an alias or a number ("app", 10) would escape them too.
  const typeNames = new Set(Object.values(IMAGE_TYPES).filter((t) => t !== 'InvalidImageType'));
  d.components.forEach((c, i) => {
    // Mask ROM is not loaded from an image: a component with an image type marked immutable would be taken for ROM and
    // escape every rule about images (verified, measured, renewed), as a Wi-Fi firmware marked so did.
    if (c.imageType !== undefined && !c.mutable) doc.report('PlatformImageType', joinPointer('/components', i, 'mutable'), `${c.id} is loaded from an image (imageType ${c.imageType}), so another image can replace it: only mask ROM, which has no image type, is immutable`);
    if (c.imageType === undefined || typeNames.has(c.imageType)) return;
    const meant = parseImageType(c.imageType);
    const hint = meant !== undefined && IMAGE_TYPES[meant] ? `write it as ${IMAGE_TYPES[meant]}` : `one of ${[...typeNames].join(', ')}`;
    doc.report('PlatformImageType', joinPointer('/components', i, 'imageType'), `"${c.imageType}" is not an image type name (azure-sphere-facts §3.3): ${hint}`);
  });
  // A private key is secret by what it is: marked otherwise, the rules would count reading it as no breach (the attack
  // graph's goal would be writing it, the TCB would leave out who reads it).
  d.assets.forEach((a, i) => {
    if (a.kind === 'private-key' && !a.secret) doc.report('PlatformAssetKind', joinPointer('/assets', i, 'secret'), `${a.id} is a private key, which is secret whatever the design marks: set "secret": true`);
  });
  d.assets.forEach((a, i) => {
    if (a.oneTimeProgrammable && a.location !== 'efuse') doc.report('PlatformAssetLocation', joinPointer('/assets', i, 'oneTimeProgrammable'), `${a.id} is kept in ${a.location}, which can be written again: only an asset in eFuses is one-time programmable`);
  });
  // Pluton is hardware a design has when a component runs on it: an asset "kept in Pluton" on a platform with
  // no Pluton core would be read by key custody as held by a vault that the design does not have (its keys
  // pass as hardware-held, on Azure Sphere's word). Where a vault-less design keeps it is for it to say.
  if (!d.components.some((c) => c.core === 'Pluton')) {
    d.assets.forEach((a, i) => {
      if (a.location === 'pluton') doc.report('PlatformAssetLocation', joinPointer('/assets', i, 'location'), `${a.id} is kept in pluton, but no component of this design runs on the Pluton core: say where this platform keeps it (efuse, flash, sram, io-registers), or add the Pluton components`);
    });
  }
  // How each device gets a key is said of a private key alone: on another asset no rule would read it.
  d.assets.forEach((a, i) => {
    if (a.provisioning !== undefined && a.kind !== 'private-key') doc.report('PlatformAssetKind', joinPointer('/assets', i, 'provisioning'), `${a.id} is a ${a.kind}: only a private key states how each device gets it (provisioning)`);
  });
  // A key store's image protection names a key and a counter of this design, and only a trusted key store (public keys
  // that decide who may sign) is kept as such an image: on another asset no rule would read it.
  d.assets.forEach((a, i) => {
    if (!a.signedImage) return;
    const at = (...path: (string | number)[]) => joinPointer('/assets', i, 'signedImage', ...path);
    if (a.kind !== 'key-store' || a.secret) doc.report('PlatformAssetKind', at(), `${a.id} is ${a.kind === 'key-store' ? 'a secret key store' : `a ${a.kind}`}: only a trusted key store (kind key-store, not secret) is kept as a signed key-store image`);
    need(keys, 'key', a.signedImage.signedBy, at('signedBy'));
    const rollback = a.signedImage.rollback;
    if (!rollback) return;
    need(assets, 'asset', rollback.counter, at('rollback', 'counter'));
    const counter = d.assets.find((x) => x.id === rollback.counter);
    if (counter && counter.kind !== 'counter') doc.report('PlatformUnknownReference', at('rollback', 'counter'), `"${rollback.counter}" is a ${counter.kind}, not a counter`);
  });
  // Who signs a flash asset's content (asset-signer.ts) is a key held off the device (/keys) or a private key of this
  // design; anything else names no signer a rule can read, and whether a writer gets its content signed would be unsaid.
  d.assets.forEach((a, i) => {
    if (a.signedBy === undefined) return;
    const signer = d.assets.find((x) => x.id === a.signedBy);
    if (keys.has(a.signedBy) || signer?.kind === 'private-key') return;
    doc.report('PlatformUnknownReference', joinPointer('/assets', i, 'signedBy'), signer ? `"${a.signedBy}" is a ${signer.kind}, not a key: name a key of /keys (signed off the device) or a private-key asset (signed on the device)` : `"${a.signedBy}" is neither a key of /keys nor a private-key asset of this design`);
  });
  d.keys.forEach((k, i) => {
    if (k.anchoredIn) need(assets, 'asset', k.anchoredIn, joinPointer('/keys', i, 'anchoredIn'));
    // An anchor is the hash of a key ("The one-time-programmable asset holding this anchor key's hash"): a
    // counter, register or key store named as one is a slip no rule can read (the eFuse controller would
    // be asked for a field that is a counter).
    const anchor = k.anchoredIn ? d.assets.find((a) => a.id === k.anchoredIn) : undefined;
    if (anchor && anchor.kind !== 'key-hash') doc.report('PlatformUnknownReference', joinPointer('/keys', i, 'anchoredIn'), `"${k.anchoredIn}" is a ${anchor.kind}, not a key-hash: a key is anchored in the hash of it`);
    // One hash, one key: a second key "anchored" in the same field would have to hash to the same value.
    const first = k.anchoredIn ? d.keys.findIndex((x) => x.anchoredIn === k.anchoredIn) : i;
    if (first !== i) doc.report('PlatformDuplicateId', joinPointer('/keys', i, 'anchoredIn'), `${d.keys[first]!.id} (/keys/${first}) is already anchored in ${k.anchoredIn}: an anchor holds the hash of one key`);
    if (k.certifiedBy) need(keys, 'key', k.certifiedBy, joinPointer('/keys', i, 'certifiedBy'));
  });
  // The fault sweep and the boot emulator name a check by its id (a skipped check, "sm.kernel.hash#1"): two checks of
  // one id would be skipped together by one glitch, or reported as each other.
  const checkIds = new Map<string, string>();
  d.boot.forEach((stage, i) =>
    stage.checks.forEach((c, j) => {
      const pointer = joinPointer('/boot', i, 'checks', j, 'id');
      const earlier = checkIds.get(c.id);
      if (earlier) doc.report('PlatformDuplicateId', pointer, `check id "${c.id}" is already used at ${earlier}`);
      else checkIds.set(c.id, pointer);
    }),
  );
  const loaded = new Map<string, number>();
  d.boot.forEach((stage, i) => {
    need(components, 'component', stage.image, joinPointer('/boot', i, 'image'));
    need(components, 'component', stage.loadedBy, joinPointer('/boot', i, 'loadedBy'));
    stage.checks.forEach((c, j) => need(keys, 'key', c.key, joinPointer('/boot', i, 'checks', j, 'key')));
    if (stage.measurement) {
      need(assets, 'asset', stage.measurement.register, joinPointer('/boot', i, 'measurement', 'register'));
      need(components, 'component', stage.measurement.by, joinPointer('/boot', i, 'measurement', 'by'));
    }
    if (stage.rollback) need(assets, 'asset', stage.rollback.counter, joinPointer('/boot', i, 'rollback', 'counter'));
    // Mask ROM is not an image: nothing loads it, so a boot stage for it would describe a flash copy of ROM that cannot exist.
    if (d.components.find((c) => c.id === stage.image)?.mutable === false) doc.report('PlatformBootGraph', joinPointer('/boot', i, 'image'), `${stage.image} is mask ROM (mutable: false): it is not loaded from an image, so no boot stage can load it`);
    if (loaded.has(stage.image)) doc.report('PlatformBootGraph', joinPointer('/boot', i, 'image'), `${stage.image} is already loaded by /boot/${loaded.get(stage.image)}`);
    loaded.set(stage.image, i);
  });
  d.boot.forEach((stage, i) => {
    const loader = d.components.find((c) => c.id === stage.loadedBy);
    const loaderStage = loaded.get(stage.loadedBy);
    if (loader && loader.mutable && (loaderStage === undefined || loaderStage >= i)) {
      doc.report('PlatformBootGraph', joinPointer('/boot', i, 'loadedBy'), `${stage.loadedBy} must be ROM or loaded by an earlier boot stage before it can load ${stage.image}`);
    }
    // An app slot is emptied for a product without that app (model/product/instantiate.ts): a firmware or OS stage it
    // loaded would be left with no loader. An app that loads another app's image stays loadable: that is a flaw
    // small-tcb must name (the app joins the TCB), not an unreadable design.
    const image = d.components.find((c) => c.id === stage.image);
    if (loader && isAppSlot(loader) && image && !isAppSlot(image)) {
      doc.report('PlatformBootGraph', joinPointer('/boot', i, 'loadedBy'), `${stage.loadedBy} is an app slot (image type Applications): an app loads no firmware or OS stage, so it cannot load ${stage.image}`);
    }
  });
  d.attackers.forEach((a, i) => a.controls.forEach((id, j) => need(components, 'component', id, joinPointer('/attackers', i, 'controls', j))));
  // A bus master's controllers and reach name this design's components and assets (bus-masters.ts gives each controller
  // the reach); a name of neither would give a right to nothing, or to no one, and be read as no reach at all.
  const masters = new Map<string, number>();
  (d.busMasters ?? []).forEach((m, i) => {
    if (masters.has(m.id)) doc.report('PlatformDuplicateId', joinPointer('/busMasters', i, 'id'), `bus master "${m.id}" is already stated at /busMasters/${masters.get(m.id)}`);
    else masters.set(m.id, i);
    m.controlledBy.forEach((id, j) => need(components, 'component', id, joinPointer('/busMasters', i, 'controlledBy', j)));
    m.reaches.forEach((r, j) => need(assets, 'asset', r.asset, joinPointer('/busMasters', i, 'reaches', j, 'asset')));
  });
  const excepted = new Map<string, number>();
  (d.exploitExceptions ?? []).forEach((e, i) => {
    need(components, 'component', e.component, joinPointer('/exploitExceptions', i, 'component'));
    const key = `${e.component}|${e.input}`;
    if (excepted.has(key)) doc.report('PlatformDuplicateId', joinPointer('/exploitExceptions', i), `${e.component} already has an exception for ${e.input} input at /exploitExceptions/${excepted.get(key)}`);
    else excepted.set(key, i);
  });
  d.exploits.forEach((e, i) => {
    if (!components.has(e.from) && !attackers.has(e.from)) doc.report('PlatformUnknownReference', joinPointer('/exploits', i, 'from'), `"${e.from}" is not a component or attacker of this design`);
    if (!components.has(e.to) && !assets.has(e.to)) doc.report('PlatformUnknownReference', joinPointer('/exploits', i, 'to'), `"${e.to}" is not a component or asset of this design`);
  });
}

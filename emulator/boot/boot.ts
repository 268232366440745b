/**
 * The boot walker: power on, then walk design.boot in order. For each stage the loader copies the image
 * from flash into memory and then, in the order the design says:
 *   before-verify counters: compare the image's security version with the counter, raise the counter;
 *   every check of the stage (each recorded; the image runs only if none failed);
 *   after-verify counters: compare, then raise;
 *   measure (before-run) → run → measure (after-run).
 * The first halt ends the boot. A check the design marks redundant is made twice, each run on its own
 * (loader-runs.ts, the device's reading the fault sweep uses too). Fault injection forces named
 * runs to pass without running, as a glitch that skips the branch would: a run by its name
 * (sm.kernel.hash#2), every run of a check by the check's id (design check ids, or rollback.<image>).
 * Second reading of the spec's boot walk (model/platform/boot-acceptance.ts: bootAcceptance, the order of
 * the rollback comparison and the checks within a stage, the loader that must be running), held against
 * it step by step by test/differential/boot-harness.ts. Who raises a stage's counter is the access controller's
 * to grant (counterRaiserOf): second reading of model/platform/counter-raiser.ts (counterRaiser), held against it
 * by test/differential/counter-raiser-differential.test.ts. What a loader may read while it checks a stage (anchor, key
 * store, counter) is the access controller's too (boot-read-gate.ts): second reading of model/platform/boot-reads.ts,
 * held against it by test/differential/boot-reads-differential.test.ts; a counter it cannot read halts the stage, as
 * the spec's counterUnreadable says (test/differential/unreadable-counter-boot.test.ts).
 */
import { createHash } from 'node:crypto';
import { toHex } from '../../formats/image-package/index.js';
import type { BootStage, KeyStoreImage } from '../../model/platform/platform-design.js';
import { BOOT_CHECK_ROUTINES, loadImage, readManifest, type BootCheckRoutines, type LoadedImage, type LoadedManifest } from './boot-checks.js';
import type { ChainContext } from './chain.js';
import type { BootDevice } from './boot-device.js';
import { BootReadGate } from './boot-read-gate.js';
import { imageSlot, KEY_STORE_SLOT } from './flash.js';
import { KeyStore } from './key-store.js';
import { KEY_STORE_COUNTER_CHECK, readSignedKeyStore, signedKeyStoreOf } from './signed-key-store.js';
import type { SignatureVerifier } from './p256-verifier.js';
import { payloadCoverSlot } from './payload.js';
import { securityVersionOf } from './stage-image.js';
import { forcedToPass, loaderRunName, runsOfCheck, runsOfCounter, type LoaderRun } from './loader-runs.js';
import type { BootTrace, ChainTrace, CheckTrace, StageTrace } from './trace.js';

export interface BootOptions {
  verifier: SignatureVerifier;
  /** Check ids forced to pass (fault injection). */
  skip?: Iterable<string>;
  /** Printed in the trace: what was done to the device before this boot. */
  scenario?: string;
  /** The check routines (default: boot-checks.ts); the differential harness plants a faulty one here. */
  routines?: Partial<BootCheckRoutines>;
  /** The gate on the loaders' reads of trust data (default: the device's, from its design); a test plants a faulty one here. */
  readGate?: BootReadGate;
  /**
   * Per stage, the digest its measurer extends in place of the loaded image's: a measurer an attacker runs as reports
   * what it chooses (the genuine image's digest). The boot is not told why; it measures what it is given.
   */
  measuredAs?: ReadonlyMap<string, Uint8Array>;
}

interface BootState {
  device: BootDevice;
  verifier: SignatureVerifier;
  skip: ReadonlySet<string>;
  routines: BootCheckRoutines;
  /** Components running so far: ROM from the start, then each stage that ran. */
  running: Set<string>;
  /** Each loader reads and parses the key store once per boot and keeps it in its memory. */
  stores: Map<string, KeyStore>;
  /** Likewise each boot manifest: loader → key → manifest. */
  manifests: Map<string, Map<string, LoadedManifest | undefined>>;
  /** What the access controller lets a loader read while it checks a stage (anchors, key store, counters). */
  reads: BootReadGate;
  measuredAs: ReadonlyMap<string, Uint8Array>;
}

/** One gate per device profile's access controller (the design it was built from): the boot graph does not change between boots. */
const gates = new WeakMap<object, BootReadGate>();
function readGateOf(device: BootDevice): BootReadGate {
  let gate = gates.get(device.profile.access);
  if (!gate) gates.set(device.profile.access, (gate = new BootReadGate(device.design, device.profile.access)));
  return gate;
}

type Component = BootDevice['design']['components'][number];

/**
 * The design's components by id (the first of an id, as a search of the list finds it), likewise one table per
 * device profile: a boot looks up each stage's component, and a search compared ids as strings each time.
 */
const componentTables = new WeakMap<object, ReadonlyMap<string, Component>>();
function componentOf(device: BootDevice, id: string): Component | undefined {
  let table = componentTables.get(device.profile.access);
  if (!table) {
    const byId = new Map<string, Component>();
    for (const c of device.design.components) if (!byId.has(c.id)) byId.set(c.id, c);
    componentTables.set(device.profile.access, (table = byId));
  }
  return table.get(id);
}

export function bootDevice(device: BootDevice, options: BootOptions): BootTrace {
  device.powerCycle();
  const state: BootState = {
    device,
    verifier: options.verifier,
    skip: new Set(options.skip ?? []),
    measuredAs: options.measuredAs ?? new Map(),
    routines: options.routines ? { ...BOOT_CHECK_ROUTINES, ...options.routines } : BOOT_CHECK_ROUTINES,
    running: immutableComponents(device),
    stores: new Map(),
    manifests: new Map(),
    reads: options.readGate ?? readGateOf(device),
  };
  const verificationsBefore = options.verifier.verifications;
  const stages: StageTrace[] = [];
  for (const stage of device.design.boot) {
    const trace = bootStage(stage, state);
    stages.push(trace);
    if (trace.outcome.status === 'halted') break;
  }
  const halted = stages.find((s) => s.outcome.status === 'halted');
  const scenario = options.scenario ?? 'normal boot';
  const faults = [...state.skip];
  const registers = device.pluton.registerIds().map((id) => ({ id, value: toHex(device.pluton.readRegister(id)) }));
  const verifications = options.verifier.verifications - verificationsBefore;
  // Two literals rather than a spread of an optional field: the same fields in the same order either way.
  return halted
    ? { design: device.design.name, seed: device.seed, scenario, faults, stages, outcome: 'halted', haltedAt: halted.image, registers, verifications }
    : { design: device.design.name, seed: device.seed, scenario, faults, stages, outcome: 'booted', registers, verifications };
}

/** Components running from power-on: ROM and everything else the design marks immutable. */
function immutableComponents(device: BootDevice): Set<string> {
  const running = new Set<string>();
  for (const c of device.design.components) if (!c.mutable) running.add(c.id);
  return running;
}

/** The stage's trace, halted: the same fields in the same order, the outcome replaced. */
const halted = (trace: StageTrace, reason: string): StageTrace => ({ ...trace, outcome: { status: 'halted', reason } });

/** A check recorded in the stage's trace and its order of events; whether it did not fail. */
function recorded(trace: StageTrace, check: CheckTrace): boolean {
  trace.checks.push(check);
  trace.steps.push(`check:${loaderRunName(check.id, check.run)}`);
  return check.result !== 'fail';
}

/** The failed checks of a stage (kind: of that kind only), as the halt reason names them; none without building a list. */
function failedChecks(trace: StageTrace, kind?: CheckTrace['kind']): CheckTrace[] {
  let failed: CheckTrace[] | undefined;
  for (const c of trace.checks) if (c.result === 'fail' && (kind === undefined || c.kind === kind)) (failed ??= []).push(c);
  return failed ?? NO_CHECKS;
}
const NO_CHECKS: CheckTrace[] = [];

function bootStage(stage: BootStage, state: BootState): StageTrace {
  const { device } = state;
  const loader = stage.loadedBy;
  const component = componentOf(device, stage.image);
  const trace: StageTrace = component
    ? { image: stage.image, name: component.name, loadedBy: loader, steps: [], checks: [], outcome: { status: 'ran' } }
    : { image: stage.image, loadedBy: loader, steps: [], checks: [], outcome: { status: 'ran' } };
  const halt = (reason: string): StageTrace => halted(trace, reason);
  if (!state.running.has(loader)) return halt(`its loader ${loader} is not running`);
  const bytes = device.flash.read(imageSlot(stage.image), loader);
  if (!bytes) return halt('no image in flash');
  device.memory.set(stage.image, bytes);
  device.bus.record('memory', loader, `memory:${stage.image}`, `load ${stage.image}`, bytes);
  const image = loadImage(bytes);
  const version = image.parsed.ok ? securityVersionOf(image.parsed.image) : undefined;
  const imageSha256 = image.sha256Hex;
  trace.imageSha256 = imageSha256;
  if (version !== undefined) trace.securityVersion = version;

  const context: ChainContext = {
    design: device.design,
    store: keyStoreOf(loader, state),
    verifier: state.verifier,
    readAnchor: (asset) => (state.reads.mayRead(loader, asset) ? device.readAnchor(asset, loader) : refusedRead(device, loader, asset)),
  };
  // The loader asks the device, at run time, whether it carries appDevelopment; only apps are concerned.
  if (component?.imageType === APP_IMAGE_TYPE && device.carries('appDevelopment') && device.profile.sdkTestCertificate) context.development = device.profile.sdkTestCertificate;
  const record = (check: CheckTrace) => recorded(trace, check);
  const rollback = stage.rollback;
  if (rollback) {
    // A counter the loader cannot read halts the stage: taken as 0, every older release would pass.
    if (!state.reads.mayRead(loader, rollback.counter)) {
      refusedRead(device, loader, rollback.counter);
      return halt(`the access controller refuses ${loader} the read of its anti-rollback counter ${rollback.counter}`);
    }
    const read = device.readCounter(rollback.counter, loader);
    if (!read.ok) return halt(`cannot read its anti-rollback counter: ${read.reason}`);
    trace.counter = { counter: rollback.counter, raised: rollback.raised, ...(version !== undefined ? { imageVersion: version } : {}), before: read.value, after: read.value };
  }
  const counterRule = (): string | undefined => {
    if (!rollback) return undefined;
    // Every run of the comparison is made (each a branch a glitch could skip); any one failing halts.
    let passed = true;
    for (const run of runsOfCounter(stage)) if (!record(compareCounter(stage, run, version, trace.counter!.before, state))) passed = false;
    if (!passed) {
      const failed = failedChecks(trace, 'rollback');
      return `${failed.map((c) => loaderRunName(c.id, c.run)).join(', ')} failed: ${failed[0]!.detail}`;
    }
    if (version === undefined || version <= trace.counter!.before) return undefined;
    trace.steps.push('counter-raise');
    // The access controller decides who may raise it, as for every other write: without a running
    // component that may write the counter it stays where it is (and the older release still passes).
    const raiser = counterRaiserOf(stage, state);
    if (raiser === undefined) {
      trace.counter!.notRaised = `the access controller grants the write right on ${rollback.counter} to no component running now`;
      return undefined;
    }
    const raised = device.raiseCounter(rollback.counter, version, raiser);
    if (!raised.ok) return `cannot raise ${rollback.counter}: ${raised.reason}`;
    trace.counter!.after = raised.after;
    trace.counter!.raisedBy = raiser;
    return undefined;
  };

  if (rollback?.raised === 'before-verify') {
    const stop = counterRule();
    if (stop) return halt(stop);
  }
  for (const check of stage.checks) {
    for (const run of runsOfCheck(check)) {
      if (forcedToPass(state.skip, run)) {
        record(checkTrace(check.id, run.run, check.kind, check.key, 'skipped', SKIPPED));
        continue;
      }
      // A second run decides afresh: it reads the same image and manifest, but verifies them again.
      const outcome = check.kind === 'signature' ? state.routines.signature(check, image, context) : state.routines.manifestHash(check, stage.image, image, (key) => manifestOf(loader, key, state), context);
      record(checkTrace(check.id, run.run, check.kind, check.key, outcome.pass ? 'pass' : 'fail', outcome.detail, outcome.chain));
    }
  }
  const failed = failedChecks(trace);
  if (failed.length > 0) return halt(`${failed.map((c) => loaderRunName(c.id, c.run)).join(', ')} failed: ${failed[0]!.detail}`);
  if (rollback?.raised === 'after-verify') {
    const stop = counterRule();
    if (stop) return halt(stop);
  }

  if (stage.measurement?.when === 'before-run') measure(stage, image, imageSha256, trace, state);
  trace.steps.push('run');
  state.running.add(stage.image);
  runPayload(stage.image, image, trace, state);
  if (stage.measurement?.when === 'after-run') measure(stage, image, imageSha256, trace, state);
  return trace;
}

/**
 * The component that raises the stage's counter, as the access controller grants it: the loader if it may
 * write the counter, else a running component that may (the loader asks it: on the built-in design the Pluton
 * runtime raises the apps' counter for the Security Monitor), else, raised after verification, the stage's own image if it may (it raises its counter
 * as it starts). Second reading, on purpose, of model/platform/counter-raiser.ts (counterRaiser), through
 * the device's own access controller; test/differential/counter-raiser-differential.test.ts holds them together.
 */
function counterRaiserOf(stage: BootStage, state: BootState): string | undefined {
  const { counter, raised } = stage.rollback!;
  const access = state.device.profile.access;
  // Its own write or a DMA engine's it programs (access-rules.ts reach), as the spec's effective access.
  const mayWrite = (component: string) => access.reach(component, counter, 'write').granted;
  if (mayWrite(stage.loadedBy)) return stage.loadedBy;
  for (const component of state.running) if (mayWrite(component)) return component;
  return raised === 'after-verify' && mayWrite(stage.image) ? stage.image : undefined;
}

function compareCounter(stage: BootStage, run: LoaderRun, version: number | undefined, counter: number, state: BootState): CheckTrace {
  const key = stage.rollback!.counter;
  if (forcedToPass(state.skip, run)) return checkTrace(run.check, run.run, 'rollback', key, 'skipped', SKIPPED);
  const outcome = state.routines.counter(key, version, counter);
  return checkTrace(run.check, run.run, 'rollback', key, outcome.pass ? 'pass' : 'fail', outcome.detail);
}

const SKIPPED = 'forced to pass by an injected fault';

/**
 * One check's trace, its fields always in the same order and an absent run or chain left out. Built
 * as literals rather than by spreading a base object: a boot makes some thirty of these, and spreading
 * objects of varying shape was the largest single cost of a boot after its verifications.
 */
function checkTrace(id: string, run: number | undefined, kind: CheckTrace['kind'], key: string, result: CheckTrace['result'], detail: string, chain?: ChainTrace): CheckTrace {
  if (run === undefined) return chain ? { id, kind, key, result, detail, chain } : { id, kind, key, result, detail };
  return chain ? { id, run, kind, key, result, detail, chain } : { id, run, kind, key, result, detail };
}

/** `loadedHex`: the loaded image's SHA-256 in hex, as the trace already spells it. */
function measure(stage: BootStage, loaded: LoadedImage, loadedHex: string, trace: StageTrace, state: BootState): void {
  const { register, by, when } = stage.measurement!;
  trace.steps.push('measure');
  if (!state.running.has(by)) {
    trace.measurement = { register, by, when, measured: false, detail: `${by} is not running when it should measure ${stage.image}` };
    return;
  }
  // The access controller decides, as for every other access: a measurer without the extend right is refused.
  if (!state.device.profile.access.reach(by, register, 'extend').granted) {
    trace.measurement = { register, by, when, measured: false, detail: `the access controller refuses ${by} the extend right on ${register}` };
    return;
  }
  const memory = state.device.memory.get(stage.image)!;
  // The loaded bytes were hashed on loading; anything the image wrote over them since is hashed afresh.
  const unchanged = memory === loaded.bytes;
  const chosen = state.measuredAs.get(stage.image);
  const digest = chosen ?? (unchanged ? loaded.sha256 : sha256(memory));
  try {
    trace.measurement = { register, by, when, measured: true, digest: unchanged && !chosen ? loadedHex : toHex(digest), value: state.device.pluton.extendSpelled(register, digest, by) };
  } catch (err) {
    trace.measurement = { register, by, when, measured: false, detail: (err as Error).message };
  }
}

/** An attacker's image, once running, may rewrite its own memory (see payload.ts). */
function runPayload(component: string, image: LoadedImage, trace: StageTrace, state: BootState): void {
  const slot = image.parsed.ok ? payloadCoverSlot(image.parsed.image.body) : undefined;
  const cover = slot ? state.device.flash.read(slot, component) : undefined;
  if (!cover) return;
  state.device.memory.set(component, cover);
  state.device.bus.record('memory', component, `memory:${component}`, `${component} rewrites its own memory`, cover);
  trace.steps.push('payload');
}

function manifestOf(loader: string, key: string, state: BootState): LoadedManifest | undefined {
  let read = state.manifests.get(loader);
  if (!read) state.manifests.set(loader, (read = new Map()));
  if (!read.has(key)) read.set(key, readManifest(state.device.flash, key, loader));
  return read.get(key);
}

function keyStoreOf(loader: string, state: BootState): KeyStore {
  let store = state.stores.get(loader);
  if (!store) {
    // A design that names no trusted key store says nothing the gate could read: the store in flash is read as it is.
    const stores = state.reads.trustedKeyStores;
    const refused = stores.length > 0 && !stores.some((id) => state.reads.mayRead(loader, id));
    if (refused) refusedRead(state.device, loader, stores[0]!);
    const bytes = (refused ? undefined : state.device.flash.read(KEY_STORE_SLOT, loader)) ?? new Uint8Array(0);
    const signed = refused ? undefined : signedKeyStoreOf(state.device.design);
    store = signed ? believedStore(loader, bytes, signed.image, state) : KeyStore.read(bytes);
    state.stores.set(loader, store);
  }
  return store;
}

/**
 * A store kept as a signed image, as `loader` believes it (signed-key-store.ts): its signature up to the anchor and,
 * where the design compares it at boot, its version against the counter, which the loader raises to a newer one
 * when the access controller lets it write the counter.
 */
function believedStore(loader: string, bytes: Uint8Array, image: KeyStoreImage, state: BootState): KeyStore {
  const { device } = state;
  const rollback = image.rollback;
  // Left out where the boot is told to skip it (KEY_STORE_COUNTER_CHECK): a recovery path that compares no counter.
  const counter = rollback?.checkedAt.includes('boot') && !state.skip.has(KEY_STORE_COUNTER_CHECK)
    ? {
        id: rollback.counter,
        read: () => (state.reads.mayRead(loader, rollback.counter) ? device.readCounter(rollback.counter, loader) : { ok: false as const, reason: `the access controller refuses ${loader} the read` }),
        raise: (to: number) => {
          if (!device.profile.access.reach(loader, rollback.counter, 'write').granted) return `the access controller grants ${loader} no write right on it`;
          const raised = device.raiseCounter(rollback.counter, to, loader);
          return raised.ok ? undefined : raised.reason;
        },
      }
    : undefined;
  const context = {
    design: device.design,
    verifier: state.verifier,
    readAnchor: (asset: string) => (state.reads.mayRead(loader, asset) ? device.readAnchor(asset, loader) : refusedRead(device, loader, asset)),
  };
  const read = readSignedKeyStore(bytes, image, context, counter);
  if (!read.ok) {
    device.bus.record('memory', loader, KEY_STORE_SLOT, `key store refused: ${read.reason}`, new Uint8Array(0));
    return KeyStore.refusedStore(read.reason);
  }
  return read.store;
}

/** A read the access controller refused: recorded on the bus, nothing returned. */
function refusedRead(device: BootDevice, loader: string, asset: string): undefined {
  device.bus.record('memory', loader, asset, `read ${asset}: refused by the bus controller`, new Uint8Array(0));
  return undefined;
}

/** Image type of app images (Applications, 10): both high-level and real-time apps (facts §3.3). */
const APP_IMAGE_TYPE = 'Applications';

const sha256 = (bytes: Uint8Array): Uint8Array => createHash('sha256').update(bytes).digest();

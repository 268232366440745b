/**
 * Staging then install, as the Security Monitor's staging syscalls do it (open → write blocks →
 * commit → install): each target is streamed into the staging bank block by block (each block one
 * counted flash program), never reading past the length the metadata gives; its SHA-256 must match (unless the
 * design's metadata binds targets by version only, metadata.targetBinding 'version': then its version must);
 * an image must name the component of the slot it goes to; the rest of the bank is copied from the
 * running bank; then the whole staged bank is booted dry, on a scratch copy of the chip, with the boot
 * emulator's own checks (signatures, key chains, manifests, counters). Only a bank that boots dry is
 * switched to. The key store's counter (compared at update) is raised before or after that switch as the design's
 * antiRollback.keyStoreCounterRaised says: the emulator's reading of model/update/key-store-counter-order.ts, which it
 * does not import. A key store the design keeps as a signed image compared at update is refused below its counter,
 * and raises the counter once its bank is switched to (signed-key-store.ts). With the 'single' layout there is no staging bank: the blocks overwrite the running
 * images, which is the flaw that layout stands for.
 */
import { identityOf } from '../../formats/image-package/index.js';
import { KEY_STORE_SLOT, readPackage, signedKeyStoreOf, storeVersion } from '../boot/index.js';
import type { UpdateTarget } from '../../formats/update-metadata/metadata.js';
import type { BankId } from './banks.js';
import type { Chunk, UpdateSource } from './service-api.js';
import { hex, sha256Hex, slotComponent, securityVersionOfBytes, trustedKeyStoreAsset } from './slots.js';
import type { UpdateDevice } from './update-device.js';

export type InstallOutcome = { ok: true; bank: BankId; written: string[] } | { ok: false; reason: string; bank: BankId };

export interface InstallHooks {
  /** Called once the staged bank has verified and before the switch (a physical attacker's chance: THREAT.IMG.REPLACE). */
  afterVerified?: (device: UpdateDevice, bank: BankId) => void;
}

export function installTargets(device: UpdateDevice, source: UpdateSource, targets: readonly UpdateTarget[], hooks: InstallHooks = {}): InstallOutcome {
  const bank = device.banks.stagingBank();
  const active = device.running ?? device.banks.active();
  const fail = (reason: string): InstallOutcome => ({ ok: false, reason, bank });
  const written: string[] = [];
  for (const target of targets) {
    const refused = keyStoreChangeRefused(device, target, active);
    if (refused) return fail(`${target.name}: ${refused}`);
    const downloaded = download(device, source, target, bank);
    if (!downloaded.ok) return fail(`${target.name}: ${downloaded.reason}`);
    written.push(target.name);
    const older = keyStoreBelowCounter(device, target, downloaded.bytes);
    if (older) return fail(`${target.name}: ${older}`);
    const problem = checkImage(device, target, downloaded.bytes, active);
    if (problem) return fail(`${target.name}: ${problem}`);
  }
  if (bank !== active) {
    for (const slot of device.bootSlots()) {
      if (targets.some((t) => t.name === slot)) continue;
      const current = device.banks.read(active, slot);
      const staged = device.banks.read(bank, slot);
      if (!current || (staged && Buffer.compare(Buffer.from(staged), Buffer.from(current)) === 0)) continue;
      device.banks.write(bank, slot, current, 'installer');
      written.push(slot);
    }
  }
  const dry = device.bootBank(bank, device.chip.clone(), `dry run of staged bank ${bank}`);
  if (dry.outcome !== 'booted') {
    const stage = dry.stages.find((s) => s.outcome.status === 'halted');
    return fail(`the staged bank does not verify: ${dry.haltedAt} ${stage?.outcome.status === 'halted' ? stage.outcome.reason : ''}`.trim());
  }
  hooks.afterVerified?.(device, bank);
  // The design says whether the key store's counter is raised before or after the switch (antiRollback.keyStoreCounterRaised);
  // a power cut can fall between the two, and the power-cut sweep cuts there (the raise is a counted operation).
  const order = device.design.antiRollback.keyStoreCounterRaised ?? device.keyStoreCounterOrderUnstated ?? 'after-switch';
  if (order === 'before-switch') raiseKeyStoreCounter(device, bank);
  if (bank !== device.banks.active()) device.banks.setActive(bank, 'installer');
  if (order === 'after-switch') raiseKeyStoreCounter(device, bank);
  return { ok: true, bank, written };
}

type Downloaded = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/** Streams a target into its slot of the staging bank; reads at most target.length bytes, within the time bound. */
function download(device: UpdateDevice, source: UpdateSource, target: UpdateTarget, bank: BankId): Downloaded {
  const { timeoutSeconds, maxImageBytes } = device.design.download;
  if (target.length > maxImageBytes) return { ok: false, reason: `${target.length} bytes is over the ${maxImageBytes}-byte limit` };
  const stream = source.fetchTarget(hex(target.sha256));
  if (!stream.ok) return { ok: false, reason: `download failed: ${stream.reason}` };
  const received = new Uint8Array(target.length);
  const block = device.design.slots.writeBlockBytes;
  let have = 0;
  let seconds = 0;
  /** Bytes of `received` already programmed: always a whole number of blocks until the last one. */
  let flushed = 0;
  const area = `bank/${bank}/${target.name}`;
  device.flash.erase(area, 'installer');
  const flush = (upTo: number) => {
    for (; flushed < upTo; flushed = Math.min(flushed + block, upTo)) device.flash.program(area, received.subarray(flushed, Math.min(flushed + block, upTo)), 'installer');
  };
  for (const chunk of stream.value as Iterable<Chunk>) {
    seconds += chunk.seconds;
    if (seconds > timeoutSeconds) return { ok: false, reason: `slow retrieval: ${have} of ${target.length} bytes after ${Math.round(seconds)} s (limit ${timeoutSeconds} s)` };
    const take = chunk.bytes.subarray(0, target.length - have);
    received.set(take, have);
    have += take.length;
    // Whole blocks go to flash as they fill, as WriteBlockToStageImage receives them.
    flush(have - (have % block));
    if (have === target.length) break; // never read past the signed length (endless data)
  }
  flush(have);
  if (have < target.length) return { ok: false, reason: `the download ended after ${have} of ${target.length} bytes` };
  if (device.design.antiRollback.counterRaised === 'before-verification') raiseUnverified(device, target, received);
  // The design's metadata.targetBinding: 'version' names a target by component and security version only, so the
  // digest the metadata format carries is not compared (checkImage compares the version); left out, the format's
  // digest is (the attack that needs the field stated is not played: attacks/tuf.ts). Second reading, on purpose, of
  // model/update/target-binding.ts, which it does not import; test/update/target-binding.test.ts holds the two together.
  if (!boundByVersionOnly(device) && sha256Hex(received) !== hex(target.sha256)) return { ok: false, reason: 'SHA-256 does not match the metadata' };
  return { ok: true, bytes: received };
}

/** The flaw 'before-verification': the counter follows the downloaded image's RV before anything is checked. */
function raiseUnverified(device: UpdateDevice, target: UpdateTarget, bytes: Uint8Array): void {
  const component = slotComponent(target.name);
  const counter = component ? device.platform.boot.find((s) => s.image === component)?.rollback?.counter : undefined;
  const version = securityVersionOfBytes(bytes);
  const read = counter ? device.chip.readCounter(counter, 'installer') : undefined;
  if (!counter || !read?.ok || version <= read.value) return;
  // The eFuse controller raises it only for a component the access rules let write it.
  const writer = runningWriter(device, counter);
  if (writer !== undefined) device.flash.counter(counter, writer, () => device.chip.raiseCounter(counter, version, writer));
}

/**
 * A target that changes the trusted key store is staged only through a running component the device's access
 * controller lets write the store (staging the same store again changes nothing): why not, or undefined.
 */
function keyStoreChangeRefused(device: UpdateDevice, target: UpdateTarget, active: BankId): string | undefined {
  if (target.name !== KEY_STORE_SLOT) return undefined;
  const current = device.banks.read(active, KEY_STORE_SLOT);
  if (current && sha256Hex(current) === hex(target.sha256)) return undefined;
  const store = trustedKeyStoreAsset(device.platform);
  if (!store || runningWriter(device, store.id) !== undefined) return undefined;
  return `the access controller grants no running component the write right on ${store.id}: the key store cannot be changed`;
}

/** The key-store counter the installer compares, where the design keeps the store as a signed image compared at update. */
function updateCheckedCounter(device: UpdateDevice): string | undefined {
  const rollback = signedKeyStoreOf(device.platform)?.image.rollback;
  return rollback?.checkedAt.includes('update') ? rollback.counter : undefined;
}

/** A staged key store whose version is below its counter is refused before anything else is staged (the design's check at update). */
function keyStoreBelowCounter(device: UpdateDevice, target: UpdateTarget, bytes: Uint8Array): string | undefined {
  const counter = target.name === KEY_STORE_SLOT ? updateCheckedCounter(device) : undefined;
  if (!counter) return undefined;
  const read = device.chip.readCounter(counter, 'installer');
  if (!read.ok) return `cannot read the key store's counter ${counter}: ${read.reason}`;
  const version = storeVersion(bytes);
  return version < read.value ? `the key store's version ${version} is below ${counter} = ${read.value}: an older key store is not installed` : undefined;
}

/** Once the bank holding a newer key store is switched to, the installer raises the store's counter to its version (through a running component the access controller lets write it). */
function raiseKeyStoreCounter(device: UpdateDevice, bank: BankId): void {
  const counter = updateCheckedCounter(device);
  const bytes = counter ? device.banks.read(bank, KEY_STORE_SLOT) : undefined;
  if (!counter || !bytes) return;
  const read = device.chip.readCounter(counter, 'installer');
  const version = storeVersion(bytes);
  const writer = runningWriter(device, counter);
  if (read.ok && version > read.value && writer !== undefined) device.flash.counter(counter, writer, () => device.chip.raiseCounter(counter, version, writer));
}

/** The first component of the running system that may write `asset` (runningWritersOf), or undefined. */
function runningWriter(device: UpdateDevice, asset: string): string | undefined {
  return runningWritersOf(device, asset)[0];
}

/**
 * The components of the running system (the immutable ones and every boot stage: the OS is up) that the access
 * controller lets write `asset`. Second reading, on purpose, of model/update/load-update.ts (runningWriters), through
 * the chip's own access controller; test/differential/running-writer-differential.test.ts holds them together.
 */
export function runningWritersOf(device: UpdateDevice, asset: string): string[] {
  const access = device.chip.profile.access;
  const running = [...device.platform.components.filter((c) => !c.mutable).map((c) => c.id), ...device.platform.boot.map((s) => s.image)];
  return [...new Set(running.filter((component) => access.reach(component, asset, 'write').granted))];
}

const boundByVersionOnly = (device: UpdateDevice): boolean => device.design.metadata.targetBinding === 'version';

/**
 * Checks the boot will not make: an image names the component of its slot, and carries the version the metadata says.
 * Where the metadata binds targets by version only, every target's version (a key store's, a boot manifest's) is the
 * metadata's bond to it, and is compared too.
 */
function checkImage(device: UpdateDevice, target: UpdateTarget, bytes: Uint8Array, active: BankId): string | undefined {
  const component = slotComponent(target.name);
  if (!component) {
    const version = boundByVersionOnly(device) ? securityVersionOfBytes(bytes) : target.securityVersion;
    return version === target.securityVersion ? undefined : `the security version ${version} is not the metadata's ${target.securityVersion}`;
  }
  const parsed = readPackage(bytes).parsed;
  if (!parsed.ok) return `not an image package (${parsed.error.name} at byte ${parsed.error.offset})`;
  const current = device.banks.read(active, target.name);
  const expected = current ? readPackage(current).parsed : undefined;
  const want = expected?.ok ? identityOf(expected.image)?.componentId : undefined;
  const got = identityOf(parsed.image)?.componentId;
  if (want && got !== want) return `the image is component ${got}, not ${component} (${want})`;
  const version = securityVersionOfBytes(bytes);
  if (version !== target.securityVersion) return `the image's security version ${version} is not the metadata's ${target.securityVersion}`;
  return undefined;
}

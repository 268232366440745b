/**
 * Boots of one device's universes remembered by their exact inputs. A power-cut sweep boots the same
 * bank bytes on the same chip hundreds of times: the power-on after a cut that left bank a untouched,
 * the dry run of the fully staged bank b, the reboot into it. A boot (emulator/boot's bootDevice) is a
 * function of the chip it runs on: the slots the flash controller maps (the bank's exact bytes), the
 * eFuses (anchors and anti-rollback counters), the provisioned identity (Pluton's keys, the device's
 * profile: fixed for every clone of one device) and the fault plan; its effects that the update lab
 * reads are the trace and the counters it raised. So an entry is keyed by the exact bytes of every
 * mapped slot, every counter's value, every anchor's bytes and the scenario text (BytesMemo: compared
 * byte for byte, no hash standing in), and holds the trace and the counters as the boot left them.
 * A hit raises the chip's counters to those values and returns the trace.
 *
 * What a hit does not replay: the chip's volatile state (images in memory, measurement registers, the bus
 * log). Nothing in the update lab reads it after a boot (every reader takes the trace and the counters;
 * a clone of the chip starts with empty registers anyway). So the lab (update-lab.ts) gives every
 * device it makes, all clones of its one factory chip, the same memo, and the power-cut sweep's
 * universes share it; boots with forced checks (fault injection) are never remembered.
 * test/update/boot-memo.test.ts holds a remembered boot against a real one and checks that a changed
 * byte, counter, scenario or provisioning misses.
 */
import { assetSlot, bootDevice, BytesMemo, type BootDevice, type BootTrace, type DeviceProfile, type SignatureVerifier } from '../boot/index.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';

interface RememberedBoot {
  trace: BootTrace;
  /** Every counter's value after the boot, in the order of counterIds(). */
  counters: number[];
}

/** A lab's distinct boots are a few dozen (a sweep adds a handful per bank layout); the bound only guards memory (each entry holds a bank). */
const MAX_REMEMBERED = 512;

export class BootMemo {
  readonly #boots = new BytesMemo<RememberedBoot>(MAX_REMEMBERED);
  readonly #counterIds: readonly string[];
  readonly #anchorIds: readonly string[];
  /** Boots decided here (misses), and boots answered from memory (hits). */
  booted = 0;
  remembered = 0;

  /** One device's lineage: the provisioned identity its clones share (BootDevice.clone keeps the profile object), and its verifier. */
  readonly #profile: DeviceProfile;
  readonly #verifier: SignatureVerifier;

  constructor(platform: PlatformDesign, chip: BootDevice, verifier: SignatureVerifier) {
    this.#profile = chip.profile;
    this.#verifier = verifier;
    this.#counterIds = platform.assets.filter((a) => a.kind === 'counter').map((a) => a.id);
    this.#anchorIds = anchorIds(platform);
  }

  /**
   * The boot of `chip` with `slots` mapped (the bytes of every boot slot, in the device's order, already
   * written to the chip's flash), remembered. A chip of another device, or another verifier, is booted
   * and not remembered: the key holds only what differs between clones of one device.
   */
  boot(chip: BootDevice, slots: readonly Uint8Array[], scenario: string, verifier: SignatureVerifier): BootTrace {
    if (chip.profile !== this.#profile || verifier !== this.#verifier) {
      this.booted++;
      return bootDevice(chip, { verifier, scenario });
    }
    const anchors = anchorBytes(chip, this.#anchorIds);
    const inputs = [...slots, this.#counterBytes(chip), ...anchors, this.#scenarioBytes(scenario)];
    let hit = true;
    const entry = this.#boots.getOf(inputs, () => {
      hit = false;
      // Frozen: every later power-on with these inputs returns this same trace object.
      const trace = deepFreeze(bootDevice(chip, { verifier, scenario }));
      return { trace, counters: this.#counterIds.map((id) => counterOrUnread(chip, id)) };
    });
    if (!hit) {
      this.booted++;
      return entry.trace;
    }
    this.remembered++;
    this.#counterIds.forEach((id, i) => {
      if (entry.counters[i]! !== UNREAD && entry.counters[i]! > counterOrUnread(chip, id)) chip.raiseCounter(id, entry.counters[i]!, 'boot (remembered)');
    });
    return entry.trace;
  }

  /** A lab boots under a few dozen scenario texts: each encoded once. */
  #scenarioBytes(scenario: string): Uint8Array {
    let bytes = this.#scenarios.get(scenario);
    if (!bytes) {
      if (this.#scenarios.size >= MAX_REMEMBERED) this.#scenarios.clear();
      this.#scenarios.set(scenario, (bytes = new TextEncoder().encode(scenario)));
    }
    return bytes;
  }
  readonly #scenarios = new Map<string, Uint8Array>();

  #counterBytes(chip: BootDevice): Uint8Array {
    // u32 each: a counter kept in flash is a u32.
    return new Uint8Array(Uint32Array.from(this.#counterIds.map((id) => counterOrUnread(chip, id))).buffer);
  }
}

/**
 * A counter's value, or UNREAD for one the chip does not hold (a counter in flash that nothing provisioned: the design
 * names it, no stage or key store is held against it). Before, such a counter made every remembered boot throw.
 */
const UNREAD = 0xffffffff;
function counterOrUnread(chip: BootDevice, id: string): number {
  const read = chip.readCounter(id, 'lab');
  return read.ok ? read.value : UNREAD;
}

const EMPTY = new Uint8Array(0);

/** The assets the boot compares keys against (anchoredIn), by platform design (a design object is never changed once loaded). */
export function anchorIds(platform: PlatformDesign): readonly string[] {
  let ids = ANCHORS.get(platform);
  if (!ids) ANCHORS.set(platform, (ids = [...new Set(platform.keys.flatMap((k) => (k.anchoredIn ? [k.anchoredIn] : [])))]));
  return ids;
}
const ANCHORS = new WeakMap<PlatformDesign, readonly string[]>();

/** Each anchor's bytes as the chip holds them: eFuses, else its slot in the chip's flash (empty when absent). */
export const anchorBytes = (chip: BootDevice, ids: readonly string[]): Uint8Array[] => ids.map((id) => (chip.efuses.has(id) ? chip.efuses.read(id) : (chip.flash.peek(assetSlot(id)) ?? EMPTY)));

/** A trace is plain data (hex strings, no bytes), so all of it can be frozen. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

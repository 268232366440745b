/**
 * What the power-cut sweep finds after a cut (the power-on, its checks and the resumed update:
 * checkAfterCut in power-cut-sweep.ts), remembered by the exact state the cut left. Many cut points
 * leave byte-identical devices: a cut before an erase of an area that holds nothing leaves what the cut
 * before the next operation leaves, and a torn erase of an empty area what a plain cut leaves (on the
 * built-in design 32 of 106 cut points repeat an earlier one). From the same state the device does the
 * same thing, so such a cut point gets the outcome of the first one: the same boot, the same problems,
 * and the same lines added to its journal (its evidence), appended to its own journal.
 *
 * What the check reads, and so the key (every part compared exactly, byte for byte: no hash stands in):
 *   - every area of the counted flash, by name, with its bytes (banks, boot control, update state, session
 *     record, failure log);
 *   - every anti-rollback counter and every anchor the boot compares against (eFuses, or the chip's flash);
 *   - the RAM that outlives losePower(): the boot count (read before the session record is), the
 *     identity and the deferring app's behaviour;
 *   - the lab's time.
 * What it leaves out, and why that is safe: the chip's volatile state (memory, registers, bus log: lost at
 * the cut, see boot-memo.ts); the boot slots the chip's flash maps (bootBank writes every one before each
 * boot reads it); the fuse fields other than anchors and the provisioned identity (nothing in the update
 * lab programs them, and every clone of one device shares them); the device's journal (only ever
 * appended to, never read). Everything else the check uses is fixed for one sweep (the design, the
 * verifier, the keys, the update function and the service it talks to, whose answers depend on the time
 * and the releases published, not on the reports it has received): a memo serves one sweep only.
 * A remembered cut point does not reach the service again: its report upload is not repeated, which
 * changes no outcome (the sweep reads the device, never the service's record of reports).
 *
 * The flash bytes are held as the counted flash's own views, not copied: an area's bytes never change
 * once written (counted-flash.ts: programs append past them, an erase or a tear makes new ones).
 * test/update/power-cut-snapshots.test.ts holds the remembered sweep against the replay with nothing
 * remembered, and test/update/after-cut-memo.test.ts checks that each part of the key, changed alone, misses.
 */
import { sameBytes } from '../boot/bytes-memo.js';
import { anchorBytes, anchorIds } from './boot-memo.js';
import type { PowerOnResult, UpdateDevice } from './update-device.js';

/** The check after one cut: the power-on's result (undefined if it threw), the problems found. */
export interface AfterCutCheck {
  boot: PowerOnResult | undefined;
  problems: string[];
}

interface Entry {
  bytes: readonly Uint8Array[];
  boot: PowerOnResult | undefined;
  problems: readonly string[];
  /** Lines the check added to the device's journal. */
  journal: readonly string[];
}

/** A sweep has two cut points per flash operation (a few hundred); the bound only guards memory. */
const MAX_REMEMBERED = 4096;

export class AfterCutMemo {
  readonly #entries = new Map<string, Entry[]>();
  #size = 0;
  /** Cut points checked here (misses), and answered from memory (hits). */
  checked = 0;
  remembered = 0;

  /** `check()` run on `device` as the cut left it, or the outcome of an earlier cut point that left the same state (its journal lines appended to this device's). */
  outcome(device: UpdateDevice, now: number, check: () => AfterCutCheck): AfterCutCheck {
    const { text, bytes } = stateOf(device, now);
    const bucket = this.#entries.get(text);
    const found = bucket?.find((entry) => sameAll(entry.bytes, bytes));
    if (found) {
      this.remembered++;
      device.journal.push(...found.journal);
      return { boot: found.boot, problems: [...found.problems] };
    }
    const before = device.journal.length;
    const result = check();
    this.checked++;
    if (this.#size >= MAX_REMEMBERED) {
      this.#entries.clear();
      this.#size = 0;
    }
    const entry: Entry = { bytes, boot: result.boot, problems: [...result.problems], journal: device.journal.slice(before) };
    const again = this.#entries.get(text);
    if (again) again.push(entry);
    else this.#entries.set(text, [entry]);
    this.#size++;
    return result;
  }
}

/**
 * The key: the parts that are not bytes as text (also where to look: area names and lengths), the
 * bytes as a list compared exactly.
 */
function stateOf(device: UpdateDevice, now: number): { text: string; bytes: Uint8Array[] } {
  const areas = device.flash.areas();
  const bytes = areas.map((area) => device.flash.read(area)!);
  bytes.push(...anchorBytes(device.chip, anchorIds(device.platform)));
  const counters = Object.values(device.counters());
  const text = JSON.stringify([now, device.bootCount, device.identity, device.deferral ?? null, counters, areas.map((area, i) => `${area}:${bytes[i]!.length}`)]);
  return { text, bytes };
}

function sameAll(a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !sameBytes(a[i]!, b[i]!)) return false;
  return true;
}


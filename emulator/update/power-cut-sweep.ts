/**
 * MCUboot's power-failure methodology applied to an update: run the update once on a copy of the
 * device and count its flash operations (n); then, for every i in 1..n and each cut mode, take the
 * device as the power cut at operation i leaves it (cut: the operation never happens; torn: all but
 * its last bytes are written), power it on again and check that
 *   - it boots, and every stage it runs is an image the vendor signed (never a half-written one);
 *   - no anti-rollback counter is lower than before the update;
 *   - (resume) the next connection brings it to the deployed version, with every anti-rollback counter at least where
 *     the uncut update leaves it (a raise the cut lost and nothing makes again keeps the revocation the update carried
 *     out of force: the release of before, a key store that still certifies a stolen key, is let in again).
 * The installer's counter raises are cut points too (counted-flash.ts counter()); the boot's are not (every boot makes them).
 * Each failing case keeps the device's journal and boot trace as its evidence.
 */
import { formatTrace } from '../boot/index.js';
import { AfterCutMemo, type AfterCutCheck } from './after-cut-memo.js';
import { BootMemo } from './boot-memo.js';
import { PowerCut, type CutMode, type FlashOp, type PendingOp } from './counted-flash.js';
import type { UpdateDevice } from './update-device.js';

export interface SweepCase {
  mode: CutMode;
  /** 1-based operation the cut interrupted. */
  at: number;
  op: FlashOp;
  problems: string[];
  /** The device's journal and the boot trace after the cut, for a failing case. */
  evidence?: string[];
}

export interface SweepOptions {
  modes?: readonly CutMode[];
  /** Also check that the next connection completes the update (costs a second update per case). */
  resume?: boolean;
  /** SHA-256 (hex) of every image the vendor signed. */
  genuine: ReadonlySet<string>;
  /** Does the device run the deployed version? */
  isCurrent: (device: UpdateDevice) => boolean;
  now: () => number;
  /** Stop after this many failing cases (a verdict needs one counterexample, not all of them). */
  maxFailures?: number;
  /** Remember boots by their exact inputs across the sweep's universes (boot-memo.ts: the device's own memo, else one for this sweep); default true. */
  rememberBoots?: boolean;
  /** Give a cut point that leaves the device byte for byte as an earlier one left it that one's outcome (after-cut-memo.ts); default true. */
  rememberAfterCut?: boolean;
  /** How the device after each cut is reached (see sweepPowerCuts); default snapshot. */
  method?: 'snapshot' | 'replay';
}

export interface SweepResult {
  /** Flash operations of the clean update: the cut points per mode. */
  cutPoints: number;
  cases: number;
  failures: SweepCase[];
  timeMs: number;
  /** The clean run's operations, for describing cut points. */
  operations: FlashOp[];
  /** With remembered boots: how many the sweep ran, and how many it answered from the memo by their exact inputs (the evidence says so). */
  boots?: { run: number; remembered: number };
  /** With the after-cut memo: cut points checked, and cut points answered from memory because an earlier one left the same state (the evidence says so). */
  afterCut?: { checked: number; remembered: number };
}

/**
 * `update` runs the whole update on the device it is given (connect, install, reboot), and must be deterministic.
 *
 * Two ways to reach the device a cut leaves, with the same outcome per cut point (a test compares
 * them on the built-in design and the update fixtures):
 *   snapshot (default)  during the clean run, copy the device just before each flash operation; the
 *                       cut at operation i is that copy with operation i interrupted (cut: not done;
 *                       torn: partly done, CountedFlash.interrupt). A cut unwinds everything after the
 *                       operation (RAM is lost, nothing in the update catches PowerCut), so what
 *                       remains is what the device held before it plus the interrupted operation:
 *                       the copy. One update in all instead of one per cut point (quadratic).
 *   replay              run the update again from the start on a fresh copy for every cut point, with
 *                       the cut armed at operation i (MCUboot's simulator's way; kept to check the other).
 *
 * Every cut point still boots three times or so (the power-on after the cut, and in the resumed update
 * the dry run of the staged bank and the reboot into it), but nearly all of those boots have inputs
 * that an earlier cut point already booted: bank a untouched, the same fully staged bank b, the same
 * counters. So the sweep's universes share a BootMemo (boot-memo.ts: exact bytes of every mapped slot,
 * counters, anchors, scenario): the lab's, which the device came with, else one of its own, and each
 * distinct boot runs once; `rememberBoots: false` runs them all. And a cut point that leaves the
 * device in the very state an earlier one left (a cut before erasing an empty area is a cut before the
 * next operation) gets the earlier one's outcome (after-cut-memo.ts); `rememberAfterCut: false` checks
 * every one.
 */
export function sweepPowerCuts(before: UpdateDevice, update: (device: UpdateDevice) => void, options: SweepOptions): SweepResult {
  const started = performance.now();
  const counters = before.counters();
  const clean = before.clone();
  clean.bootMemo = options.rememberBoots === false ? undefined : (before.bootMemo ?? new BootMemo(before.platform, before.chip, before.verifier));
  const memoBefore = clean.bootMemo && { run: clean.bootMemo.booted, remembered: clean.bootMemo.remembered };
  clean.flash.trace = [];
  const base = clean.flash.operations;
  const snapshots: ({ device: UpdateDevice; pending: PendingOp } | undefined)[] = [];
  const snapshot = (options.method ?? 'snapshot') === 'snapshot';
  if (snapshot) clean.flash.beforeOperation = (pending) => void snapshots.push({ device: clean.clone(), pending });
  update(clean);
  clean.flash.beforeOperation = undefined;
  const countersAfter = clean.counters();
  // Numbered from the start of the update, as the cut plan counts them.
  const operations = clean.flash.trace.map((op) => ({ ...op, index: op.index - base }));
  clean.flash.trace = undefined;
  const failures: SweepCase[] = [];
  const afterCut = options.rememberAfterCut === false ? undefined : new AfterCutMemo();
  let cases = 0;
  const enough = () => options.maxFailures !== undefined && failures.length >= options.maxFailures;
  const modes = options.modes ?? (['cut', 'torn'] as const);
  for (const [m, mode] of modes.entries()) {
    // The last mode is a snapshot's last use: it is cut itself rather than a copy of it.
    const lastUse = m === modes.length - 1;
    for (let at = 1; at <= operations.length && !enough(); at++) {
      cases++;
      const problems: string[] = [];
      let device: UpdateDevice;
      if (snapshot) {
        const taken = snapshots[at - 1]!;
        // Let go of it at its last use: snapshots kept to the end of the sweep were copied by every young-generation collection.
        if (lastUse) snapshots[at - 1] = undefined;
        device = lastUse ? taken.device : taken.device.clone();
        device.flash.interrupt(taken.pending, mode);
      } else {
        device = before.clone();
        device.bootMemo = clean.bootMemo;
        device.flash.arm({ at, mode });
        let cut = false;
        try {
          update(device);
        } catch (err) {
          if (!(err instanceof PowerCut)) throw err;
          cut = true;
        }
        device.flash.arm(undefined);
        if (!cut) problems.push(`the update took fewer than ${at} flash operations this time: the sweep is not deterministic`);
      }
      // A replay that went wrong already has a problem, and no outcome to share.
      const { boot, problems: found } = afterCut && problems.length === 0 ? afterCut.outcome(device, options.now(), () => checkAfterCut(device, counters, countersAfter, update, options, [])) : checkAfterCut(device, counters, countersAfter, update, options, problems);
      if (found.length) {
        const op = operations[at - 1]!;
        failures.push({ mode, at, op, problems: found, evidence: [...device.journal, ...(boot ? boot.attempts.flatMap((a) => formatTrace(a.trace)) : [])] });
      }
    }
  }
  const memo = clean.bootMemo;
  const boots = memo && memoBefore ? { run: memo.booted - memoBefore.run, remembered: memo.remembered - memoBefore.remembered } : undefined;
  return {
    cutPoints: operations.length,
    cases,
    failures,
    timeMs: performance.now() - started,
    operations,
    ...(boots ? { boots } : {}),
    ...(afterCut ? { afterCut: { checked: afterCut.checked, remembered: afterCut.remembered } } : {}),
  };
}

/** Power the cut device on and check it (`before`: problems already found with this cut point, which also hold back the resume): it boots signed images only, no counter went back, and (resume) the next connection completes the update, its counters where the uncut update leaves them (`countersAfter`). */
function checkAfterCut(device: UpdateDevice, counters: Record<string, number>, countersAfter: Record<string, number>, update: (device: UpdateDevice) => void, options: SweepOptions, before: readonly string[]): AfterCutCheck {
  const problems = [...before];
  device.losePower();
  const boot = safely(() => device.powerOn(options.now()), problems);
  const ran = boot?.attempts.find((a) => a.bank === boot.running)?.trace;
  if (!ran) problems.push(`no bank boots after the cut${boot ? `: ${boot.attempts.map((a) => `bank ${a.bank} halted at ${a.trace.haltedAt}`).join('; ')}` : ''}`);
  else {
    const foreign = ran.stages.filter((s) => !s.imageSha256 || !options.genuine.has(s.imageSha256));
    if (foreign.length) problems.push(`bank ${boot!.running} booted images the vendor never signed: ${foreign.map((s) => s.image).join(', ')}`);
  }
  const after = device.counters();
  for (const [id, value] of Object.entries(counters)) if ((after[id] ?? 0) < value) problems.push(`${id} went back from ${value} to ${after[id] ?? 'nothing readable'}`);
  if (options.resume && ran && problems.length === 0) {
    safely(() => update(device), problems);
    if (!options.isCurrent(device)) problems.push('the next connection did not bring the device to the deployed version');
    else {
      const resumed = device.counters();
      for (const [id, value] of Object.entries(countersAfter)) if ((resumed[id] ?? 0) < value) problems.push(`${id} stays at ${resumed[id] ?? 'nothing readable'} once the next connection completed the update, below the ${value} the uncut update leaves it at: what the update revoked (the release or key store of before) is let in again`);
    }
  }
  return { boot, problems };
}

function safely<T>(work: () => T, problems: string[]): T | undefined {
  try {
    return work();
  } catch (err) {
    problems.push(err instanceof PowerCut ? `unexpected ${err.message}` : `the emulator failed: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/** "op 17 (program bank/b/image/nw-kernel, 1024 bytes, by installer)". */
export const describeOp = (op: FlashOp): string => (op.kind === 'counter' ? `op ${op.index} (raise ${op.area.slice('counter/'.length)}, by ${op.by})` : `op ${op.index} (${op.kind} ${op.area}${op.kind === 'program' ? `, ${op.bytes} bytes` : ''}, by ${op.by})`);

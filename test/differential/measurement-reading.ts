/**
 * Second reading, on purpose, of model/platform/measurement-integrity.ts (measurementProblems): whether the boot
 * measurement register shows what ran, read from what the emulated device does rather than from the design's
 * boot graph and access list. Held against it by test/differential/measurement-differential.test.ts over random
 * designs; it imports nothing from measurement-integrity.ts (nor from properties/hardware-root-of-trust, which
 * reads it).
 *
 * What a quote proves is the registers at the end of the boot (attestation proves the device's configuration, facts §4;
 * the emulated Pluton signs its registers' values). So:
 *  - a stage is exposed when an image tampered with, booted with every check of that stage forced to pass (a
 *    stand-in for any bypass), leaves every register exactly as the genuine boot does: whatever got the image past
 *    its checks, attestation cannot see it. This covers a stage nobody measures, one measured after it has run (the
 *    tampered image puts the genuine bytes back first), one whose measurer the access controller refuses, and one
 *    whose measurer is not running yet when the device asks it (a stage cannot measure itself before it runs);
 *  - a component is an overwriter when, run as a compromised component on a provisioned device, the device's access
 *    controller lets it write a register some stage is measured into (Pluton has no write request for a register,
 *    so its access controller answers directly). Mask ROM (`mutable: false`) is not: no image replaces it;
 *  - a register some stage is measured into that is kept in flash is rewritten by whoever writes the flash chip, with
 *    no access controller in the way (the design's physical flash attacker); it is named by the first component in
 *    boot order that measures into it.
 *  - a stage whose measurer an attacker runs as is booted tampered, its checks forced to pass, with the measurer
 *    reporting the genuine image's digest (it chooses what it extends: the boot's `measuredAs`); it is exposed when
 *    the registers then match the genuine boot's. Whom an attacker runs as is the emulated device's own reading
 *    (emulator/boot/attacker-takeover.ts attackerRunsAs, which the property's play reads too), not
 *    model/platform/verifier-takeover.ts (componentsAnAttackerTakesOver, which measurement-integrity.ts reads); that
 *    reading is held against the takeover rule on its own by test/differential/takeover-differential.test.ts.
 * The subjects (stage images, overwriters, first measurers of a flash register) are what the property flags.
 */
import { attackerRunsAs } from '../../emulator/boot/attacker-takeover.js';
import { runCompromisedComponent } from '../../emulator/boot/compromised-component.js';
import type { BootLab } from '../../emulator/boot/boot-lab.js';
import { rollbackCheckId } from '../../emulator/boot/index.js';
import { NodeP256Verifier } from '../../emulator/boot/p256-verifier.js';

export interface MeasurementAsRun {
  /** Stages a tampered image of which, past its checks, leaves the registers as the genuine boot does. */
  exposed: string[];
  /** Mutable components the access controller lets write a register stages are measured into. */
  overwriters: string[];
  /** Registers stages are measured into that live in flash, each with its first measurer in boot order. */
  inFlash: { register: string; firstMeasurer: string }[];
  /** Whether the genuine boot ran every stage (the comparison means nothing otherwise). */
  booted: boolean;
}

export function measurementAsRun(lab: BootLab): MeasurementAsRun {
  const design = lab.design;
  const verifier = new NodeP256Verifier();
  const genuine = lab.boot(verifier).trace;
  const registersOf = (t: typeof genuine) => JSON.stringify(t.registers);
  const exposed: string[] = [];
  const runAsAttacker = attackerRunsAs(lab.factoryDevice);
  for (const stage of design.boot) {
    const skip = [...stage.checks.map((c) => c.id), ...(stage.rollback ? [rollbackCheckId(stage.image)] : [])];
    const attack = lab.attacker.plan('tampered', stage.image, { keepSecurityVersion: true });
    const genuineDigest = genuine.stages.find((s) => s.image === stage.image)?.measurement?.digest;
    const lies = stage.measurement && runAsAttacker.has(stage.measurement.by) && genuineDigest;
    const measuredAs = lies ? new Map([[stage.image, new Uint8Array(Buffer.from(genuineDigest, 'hex'))]]) : undefined;
    const run = lab.boot(verifier, { attack, skip, scenario: `tampered ${stage.image}, checks bypassed`, ...(measuredAs ? { measuredAs } : {}) }).trace;
    const ran = run.stages.find((s) => s.image === stage.image)?.outcome.status === 'ran';
    if (ran && registersOf(run) === registersOf(genuine)) exposed.push(stage.image);
  }

  const measuredInto = new Map<string, string>();
  for (const stage of design.boot) if (stage.measurement && !measuredInto.has(stage.measurement.register)) measuredInto.set(stage.measurement.register, stage.measurement.by);
  const registers = design.assets.filter((a) => measuredInto.has(a.id));
  const access = lab.factoryDevice.profile.access;
  const overwriters: string[] = [];
  for (const c of design.components) {
    if (c.mutable === false) continue;
    const attempts = runCompromisedComponent(lab.factoryDevice.clone(), c.id, registers, lab.attacker.compromisedProgram(new Uint8Array([0x50, 0x43, 0x52])));
    const writes = attempts.filter((a) => a.right === 'write' && (a.outcome === 'granted' || (a.outcome === 'refused' && /Pluton holds no key/.test(a.detail) && access.decide(c.id, a.asset, 'write').granted)));
    if (writes.length) overwriters.push(c.id);
  }
  const inFlash = registers.filter((a) => a.location === 'flash').map((a) => ({ register: a.id, firstMeasurer: measuredInto.get(a.id)! }));
  return { exposed, overwriters, inFlash, booted: genuine.outcome === 'booted' && genuine.stages.every((s) => s.outcome.status === 'ran') };
}

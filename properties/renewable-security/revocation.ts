/**
 * A revoked release stops running: the emulated witness of the rollback rule. Once a device has installed
 * release 3, release 2 is revoked. For each update kind, the whole release 2 of that kind (every stage
 * image and the boot manifests that list them, genuine and signed by the vendor) is written back into
 * the running bank, as someone with the flash could, and the device restarts:
 *   1. as it is: no stage may run release 2;
 *   2. once per stage, with the anti-rollback checks of the kind's other stages forced to pass: the stage
 *      must be refused by its own counter. The boot ends at its first halt, so without this a guarded
 *      stage early in the chain would hide an unguarded one after it (and on Azure Sphere app images are
 *      loaded independently, so one app's refusal does not protect another);
 *   3. once per stage, its release 2 image alone, with the security version field rewritten to the installed
 *      release's (the flash writer edits bytes as freely as it copies them), the vendor's signature kept: the
 *      stage's own checks must refuse it. A counter is compared with a field of the image, so it keeps the old
 *      release out only where something verifies that field (the static rule's reading: model/update/rollback.ts,
 *      unverifiedStage); a stage no check verifies runs the revoked code at the counter's own version.
 *   4. where the update design states a recovery path (recoveryFlashing), release 2 of every kind handed to recovery
 *      mode (emulator/update/recovery-mode.ts), as whoever holds the device could: no stage may run release 2. The
 *      static reading is model/update/recovery-flashing.ts (properties/renewable-security/recovery-flashing.ts).
 * (The device may then have nothing left to boot; the recovery is to reinstall, outside this rule.)
 */
import { formatTrace, imageSlot, rollbackCheckId, type StageTrace } from '../../emulator/boot/index.js';
import { sha256Hex, securityVersionOfBytes } from '../../emulator/update/slots.js';
import { encodeU32, packImagePackage, parseImagePackage, replaceSection, SECTION_TAG } from '../../formats/image-package/index.js';
import { connect, LAB_EPOCH, recoverDevice, targetsOf, type UpdateDevice } from '../../emulator/update/index.js';
import type { UpdateKind } from '../../model/update/update-design.js';
import { requiredRule } from '../../model/requirements/requirement-profile.js';
import { ROLLBACK_REQUIREMENT } from '../../model/update/rollback.js';
import type { Evidence } from '../verdict.js';
import type { RuleInput, RuleOutcome } from './rule.js';

const RULE = 'a revoked release stops running';
const OLD = 2;

export function checkRevocation(input: RuleInput): RuleOutcome {
  const { lab } = input;
  const base = { rule: RULE, requirement: ROLLBACK_REQUIREMENT };
  if (!requiredRule(input.requirements, ROLLBACK_REQUIREMENT)) return { ...base, verdict: 'holds', notApplicable: true, summary: 'the requirement profile does not require it', bound: 'not run', evidence: [] };
  lab.now = LAB_EPOCH;
  const service = lab.newService();
  lab.publishOs(3, service);
  lab.deployApps(lab.deviceGroup, 3, service);
  const installed = lab.device({ deviceGroup: lab.deviceGroup });
  // Setup: a device that checked and installed release 3 (how soon it checks is the reach rule's).
  connect(installed, lab.connection(undefined, service), lab.now, { check: true });
  const kinds = lab.design.updateKinds.map((k) => k.kind).filter((k) => lab.stagesOf(k).length > 0);
  const bound = `release ${OLD} of ${kinds.join(' and ')} written back whole, then each of ${kinds.reduce((n, k) => n + lab.stagesOf(k).length, 0)} stages judged on its own counter`;
  if (!lab.isCurrent(installed, service)) {
    return { ...base, verdict: 'unknown', summary: `setup: a ${lab.deviceGroup} device did not install release 3, so nothing could be revoked (${installed.journal.at(-1)})`, bound, evidence: [{ title: `trace: setup of ${RULE}`, lines: installed.journal }] };
  }
  const lines: string[] = [];
  const problems: string[] = [];
  const untested: string[] = [];
  const evidence: Evidence[] = [];
  for (const kind of kinds) {
    const stages = lab.stagesOf(kind);
    const slots = targetsOf(lab.design, lab.platform, lab.builder.factory.slots, [kind]).map((t) => t.name);
    const writeBack = (): UpdateDevice => {
      const device = installed.clone();
      for (const slot of slots) device.banks.write(device.running!, slot, lab.builder.factory.slots.get(slot)!, 'attacker');
      return device;
    };
    // 1. The old release as it boots.
    const whole = writeBack();
    const bank = whole.running!;
    const boot = whole.reboot(lab.now);
    const ran = (trace: { stages: StageTrace[] } | undefined, stage: string) => trace?.stages.find((s) => s.image === stage && s.outcome.status === 'ran' && s.securityVersion === OLD);
    const wholeTrace = boot.attempts.find((a) => a.bank === bank)?.trace;
    const ranWhole = stages.filter((s) => ran(wholeTrace, s));
    lines.push(`${kind}: release ${OLD} written back whole (${slots.join(', ')}) → ${ranWhole.length ? `RAN ${ranWhole.join(', ')}` : `refused (bank ${bank} halted at ${wholeTrace?.haltedAt ?? '?'})`}`);
    for (const stage of ranWhole) problems.push(`the revoked release ${OLD} of ${stage} ran again after release 3 was installed`);
    if (ranWhole.length && wholeTrace) evidence.push({ title: `trace: revoked ${kind} release ${OLD} booted`, lines: formatTrace(wholeTrace), reproduce: input.reproduce, data: wholeTrace });
    // 2. Each stage on its own counter.
    const guarded = new Set(lab.platform.boot.filter((s) => s.rollback).map((s) => s.image));
    for (const stage of stages) {
      if (ranWhole.includes(stage)) continue;
      const skip = stages.filter((s) => s !== stage && guarded.has(s)).map(rollbackCheckId);
      const device = writeBack();
      const own = device.running!;
      const trace = device.reboot(lab.now, { skip }).attempts.find((a) => a.bank === own)?.trace;
      const mine = trace?.stages.find((s) => s.image === stage);
      const refusal = mine?.checks.find((c) => c.id === rollbackCheckId(stage) && c.result === 'fail');
      if (ran(trace, stage)) {
        problems.push(`the revoked release ${OLD} of ${stage} runs whenever the stages before it accept theirs: ${stage} has no anti-rollback counter of its own`);
        lines.push(`  ${stage}: release ${OLD} RAN (${skip.length ? `${skip.join(', ')} forced to pass` : 'nothing forced'})`);
        if (trace) evidence.push({ title: `trace: revoked ${stage} booted (the other ${kind} stages' rollback checks forced to pass)`, lines: formatTrace(trace), reproduce: input.reproduce, data: trace });
      } else if (refusal) {
        lines.push(`  ${stage}: refused by its own counter (${refusal.detail})`);
      } else {
        untested.push(stage);
        lines.push(`  ${stage}: ${mine ? `refused, but not by its counter (${mine.outcome.status === 'halted' ? mine.outcome.reason : 'ran a newer image'})` : `not reached (halted at ${trace?.haltedAt ?? '?'})`}: its own counter was not tested`);
      }
    }
    // 3. Each stage's old image with its version rewritten: only a check of the image refuses it.
    for (const stage of stages) {
      const slot = imageSlot(stage);
      const old = lab.builder.factory.slots.get(slot);
      const current = installed.banks.read(installed.running!, slot);
      const version = current ? securityVersionOfBytes(current) : 0;
      const rewritten = old && current ? withSecurityVersion(old, version) : undefined;
      if (!rewritten) {
        untested.push(stage);
        lines.push(`  ${stage}: release ${OLD} could not be rewritten (no parsable image of it in either release): its checks were not tested`);
        continue;
      }
      const device = installed.clone();
      device.banks.write(device.running!, slot, rewritten, 'attacker');
      const own = device.running!;
      const trace = device.reboot(lab.now).attempts.find((a) => a.bank === own)?.trace;
      const mine = trace?.stages.find((s) => s.image === stage);
      if (mine?.outcome.status === 'ran' && mine.imageSha256 === sha256Hex(rewritten)) {
        problems.push(`the revoked release ${OLD} of ${stage}, its security version rewritten to ${version}, ran after release 3 was installed: no boot check of ${stage} verifies the version its counter is compared with`);
        lines.push(`  ${stage}: release ${OLD} with its version rewritten RAN`);
        if (trace) evidence.push({ title: `trace: revoked ${stage} with its version rewritten booted`, lines: formatTrace(trace), reproduce: input.reproduce, data: trace });
      } else {
        lines.push(`  ${stage}: release ${OLD} with its version rewritten refused (${mine ? (mine.outcome.status === 'halted' ? mine.outcome.reason : 'ran another image') : `not reached, halted at ${trace?.haltedAt ?? '?'}`})`);
      }
    }
  }
  // 4. Release 2 of every kind through recovery mode, where the design has one.
  const recovery = recoverOldRelease(input, installed, kinds);
  if (recovery) {
    lines.push(recovery.line);
    if (recovery.problem) problems.push(recovery.problem);
    if (recovery.evidence) evidence.push(recovery.evidence);
  }
  if (problems.length) return { ...base, verdict: 'violated', summary: problems[0]!, bound, evidence: [{ title: `${RULE}: violated`, lines: [...lines, ...problems], reproduce: input.reproduce }, ...evidence] };
  if (untested.length) return { ...base, verdict: 'unknown', summary: `the counter of ${untested.join(', ')} could not be tested: the old release was refused for another reason`, bound, evidence: [{ title: `${RULE}: not decided`, lines, reproduce: input.reproduce }] };
  return { ...base, verdict: 'holds', summary: `release ${OLD} no longer runs once release 3 is installed: every stage is refused by its own counter`, bound, evidence: [{ title: `${RULE}: holds`, lines }] };
}

/** Step 4: the whole release 2 (every kind's slots) handed to recovery mode on the installed device; undefined where the design states no recovery path. */
function recoverOldRelease(input: RuleInput, installed: UpdateDevice, kinds: readonly UpdateKind[]): { line: string; problem?: string; evidence?: Evidence } | undefined {
  const { lab } = input;
  if (!lab.design.recoveryFlashing) return undefined;
  const slots = targetsOf(lab.design, lab.platform, lab.builder.factory.slots, kinds).map((t) => t.name);
  const images = new Map(slots.map((slot) => [slot, lab.builder.factory.slots.get(slot)!] as const));
  const device = installed.clone();
  const result = recoverDevice(device, images, lab.now);
  if (!result.recovered) return { line: `recovery mode: release ${OLD} handed over → ${result.notPlayed ? 'not played' : 'refused'} (${result.reason})` };
  const attempt = result.boot.attempts.find((a) => a.bank === result.boot.running) ?? result.boot.attempts.at(-1);
  const ran = lab.platform.boot.map((s) => s.image).filter((stage) => attempt?.trace.stages.some((s) => s.image === stage && s.outcome.status === 'ran' && s.securityVersion === OLD));
  if (!ran.length) return { line: `recovery mode: release ${OLD} written, no stage ran it (halted at ${attempt?.trace.haltedAt ?? '?'})` };
  return {
    line: `recovery mode: release ${OLD} written and RAN ${ran.join(', ')}`,
    problem: `the revoked release ${OLD} of ${ran.join(', ')} ran again after release 3 was installed: handed to recovery mode, which booted it without comparing its security version with the anti-rollback counters`,
    ...(attempt ? { evidence: { title: `trace: revoked release ${OLD} booted through recovery mode`, lines: formatTrace(attempt.trace), reproduce: input.reproduce, data: attempt.trace } } : {}),
  };
}

/** An image package with its RV section rewritten to `version`, its signature kept; undefined when it does not parse. */
function withSecurityVersion(bytes: Uint8Array, version: number): Uint8Array | undefined {
  const parsed = parseImagePackage(bytes);
  if (!parsed.ok) return undefined;
  return packImagePackage({ body: parsed.image.body, sections: replaceSection(parsed.image.sections, SECTION_TAG.Revocation, encodeU32(version)), signature: parsed.image.signature });
}

/**
 * A revoked image stops running. Once a device has installed release 3, the counters stand at 3 and
 * release 2 is revoked: for each update kind, the release 2 image of its first stage (genuine, signed
 * by the vendor) is written back into the running bank, as someone with the flash could, and the device
 * restarts. That image must not run. (The device may then have nothing left to boot: the other bank
 * holds release 2 as well; the recovery is to reinstall, which is outside this rule.)
 */
import { connect, LAB_EPOCH } from '../../emulator/update/index.js';
import { formatTrace, imageSlot } from '../../emulator/boot/index.js';
import type { UpdateKind } from '../../model/update/update-design.js';
import type { Evidence } from '../verdict.js';
import type { RuleInput, RuleOutcome } from './rule.js';

const RULE = 'a revoked image stops running';

export function checkRevocation(input: RuleInput): RuleOutcome {
  const { lab } = input;
  const lines: string[] = [];
  const evidence: Evidence[] = [];
  const problems: string[] = [];
  for (const kind of ['os', 'app'] as UpdateKind[]) {
    const stage = lab.stagesOf(kind)[0];
    if (!stage) continue;
    lab.now = LAB_EPOCH;
    const service = lab.newService();
    lab.publishOs(3, service);
    lab.deployApps('Production', 3, service);
    const device = lab.device();
    connect(device, lab.connection(undefined, service), lab.now);
    if (!lab.isCurrent(device, service)) {
      problems.push(`setup: the device did not install release 3 (${device.journal.at(-1)})`);
      continue;
    }
    const revoked = lab.builder.factory.slots.get(imageSlot(stage))!;
    device.banks.write(device.running!, imageSlot(stage), revoked, 'attacker');
    const boot = device.reboot(lab.now);
    const ran = boot.attempts.some((a) => a.trace.stages.some((s) => s.image === stage && s.outcome.status === 'ran' && s.securityVersion === 2));
    lines.push(`${kind}: release 2 ${stage} written back after release 3 → ${ran ? 'IT RAN' : `refused (${boot.attempts.map((a) => `bank ${a.bank} halted at ${a.trace.haltedAt}`).join('; ')})`}`);
    if (ran) {
      problems.push(`the revoked release 2 ${stage} ran again after release 3 was installed`);
      evidence.push({ title: `trace: revoked ${stage} booted`, lines: boot.attempts.flatMap((a) => formatTrace(a.trace)), reproduce: input.reproduce });
    }
  }
  if (problems.length) return { rule: RULE, verdict: 'violated', summary: problems[0]!, bound: 'os and app', evidence: [{ title: RULE, lines: [...lines, ...problems], reproduce: input.reproduce }, ...evidence] };
  return { rule: RULE, verdict: 'holds', summary: 'release 2 images no longer run once release 3 is installed', bound: 'os and app kinds', evidence: [{ title: RULE, lines }] };
}

/**
 * A boot that fails verification, as the design's flash layout lets one happen, and whether it is
 * reported. With A/B banks, the bank the device boots next is a copy of the running one whose `stage`
 * image went bad after it was staged (an update corrupted between verification and reboot); with one
 * bank, the running bank's own image goes bad. The device then restarts: with a recovery bank it falls
 * back and logs the failure; without one it has nothing to boot, and the failure can never be reported.
 * Used by the random runs (one action) and by the boot-failure check (every stage, every time).
 */
import { imageSlot } from '../../emulator/boot/index.js';
import { tamperedImage } from '../../emulator/update/attacks/forge.js';
import { connect, type UpdateDevice, type UpdateLab, type PowerOnResult } from '../../emulator/update/index.js';
import type { CheckOutcome } from './rule.js';
import { EVERY_FAILURE_REPORTED } from './rule.js';

/** Makes the next boot fail at `stage`, then restarts. `copyBank`: stage a whole copy of the running bank first (else only the bad image is written). */
export function failNextBoot(lab: UpdateLab, device: UpdateDevice, stage: string, now: number, copyBank: boolean): PowerOnResult {
  const running = device.running!;
  const bank = device.banks.stagingBank();
  if (copyBank && bank !== running) for (const [slot, bytes] of device.banks.bankView(running)) device.banks.write(bank, slot, bytes, 'installer');
  const genuine = device.banks.read(running, imageSlot(stage)) ?? lab.builder.factory.slots.get(imageSlot(stage))!;
  device.banks.write(bank, imageSlot(stage), tamperedImage(genuine), 'flash corruption');
  if (bank !== device.banks.active()) device.banks.setActive(bank, 'installer');
  return device.reboot(now);
}

const CHECK = 'a boot that fails verification is reported';

/** Every boot stage fails once, on a fresh device; each failure must reach the service at the next connection. */
export function checkBootFailures(lab: UpdateLab, reproduce: string): CheckOutcome {
  const { layout, recovery } = lab.design.slots;
  const setting = `layout ${layout}, recovery ${recovery}`;
  const lines: string[] = [];
  const problems: string[] = [];
  const stages = lab.platform.boot.map((s) => s.image);
  // No stage to fail: "each stage's failing boot was reported" would hold of nothing.
  if (stages.length === 0) return { check: CHECK, requirements: [EVERY_FAILURE_REPORTED], verdict: 'unknown', summary: `the platform has no boot stage, so no boot can fail verification (${setting}): whether one would be reported is undecided`, bound: 'not run', evidence: [] };
  for (const stage of stages) {
    const device = lab.device();
    const boot = failNextBoot(lab, device, stage, lab.now, true);
    if (!device.isRunning) {
      problems.push(`a boot that fails verification at ${stage} leaves the device with nothing to boot (${setting}): the failure never reaches the service`);
      lines.push(`${stage}: the device is down (${boot.attempts.map((a) => `bank ${a.bank} halted at ${a.trace.haltedAt}`).join('; ')}); nothing can be reported`);
      continue;
    }
    const service = lab.newService();
    connect(device, lab.connection(undefined, service), lab.now, { check: false });
    const event = service.received(device.identity.deviceId).find((e) => e.kind === 'boot-verification-failure' && e.detail.includes(stage));
    if (!event) problems.push(`a boot that failed verification at ${stage} was never reported, though the device fell back to bank ${device.running}`);
    lines.push(`${stage}: ${boot.attempts.map((a) => `bank ${a.bank} ${a.trace.outcome === 'booted' ? 'booted' : `halted at ${a.trace.haltedAt}`}`).join(', ')} → ${event ? `reported (#${event.sequence}: ${event.detail})` : 'NOT reported'}`);
  }
  const bound = `${stages.length} boot stages, one failing boot each (${setting})`;
  const evidence = [{ title: `${CHECK}: ${bound}`, lines: [...lines, ...problems], ...(problems.length ? { reproduce } : {}) }];
  const base = { check: CHECK, requirements: [EVERY_FAILURE_REPORTED], bound, evidence };
  return problems.length ? { ...base, verdict: 'violated', summary: problems[0]! } : { ...base, verdict: 'holds', summary: `a failing boot at each of the ${stages.length} stages fell back (${setting}) and was reported` };
}

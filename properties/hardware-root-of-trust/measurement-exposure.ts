/**
 * The emulated play of "every stage is measured before it runs": for each measured stage, a tampered image that gets
 * past all its checks (all skipped, a stand-in for any bypass) must leave the register different from the genuine
 * boot's. A stage whose measurer an attacker runs as is booted with the measurer extending the genuine image's digest
 * (it chooses what it reports). Whom an attacker runs as is the emulated device's own reading
 * (emulator/boot/attacker-takeover.ts), not model/platform/verifier-takeover.ts (componentsAnAttackerTakesOver, which
 * model/platform/measurement-integrity.ts reads): a measurer the rule misses is still played and its lie shown.
 * test/differential/second-reading-imports.test.ts guards that this takes nothing from either;
 * test/differential/measurement-differential.test.ts holds the reading against the rule.
 */
import { attackerRunsAs, rollbackCheckId, type BootRun } from '../../emulator/boot/index.js';
import type { RuleInput } from './rule.js';

export interface Exposure {
  stage: string;
  register: string;
  /** The measurer, when the device's reading says an attacker runs as it (why). */
  liar?: { by: string; why: string };
  /** The tampered image past its checks left the register as the genuine boot does. */
  invisible: boolean;
  run: BootRun;
}

export function playMeasurementExposure(input: Pick<RuleInput, 'lab' | 'normal' | 'verifier'>): { exposures: Exposure[]; boots: BootRun[] } {
  const { lab, normal, verifier } = input;
  const runsAs = attackerRunsAs(lab.factoryDevice);
  const exposures: Exposure[] = [];
  const boots: BootRun[] = [];
  for (const stage of lab.design.boot) {
    const genuine = normal.trace.stages.find((s) => s.image === stage.image);
    if (!stage.measurement || !genuine?.measurement?.measured) continue;
    const skip = [...stage.checks.map((c) => c.id), ...(stage.rollback ? [rollbackCheckId(stage.image)] : [])];
    const attack = lab.attacker.plan('tampered', stage.image, { keepSecurityVersion: true });
    // A measurer an attacker runs as reports the genuine image's digest (it chooses what it extends).
    const why = runsAs.get(stage.measurement.by);
    const genuineDigest = why && genuine.measurement.digest ? new Map([[stage.image, new Uint8Array(Buffer.from(genuine.measurement.digest, 'hex'))]]) : undefined;
    const run = lab.boot(verifier, { attack, skip, scenario: `measurement exposure: ${attack.description}; every check of ${stage.image} bypassed${genuineDigest ? `; ${stage.measurement.by}, which an attacker takes over, extends the genuine image's digest` : ''}`, ...(genuineDigest ? { measuredAs: genuineDigest } : {}) });
    boots.push(run);
    const bypassed = run.trace.stages.find((s) => s.image === stage.image);
    if (bypassed?.outcome.status !== 'ran') continue;
    const invisible = bypassed.measurement?.measured === true && bypassed.measurement.value === genuine.measurement.value;
    exposures.push({ stage: stage.image, register: stage.measurement.register, ...(genuineDigest && why ? { liar: { by: stage.measurement.by, why } } : {}), invisible, run });
  }
  return { exposures, boots };
}

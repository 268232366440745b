/**
 * The emulated play of "no stage is verified by a component an attacker takes over": the device's own reading of whom
 * an attacker runs as (emulator/boot/attacker-takeover.ts, a second reading of model/platform/verifier-takeover.ts)
 * picks the stages, and each is booted tampered with every check of its loader skipped (the loader under the attacker
 * makes none, as a glitch that skips each branch would). It takes nothing from model/platform/verifier-takeover.ts
 * (test/differential/second-reading-imports.test.ts guards it; test/differential/takeover-differential.test.ts holds
 * the reading against the rule), so a takeover the rule misses is still booted and shown.
 */
import { attackerRunsAs, rollbackCheckId, type BootRun } from '../../emulator/boot/index.js';
import { stageRan, type RuleInput } from './rule.js';

/** A stage whose loader an attacker runs as: the stage, the loader, why, and where in design.boot. */
export interface TakenLoader {
  stage: string;
  loader: string;
  boot: number;
  why: string;
}

/** Stages whose loader the device's reading says an attacker runs as (a stage with no check has none to skip: key-chains.ts names it). */
export function loadersTheDeviceSeesTaken(input: Pick<RuleInput, 'lab'>): TakenLoader[] {
  const design = input.lab.design;
  const runsAs = attackerRunsAs(input.lab.factoryDevice);
  return design.boot.flatMap((stage, boot) => {
    const why = runsAs.get(stage.loadedBy);
    return stage.checks.length && why && design.components.some((c) => c.id === stage.loadedBy) ? [{ stage: stage.image, loader: stage.loadedBy, boot, why }] : [];
  });
}

/** Boots the stage at `boot` tampered, with every check its loader makes skipped; whether the tampered image ran. */
export function bootUnderTakenLoader(input: Pick<RuleInput, 'lab' | 'verifier'>, boot: number): { run: BootRun; ran: boolean } {
  const stage = input.lab.design.boot[boot]!;
  const plan = input.lab.attacker.plan('tampered', stage.image);
  const run = input.lab.boot(input.verifier, { attack: plan, skip: [...stage.checks.map((c) => c.id), rollbackCheckId(stage.image)], scenario: `${stage.image} tampered, loaded by ${stage.loadedBy} under the attacker` });
  return { run, ran: stageRan(run, stage.image) };
}

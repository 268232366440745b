/**
 * The single-fault sweep, after MCUboot's fault-injection tests (run a signature-damaged image, skip
 * instructions at each point of the boot path, classify: no boot, or boot = bypass). Here the unit is a
 * check: for a bad image at each stage in turn, boot once per check of the whole boot path with that one
 * check forced to pass, and record whether the bad image ran. A design is robust to one glitch when no
 * single skip lets a bad image run; a stage guarded by one check is not.
 */
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import type { AttackKind } from './attacks.js';
import { BootLab } from './boot-lab.js';
import { CrossCheckedVerifier, NodeP256Verifier, type SignatureVerifier } from './p256-verifier.js';
import { rollbackCheckId, type BootTrace, type CheckKind } from './trace.js';

export interface SkippableCheck {
  id: string;
  /** The stage the check guards. */
  stage: string;
  kind: CheckKind;
}

export interface FaultCase {
  /** The stage holding the bad image. */
  badStage: string;
  skipped: SkippableCheck;
  /** bypass: the bad image ran; caught: the boot halted at the bad stage. */
  outcome: 'bypass' | 'caught';
  /** Whether the boot got as far as the skipped check (a check after the halt never runs). */
  reached: boolean;
  /** The checks that failed at the bad stage. */
  caughtBy: string[];
}

export interface FaultSweepOptions {
  seed?: number;
  /** The bad image: tampered (default) or another attack. */
  attack?: AttackKind;
  /** 'cross-checked' (default): node:crypto, every distinct verdict confirmed by noble; or 'node', or your own. */
  verifier?: 'node' | 'cross-checked' | SignatureVerifier;
  /** Reuse a lab already opened for the same design and seed. */
  lab?: BootLab;
  progress?: (message: string) => void;
}

export interface FaultSweepResult {
  design: string;
  seed: number;
  attack: AttackKind;
  checks: SkippableCheck[];
  /** Without any fault, is each bad image caught? (Otherwise the sweep is moot for that stage.) */
  unfaulted: { stage: string; caught: boolean; caughtBy: string[]; trace: BootTrace }[];
  cases: FaultCase[];
  /** The cases where one skipped check let the bad image run, each with its trace. */
  bypasses: (FaultCase & { trace: BootTrace })[];
  boots: number;
  verifications: number;
  timeMs: number;
}

/** Every check a glitch could skip: each design check, and the rollback comparison of each stage that has one. */
export function skippableChecks(design: PlatformDesign): SkippableCheck[] {
  return design.boot.flatMap((stage) => [
    ...stage.checks.map((c) => ({ id: c.id, stage: stage.image, kind: c.kind as CheckKind })),
    ...(stage.rollback ? [{ id: rollbackCheckId(stage.image), stage: stage.image, kind: 'rollback' as const }] : []),
  ]);
}

export async function sweepSingleFaults(design: PlatformDesign, options: FaultSweepOptions = {}): Promise<FaultSweepResult> {
  const started = performance.now();
  const seed = options.lab?.seed ?? options.seed ?? 1;
  const lab = options.lab ?? (await BootLab.open(design, { seed }));
  const verifier = typeof options.verifier === 'object' ? options.verifier : options.verifier === 'node' ? new NodeP256Verifier() : new CrossCheckedVerifier();
  const attack = options.attack ?? 'tampered';
  const checks = skippableChecks(design);
  const verificationsBefore = verifier.verifications;
  const unfaulted: FaultSweepResult['unfaulted'] = [];
  const cases: FaultCase[] = [];
  const bypasses: FaultSweepResult['bypasses'] = [];
  let boots = 0;

  for (const stage of design.boot) {
    options.progress?.(`fault sweep: ${attack} ${stage.image}, ${checks.length} single skips`);
    const plan = lab.attacker.plan(attack, stage.image);
    const clean = lab.boot(verifier, { attack: plan });
    boots++;
    unfaulted.push({ stage: stage.image, caught: !ran(clean.trace, stage.image), caughtBy: failedAt(clean.trace, stage.image), trace: clean.trace });
    for (const check of checks) {
      const { trace } = lab.boot(verifier, { attack: plan, skip: [check.id], scenario: `attack: ${plan.description}; fault: skip ${check.id}` });
      boots++;
      const result: FaultCase = {
        badStage: stage.image,
        skipped: check,
        outcome: ran(trace, stage.image) ? 'bypass' : 'caught',
        reached: trace.stages.some((s) => s.checks.some((c) => c.id === check.id && c.result === 'skipped')),
        caughtBy: failedAt(trace, stage.image),
      };
      cases.push(result);
      if (result.outcome === 'bypass') bypasses.push({ ...result, trace });
    }
  }
  return { design: design.name, seed, attack, checks, unfaulted, cases, bypasses, boots, verifications: verifier.verifications - verificationsBefore, timeMs: performance.now() - started };
}

const ran = (trace: BootTrace, stage: string) => trace.stages.some((s) => s.image === stage && s.outcome.status === 'ran');
const failedAt = (trace: BootTrace, stage: string) => trace.stages.find((s) => s.image === stage)?.checks.filter((c) => c.result === 'fail').map((c) => c.id) ?? [];

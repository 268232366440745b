/**
 * The differential harness for the boot, as isolation-harness.ts is for isolation: for one platform
 * design, one attack on one stage and a set of skipped check runs, the spec's boot acceptance rule
 * (model/platform/boot-acceptance.ts, over facts about the flash) and the boot emulator (emulator/boot/,
 * real signed images, key certificates, manifests and eFuses) must make the same decision at every boot
 * step: for each stage up to the attacked one, every check run with the same result (pass, fail,
 * skipped) and the same outcome (ran, or halted for the same reason), so the same acceptance of the bad
 * image and the same check runs rejecting it. For a swap, the attacker's choice of image is held too:
 * the spec says whether any other stage's image would run, and the emulator's attacker must find one
 * when there is one (a weaker attacker would make a false "holds").
 */
import { BootLab, type AttackPlan, type BootTrace } from '../../emulator/boot/index.js';
import type { BootCheckRoutines } from '../../emulator/boot/boot-checks.js';
import type { SignatureVerifier } from '../../emulator/boot/p256-verifier.js';
import { loaderRunName } from '../../emulator/boot/loader-runs.js';
import { bootAcceptance, swapDecision, type BootAcceptance, type BootAttack, type BootAttackKind, type CheckRules, type StageDecision } from '../../model/platform/boot-acceptance.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';

export interface BootProbe {
  kind: BootAttackKind;
  stage: string;
  skip: string[];
}

export interface BootReadings {
  /** The spec's rules (default: the spec's own). A test plants a faulty one here. */
  rules?: CheckRules;
  /** The emulator's check routines (default: its own). A test plants a faulty one here. */
  routines?: Partial<BootCheckRoutines>;
  /** The attacker's plans (default: the lab's attacker's, Attacker.plans). A test plants a weaker one here. */
  plans?: (lab: BootLab, kind: BootAttackKind, stage: string) => AttackPlan[];
}

export interface BootDisagreement {
  step: string;
  spec: string;
  emulator: string;
}

const SEED = 7;
const BODY_BYTES = 64;

/** One lab per design (opening one signs every image): the same design boots many probes. */
const labs = new Map<string, Promise<BootLab>>();
export function labFor(design: PlatformDesign): Promise<BootLab> {
  const id = JSON.stringify(design);
  let lab = labs.get(id);
  if (!lab) {
    lab = BootLab.open(design, { seed: SEED, bodyBytes: BODY_BYTES });
    labs.set(id, lab);
  }
  return lab;
}

export async function compareBoot(design: PlatformDesign, probe: BootProbe, verifier: SignatureVerifier, readings: BootReadings = {}): Promise<BootDisagreement[]> {
  const lab = await labFor(design);
  if (lab.attacker.notApplicable(probe.kind, probe.stage)) return design.boot.length < 2 ? [] : [{ step: `${probe.kind} ${probe.stage}`, spec: 'applicable', emulator: 'not applicable' }];
  const [plan, ...others] = (readings.plans ?? ((l, kind, stage) => l.attacker.plans(kind, stage)))(lab, probe.kind, probe.stage);
  const attack: BootAttack = { kind: probe.kind, stage: probe.stage, ...(plan!.donor ? { donor: plan!.donor } : {}) };
  const spec = bootAcceptance(design, attack, probe.skip, readings.rules);
  const boot = (p: AttackPlan) => lab.boot(verifier, { attack: p, skip: probe.skip, ...(readings.routines ? { routines: readings.routines } : {}) }).trace;
  const trace = boot(plan!);
  const out = compareStages(spec, trace, probe.stage);
  if (probe.kind === 'swapped') {
    const any = swapDecision(design, probe.stage, probe.skip, readings.rules);
    const ran = stageRan(trace, probe.stage) || others.some((p) => stageRan(boot(p), probe.stage));
    const tried = [plan!, ...others].map((p) => p.donor).join(', ');
    if (any.accepted !== ran) out.push({ step: `swap into ${probe.stage} (the attacker tries ${tried})`, spec: any.accepted ? `some image runs: ${any.donors.join(', ')}` : 'no other image runs', emulator: ran ? 'ran' : 'halted' });
  }
  return out;
}

const stageRan = (trace: BootTrace, stage: string) => trace.stages.some((s) => s.image === stage && s.outcome.status === 'ran');

function compareStages(spec: BootAcceptance, trace: BootTrace, attacked: string): BootDisagreement[] {
  const out: BootDisagreement[] = [];
  const last = trace.stages.findIndex((s) => s.image === attacked || s.outcome.status === 'halted');
  const emulated = trace.stages.slice(0, last + 1);
  const length = Math.max(spec.stages.length, emulated.length);
  for (let i = 0; i < length; i++) {
    const s = spec.stages[i];
    const e = emulated[i];
    const said = s ? describeSpecStage(s) : 'not reached';
    const did = e ? describeEmulatedStage(e) : 'not reached';
    if (said !== did) out.push({ step: `stage ${s?.image ?? e?.image}`, spec: said, emulator: did });
  }
  return out;
}

function describeSpecStage(s: StageDecision): string {
  const runs = s.runs.map((r) => `${r.id} ${r.result}`).join(', ');
  return `${s.image}: [${runs}] → ${s.outcome === 'ran' ? 'ran' : `halted (${s.reason})`}`;
}

function describeEmulatedStage(e: BootTrace['stages'][number]): string {
  const runs = e.checks.map((c) => `${loaderRunName(c.id, c.run)} ${c.result}`).join(', ');
  if (e.outcome.status === 'ran') return `${e.image}: [${runs}] → ran`;
  const reason = e.checks.some((c) => c.result === 'fail') ? 'checks' : /its loader .* is not running/.test(e.outcome.reason) ? 'loader-not-running' : /^cannot read its anti-rollback counter/.test(e.outcome.reason) ? 'counter-unreadable' : `other: ${e.outcome.reason}`;
  return `${e.image}: [${runs}] → halted (${reason})`;
}

export function describeBootDisagreements(list: readonly BootDisagreement[], max = 4): string {
  const shown = list.slice(0, max).map((d) => `  ${d.step}\n    spec:     ${d.spec}\n    emulator: ${d.emulator}`);
  return [...shown, ...(list.length > max ? [`  … and ${list.length - max} more`] : [])].join('\n');
}

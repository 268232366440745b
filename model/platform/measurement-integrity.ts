/**
 * Whether the boot measurement register shows what runs, read from the platform design alone: every stage
 * is measured before it runs, by a component the access rules let extend the register and no attacker of the
 * design runs as (verifier-takeover.ts componentsAnAttackerTakesOver); the register is
 * not kept in flash; and no mutable component may write it (measuring takes only extend). Attestation
 * rests on it: a register that can be made to read "genuine" after a tampered image ran turns the quote's
 * measurements into whatever that image chooses. hardware-root-of-trust's measured-before-run rule and
 * certificate-authentication's design rules (no certificate for bad software) both read this one rule.
 */
import type { PlatformDesign } from './platform-design.js';
import { reachRightsOf, reachRules } from './bus-masters.js';
import { componentsAnAttackerTakesOver } from './verifier-takeover.js';

export interface MeasurementProblem {
  /** The stage or component the problem is about. */
  subject: string;
  problem: string;
}

export function measurementProblems(design: PlatformDesign): MeasurementProblem[] {
  const out: MeasurementProblem[] = [];
  const flag = (subject: string, problem: string) => out.push({ subject, problem });
  // What is running when a stage is measured before it runs: mask ROM from reset, then the images of the stages
  // before it, in boot order. A measurer that is not among them (the stage itself, a stage loaded later, a component
  // no stage loads) is not there to measure, so the stage runs unmeasured whatever the boot graph names.
  const running = new Set(design.components.filter((c) => !c.mutable).map((c) => c.id));
  const taken = componentsAnAttackerTakesOver(design);
  for (const stage of design.boot) {
    if (!stage.measurement) flag(stage.image, `${stage.image} is never measured`);
    else if (stage.measurement.when !== 'before-run') flag(stage.image, `${stage.image} is measured ${stage.measurement.when} by ${stage.measurement.by}: it runs unmeasured first`);
    else if (!running.has(stage.measurement.by)) flag(stage.image, `${stage.image} is to be measured before it runs by ${stage.measurement.by}, which ${stage.measurement.by === stage.image ? 'is that very stage' : 'is not running yet (it is neither ROM nor loaded by an earlier boot stage)'}: nothing measures ${stage.image}, so it runs unmeasured`);
    // The access rules are what the hardware grants: a measurer without the extend right on its register
    // has its measurement refused, so the stage runs unmeasured whatever the boot graph says.
    else if (!reachRightsOf(design, stage.measurement.by, stage.measurement.register).includes('extend')) flag(stage.image, `${stage.measurement.by} measures ${stage.image} into ${stage.measurement.register}, but no access rule gives ${stage.measurement.by} the extend right on ${stage.measurement.register}: the measurement is refused and ${stage.image} runs unmeasured`);
    // A measurer an attacker runs as (verifier-takeover.ts: the same attacker that makes no check as a loader) extends
    // whatever digest it chooses, the genuine image's among them: a tampered image that got past the checks (a glitch,
    // a bypass) is invisible to attestation, which is what the requirement is there for.
    else if (taken.has(stage.measurement.by)) flag(stage.image, `${stage.image} is measured by ${stage.measurement.by}, which an attacker takes over (${taken.get(stage.measurement.by)}): run as the attacker it extends ${stage.measurement.register} with the genuine image's digest, so a tampered ${stage.image} that gets past its checks is invisible to attestation`);
    running.add(stage.image);
  }
  // The requirement is there so attestation sees any image that got past the checks: a register that a
  // component other than those measuring into it may write (not extend) lets that component put the genuine
  // value back after a tampered image ran, so what the register attests is what that component chooses.
  const measurers = new Map<string, Set<string>>();
  for (const stage of design.boot) if (stage.measurement) measurers.set(stage.measurement.register, (measurers.get(stage.measurement.register) ?? new Set()).add(stage.measurement.by));
  // The requirement asks for a hardware register: one kept in flash is rewritten by whatever writes flash
  // (the physical-flash attacker, an update), with no access rule of the design in the way.
  for (const [register, by] of measurers) {
    const asset = design.assets.find((a) => a.id === register);
    if (asset?.location === 'flash') flag([...by][0]!, `${register}, which ${[...by].join(', ')} measure stages into, is kept in flash, not in a hardware register: whoever writes flash can overwrite the measurements, so attestation does not see a tampered image`);
  }
  // A measurer is no exception: measuring into a register takes extend, and one that may also write it can
  // overwrite the measurements of the stages others measured, its own among them (a tampered kernel puts its
  // genuine value back). Only immutable ROM, which no image can replace, may write it (e.g. reset it at boot).
  // The effective access (bus-masters.ts): an app whose DMA engine may write the register overwrites it as well.
  for (const rule of reachRules(design)) {
    const by = measurers.get(rule.asset);
    if (!by || !rule.rights.includes('write') || design.components.find((c) => c.id === rule.component)?.mutable === false) continue;
    if (by.has(rule.component)) flag(rule.component, `${rule.component} may write ${rule.asset}, which it and ${[...by].filter((c) => c !== rule.component).join(', ') || 'no other component'} measure stages into: measuring takes only extend, and writing lets it overwrite the measurements (its own among them), so attestation does not see a tampered image`);
    else flag(rule.component, `${rule.component} may write ${rule.asset}${rule.busMaster ? ` through the bus master ${rule.busMaster} it programs (${rule.pointer})` : ''}, which only ${[...by].join(', ')} measure stages into: it can overwrite the measurements, so attestation does not see a tampered image`);
  }
  return out;
}

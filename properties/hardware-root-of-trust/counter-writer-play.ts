/**
 * The emulated play of "a counter no attacker writes": the device's own reading of whom an attacker runs as
 * (emulator/boot/attacker-takeover.ts attackerRunsAs, a second reading of model/platform/verifier-takeover.ts) and its
 * own access controller pick, for each stage's anti-rollback counter, the components an attacker runs as that the
 * hardware lets write it; run as one of them, the attacker raises the counter one past where the genuine release left
 * it, and the genuine release is booted again: a guarded stage it then refuses is the evidence. Held against the rule
 * (model/update/rollback.ts counterWeakness, which reads componentsAnAttackerTakesOver beside the world and untrusted
 * marks) in properties/hardware-root-of-trust/rollback-counter.ts, where either one finding a writer is violated: a
 * writer only one names is never holds. It takes nothing from model/update/rollback.ts nor from verifier-takeover.ts
 * (test/differential/second-reading-imports.test.ts walks emulator/ only; this file imports the emulator and the rule input).
 *
 * Only the attacker's component is read here, not the world or the untrusted mark: the rule's blanket reading of the
 * normal world (any normal-world writer counts) is its own premise, which the device has no way to show. What the device
 * can show is what such a component runs as: a writer a normal-world or untrusted component's own program reaches
 * (emulator runsAsFrom: it may write the writer's code, or runs above or beside it) is played too, raised as that writer
 * (the rule's reading: counterWeakness's rightsThroughControl, s36-tcb).
 */
import { attackerRunsAs, runsAsFrom, type BootRun } from '../../emulator/boot/index.js';
import { haltLine, stageRan, type RuleInput } from './rule.js';

export interface CounterWriterPlay {
  counter: string;
  writer: string;
  /** Why the device's reading says an attacker runs as the writer. */
  why: string;
  /** The stages the counter guards that the genuine release no longer boots past, after the raise. */
  refused: string[];
  run: BootRun;
  line: string;
}

/** Each counter a component the attacker runs as may write, raised by it, with the genuine release booted after. */
export function playCounterWriters(input: Pick<RuleInput, 'lab' | 'verifier'>): CounterWriterPlay[] {
  const { lab } = input;
  const design = lab.design;
  const device = lab.factoryDevice;
  // The attacker's components first; then each writer a normal-world or untrusted component's program runs as.
  const attacker = attackerRunsAs(device);
  const held = design.components.filter((x) => x.world === 'normal' || x.untrusted === true).flatMap((c) => [...runsAsFrom(device, new Map([[c.id, 'its own program']]))].filter(([id]) => id !== c.id && !attacker.has(id)).map(([id, why]) => ({ id, direct: why.startsWith(`${c.id},`), why: `${c.id} runs its own code as ${id}: ${why}` })));
  // The component that reaches the writer itself first, before those that hold that one.
  const runsAs: [string, string][] = [...attacker, ...held.sort((a, b) => Number(b.direct) - Number(a.direct)).map((h): [string, string] => [h.id, h.why])];
  const counters = [...new Set(design.boot.flatMap((s) => (s.rollback ? [s.rollback.counter] : [])))];
  const out: CounterWriterPlay[] = [];
  for (const counter of counters) {
    for (const [writer, why] of runsAs) {
      if (!device.profile.access.reach(writer, counter, 'write').granted) continue;
      const played = device.clone();
      const before = played.readCounter(counter, writer);
      if (!before.ok) continue; // a counter the device cannot read is the rule's finding (not a counter), not this play's
      const raised = played.raiseCounter(counter, before.value + 1, writer);
      if (!raised.ok) continue;
      const scenario = `${writer}, run by the attacker (${why}), raises ${counter} ${raised.before} → ${raised.after}; the genuine release boots after`;
      const run = lab.reboot(played, input.verifier, scenario);
      const guarded = design.boot.filter((s) => s.rollback?.counter === counter).map((s) => s.image);
      const refused = guarded.filter((image) => !stageRan(run, image));
      out.push({ counter, writer, why, refused, run, line: `${scenario}: ${refused.length ? `${refused.join(', ')} refused (${haltLine(run)})` : 'every stage it guards still boots'}` });
      break; // one writer per counter is the evidence
    }
  }
  return out;
}

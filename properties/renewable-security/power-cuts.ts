/**
 * After a power cut at any flash operation of an update, and after a torn write at any one, the device
 * boots images the vendor signed, no counter went back, and the next connection completes the update, its
 * counters where the uncut update leaves them. Two updates are swept, each on a factory device (of the lab's
 * group, which takes every update):
 *   1. catching up with release 3 of the OS and apps;
 *   2. taking the key-store update a revocation is (the vendor replaces every key that signs a stage and is not an
 *      anchor, Vendor.rotated, and publishes the new key store with a release signed by the new keys): the key store's
 *      version goes up, and where the installer raises its counter (a store compared at update), that raise is a cut
 *      point of its own (emulator/update/counted-flash.ts counter()). Before s35 only update 1 was swept, which leaves
 *      the key store as it was: a cut between the bank switch and the counter raise, after which the counter stayed
 *      below the new store for good and the store of before (still certifying the stolen key) was installed again,
 *      was never tried (renewal-key-store-in-pluton-checked-at-update held).
 */
import { connect, DAY, describeOp, LAB_EPOCH, sweepPowerCuts, type SignedRelease, type SweepResult, type UpdateService } from '../../emulator/update/index.js';
import type { Evidence } from '../verdict.js';
import { replaceableKeys } from './key-revocation.js';
import type { RuleInput, RuleOutcome } from './rule.js';

const RULE = 'power cuts and torn writes during an update';
export const POWER_LOSS_SAFE = 'renewable-security.power-loss-safe';
/** The release each swept update brings (the factory holds release 2). */
const NEW = 3;

interface Swept {
  name: string;
  sweep: SweepResult;
  /** The installer's order of raising the key store's counter and switching banks, played where the design does not state it: a failure then decides nothing. */
  unstatedOrder?: 'before-switch' | 'after-switch';
}

export async function checkPowerCuts(input: RuleInput): Promise<RuleOutcome> {
  const { lab } = input;
  const sweepOf = (name: string, publish: (service: UpdateService) => void, unstatedOrder?: Swept['unstatedOrder']): Swept => {
    const service = lab.newService();
    publish(service);
    const device = lab.device();
    device.keyStoreCounterOrderUnstated = unstatedOrder;
    const path = lab.connection(undefined, service);
    input.progress(`power-cut sweep (${name}): every flash operation of the update, cut and torn`);
    // Each connection of the sweep is an update check (the requirement: the update completes at the next
    // check), whether the design checks on connecting or only periodically.
    const sweep = sweepPowerCuts(device, (d) => void connect(d, path, lab.now, { check: true }), { genuine: lab.genuine, isCurrent: (d) => lab.isCurrent(d, service), now: () => lab.now, resume: true, maxFailures: 3 });
    return { name: unstatedOrder ? `${name} (the counter raised ${unstatedOrder}, one order the design leaves open)` : name, sweep, ...(unstatedOrder ? { unstatedOrder } : {}) };
  };
  lab.now = LAB_EPOCH;
  const swept: Swept[] = [
    sweepOf(`release ${NEW} of the OS and apps`, (service) => {
      lab.publishOs(NEW, service);
      lab.deployApps(lab.deviceGroup, NEW, service);
    }),
  ];
  // The keys a key-store update replaces, as the key revocation play reads them (all at once: one key store).
  const replaceable = replaceableKeys(lab.platform);
  let notSwept = '';
  if (!swept.some((s) => s.sweep.failures.length)) {
    if (!replaceable.length) notSwept = '; no key-store update swept: no stage is checked by a key a key store replaces';
    else {
      lab.now = LAB_EPOCH + DAY;
      const release: SignedRelease = await lab.rekeyed(replaceable, NEW);
      const publish = (service: UpdateService) => {
        service.publishOs(release, lab.now - Math.max(...lab.design.feeds.map((f) => f.leadDays)) * DAY);
        service.deployApps(lab.deviceGroup, release);
      };
      const name = `the key-store update replacing ${replaceable.join(', ')}`;
      // Where the design does not state when the installer raises the store's counter, and the installer raises one
      // (a counter operation in the sweep), each order is played: a failure under one is not the design's for certain.
      const stated = lab.design.antiRollback.keyStoreCounterRaised !== undefined;
      const first = sweepOf(name, publish, stated ? undefined : 'after-switch');
      const raises = first.sweep.operations.some((o) => o.kind === 'counter');
      // No raise: the order played decides nothing, and a failure is the design's.
      if (stated || !raises) swept.push({ name, sweep: first.sweep });
      else swept.push(first, sweepOf(name, publish, 'before-switch'));
    }
  }
  const failing = swept.find((s) => s.sweep.failures.length && !s.unstatedOrder);
  const open = swept.find((s) => s.sweep.failures.length && s.unstatedOrder);
  if (!failing && open) {
    const first = open.sweep.failures[0]!;
    const bound = boundOf(swept, notSwept);
    return {
      rule: RULE,
      requirement: POWER_LOSS_SAFE,
      verdict: 'unknown',
      summary: `the update design does not state when the installer raises the key store's counter relative to switching banks (antiRollback.keyStoreCounterRaised); raised ${open.unstatedOrder}, ${first.mode === 'torn' ? 'a torn write' : 'a power cut'} at ${describeOp(first.op)}: ${first.problems[0]}`,
      bound,
      evidence: open.sweep.failures.map((f): Evidence => ({ title: `${f.mode} at ${describeOp(f.op)} of ${open.name}: ${f.problems.join('; ')}`, lines: f.evidence ?? [] })),
    };
  }
  const bound = boundOf(swept, notSwept);
  if (failing) {
    const first = failing.sweep.failures[0]!;
    return {
      rule: RULE,
      requirement: POWER_LOSS_SAFE,
      verdict: 'violated',
      summary: `${first.mode === 'torn' ? 'a torn write' : 'a power cut'} at ${describeOp(first.op)} of ${failing.name}: ${first.problems[0]}`,
      bound,
      evidence: failing.sweep.failures.map((f): Evidence => ({ title: `${f.mode} at ${describeOp(f.op)} of ${failing.name}: ${f.problems.join('; ')}`, lines: f.evidence ?? [], reproduce: input.reproduce })),
    };
  }
  const cases = swept.reduce((n, s) => n + s.sweep.cases, 0);
  const lines = swept.flatMap(({ name, sweep }) => [
    `${name}: ${sweep.cutPoints} operations over ${new Set(sweep.operations.map((o) => o.area)).size} areas (${sweep.operations.filter((o) => o.kind === 'counter').length} counter raises); no failure; ${Math.round(sweep.timeMs)} ms`,
    ...(sweep.boots ? [bootsLine(sweep.boots)] : []),
    ...(sweep.afterCut ? [afterCutLine(sweep.afterCut)] : []),
  ]);
  return { rule: RULE, requirement: POWER_LOSS_SAFE, verdict: 'holds', summary: `${cases} cuts: the device always boots signed images and then completes the update`, bound, evidence: [{ title: `${RULE}: ${bound}`, lines }] };
}

function boundOf(swept: readonly Swept[], notSwept: string): string {
  return `${swept.map(({ name, sweep }) => `${name}: ${sweep.cutPoints} flash operations × cut and torn = ${sweep.cases} power cuts${sweep.failures.length ? ' (stopped at the first failures)' : ''}`).join('; ')}, each followed by a boot and a resumed update${notSwept}`;
}

/** Cut points that leave the device byte for byte as an earlier one did get its outcome (emulator/update/after-cut-memo.ts): the evidence says how many. */
function afterCutLine(afterCut: { checked: number; remembered: number }): string {
  return `cut points: ${afterCut.checked} checked, ${afterCut.remembered} given the outcome of an earlier cut point that left the same flash bytes, counters and anchors`;
}

/** Most boots after a cut have inputs an earlier cut point already booted (emulator/update/boot-memo.ts): the evidence says how many ran. */
function bootsLine(boots: { run: number; remembered: number }): string {
  return `boots: ${boots.run} run, ${boots.remembered} answered from memory (the same slot bytes, counters, anchors and scenario as a boot already run)`;
}

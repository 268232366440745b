/**
 * Who raises a stage's anti-rollback counter, as the design's access rules let the hardware do it. The
 * counter is an asset like any other: the eFuse controller (or Pluton, for a counter it keeps) raises it
 * only at the request of a component the access rules give the write right on it, and only a component
 * that is running can ask. At the point where the stage's counter is raised (boot[].rollback.raised):
 *  1. the stage's loader, when it may write the counter;
 *  2. else a component already running that may (the loader asks it: on the built-in design the Security
 *     Monitor loads the apps and the Pluton runtime, which may write their counter, raises it): the immutable
 *     components, then the stages before this one, in boot order;
 *  3. else, for a counter raised after verification, the stage's own image, when it may: it raises its
 *     counter as it starts (its image has verified by then; before verification it is not running).
 * When none may, nothing raises the counter at that stage; when that is so at every stage the counter guards,
 * a newer release leaves it where it was and the release it replaced still passes the comparison (the rollback
 * rule, model/update/rollback.ts, asks this of each counter; a counter shared by several stages of one
 * update kind rises with the release if any of them raises it). The boot
 * emulator (emulator/boot/boot.ts) reads the access rules again through its own access controller, and
 * test/differential/counter-raiser-differential.test.ts holds the two together.
 */
import type { PlatformDesign } from './platform-design.js';
import { reachRules } from './bus-masters.js';

export interface CounterRaiser {
  /** The component that raises the counter; undefined when no component that may write it is running then. */
  component?: string;
  /** How it comes to raise it: it loads the stage, the loader asks it, or it is the stage itself. */
  as?: 'loader' | 'asked-by-loader' | 'the-stage-itself';
}

/** Who raises boot[stageIndex]'s counter in a boot where every earlier stage ran; {} when no one can, or the stage has no counter. */
export function counterRaiser(design: PlatformDesign, stageIndex: number): CounterRaiser {
  const stage = design.boot[stageIndex];
  if (!stage?.rollback) return {};
  const counter = stage.rollback.counter;
  // The effective access (bus-masters.ts): a component raises the counter through a DMA engine it programs as well.
  const reach = reachRules(design);
  const mayWrite = (component: string) => reach.some((r) => r.component === component && r.asset === counter && r.rights.includes('write'));
  if (mayWrite(stage.loadedBy)) return { component: stage.loadedBy, as: 'loader' };
  const running = [...design.components.filter((c) => !c.mutable).map((c) => c.id), ...design.boot.slice(0, stageIndex).map((s) => s.image)];
  const asked = running.find(mayWrite);
  if (asked !== undefined) return { component: asked, as: 'asked-by-loader' };
  if (stage.rollback.raised === 'after-verify' && mayWrite(stage.image)) return { component: stage.image, as: 'the-stage-itself' };
  return {};
}

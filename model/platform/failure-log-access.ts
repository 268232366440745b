/**
 * Where the failure log is and who may write it, as the platform design grants it: the spec's reading. The log is an
 * asset of kind "failure-log" (the update design's failureReporting says what the log records and keeps; the platform
 * design says where it lives and which components its access rules let write it). Writing the log's asset is erasing
 * it: a component that may write it can take any event out, and fill it with its own.
 *
 * Before (s34), failure-reporting never read the platform design's access rules: a design with "access": [] (nobody may
 * write the log, so the OS records nothing) or one granting an app the write right on the log held erased-only-by-service
 * and no-suppression, decided on the emulator's own fixed layout (the log the OS's alone).
 *
 *  - unstated: the design names no failure-log asset: where the log is and who may write it is unstated, so
 *    erased-only-by-service, no-suppression and every-failure-reported are unknown, naming the missing asset;
 *  - cleared by reset: the design keeps the log in SRAM or the I/O registers: whatever the update design's persistence
 *    says, a reboot or power cut forgets every event not yet uploaded (persistent-log violated);
 *  - no keeper: no component of the system (one that is no app slot, is not marked untrusted and that no design
 *    attacker controls) may write it: the OS cannot record a failure (every-failure-reported violated);
 *  - reachable writer: a component an attacker runs as, or can come to run as in one step, may write it: erased-only-by-
 *    service and no-suppression violated (the requirement: "no app can erase or reach it"; the Seven Properties' "an
 *    attacker in an app must not erase the trace of its probing"). Those components: an app slot (an "Applications"
 *    image) or one the design marks untrusted; one a design attacker controls; one on a real-time core (privilege
 *    bare-metal: customer real-time apps run there with no OS between them); a network-facing one the design does not
 *    except from network exploitation (the network attacker's entry point); and a user-mode one the design lists an
 *    exploit into from an attacker or from a component an attacker runs as (an app's request to a log daemon it talks
 *    to over IPC): one exploit, as the network-facing one is one exploit from the network. User mode only: the layers
 *    above (the kernel an app's system calls reach, firmware) are the OS that keeps the log on every design, and the
 *    kernel as keeper is the sound twin of these fixtures (report-log-kept-by-kernel); a user-mode daemon is kept
 *    from the apps by the same address spaces that keep the apps apart, which the listed exploit says it does not.
 *    (Before s38 only the network counted as one step: a log daemon the design itself says apps exploit held
 *    erased-only-by-service; products/report-log-written-by-app-facing-daemon, sound report-log-kept-by-unexposed-daemon.)
 * A physical attacker who rewrites the flash the log is in is left out: the profile's requirement is about apps, and
 * every persistent log is in flash.
 *
 * The emulator's second reading is emulator/update/log-access.ts (the flash controller in front of the log's area);
 * test/update/failure-log-access.test.ts holds the two together on every component of random designs.
 */
import { APP_IMAGE_TYPE } from '../product/instantiate.js';
import type { PlatformDesign } from './platform-design.js';
import { reachRules } from './bus-masters.js';

export type LogAccessDesign = Pick<PlatformDesign, 'components' | 'assets' | 'access' | 'attackers'> & Partial<Pick<PlatformDesign, 'busMasters' | 'exploitExceptions' | 'exploits'>>;

/** Why a component that may write the log is one an attacker reaches. */
export type ReachableWriterReason = 'app slot' | 'untrusted' | 'attacker-controlled' | 'real-time core' | 'network-facing' | 'exploited from an app or attacker';

export interface LogWriter {
  component: string;
  asset: string;
  /** Where the design grants it: /access/<i>, or /busMasters/<m>/reaches/<r> for a DMA engine it programs. */
  pointer: string;
  /** The bus master it writes the log through, when it is not its own rule. */
  busMaster?: string;
}

export interface FailureLogAccess {
  /** The design's failure-log assets; empty: unstated. */
  assets: string[];
  /** System components that may write the log (no app slot, not untrusted, no design attacker's): who records. A network-facing one records and is reachable too. */
  keepers: LogWriter[];
  /** Components that may write the log and that an attacker runs as: each can erase it. */
  reachable: (LogWriter & { reason: ReachableWriterReason })[];
  /** Failure-log assets kept where a reset clears them (SRAM, the I/O registers): the log forgets at every reboot. */
  clearedByReset: { asset: string; location: string; index: number }[];
}

/** Where an asset does not survive a reset. */
const CLEARED_BY_RESET: ReadonlySet<string> = new Set(['sram', 'io-registers']);

export function failureLogAccess(design: LogAccessDesign): FailureLogAccess {
  const assets = design.assets.filter((a) => a.kind === 'failure-log').map((a) => a.id);
  const keepers: FailureLogAccess['keepers'] = [];
  const reachable: FailureLogAccess['reachable'] = [];
  // The effective access (bus-masters.ts): an app whose DMA engine may write the log erases it as if it wrote it itself.
  reachRules(design).forEach((rule) => {
    if (!assets.includes(rule.asset) || !rule.rights.includes('write')) return;
    const writer = { component: rule.component, asset: rule.asset, pointer: rule.pointer, ...(rule.busMaster ? { busMaster: rule.busMaster } : {}) };
    const reason = attackerReach(design, rule.component);
    if (reason) reachable.push({ ...writer, reason });
    if (isSystemComponent(design, rule.component)) keepers.push(writer);
  });
  const clearedByReset = design.assets.flatMap((a, index) => (a.kind === 'failure-log' && CLEARED_BY_RESET.has(a.location) ? [{ asset: a.id, location: a.location, index }] : []));
  return { assets, keepers, reachable, clearedByReset };
}

/** A component of the system, not of an app or an attacker: it may keep the log. */
function isSystemComponent(design: LogAccessDesign, id: string): boolean {
  const component = design.components.find((c) => c.id === id);
  return component !== undefined && component.imageType !== APP_IMAGE_TYPE && component.untrusted !== true && !design.attackers.some((a) => a.controls.includes(id));
}

/** Why an attacker runs as `id` (or takes it over in one step: from the network, or by an exploit the design lists), or undefined when none does. */
export function attackerReach(design: LogAccessDesign, id: string): ReachableWriterReason | undefined {
  const start = attackerStart(design, id);
  if (start) return start;
  const component = design.components.find((c) => c.id === id);
  if (component?.networkFacing && !(design.exploitExceptions ?? []).some((e) => e.component === id && e.input === 'network')) return 'network-facing';
  // A listed exploit from the network attacker is taken back by the same exception as the network-facing mark; one
  // from an attacker who only writes the flash is the physical attacker this rule leaves out (above).
  const networkExcepted = (design.exploitExceptions ?? []).some((e) => e.component === id && e.input === 'network');
  const byAttacker = (from: string) => design.attackers.some((a) => a.id === from && (a.network ? !networkExcepted : a.controls.length > 0));
  if (component?.privilege === 'user' && (design.exploits ?? []).some((e) => e.to === id && (byAttacker(e.from) || attackerStart(design, e.from) !== undefined))) return 'exploited from an app or attacker';
  return undefined;
}

/** Why an attacker runs as `id` from the start (no exploit needed), or undefined. */
function attackerStart(design: LogAccessDesign, id: string): ReachableWriterReason | undefined {
  const component = design.components.find((c) => c.id === id);
  if (component?.imageType === APP_IMAGE_TYPE) return 'app slot';
  if (component?.untrusted) return 'untrusted';
  if (design.attackers.some((a) => a.controls.includes(id))) return 'attacker-controlled';
  if (component?.privilege === 'bare-metal') return 'real-time core';
  return undefined;
}

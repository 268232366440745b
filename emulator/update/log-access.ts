/**
 * The flash controller in front of the failure log's area, as the platform design's access rules set it: a component
 * may write the area (append, or erase) only when the design gives it the write right on an asset of kind
 * "failure-log". The OS records failures as one of its own components with that right (one that is no app slot, and
 * that the design neither marks untrusted nor gives to an attacker); with none, no failure is stored. A design that
 * in SRAM or the I/O registers is cleared by every reset, whatever the update design's persistence says. A design that
 * names no failure-log asset says nothing of where the log is: the device keeps its own layout then (the log the OS's
 * alone), and failure-reporting does not decide on it (the spec names the asset missing).
 *
 * Second reading, on purpose, of model/platform/failure-log-access.ts (failureLogAccess), written without importing it;
 * test/update/failure-log-access.test.ts holds the two together on every component of random designs.
 */
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import { AccessRules } from '../boot/access-rules.js';

export type LogAreaDesign = Pick<PlatformDesign, 'components' | 'assets' | 'access' | 'attackers' | 'busMasters'>;

export interface LogAreaGate {
  /** The design names where the log is (an asset of kind failure-log). */
  stated: boolean;
  /** The OS's component that writes the log's area when it records, or undefined when none may. */
  recorder: string | undefined;
  /** Whether the controller lets `component` write (and so erase) the log's area. */
  mayWrite(component: string): boolean;
  /** The design keeps (part of) the log in memory a reset clears (SRAM, the I/O registers): nothing of it survives a reboot, whatever the update design says. */
  volatile: boolean;
}

/** Where the design may put an asset that a reset clears. */
const CLEARED_BY_RESET: ReadonlySet<string> = new Set(['sram', 'io-registers']);

export function logAreaGate(design: Partial<LogAreaDesign>): LogAreaGate {
  const areas = new Set((design.assets ?? []).filter((a) => a.kind === 'failure-log').map((a) => a.id));
  if (areas.size === 0) return { stated: false, recorder: 'os', mayWrite: () => false, volatile: false };
  const volatile = (design.assets ?? []).some((a) => areas.has(a.id) && CLEARED_BY_RESET.has(a.location));
  // Its own write or a DMA engine's it programs (boot/access-rules.ts reach): either erases the log.
  const writers = new Set(new AccessRules({ access: design.access ?? [], busMasters: design.busMasters }).reaches.filter((r) => areas.has(r.asset) && r.right === 'write').map((r) => r.component));
  const attackers = new Set((design.attackers ?? []).flatMap((a) => a.controls));
  const system = (id: string) => {
    const c = (design.components ?? []).find((x) => x.id === id);
    return c !== undefined && c.imageType !== 'Applications' && c.untrusted !== true && !attackers.has(id);
  };
  return { stated: true, recorder: [...writers].find(system), mayWrite: (component) => writers.has(component), volatile };
}

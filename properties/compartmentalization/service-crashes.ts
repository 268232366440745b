/**
 * Crash isolation over the shared services an app's input reaches, decided by two readings that each stand:
 *  - the rule (model/platform/crash-containment.ts, sharedServiceCrashes, from the interface edges of
 *    app-interfaces.ts): one its layer restarts alone keeps the device running; one whose crash nothing restarts but a
 *    reboot violates compartmentalization.failure-isolation;
 *  - the emulated device (service-crash-play.ts over emulator/shared-service-crashes.ts): who takes each app's input,
 *    read by the device, crashed on the booted device; a crash that resets the chip is violated whatever the rule says.
 * Where neither shows a reboot but they part (a service only one reading counts, one the device finds not running, one
 * restarted by a layer the rule does not name), the readings disagree, a defect in one of them that
 * test/differential/crash-containment-differential.test.ts is there to find: unknown, never holds. So is a play that
 * could not run. The suite's emulated app crashes are decided before this (suite.ts).
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import type { DeviceServiceCrash } from '../../emulator/shared-service-crashes.js';
import type { Product } from '../../model/product/product.js';
import type { ServiceCrash } from '../../model/platform/crash-containment.js';
import type { Evidence } from '../verdict.js';
import type { ServiceCrashPlay } from './service-crash-play.js';
import type { SuiteResult } from './suite.js';

const keyOf = (app: number, component: string, kind: string) => `${app} ${component} ${kind}`;

export function withServiceCrashes(crash: SuiteResult, crashes: readonly ServiceCrash[], play: ServiceCrashPlay, product: Product, reproduce: string): { result: SuiteResult; evidence: Evidence[] } {
  const appName = (i: number) => product.apps[i]!.manifest.name ?? product.apps[i]!.manifestFile;
  const line = (c: ServiceCrash) =>
    `${c.taker.component} (${c.runs}) takes ${appName(c.taker.app)}'s ${c.taker.via} (${c.source === 'design' ? displayPath(product.platformFile) : product.apps[c.taker.app]!.manifestFile} ${c.taker.pointer}): ${c.restartedBy.length ? `a crash is restarted alone by ${c.restartedBy.join(' or ')}, no reboot` : 'a crash REBOOTS THE DEVICE: nothing but a reboot restarts it'}`;
  const deviceLine = (d: DeviceServiceCrash) =>
    `the emulated device: ${d.component} takes ${d.appName}'s ${d.kind}; crashed on the booted device: ${d.outcome === 'restarted' ? `${d.restartedBy} loaded it again, it alone went down` : d.outcome === 'reboot' ? `the chip RESET AND BOOTED AGAIN (went down: ${d.crash.down.join(', ')})` : 'it was not running'}`;
  const evidence: Evidence[] = [];
  const rebooting = crashes.filter((c) => !c.restartedBy.length);
  if (crashes.length) evidence.push({ title: `crash isolation: ${crashes.length} crash${crashes.length === 1 ? '' : 'es'} of a shared service an app's input reaches, ${rebooting.length} rebooting the device`, lines: crashes.map(line), reproduce, data: { serviceCrashes: crashes.map((c) => ({ app: c.taker.app, component: c.taker.component, via: c.taker.via, pointer: c.taker.pointer, restartedBy: c.restartedBy })) } });
  const device = play.played ? play.crashes : [];
  const deviceRebooting = device.filter((d) => d.outcome === 'reboot');
  if (play.played && device.length) evidence.push({ title: `crash isolation on the emulated device: ${device.length} shared service${device.length === 1 ? '' : 's'} crashed, ${deviceRebooting.length} resetting the chip`, lines: device.map(deviceLine), reproduce, data: { deviceServiceCrashes: device.map((d) => ({ app: d.app, component: d.component, kind: d.kind, outcome: d.outcome, ...(d.restartedBy ? { restartedBy: d.restartedBy } : {}) })) } });

  const first = rebooting[0];
  if (first) {
    const summary = `a crash of ${first.taker.component}, which takes ${appName(first.taker.app)}'s ${first.taker.via}, reboots the whole device: it runs at ${first.runs}, and no layer above it restarts it alone${rebooting.length > 1 ? ` (and ${rebooting.length - 1} more)` : ''}`;
    return { result: { ...crash, verdict: 'violated', summary, counterexample: line(first) }, evidence };
  }
  const shown = deviceRebooting[0];
  if (shown) {
    const ruleSaid = crashes.find((c) => keyOf(c.taker.app, c.taker.component, c.taker.kind) === keyOf(shown.app, shown.component, shown.kind));
    const summary = `a crash of ${shown.component}, which takes ${shown.appName}'s ${shown.kind}, reset the emulated device's chip: nothing on its core loaded it again alone${ruleSaid ? ` (the rule says ${ruleSaid.restartedBy.join(' or ')} restarts it: the readings disagree)` : ' (the rule counts no such crash: the readings disagree)'}`;
    return { result: { ...crash, verdict: 'violated', summary, counterexample: deviceLine(shown) }, evidence };
  }
  if (crash.verdict !== 'holds') return { result: crash, evidence };
  if (!play.played) {
    return { result: { ...crash, verdict: 'unknown', summary: `${crash.summary}; the crash of the shared services an app's input reaches was not played: ${play.reason}` }, evidence };
  }
  const parted: string[] = [];
  for (const c of crashes) {
    const d = device.find((x) => keyOf(x.app, x.component, x.kind) === keyOf(c.taker.app, c.taker.component, c.taker.kind));
    if (!d) parted.push(`${c.taker.component} takes ${appName(c.taker.app)}'s ${c.taker.kind} by the rule; the emulated device sees no such taker`);
    else if (d.outcome === 'not running') parted.push(`${c.taker.component} takes ${appName(c.taker.app)}'s ${c.taker.kind} by the rule; on the emulated device it was not running`);
    else if (!c.restartedBy.includes(d.restartedBy ?? '')) parted.push(`${c.taker.component}: the rule says ${c.restartedBy.join(' or ')} restarts it; on the emulated device ${d.restartedBy} did`);
  }
  for (const d of device) if (!crashes.some((c) => keyOf(c.taker.app, c.taker.component, c.taker.kind) === keyOf(d.app, d.component, d.kind))) parted.push(`${d.component} takes ${d.appName}'s ${d.kind} on the emulated device (${d.outcome === 'restarted' ? `restarted alone by ${d.restartedBy}` : d.outcome}); the rule counts no such crash`);
  if (parted.length) {
    evidence.push({ title: 'crash isolation: the rule and the emulated device disagree', lines: parted, reproduce });
    return { result: { ...crash, verdict: 'unknown', summary: `the crash of a shared service an app's input reaches: the rule and the emulated device disagree (${parted[0]}${parted.length > 1 ? `; and ${parted.length - 1} more` : ''}): not decided` }, evidence };
  }
  if (!crashes.length) return { result: crash, evidence };
  const services = [...new Set(crashes.map((c) => c.taker.component))];
  return { result: { ...crash, summary: `${crash.summary}; a crash of ${services.join(', ')}, the shared service${services.length === 1 ? '' : 's'} the apps' requests reach, is restarted alone by the layer above, without a reboot (the rule and the emulated device agree)` }, evidence };
}

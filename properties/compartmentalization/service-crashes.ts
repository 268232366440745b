/**
 * Crash isolation over the shared services an app's input reaches (model/platform/crash-containment.ts, from the
 * interface edges of app-interfaces.ts): the suite's emulated crash check crashes each app; this adds the crash of
 * each service an app's storage requests, network traffic or device configuration reach, decided from the design:
 * one its layer restarts alone keeps the device running; one whose crash nothing restarts but a reboot violates
 * compartmentalization.failure-isolation, whatever the emulated app crashes showed.
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import type { Product } from '../../model/product/product.js';
import type { ServiceCrash } from '../../model/platform/crash-containment.js';
import type { Evidence } from '../verdict.js';
import type { SuiteResult } from './suite.js';

export function withServiceCrashes(crash: SuiteResult, crashes: readonly ServiceCrash[], product: Product, reproduce: string): { result: SuiteResult; evidence: Evidence[] } {
  if (!crashes.length) return { result: crash, evidence: [] };
  const app = (c: ServiceCrash) => product.apps[c.taker.app]!;
  const line = (c: ServiceCrash) =>
    `${c.taker.component} (${c.runs}) takes ${app(c).manifest.name ?? app(c).manifestFile}'s ${c.taker.via} (${c.source === 'design' ? displayPath(product.platformFile) : app(c).manifestFile} ${c.taker.pointer}): ${c.restartedBy.length ? `a crash is restarted alone by ${c.restartedBy.join(' or ')}, no reboot` : 'a crash REBOOTS THE DEVICE: nothing but a reboot restarts it'}`;
  const rebooting = crashes.filter((c) => !c.restartedBy.length);
  const evidence: Evidence[] = [{ title: `crash isolation: ${crashes.length} crash${crashes.length === 1 ? '' : 'es'} of a shared service an app's input reaches, ${rebooting.length} rebooting the device`, lines: crashes.map(line), reproduce, data: { serviceCrashes: crashes.map((c) => ({ app: c.taker.app, component: c.taker.component, via: c.taker.via, pointer: c.taker.pointer, restartedBy: c.restartedBy })) } }];
  const first = rebooting[0];
  if (first) {
    const summary = `a crash of ${first.taker.component}, which takes ${app(first).manifest.name ?? app(first).manifestFile}'s ${first.taker.via}, reboots the whole device: it runs at ${first.runs}, and no layer above it restarts it alone${rebooting.length > 1 ? ` (and ${rebooting.length - 1} more)` : ''}`;
    return { result: { ...crash, verdict: 'violated', summary, counterexample: line(first) }, evidence };
  }
  if (crash.verdict !== 'holds') return { result: crash, evidence };
  const services = [...new Set(crashes.map((c) => c.taker.component))];
  return { result: { ...crash, summary: `${crash.summary}; a crash of ${services.join(', ')}, the shared service${services.length === 1 ? '' : 's'} the apps' requests reach, is restarted alone by the layer above, without a reboot` }, evidence };
}

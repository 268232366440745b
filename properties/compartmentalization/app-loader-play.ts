/**
 * compartmentalization.hardware-barriers over apps that load another component, both readings: the rule
 * (model/platform/app-confinement.ts appsLoadingOthers) and the device's own play (emulator/app-loaders.ts: each stage
 * the normal boot shows an app slot loading, booted tampered with the app's checks skipped). A stage either reading
 * finds is a finding; one the rule names and the device does not run tampered, or the other way round, is a
 * disagreement between the two readings (a defect in Sevenfold, not a finding): the property says unknown on it.
 */
import { formatTrace } from '../../emulator/boot/index.js';
import { BootLab } from '../../emulator/boot/boot-lab.js';
import { NodeP256Verifier } from '../../emulator/boot/p256-verifier.js';
import { playAppLoaders, type DeviceAppLoad } from '../../emulator/app-loaders.js';
import { appsLoadingOthers, type UnconfinedApp } from '../../model/platform/app-confinement.js';
import { isAppSlot } from '../../model/product/instantiate.js';
import type { Product } from '../../model/product/product.js';
import type { Evidence } from '../verdict.js';

export type AppLoaderOutcome =
  | { decided: true; findings: UnconfinedApp[]; evidence: Evidence[] }
  /** disagreement: the two readings part; not-played: the device was not read (the rule's findings still stand). */
  | { decided: false; why: 'disagreement' | 'not-played'; reason: string; findings: UnconfinedApp[]; evidence: Evidence[] };

export async function appLoaderFindings(product: Product, seed: number, reproduce: string): Promise<AppLoaderOutcome> {
  const filled = new Set(product.apps.flatMap((a) => (a.slot ? [a.slot] : [])));
  const rule = appsLoadingOthers(product.basePlatform, filled, isAppSlot);
  let play: { booted: boolean; loads: DeviceAppLoad[] };
  try {
    // The run's one lab for this design and seed (hardware-root-of-trust and the service crash play open the same one).
    const lab = await BootLab.shared(product.platform, { seed, capabilities: product.deployment.deviceCapabilities });
    play = playAppLoaders(lab, new NodeP256Verifier());
  } catch (error) {
    return { decided: false, why: 'not-played', reason: `the boot emulator cannot provision the platform design, so no app's loading of another component was played: ${(error as Error).message}`, findings: rule, evidence: [] };
  }
  if (!play.booted) return { decided: false, why: 'not-played', reason: 'the emulated device does not boot normally, so which app loads another component was not read from the device', findings: rule, evidence: [] };
  const key = (loader: string, stage: string) => `${loader} > ${stage}`;
  const ruleKeys = new Set(rule.map((f) => key(f.slot, f.loads!)));
  const ran = play.loads.filter((l) => l.ran);
  const deviceKeys = new Set(ran.map((l) => key(l.loader, l.stage)));
  const evidence: Evidence[] = play.loads.map((l) => ({
    title: `emulated boot: ${l.stage} tampered, loaded by the app slot ${l.loader} with the checks it made skipped (${l.skipped.join(', ')}): ${l.ran ? "the attacker's image RAN" : 'halted'}`,
    lines: formatTrace(l.run.trace),
    reproduce,
  }));
  const onlyRule = [...ruleKeys].filter((k) => !deviceKeys.has(k));
  const onlyDevice = [...deviceKeys].filter((k) => !ruleKeys.has(k));
  if (onlyRule.length || onlyDevice.length) {
    const reason = `the two readings of which app decides what another component runs disagree (a defect in Sevenfold, not a finding): ${[...onlyRule.map((k) => `the rule finds ${k}, the emulated device did not run it tampered`), ...onlyDevice.map((k) => `the emulated device ran ${k} tampered, the rule finds nothing`)].join('; ')}`;
    return { decided: false, why: 'disagreement', reason, findings: rule, evidence };
  }
  return { decided: true, findings: rule, evidence };
}

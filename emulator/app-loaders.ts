/**
 * What a breached app that loads another component does on the emulated device. Second reading, on purpose, of
 * model/platform/app-confinement.ts (appsLoadingOthers): compartmentalization reads both
 * (properties/compartmentalization/app-loader-play.ts), and test/differential/app-loader-differential.test.ts holds this
 * against the rule. It takes nothing from that rule: who loads what is read from the device's own normal boot (the
 * stage the boot trace shows an app slot loading), and each such stage is booted again with its image tampered and
 * every check the app made on it in that normal boot skipped (a breached app makes none, as the boot emulator's taken
 * loaders are played in properties/hardware-root-of-trust/takeover-play.ts): the trace shows whether the attacker's
 * image ran as that component.
 */
import type { BootLab, BootRun } from './boot/boot-lab.js';
import type { SignatureVerifier } from './boot/p256-verifier.js';
import { rollbackCheckId } from './boot/trace.js';
import { APP_IMAGE_TYPE } from '../model/product/instantiate.js';

export interface DeviceAppLoad {
  /** The app slot that loaded the stage in the normal boot. */
  loader: string;
  /** The component it loaded. */
  stage: string;
  /** The checks the app made on it in the normal boot, skipped in the tampered boot. */
  skipped: string[];
  /** Whether the tampered image ran as the component. */
  ran: boolean;
  run: BootRun;
}

/** Every stage an app slot loads in the device's normal boot, booted tampered under the app; booted false when the normal boot halted. */
export function playAppLoaders(lab: BootLab, verifier: SignatureVerifier): { booted: boolean; loads: DeviceAppLoad[] } {
  const normal = lab.boot(verifier, { scenario: 'normal boot (who loads what)' });
  if (normal.trace.outcome !== 'booted') return { booted: false, loads: [] };
  const apps = new Set(lab.design.components.filter((c) => c.imageType === APP_IMAGE_TYPE).map((c) => c.id));
  const loads: DeviceAppLoad[] = [];
  for (const stage of normal.trace.stages) {
    if (!apps.has(stage.loadedBy) || stage.image === stage.loadedBy) continue;
    const skipped = [...new Set([...stage.checks.map((c) => c.id), rollbackCheckId(stage.image)])];
    const plan = lab.attacker.plan('tampered', stage.image);
    const run = lab.boot(verifier, { attack: plan, skip: skipped, scenario: `${stage.image} tampered, loaded by the app slot ${stage.loadedBy} breached (its checks skipped)` });
    const ran = run.trace.stages.some((s) => s.image === stage.image && s.outcome.status === 'ran');
    loads.push({ loader: stage.loadedBy, stage: stage.image, skipped, ran, run });
  }
  return { booted: true, loads };
}

/**
 * Which running components an attacker of the design runs as, read by the device itself. Second reading, on purpose,
 * of model/platform/verifier-takeover.ts (componentsAnAttackerTakesOver, which verifiersAnAttackerTakesOver and
 * model/platform/measurement-integrity.ts read): the property's plays (properties/hardware-root-of-trust/
 * takeover-play.ts, measurement-exposure.ts) boot the stages whose loader or measurer this names, so a takeover the
 * rule misses is still played and found. Held against the rule by test/differential/takeover-differential.test.ts
 * (random designs) and test/differential/measurement-differential.test.ts; it imports nothing from the rule, nor from
 * attack-surface.ts (platformParsers, flashCodeExecuted), which the rule reads.
 *
 * An attacker runs as a component when it starts there, read from the design's documentation (platform-design.ts):
 *  - an attacker of the design controls it (its start);
 *  - the design marks it untrusted (customer code: whoever wrote it wrote what it does);
 *  - it takes the network's bytes: marked networkFacing, or loaded from an image whose type takes them by what it is
 *    (the Wi-Fi firmware and the OS services, facts §3.3, §3.5), the network attacker's entry;
 *  - it runs code kept in flash (the device's access controller grants it execute on an asset in flash) with no
 *    barrier before it that the boot chain checks (a physical barrier counts only when it is a kind of check some
 *    boot stage makes, as the flash writer must break for a boot image), and an attacker of the design writes flash.
 * And, closed over the device's hardware: a component it runs as that the access controller lets write an asset
 * another component is let execute writes that component's code, so the attacker runs as that one too.
 * Why each was taken is said in words of its own, so the evidence shows which reading found it.
 */
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import type { AccessRules } from './access-rules.js';

/** Image types whose code takes network traffic by what it is (facts §3.3, §3.5). */
const TAKES_THE_NETWORK: ReadonlySet<string> = new Set(['WifiFirmware', 'Services']);

/** Each component an attacker runs as, with why (see the header). */
/** `device`: a provisioned device (a BootDevice), or its design with the access controller it is built with. */
export function attackerRunsAs(device: { design: PlatformDesign; profile: { access: Pick<AccessRules, 'decide'> } }): Map<string, string> {
  const design = device.design;
  const access = device.profile.access;
  const may = (component: string, asset: string, right: 'write' | 'execute') => access.decide(component, asset, right).granted;
  const flashWriters = design.attackers.filter((a) => a.writesFlash).map((a) => a.id);
  const checkedKinds = new Set<string>(design.boot.flatMap((stage) => stage.checks.map((check) => check.kind)));
  const unguardedFlashCode = design.assets.filter((a) => a.location === 'flash' && !(a.physicalBarriers ?? []).some((b) => checkedKinds.has(b)));

  const runsAs = new Map<string, string>();
  for (const c of design.components) {
    const why: string[] = [];
    const controllers = design.attackers.filter((a) => a.controls.includes(c.id)).map((a) => a.id);
    if (controllers.length) why.push(`it is where ${controllers.join(', ')} starts`);
    if (c.untrusted) why.push('it is untrusted code');
    if (c.networkFacing === true || TAKES_THE_NETWORK.has(c.imageType ?? '')) why.push('it takes network traffic');
    const code = flashWriters.length ? unguardedFlashCode.filter((a) => may(c.id, a.id, 'execute')).map((a) => a.id) : [];
    if (code.length) why.push(`it runs ${code.join(', ')} from flash past no checked barrier, and ${flashWriters.join(', ')} writes flash`);
    if (why.length) runsAs.set(c.id, why.join('; '));
  }
  // Whoever the hardware lets write what a component executes writes that component's code.
  for (let grew = true; grew; ) {
    grew = false;
    for (const writer of [...runsAs.keys()]) {
      for (const asset of design.assets) {
        if (!may(writer, asset.id, 'write')) continue;
        for (const runner of design.components) {
          if (runsAs.has(runner.id) || !may(runner.id, asset.id, 'execute')) continue;
          runsAs.set(runner.id, `${writer}, run by the attacker, is let write ${asset.id}, which it executes`);
          grew = true;
        }
      }
    }
  }
  return runsAs;
}

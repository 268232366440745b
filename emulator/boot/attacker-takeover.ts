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
 *    (the Wi-Fi firmware and the OS services, facts §3.3, §3.5), or one the design's exploits let a network attacker
 *    into (not one marked untrusted: that is the attacker's already, and an app's network input is the app's), the
 *    network attacker's entry;
 *  - it runs code kept in flash (the device's access controller grants it execute on an asset in flash) with no
 *    barrier before it that the boot chain checks (a physical barrier counts only when it is a kind of check some
 *    boot stage makes, as the flash writer must break for a boot image), and an attacker of the design writes flash.
 * And, closed over the device's hardware: a component it runs as that the access controller lets write an asset
 * another component is let execute writes that component's code, so the attacker runs as that one too; and code
 * running in a mode of a core reaches the memory of the modes its core does not wall off from it (reachesMemoryOf),
 * so the attacker runs as every component there too.
 * Why each was taken is said in words of its own, so the evidence shows which reading found it.
 */
import type { PlatformComponent, PlatformDesign } from '../../model/platform/platform-design.js';
import type { AccessRules } from './access-rules.js';

/** Image types whose code takes network traffic by what it is (facts §3.3, §3.5). */
const TAKES_THE_NETWORK: ReadonlySet<string> = new Set(['WifiFirmware', 'Services']);

/** Each component an attacker runs as, with why (see the header). */
/** `device`: a provisioned device (a BootDevice), or its design with the access controller it is built with. */
export function attackerRunsAs(device: { design: PlatformDesign; profile: { access: Pick<AccessRules, 'reach'> } }): Map<string, string> {
  const design = device.design;
  const access = device.profile.access;
  const may = (component: string, asset: string, right: 'write' | 'execute') => access.reach(component, asset, right).granted;
  const flashWriters = design.attackers.filter((a) => a.writesFlash).map((a) => a.id);
  const checkedKinds = new Set<string>(design.boot.flatMap((stage) => stage.checks.map((check) => check.kind)));
  const unguardedFlashCode = design.assets.filter((a) => a.location === 'flash' && !(a.physicalBarriers ?? []).some((b) => checkedKinds.has(b)));

  const networkStarts = new Set(design.attackers.filter((a) => a.network).map((a) => a.id));
  const runsAs = new Map<string, string>();
  for (const c of design.components) {
    const why: string[] = [];
    const controllers = design.attackers.filter((a) => a.controls.includes(c.id)).map((a) => a.id);
    if (controllers.length) why.push(`it is where ${controllers.join(', ')} starts`);
    if (c.untrusted) why.push('it is untrusted code');
    if (c.networkFacing === true || TAKES_THE_NETWORK.has(c.imageType ?? '')) why.push('it takes network traffic');
    else if (!c.untrusted && design.exploits.some((e) => e.to === c.id && networkStarts.has(e.from))) why.push('the design lets the network attacker exploit it: it takes network traffic');
    const code = flashWriters.length ? unguardedFlashCode.filter((a) => may(c.id, a.id, 'execute')).map((a) => a.id) : [];
    if (code.length) why.push(`it runs ${code.join(', ')} from flash past no checked barrier, and ${flashWriters.join(', ')} writes flash`);
    if (why.length) runsAs.set(c.id, why.join('; '));
  }
  return runsAsFrom(device, runsAs);
}

/**
 * Closes `runsAs` (component → why) over the device's hardware (see the header): whoever the access controller lets
 * write what a component executes writes its code, and a mode reaches the memory of the modes its core does not wall
 * off from it (reachesMemoryOf). Also read from a single start, a component's own program
 * (properties/hardware-root-of-trust/key-confinement.ts: which Pluton firmware a component outside Pluton runs as),
 * second reading of model/platform/control-closure.ts closeOverControl. Returns `runsAs`, grown.
 */
export function runsAsFrom(device: { design: PlatformDesign; profile: { access: Pick<AccessRules, 'reach'> } }, runsAs: Map<string, string>): Map<string, string> {
  const design = device.design;
  const may = (component: string, asset: string, right: 'write' | 'execute') => device.profile.access.reach(component, asset, right).granted;
  // Whoever the hardware lets write what a component executes writes that component's code; and a core's modes are
  // walled only downward (see reachesMemoryOf).
  for (let grew = true; grew; ) {
    grew = false;
    for (const holder of design.components.filter((c) => runsAs.has(c.id))) {
      for (const held of design.components.filter((c) => !runsAs.has(c.id) && reachesMemoryOf(holder, c))) {
        runsAs.set(held.id, `${holder.id}, run by the attacker, reaches its memory on ${held.core} (${holder.world}-world ${holder.privilege} over ${held.world}-world ${held.privilege})`);
        grew = true;
      }
    }
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

/** How privileged a mode of a core is (bare-metal code owns its core as a kernel does). */
const MODE_RANK: Record<PlatformComponent['privilege'], number> = { user: 1, 'bare-metal': 2, supervisor: 2, firmware: 3, rom: 4 };

/**
 * Whether code running as `holder` can read and write `held`'s memory on the core's hardware: on one core, a mode
 * reaches every less privileged mode of its world, the secure world every normal-world mode of no higher privilege
 * (it maps the normal world), and one privileged mode (above user) has no wall inside it, so two components in it
 * reach each other. User-mode processes are walled from each other by the mode above them.
 */
function reachesMemoryOf(holder: PlatformComponent, held: PlatformComponent): boolean {
  if (holder.id === held.id || holder.core !== held.core) return false;
  const a = MODE_RANK[holder.privilege];
  const b = MODE_RANK[held.privilege];
  if (holder.world !== held.world) return holder.world === 'secure' && a >= b;
  return a > b || (a === b && a > MODE_RANK.user);
}

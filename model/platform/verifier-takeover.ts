/**
 * Who verifies each stage must be a component no attacker of the design takes over. A boot check is made by the
 * stage's loader (`boot[].loadedBy`); a loader the attacker runs as makes no check at all, so every image it loads
 * runs as the attacker wrote it, whatever keys and chains the design names. A loader is taken over when an attacker
 * of the design controls it (`attackers[].controls`: it starts there), when the design marks it untrusted (customer
 * code, azure-sphere-facts §3.4: only Microsoft code runs in supervisor mode or the secure world), or when it parses
 * network input (marked network-facing, or of an image type that does, attack-surface.ts NETWORK_IMAGE_TYPES):
 * the network attacker's entry point; and, closed over control, when a component so taken over may write memory or
 * storage the loader executes (the access rules' write and execute rights on one asset: a DMA write into the Security
 * Monitor's code is the Monitor's code), and over privilege: a component that runs above the loader on its core, or
 * beside it in one privileged mode (attack-graph.ts controlsByPrivilege, sharesPrivilegedMode), holds its memory, so an
 * untrusted driver in the kernel's mode takes over the kernel's checks. So is a loader that executes code from flash outside the boot chain with
 * no counted barrier before it (attack-surface.ts flashCodeExecuted, with no barrier counted),
 * under an attacker who writes the flash: that attacker writes the loader's code (attack-graph.ts gives the flash
 * writer the same edge for defense-in-depth). On Azure Sphere the Security Monitor verifies every app image (§3.4); a design
 * whose high-level app loads and verifies a real-time app hands that check to the app. Read by hardware-root-of-trust
 * (boot-attacks-rejected), whose emulated second reading boots each such stage tampered with its loader's checks
 * skipped, as the loader under the attacker makes them (properties/hardware-root-of-trust/verifier-takeover.ts).
 */
import { closeOverControl } from './control-closure.js';
import { flashCodeExecuted, platformParsers, type AttackSurfaceRules } from './attack-surface.js';
import { flashWriters as flashWritersOf, PROFILE_FLASH_ATTACKER } from './flash-writers.js';
import type { PlatformDesign } from './platform-design.js';

export interface TakenOverVerifier {
  /** The stage whose checks the loader makes. */
  stage: string;
  loader: string;
  /** Index of the stage in design.boot. */
  boot: number;
  /** Why an attacker runs as the loader. */
  why: string;
}

export function verifiersAnAttackerTakesOver(design: Pick<PlatformDesign, 'components' | 'attackers' | 'boot' | 'access' | 'assets'>, rules: AttackSurfaceRules = {}): TakenOverVerifier[] {
  const taken = componentsAnAttackerTakesOver(design, rules);
  const out: TakenOverVerifier[] = [];
  design.boot.forEach((stage, boot) => {
    if (stage.checks.length === 0) return; // no check to skip: key-chains.ts names a stage with none
    const loader = design.components.find((c) => c.id === stage.loadedBy);
    if (!loader) return;
    const why = taken.get(loader.id);
    if (why) out.push({ stage: stage.image, loader: loader.id, boot, why });
  });
  return out;
}

/**
 * Every component an attacker of the design runs as, with why: the attackers' `controls`, components marked untrusted,
 * network parsers, loaders of unchecked flash code under a flash writer, closed over "may write what another executes"
 * and over "runs above, or beside in one privileged mode, on one core".
 * The loaders of boot stages among them verify nothing (above); the measurers among them measure nothing
 * (measurement-integrity.ts): both are the same attacker running the same code.
 */
export function componentsAnAttackerTakesOver(design: Pick<PlatformDesign, 'components' | 'attackers' | 'boot' | 'access' | 'assets'>, rules: AttackSurfaceRules = {}): Map<string, string> {
  const network = new Set(platformParsers(design as PlatformDesign, rules).filter((p) => p.input === 'network').map((p) => p.component));
  // The design's attackers with the flash, or the profile's where it names none (flash-writers.ts): never none.
  const flashWriters = flashWritersOf(design);
  // Flash code a component executes with no counted barrier before it: the flash writer's code in that component.
  const unguarded = flashWriters.length ? flashCodeExecuted(design, rules).filter((code) => code.counted.length === 0) : [];
  const unguardedFlashCode = (id: string): string[] => unguarded.filter((code) => code.component === id).map((code) => code.asset.id);
  const start = (c: { id: string; untrusted?: boolean }): string[] => {
    const controllers = design.attackers.filter((a) => a.controls.includes(c.id)).map((a) => a.id);
    const overlays = unguardedFlashCode(c.id);
    return [
      ...(controllers.length ? [`the attacker ${controllers.join(', ')} controls it`] : []),
      ...(c.untrusted ? ['the design marks it untrusted'] : []),
      ...(network.has(c.id) ? ['it parses network input'] : []),
      ...(overlays.length ? [`it executes ${overlays.join(', ')} from flash with no check before it, which ${flashWriters[0] === PROFILE_FLASH_ATTACKER ? PROFILE_FLASH_ATTACKER : `the attacker ${flashWriters.join(', ')}`} writes`] : []),
    ];
  };
  const taken = new Map<string, string>(design.components.flatMap((c) => (start(c).length ? [[c.id, start(c).join('; ')] as const] : [])));
  // Closed over control (control-closure.ts): whoever may write what a component executes runs as that component; and
  // whoever runs above a component on its core, or beside it in one privileged mode, holds its memory: an untrusted
  // driver in the kernel's mode is the kernel, and so are the kernel's checks.
  closeOverControl(design, taken, (id) => `${id}, which an attacker takes over (${taken.get(id)})`);
  return taken;
}

/**
 * Which platform components parse attacker-controlled input, and from where. One rule, read by
 * defense-in-depth (such a component is exploitable unless an exception the profile accepts applies)
 * and by small-tcb (a network-facing parser must not be trusted):
 *  - network: a component the design marks networkFacing, and, when the profile's
 *    defense-in-depth.network-facing-by-image-type is on, every component whose image type parses network
 *    input by what it is (NETWORK_IMAGE_TYPES), whatever the design marks: otherwise a design that left the
 *    mark off its Wi-Fi firmware would take it out of the network attacker's reach (the product's exposed
 *    apps are added from their manifests, see product-attack-graph.ts);
 *  - flash: a component that loads a boot image from flash (it parses the image before, or while,
 *    checking it), or that reads an asset kept in flash; whoever can write the flash writes that input.
 * Messages between partner apps (input "partner-app") come from the product's manifests.
 *
 * Exceptions are the design's word about its own code. With the profile's
 * defense-in-depth.exceptions-flash-only on, only an exception for flash input counts, and only when every
 * image the component loads from flash is under a signature check and every flash asset it reads is behind a
 * "signature" physical barrier the profile counts (the verify-then-parse the exception claims needs a signature to
 * verify): network traffic and a partner app's messages are signed by nobody,
 * so what parses them stays exploitable whatever the design states.
 */
import type { AttackerInput, BootCheck, ExploitException, PlatformDesign } from './platform-design.js';
import { reachRules } from './bus-masters.js';

export const NETWORK_FACING_BY_IMAGE_TYPE = 'defense-in-depth.network-facing-by-image-type';
export const EXCEPTIONS_FLASH_ONLY = 'defense-in-depth.exceptions-flash-only';

/**
 * Image types whose code parses network input by what it is (facts §3.3 names the types): the Wi-Fi
 * firmware (WifiFirmware) takes every frame off the radio, and the OS services (Services) run the
 * networking, the update client and the TLS stack the device talks to the cloud with (facts §3.5: the device
 * checks for updates over the internet; §7: the 20.08 fixes include a wolfSSL ASN.1 parser fix).
 */
export const NETWORK_IMAGE_TYPES: ReadonlySet<string> = new Set(['WifiFirmware', 'Services']);

/** The profile's rules for the attack surface (each on unless switched off). */
export interface AttackSurfaceRules {
  networkFacingByImageType?: boolean;
  exceptionsFlashOnly?: boolean;
  physicalBarriersChecked?: boolean;
}

export const PHYSICAL_BARRIERS_CHECKED = 'defense-in-depth.physical-barriers-checked';

/**
 * The physical barriers of a flash asset that count, and those the profile refuses. `physicalBarriers` are names the
 * design writes; under defense-in-depth.physical-barriers-checked only a kind of check the design's boot chain makes
 * (a "signature" or "manifest-hash" some stage checks, which the boot emulator enforces on real bytes) counts: forging
 * it is the same barrier as forging a boot image, broken once for both. A name the design invents ("tamper-mesh",
 * "storage-encryption") is a barrier nothing in the device model checks, so the flash writer does not have to break it.
 * A counted "manifest-hash" is the signature barrier where the boot chain's manifests are signed by a key that also
 * signs images (signerBarrier below): the asset's name says no key, so it is taken to be signed as the boot's are.
 */
export function physicalBarriersOf(design: PlatformDesign, asset: { physicalBarriers?: string[] }, rules: AttackSurfaceRules = {}): { counted: string[]; refused: string[] } {
  const named = asset.physicalBarriers ?? [];
  if (!(rules.physicalBarriersChecked ?? true)) return { counted: named, refused: [] };
  const checked = new Set<string>(design.boot.flatMap((s) => s.checks.map((c) => c.kind)));
  const counted = [...new Set(named.filter((b) => checked.has(b)).map((b) => (b === 'manifest-hash' && manifestSignedBySigner(design) ? 'signature' : b)))];
  return { counted, refused: named.filter((b) => !checked.has(b)) };
}

/**
 * Whether some manifest-hash check's key also signs images a signature check verifies: forging that one signer makes
 * both the image's signature and the manifest that lists its hash (the emulator's unknown-key attack re-signs both with
 * one impostor key, emulator/boot/attacks.ts), so the hash is no barrier apart from the signature.
 */
function manifestSignedBySigner(design: Pick<PlatformDesign, 'boot'>): boolean {
  const signers = new Set(design.boot.flatMap((s) => s.checks.filter((c) => c.kind === 'signature').map((c) => c.key)));
  return design.boot.some((s) => s.checks.some((c) => c.kind === 'manifest-hash' && signers.has(c.key)));
}

/**
 * The barrier a flash writer breaks to get past one boot check: named by its kind, except that a manifest-hash check
 * whose key also signs images under a signature check is the signature barrier (one forged signer passes both).
 */
export function signerBarrier(design: Pick<PlatformDesign, 'boot'>, check: BootCheck): string {
  if (check.kind !== 'manifest-hash') return check.kind;
  return design.boot.some((s) => s.checks.some((c) => c.kind === 'signature' && c.key === check.key)) ? 'signature' : check.kind;
}

/**
 * Code a component runs from flash outside the boot chain (an overlay, a module: an asset in flash it has the execute
 * right on), each with the physical barriers the profile counts before it. Whoever writes the flash writes that code:
 * read by attack-graph.ts (the flash writer holds the component past the counted barriers) and by verifier-takeover.ts
 * (a loader running such code with none counted is the flash writer's).
 */
export function flashCodeExecuted(design: Pick<PlatformDesign, 'assets' | 'access' | 'busMasters' | 'boot'>, rules: AttackSurfaceRules = {}): { component: string; asset: PlatformDesign['assets'][number]; counted: string[]; refused: string[] }[] {
  return reachRules(design).flatMap((rule) => {
    const asset = design.assets.find((x) => x.id === rule.asset);
    if (!asset || asset.location !== 'flash' || !rule.rights.includes('execute')) return [];
    return [{ component: rule.component, asset, ...physicalBarriersOf(design as PlatformDesign, asset, rules) }];
  });
}

export interface ParsedInput {
  component: string;
  input: AttackerInput;
  /** What it parses, for the evidence: "the image of one-bl it loads from flash". */
  what: string;
}

export function platformParsers(design: PlatformDesign, rules: AttackSurfaceRules = {}): ParsedInput[] {
  const byImageType = rules.networkFacingByImageType ?? true;
  const found: ParsedInput[] = [];
  const add = (component: string, input: AttackerInput, what: string) => {
    const same = found.find((p) => p.component === component && p.input === input);
    if (same) same.what = `${same.what}; ${what}`;
    else found.push({ component, input, what });
  };
  for (const c of design.components) {
    if (c.networkFacing) add(c.id, 'network', 'network traffic (the design marks it network-facing)');
    else if (byImageType && c.imageType && NETWORK_IMAGE_TYPES.has(c.imageType)) add(c.id, 'network', `network traffic (its image type ${c.imageType} parses network input, ${NETWORK_FACING_BY_IMAGE_TYPE}; the design does not mark it)`);
  }
  // The design's own exploit list: an exploit from a network attacker into a component says it parses network input,
  // marked or not. It held: a Security Monitor the design lists as exploitable from the network was no network parser to
  // small-tcb or the takeover rule (s36-tcb). A component marked untrusted is the attacker's already (every app slot is
  // reached from the network in the built-in design: its input is the app's, not the platform's parser's).
  const networkAttackers = new Set(design.attackers.filter((a) => a.network).map((a) => a.id));
  for (const e of design.exploits ?? []) {
    const to = design.components.find((c) => c.id === e.to);
    if (to && !to.untrusted && networkAttackers.has(e.from) && !found.some((p) => p.component === to.id && p.input === 'network')) add(to.id, 'network', `network traffic (the design lists an exploit from the network attacker ${e.from} into it, across ${e.barrier})`);
  }
  for (const stage of design.boot) add(stage.loadedBy, 'flash', `the ${stage.image} image it loads from flash`);
  // A flash asset a DMA engine it programs reads for it is parsed by it as well (bus-masters.ts).
  for (const rule of reachRules(design)) {
    const asset = design.assets.find((a) => a.id === rule.asset);
    if (asset?.location === 'flash' && rule.rights.includes('read')) add(rule.component, 'flash', `the ${asset.name} it reads from flash`);
  }
  return found.filter((p) => design.components.some((c) => c.id === p.component));
}

/**
 * Why the profile does not accept the design's exception, or undefined when it does: under
 * defense-in-depth.exceptions-flash-only, an exception for network or partner-app input, or one for flash
 * input of a component that loads an image under no signature check.
 */
export function refusedException(design: PlatformDesign, e: ExploitException, rules: AttackSurfaceRules = {}): string | undefined {
  if (!(rules.exceptionsFlashOnly ?? true)) return undefined;
  if (e.input !== 'flash') return `${EXCEPTIONS_FLASH_ONLY}: ${e.input === 'network' ? 'network traffic' : "a partner app's messages"} are signed by nobody, so what parses them is exploitable whatever the design states`;
  const unsigned = design.boot.filter((s) => s.loadedBy === e.component && !s.checks.some((c) => c.kind === 'signature')).map((s) => s.image);
  if (unsigned.length) return `${EXCEPTIONS_FLASH_ONLY}: it loads ${unsigned.join(', ')} under no signature check, so there is no signature to verify before it parses`;
  // What it reads from flash besides images: an asset counts as signed only behind a signature barrier the profile counts.
  const unsignedAssets = reachRules(design)
    .filter((r) => r.component === e.component && r.rights.includes('read'))
    .map((r) => design.assets.find((a) => a.id === r.asset))
    .filter((a): a is NonNullable<typeof a> => a !== undefined && a.location === 'flash' && !physicalBarriersOf(design, a, rules).counted.includes('signature'))
    .map((a) => a.id);
  if (unsignedAssets.length) return `${EXCEPTIONS_FLASH_ONLY}: it reads ${[...new Set(unsignedAssets)].join(', ')} from flash, which no signature covers (no "signature" among its physical barriers), so there is no signature to verify before it parses`;
  return undefined;
}

/** The design's exception for this component and input, if it states one and the profile accepts it. */
export function exploitException(design: PlatformDesign, component: string, input: AttackerInput, rules: AttackSurfaceRules = {}): ExploitException | undefined {
  const e = design.exploitExceptions?.find((x) => x.component === component && x.input === input);
  return e && refusedException(design, e, rules) === undefined ? e : undefined;
}

/** The barrier broken by exploiting a component's parsing: one per component, whatever the input (the cheaper assumption for the defender's count). */
export const exploitBarrier = (component: string): string => `exploit:${component}`;

/**
 * Image types that say nothing of what their code parses: "Other" is any image Azure Sphere's enum has no name for
 * (a device maker's network coprocessor firmware, its own OS, a modem stack). For every other type the type says
 * it (NETWORK_IMAGE_TYPES parse the network; the boot, OS-loader and kernel images are the design's boot chain;
 * apps are exposed by their manifests). The design has no other statement to derive exposure from: components
 * carry no bus or block access (the MT3620's I/O blocks, GPIO, ISU, ADC, I2S, belong to apps through their
 * manifests), so an "Other" component that leaves `networkFacing` out would be off the network attack surface by
 * default. Its exposure is unstated until the design marks it, true or false: defense-in-depth and small-tcb say
 * unknown where a verdict would rest on it (a mark the design states is used as stated).
 */
export const UNCLASSIFIED_IMAGE_TYPES: ReadonlySet<string> = new Set(['Other']);

export interface UnstatedNetworkExposure {
  component: string;
  /** /components/<i>/networkFacing in the design file. */
  pointer: string;
  reason: string;
}

/** Components loaded from an image whose type says nothing of what it parses and whose design leaves networkFacing out. */
export function unstatedNetworkExposure(design: Pick<PlatformDesign, 'components'>): UnstatedNetworkExposure[] {
  return design.components.flatMap((c, i) =>
    c.imageType !== undefined && UNCLASSIFIED_IMAGE_TYPES.has(c.imageType) && c.networkFacing === undefined
      ? [{ component: c.id, pointer: `/components/${i}/networkFacing`, reason: `${c.name} (${c.id}) is loaded from an image of type ${c.imageType}, which says nothing of what it parses, and the design does not state whether it parses network input (networkFacing)` }]
      : [],
  );
}

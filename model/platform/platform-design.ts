/**
 * The security architecture of a device as data (the "platform design"): components and where they
 * run, assets and who may touch them, the boot graph, and the attack surface. The boot emulator
 * walks it, the small-tcb and hardware-root-of-trust checks read it, and the defense-in-depth attack
 * graph is derived from it. Schema: model/schema/platform.schema.json.
 */

export type World = 'secure' | 'normal';
export type Privilege = 'rom' | 'firmware' | 'supervisor' | 'user' | 'bare-metal';
export type Right = 'read' | 'write' | 'use' | 'extend' | 'execute';

export interface PlatformComponent {
  id: string;
  name: string;
  /** Core id from the chip profile (e.g. "Pluton", "A7", "M4-0"). */
  core: string;
  world: World;
  privilege: Privilege;
  /** Image type name (formats/image-package) of the image this component is loaded from; absent for ROM. */
  imageType?: string;
  /** False for mask ROM: nothing can replace it. */
  mutable: boolean;
  /** Customer code that Sevenfold treats as potentially malicious. */
  untrusted?: boolean;
  /** Parses input from the network: the network attacker's entry point (exploitable unless excepted). */
  networkFacing?: boolean;
}

/** failure-log: where the OS keeps its failure log until the security service acknowledges it (model/platform/failure-log-access.ts reads who may write it). */
export type AssetKind = 'private-key' | 'key-hash' | 'counter' | 'register' | 'key-store' | 'firewall-config' | 'storage' | 'memory-region' | 'failure-log';
export type AssetLocation = 'pluton' | 'efuse' | 'flash' | 'sram' | 'io-registers';

export interface PlatformAsset {
  id: string;
  name: string;
  kind: AssetKind;
  location: AssetLocation;
  /** Its confidentiality matters (a private key, a secret key store). */
  secret: boolean;
  /** One-time programmable: once written, no component can change it. */
  oneTimeProgrammable?: boolean;
  /** Defense in depth is required for it: every attack path must need at least two independent compromises. */
  critical: boolean;
  /** For assets in flash: barriers an attacker with physical flash access must break to reach it (e.g. its image signature); only a kind of boot check counts under the profile (attack-surface.ts physicalBarriersOf). */
  physicalBarriers?: string[];
  /**
   * How each device gets this private key, on a key other than the identity key (whose provisioning is the design's
   * identityKeyProvisioning): read for the client-authentication key (model/attestation/client-key.ts clientKeyProvisioningOf).
   */
  provisioning?: IdentityKeyProvisioning;
  /**
   * A trusted key store kept as a signed image (Azure Sphere's TrustedKeystore, image type 19, facts §3.3): the key
   * that signs it and the anti-rollback counter its version is held against. Left out on a trusted key store, how
   * the store is kept from being put back after a revocation is unstated (model/platform/key-store-rollback.ts).
   */
  signedImage?: KeyStoreImage;
  /**
   * On a flash asset behind a "signature" barrier: the key its content is signed with. A key of /keys is held off the
   * device (no component on it makes new content pass); a private-key asset of the design signs on the device, for
   * every component that may read, write or use it. Read by model/platform/asset-signer.ts: whether the reader's
   * "verifies before parsing" exception covers another component that may write the asset.
   */
  signedBy?: string;
}

/** How a trusted key store is protected as an image: its signer, and the counter that keeps an older store out. */
export interface KeyStoreImage {
  /** The key that signs the store image; a loader believes the store only once this signature verifies up to its anchor. */
  signedBy: string;
  /**
   * The store's security version (the image's RV section) is compared with this counter: at 'boot' by every loader
   * that reads the store (a lower one is refused, a higher one raises the counter, by a loader the access rules let
   * write it), at 'update' by the installer before it stages a new store. Left out: nothing keeps an older store,
   * signed and genuine, from coming back.
   */
  rollback?: { counter: string; checkedAt: KeyStoreCheckPoint[] };
}

export type KeyStoreCheckPoint = 'boot' | 'update';

export interface AccessRule {
  component: string;
  asset: string;
  rights: Right[];
}

/**
 * A bus master a component programs (a peripheral's DMA engine): it reads and writes memory as itself, so what it may
 * reach is what the I/O firewall in front of it allows (model/platform/bus-masters.ts).
 */
export interface BusMaster {
  id: string;
  name: string;
  /** The components that program it (the app slot an ISU is assigned to): each reaches what it reaches. */
  controlledBy: string[];
  /** What the I/O firewall lets it read or write. */
  reaches: { asset: string; rights: ('read' | 'write')[] }[];
  description?: string;
}

export interface SigningKey {
  id: string;
  name: string;
  /** The trust anchor: its hash is burnt into this OTP asset and the ROM checks against it. */
  anchoredIn?: string;
  /** Otherwise certified by another key: the chain must end at an anchor. */
  certifiedBy?: string;
  /**
   * Who holds the private key. "microsoft": Microsoft (Azure Sphere's firmware, OS and app signing keys, as the
   * built-in design states); only images checked under a chain of Microsoft's keys are Azure Sphere's code, whose
   * behaviour the design may leave out (model/platform/azure-sphere-provenance.ts). Left out: not Microsoft's.
   */
  holder?: KeyHolder;
  /**
   * Where the private key is kept and used: offline (brought out only to sign) or online (a networked service or
   * build server signs with it on request). Asked of every key no key-store update can revoke
   * (model/update/signing-key-custody.ts); left out, a verdict resting on it is unknown.
   */
  custody?: KeyCustody;
}

export type KeyHolder = 'microsoft' | 'device-maker' | 'third-party';
export type KeyCustody = 'offline' | 'online';

export type BootCheckKind = 'signature' | 'manifest-hash';

export interface BootCheck {
  /** Stable id, used to name a check when fault injection skips it. */
  id: string;
  kind: BootCheckKind;
  /** The key a signature check uses, or that signed the manifest a hash check compares with. */
  key: string;
  /**
   * The loader makes this check a second time, by independent code (glitch-hardened boot code): one
   * skipped branch no longer passes it, a glitch must skip both runs (check-runs.ts).
   */
  redundant?: boolean;
}

export interface BootStage {
  /** The component this stage loads. */
  image: string;
  /** The component that loads it, verifies it and hands over to it. */
  loadedBy: string;
  /** Independent checks; the image runs only if every one passes. */
  checks: BootCheck[];
  /** Register the image is measured into, and by whom. */
  measurement?: { register: string; by: string; when: 'before-run' | 'after-run' };
  /** Anti-rollback counter guarding this image type, and when it is raised. */
  rollback?: { counter: string; raised: 'after-verify' | 'before-verify'; /** The comparison with the counter is made twice, by independent code (check-runs.ts). */ redundant?: boolean };
}

export interface AttackerEntry {
  id: string;
  name: string;
  /** Components the attacker runs as from the start (a malicious app is its own app). */
  controls: string[];
  /** Physical access: the attacker can rewrite any image in flash (then every boot check of it is a barrier). */
  writesFlash?: boolean;
  /** Reaches the device over the network: network-facing components and the product's exposed apps are its entries. */
  network?: boolean;
}

/** Where attacker-controlled input comes from, for derived exploitability. */
export type AttackerInput = 'network' | 'flash' | 'partner-app';

/** A component that parses attacker-controlled input and is, the design says, not exploitable through it. */
export interface ExploitException {
  component: string;
  input: AttackerInput;
  /** Why not; shown in the evidence. */
  justification: string;
}

export interface Exploit {
  from: string;
  /** A component the attacker comes to control, or an asset it comes to read or write. */
  to: string;
  /** The barrier broken; exploits with the same barrier count as one compromise. */
  barrier: string;
  description: string;
}

/**
 * How the OS keeps apps apart beyond the I/O firewall: protections Azure Sphere gives every app, written
 * as design fields so that a design without one can be described and caught. A design file may leave any
 * field out; appIsolationOf fills it with Azure Sphere's behaviour (AZURE_SPHERE_APP_ISOLATION). That value is a
 * placeholder a verdict may rest on only when the design's OS is Azure Sphere's (model/platform/app-isolation-stated.ts).
 */
export interface AppIsolation {
  /**
   * The OS's per-app network firewall. 'allowed-connections': a high-level app connects only to the hosts its
   * AllowedConnections lists ("*.example.com" covers the names below example.com) and listens only on the
   * server ports it declares (azure-sphere-facts §1.3). 'none': any host, any port.
   */
  networkFirewall: 'allowed-connections' | 'none';
  /**
   * 'none': real-time apps run bare-metal on an M4, with no network stack (§2.1: the A7 runs the OS and its
   * network; the M4 cores run RTApps). 'unfiltered': the M4 cores reach the network interface directly, with
   * no OS firewall in between.
   */
  realTimeNetwork: 'none' | 'unfiltered';
  /**
   * 'per-app': a high-level app opens only its own MutableStorage ("persistent per-app flash storage", §1.3),
   * and real-time apps none (the M4 cores cannot use flash, §2.1). 'shared': the flash holding the apps'
   * storage is not partitioned per app: any app, a real-time app too, opens any app's MutableStorage.
   */
  storage: 'per-app' | 'shared';
  /** When the inter-core mailbox opens a channel: 'both-list-each-other' in AllowedApplicationConnections (§1.4, DOC-INTERAPP). */
  appConnections: 'both-list-each-other' | 'either-lists-the-other' | 'any-app';
}

/** Azure Sphere's behaviour, for every field a design leaves out. */
export const AZURE_SPHERE_APP_ISOLATION: Readonly<AppIsolation> = {
  networkFirewall: 'allowed-connections',
  realTimeNetwork: 'none',
  storage: 'per-app',
  appConnections: 'both-list-each-other',
};

export interface PlatformDesign {
  schemaVersion: 1;
  name: string;
  description?: string;
  components: PlatformComponent[];
  /** The components the designers claim make up the trusted computing base. */
  declaredTcb: string[];
  assets: PlatformAsset[];
  access: AccessRule[];
  keys: SigningKey[];
  boot: BootStage[];
  attackers: AttackerEntry[];
  /** Justified exceptions to "every parser of attacker-controlled input is exploitable". */
  exploitExceptions?: ExploitException[];
  exploits: Exploit[];
  /**
   * How each device gets its identity key. per-device: each chip its own (Azure Sphere's Pluton generates
   * its own key at manufacture, so no two devices share one); same-for-every-device: the factory puts
   * one key into every device. Left out, it is Azure Sphere's per-device only on a design whose Pluton
   * firmware is Microsoft's (model/platform/azure-sphere-provenance.ts); elsewhere it is unstated.
   */
  identityKeyProvisioning?: IdentityKeyProvisioning;
  /** App isolation beyond the I/O firewall; absent fields are Azure Sphere's (see appIsolationOf). */
  appIsolation?: Partial<AppIsolation>;
  /**
   * The bus masters components program and what the I/O firewall lets each reach (model/platform/bus-masters.ts).
   * Left out: not stated (busMastersUnstated); [] states there are none.
   */
  busMasters?: BusMaster[];
}

/** The design's app isolation with Azure Sphere's behaviour for every field it leaves out (also without a design). */
export function appIsolationOf(design: Pick<PlatformDesign, 'appIsolation'> | undefined): AppIsolation {
  return { ...AZURE_SPHERE_APP_ISOLATION, ...(design?.appIsolation ?? {}) };
}

/**
 * The app-isolation fields a design leaves out, each with the Azure Sphere value appIsolationOf puts in its
 * place: a verdict that rests on them rests on Sevenfold's reading of Azure Sphere, not on the design, and
 * the evidence says so.
 */
export function appIsolationDefaults(design: Pick<PlatformDesign, 'appIsolation'> | undefined): { field: keyof AppIsolation; value: string }[] {
  return (Object.keys(AZURE_SPHERE_APP_ISOLATION) as (keyof AppIsolation)[]).filter((field) => design?.appIsolation?.[field] === undefined).map((field) => ({ field, value: AZURE_SPHERE_APP_ISOLATION[field] }));
}

/** Azure Sphere's identity-key provisioning, for a design that leaves identityKeyProvisioning out on Azure Sphere's own Pluton (azure-sphere-provenance.ts identityKeyProvisioningReading, the one reader). */
export const AZURE_SPHERE_IDENTITY_KEY_PROVISIONING: IdentityKeyProvisioning = 'per-device';


export type IdentityKeyProvisioning = 'per-device' | 'same-for-every-device';

export function componentById(design: PlatformDesign, id: string): PlatformComponent | undefined {
  return design.components.find((c) => c.id === id);
}

export function rightsOf(design: PlatformDesign, component: string, asset: string): Right[] {
  return design.access.filter((a) => a.component === component && a.asset === asset).flatMap((a) => a.rights);
}

/** The chain of keys from `keyId` up to its anchor, or undefined when it never reaches one (or loops). */
export function keyChain(design: PlatformDesign, keyId: string): SigningKey[] | undefined {
  const chain: SigningKey[] = [];
  let current = design.keys.find((k) => k.id === keyId);
  while (current) {
    if (chain.includes(current)) return undefined;
    chain.push(current);
    if (current.anchoredIn) return chain;
    current = current.certifiedBy ? design.keys.find((k) => k.id === current!.certifiedBy) : undefined;
  }
  return undefined;
}

/**
 * Components loaded from an image (mutable: not mask ROM) that no boot stage loads: nothing verifies,
 * measures or guards them against rollback, yet the design says they run (a component is software that
 * runs on a core), so whatever their flash holds runs. The boot graph is the only place a design says who
 * checks an image; one left out of it is unchecked, not checked elsewhere. An instantiated design has
 * already dropped the empty app slots (model/product/instantiate.ts).
 */
export function unbootedImages(design: PlatformDesign): PlatformComponent[] {
  const booted = new Set(design.boot.map((s) => s.image));
  return design.components.filter((c) => c.mutable && !booted.has(c.id));
}

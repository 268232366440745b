/**
 * Whether the platform design puts its app slots where something can confine them. Every app protection the
 * design states (appIsolation: the per-app network firewall, per-app storage, channels both apps list) is kept
 * by a component that runs above the apps: on Azure Sphere the Normal World kernel and the OS services, with
 * "apps in Normal World user-mode containers" (azure-sphere-facts §3.4); a real-time app is alone on its M4
 * core, behind the I/O firewall (§2.1). The emulator enforces appIsolation as stated whatever the layout, so a
 * design that runs an app slot in supervisor mode, in the secure world, beside another app on a core with
 * nothing above both, or lets it write the memory another component runs from, had its stated isolation
 * believed. This is the rule that says when it may not be, read by compartmentalization
 * (compartmentalization.hardware-barriers). "Runs above" is the attack graph's relation (controlsByPrivilege),
 * so the two readings of privilege cannot drift.
 *
 * An app slot S is unconfined when, on its core:
 *  - it runs above a component that is not an app (it controls that component, and what it enforces);
 *  - it is not at user privilege and runs beside a component that is not an app, in the same world, neither
 *    above the other (it is that component's peer: nothing lies between them);
 *  - another app slot shares the core and no component that is not an app runs above both (nothing keeps the
 *    two apart);
 *  - it may write an asset another component executes (it changes that component's code or memory);
 *  - it may write an asset another filled app slot may read (data-paths.ts, of any kind: a shared SRAM window, a
 *    buffer both cores map, a FIFO register between the M4s, a counter one sets and the other reads): the two apps
 *    pass data outside the inter-core mailbox, where both lists are checked (facts §1.4), so nothing the manifests
 *    state keeps them apart. Whether or not they list each other: the window is not a channel the OS opens, checks
 *    or closes;
 *  - it may read a secret asset another component writes or uses (the kernel's session keys in SRAM, a private key
 *    Pluton uses), or a key (a private key, a key store) another component reads and the app does not write (the
 *    kernel's TLS key in flash, which it reads to sign: s36; before, only writers and users kept a secret, and an app
 *    slot that may read that key held): that component keeps its secrets there, so an app reads what another
 *    compartment keeps from every app. Whose secret it is the design does not say; one another component puts there or works with is not the
 *    app's alone. A secret only the app writes and others read is the app's own (what another component does with
 *    the app's input is the data-path rule of attack-graph.ts), and a window another app slot writes is the rule
 *    above.
 * What an app slot reaches is its own access rules and the reach of every bus master it programs (bus-masters.ts: a
 * DMA engine the firewall lets write the kernel's memory is the app writing it; s37-dma).
 */
import { controlsByPrivilege } from './attack-graph.js';
import { reachPointer, reachRules, type ReachRule } from './bus-masters.js';
import { dataPaths, type DataPath } from './data-paths.js';
import { useHoldsKeyBytes } from './key-use.js';
import type { PlatformComponent, PlatformDesign } from './platform-design.js';

/**
 * What leaves the app slot unconfined, one kind per rule above: it runs above or beside a system component, shares a
 * core with another app with nothing above both, writes what another component runs, shares a window with another app,
 * reads or writes another compartment's secret, loads another component.
 */
export type UnconfinementKind = 'runs-above-system' | 'peer-of-system' | 'shares-core' | 'writes-executed' | 'shared-window' | 'reads-secret' | 'writes-secret' | 'loads-other';

export interface UnconfinedApp {
  /** The app slot (component id of the design file). */
  slot: string;
  kind: UnconfinementKind;
  /** JSON pointer in the platform design file of the statement that leaves it unconfined. */
  pointer: string;
  /** One line: what the app controls or reaches, and why. */
  message: string;
  /** For a slot that loads another component (appsLoadingOthers): that component, the boot stage's image. */
  loads?: string;
  /** For a secret another component keeps (reads-secret, writes-secret, and a key used): the asset. */
  asset?: string;
}

/**
 * The unconfined app slots of `design` among `filled` (the slots the product's apps fill), each with the design
 * pointer to blame. `isApp` says which components are app slots (model/product/instantiate.ts isAppSlot).
 */
export function unconfinedApps(design: PlatformDesign, filled: ReadonlySet<string>, isApp: (c: PlatformComponent) => boolean): UnconfinedApp[] {
  const found: UnconfinedApp[] = [];
  const index = (id: string) => design.components.findIndex((c) => c.id === id);
  const where = (c: PlatformComponent) => `${c.world} ${c.privilege} on ${c.core}`;
  const apps = design.components.filter((c) => filled.has(c.id) && isApp(c));
  for (const app of apps) {
    const system = design.components.filter((c) => c.core === app.core && !isApp(c));
    const pointer = `/components/${index(app.id)}`;
    for (const c of system.filter((s) => controlsByPrivilege(app, s))) {
      found.push({ slot: app.id, kind: 'runs-above-system', pointer, message: `app slot ${app.id} (${where(app)}) runs above ${c.id} (${where(c)}): an app there controls ${c.id}, so no boundary of the system confines it` });
    }
    if (app.privilege !== 'user') {
      for (const c of system.filter((s) => s.world === app.world && !controlsByPrivilege(s, app) && !controlsByPrivilege(app, s))) {
        found.push({ slot: app.id, kind: 'peer-of-system', pointer, message: `app slot ${app.id} (${where(app)}) runs at the privilege of ${c.id} (${where(c)}): nothing lies between an app there and ${c.id}, so no boundary of the system confines it` });
      }
    }
  }
  apps.forEach((a, i) => {
    for (const b of apps.slice(i + 1)) {
      if (a.core !== b.core) continue;
      if (design.components.some((c) => !isApp(c) && controlsByPrivilege(c, a) && controlsByPrivilege(c, b))) continue;
      found.push({ slot: b.id, kind: 'shares-core', pointer: `/components/${index(b.id)}/core`, message: `app slots ${a.id} and ${b.id} share core ${a.core} (${where(a)}, ${where(b)}) and nothing runs above both: no boundary keeps the two apps apart` });
    }
  });
  // What an app slot reaches is its own rules and those of every bus master it programs (bus-masters.ts): a DMA engine
  // the firewall lets write the kernel's memory is the app writing it.
  reachRules(design).forEach((rule) => {
    if (!filled.has(rule.component) || !apps.some((a) => a.id === rule.component) || !rule.rights.includes('write')) return;
    const runners = reachRules(design).filter((r) => r.asset === rule.asset && r.component !== rule.component && r.rights.includes('execute')).map((r) => r.component);
    for (const runner of [...new Set(runners)]) {
      found.push({ slot: rule.component, kind: 'writes-executed', pointer: rule.pointer, message: `app slot ${rule.component} may write ${rule.asset}${through(rule)}, which ${runner} executes: an app there changes what ${runner} runs` });
    }
  });
  const paths = dataPaths(design, { anyKind: true });
  for (const path of paths) {
    if (!apps.some((a) => a.id === path.writer) || !apps.some((a) => a.id === path.reader)) continue;
    found.push({ slot: path.writer, kind: 'shared-window', pointer: reachPointer(design, path.writeRule), message: `app slots ${path.writer} and ${path.reader} share ${path.asset}: ${path.writer} may write what ${path.reader} may read (${reachPointer(design, path.readRule)}), outside the inter-core mailbox that checks AllowedApplicationConnections, so no boundary keeps the two apps apart` });
  }
  found.push(...secretsReadByApps(design, apps, paths, new Set(design.components.filter((c) => isApp(c) && !filled.has(c.id)).map((c) => c.id))));
  return found;
}

/**
 * App slots that may read a secret asset another component writes or uses: one finding per (slot, asset), naming
 * the components whose secret it is. Another app slot that writes a message-carrying asset the app reads is already
 * a shared window (dataPaths above), and is not named twice; an app slot the product leaves empty keeps nothing.
 */
function secretsReadByApps(design: PlatformDesign, apps: readonly PlatformComponent[], paths: readonly DataPath[], emptySlots: ReadonlySet<string>): UnconfinedApp[] {
  return secretsReachedByApps(design, apps, emptySlots, 'read', (keeper, app, asset) => !paths.some((p) => p.writer === keeper && p.reader === app && p.asset === asset && apps.some((a) => a.id === keeper)));
}

/**
 * App slots the product fills that may write a secret asset another component writes or uses (the identity key Pluton
 * signs with, the kernel's TLS session keys in SRAM): the app replaces that compartment's secret with one it chose, so
 * it knows what the other signs or encrypts with from then on, as surely as if it had read it. The keepers are the
 * read rule's (secretsReadByApps): a secret the app writes and other components only read is the app's own, handed to
 * them (isolation-app-secret-read-by-kernel). Read by compartmentalization (hardware-barriers) beside unconfinedApps
 * and kept apart from it, like appsLoadingOthers: the app itself is still held to its own manifest. Second reading:
 * the emulated app device boots each secret memory region a system component may write holding that component's
 * secret (emulator/design-rights.ts systemSecretsOf) and lets the app's slot write it or not as the bus grants
 * (test/properties/shared-memory-windows.test.ts).
 */
export function appsWritingOthersSecrets(design: PlatformDesign, filled: ReadonlySet<string>, isApp: (c: PlatformComponent) => boolean): UnconfinedApp[] {
  const apps = design.components.filter((c) => filled.has(c.id) && isApp(c));
  const emptySlots = new Set(design.components.filter((c) => isApp(c) && !filled.has(c.id)).map((c) => c.id));
  return secretsReachedByApps(design, apps, emptySlots, 'write', () => true);
}

/**
 * App slots the product fills that may use a secret key (a private key or a key store) another component writes or
 * uses: the device identity key Pluton signs quotes with, the tenant attestation keys, the kernel's TLS key. The app
 * makes the key sign (or decrypt) what it chooses, so it speaks as that compartment: it signs a quote of a boot that
 * never ran, or a TLS handshake as the device, without ever holding the key's bytes. On Azure Sphere "Pluton holds the
 * keys and signs for the OS" and no app gets a key, only the OS's use of one made for it (facts §3.4, §4: the update
 * certificate is not app-accessible; an app's DeviceAuthentication is served by the key's holder, app-interfaces.ts,
 * not a right of the app's slot). Outside Pluton there is no vault to ask, and a use is a read of the key's bytes
 * (key-use.ts useHoldsKeyBytes). The keepers are the components that write, use or read the key (a component that
 * reads a private key signs with it in its own memory, so it works with that key as surely as one that asks Pluton
 * to), as for reading a key (secretsReadByApps); a key the app slot alone may touch, or that it writes for others, is
 * its own (a Pluton key the design gives the app slot alone: the app's TLS key). Before
 * (s36) only reading or writing another's secret was a finding, and an app slot with a signing oracle on the identity
 * key held compartmentalization. Read by compartmentalization (hardware-barriers) beside appsWritingOthersSecrets, and
 * kept out of unconfinedApps like it. Second reading: the emulated Pluton grants the app's use request by the design's
 * rules on its own (emulator/boot/pluton.ts useKey, through emulator/boot/compromised-component.ts), and for a key
 * outside Pluton the emulated device has no use request at all (test/properties/shared-memory-windows.test.ts holds the
 * two together).
 */
export function appsUsingOthersKeys(design: PlatformDesign, filled: ReadonlySet<string>, isApp: (c: PlatformComponent) => boolean): UnconfinedApp[] {
  const apps = design.components.filter((c) => filled.has(c.id) && isApp(c));
  const emptySlots = new Set(design.components.filter((c) => isApp(c) && !filled.has(c.id)).map((c) => c.id));
  return secretsReachedByApps(design, apps, emptySlots, 'use', () => true);
}

/** The asset kinds a `use` right operates (platform.schema.json /access/rights: a private key or a key store). */
const USABLE_KINDS: ReadonlySet<string> = new Set(['private-key', 'key-store']);

/** One finding per (app slot, secret asset) the slot may reach with `right` and another component writes or uses; `counts` drops a keeper. */
function secretsReachedByApps(design: PlatformDesign, apps: readonly PlatformComponent[], emptySlots: ReadonlySet<string>, right: 'read' | 'write' | 'use', counts: (keeper: string, app: string, asset: string) => boolean): UnconfinedApp[] {
  const secret = new Map(design.assets.filter((a) => a.secret && (right !== 'use' || USABLE_KINDS.has(a.kind))).map((a) => [a.id, a]));
  const found: UnconfinedApp[] = [];
  const seen = new Set<string>();
  const rules = reachRules(design);
  rules.forEach((rule) => {
    const asset = secret.get(rule.asset);
    if (!asset || !rule.rights.includes(right) || !apps.some((a) => a.id === rule.component)) return;
    if (seen.has(`${rule.component}\n${asset.id}`)) return;
    seen.add(`${rule.component}\n${asset.id}`);
    // A key another component reads is one it signs with in its own memory: a keeper, unless the app slot may write the
    // key (then the app chose it and hands it over, as a secret it writes for others to read). Other secrets are kept by
    // their writers and users alone (what another only reads of them is the app's input).
    const readersKeep = right !== 'write' && USABLE_KINDS.has(asset.kind) && !rules.some((w) => w.component === rule.component && w.asset === asset.id && w.rights.includes('write'));
    const keepers = rules
      .filter((k) => k.asset === asset.id && k.component !== rule.component && !emptySlots.has(k.component) && (k.rights.includes('write') || k.rights.includes('use') || (readersKeep && k.rights.includes('read'))))
      .map((k) => k.component)
      .filter((k) => counts(k, rule.component, asset.id));
    const named = [...new Set(keepers)];
    if (!named.length) return;
    const byReading = readersKeep && rules.some((k) => k.asset === asset.id && named.includes(k.component) && k.rights.includes('read') && !k.rights.includes('write') && !k.rights.includes('use'));
    const verbs = byReading ? ['reads, writes or uses', 'read, write or use'] : ['writes or uses', 'write or use'];
    const keeps = `${named.join(' and ')} ${named.length === 1 ? verbs[0] : verbs[1]}`;
    found.push({
      slot: rule.component,
      kind: right === 'read' ? 'reads-secret' : 'writes-secret',
      pointer: rule.pointer,
      asset: asset.id,
      message:
        right === 'read'
          ? `app slot ${rule.component} may read ${asset.id}${through(rule)} (${asset.kind}, secret), which ${keeps}: an app there reads the secrets of another compartment, so no boundary keeps them from it`
          : right === 'write'
            ? `app slot ${rule.component} may write ${asset.id}${through(rule)} (${asset.kind}, secret), which ${keeps}: an app there sets the secret of another compartment to one it chose, and knows it from then on, so no boundary keeps them from it`
            : useHoldsKeyBytes(asset)
              ? `app slot ${rule.component} may use ${asset.id} (${asset.kind}, secret, kept in ${asset.location}), which ${keeps}: outside Pluton a use is a read of the key's bytes, so an app there holds another compartment's key, and no boundary keeps it from it`
              : `app slot ${rule.component} may use ${asset.id} (${asset.kind}, secret, in Pluton), which ${keeps}: an app there makes another compartment's key sign what it chooses, and speaks as that compartment, so no boundary keeps it from it`,
    });
  });
  return found;
}

/**
 * App slots that load another component (a boot stage's loadedBy), one finding per stage: the loader reads that
 * component's image, makes every check the stage makes and hands over to it, and a breached app makes none, so it
 * decides what runs as that component: another app (its peripherals, its channels, its storage) or a part of the
 * system. On Azure Sphere the Security Monitor loads and verifies every app image (azure-sphere-facts §3.4); a design
 * that hands a real-time app's loading to the high-level app lets a breach of the one become the other, whatever the
 * I/O firewall and the manifests keep apart. Read by compartmentalization (hardware-barriers) beside unconfinedApps,
 * and kept apart from it: the loading app itself is still held to its own manifest by what runs above it (so
 * certificate-authentication, which reads unconfinedApps for that, is not told otherwise). An app slot the product
 * leaves empty is no compartment (instantiation drops its stage); what an app only measures is
 * hardware-root-of-trust's. Second reading: emulator/app-loaders.ts, which boots each stage an app slot loads
 * tampered, with the checks the app made skipped (test/differential/app-loader-differential.test.ts).
 */
export function appsLoadingOthers(design: Pick<PlatformDesign, 'components' | 'boot'>, filled: ReadonlySet<string>, isApp: (c: PlatformComponent) => boolean): UnconfinedApp[] {
  const found: UnconfinedApp[] = [];
  design.boot.forEach((stage, i) => {
    const loader = design.components.find((c) => c.id === stage.loadedBy);
    const loaded = design.components.find((c) => c.id === stage.image);
    if (!loader || !loaded || loader.id === loaded.id || !isApp(loader) || !filled.has(loader.id)) return;
    if (isApp(loaded) && !filled.has(loaded.id)) return;
    const what = isApp(loaded) ? 'another app' : `${loaded.world} ${loaded.privilege} on ${loaded.core}`;
    found.push({ slot: loader.id, kind: 'loads-other', pointer: `/boot/${i}/loadedBy`, loads: loaded.id, message: `app slot ${loader.id} loads ${loaded.id} (${what}) and makes the checks of its boot stage: an app there, breached, makes none and decides what runs as ${loaded.id}, so no boundary keeps it from that compartment` });
  });
  return found;
}

/**
 * The findings that leave an app unheld to its own manifest's network rules: it controls, or stands level with, a
 * component that enforces them or acts for other apps (it runs above or beside a system component, shares a core with
 * another app with nothing above both, or writes what another component runs), so the connections it opens are named
 * in no manifest. The others leave it held to its manifest: a window it shares with another app passes data to an app
 * that is itself held to its own (what that app does with the data is defense-in-depth's derived exploitability); a
 * secret of another compartment it reads or writes opens no connection (a key that authenticates the device or an
 * app is held to the device keys' rule, model/platform/key-custody.ts, which certificate-authentication reads for the
 * client key and for an app's own certificate key); a component it loads is compartmentalization's. Read by
 * certificate-authentication (app-connections.ts unfilteredApps), which judges each app's connections by its manifest.
 */
export const ESCAPES_ITS_MANIFEST: ReadonlySet<UnconfinementKind> = new Set(['runs-above-system', 'peer-of-system', 'shares-core', 'writes-executed']);

export function appsOutsideTheirManifests(design: PlatformDesign, filled: ReadonlySet<string>, isApp: (c: PlatformComponent) => boolean): UnconfinedApp[] {
  return unconfinedApps(design, filled, isApp).filter((u) => ESCAPES_ITS_MANIFEST.has(u.kind));
}

/** How a rule's right reaches its component: through a bus master it programs, or (empty) its own. */
function through(rule: ReachRule): string {
  return rule.busMaster ? ` through the bus master ${rule.busMaster} it programs (${rule.pointer})` : '';
}

/**
 * The app protections the requirement profile asks for, each tried as an attack on the emulated device:
 * a compromised app runs the program that performs the access the requirement forbids (connect to a host
 * its manifest does not list, open another app's storage, talk to an app that did not accept it or pass it bytes
 * through a memory region both may reach, rewrite
 * the I/O firewall configuration and take another app's block…). The emulator enforces what the platform
 * design states, so a design without the protection lets the program through, and the run is the
 * concrete trace that the requirement failed. What is forbidden comes from the requirement (Azure
 * Sphere's rule), never from the design under test.
 *
 * A requirement with nothing to attack in this product (no real-time app, no second app, no storage) is
 * not applicable; a requirement the profile switches off is not tested.
 */
import { entryAdmits, listsAsPartner, type IsolationSpec } from '../../model/isolation/isolation-spec.js';
import type { Compartment } from '../../model/isolation/apps.js';
import { requiredRule, type RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { onTheBus } from '../../model/platform/data-paths.js';
import type { EmulatedDevice } from '../../emulator/app-device.js';
import { describeResult, type Syscall, type SyscallResult } from '../../emulator/syscalls.js';
import { nameResolver, transcriptLine } from './check-runner.js';

export const PROTECTIONS = [
  'compartmentalization.app-network-firewall',
  'compartmentalization.real-time-apps-no-network',
  'compartmentalization.storage-isolation',
  'compartmentalization.app-connection-acceptance',
  'compartmentalization.firewall-config-trusted-only',
] as const;

export type ProtectionRequirement = (typeof PROTECTIONS)[number];

export interface ProtectionResult {
  requirement: ProtectionRequirement;
  outcome: 'met' | 'failed' | 'not-applicable';
  summary: string;
  /** Attack programs run on the emulator. */
  attacks: number;
  /** The run that broke the requirement, one syscall a line with the device's answer. */
  trace?: string[];
}

/** One attack: steps by one or more apps; `breach` names what went wrong from the answers, if anything did. */
interface Attack {
  steps: { app: Compartment; call: Syscall }[];
  breach: (results: SyscallResult[]) => string | undefined;
}

/** Hosts no manifest should list: the reserved .invalid top-level domain (RFC 2606). */
const PROBE_HOSTS = ['exfiltrate.sevenfold-probe.invalid', 'c2.sevenfold-probe.invalid', 'x.y.sevenfold-probe.invalid'];
const PROBE_PORTS = [4444, 5555, 31337, 6666];

export function checkProtections(spec: IsolationSpec, profile: RequirementProfile, boot: () => EmulatedDevice): ProtectionResult[] {
  const apps = spec.compartments.filter((c) => c.manifest && c.kind !== 'board-config');
  const nameOf = nameResolver(spec);
  return PROTECTIONS.map((requirement): ProtectionResult => {
    if (!requiredRule(profile, requirement)) return { requirement, outcome: 'not-applicable', summary: 'the requirement profile does not require it', attacks: 0 };
    const { attacks, none } = attacksFor(requirement, spec, apps);
    if (attacks.length === 0) return { requirement, outcome: 'not-applicable', summary: none, attacks: 0 };
    for (const attack of attacks) {
      const device = boot();
      const results = attack.steps.map((s) => device.syscall(s.app.id, s.call));
      const breach = attack.breach(results);
      if (breach === undefined) continue;
      const trace = attack.steps.map((s, i) => transcriptLine(i + 1, s.app.name, s.call, nameOf, results[i]));
      return { requirement, outcome: 'failed', summary: breach, attacks: attacks.indexOf(attack) + 1, trace };
    }
    return { requirement, outcome: 'met', summary: `${attacks.length} attack program${attacks.length === 1 ? '' : 's'} on the emulated device: every forbidden access was refused`, attacks: attacks.length };
  });
}

function attacksFor(requirement: ProtectionRequirement, spec: IsolationSpec, apps: Compartment[]): { attacks: Attack[]; none: string } {
  const highLevel = apps.filter((a) => a.kind === 'high-level');
  const realTime = apps.filter((a) => a.kind === 'real-time');
  const pairs = apps.flatMap((a) => apps.filter((b) => b !== a).map((b) => [a, b] as const));
  switch (requirement) {
    case 'compartmentalization.app-network-firewall':
      return { attacks: highLevel.flatMap(undeclaredNetwork), none: 'the product has no high-level app' };
    case 'compartmentalization.real-time-apps-no-network':
      return { attacks: realTime.flatMap(anyNetwork), none: 'the product has no real-time app' };
    case 'compartmentalization.storage-isolation':
      return { attacks: pairs.filter(([, owner]) => spec.storageQuotaBytes(owner.id) !== undefined).map(([thief, owner]) => otherStorage(thief, owner)), none: 'no app can try another app’s storage: fewer than two apps, or none declares MutableStorage' };
    case 'compartmentalization.app-connection-acceptance':
      return {
        attacks: [...pairs.filter(([a, b]) => !(lists(a, b) && lists(b, a))).map(([a, b]) => unacceptedChannel(a, b)), ...pairs.flatMap(([a, b]) => memoryRegions(spec).map((region) => sharedWindow(a, b, region)))],
        none: 'every pair of apps lists each other (or there is only one app), and the design names no memory region: no channel to refuse',
      };
    case 'compartmentalization.firewall-config-trusted-only':
      return { attacks: apps.map((a) => takeBlock(spec, a)), none: 'the product has no app' };
  }
}

const lists = (a: Compartment, b: Compartment) => listsAsPartner(a, b.id);

function undeclaredNetwork(app: Compartment): Attack[] {
  const m = app.manifest!;
  const host = PROBE_HOSTS.find((h) => !m.allowedConnections.some((entry) => entryAdmits(entry, h)));
  const port = PROBE_PORTS.find((p) => !m.tcpServerPorts.includes(p));
  const attacks: Attack[] = [];
  if (host) attacks.push({ steps: [{ app, call: { kind: 'connect', host } }], breach: ([r]) => (r!.ok ? `${app.name} connected to ${host}, which its AllowedConnections does not list: the device has no per-app network firewall` : undefined) });
  if (port !== undefined) attacks.push({ steps: [{ app, call: { kind: 'listen', protocol: 'tcp', port } }], breach: ([r]) => (r!.ok ? `${app.name} listens on TCP port ${port}, which it does not declare: the device has no per-app network firewall` : undefined) });
  return attacks;
}

function anyNetwork(app: Compartment): Attack[] {
  const host = app.manifest!.allowedConnections[0] ?? PROBE_HOSTS[0]!;
  return [
    { steps: [{ app, call: { kind: 'connect', host } }], breach: ([r]) => (r!.ok ? `real-time app ${app.name} connected to ${host}: the device gives the real-time cores a network` : undefined) },
    { steps: [{ app, call: { kind: 'listen', protocol: 'tcp', port: PROBE_PORTS[0]! } }], breach: ([r]) => (r!.ok ? `real-time app ${app.name} listens on TCP port ${PROBE_PORTS[0]}: the device gives the real-time cores a network` : undefined) },
  ];
}

function otherStorage(thief: Compartment, owner: Compartment): Attack {
  const secret = `secret-of-${owner.name}`;
  return {
    steps: [
      { app: owner, call: { kind: 'storage-write', owner: owner.id, data: secret } },
      { app: thief, call: { kind: 'storage-read', owner: owner.id } },
      { app: thief, call: { kind: 'storage-write', owner: owner.id, data: 'planted' } },
    ],
    breach: ([, read, write]) => {
      if (read!.ok) return `${thief.name} read ${owner.name}'s mutable storage${typeof read!.data === 'string' && read!.data.includes(secret) ? ` and got its secret "${secret}"` : ''}`;
      if (write!.ok) return `${thief.name} wrote into ${owner.name}'s mutable storage`;
      return undefined;
    },
  };
}

function unacceptedChannel(from: Compartment, to: Compartment): Attack {
  const who = lists(from, to) ? `${to.name} does not list ${from.name}` : lists(to, from) ? `${from.name} does not list ${to.name}` : 'neither lists the other';
  return {
    steps: [
      { app: from, call: { kind: 'channel-send', to: to.id, data: `from-${from.name}` } },
      { app: to, call: { kind: 'channel-receive', from: from.id } },
    ],
    breach: ([send, receive]) => (send!.ok ? `${from.name} opened a channel to ${to.name} although ${who} in AllowedApplicationConnections${receive!.ok && receive!.data ? `, and ${to.name} received its message` : ''}` : undefined),
  };
}

/**
 * Every memory region the platform design names (an SRAM window, a mailbox buffer), and every register it keeps in the
 * I/O registers (a FIFO between cores, data-paths.ts onTheBus). The attack does not ask which
 * app may reach which: it tries them all, and the emulated bus answers from the design's access rules.
 */
function memoryRegions(spec: IsolationSpec): string[] {
  return (spec.product.platform?.assets ?? []).filter(onTheBus).map((a) => a.id);
}

/**
 * One app writes its bytes into a memory region and another reads them back: data passed outside the inter-core
 * mailbox, where AllowedApplicationConnections is checked, whether or not the two list each other (the OS never
 * sees it, so it can neither check nor close it).
 */
function sharedWindow(from: Compartment, to: Compartment, region: string): Attack {
  const marker = `from-${from.name}`;
  return {
    steps: [
      { app: from, call: { kind: 'memory-write', region, data: marker } },
      { app: to, call: { kind: 'memory-read', region } },
    ],
    breach: ([write, read]) =>
      write!.ok && read!.ok && typeof read!.data === 'string' && read!.data.includes(marker)
        ? `${from.name} wrote "${marker}" into the memory region ${region} and ${to.name} read it: the two apps share memory outside the inter-core mailbox, which no AllowedApplicationConnections entry opens or closes`
        : undefined,
  };
}

/**
 * The app rewrites the firewall configuration to take a block: another app's block when there is one
 * (after that app wrote to it), else any block its core does not own. Then it reads the block (a
 * real-time app has only the firewall in its way), or, for a high-level app the OS still stops, the
 * victim tries its own peripheral again.
 */
function takeBlock(spec: IsolationSpec, app: Compartment): Attack {
  const core = spec.coreOf(app.id) ?? '?';
  const victim = spec.claims.find((c) => c.compartment.id !== app.id && spec.blockOwner(c.block.id) !== core);
  const block = victim?.block.id ?? spec.product.chip.blocks.find((b) => spec.blockOwner(b.id) !== core)?.id ?? spec.product.chip.blocks[0]!.id;
  const take: Syscall = { kind: 'firewall-write', block, core };
  if (!victim || !victim.compartment.manifest) {
    return { steps: [{ app, call: take }], breach: ([r]) => (r!.ok ? `${app.name} rewrote the I/O firewall configuration: block ${block} now belongs to its core ${core}` : undefined) };
  }
  const owner = victim.compartment;
  const peripheral = { capability: victim.capability, value: victim.value };
  const steps: Attack['steps'] = [
    { app: owner, call: { kind: 'peripheral-write', ...peripheral, data: 3 } },
    { app, call: take },
    app.kind === 'real-time' ? { app, call: { kind: 'peripheral-read', ...peripheral } } : { app: owner, call: { kind: 'peripheral-read', ...peripheral } },
  ];
  return {
    steps,
    breach: ([, write, after]) => {
      if (!write!.ok) return undefined;
      const moved = `${app.name} rewrote the I/O firewall configuration and moved block ${block} (${owner.name}'s ${victim.capability} ${victim.value}) to its core ${core}`;
      if (app.kind === 'real-time') return after!.ok ? `${moved}, then read it (${describeResult(after!)})` : moved;
      return after!.ok ? moved : `${moved}: ${owner.name} lost its own peripheral (${describeResult(after!)})`;
    },
  };
}

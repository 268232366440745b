/**
 * The differential harness for isolation, as Cedar holds its implementation against its Lean spec: for
 * one product (with its platform design), the isolation spec (model/isolation/, through the suite's
 * SpecModel, which adds only run state) and the emulated device (emulator/, which reads the product on
 * its own) must make the same decision for every access:
 *  - boot: the device starts the product exactly when the spec's allocation succeeds, and each device
 *    error it reports belongs to a conflict the spec finds too;
 *  - every app × every chip peripheral (and some the chip lacks), host, server port, partner channel
 *    (apps, other spellings, board configurations, unknown ids) and storage owner (read, write, delete);
 *  - the storage quota: a write that fills the owner's quota passes, one byte more does not;
 *  - firewall-config writes by every app, and every app's access to the moved block afterwards;
 *  - every app's reads and writes of every memory region of the design, from what the system keeps there at boot;
 *  - and the reachability graph Z3 proves over (proofs/access-graph.ts, from the spec's accessEdges) has
 *    an edge for every access the emulator grants, so no "cannot reach" proof misses a real access.
 * Same decision means: allowed on both or denied on both with the same errno (and the same data where
 * the spec's run state says what a read returns).
 */
import { conflictRule } from '../../model/isolation/conflicts.js';
import { IsolationSpec, type Resource } from '../../model/isolation/isolation-spec.js';
import { accessGraph, appNode, targetKeys, type AccessGraph } from '../../proofs/access-graph.js';
import type { InstalledSoftware } from '../../model/product/product.js';
import { bootDevice, type BootResult, type Device } from '../../emulator/app-device.js';
import { describeResult, describeSyscall, type Syscall } from '../../emulator/syscalls.js';
import { normalizeGuid } from '../../formats/manifest/capabilities.js';
import { describeExpectation, disagreement, SpecModel } from '../../properties/compartmentalization/spec-model.js';
import { onTheBus } from '../../model/platform/data-paths.js';
import { UNKNOWN_REGION, universeOf, type Universe } from '../../properties/compartmentalization/universe.js';

export interface Readings {
  /** The spec reading (default: the isolation spec). A test plants a faulty one here. */
  spec?: (product: InstalledSoftware) => IsolationSpec;
  /** The emulator reading (default: bootDevice). A test plants a faulty one here. */
  boot?: (product: InstalledSoftware) => BootResult;
}

export interface Disagreement {
  access: string;
  spec: string;
  emulator: string;
}

export function compareReadings(product: InstalledSoftware, readings: Readings = {}): Disagreement[] {
  const spec = (readings.spec ?? ((p) => new IsolationSpec(p)))(product);
  const boot = readings.boot ?? bootDevice;
  const booted = boot(product);
  const boots = compareBoot(spec, booted);
  if (boots.length || !booted.ok) return boots;
  const fresh = (): { device: Device; model: SpecModel } => {
    const again = boot(product);
    if (!again.ok) throw new Error(`the device booted once and then refused: ${again.reason}`);
    return { device: again.device, model: new SpecModel(spec) };
  };
  const universe = universeOf(spec);
  const graph = accessGraph(spec);
  return [...compareAccesses(spec, universe, { device: booted.device, model: new SpecModel(spec), graph }), ...compareQuotas(spec, universe, fresh), ...compareFirewallWrites(spec, universe, fresh)];
}

function compareBoot(spec: IsolationSpec, booted: BootResult): Disagreement[] {
  const problems = spec.allocation.ok ? [] : spec.allocation.problems;
  const specSays = spec.allocation.ok ? 'allocates the product' : `refuses: ${problems.map((p) => p.kind).join(', ')}`;
  if (spec.allocation.ok !== booted.ok) return [{ access: 'boot', spec: specSays, emulator: booted.ok ? 'starts the product' : booted.reason }];
  if (booted.ok) return [];
  const specErrors = new Set(problems.flatMap((p) => (p.kind === 'no-core' ? [] : [conflictRule(p.kind).deviceError])));
  const specNoCore = problems.some((p) => p.kind === 'no-core');
  const out: Disagreement[] = [];
  for (const r of booted.refusals) {
    const agrees = r.deviceError === undefined ? specNoCore : specErrors.has(r.deviceError);
    if (!agrees) out.push({ access: `boot: ${r.compartment}`, spec: specSays, emulator: `${r.errorName}${r.deviceError !== undefined ? ` (${r.deviceError})` : ''}: ${r.detail}` });
  }
  const emulatorNoCore = booted.refusals.some((r) => r.deviceError === undefined);
  if (specNoCore && !emulatorNoCore) out.push({ access: 'boot: cores', spec: specSays, emulator: 'found a core for every app' });
  return out;
}

/** One probe: the same call on the device and on the spec's model, compared (and with the graph, when given). */
function probe(target: { device: Device; model: SpecModel; graph?: AccessGraph }, spec: IsolationSpec, appId: string, call: Syscall, out: Disagreement[]): void {
  const expected = target.model.apply(appId, call);
  const actual = target.device.syscall(appId, call);
  const access = () => `${spec.compartment(appId)?.name ?? appId}: ${describeSyscall(call, (id) => spec.compartment(id)?.name ?? id)}`;
  if (disagreement(actual, expected) !== undefined) out.push({ access: access(), spec: describeExpectation(expected), emulator: describeResult(actual) });
  const resource = actual.ok && target.graph ? resourceOf(spec, call) : undefined;
  if (resource && !hasEdge(target.graph!, appId, resource)) out.push({ access: access(), spec: 'the reachability graph has no edge for it', emulator: describeResult(actual) });
}

/** The resource a granted call reaches, as the reachability graph names it. */
function resourceOf(spec: IsolationSpec, call: Syscall): Resource | undefined {
  switch (call.kind) {
    case 'peripheral-read':
      return { kind: 'peripheral', capability: call.capability, value: call.value };
    case 'connect':
      return { kind: 'host', host: call.host };
    case 'listen':
      return { kind: 'port', protocol: call.protocol, port: call.port };
    case 'channel-send': {
      const peer = spec.compartment(normalizeGuid(call.to));
      return peer ? { kind: 'app', id: peer.id } : undefined;
    }
    case 'storage-read':
    case 'storage-write': {
      const owner = spec.compartment(normalizeGuid(call.owner));
      return owner ? { kind: 'storage', owner: owner.id } : undefined;
    }
    default:
      return undefined;
  }
}

function hasEdge(graph: AccessGraph, appId: string, resource: Resource): boolean {
  const keys = new Set(targetKeys(graph, resource));
  return graph.edges.some((e) => e.from === appNode(appId) && keys.has(e.to)) || (resource.kind === 'app' && resource.id === appId);
}

function compareAccesses(spec: IsolationSpec, u: Universe, target: { device: Device; model: SpecModel; graph: AccessGraph }): Disagreement[] {
  const out: Disagreement[] = [];
  const ids = [...u.ids.apps, ...u.ids.others];
  for (const app of u.apps) {
    for (const p of [...u.peripherals.all, ...u.peripherals.missing]) probe(target, spec, app.id, { kind: 'peripheral-read', ...p }, out);
    for (const host of u.hosts) probe(target, spec, app.id, { kind: 'connect', host }, out);
    for (const port of u.ports) probe(target, spec, app.id, { kind: 'listen', ...port }, out);
    for (const id of ids) probe(target, spec, app.id, { kind: 'channel-send', to: id, data: 'm' }, out);
    for (const id of ids) probe(target, spec, app.id, { kind: 'storage-read', owner: id }, out);
    for (const id of ids) probe(target, spec, app.id, { kind: 'storage-write', owner: id, data: 'w' }, out);
    for (const id of ids) probe(target, spec, app.id, { kind: 'storage-delete', owner: id }, out);
  }
  // Every app reads every memory region of the design (and one it lacks) as the device booted it, writes each, and
  // reads each again: the bus's rights (memoryRightsOf) and what the system keeps there from boot (systemSecretsOf)
  // against the spec's memoryAccess and memoryAtBoot.
  const regions = [...(spec.product.platform?.assets ?? []).filter(onTheBus).map((a) => a.id), UNKNOWN_REGION];
  for (const app of u.apps) for (const region of regions) probe(target, spec, app.id, { kind: 'memory-read', region }, out);
  for (const app of u.apps) for (const region of regions) probe(target, spec, app.id, { kind: 'memory-write', region, data: `from-${app.name}` }, out);
  for (const app of u.apps) for (const region of regions) probe(target, spec, app.id, { kind: 'memory-read', region }, out);
  return out;
}

function compareQuotas(spec: IsolationSpec, u: Universe, fresh: () => { device: Device; model: SpecModel }): Disagreement[] {
  const out: Disagreement[] = [];
  for (const app of u.apps) {
    for (const owner of u.ids.apps) {
      const quota = spec.storageQuotaBytes(owner);
      if (quota === undefined || !spec.storageAccess(app.id, owner, 'write').allowed) continue;
      const target = fresh();
      probe(target, spec, app.id, { kind: 'storage-write', owner, data: 'q'.repeat(quota) }, out);
      probe(target, spec, app.id, { kind: 'storage-write', owner, data: 'x' }, out);
    }
  }
  return out;
}

/** Every app writes the firewall configuration for the product's blocks, an unclaimed one and one the chip lacks; then every app tries the moved block. */
function compareFirewallWrites(spec: IsolationSpec, u: Universe, fresh: () => { device: Device; model: SpecModel }): Disagreement[] {
  const out: Disagreement[] = [];
  const chip = spec.product.chip;
  const claimed = [...new Set(spec.claims.map((c) => c.block.id))];
  const unclaimed = chip.blocks.find((b) => !claimed.includes(b.id))?.id;
  const blocks = [...claimed, ...(unclaimed ? [unclaimed] : []), 'GPIO-99'];
  for (const app of u.apps) {
    const own = spec.coreOf(app.id);
    const cores = [...new Set([...(own ? [own] : []), ...chip.cores.filter((c) => c.kind !== 'security').map((c) => c.id), 'M4-9'])];
    for (const block of blocks) {
      for (const core of cores) {
        const target = fresh();
        probe(target, spec, app.id, { kind: 'firewall-write', block, core }, out);
        const moved = chip.blocks.find((b) => b.id === block);
        if (!moved) continue;
        const peripherals = [...moved.gpios.map((g) => ({ capability: 'Gpio' as const, value: g })), ...Object.entries(moved.functions).map(([capability, value]) => ({ capability: capability as 'Pwm', value: value }))];
        for (const other of u.apps) for (const p of peripherals) probe(target, spec, other.id, { kind: 'peripheral-read', ...p }, out);
      }
    }
  }
  return out;
}

export function describeDisagreements(list: readonly Disagreement[], max = 5): string {
  const shown = list.slice(0, max).map((d) => `  ${d.access}\n    spec:     ${d.spec}\n    emulator: ${d.emulator}`);
  return [...shown, ...(list.length > max ? [`  … and ${list.length - max} more`] : [])].join('\n');
}

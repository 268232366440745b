/**
 * Mermaid sources for a report: the boot chain, the I/O firewall assignment per core, the
 * attestation message sequence, and each counterexample as a sequence diagram. Labels go through
 * mermaidText(), so names from manifests (quotes, semicolons, angle brackets) cannot break a diagram.
 */
import { showControls } from '../../formats/diagnostics/visible-controls.js';
import type { Product } from '../../model/product/product.js';
import type { Finding, FindingLocation } from './findings.js';
import type { FirewallClaim, FirewallConflict, Inventory } from './inventory.js';

export interface Diagram {
  /** File-name safe, unique in a report: "boot-chain", "counterexample-compartmentalization-1". */
  id: string;
  title: string;
  kind: 'boot-chain' | 'firewall' | 'attestation' | 'counterexample';
  /** Mermaid source. */
  source: string;
  /** What the diagram shows and where its content comes from. */
  caption: string;
  /** The finding it illustrates (counterexamples). */
  finding?: string;
  /** Set when an SVG file was written for it: the file name, relative to the report folder. */
  svg?: string;
}

const MERMAID_ENTITIES: Record<string, string> = { '#': '#35;', '"': '#quot;', ';': '#59;', '<': '#lt;', '>': '#gt;', '{': '#123;', '}': '#125;', '`': '#96;', '%%': '#37;#37;' };

/** Text safe inside a mermaid label or message: entity codes for the characters mermaid treats as syntax. */
export function mermaidText(text: string | number, max = 160): string {
  // Controls first (visible-controls): mermaid's whitespace rule would otherwise turn a byte-order mark or a line
  // separator into an ordinary space.
  let s = showControls(String(text)).replace(/\s+/g, ' ').trim();
  if (s.length > max) s = s.slice(0, max - 1) + '…';
  // One pass, so the entity codes themselves are not escaped again.
  return s.replace(/%%|[#";<>{}`]/g, (c) => MERMAID_ENTITIES[c]!);
}

/** An id mermaid accepts for any name. */
function idFor(prefix: string, name: string, taken: Map<string, string>): string {
  const known = taken.get(name);
  if (known) return known;
  const id = `${prefix}${taken.size}`;
  taken.set(name, id);
  return id;
}

/** Sequence diagrams wrap long messages (mermaid frontmatter config: GitHub, GitLab, mmdc and the HTML report all read it). */
const SEQUENCE_HEAD = ['---', 'config:', '  sequence:', '    wrap: true', '---', 'sequenceDiagram'];

export function bootChainDiagram(product: Product, inventory: Inventory): Diagram {
  const design = product.platform;
  const ids = new Map<string, string>();
  const lines = ['flowchart TD'];
  const declared = new Set(design.declaredTcb);
  const label = (componentId: string) => {
    const c = design.components.find((x) => x.id === componentId);
    const stage = inventory.boot.find((s) => s.image === componentId);
    const apps = stage?.apps.length ? `<br/>${stage.apps.map((a) => mermaidText(a)).join(', ')}` : '';
    const where = c ? `<br/><small>${mermaidText(`${c.core}, ${c.world} world, ${c.privilege}`)}</small>` : '';
    return `${mermaidText(c?.name ?? componentId)}${apps}${where}`;
  };
  const nodes = new Set<string>();
  const node = (componentId: string) => {
    const id = idFor('c', componentId, ids);
    if (!nodes.has(componentId)) {
      nodes.add(componentId);
      const c = design.components.find((x) => x.id === componentId);
      lines.push(c && !c.mutable ? `  ${id}[["${label(componentId)}"]]` : `  ${id}["${label(componentId)}"]`);
    }
    return id;
  };
  for (const stage of inventory.boot) {
    const from = node(stage.loadedBy);
    const to = node(stage.image);
    const checks = stage.checks.map((c) => c.kind).join(' + ') || '⚠ NO CHECK';
    const keys = [...new Set(stage.checks.map((c) => c.key))];
    const flags = [
      ...(stage.checks.length === 1 ? ['⚠ single check'] : []),
      ...(!stage.measurement ? ['⚠ not measured'] : stage.measurement.when !== 'before-run' ? [`⚠ measured ${stage.measurement.when}`] : []),
      ...(!stage.rollback ? ['⚠ no anti-rollback counter'] : stage.rollback.raised !== 'after-verify' ? [`⚠ counter raised ${stage.rollback.raised}`] : []),
    ];
    const label = [checks, ...(keys.length ? [`key: ${keys.join(', ')}`] : []), ...flags].map((l) => mermaidText(l)).join('<br/>');
    lines.push(`  ${from} -->|"${label}"| ${to}`);
  }
  lines.push('  classDef rom fill:#fff3c4,stroke:#a07800,stroke-width:2px');
  lines.push('  classDef tcb fill:#e3f0ff,stroke:#2a5db0');
  lines.push('  classDef untrusted fill:#f4f4f4,stroke:#888,stroke-dasharray: 4 3');
  for (const componentId of nodes) {
    const c = design.components.find((x) => x.id === componentId);
    const id = ids.get(componentId)!;
    if (c && !c.mutable) lines.push(`  class ${id} rom`);
    else if (declared.has(componentId)) lines.push(`  class ${id} tcb`);
    else if (c?.untrusted) lines.push(`  class ${id} untrusted`);
  }
  return {
    id: 'boot-chain',
    title: 'Boot chain',
    kind: 'boot-chain',
    source: lines.join('\n'),
    caption: `Who loads, verifies and measures each image (${inventory.platform.file}). Yellow: immutable ROM; blue: the declared TCB; dashed: untrusted customer code. Each arrow names the checks the loader performs and their signing key; ⚠ marks a stage with one check, no or late measurement, or no anti-rollback counter raised after verification.`,
  };
}

export function firewallDiagram(inventory: Inventory): Diagram {
  const fw = inventory.firewall;
  const ids = new Map<string, string>();
  const lines = ['flowchart LR'];
  const appId = (name: string) => idFor('a', `app:${name}`, ids);
  const blockId = (block: string) => idFor('b', `block:${block}`, ids);
  const appsDrawn = new Set<string>();
  const drawApp = (name: string) => {
    if (appsDrawn.has(name)) return;
    appsDrawn.add(name);
    const app = inventory.apps.find((a) => a.name === name);
    lines.push(`    ${appId(name)}(["${mermaidText(name)}<br/><small>${mermaidText(app?.kind ?? '')}</small>"])`);
  };
  const claimLabel = (c: { capability: string; value: string | number; written: string | number }) =>
    mermaidText(`${c.capability} ${c.value}${String(c.written) !== String(c.value) ? ` (${c.written})` : ''}`);
  // One edge per app and block with every claim on it, and one node per block: the allocator reports
  // a conflict per pair of claims, and a conflicted block also sits in its core's list, so drawing
  // each report separately gave duplicate edges with labels on top of each other.
  const edges = new Map<string, { from: string; to: string; labels: string[] }>();
  const edge = (app: string, to: string, claims: FirewallClaim[]) => {
    const key = `${appId(app)}>${to}`;
    const known = edges.get(key) ?? { from: appId(app), to, labels: [] };
    for (const label of claims.map(claimLabel)) if (!known.labels.includes(label)) known.labels.push(label);
    edges.set(key, known);
  };
  const conflicts = mergeConflicts(fw.conflicts);
  for (const core of fw.cores) {
    lines.push(`  subgraph core${fw.cores.indexOf(core)}["${mermaidText(core.core)}"]`);
    lines.push('    direction TB');
    for (const app of core.apps) drawApp(app);
    const blocks = core.blocks.filter((b) => !conflicts.has(b.block));
    for (const block of blocks) {
      lines.push(`    ${blockId(block.block)}["${mermaidText(block.block)}<br/><small>GPIO ${mermaidText(gpioRange(block.gpios))}</small>"]`);
      for (const [app, claims] of groupByApp(block.claims)) edge(app, blockId(block.block), claims);
    }
    for (const block of core.blocks.filter((b) => conflicts.has(b.block))) {
      for (const [app, claims] of groupByApp(block.claims)) edge(app, blockId(block.block), claims);
    }
    if (core.apps.length === 0 && blocks.length === 0) lines.push(`    empty${fw.cores.indexOf(core)}["(nothing assigned)"]`);
    lines.push('  end');
  }
  for (const conflict of conflicts.values()) {
    const id = blockId(`${conflict.block}`);
    lines.push(`  ${id}{{"${mermaidText(conflict.block)}<br/>CONFLICT: ${mermaidText(conflict.kinds.join(', '))}<br/><small>claimed from ${mermaidText(conflict.cores.join(' and ') || 'one core')}</small>"}}`);
    for (const [app, claims] of groupByApp(conflict.claims)) {
      drawApp(app);
      edge(app, id, claims);
    }
    lines.push(`  class ${id} conflict`);
  }
  if (fw.stranded.length) {
    lines.push(`  stranded["${mermaidText(`no core left for: ${fw.stranded.join(', ')}`)}"]`);
    lines.push('  class stranded conflict');
  }
  for (const e of edges.values()) lines.push(`  ${e.from} -->|"${e.labels.join('<br/>')}"| ${e.to}`);
  lines.push('  classDef conflict fill:#ffd6d6,stroke:#c00000,stroke-width:3px,color:#600');
  return {
    id: 'firewall',
    title: 'I/O firewall assignment per core',
    kind: 'firewall',
    source: lines.join('\n'),
    caption: fw.decided
      ? `Each I/O block is given to exactly one core; an app reaches only blocks on its own core. ${fw.unassignedBlocks} unclaimed blocks stay closed to every core.`
      : 'No valid assignment exists: red blocks are claimed in a way the I/O firewall cannot grant (the assignment shown is the one the claims ask for).',
  };
}

function groupByApp<T extends { app: string }>(claims: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const c of claims) groups.set(c.app, [...(groups.get(c.app) ?? []), c]);
  return groups;
}

function gpioRange(gpios: number[]): string {
  if (gpios.length === 0) return '-';
  const sorted = [...gpios].sort((a, b) => a - b);
  const contiguous = sorted.every((g, i) => i === 0 || g === sorted[i - 1]! + 1);
  return contiguous && sorted.length > 1 ? `${sorted[0]}-${sorted[sorted.length - 1]}` : sorted.join(', ');
}

/**
 * Daily attestation as Azure Sphere does it (azure-sphere-facts §4): the OS attests to AS3 with a
 * Pluton-signed statement of the boot measurements, receives the update and customer (DAA)
 * certificates, and apps that declare DeviceAuthentication use the latter for mutual TLS.
 */
export function attestationDiagram(product: Product, inventory: Inventory): Diagram {
  const design = product.platform;
  const identity = design.assets.find((a) => a.kind === 'private-key' && a.secret) ?? design.assets.find((a) => a.secret);
  const register = inventory.boot.find((s) => s.measurement)?.measurement;
  const measured = inventory.boot.filter((s) => s.measurement).length;
  const holder = identity ? design.access.find((r) => r.asset === identity.id && r.rights.some((x) => x === 'use' || x === 'read'))?.component : undefined;
  const holderName = design.components.find((c) => c.id === holder)?.name ?? 'Pluton runtime';
  const rom = design.components.find((c) => !c.mutable)?.name ?? 'ROM';
  const authApps = inventory.apps.filter((a) => a.deviceAuthentication);
  const lines = [...SEQUENCE_HEAD, '  autonumber'];
  lines.push(`  participant ROM as ${mermaidText(rom)}`);
  lines.push(`  participant P as ${mermaidText(holderName)}`);
  lines.push('  participant OS as Azure Sphere OS');
  lines.push('  participant AS3 as Azure Sphere Security Service');
  authApps.forEach((a, i) => lines.push(`  participant APP${i} as ${mermaidText(a.name)}`));
  if (authApps.length) lines.push('  participant CLOUD as Cloud service');
  const say = (from: string, arrow: string, to: string, text: string) => lines.push(`  ${from}${arrow}${to}: ${mermaidText(text)}`);
  lines.push(`  Note over ROM,P: ${mermaidText(`boot: ${measured} of ${inventory.boot.length} images measured into ${register?.registerName ?? 'no register'}`)}`);
  say('OS', '->>', 'AS3', 'attestation request (TLS, AS3 checked against the Trusted Root store)');
  say('AS3', '-->>', 'OS', 'challenge (nonce)');
  say('OS', '->>', 'P', 'PLUTON_PROCESS_ATTESTATION (nonce)');
  say('P', '->>', 'P', `sign nonce and boot measurements with ${identity?.name ?? 'the device key'}`);
  say('P', '-->>', 'OS', 'signed attestation');
  say('OS', '->>', 'AS3', 'attestation response');
  say('AS3', '->>', 'AS3', 'verify signature (device public key) and measurements');
  say('AS3', '-->>', 'OS', 'update certificate + customer (DAA) certificate, valid 24 h');
  const hosts = authApps.flatMap((a) => a.allowedConnections);
  authApps.forEach((a, i) => {
    say(`APP${i}`, '->>', 'OS', 'DeviceAuth_GetCertificatePath');
    say('OS', '-->>', `APP${i}`, `DAA certificate (tenant ${a.deviceAuthentication})`);
    say(`APP${i}`, '->>', 'CLOUD', `mutual TLS with the DAA certificate${a.allowedConnections[0] ? ` to ${a.allowedConnections.join(', ')}` : ''}`);
  });
  if (authApps.length) say('CLOUD', '->>', 'CLOUD', 'check the chain up to the tenant CA');
  else lines.push(`  Note over OS,AS3: ${mermaidText('no app declares DeviceAuthentication: no app uses the device certificate')}`);
  return {
    id: 'attestation',
    title: 'Attestation message sequence',
    kind: 'attestation',
    source: lines.join('\n'),
    caption: `Daily attestation to AS3 and the device-authenticated connections of this product's apps${hosts.length ? ` (${[...new Set(hosts)].join(', ')})` : ''}. Protocol steps as documented for Azure Sphere (certificate use, Pluton ioctls); the participants and keys come from the platform design and the manifests.`,
  };
}

/** "3. Thermostat: connect evil.example.net → EACCES   ✗ spec: …" */
const STEP = /^(\d+)\.\s+([^:]+):\s+(.+?)\s+→\s+(.+)$/;

export function counterexampleDiagram(finding: Finding, index: number, inventory?: Inventory): Diagram | undefined {
  const lines = [...SEQUENCE_HEAD];
  const participants = new Map<string, string>();
  const participant = (name: string) => {
    const known = participants.get(name);
    if (known) return known;
    const id = `P${participants.size}`;
    participants.set(name, id);
    return id;
  };
  const body: string[] = [];
  if (finding.transcript?.length) {
    const device = participant('Device');
    for (const step of finding.transcript) {
      const m = STEP.exec(step);
      if (m) {
        const app = participant(m[2]!.trim());
        const [answer, ...problem] = m[4]!.split('✗');
        body.push(`  ${app}->>${device}: ${mermaidText(`${m[1]}. ${m[3]}`)}`);
        body.push(`  ${device}-->>${app}: ${mermaidText(answer!.trim())}`);
        if (problem.length) body.push(`  Note over ${app},${device}: ${mermaidText(`✗ ${problem.join('✗').trim()}`)}`);
      } else {
        body.push(`  Note over ${device}: ${mermaidText(step.replace(/^--\s*/, ''))}`);
      }
    }
    body.push(`  Note over ${device}: ${mermaidText(`violated: ${finding.message}`)}`);
  } else if (finding.kind === 'violation' && finding.locations.some((l) => l.pointer !== undefined && l.app !== undefined)) {
    // A conflict between claims: each app asks the OS for its peripherals when it starts; the OS
    // has the Security Monitor program the I/O firewall, and refuses the claim that cannot be granted.
    const located = finding.locations.filter((l) => l.pointer !== undefined && l.app !== undefined);
    const coreOf = (app: string | undefined) => inventory?.apps.find((a) => a.name === app)?.core;
    const nameOf = (loc: FindingLocation) => (loc.app ? `${loc.app}${coreOf(loc.app) ? ` (${coreOf(loc.app)})` : ''}` : loc.file);
    for (const loc of located) participant(nameOf(loc));
    const os = participant('Azure Sphere OS');
    const fw = participant('I/O firewall');
    located.forEach((loc, i) => {
      const core = coreOf(loc.app);
      const who = participant(nameOf(loc));
      const what = loc.description ?? `${loc.pointer}`;
      body.push(`  ${who}->>${os}: ${mermaidText(`start, claiming ${what}${loc.block ? `, block ${loc.block}` : ''} (${loc.file}:${loc.line})`)}`);
      if (i < located.length - 1) body.push(`  ${os}->>${fw}: ${mermaidText(`give ${loc.block ?? 'the block'} to ${core ?? "this app's core"}`)}`);
      else body.push(`  ${os}--x${who}: ${mermaidText(`refused: ${finding.deviceError ?? finding.category ?? 'conflict'}`)}`);
    });
    body.push(`  Note over ${os},${fw}: ${mermaidText(finding.message)}`);
  } else {
    return undefined;
  }
  for (const [name, id] of participants) lines.push(`  participant ${id} as ${mermaidText(name, 80)}`);
  lines.push(...body);
  return {
    id: `counterexample-${finding.id}`,
    title: `Counterexample ${index}: ${finding.title}`,
    kind: 'counterexample',
    source: lines.join('\n'),
    caption: finding.transcript ? `The shrunk run that breaks ${finding.property}, step by step, with what the device answered.` : `The claims that cannot all be granted (${finding.property}), in the order the device sees them.`,
    finding: finding.id,
  };
}

export function reportDiagrams(product: Product, inventory: Inventory, findings: Finding[]): Diagram[] {
  const diagrams = [bootChainDiagram(product, inventory), firewallDiagram(inventory), attestationDiagram(product, inventory)];
  let n = 0;
  for (const f of findings) {
    if (f.kind !== 'violation') continue;
    const d = counterexampleDiagram(f, n + 1, inventory);
    if (d) {
      diagrams.push(d);
      n++;
    }
  }
  return diagrams;
}

/** The conflicts of one block as one: their kinds, the cores and the claims, each once. */
function mergeConflicts(conflicts: FirewallConflict[]): Map<string, { block: string; kinds: string[]; cores: string[]; claims: FirewallClaim[] }> {
  const merged = new Map<string, { block: string; kinds: string[]; cores: string[]; claims: FirewallClaim[] }>();
  for (const c of conflicts) {
    const m = merged.get(c.block) ?? { block: c.block, kinds: [], cores: [], claims: [] };
    if (!m.kinds.includes(c.kind)) m.kinds.push(c.kind);
    for (const core of c.cores) if (!m.cores.includes(core)) m.cores.push(core);
    for (const claim of c.claims) if (!m.claims.some((k) => k.file === claim.file && k.pointer === claim.pointer)) m.claims.push(claim);
    merged.set(c.block, m);
  }
  return merged;
}

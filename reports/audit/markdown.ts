/**
 * The report as Markdown. Diagrams stay mermaid source in ```mermaid fences, which GitHub and GitLab
 * render; SVG files, when written, are linked next to them.
 */
import { profileLine } from './profile-line.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { formatDiagnostic } from '../diagnostics/format-diagnostics.js';
import { clauseHeading, type EvidenceItem } from './compliance-evidence.js';
import type { Diagram } from './diagrams.js';
import type { Finding } from './findings.js';
import { PLATFORM_ONLY_LINE, reportInputs } from './inputs.js';
import { custodyText, describeInventoryImage } from './inventory.js';
import type { AuditReport } from './report-model.js';
import { showControls } from '../../formats/diagnostics/visible-controls.js';
import { undecidedReason } from './short-basis.js';

const VERDICT_MARK = { holds: '✅ holds', violated: '❌ violated', unknown: '❔ unknown' } as const;

/** Text safe in a table cell. */
export function cell(text: string | number | undefined): string {
  return String(text ?? '')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}

/** Inline code that survives backticks inside. */
function code(text: string): string {
  const ticks = text.includes('`') ? '``' : '`';
  return `${ticks}${ticks === '``' ? ' ' : ''}${text}${ticks === '``' ? ' ' : ''}${ticks}`;
}

function fence(text: string, lang = ''): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((s) => s.length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${text}\n${f}`;
}

export function locationText(f: Finding): string {
  return f.locations.map((l) => `${l.file}:${l.line}:${l.column}${l.pointer ? ` ${l.pointer}` : ''}`).join(', ');
}

function diagramBlock(d: Diagram): string[] {
  return [`#### ${d.title}`, '', d.caption, '', fence(d.source, 'mermaid'), ...(d.svg ? ['', `SVG: [${d.svg}](${d.svg})`] : []), ''];
}

export function renderMarkdown(report: AuditReport): string {
  const { run, inventory } = report;
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);
  const c = report.counts;
  push(`# Sevenfold audit report: ${run.product.name}`, '');
  push(`**Verdict: ${run.verdict.toUpperCase()}**: ${c.violated} violated, ${c.holds} hold, ${c.unknown} unknown (exit code ${report.exitCode}).`, '');
  const violations = report.findings.filter((f) => f.kind !== 'warning');
  if (violations.length) {
    push('**Findings:**', '');
    for (const f of violations) push(`- **${f.property}**: ${f.message} (${code(locationText(f))})`);
    push('');
  }
  push('| | |', '|---|---|');
  push(`| product | ${cell(run.product.name)} (${code(displayPath(run.product.file, run.cwd))}${run.productSource === 'builtin' ? ', built-in default product' : ''}) |`);
  push(`| chip | ${cell(inventory.chip.name)} |`);
  push(`| platform design | ${cell(inventory.platform.name)} (${code(inventory.platform.file)}) |`);
  if (inventory.hardwareDefinition) push(`| hardware definition | ${code(inventory.hardwareDefinition)} |`);
  const profile = profileLine(run);
  if (profile) push(`| requirement profile | ${cell(profile)} |`);
  push(`| seed, runs, solver time limit | ${run.seed}, ${run.runs} per randomised check, ${run.timeoutMs} ms per solver call |`);
  push(`| reproduce (from any folder) | ${code(run.command)} |`);
  push(`| working directory | ${code(run.cwd)} |`);
  push(`| generated | ${report.generatedAt} by Sevenfold ${run.tool.version} (commit ${code(run.tool.commit)}) in ${Math.round(run.durationMs)} ms |`, '');

  push('## Summary', '');
  push('| property | verdict | question it answers | bound or run count |', '|---|---|---|---|');
  for (const row of report.rows) {
    push(`| [${cell(row.property.title)}](#${anchor(row.property.id)}) (${code(row.property.id)}) | ${VERDICT_MARK[row.result.verdict]} | ${cell(row.property.question)} | ${cell(row.basis)} |`);
  }
  push('');
  // Undecided properties right under the table, each with its reason: the table shows only "unknown" beside the bound
  // the check reached, and the Findings section lists violations and warnings only.
  const undecided = report.rows.filter((row) => row.result.verdict === 'unknown');
  if (undecided.length) {
    push('**Not decided (unknown, not a pass):**', '');
    for (const row of undecided) push(`- [**${row.property.id}**](#${anchor(row.property.id)}): ${cell(undecidedReason(row.result.summary))}`);
    push('');
  }

  push(...inputsSection(report));

  push('## Findings', '');
  if (report.findings.length === 0) push(`No property is violated and no check raised a warning${undecided.length ? `; ${undecided.length} not decided (above)` : ''}.`, '');
  for (const f of report.findings) {
    push(`### ${f.id}: ${f.title}`, '');
    push(`- property: ${code(f.property)}, ${f.level}${f.category ? `, ${f.category}` : ''}`);
    push(`- ${f.message}`);
    for (const l of f.locations) push(`- at ${code(`${l.file}:${l.line}:${l.column}`)}${l.pointer ? ` ${code(l.pointer)}` : ''}${l.description ? `: ${l.description}` : ''}`);
    push('', 'Reproduce:', '', fence(f.reproduce, 'sh'), '');
    if (f.replay) push(`Replay inside the suite: ${code(f.replay)}`, '');
    if (f.details.length) push(fence(f.details.join('\n')), '');
    if (f.transcript?.length) push('Counterexample:', '', fence(f.transcript.join('\n')), '');
    const d = report.diagrams.find((x) => x.finding === f.id);
    if (d) push(...diagramBlock(d));
  }

  push(...complianceSection(report));

  push('## Properties', '');
  for (const row of report.rows) {
    const r = row.result;
    push(`### ${row.property.title} (${code(row.property.id)})`, '');
    push(`<a id="${anchor(row.property.id)}"></a>`, '');
    push(`**${VERDICT_MARK[r.verdict]}**: ${r.summary}`, '');
    if (row.property.question) push(`> ${row.property.question}`, '>', `> ${row.property.definition}`, '');
    push(`Bound or run count: ${row.basis}`, '');
    push(...verdictInputLines(r), '');
    if (!row.property.implemented) push('This version of Sevenfold has no check for this property yet.', '');
    for (const w of r.warnings ?? []) push(`- warning: ${w}`);
    if (r.warnings?.length) push('');
    for (const c of r.notApplicableChecks ?? []) push(`- not applicable (played nothing, no evidence): ${c.check}: ${c.reason}`);
    if (r.notApplicableChecks?.length) push('');
    for (const e of r.evidence ?? []) {
      push(`#### ${e.title}`, '');
      if (e.lines.length) push(fence(e.lines.join('\n')), '');
      if (e.reproduce) push(`Reproduce: ${code(e.reproduce)}`, '');
    }
    if (r.timings?.length) push(`Time: ${r.timings.map((t) => `${t.check} ${Math.round(t.ms)} ms`).join(', ')}`, '');
  }

  if (run.fuzz) {
    push('## Fuzz campaigns', '');
    push(`Results read from ${code(run.fuzz.source)}.`, '');
    if (run.fuzz.campaigns.length === 0) push(run.fuzz.note ?? 'No campaign results.', '');
    else {
      push('| target | engine | started | duration | executions | exec/s | corpus | coverage | crashes |', '|---|---|---|---|---|---|---|---|---|');
      for (const k of run.fuzz.campaigns) {
        push(`| ${cell(k.target)} | ${cell(k.engine)} | ${cell(k.startedAt)} | ${k.durationMs !== undefined ? `${Math.round(k.durationMs / 1000)} s` : ''} | ${cell(k.executions)} | ${cell(k.execsPerSecond)} | ${cell(k.corpusSize)} | ${cell(k.coverage)} | ${k.didNotFuzz ? `did not fuzz: ${cell(k.didNotFuzz)}` : k.crashes.length} |`);
      }
      push('');
      for (const k of run.fuzz.campaigns) {
        for (const crash of k.crashes) push(`- ${code(k.target)} crash ${code(crash.id)}: ${crash.message}${crash.input ? ` (input ${code(crash.input)})` : ''}${crash.reproduce ? `; reproduce: ${code(crash.reproduce)}` : ''}`);
      }
      push('');
    }
  }

  push('## Inventory', '');
  push('### Apps and capabilities', '');
  push('| app | kind | core | manifest | peripherals | network | partners | storage, other |', '|---|---|---|---|---|---|---|---|');
  for (const a of inventory.apps) {
    const peripherals = a.peripherals.map((p) => `${p.capability} ${p.written}${p.value !== undefined && String(p.value) !== String(p.written) ? ` → ${p.value}` : ''}${p.block ? ` [${p.block}]` : ''}`).join('<br>');
    const network = [...a.allowedConnections, ...a.tcpServerPorts.map((p) => `tcp listen ${p}`), ...a.udpServerPorts.map((p) => `udp listen ${p}`), ...(a.deviceAuthentication ? [`DeviceAuthentication ${a.deviceAuthentication}`] : [])].join('<br>');
    const partners = a.partners.map((p) => `${p.name ?? p.componentId}${p.mutual ? '' : ' (one-sided: closed)'}`).join('<br>');
    const other = [...(a.mutableStorageKB !== undefined ? [`MutableStorage ${a.mutableStorageKB} KB`] : []), ...a.other, ...(a.hardwareDefinition ? [`$NAMEs resolved against ${a.hardwareDefinition}`] : []), ...(a.image ? [describeInventoryImage(a.image)] : [])].join('<br>');
    push(`| ${cell(a.name)}${a.componentId ? `<br><small>${a.componentId}</small>` : ''} | ${a.kind} | ${a.core ?? '(none)'} | ${code(a.file)} | ${cell(peripherals)} | ${cell(network)} | ${cell(partners)} | ${cell(other)} |`);
  }
  push('');
  push('### I/O firewall map per core', '');
  if (!inventory.firewall.decided) push('**No valid firewall assignment exists for this product.** The map shows the cores the apps ask for; conflicts are listed below it.', '');
  push('| core | apps | blocks and claims |', '|---|---|---|');
  for (const core of inventory.firewall.cores) {
    const blocks = core.blocks.map((b) => `${b.block}: ${b.claims.map((cl) => `${cl.app} ${cl.capability} ${cl.value}`).join(', ')}`).join('<br>');
    push(`| ${core.core} | ${cell(core.apps.join(', ') || '(none)')} | ${cell(blocks || '(none)')} |`);
  }
  push('');
  for (const k of inventory.firewall.conflicts) {
    push(`- **conflict on ${k.block}** (${k.kind}; cores ${k.cores.join(', ') || '-'}): ${k.claims.map((cl) => `${cl.app} ${cl.capability} ${cl.value} at ${code(`${cl.file}:${cl.line}`)}`).join('; ')}`);
  }
  if (inventory.firewall.stranded.length) push(`- **no core left for** ${inventory.firewall.stranded.join(', ')}`);
  push(`${inventory.firewall.conflicts.length || inventory.firewall.stranded.length ? '\n' : ''}${inventory.firewall.unassignedBlocks} unclaimed blocks stay unassigned (closed to every core).`, '');
  const diagram = (kind: Diagram['kind']) => report.diagrams.filter((d) => d.kind === kind);
  for (const d of diagram('firewall')) push(...diagramBlock(d));

  push('### Boot chain', '');
  push('| image | loaded and verified by | checks (key) | measurement | anti-rollback |', '|---|---|---|---|---|');
  for (const s of inventory.boot) {
    push(`| ${cell(s.imageName)}${s.apps.length ? ` (${cell(s.apps.join(', '))})` : ''} | ${cell(s.loadedByName)} | ${cell(s.checks.map((c) => `${c.kind} (${c.keyName})`).join('<br>') || 'none')} | ${cell(s.measurement ? `${s.measurement.registerName}, by ${s.measurement.by}, ${s.measurement.when}` : 'none')} | ${cell(s.rollback ? `${s.rollback.counterName}, raised ${s.rollback.raised}` : 'none')} |`);
  }
  push('');
  for (const d of diagram('boot-chain')) push(...diagramBlock(d));

  push('### Keys and who can touch them', '');
  push('| signing key | anchored in / certified by | chain to the anchor | custody | used by |', '|---|---|---|---|---|');
  for (const k of inventory.keys) {
    push(`| ${cell(k.name)} (${code(k.id)}) | ${cell(k.anchoredIn ? `anchored in ${k.anchoredIn}` : `certified by ${k.certifiedBy ?? '?'}`)} | ${cell(k.chain ? k.chain.join(' → ') : 'NEVER REACHES AN ANCHOR')} | ${cell(custodyText(k))} | ${cell(k.usedBy.join(', ') || '-')} |`);
  }
  push('');
  push('| asset | kind, location | secret | critical | who can touch it |', '|---|---|---|---|---|');
  for (const a of inventory.assets) {
    push(`| ${cell(a.name)} (${code(a.id)}) | ${a.kind}, ${a.location}${a.oneTimeProgrammable ? ', one-time programmable' : ''} | ${a.secret ? 'yes' : 'no'} | ${a.critical ? 'yes' : 'no'} | ${cell(a.access.map((x) => `${x.componentName}: ${x.rights.join(', ')}`).join('; ') || 'nobody')} |`);
  }
  push('');
  push('### Attestation', '');
  for (const d of diagram('attestation')) push(...diagramBlock(d));

  push('## About this report', '');
  push(`Generated by ${code(`sevenfold report`)} from one verification run; every verdict can be replayed with ${code(run.command)}. A check that was skipped, timed out or is not built is reported as unknown, never as holds.`, '');
  for (const n of report.notes) push(`- ${n}`);
  if (report.notes.length) push('');
  if (run.diagnostics.length) {
    push('Diagnostics from loading the product:', '', fence(run.diagnostics.map((d) => formatDiagnostic(d)).join('\n')), '');
  }
  // The maker's names are shown as written, every control in them shown and never obeyed (formats/diagnostics/visible-controls.ts).
  return showControls(out.join('\n'));
}

/** One table of every input, with the verdicts that read it (the per-verdict lines point here). */
/** The clause table: evidence for, against and undecided per clause; never a compliance claim (its header says so). */
function complianceSection(report: AuditReport): string[] {
  const { compliance } = report;
  const items = (list: readonly EvidenceItem[]) => list.map((i) => `${code(i.ref)} ${i.text.startsWith(i.ref) ? i.text.slice(i.ref.length).trim() : i.text}`).join('<br>');
  const out = ['## Compliance evidence', '', `**${compliance.disclaimer}**`, ''];
  out.push('| clause | evidence in this run | evidence for | evidence against | not decided |', '|---|---|---|---|---|');
  for (const c of compliance.clauses) out.push(`| ${cell(clauseHeading(c))} | ${c.status} | ${cell(items(c.for))} | ${cell(items(c.against))} | ${cell(items(c.unknown))} |`);
  out.push('', `Not covered by any Sevenfold check: ${compliance.notCovered.map((c) => `${c.label} (${c.title})`).join('; ')}.`, '');
  return out;
}

function inputsSection(report: AuditReport): string[] {
  const inputs = reportInputs(report.run);
  const out = ['## Inputs', '', 'Every file a verdict depended on, with its SHA-256: a re-run that reads the same bytes decides the same verdicts (with the same seed).', ''];
  if (inputs.length === 0) return [...out, 'No verdict recorded its inputs.', ''];
  out.push('| file (as given) | absolute path | SHA-256 | what it is | used by |', '|---|---|---|---|---|');
  for (const i of inputs) out.push(`| ${code(i.given)} | ${code(i.absolutePath)} | ${code(i.sha256)} | ${cell(i.roles.join('; '))}${i.builtin ? ' (built-in)' : ''} | ${cell(i.usedBy.join(', '))} |`);
  const platformOnly = report.rows.filter((r) => r.result.scope === 'platform-only');
  if (platformOnly.length) out.push('', `${platformOnly.map((r) => code(r.property.id)).join(', ')}: ${PLATFORM_ONLY_LINE}.`);
  return [...out, ''];
}

/** Under each verdict: the files it read (by the name given), and the platform-only line when it reads none of the product's. */
export function verdictInputLines(result: AuditReport['run']['results'][number]): string[] {
  const lines: string[] = [];
  if (result.scope === 'platform-only') lines.push(`**${PLATFORM_ONLY_LINE}.**`);
  if (result.inputs?.length) lines.push(`Inputs (SHA-256 prefix; full hashes under Inputs): ${result.inputs.map((i) => `${code(i.path)} ${i.sha256.slice(0, 12)}`).join(', ')}${result.profile ? `; profile ${result.profile}` : ''}`);
  return lines.length ? lines : ['Inputs: not recorded for this verdict.'];
}

export function anchor(id: string): string {
  return `property-${id.replace(/[^a-z0-9-]/gi, '-').toLowerCase()}`;
}

/**
 * The report as one self-contained HTML page: mermaid is inlined from node_modules and renders the
 * diagrams in the browser with no network. The verdict, the findings (each with its place and the
 * command that reproduces it) and the summary table come first, so a flaw is on the first screen.
 * Hooks for tests and tools: html[data-diagrams] becomes "done" when every diagram was tried,
 * html[data-diagram-errors] counts the failures, figure.diagram[data-status] is "rendered" or "error".
 */
import { profileLine } from './profile-line.js';

import { displayPath } from '../../formats/diagnostics/display-path.js';
import { formatDiagnostic } from '../diagnostics/format-diagnostics.js';
import type { EvidenceItem } from './compliance-evidence.js';
import type { Diagram } from './diagrams.js';
import type { Finding } from './findings.js';
import { PLATFORM_ONLY_LINE, reportInputs } from './inputs.js';
import { custodyText, describeInventoryImage } from './inventory.js';
import { anchor, locationText } from './markdown.js';
import { inlineScript, loadMermaidBundle } from './mermaid-bundle.js';
import type { AuditReport } from './report-model.js';
import { undecidedReason, shortBasis } from './short-basis.js';
import { showControls } from '../../formats/diagnostics/visible-controls.js';

/**
 * A profile that asks less than the built-in one gets a paragraph of its own, which a reader must not miss; one
 * that does not rides on the tool's line, leaving the first screen to the verdict, the findings and the summary.
 */
function profileAsksNoLess(run: Parameters<typeof profileLine>[0]): boolean {
  const line = profileLine(run);
  return line !== undefined && line === run.results.find((r) => r.profile)?.profile;
}

function profileParagraph(run: Parameters<typeof profileLine>[0]): string {
  const line = profileLine(run);
  return line !== undefined && !profileAsksNoLess(run) ? `<p class="meta" id="requirement-profile">Requirement profile: ${esc(line)}</p>\n` : '';
}

export function esc(text: string | number | undefined): string {
  return showControls(String(text ?? ''))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
:root { --holds: #1a7f37; --violated: #cf222e; --unknown: #9a6700; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1f2328; background: #fff; }
main { max-width: 1240px; margin: 0 auto; padding: 14px 20px 60px; }
h1 { font-size: 22px; margin: 0 0 6px; }
h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 18px 0 6px; }
code, pre { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; overflow-x: auto; white-space: pre-wrap; word-break: break-word; margin: 6px 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
.meta { color: var(--muted); margin: 0 0 8px; }
.meta code { color: #1f2328; }
.banner { display: flex; gap: 14px; align-items: center; border-radius: 8px; padding: 8px 14px; margin: 8px 0; color: #fff; font-size: 16px; }
.banner strong { font-size: 20px; letter-spacing: .5px; }
.banner.holds { background: var(--holds); } .banner.violated { background: var(--violated); } .banner.unknown { background: var(--unknown); }
/* Only the verdict word stays on one line: a paragraph with this class (a conflict, a warning) wraps. */
.verdict { font-weight: 700; }
td.verdict, span.verdict { white-space: nowrap; }
/* Paths and ids have no spaces: without this one of them widens a table or a paragraph past the page. */
td, th, p, li, h1, h3, figcaption { overflow-wrap: anywhere; }
.verdict.holds { color: var(--holds); } .verdict.violated { color: var(--violated); } .verdict.unknown { color: var(--unknown); }
tr.violated td { background: #fff5f5; }
#summary td, #summary th { padding: 3px 8px; }
#summary td:first-child { width: 250px; } #summary td.verdict { width: 90px; } #summary td:last-child { width: 30%; }
#first-findings { border: 2px solid var(--violated); border-radius: 8px; padding: 6px 12px; margin: 8px 0; background: #fff8f8; }
#first-findings h2 { border: 0; margin: 2px 0 4px; font-size: 16px; color: var(--violated); }
#first-findings ol { margin: 0; padding-left: 22px; }
#first-findings li { margin: 3px 0; }
.finding { border: 1px solid var(--line); border-left: 4px solid var(--violated); border-radius: 6px; padding: 4px 12px 8px; margin: 10px 0; }
.finding.warning { border-left-color: var(--unknown); }
.cmd { display: inline-block; background: #f6f8fa; border: 1px solid var(--line); border-radius: 4px; padding: 1px 6px; }
figure.diagram { margin: 12px 0; border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
figure.diagram figcaption { color: var(--muted); margin-bottom: 6px; }
.diagram-target { overflow-x: auto; text-align: center; min-height: 20px; }
.diagram-error { color: var(--violated); font-weight: 600; text-align: left; }
nav.toc { font-size: 13px; color: var(--muted); margin: 10px 0; }
nav.toc a { margin-right: 12px; }
small { color: var(--muted); }
table.inputs { table-layout: fixed; }
table.inputs td, code.path, .verdict-inputs code { word-break: break-all; overflow-wrap: anywhere; }
.platform-only { color: var(--muted); }
#compliance-table { table-layout: fixed; }
#compliance-table th:nth-child(1) { width: 24%; } #compliance-table th:nth-child(2) { width: 11%; } #compliance-table th:nth-child(4) { width: 27%; }
#compliance-table td.verdict { white-space: normal; }
`;

const RENDER_SCRIPT = `
(async () => {
  const root = document.documentElement;
  const figures = [...document.querySelectorAll('figure.diagram')];
  let failed = 0;
  if (typeof mermaid === 'undefined') {
    for (const fig of figures) { fig.dataset.status = 'error'; fig.querySelector('.diagram-target').textContent = 'mermaid did not load: the diagram source is below.'; }
    root.dataset.diagramErrors = String(figures.length);
    root.dataset.diagrams = 'done';
    return;
  }
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default', flowchart: { useMaxWidth: true }, sequence: { useMaxWidth: true } });
  for (const [i, fig] of figures.entries()) {
    const source = fig.querySelector('.mermaid-source').textContent;
    const target = fig.querySelector('.diagram-target');
    const id = 'mermaid-diagram-' + i;
    try {
      const { svg } = await mermaid.render(id, source);
      target.innerHTML = svg;
      fig.dataset.status = 'rendered';
    } catch (err) {
      failed++;
      for (const leftover of [document.getElementById(id), document.getElementById('d' + id)]) leftover?.remove();
      target.textContent = 'Diagram error: ' + ((err && err.message) || String(err));
      target.classList.add('diagram-error');
      fig.dataset.status = 'error';
      fig.querySelector('details')?.setAttribute('open', '');
    }
  }
  root.dataset.diagramErrors = String(failed);
  root.dataset.diagrams = 'done';
})();
`;

function figure(d: Diagram): string {
  return `<figure class="diagram" id="diagram-${esc(d.id)}" data-diagram="${esc(d.id)}" data-kind="${d.kind}" data-status="pending">
<figcaption><strong>${esc(d.title)}</strong>: ${esc(d.caption)}${d.svg ? ` <a href="${esc(d.svg)}">SVG</a>` : ''}</figcaption>
<div class="diagram-target" role="img" aria-label="${esc(d.title)}"></div>
<details><summary>mermaid source</summary><pre class="mermaid-source">${esc(d.source)}</pre></details>
</figure>`;
}

function findingHtml(f: Finding, report: AuditReport): string {
  const d = report.diagrams.find((x) => x.finding === f.id);
  return `<section class="finding ${f.level === 'warning' ? 'warning' : ''}" id="finding-${esc(f.id)}" data-finding="${esc(f.id)}">
<h3>${esc(f.id)}: ${esc(f.title)}</h3>
<p><strong>${esc(f.property)}</strong> (${esc(f.level)}${f.category ? `, ${esc(f.category)}` : ''}): ${esc(f.message)}</p>
<ul>${f.locations.map((l) => `<li>at <code>${esc(`${l.file}:${l.line}:${l.column}`)}</code>${l.pointer ? ` <code>${esc(l.pointer)}</code>` : ''}${l.description ? `: ${esc(l.description)}` : ''}</li>`).join('')}</ul>
<p>Reproduce: <code class="cmd reproduce">${esc(f.reproduce)}</code></p>
${f.replay ? `<p>Replay inside the suite: <code>${esc(f.replay)}</code></p>` : ''}
${f.details.length ? `<pre>${esc(f.details.join('\n'))}</pre>` : ''}
${f.transcript?.length ? `<p>Counterexample:</p><pre>${esc(f.transcript.join('\n'))}</pre>` : ''}
${d ? figure(d) : ''}
</section>`;
}

/** The clause table (compliance-evidence.ts): evidence, never a compliance claim; the header says so. */
function complianceHtml(report: AuditReport): string {
  const { compliance } = report;
  const items = (list: readonly EvidenceItem[]) => list.map((i) => `<code>${esc(i.ref)}</code> ${esc(i.text.startsWith(i.ref) ? i.text.slice(i.ref.length).trim() : i.text)}`).join('<br>');
  const status = (s: string) => (s === 'evidence against' ? 'violated' : s === 'undecided' ? 'unknown' : s === 'evidence for' ? 'holds' : '');
  const count = (st: string) => compliance.clauses.filter((c) => c.status === st).length;
  // Folded: the table is long (one row per clause); the line above it gives the counts.
  return `<section id="compliance"><h2>Compliance evidence</h2><p><strong>${esc(compliance.disclaimer)}</strong></p>
<details id="compliance-details"><summary>${compliance.clauses.length} clauses: ${count('evidence against')} with evidence against, ${count('undecided')} undecided, ${count('evidence for')} with evidence for only, ${count('no evidence in this run')} with no evidence in this run; ${compliance.notCovered.length} not covered by any check (show the table)</summary>
<table id="compliance-table"><thead><tr><th>clause</th><th>evidence in this run</th><th>evidence for</th><th>evidence against</th><th>not decided</th></tr></thead><tbody>
${compliance.clauses
  .map((c) => `<tr data-clause="${esc(c.clause)}" data-status="${esc(c.status)}"><td>${esc(c.label)}${c.label.endsWith(c.title) ? '' : `<br><small>${esc(c.title)}</small>`}</td><td class="verdict ${status(c.status)}">${esc(c.status)}</td><td>${items(c.for)}</td><td>${items(c.against)}</td><td>${items(c.unknown)}</td></tr>`)
  .join('\n')}
</tbody></table>
<p>Not covered by any Sevenfold check: ${compliance.notCovered.map((c) => `${esc(c.label)} <small>(${esc(c.title)})</small>`).join('; ')}.</p></details></section>`;
}

function inputsHtml(report: AuditReport): string {
  const inputs = reportInputs(report.run);
  const platformOnly = report.rows.filter((r) => r.result.scope === 'platform-only');
  return `<section id="inputs"><h2>Inputs</h2><p>Every file a verdict depended on, with its SHA-256: a re-run that reads the same bytes decides the same verdicts (with the same seed).</p>
${inputs.length ? `<table class="inputs"><thead><tr><th>file (as given)</th><th>absolute path</th><th>SHA-256</th><th>what it is</th><th>used by</th></tr></thead><tbody>${inputs
    .map((i) => `<tr data-input="${esc(i.absolutePath)}"><td><code>${esc(i.given)}</code></td><td><code>${esc(i.absolutePath)}</code></td><td><code>${esc(i.sha256)}</code></td><td>${esc(i.roles.join('; '))}${i.builtin ? ' <small>(built-in)</small>' : ''}</td><td>${esc(i.usedBy.join(', '))}</td></tr>`)
    .join('')}</tbody></table>` : '<p>No verdict recorded its inputs.</p>'}
${platformOnly.length ? `<p class="platform-only">${esc(platformOnly.map((r) => r.property.id).join(', '))}: ${esc(PLATFORM_ONLY_LINE)}.</p>` : ''}
</section>`;
}

function summaryBasisHtml(basis: string, propertyId: string): string {
  const short = shortBasis(basis);
  return short.shortened ? `${esc(short.text)} <a href="#${anchor(propertyId)}">in full</a>` : esc(short.text);
}

function verdictInputsHtml(r: AuditReport['run']['results'][number]): string {
  const parts: string[] = [];
  if (r.scope === 'platform-only') parts.push(`<p class="platform-only"><strong>${esc(PLATFORM_ONLY_LINE)}.</strong></p>`);
  if (r.inputs?.length) parts.push(`<p class="verdict-inputs"><small>Inputs (SHA-256 prefix; full hashes under <a href="#inputs">Inputs</a>): ${r.inputs.map((i) => `<code>${esc(i.path)}</code> ${esc(i.sha256.slice(0, 12))}`).join(', ')}${r.profile ? `; profile ${esc(r.profile)}` : ''}</small></p>`);
  return parts.join('\n');
}

export interface HtmlOptions {
  /** Inline mermaid from node_modules (default). Off only for tests of the markup. */
  inlineMermaid?: boolean;
}

export function renderHtml(report: AuditReport, options: HtmlOptions = {}): string {
  const { run, inventory } = report;
  const c = report.counts;
  const parts: string[] = [];
  const p = (s: string) => parts.push(s);
  const violations = report.findings.filter((f) => f.kind !== 'warning');

  p(`<header>
<h1>Sevenfold audit report: ${esc(run.product.name)}</h1>
<div id="verdict" class="banner ${run.verdict}" data-verdict="${run.verdict}"><strong>${run.verdict.toUpperCase()}</strong><span>${c.violated} violated, ${c.holds} hold, ${c.unknown} unknown; exit code ${report.exitCode}</span></div>
<p class="meta">Product <code>${esc(displayPath(run.product.file, run.cwd))}</code>${run.productSource === 'builtin' ? ' (built-in default product)' : ''}, ${esc(inventory.chip.name)}; seed ${run.seed}, ${run.runs} runs per randomised check; reproduce from any folder: <code class="path">${esc(run.command)}</code></p>
${profileParagraph(run)}<p class="meta">Sevenfold ${esc(run.tool.version)}, commit <code>${esc(run.tool.commit)}</code>; working directory <code class="path">${esc(run.cwd)}</code>${profileAsksNoLess(run) ? `; requirement profile: ${esc(profileLine(run)!)}` : ''}</p>
</header>`);
  if (violations.length) {
    // The first screen names each violated property's first finding; the rest are in the Findings section, so that a
    // property with several findings does not push the summary table below the fold.
    const first = violations.filter((f, i) => violations.findIndex((g) => g.property === f.property) === i);
    const more = violations.length - first.length;
    p(`<section id="first-findings"><h2>${violations.length} finding${violations.length > 1 ? 's' : ''}${more ? ` <small>(the first of each property here; <a href="#findings">all ${violations.length}</a> below)</small>` : ''}</h2><ol>${first
      .map((f) => `<li><strong>${esc(f.property)}</strong>: ${esc(f.message)} <small>at <code>${esc(locationText(f))}</code></small> <a href="#finding-${esc(f.id)}">details</a><br><small>reproduce: <code>${esc(f.reproduce)}</code></small></li>`)
      .join('')}</ol></section>`);
  }
  p(`<section id="summary-section"><h2>Summary</h2>
<table id="summary"><thead><tr><th>property</th><th>verdict</th><th>question it answers</th><th>bound or run count</th></tr></thead><tbody>
${report.rows
  .map(
    (row) =>
      `<tr class="${row.result.verdict}" data-property="${esc(row.property.id)}"><td><a href="#${anchor(row.property.id)}">${esc(row.property.title)}</a><br><small><code>${esc(row.property.id)}</code></small></td><td class="verdict ${row.result.verdict}">${row.result.verdict}</td><td>${esc(row.property.question)}</td><td>${summaryBasisHtml(row.basis, row.property.id)}</td></tr>`,
  )
  .join('\n')}
</tbody></table></section>`);
  // Undecided properties right under the table, each with its reason (the Findings section lists violations and
  // warnings only); under it, not above, so the summary row of a violated property stays on the first screen.
  const undecided = report.rows.filter((row) => row.result.verdict === 'unknown');
  if (undecided.length) {
    p(`<section id="undecided"><h2>${undecided.length} not decided <small>(unknown, not a pass)</small></h2><ol>${undecided.map((row) => `<li><strong>${esc(row.property.id)}</strong>: ${esc(undecidedReason(row.result.summary))} <a href="#${anchor(row.property.id)}">details</a></li>`).join('')}</ol></section>`);
  }
  p(inputsHtml(report));
  p(`<nav class="toc"><a href="#inputs">Inputs</a><a href="#findings">Findings</a><a href="#compliance">Compliance evidence</a><a href="#properties">Properties</a>${run.fuzz ? '<a href="#fuzz">Fuzz campaigns</a>' : ''}<a href="#inventory">Inventory</a><a href="#firewall">Firewall map</a><a href="#boot">Boot chain</a><a href="#keys">Keys</a><a href="#attestation">Attestation</a><a href="#about">About</a></nav>`);

  p(`<section id="findings"><h2>Findings</h2>${report.findings.length ? report.findings.map((f) => findingHtml(f, report)).join('\n') : `<p>No property is violated and no check raised a warning${undecided.length ? `; ${undecided.length} not decided (above)` : ''}.</p>`}</section>`);

  p(complianceHtml(report));

  p('<section id="properties"><h2>Properties</h2>');
  for (const row of report.rows) {
    const r = row.result;
    p(`<section class="property" id="${anchor(row.property.id)}" data-property="${esc(row.property.id)}">
<h3>${esc(row.property.title)} <small><code>${esc(row.property.id)}</code></small>: <span class="verdict ${r.verdict}">${r.verdict}</span></h3>
<p>${esc(r.summary)}</p>
${row.property.question ? `<p><em>${esc(row.property.question)}</em> ${esc(row.property.definition)}</p>` : ''}
<p>Bound or run count: ${esc(row.basis)}</p>
${verdictInputsHtml(r)}
${row.property.implemented ? '' : '<p>This version of Sevenfold has no check for this property yet.</p>'}
${(r.warnings ?? []).map((w) => `<p class="verdict unknown">warning: ${esc(w)}</p>`).join('')}
${(r.notApplicableChecks ?? []).map((c) => `<p>not applicable (played nothing, no evidence): ${esc(c.check)}: ${esc(c.reason)}</p>`).join('')}
${(r.evidence ?? [])
  .map((e) => `<h4>${esc(e.title)}</h4>${e.lines.length ? `<pre>${esc(e.lines.join('\n'))}</pre>` : ''}${e.reproduce ? `<p>Reproduce: <code>${esc(e.reproduce)}</code></p>` : ''}`)
  .join('\n')}
${r.timings?.length ? `<p><small>time: ${esc(r.timings.map((t) => `${t.check} ${Math.round(t.ms)} ms`).join(', '))}</small></p>` : ''}
</section>`);
  }
  p('</section>');

  if (run.fuzz) {
    p(`<section id="fuzz"><h2>Fuzz campaigns</h2><p>Results read from <code>${esc(run.fuzz.source)}</code>.</p>`);
    if (run.fuzz.campaigns.length === 0) p(`<p>${esc(run.fuzz.note ?? 'No campaign results.')}</p>`);
    else {
      p(`<table><thead><tr><th>target</th><th>engine</th><th>started</th><th>duration</th><th>executions</th><th>exec/s</th><th>corpus</th><th>coverage</th><th>crashes</th></tr></thead><tbody>${run.fuzz.campaigns
        .map((k) => `<tr><td>${esc(k.target)}</td><td>${esc(k.engine)}</td><td>${esc(k.startedAt)}</td><td>${k.durationMs !== undefined ? `${Math.round(k.durationMs / 1000)} s` : ''}</td><td>${esc(k.executions)}</td><td>${esc(k.execsPerSecond)}</td><td>${esc(k.corpusSize)}</td><td>${esc(k.coverage)}</td><td>${k.didNotFuzz ? `did not fuzz: ${esc(k.didNotFuzz)}` : k.crashes.length}</td></tr>`)
        .join('')}</tbody></table>`);
      p(`<ul>${run.fuzz.campaigns.flatMap((k) => k.crashes.map((cr) => `<li><code>${esc(k.target)}</code> crash <code>${esc(cr.id)}</code>: ${esc(cr.message)}${cr.input ? ` (input <code>${esc(cr.input)}</code>)` : ''}${cr.reproduce ? `; reproduce: <code>${esc(cr.reproduce)}</code>` : ''}</li>`)).join('')}</ul>`);
    }
    p('</section>');
  }

  p(`<section id="inventory"><h2>Inventory</h2><h3>Apps and capabilities</h3>
<table><thead><tr><th>app</th><th>kind</th><th>core</th><th>manifest</th><th>peripherals</th><th>network</th><th>partners</th><th>storage, other</th></tr></thead><tbody>
${inventory.apps
  .map((a) => {
    const peripherals = a.peripherals.map((x) => `${esc(`${x.capability} ${x.written}`)}${x.value !== undefined && String(x.value) !== String(x.written) ? ` → ${esc(x.value)}` : ''}${x.block ? ` <small>[${esc(x.block)}]</small>` : ''}`).join('<br>');
    const network = [...a.allowedConnections, ...a.tcpServerPorts.map((x) => `tcp listen ${x}`), ...a.udpServerPorts.map((x) => `udp listen ${x}`), ...(a.deviceAuthentication ? [`DeviceAuthentication ${a.deviceAuthentication}`] : [])].map(esc).join('<br>');
    const partners = a.partners.map((x) => `${esc(x.name ?? x.componentId)}${x.mutual ? '' : ' <strong>(one-sided: closed)</strong>'}`).join('<br>');
    const other = [...(a.mutableStorageKB !== undefined ? [`MutableStorage ${a.mutableStorageKB} KB`] : []), ...a.other, ...(a.hardwareDefinition ? [`$NAMEs resolved against ${a.hardwareDefinition}`] : []), ...(a.image ? [describeInventoryImage(a.image)] : [])].map(esc).join('<br>');
    return `<tr><td>${esc(a.name)}${a.componentId ? `<br><small>${esc(a.componentId)}</small>` : ''}</td><td>${a.kind}</td><td>${esc(a.core ?? '(none)')}</td><td><code>${esc(a.file)}</code></td><td>${peripherals}</td><td>${network}</td><td>${partners}</td><td>${other}</td></tr>`;
  })
  .join('\n')}
</tbody></table>`);
  p(`<h3 id="firewall">I/O firewall map per core</h3>${inventory.firewall.decided ? '' : '<p class="verdict violated">No valid firewall assignment exists for this product. The map shows the cores the apps ask for.</p>'}
<table><thead><tr><th>core</th><th>apps</th><th>blocks and claims</th></tr></thead><tbody>${inventory.firewall.cores
    .map((core) => `<tr><td>${esc(core.core)}<br><small>${esc(core.description)}</small></td><td>${esc(core.apps.join(', ') || '(none)')}</td><td>${core.blocks.map((b) => `${esc(b.block)}: ${esc(b.claims.map((cl) => `${cl.app} ${cl.capability} ${cl.value}`).join(', '))}`).join('<br>') || '(none)'}</td></tr>`)
    .join('')}</tbody></table>
${inventory.firewall.conflicts.map((k) => `<p class="verdict violated">conflict on ${esc(k.block)} (${esc(k.kind)}; cores ${esc(k.cores.join(', ') || '-')}): ${esc(k.claims.map((cl) => `${cl.app} ${cl.capability} ${cl.value} at ${cl.file}:${cl.line}`).join('; '))}</p>`).join('')}
${inventory.firewall.stranded.length ? `<p class="verdict violated">no core left for ${esc(inventory.firewall.stranded.join(', '))}</p>` : ''}
<p><small>${inventory.firewall.unassignedBlocks} unclaimed blocks stay unassigned (closed to every core).</small></p>`);
  const diagrams = (kind: Diagram['kind']) => report.diagrams.filter((d) => d.kind === kind).map(figure).join('\n');
  p(diagrams('firewall'));
  p(`<h3 id="boot">Boot chain</h3><table><thead><tr><th>image</th><th>loaded and verified by</th><th>checks (key)</th><th>measurement</th><th>anti-rollback</th></tr></thead><tbody>${inventory.boot
    .map((s) => `<tr><td>${esc(s.imageName)}${s.apps.length ? ` <small>(${esc(s.apps.join(', '))})</small>` : ''}</td><td>${esc(s.loadedByName)}</td><td>${s.checks.map((x) => esc(`${x.kind} (${x.keyName})`)).join('<br>') || '<strong>none</strong>'}</td><td>${esc(s.measurement ? `${s.measurement.registerName}, by ${s.measurement.by}, ${s.measurement.when}` : 'none')}</td><td>${esc(s.rollback ? `${s.rollback.counterName}, raised ${s.rollback.raised}` : 'none')}</td></tr>`)
    .join('')}</tbody></table>`);
  p(diagrams('boot-chain'));
  p(`<h3 id="keys">Keys and who can touch them</h3><table><thead><tr><th>signing key</th><th>anchored in / certified by</th><th>chain to the anchor</th><th>custody</th><th>used by</th></tr></thead><tbody>${inventory.keys
    .map((k) => `<tr><td>${esc(k.name)}<br><small><code>${esc(k.id)}</code></small></td><td>${esc(k.anchoredIn ? `anchored in ${k.anchoredIn}` : `certified by ${k.certifiedBy ?? '?'}`)}</td><td>${k.chain ? esc(k.chain.join(' → ')) : '<strong class="verdict violated">never reaches an anchor</strong>'}</td><td>${k.irrevocable && k.custody !== 'offline' ? `<strong class="verdict ${k.custody === 'online' ? 'violated' : 'unknown'}">${esc(custodyText(k))}</strong>` : esc(custodyText(k))}</td><td>${esc(k.usedBy.join(', ') || '-')}</td></tr>`)
    .join('')}</tbody></table>
<table><thead><tr><th>asset</th><th>kind, location</th><th>secret</th><th>critical</th><th>who can touch it</th></tr></thead><tbody>${inventory.assets
    .map((a) => `<tr><td>${esc(a.name)}<br><small><code>${esc(a.id)}</code></small></td><td>${esc(`${a.kind}, ${a.location}${a.oneTimeProgrammable ? ', one-time programmable' : ''}`)}</td><td>${a.secret ? 'yes' : 'no'}</td><td>${a.critical ? 'yes' : 'no'}</td><td>${a.access.map((x) => esc(`${x.componentName}: ${x.rights.join(', ')}`)).join('<br>') || 'nobody'}</td></tr>`)
    .join('')}</tbody></table>`);
  p(`<h3 id="attestation">Attestation</h3>${diagrams('attestation')}</section>`);

  p(`<section id="about"><h2>About this report</h2>
<p>Generated ${esc(report.generatedAt)} by Sevenfold ${esc(run.tool.version)} (commit <code>${esc(run.tool.commit)}</code>, <code>sevenfold report</code>) in <code class="path">${esc(run.cwd)}</code> from one verification run of ${Math.round(run.durationMs)} ms; replay it with <code>${esc(run.command)}</code>. A check that was skipped, timed out or is not built is reported as unknown, never as holds.</p>
${report.notes.length ? `<ul id="notes">${report.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
${run.diagnostics.length ? `<p>Diagnostics from loading the product:</p><pre>${esc(run.diagnostics.map((d) => formatDiagnostic(d)).join('\n'))}</pre>` : ''}
</section>`);

  let script = '';
  if (options.inlineMermaid !== false) {
    const bundle = loadMermaidBundle();
    script = `<!-- mermaid ${esc(bundle.version)}, inlined from node_modules/mermaid/dist/mermaid.min.js (MIT) -->\n${inlineScript(bundle.code)}\n`;
  }
  return `<!doctype html>
<html lang="en" data-diagrams="pending">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' data:; style-src 'unsafe-inline'; img-src data: 'self'; font-src data:">
<title>Sevenfold audit: ${esc(run.product.name)} (${run.verdict})</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${parts.join('\n')}
</main>
${script}<script>${RENDER_SCRIPT}</script>
</body>
</html>
`;
}

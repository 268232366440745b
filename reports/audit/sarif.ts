/**
 * The report as SARIF 2.1.0 for GitHub code scanning: one rule per property (rule id = property
 * id), one result per finding located at its manifest, hardware-definition, product or platform
 * file with the region of the value its JSON pointer names (relative to %SRCROOT%, the directory the
 * report was run from), and one warning result per property that could not be decided (verdict unknown:
 * never level "none", which code scanning hides), with executionSuccessful false, an error notification per
 * undecided property and the command's exit code on the invocation; a check that played nothing because its threat is
 * absent from the design is a result of kind notApplicable (level none) with the reason. Rules and
 * results carry the compliance clauses they bear on (model/compliance). Validated by the tests against
 * the SARIF 2.1.0 schema vendored in reports/schema/.
 */
import { profileLine } from './profile-line.js';
import { createHash } from 'node:crypto';
import { artifactLocation, complianceRuleParts, RegionFinder, SARIF_SCHEMA_URI, srcRoot, withVisibleMessages } from '../sarif/sarif-parts.js';
import { PositionFinder, type FindingLocation } from './findings.js';
import { unknownPlace } from './unknown-place.js';
import { reportInputs, type ReportInput } from './inputs.js';
import { anchor } from './markdown.js';
import type { AuditReport } from './report-model.js';

export { SARIF_SCHEMA_URI };
const FUZZ_RULE = 'fuzz-crash';
const EXIT_CODE_DESCRIPTION: Record<number, string> = {
  0: 'every property holds',
  1: 'a property is violated or an included fuzz campaign crashed',
  3: 'a property could not be decided (unknown)',
};

type Json = Record<string, unknown>;

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

function physical(l: FindingLocation, cwd: string, regions: RegionFinder): Json {
  return { artifactLocation: artifactLocation(l.path, cwd), region: regions.region(l.path, l.pointer, { line: l.line, column: l.column }) };
}

export function renderSarif(report: AuditReport): Json {
  const { run } = report;
  const cwd = run.cwd;
  const regions = new RegionFinder(cwd);
  // One rule per check: a property, each profile requirement a finding names (its check's evidence
  // says "<requirement id>: failed"), and fuzz crashes. Ids are stable across runs and products.
  const ruleIds = report.rows.map((r) => r.property.id);
  const requirementRefs = new Map(run.results.flatMap((r) => r.requirements ?? []).map((q) => [q.id, q]));
  for (const f of report.findings) if (f.requirement !== undefined && !ruleIds.includes(f.requirement)) ruleIds.push(f.requirement);
  if (report.findings.some((f) => f.kind === 'crash')) ruleIds.push(FUZZ_RULE);
  for (const f of report.findings) if (!ruleIds.includes(f.property) && f.kind !== 'crash') ruleIds.push(f.property);
  const rules = ruleIds.map((id) => {
    const row = report.rows.find((r) => r.property.id === id);
    const requirement = requirementRefs.get(id);
    if (!row && requirement) {
      const compliance = complianceRuleParts('requirement', id);
      const property = id.slice(0, id.indexOf('.'));
      return {
        id,
        name: pascal(id.replace('.', '-')),
        shortDescription: { text: requirement.statement.split(/(?<=\.)\s/)[0]! },
        fullDescription: { text: requirement.statement },
        help: {
          text: `${requirement.statement}\nSource: ${requirement.source}\nReproduce with: sevenfold verify --property ${property} --product <file> --seed <seed>${compliance.helpText}`,
          markdown: `**${id}** (a requirement of ${property}, from the requirement profile)\n\n${requirement.statement}\n\nSource: ${requirement.source}\n\nReproduce with \`sevenfold verify --property ${property} --product <file> --seed <seed>\`.${compliance.helpMarkdown}`,
        },
        defaultConfiguration: { level: 'error' },
        properties: { tags: ['security', 'seven-properties', property, ...compliance.tags], precision: 'high', 'security-severity': '8.0', ...compliance.properties },
      };
    }
    if (!row) {
      const fuzz = id === FUZZ_RULE;
      // A fuzz crash bears on clauses only through its campaign's property: they are on its result, not this rule.
      const compliance = complianceRuleParts('property', fuzz ? '' : id);
      const text = fuzz ? 'A fuzz campaign found an input that crashes its target.' : id;
      return {
        id,
        name: pascal(id),
        shortDescription: { text: fuzz ? 'A fuzz campaign found an input that crashes its target' : id },
        fullDescription: { text },
        help: { text: `${text}${fuzz ? ' Replay the crash with the command in the result, fix the parser, and keep the input as a regression.' : ''}${compliance.helpText}`, markdown: `${text}${compliance.helpMarkdown}` },
        defaultConfiguration: { level: 'error' },
        properties: { tags: ['security', fuzz ? 'fuzzing' : 'sevenfold', ...compliance.tags], ...(fuzz ? { 'security-severity': '7.0' } : {}), ...compliance.properties },
      };
    }
    const p = row.property;
    const compliance = complianceRuleParts('property', id);
    return {
      id,
      name: pascal(id),
      shortDescription: { text: p.title },
      fullDescription: { text: `${p.question} ${p.definition}`.trim() },
      help: {
        text: `${p.title}: ${p.definition}\nQuestion: ${p.question}\nReproduce with: sevenfold verify --property ${id} --product <file> --seed <seed>${compliance.helpText}`,
        markdown: `**${p.title}** (Seven Properties of Highly Secure Devices)\n\n${p.definition}\n\n> ${p.question}\n\nReproduce with \`sevenfold verify --property ${id} --product <file> --seed <seed>\`.${compliance.helpMarkdown}`,
      },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'seven-properties', id, ...compliance.tags], precision: 'high', 'security-severity': '8.0', ...compliance.properties },
    };
  });
  const ruleIndex = (id: string) => ruleIds.indexOf(id);

  const results: Json[] = [];
  for (const f of report.findings) {
    const ruleId = f.kind === 'crash' ? FUZZ_RULE : (f.requirement ?? f.property);
    const [primary, ...related] = f.locations;
    const fingerprint = createHash('sha256')
      .update([ruleId, f.kind, f.category ?? '', ...f.locations.map((l) => `${artifactLocation(l.path, cwd)['uri']}#${l.pointer ?? ''}`)].join('|'))
      .digest('hex');
    // The requirements of the profile this finding's property failed: a code-scanning reader sees which rule, and its source.
    const failed = (run.results.find((r) => r.property === f.property)?.requirements ?? []).filter((q) => q.outcome === 'failed');
    const requirementText = f.kind === 'violation' && failed.length ? ` Requirement${failed.length > 1 ? 's' : ''}: ${failed.map((q) => `${q.id} (${q.source})`).join('; ')}.` : '';
    results.push({
      ruleId,
      ruleIndex: ruleIndex(ruleId),
      kind: 'fail',
      level: f.level,
      message: { text: `${f.message}${f.locations.length > 1 ? ` (with ${f.locations.slice(1).map((l) => `${l.file}:${l.line}`).join(', ')})` : ''}.${requirementText} Reproduce: ${f.reproduce}` },
      locations: primary ? [{ physicalLocation: physical(primary, cwd, regions), ...(primary.description ? { message: { text: primary.description } } : {}) }] : [],
      ...(related.length
        ? { relatedLocations: related.map((l, i) => ({ id: i + 1, physicalLocation: physical(l, cwd, regions), message: { text: l.description ?? (l.pointer || l.file) } })) }
        : {}),
      partialFingerprints: { 'sevenfoldFinding/v1': fingerprint },
      properties: {
        finding: f.id,
        reproduce: f.reproduce,
        ...(f.category ? { category: f.category } : {}),
        ...(primary?.pointer !== undefined ? { pointers: f.locations.map((l) => l.pointer ?? '') } : {}),
        ...(f.transcript ? { counterexample: f.transcript } : {}),
        ...(f.replay ? { replay: f.replay } : {}),
        ...(f.kind === 'violation' && failed.length ? { requirements: failed.map((q) => q.id) } : {}),
        ...(f.clauses?.length ? { compliance: f.clauses } : {}),
        seed: run.seed,
      },
    });
  }
  // An undecided property is never shown as clean: SARIF lets a result other than kind "fail" have only level
  // "none", which code scanning does not list, so it is a "fail" of level warning whose message and properties say
  // the verdict is unknown and why (a check skipped, timed out, crashed or out of bound), never a "pass".
  const undecided = report.rows.filter((row) => row.result.verdict === 'unknown');
  const places = new PositionFinder();
  for (const row of undecided) {
    // At the place the reason asks the reviewer to act (unknown-place.ts), the product file's first line when it names none.
    const place = unknownPlace(run, row.result, places);
    results.push({
      ruleId: row.property.id,
      ruleIndex: ruleIndex(row.property.id),
      kind: 'fail',
      level: 'warning',
      message: { text: `${row.property.title} was not decided (verdict unknown, not a pass): ${row.result.summary}` },
      locations: [{ physicalLocation: physical(place.primary, cwd, regions), ...(place.primary.description ? { message: { text: place.primary.description } } : {}) }],
      ...(place.related.length ? { relatedLocations: place.related.map((l, i) => ({ id: i + 1, physicalLocation: physical(l, cwd, regions), message: { text: l.description ?? l.file } })) } : {}),
      partialFingerprints: { 'sevenfoldFinding/v1': createHash('sha256').update(`${row.property.id}|open|${artifactLocation(run.product.file, cwd)['uri']}`).digest('hex') },
      properties: { verdict: 'unknown', reason: row.result.summary, anchor: anchor(row.property.id), requirements: (row.result.requirements ?? []).filter((q) => q.outcome === 'unknown').map((q) => q.id) },
    });
  }
  // A check that played nothing because its threat does not exist in the design: a result of kind notApplicable (SARIF's
  // own kind for it; level none, as the format requires of any kind but fail) with the reason, never a pass.
  for (const row of report.rows) {
    for (const c of row.result.notApplicableChecks ?? []) {
      results.push({
        ruleId: row.property.id,
        ruleIndex: ruleIndex(row.property.id),
        kind: 'notApplicable',
        level: 'none',
        message: { text: `${c.check} was not played, not applicable to this design (no evidence for ${row.property.id}): ${c.reason}` },
        locations: [{ physicalLocation: { artifactLocation: artifactLocation(run.product.file, cwd), region: { startLine: 1, startColumn: 1 } } }],
        partialFingerprints: { 'sevenfoldFinding/v1': createHash('sha256').update(`${row.property.id}|not-applicable|${c.check}|${artifactLocation(run.product.file, cwd)['uri']}`).digest('hex') },
        properties: { verdict: 'not-applicable', check: c.check, reason: c.reason, ...(c.requirement ? { requirement: c.requirement } : {}) },
      });
    }
  }
  const end = new Date(Date.parse(run.startedAt) + run.durationMs);
  const inputs = reportInputs(run);
  const profile = run.results.find((r) => r.profile)?.profile;
  // Every file a verdict read, with its SHA-256, so a consumer can tell whether a re-run reads the same bytes.
  const artifacts = inputs.map((i) => ({
    location: artifactLocation(i.absolutePath, cwd),
    hashes: { 'sha-256': i.sha256 },
    roles: artifactRoles(i, run),
    description: { text: i.roles.join('; ') },
    properties: { given: i.given, absolutePath: i.absolutePath, builtin: i.builtin, usedBy: i.usedBy },
  }));
  return withVisibleMessages({
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Sevenfold', version: run.tool.version, semanticVersion: run.tool.version, properties: { commit: run.tool.commit }, rules } },
        automationDetails: { id: `sevenfold/${slug(run.product.name)}/` },
        originalUriBaseIds: { SRCROOT: { uri: srcRoot(cwd) } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            // The analysis is incomplete while a property is undecided: executionSuccessful false and one error
            // notification per undecided property (how a SARIF consumer tells the results are not complete), and the
            // exit code the command returned, so no reader takes an unknown run for a clean one.
            executionSuccessful: undecided.length === 0,
            exitCode: report.exitCode,
            exitCodeDescription: EXIT_CODE_DESCRIPTION[report.exitCode],
            commandLine: run.command,
            workingDirectory: { uri: srcRoot(cwd) },
            startTimeUtc: run.startedAt,
            endTimeUtc: end.toISOString(),
            toolExecutionNotifications: [
              ...undecided.map((row) => ({
                level: 'error',
                message: { text: `${row.property.id} was not decided (verdict unknown): ${row.result.summary}` },
                associatedRule: { id: row.property.id, index: ruleIndex(row.property.id) },
                properties: { verdict: 'unknown' },
              })),
              ...run.diagnostics.map((d) => ({
                level: d.severity === 'info' ? 'note' : d.severity,
                message: { text: `${d.code} ${d.name}: ${d.message}` },
                locations: [{ physicalLocation: { artifactLocation: artifactLocation(d.file, cwd), region: { startLine: Math.max(1, d.position.line), startColumn: Math.max(1, d.position.column) } } }],
              })),
            ],
          },
        ],
        artifacts,
        results,
        properties: {
          product: run.product.name,
          verdict: run.verdict,
          seed: run.seed,
          runs: run.runs,
          counts: report.counts,
          toolVersion: run.tool.version,
          toolCommit: run.tool.commit,
          ...(profile ? { profile } : {}),
          // What the profile asks less than the built-in one, as the report header says it (profile-line.ts).
          ...(profile && profileLine(run) !== profile ? { profileAsksLess: profileLine(run) } : {}),
          cwd,
          reproduce: run.command,
          platformOnly: report.rows.filter((r) => r.result.scope === 'platform-only').map((r) => r.property.id),
        },
      },
    ],
  });
}

/** SARIF artifact roles: the product file was named on the command line; the requirement profile is the policy; built-in designs are the tool's configuration. */
function artifactRoles(input: ReportInput, run: AuditReport['run']): string[] {
  if (input.absolutePath === run.product.file) return run.productGiven !== undefined ? ['analysisTarget', 'referencedOnCommandLine'] : ['analysisTarget'];
  if (input.roles.includes('requirement profile')) return ['policy'];
  return input.builtin ? ['toolSpecifiedConfiguration'] : ['analysisTarget'];
}

export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'product'
  );
}

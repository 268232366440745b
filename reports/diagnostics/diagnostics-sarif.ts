/**
 * Lint diagnostics as SARIF 2.1.0 (the format GitHub code scanning reads): one rule per diagnostic code
 * (rule id = the stable code: a device error number or SFnnnn; name = its symbolic name; help = its hint
 * and the compliance clauses it bears on; tags from the catalogue, "security" for the security lint, and
 * the clause ids), one result per diagnostic at its file, with the region of the value its JSON pointer
 * names, relative to %SRCROOT% (the folder lint ran in). Validated against the vendored schema by the
 * tests (test/robustness/lint-sarif.test.ts, test/reports/sarif-code-scanning.test.ts).
 *
 * lintErrorSarif: the log of a run that stopped before it linted anything (exit 2): the same run header, an
 * invocation that did not execute successfully, and the error as tool execution notifications, so a code-scanning
 * upload shows the failure instead of failing to parse an empty file (test/cli/machine-output-on-error.test.ts).
 */
import { createHash } from 'node:crypto';
import { CODES, type CodeInfo, type CodeName } from '../../formats/diagnostics/codes.js';
import type { Diagnostic, Severity } from '../../formats/diagnostics/diagnostic.js';
import type { LintResult } from '../../model/lint/lint.js';
import { sevenfoldVersion } from '../audit/verification-run.js';
import { artifactLocation, complianceRuleParts, RegionFinder, SARIF_SCHEMA_URI, srcRoot, withVisibleMessages } from '../sarif/sarif-parts.js';

type Json = Record<string, unknown>;

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub ranks security results by this 0-10 score; the lint's own severity decides it. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '7.0', warning: '4.0', info: '1.0' };

export interface LintSarifOptions {
  /** The folder lint ran in: locations are relative to it (%SRCROOT%). */
  cwd: string;
  command: string;
}

function words(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

function rule(d: Diagnostic): Json {
  const info = (Object.hasOwn(CODES, d.name) ? CODES[d.name as CodeName] : undefined) as CodeInfo | undefined;
  const tags = [...(info?.tags ?? [])];
  const severity = info?.severity ?? d.severity;
  const compliance = complianceRuleParts('lint', String(d.code));
  const summary = info?.hint ?? `${words(d.name)}.`;
  return {
    id: String(d.code),
    name: d.name,
    shortDescription: { text: words(d.name) },
    fullDescription: { text: summary },
    help: { text: `${summary}${compliance.helpText}`, markdown: `**${d.name}** (${d.code}): ${summary}${compliance.helpMarkdown}` },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      tags: ['sevenfold-lint', ...tags, ...compliance.tags],
      ...(tags.includes('security') ? { 'security-severity': SECURITY_SEVERITY[severity] } : {}),
      ...compliance.properties,
    },
  };
}

export function lintSarif(result: LintResult, options: LintSarifOptions, exitCode: number): Json {
  const ruleIds: string[] = [];
  const rules: Json[] = [];
  const regions = new RegionFinder(options.cwd);
  const results = result.diagnostics.map((d) => {
    const id = String(d.code);
    let index = ruleIds.indexOf(id);
    if (index < 0) {
      index = ruleIds.push(id) - 1;
      rules.push(rule(d));
    }
    const location = artifactLocation(d.file, options.cwd);
    return {
      ruleId: id,
      ruleIndex: index,
      level: LEVEL[d.severity],
      message: { text: `${d.message}${d.hint ? ` (hint: ${d.hint})` : ''}` },
      locations: [{ physicalLocation: { artifactLocation: location, region: regions.region(d.file, d.pointer, d.position) } }],
      partialFingerprints: { 'sevenfoldDiagnostic/v1': createHash('sha256').update([id, location['uri'], d.pointer, d.message].join('|')).digest('hex') },
      properties: { name: d.name, pointer: d.pointer },
    };
  });
  return lintLog(options, rules, {
    // The exit code lint returns (0 clean, 1 findings at or above --fail-on), so the log says what the CI step saw.
    invocations: [{ executionSuccessful: result.usageErrors.length === 0, exitCode, commandLine: options.command }],
    results,
    properties: { counts: result.counts, files: result.files.length },
  });
}

/**
 * A run that stopped before linting: executionSuccessful false with exit code 2 (3 for an internal error,
 * cli/internal-error-output.ts) and one error notification per message. lint stops only on paths and options it cannot use (LintResult.usageErrors: messages that start with the
 * path or option), never on a file's contents (those are results), so the notifications carry no file location.
 * `results` is present and empty, as the schema asks of a log that stands for a scan; executionSuccessful false says
 * the empty list is not a clean result.
 */
export function lintErrorSarif(stopped: { messages: readonly string[]; exitCode?: number }, options: LintSarifOptions): Json {
  const notifications = stopped.messages.map((text) => ({ level: 'error', message: { text } }));
  return lintLog(options, [], {
    invocations: [{ executionSuccessful: false, exitCode: stopped.exitCode ?? 2, commandLine: options.command, toolExecutionNotifications: notifications }],
    results: [],
  });
}

function lintLog(options: LintSarifOptions, rules: Json[], run: Json): Json {
  const version = sevenfoldVersion();
  return withVisibleMessages({
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Sevenfold', version, semanticVersion: version, rules } },
        automationDetails: { id: 'sevenfold/lint/' },
        originalUriBaseIds: { SRCROOT: { uri: srcRoot(options.cwd) } },
        columnKind: 'utf16CodeUnits',
        ...run,
      },
    ],
  });
}

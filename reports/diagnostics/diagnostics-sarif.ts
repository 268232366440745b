/**
 * Lint diagnostics as SARIF 2.1.0 (the format GitHub code scanning reads): one rule per diagnostic code
 * (rule id = the stable code: a device error number or SFnnnn; name = its symbolic name; help = its hint;
 * tags from the catalogue, "security" for the security lint), one result per diagnostic at its file, line
 * and column, relative to %SRCROOT% (the folder lint ran in). Validated against the vendored schema by the
 * tests (test/robustness/lint-sarif.test.ts).
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CODES, type CodeInfo, type CodeName } from '../../formats/diagnostics/codes.js';
import type { Diagnostic, Severity } from '../../formats/diagnostics/diagnostic.js';
import type { LintResult } from '../../model/lint/lint.js';
import { sevenfoldVersion } from '../audit/verification-run.js';

type Json = Record<string, unknown>;

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub ranks security results by this 0-10 score; the lint's own severity decides it. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '7.0', warning: '4.0', info: '1.0' };

export interface LintSarifOptions {
  /** The folder lint ran in: locations are relative to it (%SRCROOT%). */
  cwd: string;
  command: string;
}

function artifactLocation(path: string, cwd: string): Json {
  const rel = relative(cwd, path);
  if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return { uri: encodeURI(rel.split(sep).join('/')), uriBaseId: 'SRCROOT' };
  return { uri: pathToFileURL(path).href };
}

function words(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

function rule(d: Diagnostic): Json {
  const info = (Object.hasOwn(CODES, d.name) ? CODES[d.name as CodeName] : undefined) as CodeInfo | undefined;
  const tags = [...(info?.tags ?? [])];
  const severity = info?.severity ?? d.severity;
  return {
    id: String(d.code),
    name: d.name,
    shortDescription: { text: words(d.name) },
    ...(info?.hint ? { help: { text: info.hint } } : {}),
    defaultConfiguration: { level: LEVEL[severity] },
    properties: { tags: ['sevenfold-lint', ...tags], ...(tags.includes('security') ? { 'security-severity': SECURITY_SEVERITY[severity] } : {}) },
  };
}

export function lintSarif(result: LintResult, options: LintSarifOptions): Json {
  const ruleIds: string[] = [];
  const rules: Json[] = [];
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
      locations: [{ physicalLocation: { artifactLocation: location, region: { startLine: Math.max(1, d.position.line), startColumn: Math.max(1, d.position.column) } } }],
      partialFingerprints: { 'sevenfoldDiagnostic/v1': createHash('sha256').update([id, location['uri'], d.pointer, d.message].join('|')).digest('hex') },
      properties: { name: d.name, pointer: d.pointer },
    };
  });
  const version = sevenfoldVersion();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Sevenfold', version, semanticVersion: version, rules } },
        automationDetails: { id: 'sevenfold/lint/' },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(options.cwd.endsWith(sep) ? options.cwd : options.cwd + sep).href } },
        invocations: [{ executionSuccessful: result.usageErrors.length === 0, commandLine: options.command }],
        results,
        properties: { counts: result.counts, files: result.files.length },
      },
    ],
  };
}

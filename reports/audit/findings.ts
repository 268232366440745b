/**
 * Findings: what a report lists as wrong with the product, each located in a file (manifest,
 * hardware definition, product or platform file) at a line, with the command that reproduces it.
 * Read from PropertyResult only; evidence `data` is looked into where its shape is recognised
 * (claims with file/pointer/position, a file/pointer pair, a platform file), never required.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { LocatedJsonCache } from '../../formats/json/located-json-cache.js';
import type { Evidence, PropertyResult } from '../../properties/verdict.js';
import { shellQuote } from './provenance.js';
import type { VerificationRun } from './types.js';
import { reproduceOptions } from '../../properties/reproduce-options.js';

export interface FindingLocation {
  /** As shown: relative to the run's working directory where possible. */
  file: string;
  /** Absolute path. */
  path: string;
  pointer?: string;
  line: number;
  column: number;
  description?: string;
  /** The app (or board configuration) the claim at this place belongs to, when the evidence says. */
  app?: string;
  /** The I/O block the claim at this place is in, when the evidence says. */
  block?: string;
}

export interface Finding {
  /** Stable within a report: "<property>-<n>". */
  id: string;
  property: string;
  /** "violation" for a broken property, "warning" for a finding that does not break it, "crash" for a fuzz crash. */
  kind: 'violation' | 'warning' | 'crash';
  level: 'error' | 'warning';
  title: string;
  message: string;
  details: string[];
  reproduce: string;
  locations: FindingLocation[];
  /** The evidence item it comes from (index into the result's evidence). */
  evidence?: number;
  /** The conflict or check kind, when the evidence names one. */
  category?: string;
  /** The device's own error for it ("5242895 GpioBlockConflict"), when the evidence names one. */
  deviceError?: string;
  /** The run that broke the property, one step a line, when the evidence has one. */
  transcript?: string[];
  /** How to replay the counterexample inside the property suite, when the evidence says. */
  replay?: string;
  /** The profile requirement whose check produced it, when the evidence title names one ("<requirement id>: failed …"). */
  requirement?: string;
  /** The compliance clauses it bears on (model/compliance), set when the report is built. */
  clauses?: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Line and column of JSON pointers in files, reading each file once. */
export class PositionFinder {
  private readonly docs = new LocatedJsonCache();

  position(path: string, pointer: string | undefined): { line: number; column: number } {
    if (pointer === undefined) return { line: 1, column: 1 };
    const doc = this.docs.get(path);
    return doc ? doc.positionOf(pointer) : { line: 1, column: 1 };
  }
}

/**
 * `sevenfold verify` for one property of this run, with its seed: what a finding reproduces with when its
 * evidence gives no command. The product by its absolute path, so the command works from any folder.
 */
export function propertyCommand(run: VerificationRun, property: string): string {
  // The profile the run used, when it is not the built-in one: the verdicts were decided against it (reproduce-options.ts).
  const profile = run.results.flatMap((r) => r.inputs ?? []).find((i) => i.role === 'requirement profile' && !i.builtin);
  const options = reproduceOptions({ ...(profile ? { requirements: shellQuote(profile.absolutePath) } : {}), runs: run.runs, timeoutMs: run.timeoutMs });
  return `sevenfold verify --property ${property} --product ${shellQuote(run.product.file)} --seed ${run.seed}${options}`;
}

/** The shrunk run inside an evidence item ("counterexample: …" lines), one step a line. */
export function transcriptOf(evidence: Evidence): string[] | undefined {
  const line = evidence.lines.find((l) => l.startsWith('counterexample: '));
  if (!line) return undefined;
  return line
    .slice('counterexample: '.length)
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '');
}

function replayOf(evidence: Evidence): string | undefined {
  return evidence.lines.find((l) => l.startsWith('replay: '))?.slice('replay: '.length);
}

function locationsOfData(data: unknown, run: VerificationRun, finder: PositionFinder): FindingLocation[] {
  if (!isObj(data)) return [];
  const locate = (file: unknown, pointer: unknown, position: unknown, description?: unknown, app?: unknown, block?: unknown): FindingLocation | undefined => {
    if (typeof file !== 'string' || file === '') return undefined;
    const path = isAbsolute(file) ? file : resolve(run.cwd, file);
    const ptr = typeof pointer === 'string' ? pointer : undefined;
    const pos = isObj(position) && typeof position['line'] === 'number' ? { line: position['line'] as number, column: typeof position['column'] === 'number' ? (position['column'] as number) : 1 } : finder.position(path, ptr);
    return {
      file: displayPath(path, run.cwd),
      path,
      ...(ptr !== undefined ? { pointer: ptr } : {}),
      line: pos.line,
      column: pos.column,
      ...(typeof description === 'string' ? { description } : {}),
      ...(typeof app === 'string' && app !== '' ? { app } : {}),
      ...(typeof block === 'string' && block !== '' ? { block } : {}),
    };
  };
  const appOf = (item: Obj): unknown => item['app'] ?? item['appName'] ?? item['compartmentName'] ?? (isObj(item['compartment']) ? item['compartment']['name'] : item['compartment']);
  const blockOf = (item: Obj): unknown => (isObj(item['block']) ? item['block']['id'] : item['block']);
  const out: FindingLocation[] = [];
  for (const key of ['claims', 'locations']) {
    const list = data[key];
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      if (!isObj(item)) continue;
      const loc = locate(item['file'], item['pointer'], item['position'], item['description'] ?? item['message'], appOf(item), blockOf(item));
      if (loc) out.push(loc);
    }
  }
  if (out.length === 0) {
    const loc = locate(data['file'], data['pointer'], data['position']);
    if (loc) out.push(loc);
  }
  if (out.length === 0 && typeof data['platform'] === 'string') {
    // A platform-design finding (e.g. the computed TCB): the design file, at the declared TCB when the evidence compares with it.
    const loc = locate(data['platform'], Array.isArray(data['declared']) ? '/declaredTcb' : undefined, undefined);
    if (loc) out.push(loc);
  }
  return out;
}

function productLocation(run: VerificationRun): FindingLocation {
  return { file: displayPath(run.product.file, run.cwd), path: run.product.file, line: 1, column: 1, description: 'the product file' };
}

/** "path /pointer: message" (how checks word warnings about a place in a file), when the file exists. */
function locationOfWarning(warning: string, run: VerificationRun, finder: PositionFinder): FindingLocation | undefined {
  const m = /^(\S+) (\/\S*): /.exec(warning);
  if (!m) return undefined;
  const candidates = [resolve(run.cwd, m[1]!), resolve(m[1]!)];
  const path = candidates.find((p) => existsSync(p));
  if (!path) return undefined;
  const pos = finder.position(path, m[2]!);
  return { file: displayPath(path, run.cwd), path, pointer: m[2]!, line: pos.line, column: pos.column };
}

/** The profile requirement an evidence item is the check of: `data.requirement`, else a title "<requirement id>: …". */
function requirementOf(e: Evidence, result: PropertyResult): string | undefined {
  const ids = (result.requirements ?? []).map((q) => q.id);
  const named = isObj(e.data) && typeof e.data['requirement'] === 'string' ? e.data['requirement'] : undefined;
  if (named !== undefined && ids.includes(named)) return named;
  return ids.find((id) => e.title.startsWith(`${id}:`));
}

/**
 * Places an evidence item's lines cite as `file.json:line:column /pointer` (how checks word "the design
 * allows it: platform.json:309:5 /access/15"), for evidence whose data has no locations; files that exist only.
 */
function locationsInLines(lines: readonly string[], run: VerificationRun): FindingLocation[] {
  const out: FindingLocation[] = [];
  for (const line of lines) {
    for (const m of line.matchAll(/(?:^|\s)(\S+\.json):(\d+):(\d+)(?: (\/\S*?))?:?(?=\s|$)/g)) {
      const path = isAbsolute(m[1]!) ? m[1]! : resolve(run.cwd, m[1]!);
      if (!existsSync(path)) continue;
      out.push({ file: displayPath(path, run.cwd), path, line: Number(m[2]), column: Number(m[3]), ...(m[4] ? { pointer: m[4] } : {}), description: line.trim() });
    }
  }
  return out;
}

function isCounterexampleEvidence(e: Evidence): boolean {
  const data = e.data;
  if (isObj(data) && (Array.isArray(data['claims']) || Array.isArray(data['locations']) || Array.isArray(data['path']) || Array.isArray(data['trace']))) return true;
  if (transcriptOf(e)) return true;
  return /\b(violated|conflict|counterexample|witness|attack)\b/i.test(e.title) && !/\bholds\b/i.test(e.title);
}

function deviceErrorOf(e: Evidence): string | undefined {
  const data = e.data;
  if (!isObj(data) || (typeof data['deviceError'] !== 'number' && typeof data['deviceError'] !== 'string')) return undefined;
  return `${data['deviceError']}${typeof data['deviceErrorName'] === 'string' ? ` ${data['deviceErrorName']}` : ''}`;
}

function categoryOf(e: Evidence): string | undefined {
  const data = e.data;
  if (isObj(data) && typeof data['kind'] === 'string') return data['kind'];
  const m = /^([\w-]+): violated/.exec(e.title);
  return m ? m[1] : undefined;
}

/**
 * Defense in depth's attack-graph evidence lists the fewest compromises to each critical asset (data.minimumCuts);
 * its title names no violation, so the assets below the profile's min-compromises are picked here (was: missing
 * from the report's findings and SARIF while the summary led with them).
 */
function cutsShortOfRequirement(e: Evidence, result: PropertyResult): { asset: string; cost: number }[] {
  const data = e.data;
  const required = (result.requirements ?? []).find((q) => q.id.endsWith('.min-compromises') && q.outcome === 'failed')?.value;
  if (!isObj(data) || !Array.isArray(data['minimumCuts']) || typeof required !== 'number') return [];
  return (data['minimumCuts'] as unknown[]).filter((c): c is { asset: string; cost: number } => isObj(c) && typeof c['asset'] === 'string' && typeof c['cost'] === 'number' && c['cost'] < required);
}

function cutsMessage(e: Evidence, result: PropertyResult): string | undefined {
  const short = cutsShortOfRequirement(e, result);
  if (short.length === 0) return undefined;
  const required = (result.requirements ?? []).find((q) => q.id.endsWith('.min-compromises'))!.value;
  // The weakest asset by name and a count of the rest, so that a platform where many assets fall keeps a one-line finding (the first screen).
  const weakest = short.reduce((a, b) => (b.cost < a.cost ? b : a));
  const others = short.length - 1;
  return `${weakest.asset} falls to ${weakest.cost} compromise${weakest.cost === 1 ? '' : 's'} (${String(required)} required${others ? `; ${others} more asset${others > 1 ? 's' : ''} below` : ''})`;
}

/** The evidence's first line of its own; a line that only announces a list ("15 ways …:") gets the list's first item. */
function headlineOf(lines: string[]): string | undefined {
  const at = lines.findIndex((l) => !l.startsWith('  ') && !l.startsWith('counterexample: ') && !l.startsWith('replay: '));
  if (at < 0) return undefined;
  const line = lines[at]!;
  const first = lines[at + 1]?.trim();
  if (!line.endsWith(':') || !first) return line;
  const more = lines.slice(at + 2).filter((l) => l.startsWith('  ')).length;
  return `${line} ${first}${more ? ` (and ${more} more)` : ''}`;
}

export function findingsOfResult(run: VerificationRun, result: PropertyResult, finder = new PositionFinder()): Finding[] {
  const findings: Finding[] = [];
  const next = () => `${result.property}-${findings.length + 1}`;
  const fallback = propertyCommand(run, result.property);
  if (result.verdict === 'violated') {
    const evidence = result.evidence ?? [];
    const chosen = evidence.map((e, i) => ({ e, i })).filter(({ e }) => isCounterexampleEvidence(e) || cutsShortOfRequirement(e, result).length > 0);
    if (chosen.length === 0) {
      const withData = evidence.map((e, i) => ({ e, i })).find(({ e }) => locationsOfData(e.data, run, finder).length > 0);
      const locations = withData ? locationsOfData(withData.e.data, run, finder) : [];
      findings.push({
        id: next(),
        property: result.property,
        kind: 'violation',
        level: 'error',
        title: result.summary,
        message: result.summary,
        details: evidence.flatMap((e) => [e.title, ...e.lines.map((l) => `  ${l}`)]),
        reproduce: evidence.find((e) => e.reproduce)?.reproduce ?? fallback,
        locations: locations.length ? locations : [productLocation(run)],
        ...(withData ? { evidence: withData.i } : {}),
      });
    }
    for (const { e, i } of chosen) {
      const fromData = locationsOfData(e.data, run, finder);
      const locations = fromData.length ? fromData : locationsInLines(e.lines, run);
      const transcript = transcriptOf(e);
      const replay = replayOf(e);
      const category = categoryOf(e);
      const deviceError = deviceErrorOf(e);
      const requirement = requirementOf(e, result);
      const message = cutsMessage(e, result) ?? headlineOf(e.lines) ?? result.summary;
      findings.push({
        id: next(),
        property: result.property,
        kind: 'violation',
        level: 'error',
        title: e.title,
        message,
        details: e.lines.filter((l) => !l.startsWith('counterexample: ') && !l.startsWith('replay: ')),
        reproduce: e.reproduce ?? fallback,
        locations: locations.length ? locations : [productLocation(run)],
        evidence: i,
        ...(requirement ? { requirement } : {}),
        ...(category ? { category } : {}),
        ...(deviceError ? { deviceError } : {}),
        ...(transcript ? { transcript } : {}),
        ...(replay ? { replay } : {}),
      });
    }
  }
  for (const warning of result.warnings ?? []) {
    const location = locationOfWarning(warning, run, finder);
    findings.push({
      id: next(),
      property: result.property,
      kind: 'warning',
      level: 'warning',
      title: 'warning',
      message: warning,
      details: [],
      reproduce: fallback,
      locations: [location ?? productLocation(run)],
    });
  }
  return findings;
}

export function findingsOfRun(run: VerificationRun): Finding[] {
  const finder = new PositionFinder();
  const findings = run.results.flatMap((r) => findingsOfResult(run, r, finder));
  for (const campaign of run.fuzz?.campaigns ?? []) {
    campaign.crashes.forEach((crash, i) => {
      const inputPath = crash.input ? resolve(run.cwd, crash.input) : undefined;
      const location: FindingLocation =
        inputPath && existsSync(inputPath) ? { file: displayPath(inputPath, run.cwd), path: inputPath, line: 1, column: 1, description: 'the crashing input' } : productLocation(run);
      findings.push({
        id: `fuzz-${campaign.target}-${i + 1}`,
        property: campaign.property ?? 'fuzz',
        kind: 'crash',
        level: 'error',
        title: `fuzz crash in ${campaign.target}`,
        message: crash.message,
        details: crash.stack ? crash.stack.split('\n').slice(0, 12) : [],
        reproduce: crash.reproduce ?? campaign.reproduce ?? `(the campaign ${campaign.file} names no replay command)`,
        locations: [location],
        category: crash.id,
      });
    });
  }
  return findings;
}

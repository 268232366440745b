/**
 * Fuzz campaign results for a report (`sevenfold report --fuzz [path]`). A campaign writes one JSON
 * results file; the reader is lenient about field names so that it keeps working while the fuzz
 * harness (fuzz/) settles its format. The fields it reads are documented in reports/README.md.
 * From a folder it takes, for each target and mode, the newest campaign. `sevenfold fuzz` writes
 * <out>/<target>/results-<mode>.json (fuzz/engine/results-file.ts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import type { FuzzCampaign, FuzzCrash } from './types.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (o: Obj, ...keys: string[]): string | undefined => {
  for (const k of keys) if (typeof o[k] === 'string' && o[k] !== '') return o[k] as string;
  return undefined;
};
const num = (o: Obj, ...keys: string[]): number | undefined => {
  for (const k of keys) if (typeof o[k] === 'number' && Number.isFinite(o[k])) return o[k] as number;
  return undefined;
};

/** A campaign from parsed JSON, or undefined when the object does not look like one. */
export function parseFuzzCampaign(value: unknown, file: string): FuzzCampaign | undefined {
  if (!isObj(value)) return undefined;
  const campaign = isObj(value['campaign']) ? { ...value, ...(value['campaign'] as Obj) } : value;
  const target = str(campaign, 'target', 'harness', 'name');
  const crashesRaw = campaign['crashes'] ?? campaign['findings'];
  const executions = num(campaign, 'executions', 'execs', 'totalExecutions', 'runs');
  if (!target || (executions === undefined && !Array.isArray(crashesRaw))) return undefined;
  const seconds = num(campaign, 'durationSeconds', 'seconds');
  const durationMs = num(campaign, 'durationMs', 'duration_ms') ?? (seconds !== undefined ? seconds * 1000 : undefined);
  const corpus = campaign['corpusSize'] ?? campaign['corpus'];
  const coverage = campaign['coverage'];
  const crashes: FuzzCrash[] = (Array.isArray(crashesRaw) ? crashesRaw : []).filter(isObj).map((c, i) => {
    const crash: FuzzCrash = { id: str(c, 'id', 'hash', 'name') ?? `crash-${i + 1}`, message: str(c, 'message', 'error', 'reason') ?? '(no message recorded)' };
    const input = str(c, 'input', 'file', 'artifact', 'path');
    const stack = str(c, 'stack');
    const reproduce = str(c, 'reproduce', 'command', 'replay');
    if (input) crash.input = input;
    if (stack) crash.stack = stack;
    if (reproduce) crash.reproduce = reproduce;
    return crash;
  });
  const out: FuzzCampaign = { file, target, crashes };
  const engine = str(campaign, 'engine', 'fuzzer');
  const startedAt = str(campaign, 'startedAt', 'started', 'startTime');
  const execsPerSecond = num(campaign, 'execsPerSecond', 'execs_per_sec', 'execPerSec') ?? (executions !== undefined && durationMs ? (executions * 1000) / durationMs : undefined);
  const seed = num(campaign, 'seed');
  const property = str(campaign, 'property');
  const reproduce = str(campaign, 'reproduce', 'command');
  if (engine) out.engine = engine;
  if (startedAt) out.startedAt = startedAt;
  if (durationMs !== undefined) out.durationMs = durationMs;
  if (executions !== undefined) out.executions = executions;
  if (execsPerSecond !== undefined) out.execsPerSecond = Math.round(execsPerSecond);
  if (typeof corpus === 'number') out.corpusSize = corpus;
  else if (Array.isArray(corpus)) out.corpusSize = corpus.length;
  if (typeof coverage === 'string' || typeof coverage === 'number') out.coverage = String(coverage);
  if (seed !== undefined) out.seed = seed;
  if (property) out.property = property;
  if (reproduce) out.reproduce = reproduce;
  // `sevenfold fuzz` exits 3 for such a campaign ("nothing is known about it"); a row reading 0 crashes would say otherwise.
  if (executions === 0) {
    const stoppedBy = str(campaign, 'stoppedBy');
    out.didNotFuzz = `it ran no input${stoppedBy ? ` (stopped by: ${stoppedBy})` : ''}`;
  }
  return out;
}

function jsonFiles(dir: string, depth: number): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && depth > 0 && entry.name !== 'node_modules' && !entry.name.startsWith('.')) files.push(...jsonFiles(path, depth - 1));
    else if (entry.isFile() && entry.name.endsWith('.json')) files.push(path);
  }
  return files;
}

/** The latest campaign per target found at `path` (a results file or a folder of them). */
export function readFuzzCampaigns(path: string, cwd: string): { source: string; campaigns: FuzzCampaign[]; note?: string } {
  const full = resolve(cwd, path);
  const source = displayPath(full);
  if (!existsSync(full)) return { source, campaigns: [], note: `no fuzz campaign results at ${source}` };
  const files = statSync(full).isDirectory() ? jsonFiles(full, 3) : [full];
  const found: { campaign: FuzzCampaign; time: number; mode: string }[] = [];
  for (const file of files) {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    const list = Array.isArray(value) ? value : isObj(value) && Array.isArray(value['campaigns']) ? (value['campaigns'] as unknown[]) : [value];
    for (const item of list) {
      const campaign = parseFuzzCampaign(item, displayPath(file));
      if (!campaign) continue;
      const started = campaign.startedAt ? Date.parse(campaign.startedAt) : NaN;
      const mode = isObj(item) && typeof item['mode'] === 'string' ? item['mode'] : '';
      found.push({ campaign, time: Number.isNaN(started) ? statSync(file).mtimeMs : started, mode });
    }
  }
  // The latest campaign of each target and mode: `sevenfold fuzz --mode both` runs two per target.
  const latest = new Map<string, { campaign: FuzzCampaign; time: number; mode: string }>();
  for (const f of found) {
    const key = `${f.campaign.target}\u0000${f.mode}`;
    const known = latest.get(key);
    if (!known || f.time > known.time) latest.set(key, f);
  }
  const campaigns = [...latest.values()].sort((a, b) => a.campaign.target.localeCompare(b.campaign.target)).map((f) => f.campaign);
  return campaigns.length ? { source, campaigns } : { source, campaigns, note: `no fuzz campaign results found in ${source}` };
}

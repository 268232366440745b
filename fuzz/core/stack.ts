/**
 * Crash identity: two crashes are the same bug when they fail the same oracle, or throw the same kind of
 * error from the same functions. Line numbers and input-dependent parts of messages are left out, so the
 * key is the same whether the crash was met by jsfuzz, by the structure-aware mode, on compiled CommonJS
 * or on the TypeScript sources.
 */
import { OracleViolation } from './oracle.js';

const PROJECT_DIRS = ['formats', 'model', 'fuzz', 'bench', 'cli', 'reports', 'properties', 'emulator', 'proofs', 'test'];
const FRAMES = 3;

export interface CrashIdentity {
  /** Short stable key, e.g. "TypeError: Cannot read properties of undefined (reading S) at readPeripheral (formats/manifest/read-manifest)". */
  key: string;
  /** First line of the error, for the report. */
  headline: string;
  stack: string;
}

export function crashIdentity(error: unknown): CrashIdentity {
  if (error instanceof OracleViolation || (isErrorLike(error) && error.name === 'OracleViolation' && typeof (error as { oracle?: unknown }).oracle === 'string')) {
    const e = error as OracleViolation;
    return { key: `oracle ${e.oracle}`, headline: firstLine(e.message), stack: e.stack ?? e.message };
  }
  if (!isErrorLike(error)) {
    const text = describeThrown(error);
    return { key: `non-Error thrown: ${shape(text)}`, headline: `non-Error value thrown: ${text}`, stack: text };
  }
  const frames = projectFrames(error.stack ?? '').slice(0, FRAMES);
  const key = `${error.name}: ${shape(error.message)}${frames.length ? ' at ' + frames.join(' < ') : ''}`;
  return { key, headline: `${error.name}: ${firstLine(error.message)}`, stack: error.stack ?? `${error.name}: ${error.message}` };
}

/** "fn (formats/manifest/read-manifest)" for each frame inside the project, innermost first. */
export function projectFrames(stack: string): string[] {
  const out: string[] = [];
  for (const line of stack.split('\n')) {
    const m = /^\s*at (?:(.*?) \()?(.*?):\d+:\d+\)?$/.exec(line);
    if (!m) continue;
    const file = projectRelative(m[2]!);
    if (!file) continue;
    const fn = (m[1] ?? '<anonymous>').replace(/^(async |new )/, '').replace(/^Object\./, '');
    out.push(`${fn} (${file})`);
  }
  return out;
}

function projectRelative(path: string): string | undefined {
  const normal = path.replace(/\\/g, '/').replace(/^file:\/\//, '');
  if (normal.includes('/node_modules/') || normal.startsWith('node:')) return undefined;
  // Compiled trees (dist/, dist-fuzz/, and the benchmark's copies of dist-fuzz/) are named like the sources.
  const compiled = Math.max(normal.lastIndexOf('/dist-fuzz/'), normal.lastIndexOf('/dist/'));
  const rest = compiled >= 0 ? normal.slice(normal.indexOf('/', compiled + 1) + 1) : normal;
  const parts = rest.split('/');
  const i = compiled >= 0 ? 0 : parts.findIndex((p) => PROJECT_DIRS.includes(p));
  if (i < 0 || !PROJECT_DIRS.includes(parts[i]!)) return undefined;
  const rel = parts.slice(i).join('/').replace(/\.(c|m)?[jt]s$/, '');
  // The engines call the code under test in different ways (fuzz loop, replay, minimizer), and tests call
  // the engines: neither is part of the key.
  return rel.startsWith('fuzz/engine/') || rel.startsWith('test/') ? undefined : rel;
}

/** The message with the input-dependent parts (numbers, quoted text) replaced. */
function shape(message: string): string {
  return firstLine(message)
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, 'S')
    .replace(/0x[0-9a-f]+|\d+(\.\d+)?/gi, 'N')
    .slice(0, 120);
}

const firstLine = (s: string): string => s.split('\n')[0] ?? '';

function isErrorLike(e: unknown): e is Error {
  return typeof e === 'object' && e !== null && typeof (e as Error).message === 'string' && typeof (e as Error).name === 'string';
}

function describeThrown(e: unknown): string {
  try {
    return typeof e === 'string' ? e : JSON.stringify(e) ?? String(e);
  } catch {
    return String(e);
  }
}

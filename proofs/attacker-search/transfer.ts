/**
 * A search result across a thread boundary. Terms are interned objects of one thread (terms.ts): a
 * structured clone would turn them into plain objects that are equal to nothing and print as
 * "[object Object]". So the sender lists every term the result names once, as (kind, name, argument
 * numbers) in the order of its own ids, and the receiver interns them again with its own
 * constructors: equal terms become the same object there too, and what the receiver builds itself
 * (the concrete replay's model) compares equal to them.
 *
 * The receiver trusts nothing it is sent: every field the property reads is checked, and anything
 * malformed throws (the caller turns that into `unknown`). A result that says `holds` must look like
 * one: no violation, no reason to stop early, every session count searched to the end.
 */
import { PROPERTY_IDS, REDUCTIONS, type Action, type Role } from './model.js';
import type { Counterexample, SearchResult, SearchStats } from './search.js';
import { cnst, dh, key, nonce, pk, sig, tuple, type Term, type TermKind } from './terms.js';

/** A term as sent: kind, name (atoms) and the numbers of its arguments in the same table (always smaller). */
type SentTerm = [kind: TermKind, name: string, args: number[]];
type SentAction =
  | { kind: 'start'; run: string; role: Role; agent: string; sent: number }
  | { kind: 'deliver'; run: string; role: Role; agent: string; message: number; sent?: number; note?: string }
  | { kind: 'tick'; period: number };

export interface SentSearchResult extends Omit<SearchResult, 'violations' | 'prefix'> {
  terms: SentTerm[];
  violations: { property: Counterexample['property']; detail: string; trace: SentAction[] }[];
  prefix: { device: string; messages: number[] }[];
}

export function encodeSearchResult(result: SearchResult): SentSearchResult {
  // Every term named, with its sub-terms, numbered in the sender's id order: arguments are older than
  // the term, so they come first. (A dh term is interned again by dh(), which orders its arguments by
  // the receiver's ids; traces and prefixes hold none: session keys appear only as secrets.)
  const named = new Map<number, Term>();
  const collect = (t: Term): void => {
    if (named.has(t.id)) return;
    named.set(t.id, t);
    for (const a of t.args) collect(a);
  };
  for (const v of result.violations) for (const a of v.trace) for (const t of termsOf(a)) collect(t);
  for (const p of result.prefix) for (const m of p.messages) collect(m);
  const ordered = [...named.values()].sort((a, b) => a.id - b.id);
  const number = new Map(ordered.map((t, i) => [t.id, i]));
  const n = (t: Term) => number.get(t.id)!;
  const { violations, prefix, ...rest } = result;
  return {
    ...rest,
    terms: ordered.map((t) => [t.kind, t.name, t.args.map(n)]),
    violations: violations.map((v) => ({ property: v.property, detail: v.detail, trace: v.trace.map((a) => encodeAction(a, n)) })),
    prefix: prefix.map((p) => ({ device: p.device, messages: p.messages.map(n) })),
  };
}

function encodeAction(a: Action, n: (t: Term) => number): SentAction {
  if (a.kind === 'tick') return { kind: 'tick', period: a.period };
  const common = { run: a.run, role: a.role, agent: a.agent };
  if (a.kind === 'start') return { kind: 'start', ...common, sent: n(a.sent) };
  return { kind: 'deliver', ...common, message: n(a.message), ...(a.sent ? { sent: n(a.sent) } : {}), ...(a.note !== undefined ? { note: a.note } : {}) };
}

function termsOf(a: Action): Term[] {
  if (a.kind === 'tick') return [];
  if (a.kind === 'start') return [a.sent];
  return a.sent ? [a.message, a.sent] : [a.message];
}

const ARITY: Record<TermKind, number | 'any'> = { const: 0, nonce: 0, key: 0, pk: 1, sig: 2, tuple: 'any', dh: 2 };
const ROLES: readonly Role[] = ['device-attest', 'service', 'device-connect', 'hub'];
const STAT_FIELDS: readonly (keyof SearchStats)[] = ['states', 'transitions', 'maxDepth', 'maxDeliveries', 'timeMs', 'statesPerSecond', 'peakHeapBytes', 'bytesPerState'];

export class MalformedSearchResult extends Error {}

/** The result in this thread's terms; throws MalformedSearchResult when anything is missing or inconsistent. */
export function decodeSearchResult(sent: unknown): SearchResult {
  const fail = (what: string): never => {
    throw new MalformedSearchResult(`malformed search result: ${what}`);
  };
  const s = record(sent) ?? fail('not an object');
  const verdict = s['verdict'];
  if (verdict !== 'holds' && verdict !== 'violated' && verdict !== 'unknown') fail(`verdict ${String(verdict)}`);
  const terms: Term[] = [];
  for (const [i, entry] of list(s['terms'], 'terms', fail).entries()) {
    if (!Array.isArray(entry) || entry.length !== 3) fail(`term ${i}`);
    const [kind, name, args] = entry as unknown[];
    const arity = typeof kind === 'string' && kind in ARITY ? ARITY[kind as TermKind] : fail(`term ${i}: kind ${String(kind)}`);
    if (typeof name !== 'string' || !Array.isArray(args) || (arity !== 'any' && args.length !== arity)) fail(`term ${i}`);
    const parts = (args as unknown[]).map((a) => (Number.isInteger(a) && (a as number) >= 0 && (a as number) < i ? terms[a as number]! : fail(`term ${i}: argument ${String(a)}`)));
    terms.push(intern(kind as TermKind, name as string, parts));
  }
  const term = (x: unknown, where: string): Term => (Number.isInteger(x) && (x as number) >= 0 && (x as number) < terms.length ? terms[x as number]! : fail(`${where}: term ${String(x)}`));
  const text = (x: unknown, where: string): string => (typeof x === 'string' ? x : fail(where));
  const count = (x: unknown, where: string): number => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : fail(where));

  const action = (x: unknown, where: string): Action => {
    const a = record(x) ?? fail(where);
    if (a['kind'] === 'tick') return { kind: 'tick', period: count(a['period'], `${where}: period`) };
    const role = ROLES.includes(a['role'] as Role) ? (a['role'] as Role) : fail(`${where}: role`);
    const common = { run: text(a['run'], `${where}: run`), role, agent: text(a['agent'], `${where}: agent`) };
    if (a['kind'] === 'start') return { kind: 'start', ...common, sent: term(a['sent'], where) };
    if (a['kind'] !== 'deliver') return fail(`${where}: kind`);
    return { kind: 'deliver', ...common, message: term(a['message'], where), ...(a['sent'] !== undefined ? { sent: term(a['sent'], where) } : {}), ...(a['note'] !== undefined ? { note: text(a['note'], `${where}: note`) } : {}) };
  };
  const violations: Counterexample[] = list(s['violations'], 'violations', fail).map((x, i) => {
    const v = record(x) ?? fail(`violation ${i}`);
    const property = PROPERTY_IDS.includes(v['property'] as Counterexample['property']) ? (v['property'] as Counterexample['property']) : fail(`violation ${i}: property`);
    return { property, detail: text(v['detail'], `violation ${i}: detail`), trace: list(v['trace'], `violation ${i}: trace`, fail).map((a, j) => action(a, `violation ${i}, step ${j}`)) };
  });
  const prefix = list(s['prefix'], 'prefix', fail).map((x, i) => {
    const p = record(x) ?? fail(`prefix ${i}`);
    return { device: text(p['device'], `prefix ${i}: device`), messages: list(p['messages'], `prefix ${i}`, fail).map((m) => term(m, `prefix ${i}`)) };
  });
  const statsIn = record(s['stats']) ?? fail('stats');
  const stats = Object.fromEntries(STAT_FIELDS.map((f) => [f, count(statsIn[f], `stats.${f}`)])) as unknown as SearchStats;
  const boundIn = record(s['bound']) ?? fail('bound');
  const bound = { sessions: count(boundIn['sessions'], 'bound.sessions'), maxStates: count(boundIn['maxStates'], 'bound.maxStates') };
  const scenario = record(s['scenario']) ?? fail('scenario');
  if (typeof scenario['name'] !== 'string' || !Array.isArray(scenario['devices']) || !Array.isArray(scenario['compromisedKeys']) || typeof scenario['honestPrefix'] !== 'boolean') fail('scenario');
  const reductions = list(s['reductions'], 'reductions', fail).map((r) => ((REDUCTIONS as readonly unknown[]).includes(r) ? (r as SearchResult['reductions'][number]) : fail(`reduction ${String(r)}`)));
  const incomplete = s['incomplete'] === undefined ? undefined : text(s['incomplete'], 'incomplete');
  const completeSessions = count(s['completeSessions'], 'completeSessions');
  if (typeof s['cloudModelled'] !== 'boolean') fail('cloudModelled');
  // What the verdict claims must agree with what the result shows (a `holds` that is not one is refused).
  if ((verdict === 'violated') !== violations.length > 0) fail(`verdict ${verdict} with ${violations.length} violations`);
  if (verdict === 'holds' && (incomplete !== undefined || completeSessions !== bound.sessions)) fail('verdict holds for a search that did not finish');
  if (verdict === 'unknown' && incomplete === undefined) fail('verdict unknown without a reason');
  return {
    verdict: verdict as SearchResult['verdict'],
    design: text(s['design'], 'design'),
    scenario: scenario as unknown as SearchResult['scenario'],
    bound,
    boundText: text(s['boundText'], 'boundText'),
    reductions,
    stats,
    violations,
    ...(incomplete !== undefined ? { incomplete } : {}),
    completeSessions,
    cloudModelled: s['cloudModelled'] as boolean,
    prefix,
  };
}

function intern(kind: TermKind, name: string, args: Term[]): Term {
  switch (kind) {
    case 'const':
      return cnst(name);
    case 'nonce':
      return nonce(name);
    case 'key':
      return key(name);
    case 'pk':
      return pk(args[0]!);
    case 'sig':
      return sig(args[0]!, args[1]!);
    case 'dh':
      return dh(args[0]!, args[1]!);
    case 'tuple':
      return tuple(...args);
  }
}

function record(x: unknown): Record<string, unknown> | undefined {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined;
}

function list(x: unknown, where: string, fail: (what: string) => never): unknown[] {
  return Array.isArray(x) ? x : fail(where);
}

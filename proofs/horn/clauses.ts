/**
 * Facts and Horn clauses H₁ ∧ … ∧ Hₙ → C of the abstraction, and the simplifications ProVerif applies
 * to them (Blanchet, "Modeling and verifying security protocols with the applied pi calculus and
 * ProVerif", §5.2): duplicate hypotheses merged, att(x) hypotheses on a variable found nowhere else
 * dropped (the attacker always knows some term), tautologies (C among the H) dropped, and subsumption.
 *
 * Predicates:
 * - `att(t)`: the attacker knows t;
 * - `mevent(e)`: a begin event of an honest party (ProVerif's m-event): never resolved, it stays among
 *   the hypotheses, so a clause concluding an end event lists the begin events it needed;
 * - `end(e)`: an end event (a party accepted); only ever a conclusion;
 * - `key(q, k)`: a party believes k is a session key shared with an honest peer (q says which party);
 * - `bad(q, …)`: query q's goal was reached.
 */
import { canonical, countVars, equal, isVar, match, mayMatch, shift, showTerm, substitute, termSize, unify as unifyTerms, type HTerm, type Subst } from './terms.js';

export type Pred = 'att' | 'mevent' | 'end' | 'key' | 'bad';

export interface Fact {
  readonly pred: Pred;
  readonly args: readonly HTerm[];
}

/** Where a clause came from: a rule of the translation (with its text), or a resolution step. */
export type Origin = { kind: 'rule'; rule: string } | { kind: 'resolution'; from: Clause; into: Clause };

export interface Clause {
  readonly hyps: readonly Fact[];
  readonly concl: Fact;
  readonly origin: Origin;
  /** 1 + highest variable number. */
  readonly vars: number;
  /** Index of the selected hypothesis, or -1 when none is (the clause is solved). */
  readonly selected: number;
  /** For a quick "cannot subsume" (maySubsume). */
  readonly signature: SubsumptionSignature;
}

export const fact = (pred: Pred, ...args: HTerm[]): Fact => ({ pred, args });

export function showFact(f: Fact): string {
  return `${f.pred}(${f.args.map(showTerm).join(', ')})`;
}

export function showClause(c: Pick<Clause, 'hyps' | 'concl'>): string {
  return c.hyps.length ? `${c.hyps.map(showFact).join(' ∧ ')} → ${showFact(c.concl)}` : showFact(c.concl);
}

const factEqual = (a: Fact, b: Fact): boolean => a.pred === b.pred && a.args.length === b.args.length && a.args.every((t, i) => equal(t, b.args[i]!));

function substFact(f: Fact, s: Subst): Fact {
  return { pred: f.pred, args: f.args.map((a) => substitute(a, s)) };
}

/** A hypothesis the saturation never resolves on: att(x) on a variable, and begin events. */
export const unselectable = (f: Fact): boolean => f.pred === 'mevent' || (f.pred === 'att' && isVar(f.args[0]!));

/**
 * The clause H·s → C·s simplified and in canonical form, or undefined when it is a tautology. The
 * selection function picks the largest selectable hypothesis (ProVerif picks any non-att(x) one; the
 * largest is resolved against fewer solved clauses).
 */
export function makeClause(hyps: readonly Fact[], concl: Fact, origin: Origin, s: Subst = new Map()): Clause | undefined {
  const c = substFact(concl, s);
  let hs = hyps.map((h) => substFact(h, s));
  const deduped: Fact[] = [];
  for (const h of hs) if (!deduped.some((d) => factEqual(d, h))) deduped.push(h);
  hs = deduped;
  if (hs.some((h) => factEqual(h, c))) return undefined;
  // att(x) with x nowhere else: always satisfiable, drop it. "Elsewhere" is the conclusion or another
  // hypothesis; att(x) itself holds x once, and no other hypothesis is att(x) (duplicates are merged).
  if (hs.some((h) => h.pred === 'att' && isVar(h.args[0]!))) {
    const occurrences = new Map<number, number>();
    for (const f of [c, ...hs]) for (const a of f.args) countVars(a, occurrences);
    hs = hs.filter((h) => !(h.pred === 'att' && isVar(h.args[0]!)) || occurrences.get((h.args[0] as { v: number }).v)! > 1);
  }
  // Variables renumbered from 0 in order of appearance: resolvents stay small-numbered.
  const names = new Map<number, number>();
  const concl1: Fact = { pred: c.pred, args: c.args.map((a) => canonical(a, names)) };
  const hs1 = hs.map((h) => ({ pred: h.pred, args: h.args.map((a) => canonical(a, names)) }));
  let selected = -1;
  let size = -1;
  hs1.forEach((h, i) => {
    if (unselectable(h)) return;
    const n = h.args.reduce((m, a) => m + termSize(a), 0);
    if (n > size) {
      size = n;
      selected = i;
    }
  });
  return { hyps: hs1, concl: concl1, origin, vars: names.size, selected, signature: subsumptionSignature(hs1, concl1) };
}

/**
 * The resolvent of a solved clause `from` (its conclusion) into the selected hypothesis of `into`, or
 * undefined when they do not unify (or the result is a tautology).
 */
export function resolve(from: Clause, into: Clause): Clause | undefined {
  const sel = into.hyps[into.selected]!;
  if (sel.pred !== from.concl.pred || sel.args.length !== from.concl.args.length) return undefined;
  // Standardise apart: `from`'s variables move above `into`'s.
  const by = into.vars;
  const fromConcl = from.concl.args.map((a) => shift(a, by));
  const s: Subst = new Map();
  const unifyAll = (a: readonly HTerm[], b: readonly HTerm[]) => a.every((t, i) => unifyTerms(t, b[i]!, s));
  if (!unifyAll(fromConcl, sel.args)) return undefined;
  const fromHyps = from.hyps.map((h) => ({ pred: h.pred, args: h.args.map((a) => shift(a, by)) }));
  const rest = into.hyps.filter((_, i) => i !== into.selected);
  return makeClause([...fromHyps, ...rest], into.concl, { kind: 'resolution', from, into }, s);
}

/**
 * Does `general` subsume `specific`: some substitution s with general.concl·s = specific.concl and each
 * hypothesis of general·s among specific's (as a multiset)? Then `specific` adds nothing.
 */
export function subsumes(general: Clause, specific: Clause): boolean {
  if (general.hyps.length > specific.hyps.length || general.concl.pred !== specific.concl.pred) return false;
  // Most candidates fail on the conclusion's symbols alone: tested first, without allocating a substitution.
  if (!general.concl.args.every((a, i) => mayMatch(a, specific.concl.args[i]!))) return false;
  // Matching binds only `general`'s variables and never looks `specific`'s up, so the two may share
  // variable numbers: `specific`'s variables act as constants.
  const s: Subst = new Map();
  if (!general.concl.args.every((a, i) => match(a, specific.concl.args[i]!, s))) return false;
  const gh = general.hyps;
  // Cheap test first: every hypothesis of `general` has a candidate with the same predicate and outer symbol.
  for (const h of gh) if (!specific.hyps.some((t) => sameShape(h, t))) return false;
  const used = new Array<boolean>(specific.hyps.length).fill(false);
  const search = (i: number, s: Subst): boolean => {
    if (i === gh.length) return true;
    const h = gh[i]!;
    for (let j = 0; j < specific.hyps.length; j++) {
      if (used[j]) continue;
      const t = specific.hyps[j]!;
      if (!sameShape(h, t)) continue;
      const s2: Subst = new Map(s);
      if (!h.args.every((a, k) => match(a, t.args[k]!, s2))) continue;
      used[j] = true;
      if (search(i + 1, s2)) return true;
      used[j] = false;
    }
    return false;
  };
  return search(0, s);
}

/**
 * Bit sets a subsumer's clause must be within, for a test cheaper than subsumes: `concl` has a bit for
 * each (position, symbol) of the conclusion's non-variable subterms, `hyps` one for each hypothesis's
 * predicate and one for its predicate with its first argument's outer symbol. If `general` subsumes
 * `specific`, each of general's bits is one of specific's (a match keeps every symbol where it is, and
 * each hypothesis of general maps to one of specific's with the same predicate and outer symbol), so a
 * bit of general's outside specific's rules it out. Bits collide (32 of them): a pass proves nothing.
 */
export interface SubsumptionSignature {
  readonly concl: number;
  readonly hyps: number;
}

const symbolHashes = new Map<string, number>();

function symbolHash(f: string, arity: number): number {
  const key = `${f}/${arity}`;
  let h = symbolHashes.get(key);
  if (h === undefined) {
    h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
    symbolHashes.set(key, h);
  }
  return h;
}

const bit = (h: number) => 1 << ((h ^ (h >>> 15)) & 31);

function termBits(t: HTerm, path: number): number {
  if (isVar(t)) return 0;
  let bits = bit(Math.imul(path ^ symbolHash(t.f, t.args.length), 0x9e3779b1));
  for (let i = 0; i < t.args.length; i++) bits |= termBits(t.args[i]!, Math.imul(path + i + 1, 0x85ebca6b));
  return bits;
}

function subsumptionSignature(hyps: readonly Fact[], concl: Fact): SubsumptionSignature {
  let conclBits = 0;
  concl.args.forEach((a, i) => (conclBits |= termBits(a, i + 1)));
  let hypBits = 0;
  for (const h of hyps) {
    const predHash = symbolHash(h.pred, -1);
    hypBits |= bit(predHash);
    const first = h.args[0];
    if (first !== undefined && !isVar(first)) hypBits |= bit(Math.imul(predHash ^ symbolHash(first.f, first.args.length), 0x27d4eb2f));
  }
  return { concl: conclBits, hyps: hypBits };
}

/** False when `general` cannot subsume `specific` (by size or signature); true means subsumes must decide. */
export function maySubsume(general: Clause, specific: Clause): boolean {
  if (general.hyps.length > specific.hyps.length) return false;
  const g = general.signature;
  const s = specific.signature;
  return (g.concl & ~s.concl) === 0 && (g.hyps & ~s.hyps) === 0;
}

/** Same predicate and, where the pattern's first argument is not a variable, the same outer symbol. */
function sameShape(pattern: Fact, target: Fact): boolean {
  if (pattern.pred !== target.pred || pattern.args.length !== target.args.length) return false;
  const p = pattern.args[0];
  const t = target.args[0];
  if (p === undefined || t === undefined || isVar(p)) return true;
  return !isVar(t) && p.f === t.f && p.args.length === t.args.length;
}

/**
 * Terms of the Horn-clause abstraction (ProVerif's): variables and function applications. A name is an
 * application of a private function symbol to what makes it unique (the device, the session), e.g.
 * nonce(D, S): the nonce the security service's session S for device D made. A public constant is a
 * function of no arguments.
 *
 * Substitutions are maps from variable numbers; unification has the occurs check (a cyclic term would
 * make the saturation derive nonsense). Variables of a clause are numbered from 0 in order of first
 * appearance (canonical form), so two clauses that differ only by renaming print and hash alike.
 */

export interface HVar {
  readonly v: number;
}
export interface HApp {
  readonly f: string;
  readonly args: readonly HTerm[];
}
export type HTerm = HVar | HApp;

export const isVar = (t: HTerm): t is HVar => 'v' in t;
export const hv = (v: number): HVar => ({ v });
export const ha = (f: string, ...args: HTerm[]): HApp => ({ f, args });

export type Subst = Map<number, HTerm>;

function walk(t: HTerm, s: Subst): HTerm {
  while (isVar(t)) {
    const b = s.get(t.v);
    if (b === undefined) return t;
    t = b;
  }
  return t;
}

function occurs(v: number, t: HTerm, s: Subst): boolean {
  t = walk(t, s);
  if (isVar(t)) return t.v === v;
  return t.args.some((a) => occurs(v, a, s));
}

/** Extends `s` to a most general unifier of a and b; false (s then partly extended: discard it) when none. */
export function unify(a: HTerm, b: HTerm, s: Subst): boolean {
  a = walk(a, s);
  b = walk(b, s);
  if (isVar(a)) {
    if (isVar(b) && a.v === b.v) return true;
    if (occurs(a.v, b, s)) return false;
    s.set(a.v, b);
    return true;
  }
  if (isVar(b)) return unify(b, a, s);
  if (a.f !== b.f || a.args.length !== b.args.length) return false;
  for (let i = 0; i < a.args.length; i++) if (!unify(a.args[i]!, b.args[i]!, s)) return false;
  return true;
}

/**
 * One-way matching: extends `s` so that pattern·s = target, binding only the pattern's variables (the
 * target's variables are constants here, never looked up, so the two may share variable numbers).
 */
export function match(pattern: HTerm, target: HTerm, s: Subst): boolean {
  if (isVar(pattern)) {
    const b = s.get(pattern.v);
    if (b === undefined) {
      s.set(pattern.v, target);
      return true;
    }
    return equal(b, target);
  }
  if (isVar(target) || pattern.f !== target.f || pattern.args.length !== target.args.length) return false;
  for (let i = 0; i < pattern.args.length; i++) if (!match(pattern.args[i]!, target.args[i]!, s)) return false;
  return true;
}

/**
 * A necessary condition for match(pattern, target): the function symbols agree wherever the pattern
 * has one (a repeated pattern variable's consistency is left to match). Allocates nothing.
 */
export function mayMatch(pattern: HTerm, target: HTerm): boolean {
  if (isVar(pattern)) return true;
  if (isVar(target) || pattern.f !== target.f || pattern.args.length !== target.args.length) return false;
  for (let i = 0; i < pattern.args.length; i++) if (!mayMatch(pattern.args[i]!, target.args[i]!)) return false;
  return true;
}

export function equal(a: HTerm, b: HTerm): boolean {
  if (isVar(a) || isVar(b)) return isVar(a) && isVar(b) && a.v === b.v;
  if (a.f !== b.f || a.args.length !== b.args.length) return false;
  for (let i = 0; i < a.args.length; i++) if (!equal(a.args[i]!, b.args[i]!)) return false;
  return true;
}

export function substitute(t: HTerm, s: Subst): HTerm {
  t = walk(t, s);
  if (isVar(t)) return t;
  return withArgs(t, (a) => substitute(a, s));
}

/** The term with every variable number raised by `by` (standardising two clauses apart). */
export function shift(t: HTerm, by: number): HTerm {
  if (isVar(t)) return by === 0 ? t : { v: t.v + by };
  return withArgs(t, (a) => shift(a, by));
}

/** Renames variables to 0, 1, … in order of first appearance, recording the renaming in `names`. */
export function canonical(t: HTerm, names: Map<number, number>): HTerm {
  if (isVar(t)) {
    let n = names.get(t.v);
    if (n === undefined) names.set(t.v, (n = names.size));
    return n === t.v ? t : { v: n };
  }
  return withArgs(t, (a) => canonical(a, names));
}

/**
 * t with `map` applied to each argument, in order; t itself when no argument changed. Terms are
 * immutable values (compared by structure, never by identity), so unchanged subterms are shared, and
 * the saturation allocates only what a substitution or renaming really changes.
 */
function withArgs(t: HApp, map: (a: HTerm) => HTerm): HApp {
  let args: HTerm[] | undefined;
  for (let i = 0; i < t.args.length; i++) {
    const a = t.args[i]!;
    const b = map(a);
    if (b !== a && !args) args = t.args.slice(0, i);
    if (args) args.push(b);
  }
  return args ? { f: t.f, args } : t;
}

export function maxVar(t: HTerm): number {
  if (isVar(t)) return t.v;
  let m = -1;
  for (const a of t.args) m = Math.max(m, maxVar(a));
  return m;
}

/** Adds each variable occurrence in t (with multiplicity) to `counts`. */
export function countVars(t: HTerm, counts: Map<number, number>): void {
  if (isVar(t)) counts.set(t.v, (counts.get(t.v) ?? 0) + 1);
  else for (const a of t.args) countVars(a, counts);
}

export function termSize(t: HTerm): number {
  if (isVar(t)) return 1;
  let n = 1;
  for (const a of t.args) n += termSize(a);
  return n;
}

const VAR_NAMES = 'xyzuvwabcdefghkmnpqrst';

export function showTerm(t: HTerm): string {
  if (isVar(t)) return t.v < VAR_NAMES.length ? VAR_NAMES[t.v]! : `x${t.v}`;
  if (t.args.length === 0) return t.f;
  return `${t.f}(${t.args.map(showTerm).join(', ')})`;
}

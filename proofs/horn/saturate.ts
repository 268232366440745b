/**
 * Saturation of a Horn clause set by resolution with selection (ProVerif's algorithm): a clause whose
 * hypotheses are all unselectable (att(x) on variables, begin events) is solved; every solved clause
 * is resolved into the selected hypothesis of every unsolved one whose predicate and outer symbol
 * match, and a new clause is kept only when no kept clause subsumes it (kept clauses it subsumes are
 * dropped). The fixpoint's solved clauses describe every derivable fact: a fact is derivable from the
 * initial clauses iff it is an instance of a solved clause's conclusion whose hypotheses hold.
 *
 * Saturation need not end for every clause set, so it runs under a budget of clauses and of time;
 * running out returns `complete: false` and the caller answers `unknown`, never "proved".
 */
import { makeClause, maySubsume, resolve, subsumes, type Clause, type Fact } from './clauses.js';
import { isVar } from './terms.js';

export interface SaturationBudget {
  /** Clauses generated (resolvents built, kept or not) before giving up. */
  maxClauses: number;
  timeLimitMs: number;
}

export const DEFAULT_SATURATION_BUDGET: SaturationBudget = { maxClauses: 200_000, timeLimitMs: 20_000 };

export interface Saturation {
  complete: boolean;
  /** Why it stopped early (budget), when it did. */
  stopped?: string;
  solved: Clause[];
  /** Resolvents built, including those subsumed at once. */
  generated: number;
  /** Clauses kept at the end (solved and unsolved). */
  kept: number;
  timeMs: number;
}

/** Index key of a fact: its predicate and, for att, the outer symbol of its term ('*' for a variable). */
function keyOf(f: Fact): string {
  const t = f.args[0];
  if (t === undefined) return f.pred;
  return `${f.pred}/${isVar(t) ? '*' : `${t.f}/${t.args.length}`}`;
}

class ClauseIndex {
  private readonly byKey = new Map<string, Set<Clause>>();
  /** For each predicate, its byKey sets in the order their keys were first used (a wildcard's candidates, in that order). */
  private readonly setsOfPred = new Map<string, Set<Clause>[]>();
  private readonly wild = new Map<string, Set<Clause>>();
  readonly all = new Set<Clause>();

  add(c: Clause, f: Fact): void {
    const k = keyOf(f);
    let set: Set<Clause> | undefined;
    if (k.endsWith('/*')) {
      set = this.wild.get(f.pred);
      if (!set) this.wild.set(f.pred, (set = new Set()));
    } else {
      set = this.byKey.get(k);
      if (!set) {
        this.byKey.set(k, (set = new Set()));
        let sets = this.setsOfPred.get(f.pred);
        if (!sets) this.setsOfPred.set(f.pred, (sets = []));
        sets.push(set);
      }
    }
    set.add(c);
    this.all.add(c);
  }

  remove(c: Clause, f: Fact): void {
    const k = keyOf(f);
    (k.endsWith('/*') ? this.wild.get(f.pred) : this.byKey.get(k))?.delete(c);
    this.all.delete(c);
  }

  /** Whether `test` holds for some clause indexed under a fact that may unify with f (stops at the first). */
  some(f: Fact, test: (c: Clause) => boolean): boolean {
    for (const set of this.setsFor(f)) for (const c of set) if (test(c)) return true;
    return false;
  }

  /** Clauses indexed under a fact that may unify with f: same key, or any key of the predicate for a variable, then the wildcards. */
  candidates(f: Fact): Clause[] {
    const out: Clause[] = [];
    for (const set of this.setsFor(f)) for (const c of set) out.push(c);
    return out;
  }

  private setsFor(f: Fact): Set<Clause>[] {
    const k = keyOf(f);
    const sets = k.endsWith('/*') ? [...(this.setsOfPred.get(f.pred) ?? [])] : [this.byKey.get(k)].filter((s) => s !== undefined);
    const wild = this.wild.get(f.pred);
    if (wild) sets.push(wild);
    return sets;
  }
}

export function saturate(initial: readonly Clause[], budget: SaturationBudget = DEFAULT_SATURATION_BUDGET): Saturation {
  const started = performance.now();
  const solved = new ClauseIndex(); // by conclusion
  const unsolved = new ClauseIndex(); // by selected hypothesis
  const queue: Clause[] = [...initial];
  let head = 0;
  let generated = 0;
  let stopped: string | undefined;

  const kept = new ClauseIndex(); // every kept clause, by conclusion: the subsumption candidates
  const subsumedByKept = (c: Clause): boolean => kept.some(c.concl, (k) => maySubsume(k, c) && subsumes(k, c));
  const dropSubsumedBy = (c: Clause): void => {
    const dropped: Clause[] = [];
    for (const k of kept.candidates(c.concl)) if (maySubsume(c, k) && subsumes(c, k)) dropped.push(k);
    for (const k of dropped) {
      kept.remove(k, k.concl);
      if (k.selected < 0) solved.remove(k, k.concl);
      else unsolved.remove(k, k.hyps[k.selected]!);
    }
  };

  let steps = 0;
  // A clause already kept (or one it was dropped for) subsumes its own duplicate: no separate duplicate check.
  while (head < queue.length) {
    if ((++steps & 63) === 0 && performance.now() - started > budget.timeLimitMs) {
      stopped = `the time budget (${budget.timeLimitMs} ms) ran out with ${queue.length - head} clauses still to process`;
      break;
    }
    const c = queue[head++]!;
    if (subsumedByKept(c)) continue;
    dropSubsumedBy(c);
    kept.add(c, c.concl);
    const fresh: Clause[] = [];
    if (c.selected < 0) {
      solved.add(c, c.concl);
      for (const u of unsolved.candidates(c.concl)) {
        const r = resolve(c, u);
        generated++;
        if (r) fresh.push(r);
      }
    } else {
      const sel = c.hyps[c.selected]!;
      unsolved.add(c, sel);
      for (const s of solved.candidates(sel)) {
        const r = resolve(s, c);
        generated++;
        if (r) fresh.push(r);
      }
    }
    // Smaller clauses first: they subsume more of what follows.
    fresh.sort((a, b) => a.hyps.length - b.hyps.length);
    queue.push(...fresh);
    if (generated > budget.maxClauses) {
      stopped = `the clause budget (${budget.maxClauses.toLocaleString('en-US')} clauses) ran out`;
      break;
    }
  }
  const timeMs = performance.now() - started;
  return { complete: stopped === undefined, ...(stopped ? { stopped } : {}), solved: [...solved.all], generated, kept: kept.all.size, timeMs };
}

/** A clause from the translation: `rule` says which protocol step or attacker capability it is. */
export function ruleClause(rule: string, hyps: readonly Fact[], concl: Fact): Clause {
  const c = makeClause(hyps, concl, { kind: 'rule', rule });
  if (!c) throw new Error(`the rule "${rule}" is a tautology`);
  return c;
}

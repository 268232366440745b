/**
 * The same Horn clauses given to Z3's fixedpoint engine (Spacer, over an algebraic datatype of
 * terms), for the secrecy queries. This is the prototype the saturation engine (saturate.ts) was
 * measured against before choosing it (bench/horn-proof.bench.ts keeps the comparison running);
 * Sevenfold's verdicts do not use it.
 *
 * Only reachability of a goal is asked: begin events are dropped from the hypotheses (they never
 * constrain secrecy), and correspondence queries have no direct form here (they need a negated
 * event, which Spacer's Horn fragment does not have).
 */
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { guardedZ3Call, z3Context, type Z3Context } from '../z3-session.js';
import type { Clause, Fact } from './clauses.js';
import { HORN_QUERIES, type HornQueryId } from './queries.js';
import { isVar, type HTerm } from './terms.js';
import { translateProtocol } from './translate.js';

export interface FixedpointAnswer {
  id: HornQueryId;
  /** unsat: the goal is unreachable (proved); sat: reachable (attack); unknown: Z3 gave up or timed out. */
  status: 'unsat' | 'sat' | 'unknown';
  reason?: string;
  timeMs: number;
}

const SECRECY: readonly HornQueryId[] = ['identity-key-secrecy', 'long-term-key-secrecy', 'session-key-secrecy'];

export async function proveSecrecyWithFixedpoint(design: ProtocolDesign, timeoutMs: number): Promise<FixedpointAnswer[]> {
  const ctx = await z3Context();
  const translation = translateProtocol(design);
  const queries = HORN_QUERIES.filter((q) => SECRECY.includes(q.id) && (!q.cloud || translation.cloudModelled));
  const clauses = [...translation.clauses, ...queries.flatMap((q) => q.goals)].filter((c) => c.concl.pred !== 'end');
  const answers: FixedpointAnswer[] = [];
  for (const q of queries) {
    const encoding = encode(ctx, clauses);
    encoding.fp.set('timeout', timeoutMs);
    const goal = encoding.goal(q.id);
    const started = performance.now();
    const status = await guardedZ3Call(() => encoding.fp.query(goal));
    const timeMs = performance.now() - started;
    answers.push({ id: q.id, status, ...(status === 'unknown' ? { reason: encoding.fp.getReasonUnknown() } : {}), timeMs });
  }
  return answers;
}

function encode(ctx: Z3Context, clauses: readonly Clause[]) {
  const symbols = new Map<string, number>();
  const collect = (t: HTerm): void => {
    if (isVar(t)) return;
    symbols.set(t.f, t.args.length);
    t.args.forEach(collect);
  };
  for (const c of clauses) for (const f of [c.concl, ...c.hyps]) f.args.forEach(collect);
  const ctor = (f: string) => `c_${f.replace(/[^A-Za-z0-9]/g, '_')}`;
  const T = ctx.Datatype('T');
  for (const [f, n] of symbols) T.declare(ctor(f), ...Array.from({ length: n }, (_, i): [string, typeof T] => [`${ctor(f)}_${i}`, T]));
  const sort = T.create();
  const built = sort as unknown as Record<string, unknown>;
  const fp = new ctx.Fixedpoint();
  fp.set('engine', 'spacer');
  const att = ctx.Function.declare('att', sort, ctx.Bool.sort());
  const key = ctx.Function.declare('key', sort, sort, ctx.Bool.sort());
  fp.registerRelation(att);
  fp.registerRelation(key);
  const goals = new Map<string, ReturnType<typeof ctx.Function.declare>>();
  const goalOf = (id: string) => {
    let g = goals.get(id);
    if (!g) {
      g = ctx.Function.declare(`goal_${id.replace(/-/g, '_')}`, ctx.Bool.sort());
      fp.registerRelation(g);
      goals.set(id, g);
    }
    return g;
  };
  let counter = 0;
  for (const c of clauses) {
    const vars = Array.from({ length: c.vars }, (_, i) => ctx.Const(`v${counter}_${i}`, sort));
    counter++;
    const term = (t: HTerm): never => {
      if (isVar(t)) return vars[t.v] as never;
      const k = built[ctor(t.f)] as { call: (...a: unknown[]) => unknown } | unknown;
      return (t.args.length === 0 ? k : (k as { call: (...a: unknown[]) => unknown }).call(...t.args.map(term))) as never;
    };
    const fact = (f: Fact) => {
      if (f.pred === 'att') return att.call(term(f.args[0]!));
      if (f.pred === 'key') return key.call(term(f.args[0]!), term(f.args[1]!));
      if (f.pred === 'bad') return goalOf((f.args[0] as { f: string }).f).call();
      throw new Error(`no Z3 form for ${f.pred}`);
    };
    const hyps = c.hyps.filter((h) => h.pred !== 'mevent').map(fact);
    const body = hyps.length ? ctx.Implies(ctx.And(...(hyps as never[])), fact(c.concl) as never) : (fact(c.concl) as never);
    fp.addRule(vars.length ? ctx.ForAll(vars as never, body) : body);
  }
  return { fp, goal: (id: string) => goalOf(id).call() as never };
}

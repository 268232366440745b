/**
 * A state with some runs' names swapped, and with them the names of the fresh values those runs made
 * (a fresh nonce or key is named `<what>.<run name>`, model.ts). Used only to check a symmetry the search
 * relies on (model.ts checkSwappedStarts, under `checkCommutation`): two orders of two starts of one
 * slot must reach states that are each other's renaming. A second reading of what a state holds, so
 * it rebuilds every part from its terms rather than from the key code.
 */
import type { Run, State } from './model.js';
import { dh, key, Knowledge, nonce, pk, sig, termById, tuple, type KnowledgeTable, type Term } from './terms.js';

export function renameRuns(state: State, swap: ReadonlyMap<string, string>, table: KnowledgeTable): State {
  const memo = new Map<Term, Term>();
  const term = (t: Term): Term => {
    let out = memo.get(t);
    if (out) return out;
    switch (t.kind) {
      case 'const':
        out = t;
        break;
      case 'nonce':
      case 'key': {
        const dot = t.name.indexOf('.');
        const run = dot < 0 ? undefined : swap.get(t.name.slice(dot + 1));
        out = run === undefined ? t : (t.kind === 'nonce' ? nonce : key)(`${t.name.slice(0, dot)}.${run}`);
        break;
      }
      case 'pk':
        out = pk(term(t.args[0]!));
        break;
      case 'sig':
        out = sig(term(t.args[0]!), term(t.args[1]!));
        break;
      case 'tuple':
        out = tuple(...t.args.map(term));
        break;
      case 'dh':
        out = dh(term(t.args[0]!), term(t.args[1]!));
        break;
    }
    memo.set(t, out);
    return out;
  };
  // Counts and attested quotes name terms by id between '|'; a number that is no renamed term's id stays.
  const ids = (text: string): string =>
    text
      .split('|')
      .map((part) => (/^[0-9]+$/.test(part) && Number(part) > 0 && termById(Number(part)) !== undefined ? String(term(termById(Number(part))).id) : part))
      .join('|');
  const know = new Knowledge();
  for (const t of state.know.terms()) know.add(term(t));
  const run = (r: Run): Run => ({ ...r, id: swap.get(r.id) ?? r.id, vars: Object.fromEntries(Object.entries(r.vars).map(([k, v]) => [k, term(v)])) });
  return {
    period: state.period,
    runs: state.runs.map(run).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    know: table.intern(know),
    stores: new Map([...state.stores].map(([d, certs]) => [d, certs.map(term)])),
    counts: new Map([...state.counts].map(([k, n]) => [ids(k), n])),
    attested: new Set([...state.attested].map(ids)),
    secrets: state.secrets.map(term).sort((a, b) => a.id - b.id),
    sessions: state.sessions,
    deliveries: state.deliveries,
    started: new Map(state.started),
  };
}

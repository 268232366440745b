/**
 * Compact, exact state keys for the attacker search. A state's key is a short string of small
 * numbers: the period, the sessions used, each open run (name, step, variables by term id), and one
 * number for each of its shared parts (the interned knowledge set, the event counts, the attested
 * quotes, the certificate stores, the honest session keys, the runs started per slot).
 *
 * Exactness: every part is numbered through a table keyed by that part's full canonical text, so two
 * states get the same key exactly when every part is equal, as with the full text the search used to
 * store (no hashing, no collision that could merge two different states and lose an attack). The
 * text of a part is built once per part object: parts are shared between states and never changed
 * after a state exists (model.ts copies a part before changing it), so a part object seen before has
 * the number it had.
 */
import type { Run, State } from './model.js';

type Part = 'counts' | 'attested' | 'stores' | 'secrets' | 'started';

export class StateKeys {
  private readonly numbers: Record<Part, Map<string, number>> = { counts: new Map(), attested: new Map(), stores: new Map(), secrets: new Map(), started: new Map() };
  private readonly seen = new WeakMap<object, number>();
  /** Keys already made: the search and the responder-start diamond check (model.ts) ask for the same state's key. */
  private readonly made = new WeakMap<State, string>();

  key(state: State): string {
    let k = this.made.get(state);
    if (k === undefined) this.made.set(state, (k = this.make(state)));
    return k;
  }

  private make(state: State): string {
    const runs = state.runs.map(runKey).join(';');
    return (
      `${state.period}|${state.sessions}|${runs}|${state.know.id < 0 ? `k[${state.know.signature()}]` : state.know.id}` +
      `|${this.number('counts', state.counts, () => sortedEntries(state.counts))}` +
      `|${this.number('attested', state.attested, () => [...state.attested].sort().join(';'))}` +
      `|${this.number('stores', state.stores, () => [...state.stores].sort(([a], [b]) => (a < b ? -1 : 1)).map(([d, cs]) => `${d}:${cs.map((c) => c.id).join('.')}`).join(';'))}` +
      `|${this.number('secrets', state.secrets, () => state.secrets.map((s) => s.id).join('.'))}` +
      `|${this.number('started', state.started, () => sortedEntries(state.started))}`
    );
  }

  private number(part: Part, value: object, text: () => string): number {
    const known = this.seen.get(value);
    if (known !== undefined) return known;
    const table = this.numbers[part];
    const t = text();
    let n = table.get(t);
    if (n === undefined) table.set(t, (n = table.size));
    this.seen.set(value, n);
    return n;
  }
}

function sortedEntries(m: ReadonlyMap<string, number>): string {
  return [...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(';');
}

export function runKey(r: Run): string {
  return `${r.id}@${r.pc}{${Object.keys(r.vars).sort().map((k) => `${k}=${r.vars[k]!.id}`).join(',')}}`;
}

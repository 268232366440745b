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
 * the number it had. That number is kept on the part object itself (a symbol-keyed property, with the
 * table it came from: a part is never read by another search's table by mistake), and a state's key on
 * the state (State.key, cleared by model.ts's copy): both used to be WeakMap entries, and the WeakMap
 * look-ups were a fifth of the search's time at 5 sessions. A run's text is kept per run object (runs
 * are never changed once made; a changed run is a new object).
 */
import type { Run, State } from './model.js';

type Part = 'counts' | 'attested' | 'stores' | 'secrets' | 'started';

const TABLE = Symbol('the StateKeys that numbered this part');
const NUMBER = Symbol("the part's number in that table");
interface Numbered {
  [TABLE]?: StateKeys;
  [NUMBER]?: number;
}

export class StateKeys {
  /** With `attestRunSymmetry`, keys are equal up to renaming device attestation runs (see `runsText`). */
  constructor(private readonly attestRunSymmetry = false) {}

  private readonly numbers: Record<Part, Map<string, number>> = { counts: new Map(), attested: new Map(), stores: new Map(), secrets: new Map(), started: new Map() };

  /** Made once per state: the search and the responder-start diamond check (model.ts) ask for the same state's key. */
  key(state: State): string {
    if (state.key !== undefined && state.keyedBy === this) return state.key;
    state.keyedBy = this;
    return (state.key = this.make(state, this.attestRunSymmetry));
  }

  /** The key with every run by its name, whatever the symmetry: equal exactly when the states are equal. */
  exactKey(state: State): string {
    if (!this.attestRunSymmetry) return this.key(state);
    if (state.exactKey !== undefined && state.keyedBy === this) return state.exactKey;
    this.key(state);
    return (state.exactKey = this.make(state, false));
  }

  private make(state: State, symmetric: boolean): string {
    const runs = symmetric ? runsUpToAttestNames(state.runs) : state.runs.map(runKey).join(';');
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
    const numbered = value as Numbered;
    if (numbered[TABLE] === this) return numbered[NUMBER]!;
    const table = this.numbers[part];
    const t = text();
    let n = table.get(t);
    if (n === undefined) table.set(t, (n = table.size));
    numbered[TABLE] = this;
    numbered[NUMBER] = n;
    return n;
  }
}

/**
 * The runs' text with each device attestation run's name left out, sorted: equal for two states that
 * differ only by which of a slot's attestation runs is which. Why that is a symmetry (run-symmetry in
 * search.ts): such a run makes no fresh value, and its name is read nowhere but in the run list and
 * the trace (not in knowledge, counts, stores, events or their texts), and new names come from the
 * per-slot counters, which are part of the key. Runs of other roles name fresh values (nonces, DH
 * keys) by their run's name, so renaming them would rename terms: they keep their names.
 */
function runsUpToAttestNames(runs: readonly Run[]): string {
  let attest: string[] | undefined;
  let named = '';
  for (const r of runs) {
    if (r.role === 'device-attest') (attest ??= []).push(anonymousRunKey(r));
    else named += `${runKey(r)};`;
  }
  return attest ? `${named}${attest.sort().join(';')}` : named;
}

const anonymousKeys = new WeakMap<Run, string>();

function anonymousRunKey(r: Run): string {
  let k = anonymousKeys.get(r);
  if (k === undefined) anonymousKeys.set(r, (k = `${r.role}.${r.agent}.p${r.period}${runText(r).slice(r.id.length)}`));
  return k;
}

function sortedEntries(m: ReadonlyMap<string, number>): string {
  return [...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(';');
}

const runKeys = new WeakMap<Run, string>();

export function runKey(r: Run): string {
  let k = runKeys.get(r);
  if (k === undefined) runKeys.set(r, (k = runText(r)));
  return k;
}

function runText(r: Run): string {
  return `${r.id}@${r.pc}{${Object.keys(r.vars).sort().map((k) => `${k}=${r.vars[k]!.id}`).join(',')}}`;
}

/**
 * Copy-on-write counters shared between states, with the step from one to the next remembered. A
 * state's event counts and run-name counters (model.ts State.counts, State.started) are never changed
 * once a state exists: a transition that changes them makes a new map. Many transitions make the same
 * change to the same map (the same delivery from states that differ elsewhere), so the map made is kept
 * with the map it came from, by the change: the next time, that map object is returned again. That
 * saves the copy, and, because state-key.ts numbers a part once per object, its key text too.
 *
 * Sound because both are pure functions of an unchanging map and the change: the memo is kept on the
 * map object itself (a symbol-keyed property), and no map is changed after anything was memoised on it
 * (the only in-place changes are model.ts's `initial`, before the first transition).
 */
const BUMPED = Symbol('maps made from this one by adding one to some keys, by those keys');
const DERIVED = Symbol('maps made from this one by a named pure function, by its argument text');

type Memo = Map<string, Map<string, number>>;
interface WithMemo {
  [BUMPED]?: Memo;
  [DERIVED]?: Memo;
}

/** `counts` with each of `keys` counted once more: a new map the first time, the same map after. */
export function bumped(counts: Map<string, number>, keys: readonly string[]): Map<string, number> {
  const memo = ((counts as WithMemo)[BUMPED] ??= new Map());
  const k = keys.length === 1 ? keys[0]! : keys.join('\n');
  let out = memo.get(k);
  if (!out) {
    out = new Map(counts);
    for (const key of keys) out.set(key, (out.get(key) ?? 0) + 1);
    memo.set(k, out);
  }
  return out;
}

/**
 * `make(map)` remembered on `map` by `argument`, the text of everything else `make` reads: the caller
 * promises that `make` is a pure function of the map and that text.
 */
export function derived(map: Map<string, number>, argument: string, make: () => Map<string, number>): Map<string, number> {
  const memo = ((map as WithMemo)[DERIVED] ??= new Map());
  let out = memo.get(argument);
  if (!out) memo.set(argument, (out = make()));
  return out;
}

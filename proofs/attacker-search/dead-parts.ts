/**
 * Reduction 4 of the attacker search (argued in search.ts): the parts of a state that no receiver can
 * consult again are dropped, so states that differ only in them are one state. What each receiver
 * consults (model.ts, "receivers"):
 *
 *  - `Rq|quote|p` (device runs that made a quote in period p) and `Cq|quote|p` (quotes the service
 *    accepted in p): the service compares both counts in the current period; of an earlier period it
 *    asks only whether a device run made that quote (to name a replay across periods a freshness
 *    violation). So an earlier period's `Rq` is kept as 1 and its `Cq` dropped.
 *  - `Rs|X|Y` (the cloud service ran a handshake with shares X, Y) and `Cd|X|Y` (a device accepted it):
 *    read only by the device connection run whose own share is X, a fresh key of that run; when that
 *    run has ended (it finished, or the period did) no run can have X again.
 *  - `Rc|d|X|Y` and `Ch|d|X|Y` (the device / the cloud service finished that handshake): read only by
 *    the cloud-service run whose own share is Y, likewise fresh to it.
 *  - the attested quotes (device, client key, period): read only for the current period.
 *  - the runs started per slot: a slot names its period, and run names are only made in the current one.
 *  - a device's stored certificates: a connection run presents the newest, and nothing reads the others.
 *
 * Everything else (knowledge, open runs, the honest session keys, sessions used, the period) is kept.
 */
import { pk, type Term } from './terms.js';
import type { Run } from './model.js';

/** The counts any receiver can still consult, given the open runs and the period; `counts` itself when none is dropped. */
export function liveCounts(counts: Map<string, number>, runs: readonly Run[], period: number): Map<string, number> {
  const deviceShares = new Set<number>();
  const hubShares = new Set<number>();
  for (const r of runs) {
    if (r.role === 'device-connect') deviceShares.add(pk(r.vars['x']!).id);
    else if (r.role === 'hub' && r.vars['y']) hubShares.add(pk(r.vars['y']).id);
  }
  let out: Map<string, number> | undefined;
  const drop = (k: string) => (out ??= new Map(counts)).delete(k);
  // forEach: no entry array per count (this runs on every transition that counts).
  counts.forEach((n, k) => {
    const tag = k.slice(0, 2);
    const last = Number(k.slice(k.lastIndexOf('|') + 1));
    switch (tag) {
      case 'Rq':
        if (last < period && n !== 1) (out ??= new Map(counts)).set(k, 1);
        break;
      case 'Cq':
        if (last < period) drop(k);
        break;
      case 'Rs':
      case 'Cd':
        if (!deviceShares.has(Number(k.slice(3, k.indexOf('|', 3))))) drop(k);
        break;
      case 'Rc':
      case 'Ch':
        if (!hubShares.has(last)) drop(k);
        break;
      default:
        throw new Error(`an event count the liveness rules do not know: ${k}`);
    }
  });
  return out ?? counts;
}

/** The attested quotes of the current period (an entry ends in `|period`). */
export function liveAttested(attested: Set<string>, period: number): Set<string> {
  const suffix = `|${period}`;
  for (const a of attested) if (!a.endsWith(suffix)) return new Set([...attested].filter((x) => x.endsWith(suffix)));
  return attested;
}

/** A device's stored certificates as far as anyone reads them: the newest one. */
export const newestOnly = (certs: readonly Term[]): Term[] => certs.slice(-1);

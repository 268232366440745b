/**
 * What the Horn abstraction is asked, and how a saturated clause set answers it.
 *
 * Secrecy queries are goal clauses added before saturation: att(secret) → bad(q). The attacker can
 * learn the secret iff a solved clause concludes bad(q) (its remaining hypotheses, att(x) on variables
 * and begin events, always hold: the attacker knows some term, and events are not constraints here).
 *
 * Correspondence queries (ProVerif's non-injective agreement): begin events stay among the hypotheses
 * of the clauses that need them, so every derivation of an end event is an instance of a solved clause
 * concluding it, listing the begin events it used. The query "end(e) ⇒ begin(f(e))" is proved when
 * every solved clause whose conclusion unifies with the query's end pattern has f(e)·σ among its begin
 * events; a solved clause that does not is an abstract attack (which may be false: the abstraction
 * merges sessions and forgets time).
 */
import { fact, type Clause, type Fact } from './clauses.js';
import { ruleClause } from './saturate.js';
import { equal, ha, hv, isVar, substitute, unify, type HTerm, type Subst } from './terms.js';
import { ck, ik, K, M } from './translate.js';

export type HornQueryId = 'identity-key-secrecy' | 'long-term-key-secrecy' | 'session-key-secrecy' | 'quote-agreement' | 'untrusted-software' | 'server-agreement' | 'client-agreement' | 'tenant-isolation';

/** The bounded search's properties (proofs/attacker-search/model.ts) a concrete attack on each query violates. */
export const CONCRETE_PROPERTIES: Record<HornQueryId, readonly string[]> = {
  'identity-key-secrecy': ['secrecy'],
  'long-term-key-secrecy': ['secrecy'],
  'session-key-secrecy': ['secrecy'],
  'quote-agreement': ['injective-agreement', 'freshness'],
  'untrusted-software': ['untrusted-software'],
  'server-agreement': ['injective-agreement'],
  'client-agreement': ['injective-agreement'],
  'tenant-isolation': ['tenant-isolation'],
};

export interface HornQuery {
  id: HornQueryId;
  text: string;
  /** Goal clauses (secrecy) added to the clause set. */
  goals: Clause[];
  /** A correspondence: the end pattern and what every matching end needs. */
  correspondence?: { end: HTerm; requires: (end: HTerm) => HTerm | { equal: [HTerm, HTerm] } };
  /** Only when the device-to-cloud connection is modelled. */
  cloud: boolean;
}

const bad = (q: HornQueryId, ...args: HTerm[]): Fact => fact('bad', ha(q), ...args);
const att = (t: HTerm): Fact => fact('att', t);
const g = (i: HTerm) => ha('g', i);
const args = (t: HTerm): readonly HTerm[] => (isVar(t) ? [] : t.args);

export const HORN_QUERIES: readonly HornQuery[] = [
  {
    id: 'identity-key-secrecy',
    text: 'secrecy of every device identity key (also of devices that run the attacker’s software: Pluton never releases it)',
    goals: [ruleClause('query: the attacker learns an identity key', [att(ik(hv(0)))], bad('identity-key-secrecy', ik(hv(0))))],
    cloud: false,
  },
  {
    id: 'long-term-key-secrecy',
    text: 'secrecy of the client keys of always-good devices and of the service, cloud, tenant-CA and root keys',
    goals: [
      ruleClause('query: the attacker learns a good device’s client key', [att(ck(g(hv(0))))], bad('long-term-key-secrecy', ck(g(hv(0))))),
      ...[K.as3, K.hub, K.tenantCa, K.otherTenantCa, K.root].map((k) => ruleClause(`query: the attacker learns ${(k as { f: string }).f}`, [att(k)], bad('long-term-key-secrecy', k))),
    ],
    cloud: false,
  },
  {
    id: 'session-key-secrecy',
    text: 'secrecy of every session key a device or the cloud service believes it shares with an honest peer',
    goals: [ruleClause('query: the attacker computes a session key', [fact('key', hv(0), hv(1)), att(hv(1))], bad('session-key-secrecy', hv(0), hv(1)))],
    cloud: true,
  },
  {
    id: 'quote-agreement',
    text: 'non-injective agreement: a quote the security service accepts for an always-good device was made by a run of that device with the nonce this session sent (when there is one), the same measurements and client key',
    goals: [],
    correspondence: { end: ha('accept', g(hv(0)), hv(1), hv(2), hv(3), hv(4)), requires: (e) => ha('ran', args(e)[0]!, args(e)[2]!, args(e)[3]!, args(e)[4]!) },
    cloud: false,
  },
  {
    id: 'untrusted-software',
    text: 'a device running downgraded or unmeasured software never obtains a certificate: every accepted quote was signed by Pluton over the good register and this session’s own challenge (software does not change within a session)',
    goals: [],
    correspondence: { end: ha('accept', hv(0), hv(1), hv(2), hv(3), hv(4)), requires: (e) => ha('measured', args(e)[0]!, args(e)[1]!, M.good) },
    cloud: false,
  },
  {
    id: 'server-agreement',
    text: 'non-injective agreement: a server a device accepts as the cloud service ran that handshake (same shares)',
    goals: [],
    correspondence: { end: ha('devaccept', hv(0), hv(1), hv(2)), requires: (e) => ha('hubrun', args(e)[1]!, args(e)[2]!) },
    cloud: true,
  },
  {
    id: 'client-agreement',
    text: 'non-injective agreement: an always-good device the cloud service accepts ran that handshake (same shares)',
    goals: [],
    correspondence: { end: ha('hubaccept', g(hv(0)), hv(1), hv(2), hv(3)), requires: (e) => ha('devfinish', args(e)[0]!, args(e)[1]!, args(e)[2]!) },
    cloud: true,
  },
  {
    id: 'tenant-isolation',
    text: 'the cloud service accepts only certificates issued by its own tenant CA',
    goals: [],
    correspondence: { end: ha('hubaccept', hv(0), hv(1), hv(2), hv(3)), requires: (e) => ({ equal: [args(e)[3]!, K.tenantCa] }) },
    cloud: true,
  },
];

/** The first solved clause that breaks the query (an abstract attack), or undefined when none does. */
export function findCounterexample(query: HornQuery, solved: readonly Clause[]): Clause | undefined {
  if (!query.correspondence) return solved.find((c) => c.concl.pred === 'bad' && equal(c.concl.args[0]!, ha(query.id)));
  const { end, requires } = query.correspondence;
  for (const c of solved) {
    if (c.concl.pred !== 'end') continue;
    // Move the pattern's variables apart from the clause's, then instantiate the clause to the pattern.
    const s: Subst = new Map();
    const pattern = shiftPattern(end, c.vars);
    if (!unify(pattern, c.concl.args[0]!, s)) continue;
    const e = substitute(c.concl.args[0]!, s);
    const need = requires(e);
    if ('equal' in need) {
      if (!equal(substitute(need.equal[0], s), substitute(need.equal[1], s))) return c;
      continue;
    }
    const wanted = substitute(need, s);
    const has = c.hyps.some((h) => h.pred === 'mevent' && equal(substitute(h.args[0]!, s), wanted));
    if (!has) return c;
  }
  return undefined;
}

function shiftPattern(t: HTerm, by: number): HTerm {
  if (isVar(t)) return hv(t.v + by);
  return ha(t.f, ...t.args.map((a) => shiftPattern(a, by)));
}

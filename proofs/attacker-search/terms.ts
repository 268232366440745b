/**
 * Symbolic terms for the Dolev–Yao search: public constants, fresh nonces, private keys, the public key
 * of a private key, signatures, tuples and Diffie–Hellman shared secrets. Every term is interned, so equal
 * terms are the same object with the same id: comparing, hashing and storing knowledge are integer work.
 *
 * Equational theory: none beyond dh(a, b) = dh(b, a) (kept sorted). A signature reveals its message
 * (signatures are not encryption); a public key reveals nothing of its private key.
 */

export type TermKind = 'const' | 'nonce' | 'key' | 'pk' | 'sig' | 'tuple' | 'dh';

export class Term {
  constructor(
    readonly id: number,
    readonly kind: TermKind,
    readonly name: string,
    readonly args: readonly Term[],
  ) {}

  toString(): string {
    return showTerm(this);
  }
}

interface TrieNode {
  term?: Term;
  next?: Map<number, TrieNode>;
}

/** Atoms by kind, then name (no key string is built per lookup: constants are looked up on every step). */
const atoms: Record<TermKind, Map<string, Term>> = { const: new Map(), nonce: new Map(), key: new Map(), pk: new Map(), sig: new Map(), tuple: new Map(), dh: new Map() };
const roots: Record<'pk' | 'sig' | 'tuple' | 'dh', TrieNode> = { pk: {}, sig: {}, tuple: {}, dh: {} };
const byId: Term[] = [];

function atom(kind: TermKind, name: string): Term {
  const table = atoms[kind];
  let t = table.get(name);
  if (!t) {
    t = new Term(byId.length, kind, name, []);
    byId.push(t);
    table.set(name, t);
  }
  return t;
}

/** Compound terms are interned through a trie on their arguments' ids: no string is built. */
function compound(kind: 'pk' | 'sig' | 'tuple' | 'dh', args: readonly Term[]): Term {
  let node = roots[kind];
  for (const a of args) {
    if (!node.next) node.next = new Map();
    let child = node.next.get(a.id);
    if (!child) {
      child = {};
      node.next.set(a.id, child);
    }
    node = child;
  }
  if (!node.term) {
    node.term = new Term(byId.length, kind, '', args);
    byId.push(node.term);
  }
  return node.term;
}

export const termById = (id: number): Term => byId[id]!;
/** A public constant: an agent name, a message label, a measurement value, a tenant, a period. */
export const cnst = (name: string): Term => atom('const', name);
export const nonce = (name: string): Term => atom('nonce', name);
export const key = (name: string): Term => atom('key', name);
export const pk = (k: Term): Term => compound('pk', [k]);
export const sig = (k: Term, body: Term): Term => compound('sig', [k, body]);
export const tuple = (...items: Term[]): Term => compound('tuple', items);
export const dh = (a: Term, b: Term): Term => (a.id <= b.id ? compound('dh', [a, b]) : compound('dh', [b, a]));

/** A labelled message or body: ⟨label, ...fields⟩. */
export const msg = (label: string, ...fields: Term[]): Term => tuple(cnst(label), ...fields);

export function labelOf(t: Term): string | undefined {
  return t.kind === 'tuple' && t.args[0]?.kind === 'const' ? t.args[0].name : undefined;
}

/** The fields of ⟨label, ...fields⟩ when it has that label and arity. */
export function fieldsOf(t: Term, label: string, arity: number): readonly Term[] | undefined {
  if (t.kind !== 'tuple' || t.args.length !== arity + 1 || t.args[0]!.kind !== 'const' || t.args[0]!.name !== label) return undefined;
  return t.args.slice(1);
}

export function showTerm(t: Term): string {
  switch (t.kind) {
    case 'const':
    case 'nonce':
    case 'key':
      return t.name;
    case 'pk':
      return `pk(${showTerm(t.args[0]!)})`;
    case 'sig':
      return `sig[${showTerm(t.args[0]!)}](${showBody(t.args[1]!)})`;
    case 'dh':
      return `dh(${showTerm(t.args[0]!)}, ${showTerm(t.args[1]!)})`;
    case 'tuple':
      return showBody(t);
  }
}

function showBody(t: Term): string {
  if (t.kind !== 'tuple') return showTerm(t);
  const label = labelOf(t);
  return label !== undefined ? `${label}(${t.args.slice(1).map(showTerm).join(', ')})` : `⟨${t.args.map(showTerm).join(', ')}⟩`;
}

/**
 * The attacker's knowledge: a set of terms closed under analysis (tuples split, signatures give up
 * their message). Synthesis (pairing, signing with a known key, pk of a known key, DH) is checked on
 * demand by `derivable`, never stored, so two states with the same observations have the same set.
 */
export class Knowledge {
  /** The term ids while the set is built; undefined once it is interned (then `sorted` holds them). */
  private ids: Set<number> | undefined;
  /**
   * The term ids of an interned set, ascending: a typed array takes about a tenth of the memory of a
   * Set of the same numbers, and interned sets are most of the search's memory (tens of thousands of
   * sets of about 80 terms at 5 sessions). Membership is a binary search.
   */
  private sorted: Uint32Array | undefined;
  private cachedSignature: string | undefined;
  /** The known terms of each kind asked for (ofKind), made on first use: the proposers ask for four kinds, never for tuples or constants. */
  private cachedKinds: Partial<Record<TermKind, Term[]>> | undefined;
  /** The set's number in its KnowledgeTable once interned (then the set is never changed again); -1 before. */
  id = -1;
  /**
   * Interned successors: the set with one more term, by that term's id (see KnowledgeTable.learn).
   * Made on first use: most sets never learn anything (tens of thousands of sets at 5 sessions).
   */
  successors: Map<number, Knowledge> | undefined;
  /** What the model offers each receiver from this set, kept with the set (model.ts propose); made on first use. */
  offers: Map<string, readonly Term[]> | undefined;

  constructor(from?: Knowledge) {
    this.ids = new Set(from ? from.idList() : undefined);
    if (from) {
      this.cachedSignature = from.cachedSignature;
      this.cachedKinds = from.cachedKinds;
    }
  }

  has(t: Term): boolean {
    return this.hasId(t.id);
  }

  hasId(id: number): boolean {
    const a = this.sorted;
    if (!a) return this.ids!.has(id);
    let lo = 0;
    let hi = a.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = a[mid]!;
      if (v === id) return true;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** The ids, ascending once interned. */
  private idList(): Iterable<number> {
    return this.sorted ?? this.ids!;
  }

  /** Called when the set is interned: from now on it never changes, and is kept compact. */
  freeze(): void {
    if (this.sorted) return;
    this.sorted = Uint32Array.from(this.ids!).sort();
    this.ids = undefined;
  }

  /** Adds a term and everything analysis gets from it; true if anything was new. */
  add(t: Term): boolean {
    if (this.hasId(t.id)) return false;
    if (this.id >= 0 || !this.ids) throw new Error('an interned knowledge set is shared between states and cannot change');
    const ids = this.ids;
    analyse(t, (id) => this.hasId(id), (id) => ids.add(id));
    this.cachedSignature = undefined;
    this.cachedKinds = undefined;
    return true;
  }

  /** The ids of an interned set, ascending (shared: do not modify). */
  sortedIds(): Uint32Array {
    if (!this.sorted) throw new Error('only an interned knowledge set has its ids sorted');
    return this.sorted;
  }

  /** An interned set made from ids already sorted (KnowledgeTable.learn). */
  static fromSorted(ids: Uint32Array): Knowledge {
    const k = new Knowledge();
    k.sorted = ids;
    k.ids = undefined;
    return k;
  }

  /** Can the attacker build `t` from what it knows (constants are public)? */
  derivable(t: Term): boolean {
    if (this.hasId(t.id)) return true;
    switch (t.kind) {
      case 'const':
        return true;
      case 'nonce':
      case 'key':
        return false;
      case 'pk':
        return this.derivable(t.args[0]!);
      case 'sig':
        return this.hasId(t.args[0]!.id) && this.derivable(t.args[1]!);
      case 'tuple':
        for (const a of t.args) if (!this.derivable(a)) return false;
        return true;
      case 'dh': {
        const [a, b] = t.args as [Term, Term];
        return (this.hasId(a.id) && this.derivable(pk(b))) || (this.hasId(b.id) && this.derivable(pk(a)));
      }
    }
  }

  terms(): Term[] {
    return [...this.idList()].map(termById);
  }

  /** The known terms of one kind, by id (a shared array: do not modify). */
  ofKind(kind: TermKind): readonly Term[] {
    const kinds = (this.cachedKinds ??= {});
    let list = kinds[kind];
    if (!list) {
      list = [];
      for (const id of this.sorted ?? [...this.ids!].sort((a, b) => a - b)) {
        const t = byId[id]!;
        if (t.kind === kind) list.push(t);
      }
      kinds[kind] = list;
    }
    return list;
  }

  /** Canonical text of the set, for state hashing. */
  signature(): string {
    return (this.cachedSignature ??= (this.sorted ? [...this.sorted] : [...this.ids!].sort((a, b) => a - b)).join(','));
  }

  get size(): number {
    return this.sorted ? this.sorted.length : this.ids!.size;
  }
}

/** isPublic by term id (terms never change): 1 public, 2 not, 0 not yet asked. */
const publicById: number[] = [];

/**
 * A constant, or a tuple of public terms (hello(d)): anyone can build it, so knowing it adds nothing.
 * Analysis leaves such terms out of the set: `derivable` answers true for them with or without them
 * (its const and tuple rules), and nothing else reads them (the proposers enumerate keys, public keys,
 * signatures and nonces only). So two sets that differ only in public terms are one set, and states
 * that differ only by which public messages the attacker saw are one state: they offer the same steps.
 */
function isPublic(t: Term): boolean {
  const known = publicById[t.id];
  if (known !== undefined) return known === 1;
  const pub = t.kind === 'const' || (t.kind === 'tuple' && t.args.every(isPublic));
  publicById[t.id] = pub ? 1 : 2;
  return pub;
}

/**
 * Analysis, the one rule of what knowing a term gives: `t` itself, a tuple's items, a signature's
 * message, a private key's public key, and so on down. Calls `add` with each id `known` does not hold.
 */
function analyse(t: Term, known: (id: number) => boolean, add: (id: number) => void): void {
  if (known(t.id) || isPublic(t)) return;
  add(t.id);
  if (t.kind === 'tuple') for (const a of t.args) analyse(a, known, add);
  else if (t.kind === 'sig') analyse(t.args[1]!, known, add);
  else if (t.kind === 'key') analyse(pk(t), known, add);
}

/**
 * Knowledge sets interned per search: equal sets are one object with one small number, so states
 * share them (no copy per transition), compare them by number and key them in a few characters.
 * Adding a term to an interned set is remembered, so the same step from the same knowledge is
 * computed once. The number is exact, never a hash: sets are found through a 32-bit hash of their
 * sorted ids, and a set is taken for another only when every id is equal.
 */
export class KnowledgeTable {
  private readonly byHash = new Map<number, Knowledge[]>();
  private count = 0;

  intern(k: Knowledge): Knowledge {
    if (k.id >= 0) return k;
    k.freeze();
    return this.find(k.sortedIds(), () => k);
  }

  private find(ids: Uint32Array, make: () => Knowledge): Knowledge {
    const h = hashIds(ids);
    let bucket = this.byHash.get(h);
    if (bucket) {
      for (const known of bucket) if (sameIds(known.sortedIds(), ids)) return known;
    } else this.byHash.set(h, (bucket = []));
    const k = make();
    k.id = this.count++;
    bucket.push(k);
    return k;
  }

  /** The interned set `k` ∪ analysis(t), merged from `k`'s sorted ids (no set is built). */
  learn(k: Knowledge, t: Term): Knowledge {
    if (k.has(t)) return k;
    let next = k.successors?.get(t.id);
    if (!next) {
      const added: number[] = [];
      analyse(t, (id) => k.hasId(id) || added.includes(id), (id) => added.push(id));
      // A handful of ids: sorted in place by insertion (Array.prototype.sort allocates a work copy).
      for (let i = 1; i < added.length; i++) {
        const v = added[i]!;
        let j = i - 1;
        for (; j >= 0 && added[j]! > v; j--) added[j + 1] = added[j]!;
        added[j + 1] = v;
      }
      const merged = mergeSorted(k.sortedIds(), added);
      next = this.find(merged, () => Knowledge.fromSorted(merged));
      (k.successors ??= new Map()).set(t.id, next);
    }
    return next;
  }

  get size(): number {
    return this.count;
  }
}

function hashIds(ids: Uint32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < ids.length; i++) h = Math.imul(h ^ ids[i]!, 0x01000193);
  return h >>> 0;
}

function sameIds(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Two ascending id lists with no id in common, merged ascending. */
function mergeSorted(a: Uint32Array, b: readonly number[]): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < a.length && j < b.length) out[o++] = a[i]! < b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[o++] = a[i++]!;
  while (j < b.length) out[o++] = b[j++]!;
  return out;
}

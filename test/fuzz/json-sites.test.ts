/**
 * The mutator's site columns (fuzz/core/json-sites.ts, SiteTable) list what json-tree.ts sites() lists, in the same
 * order: every node breadth first, each with its parent, its index there, its depth, its key path and its index
 * path; cut at the same limit; a subtree shared at two places listed at each. The mutator picks sites by their
 * number in that order, so a campaign's mutants depend on it being the same list.
 */
import { describe, expect, it } from 'vitest';
import { SiteTable } from '../../fuzz/core/json-sites.js';
import { jarr, jnum, jobj, jstr, sites, type JNode } from '../../fuzz/core/json-tree.js';
import { Rng } from '../../fuzz/core/rng.js';
import { randomTree } from './plain-json-print.js';

/** What sites() says of each site, and what the table says, in the same terms. */
function fromSites(root: JNode, limit?: number): unknown[] {
  const list = sites(root, limit);
  return list.map((s) => ({ node: s.node, parent: s.up ? list.indexOf(s.up) : -1, index: s.up ? s.index : -1, depth: s.depth, path: s.path }));
}

function fromTable(table: SiteTable): unknown[] {
  return Array.from({ length: table.count }, (_, i) => ({ node: table.node(i), parent: table.parent(i), index: table.index(i), depth: table.depth(i), path: table.path(i) }));
}

/** The index path of a site, by sites()'s chain of parents. */
function indexPathOf(root: JNode, i: number): number[] {
  const list = sites(root);
  const out: number[] = [];
  for (let s = list[i]; s?.up; s = s.up) out.push(s.index);
  return out.reverse();
}

describe('SiteTable', () => {
  it('lists the sites sites() lists, in its order, on random trees (one table filled again for each)', () => {
    const rng = new Rng(5);
    const table = new SiteTable();
    for (let i = 0; i < 300; i++) {
      const tree = randomTree(rng, 0);
      expect(fromTable(table.fill(tree))).toEqual(fromSites(tree));
      const pick = rng.int(table.count);
      expect(table.indexPath(pick)).toEqual(indexPathOf(tree, pick));
    }
  });

  it('stops where sites() stops: the children of the last node reached are all listed', () => {
    const wide = jarr(Array.from({ length: 30 }, (_, i) => jobj([['a', jnum(i)], ['b', jarr([jstr('x'), jstr('y')])]])));
    for (const limit of [1, 2, 20, 31, 32, 50, 4000]) {
      const table = new SiteTable().fill(wide, limit);
      expect(fromTable(table)).toEqual(fromSites(wide, limit));
    }
  });

  it('lists a subtree shared at two places at each, with the path of each', () => {
    const shared = jobj([['x', jarr([jnum(1), jnum(2)])]]);
    const dag = jobj([['one', shared], ['list', jarr([jnum(0), shared])], ['one', shared]]);
    const table = new SiteTable().fill(dag);
    expect(fromTable(table)).toEqual(fromSites(dag));
    expect(Array.from({ length: table.count }, (_, i) => table.path(i).join('/'))).toContain('list/1/x/0');
  });
});

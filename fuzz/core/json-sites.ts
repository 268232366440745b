/**
 * The sites of a JSON tree as the mutator lists them for each edit (core/json-mutate.ts): every node, breadth
 * first from the root, up to a limit, each with its parent's number and its index there. Kept in columns that are
 * filled again for each edit, not as an object per node: listing a tree's sites made a site object for every node
 * of it (a design file's 300–600) once or twice per mutant, garbage as soon as the edit was made. A site is its
 * number in the table; its key path is made when asked.
 */
import type { JNode } from './json-tree.js';

export class SiteTable {
  /** Sites listed (site 0 is the root). */
  count = 0;
  private nodes: JNode[] = [];
  private parents = new Int32Array(256);
  private indexes = new Int32Array(256);
  private depths = new Int32Array(256);

  /** Lists the sites of `root` (as json-tree.ts sites() does: a node's children are all listed once it is reached, until `limit` are). */
  fill(root: JNode, limit = 4000): this {
    this.count = 0;
    this.push(root, -1, -1, 0);
    for (let i = 0; i < this.count && this.count < limit; i++) {
      const node = this.nodes[i]!;
      const depth = this.depths[i]! + 1;
      if (node.k === 'obj') for (let j = 0; j < node.m.length; j++) this.push(node.m[j]![1], i, j, depth);
      else if (node.k === 'arr') for (let j = 0; j < node.a.length; j++) this.push(node.a[j]!, i, j, depth);
    }
    return this;
  }

  private push(node: JNode, parent: number, index: number, depth: number): void {
    const i = this.count++;
    if (i >= this.parents.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.parents = grow(this.parents);
      this.indexes = grow(this.indexes);
      this.depths = grow(this.depths);
    }
    this.nodes[i] = node;
    this.parents[i] = parent;
    this.indexes[i] = index;
    this.depths[i] = depth;
  }

  node(i: number): JNode {
    return this.nodes[i]!;
  }

  /** The parent container's site, -1 for the root. */
  parent(i: number): number {
    return this.parents[i]!;
  }

  /** The index in the parent container (an object's member number, an array's item number). */
  index(i: number): number {
    return this.indexes[i]!;
  }

  depth(i: number): number {
    return this.depths[i]!;
  }

  /** The parent container's node, undefined at the root. */
  parentNode(i: number): JNode | undefined {
    const p = this.parents[i]!;
    return p < 0 ? undefined : this.nodes[p];
  }

  /** The step from the parent: the member's key in an object, the item's index in an array. */
  key(i: number): string | number {
    const parent = this.nodes[this.parents[i]!]!;
    return parent.k === 'obj' ? parent.m[this.indexes[i]!]![0] : this.indexes[i]!;
  }

  /** The key path from the root. */
  path(i: number): (string | number)[] {
    const out: (string | number)[] = [];
    for (let s = i; this.parents[s]! >= 0; s = this.parents[s]!) out.push(this.key(s));
    return out.reverse();
  }

  /** The indexes from the root, each in its parent container (what copyPath follows). */
  indexPath(i: number): number[] {
    const out: number[] = [];
    for (let s = i; this.parents[s]! >= 0; s = this.parents[s]!) out.push(this.indexes[s]!);
    return out.reverse();
  }
}

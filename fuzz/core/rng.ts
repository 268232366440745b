/**
 * A small seeded PRNG (xoshiro128**, seeded through splitmix32) so that a structure-aware campaign
 * started with --seed n makes the same choices again on the same corpus.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next() | 1;
  }

  /** A uniform u32. */
  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.b << 9) >>> 0;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** [0, 1). */
  float(): number {
    return this.u32() / 0x1_0000_0000;
  }

  /** An integer in [0, n); 0 when n <= 0. */
  int(n: number): number {
    return n <= 0 ? 0 : Math.floor(this.float() * n);
  }

  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(items.length)]!;
  }

  /** 1 with probability 1/2, 2 with 1/4, … up to max: how many mutations to stack. */
  geometric(max: number): number {
    let n = 1;
    while (n < max && this.chance(0.5)) n++;
    return n;
  }

  /** n random bytes, four from each u32. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let word = 0;
    for (let i = 0; i < n; i++) {
      if ((i & 3) === 0) word = this.u32();
      out[i] = word & 0xff;
      word >>>= 8;
    }
    return out;
  }
}

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/** Interesting unsigned values: edges of every width, powers of two and their neighbours. */
export const INTERESTING_U32: readonly number[] = (() => {
  const set = new Set<number>([0, 1, 2, 3, 4, 7, 8, 16, 31, 32, 36, 40, 63, 64, 100, 127, 128, 255, 256, 1000, 1024, 4096, 32767, 32768, 65535, 65536, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff]);
  for (let i = 0; i < 32; i++) {
    const p = 2 ** i;
    set.add(p);
    set.add(p - 1);
    set.add((p + 1) >>> 0);
  }
  return [...set].map((n) => n >>> 0).sort((x, y) => x - y);
})();

export const INTERESTING_U16: readonly number[] = INTERESTING_U32.filter((n) => n <= 0xffff);

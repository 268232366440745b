/**
 * The campaign's dictionary beyond each target's fixed one: the string and number literals of the code under
 * test (collected when the fuzz build is instrumented, engine/compare-instrument.ts) and the operands of the
 * comparisons it made on input-derived values (engine/compare-log.ts). The structure mutators draw words and
 * numbers from here, so a value the code compares against reaches the field being mutated even when no
 * target's dictionary lists it. Empty when nothing is instrumented (jsfuzz, unit tests): mutators then fall
 * back to their own lists.
 */

const MAX_WORD_CHARS = 64;
const MAX_ENTRIES = 4096;

class RuntimeDictionary {
  private readonly words = new Set<string>();
  private readonly nums = new Set<number>();
  private wordList: string[] = [];
  private numList: number[] = [];

  addString(s: string): void {
    if (s.length === 0 || s.length > MAX_WORD_CHARS || this.words.has(s) || this.words.size >= MAX_ENTRIES) return;
    this.words.add(s);
    this.wordList.push(s);
  }

  addNumber(n: number): void {
    if (!Number.isFinite(n) || this.nums.has(n) || this.nums.size >= MAX_ENTRIES) return;
    this.nums.add(n);
    this.numList.push(n);
  }

  add(v: unknown): void {
    if (typeof v === 'string') this.addString(v);
    else if (typeof v === 'number') this.addNumber(v);
    else if (typeof v === 'bigint' && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) this.addNumber(Number(v));
  }

  strings(): readonly string[] {
    return this.wordList;
  }

  numbers(): readonly number[] {
    return this.numList;
  }

  clear(): void {
    this.words.clear();
    this.nums.clear();
    this.wordList = [];
    this.numList = [];
  }
}

export const runtimeDictionary = new RuntimeDictionary();

/**
 * What a fuzz target reports when an oracle fails. Anything else that escapes a target's run() is a
 * crash too (an untyped exception the code under test let out); an OracleViolation says which property
 * of the code failed, so that crashes can be told apart and explained.
 */
export class OracleViolation extends Error {
  constructor(
    /** Stable id of the oracle, e.g. "roundtrip.diagnostics": part of the crash's deduplication key. */
    readonly oracle: string,
    message: string,
  ) {
    super(`${oracle}: ${message}`);
    this.name = 'OracleViolation';
  }
}

export function check(condition: unknown, oracle: string, message: () => string): asserts condition {
  if (!condition) throw new OracleViolation(oracle, message());
}

/**
 * Freezes a plain object graph (objects and arrays; Maps, Sets and typed arrays are left alone), so that
 * a reader that writes into shared state throws a TypeError at the write, in strict-mode code.
 */
export function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (typeof value !== 'object' || value === null || seen.has(value)) return value;
  seen.add(value);
  if (ArrayBuffer.isView(value) || value instanceof Map || value instanceof Set) return value;
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key], seen);
  return Object.freeze(value);
}

/** A multiset comparison that names what differs, for oracle messages. */
export function multisetDifference(a: readonly string[], b: readonly string[]): { onlyA: string[]; onlyB: string[] } {
  const counts = new Map<string, number>();
  for (const x of a) counts.set(x, (counts.get(x) ?? 0) + 1);
  for (const x of b) counts.set(x, (counts.get(x) ?? 0) - 1);
  const onlyA: string[] = [];
  const onlyB: string[] = [];
  for (const [k, n] of counts) {
    for (let i = 0; i < n; i++) onlyA.push(k);
    for (let i = 0; i < -n; i++) onlyB.push(k);
  }
  return { onlyA, onlyB };
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** FNV-1a over bytes: a cheap, stable fingerprint (for sampling decisions that must replay identically). */
export function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

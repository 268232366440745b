/**
 * The attacker search's bound as the user states it: `--bound sessions=N,devices=M,periods=K`, any
 * subset, each a whole number. What is not stated defaults from the product (see
 * properties/certificate-authentication/search-size.ts). Values past the caps below are refused: the
 * search grows exponentially in each, and a bound nobody can explore would only end in `unknown`.
 */

export interface AttackerSearchBound {
  /** Role instances started in a trace, of any role. */
  sessions?: number;
  /** Devices of the fleet in the search's world. */
  devices?: number;
  /** Attestation periods the search's world lasts. */
  periods?: number;
}

export const BOUND_KEYS = ['sessions', 'devices', 'periods'] as const;
export type BoundKey = (typeof BOUND_KEYS)[number];

/**
 * Sessions searched when --bound states none: four role instances, enough for a whole attestation
 * (device and service) beside a whole connection (device and cloud) in one trace.
 */
export const DEFAULT_SESSIONS = 4;

/** The largest value each key accepts. */
export const BOUND_MAXIMA: Record<BoundKey, number> = { sessions: 12, devices: 8, periods: 8 };

export const BOUND_SYNTAX = 'sessions=N,devices=M,periods=K (any of them, each a whole number ≥ 1)';

export type ParsedBound = { ok: true; bound: AttackerSearchBound } | { ok: false; message: string };

export function parseBoundOption(text: string): ParsedBound {
  const fail = (message: string): ParsedBound => ({ ok: false, message: `${message}; expected ${BOUND_SYNTAX}` });
  if (text.trim() === '') return fail('the bound is empty');
  const bound: AttackerSearchBound = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    const raw = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (!(BOUND_KEYS as readonly string[]).includes(key)) return fail(`"${part.trim()}": unknown bound "${key}" (known: ${BOUND_KEYS.join(', ')})`);
    const k = key as BoundKey;
    if (bound[k] !== undefined) return fail(`"${k}" is given twice`);
    if (eq < 0 || raw === '') return fail(`"${k}" has no value`);
    if (!/^[0-9]+$/.test(raw)) return fail(`${k}=${raw}: not a whole number`);
    const n = Number(raw);
    if (n < 1) return fail(`${k}=${raw}: must be at least 1`);
    if (n > BOUND_MAXIMA[k]) return fail(`${k}=${raw}: at most ${BOUND_MAXIMA[k]} (the search grows exponentially with it)`);
    bound[k] = n;
  }
  return { ok: true, bound };
}

/**
 * The options of a per-property reproduce command (`sevenfold verify --property <id> …`) that change what the run
 * decides, besides --product and --seed: the requirement profile, the run count and the solver time limit. Every
 * command that claims to reproduce a verdict carries them, so that running it decides what was decided. --timeout was
 * left out: certificate-authentication unknown at --timeout 1 (the unbounded proof ran out of time) printed a command
 * that, run, held at the default 10 s; the report's fallback command left out --requirements too, and so replayed a
 * verdict against the built-in profile. --bound and --faults are added by the property they tune (certificate-
 * authentication, defense-in-depth). The time limit is named only when it is not the default, so the commands of a
 * default run read as before.
 */
import { DEFAULT_TIMEOUT_MS } from '../proofs/z3-session.js';

export interface ReproducedSettings {
  /** --requirements as the command should show it (shell-quoted where needed); undefined: the built-in profile. */
  requirements?: string;
  runs: number;
  timeoutMs: number;
}

export function reproduceOptions(settings: ReproducedSettings): string {
  return `${settings.requirements === undefined ? '' : ` --requirements ${settings.requirements}`} --runs ${settings.runs}${settings.timeoutMs === DEFAULT_TIMEOUT_MS ? '' : ` --timeout ${settings.timeoutMs}`}`;
}

/**
 * Bounds at which a requirement asks nothing. An at-least bound of 0 on a count is met by every design: every critical
 * asset needs at least 0 compromises, every log keeps at least 0 events, every search covers at least 0 sessions, every
 * link downloads a 0-byte image at once. A check run at such a bound generates no case (the log-capacity check logged 0
 * failures and said met; defense-in-depth read "needs ≥ 1 compromises (required 0)" as met), so a verdict would count a
 * requirement met having checked nothing. A number is never switched off (asked-rules.ts): such a value is a switch-off
 * in disguise, and the profile loader refuses it (load-requirements.ts), naming the file and field.
 */
import { boundDirection } from './relaxation.js';

/**
 * At-least bounds whose 0 still asks something, each with what it asks. defense-in-depth.fault-tolerance at 0 runs the
 * fault sweep with no check skipped: every attack kind at every boot stage, which a design with no signature check fails.
 */
const ZERO_STILL_ASKS: Readonly<Record<string, string>> = {
  'defense-in-depth.fault-tolerance': 'no check skipped: every attack kind is still played at every boot stage',
};

/** Why this value of the requirement asks nothing, or undefined when it asks something. */
export function asksNothing(id: string, value: number | boolean | undefined): string | undefined {
  if (typeof value !== 'number' || value !== 0) return undefined;
  if (boundDirection(id) !== 'at-least' || ZERO_STILL_ASKS[id] !== undefined) return undefined;
  return `"at least 0" is met by every design, so a check run at it has no case to try`;
}

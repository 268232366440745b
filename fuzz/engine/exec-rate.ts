/**
 * Inputs per second for the progress line. Engines report their counts in bursts: jsfuzz prints a
 * line only when coverage grows or every 3 s (PULSE), so a rate taken over the last second alone
 * reads 0/s two ticks out of three while the campaign runs at full speed. This rate is measured
 * between the count changes seen in the last WINDOW_MS, and drops to 0 only when nothing has changed
 * for that long (an engine that really stalled).
 */
const WINDOW_MS = 10_000;

export class ExecRate {
  private readonly changes: { at: number; execs: number }[] = [];

  /** Records the total count at time `at` (ms); only changes are kept. */
  observe(at: number, execs: number): void {
    const last = this.changes[this.changes.length - 1];
    if (last && last.execs === execs) return;
    this.changes.push({ at, execs });
    while (this.changes.length > 2 && at - this.changes[1]!.at > WINDOW_MS) this.changes.shift();
  }

  /** Inputs per second at time `now`. */
  perSecond(now: number): number {
    const last = this.changes[this.changes.length - 1];
    const first = this.changes[0];
    if (!last || !first || last === first || now - last.at > WINDOW_MS) return 0;
    return ((last.execs - first.execs) * 1000) / (last.at - first.at);
  }
}

import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect, sweepPowerCuts, type SweepResult, type UpdateLab } from '../../emulator/update/index.js';
import { defaultDesign, FIXTURES, fixtureDesign, openLab } from './helpers.js';

/**
 * The snapshot sweep as renewable-security runs it (a copy of the device before each flash operation of
 * one clean update, the cut applied to the copy, boots remembered by their exact inputs, and a cut point
 * that leaves the state an earlier one left given that one's outcome) against the
 * replay sweep with every boot run and every cut point checked (the update run again from the start up
 * to each cut point, nothing remembered): the same
 * cut points, and at every one of them the same problems and the same evidence (journal and boot
 * traces), on the built-in design (with and without the resumed update) and on every update fixture.
 */
function sweep(lab: UpdateLab, method: 'snapshot' | 'replay', resume: boolean): SweepResult {
  const service = lab.newService();
  lab.publishOs(3, service);
  const device = lab.device();
  const path = lab.connection(undefined, service);
  // Each connection of the sweep is an update check, as in the property (properties/renewable-security/power-cuts.ts).
  return sweepPowerCuts(device, (d) => void connect(d, path, lab.now, { check: true }), { genuine: lab.genuine, isCurrent: (d) => lab.isCurrent(d, service), now: () => lab.now, resume, method, rememberBoots: method === 'snapshot', rememberAfterCut: method === 'snapshot' });
}

const outcome = (r: SweepResult) => ({ cutPoints: r.cutPoints, cases: r.cases, operations: r.operations, failures: r.failures });

const fixtures = readdirSync(FIXTURES).filter((name) => existsSync(join(FIXTURES, name, 'update.json')));

describe('power-cut sweep from snapshots gives the replay sweep’s outcome at every cut point', () => {
  for (const name of ['built-in', ...fixtures]) {
    it(name, async () => {
      const lab = await openLab(name === 'built-in' ? defaultDesign() : fixtureDesign(name));
      // With the resumed update (its dry run and reboot are the boots most often remembered) on the built-in design and one flawed design the sweep flags; the other fixtures' replays are slow.
      for (const resume of name === 'built-in' || name === 'no-ab-slot' ? [false, true] : [false]) {
        const replayed = sweep(lab, 'replay', resume);
        const snapshots = sweep(lab, 'snapshot', resume);
        expect(replayed.cases).toBeGreaterThan(0);
        expect(outcome(snapshots)).toEqual(outcome(replayed));
        // The comparison covers cut points answered by the after-cut memo, not only checked ones.
        expect(snapshots.afterCut!.remembered).toBeGreaterThan(0);
        expect(snapshots.afterCut!.checked + snapshots.afterCut!.remembered).toBe(snapshots.cases);
      }
    }, 120_000);
  }

  it('the fixtures include designs that fail the sweep (the comparison covers failing cut points)', async () => {
    const failing = sweep(await openLab(fixtureDesign('no-ab-slot')), 'snapshot', false);
    expect(failing.failures.length).toBeGreaterThan(0);
  });
});

describe('the sweep says how many of its boots ran and how many came from memory', () => {
  it('remembered: at least one boot per cut point in all, most from memory, some run; every boot run: no count claimed', async () => {
    // A lab of its own (another seed): labs are shared between tests, and a lab's memo may already hold every boot.
    const lab = await openLab(defaultDesign(), 11);
    const remembered = sweep(lab, 'snapshot', true);
    expect(remembered.boots).toBeDefined();
    const { run, remembered: fromMemory } = remembered.boots!;
    expect(run).toBeGreaterThan(0);
    expect(fromMemory).toBeGreaterThan(run);
    expect(run + fromMemory).toBeGreaterThanOrEqual(remembered.cases);
    expect(sweep(lab, 'replay', true).boots).toBeUndefined();
  }, 120_000);
});

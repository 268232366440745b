import { describe, expect, it } from 'vitest';
import { connect, describeOp, sweepPowerCuts, type UpdateLab } from '../../emulator/update/index.js';
import { defaultDesign, fixtureDesign, openLab } from './helpers.js';

function osSweep(lab: UpdateLab, maxFailures?: number) {
  const service = lab.newService();
  lab.publishOs(3, service);
  const device = lab.device();
  const path = lab.connection(undefined, service);
  return sweepPowerCuts(device, (d) => void connect(d, path, lab.now), { genuine: lab.genuine, isCurrent: (d) => lab.isCurrent(d, service), now: () => lab.now, ...(maxFailures ? { maxFailures } : {}) });
}

describe('power cuts during an OS update', () => {
  it('the built-in design boots signed images after a cut or a torn write at every flash operation', async () => {
    const sweep = osSweep(await openLab(defaultDesign()));
    expect(sweep.cutPoints).toBeGreaterThan(40);
    expect(sweep.cases).toBe(2 * sweep.cutPoints);
    expect(sweep.failures).toEqual([]);
    expect(sweep.operations.filter((o) => o.area.startsWith('bank/a/'))).toEqual([]); // the running bank is never written
  });

  it('no A/B slot: a cut while the running kernel is rewritten leaves nothing to boot', async () => {
    const [first] = osSweep(await openLab(fixtureDesign('no-ab-slot')), 1).failures;
    expect(describeOp(first!.op)).toMatch(/bank\/a\/image\//);
    expect(first!.problems[0]).toMatch(/no bank boots after the cut: bank a halted at/);
    expect(first!.evidence!.join('\n')).toMatch(/HALTED/);
  });

  it('counter raised before verification: a cut mid-update strands both banks below the counter', async () => {
    const [first] = osSweep(await openLab(fixtureDesign('counter-raised-before-verify')), 1).failures;
    expect(first!.problems[0]).toMatch(/no bank boots after the cut: bank a halted at one-bl; bank b halted at/);
    expect(first!.evidence!.join('\n')).toMatch(/rollback\.one-bl .*fail — security version 2 is below arc-firmware = 3/);
  });
});

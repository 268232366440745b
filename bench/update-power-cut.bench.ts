/**
 * The full power-cut sweep of one OS update (release 2 → 3 on a Production device of the built-in
 * design): every flash operation of the update cut, and torn, each followed by a power-on, the checks,
 * and the resumed update. Figure: cut points per second, once from snapshots (what renewable-security
 * runs) and once replaying the update per cut point (the way it was before). Baseline: the part no
 * sweep can avoid, one power-on of the device per cut point (the boot with its signature checks); the
 * ratio says how much reaching the cut, the checks and the resumed update cost on top of it. The
 * resumed update boots too, with every check: the installer's dry run of the staged bank and the reboot
 * into it, whenever the cut left the update unfinished (304 boots for the 106 cut points of the
 * built-in design, 2.87 each). So even with everything but boots free, the ratio would be about 0.35.
 */
import { builtinPlatformFile, loadPlatform } from '../model/platform/load-platform.js';
import { builtinUpdateFile, loadUpdateDesign } from '../model/update/load-update.js';
import { connect, sweepPowerCuts, UpdateLab } from '../emulator/update/index.js';
import type { BenchRow } from './harness.js';

export async function updatePowerCutRows(seed = 1): Promise<(BenchRow | string)[]> {
  const platform = loadPlatform(builtinPlatformFile()).design;
  const design = loadUpdateDesign(builtinUpdateFile()).design;
  if (!platform || !design) return ['update power-cut sweep: skipped (the built-in platform or update design does not load)'];
  const lab = await UpdateLab.open(platform, design, { seed });
  const service = lab.newService();
  lab.publishOs(3, service);
  const device = lab.device();
  const path = lab.connection(undefined, service);
  const sweep = (method: 'snapshot' | 'replay') => sweepPowerCuts(device, (d) => void connect(d, path, lab.now), { genuine: lab.genuine, isCurrent: (d) => lab.isCurrent(d, service), now: () => lab.now, resume: true, method });
  const powerOns = (n: number) => {
    // As the sweep does per cut point: a fresh copy of the device, powered on.
    for (let i = 0; i < n; i++) {
      const copy = device.clone();
      copy.losePower();
      copy.powerOn(lab.now);
    }
  };
  return (['snapshot', 'replay'] as const).map((method) => {
    const first = sweep(method);
    if (first.failures.length) return `update power-cut sweep (${method}): skipped (the built-in design fails it: ${first.failures[0]!.problems[0]})`;
    return {
      name: `power-cut sweep from ${method === 'snapshot' ? 'snapshots of one clean update' : 'a replay per cut point (before)'}, one OS update (${first.cutPoints} flash ops × cut/torn = ${first.cases} cut points, resumed update each)`,
      unit: 'cut points/s',
      baselineDescription: `one power-on (secure boot of the running bank) per cut point; a first sweep took ${(first.timeMs / 1000).toFixed(2)} s for ${first.cases} cut points`,
      itemsPerCall: first.cases,
      subject: () => sweep(method),
      baseline: () => powerOns(first.cases),
      clock: 'cpu',
    };
  });
}

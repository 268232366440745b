/**
 * The full power-cut sweep of one OS update (release 2 → 3 on a Production device of the built-in
 * design): every flash operation of the update cut, and torn, each followed by a power-on, the checks,
 * and the resumed update. Figure: cut points per second, four ways: from snapshots with boots
 * remembered by their exact inputs and repeated cut states remembered (what renewable-security runs);
 * the same checking every cut point; from snapshots with every boot run; replaying the update per cut
 * point with every boot run (the way it was first). Baseline: one power-on of the device per cut point
 * (a real boot with its checks; no memo), what a sweep that reaches each cut for free would still pay
 * for its first boot. Every cut point boots about three times (the power-on, and in the resumed update
 * the dry run of the staged bank and the reboot into it: 304 boots for the 106 cut points of the
 * built-in design), which capped the ratio near 0.35 while every boot ran; nearly all of those boots
 * repeat inputs already booted (boot-memo.ts), so the remembered sweep runs a handful. And 32 of the 106
 * cut points leave the device byte for byte as an earlier one did (a cut before erasing an empty area is
 * the cut before the next operation): they get that one's outcome (after-cut-memo.ts).
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
  // No lab memo: the baseline's power-ons boot for real, and each sweep below remembers only its own boots.
  const device = lab.device({ rememberBoots: false });
  const sweep = (method: 'snapshot' | 'replay', rememberBoots: boolean, rememberAfterCut: boolean) => {
    // A service and a network path of its own per sweep, as renewable-security's check makes them (and pays for:
    // the service signs its metadata once). One pair shared by every sweep of the run kept every request and report
    // of thousands of sweeps: the path's request log alone was a quarter of the live heap at the end of a row, a
    // growing heap that every collection during the sweeps paid and no verify run has.
    const service = lab.newService();
    lab.publishOs(3, service);
    const path = lab.connection(undefined, service);
    return sweepPowerCuts(device, (d) => void connect(d, path, lab.now), { genuine: lab.genuine, isCurrent: (d) => lab.isCurrent(d, service), now: () => lab.now, resume: true, method, rememberBoots, rememberAfterCut });
  };
  const powerOns = (n: number) => {
    // As the sweep does per cut point: a fresh copy of the device, powered on.
    for (let i = 0; i < n; i++) {
      const copy = device.clone();
      copy.losePower();
      copy.powerOn(lab.now);
    }
  };
  const ways = [
    ['snapshot', true, true, 'snapshots of one clean update, boots and repeated cut states remembered'],
    ['snapshot', true, false, 'snapshots, boots remembered, every cut point checked'],
    ['snapshot', false, false, 'snapshots, every boot run'],
    ['replay', false, false, 'a replay per cut point, every boot run (first way)'],
  ] as const;
  return ways.map(([method, rememberBoots, rememberAfterCut, label]) => {
    const first = sweep(method, rememberBoots, rememberAfterCut);
    if (first.failures.length) return `update power-cut sweep (${label}): skipped (the built-in design fails it: ${first.failures[0]!.problems[0]})`;
    return {
      name: `power-cut sweep from ${label}, one OS update (${first.cutPoints} flash ops × cut/torn = ${first.cases} cut points, resumed update each)`,
      unit: 'cut points/s',
      baselineDescription: `one power-on (secure boot of the running bank) per cut point; a first sweep took ${(first.timeMs / 1000).toFixed(2)} s for ${first.cases} cut points`,
      itemsPerCall: first.cases,
      subject: () => sweep(method, rememberBoots, rememberAfterCut),
      baseline: () => powerOns(first.cases),
      clock: 'cpu',
      // Both sides in the same stretches of time (harness.ts): measured in one block each on this shared
      // machine, the same code gave 0.47–0.53 from block to block in one process, and 0.34–0.58 after the
      // attacker-search rows.
      alternate: true,
    };
  });
}

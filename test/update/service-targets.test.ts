import { describe, expect, it } from 'vitest';
import { DAY, hex } from '../../emulator/update/index.js';
import type { UpdateTarget } from '../../formats/update-metadata/metadata.js';
import { openLab } from './helpers.js';

/**
 * The service remembers each group's target list (UpdateService.targetsFor): a list asked again must be
 * the one a service that never answered before works out, whenever a release was published or deployed
 * or the feed's schedule moved on in between; and each caller gets its own copy.
 */
const names = (targets: UpdateTarget[]) => targets.map((t) => `${t.name}=${hex(t.sha256).slice(0, 12)}`);

describe('the service’s target lists', () => {
  it('follow every publication, deployment and feed date, exactly as a fresh service works them out', async () => {
    const lab = await openLab();
    const start = lab.now;
    const kept = lab.newService();
    const history: ((service: ReturnType<typeof lab.newService>) => void)[] = [];
    const fresh = () => {
      const service = lab.newService();
      for (const step of history) step(service);
      return service;
    };
    const check = (group: string, now: number) => expect(names(kept.targetsFor(group, now))).toEqual(names(fresh().targetsFor(group, now)));
    const groups = ['Production', 'Production OS Evaluation', 'Development'];
    for (const group of groups) check(group, start);
    // Release 3 out on RetailEval now, on Retail two weeks later (the evaluation feed's lead).
    const step = (service: ReturnType<typeof lab.newService>) => void lab.publishOs(3, service, start);
    step(kept);
    history.push(step);
    for (const group of groups) for (const now of [start, start + 13 * DAY, start + 14 * DAY, start + 30 * DAY]) check(group, now);
    const apps = (service: ReturnType<typeof lab.newService>) => void lab.deployApps('Production', 3, service);
    apps(kept);
    history.push(apps);
    for (const group of groups) for (const now of [start, start + 14 * DAY]) check(group, now);
    expect(names(kept.targetsFor('Production', start + 14 * DAY))).not.toEqual(names(kept.targetsFor('Production', start)));
  });

  it('gives each caller its own copy', async () => {
    const lab = await openLab();
    const service = lab.newService();
    const first = service.targetsFor('Production');
    first[0]!.sha256.fill(0);
    first[0]!.length = -1;
    first.pop();
    const again = service.targetsFor('Production');
    expect(again).toHaveLength(first.length + 1);
    expect(again[0]!.length).toBeGreaterThan(0);
    expect(hex(again[0]!.sha256)).not.toBe('0'.repeat(64));
  });
});

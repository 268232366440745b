/**
 * An attack whose decisive step the emulator could not play is 'undecided', with the reason, never 'defended'
 * (emulator/update/attacks/attack.ts Scenario.undecided): a failed check still makes it 'succeeded'. The
 * cases: the indefinite freeze on a design that does not state timeSync (the network attacker's time answer is
 * not played, emulator/update/system-time.ts), with its twins 'authenticated' (defended) and 'unauthenticated'
 * (succeeded); the sideload of THREAT.UPD.UNAPPROVED on a design with no group that takes app deployments (tried
 * on no device), with the built-in design as its twin.
 */
import { describe, expect, it } from 'vitest';
import { AttackContext, findAttack, runAttack } from '../../emulator/update/index.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import { builtinProfile } from '../helpers/check-context.js';
import { defaultDesign, fixtureDesign, openLab } from './helpers.js';

async function run(id: string, design: UpdateDesign, apps: { name: string; kind: 'high-level' | 'real-time'; enabled: string[] }[] = []) {
  return runAttack(findAttack(id)!, await AttackContext.create(await openLab(design), builtinProfile(), apps));
}

describe('tuf/indefinite-freeze and the design’s timeSync', () => {
  it('unstated (the built-in design): undecided, naming timeSync, never defended', async () => {
    const design = defaultDesign();
    expect(design.timeSync).toBeUndefined();
    const result = await run('tuf/indefinite-freeze', design);
    expect(result.verdict, result.lines.join('\n')).toBe('undecided');
    expect(result.summary).toBe("undecided: the network attacker's time-sync answer was not played: the design does not state timeSync (whether the device authenticates its time source)");
    expect(result.lines.join('\n')).toMatch(/NOT PLAYED: the network attacker's time-sync answer was not played/);
  });

  it("its sound twin 'authenticated': defended (the answer is refused by the design's own rule)", async () => {
    const result = await run('tuf/indefinite-freeze', { ...defaultDesign(), timeSync: 'authenticated' });
    expect(result.verdict, result.lines.join('\n')).toBe('defended');
    expect(result.lines.join('\n')).toMatch(/refused: the answer does not authenticate as the time service/);
  });

  it("'unauthenticated': succeeded (the attacker's answer is taken; the freeze is never reported)", async () => {
    const result = await run('tuf/indefinite-freeze', { ...defaultDesign(), timeSync: 'unauthenticated' });
    expect(result.verdict).toBe('succeeded');
    expect(result.summary).toMatch(/the freeze was never reported .*the network attacker \(unauthenticated time sync\)/);
    expect((await run('tuf/indefinite-freeze', fixtureDesign('time-sync-unauthenticated'))).verdict).toBe('succeeded');
  });

  it('a failed check outweighs a step not played: an app with SystemTime on the unstated design still makes it succeed', async () => {
    const result = await run('tuf/indefinite-freeze', defaultDesign(), [{ name: 'ShelfClock', kind: 'high-level', enabled: ['SystemTime'] }]);
    expect(result.verdict).toBe('succeeded');
    expect(result.lines.join('\n')).toMatch(/NOT PLAYED: /);
  });
});

describe('suit/upd-unapproved and the groups it sideloads onto', () => {
  it('a design with no group that takes app deployments (UpdateAll): the sideload is tried on no device, undecided', async () => {
    const design = defaultDesign();
    design.deviceGroups = design.deviceGroups.map((g) => (g.updatePolicy === 'UpdateAll' ? { ...g, updatePolicy: 'No3rdPartyAppUpdates' as const } : g));
    const result = await run('suit/upd-unapproved', design);
    expect(result.verdict, result.lines.join('\n')).toBe('undecided');
    expect(result.summary).toMatch(/no device group with updatePolicy UpdateAll: the sideload was tried on no device/);
  });

  it('its sound twin, the built-in design (Production takes app deployments): defended', async () => {
    const result = await run('suit/upd-unapproved', defaultDesign());
    expect(result.verdict, result.lines.join('\n')).toBe('defended');
    expect(result.lines.join('\n')).toMatch(/sideload of image\/\S+ onto a Production device: refused/);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { ATTACKS, AttackContext, NOT_APPLICABLE, findAttack, runAttack, type AttackCase } from '../../emulator/update/index.js';
import { defaultDesign, fixtureDesign, openLab } from './helpers.js';

let context: AttackContext;
beforeAll(async () => {
  context = await AttackContext.create(await openLab(defaultDesign()));
});

describe('the catalog', () => {
  it('names every attack once, with its standard id', () => {
    expect(new Set(ATTACKS.map((a) => a.id)).size).toBe(ATTACKS.length);
    expect(new Set(ATTACKS.map((a) => a.standardId)).size).toBe(ATTACKS.length);
    const ids = (standard: string) => ATTACKS.filter((a) => a.standard === standard).map((a) => a.standardId);
    expect(ids('TUF')).toHaveLength(10);
    expect(ids('Uptane')).toEqual(['Drop-request attack', 'Slow retrieval attack', 'Partial bundle installation attack']);
    // Every RFC 9124 threat is either tested or set aside with a reason.
    const suit = [...ids('SUIT'), ...NOT_APPLICABLE.map((n) => n.standardId)].sort();
    expect(suit).toEqual(
      ['THREAT.IMG.EXPIRED', 'THREAT.IMG.EXPIRED.OFFLINE', 'THREAT.IMG.INCOMPATIBLE', 'THREAT.IMG.FORMAT', 'THREAT.IMG.LOCATION', 'THREAT.NET.REDIRECT', 'THREAT.NET.ONPATH', 'THREAT.IMG.REPLACE', 'THREAT.IMG.NON_AUTH', 'THREAT.UPD.WRONG_PRECURSOR', 'THREAT.UPD.UNAPPROVED', 'THREAT.IMG.DISCLOSURE', 'THREAT.MFST.OVERRIDE', 'THREAT.MFST.EXPOSURE', 'THREAT.IMG.EXTRA', 'THREAT.KEY.EXPOSURE', 'THREAT.MFST.MODIFICATION', 'THREAT.MFST.TOCTOU'].sort(),
    );
  });
});

describe('the built-in design defeats', () => {
  it.each(ATTACKS.map((a) => [`${a.standardId} (${a.id})`, a] as [string, AttackCase]))('%s', (_name, attack) => {
    const result = runAttack(attack, context);
    expect(result.verdict, result.lines.join('\n')).toBe('defended');
  });
});

// Each flawed design falls to the attack that targets its flaw, and the transcript shows how.
describe.each([
  ['freeze-undetected', 'tuf/indefinite-freeze', /the freeze was never reported/],
  ['dev-signed-in-production', 'THREAT.UPD.UNAPPROVED', /a Production device accepted a development-signed image/],
  ['unbounded-deferral', 'THREAT.MFST.OVERRIDE', /kept the update off the device/],
  ['counter-raised-before-verify', 'THREAT.NET.REDIRECT', /no longer boots/],
  ['no-ab-slot', 'THREAT.NET.REDIRECT', /does not run the deployed version|no longer boots/],
])('%s', (fixture, id, problem) => {
  it(`falls to ${id}`, async () => {
    const flawed = await AttackContext.create(await openLab(fixtureDesign(fixture)));
    const result = runAttack(findAttack(id)!, flawed);
    expect(result.verdict).toBe('succeeded');
    expect(result.lines.join('\n')).toMatch(problem);
  });
});

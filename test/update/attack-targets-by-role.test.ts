/**
 * The update attack catalog finds the images it forges by their role in the product's designs (the kernel, the first
 * stage a bank holds, the product's app slots), never by the built-in design's ids. On a device maker's design whose
 * stages are its own (fab-boot1, fab-kernel, ...; test/fixtures/platforms/maker-ids-*), the scenarios that targeted
 * "nw-kernel" and "one-bl" failed, and tuf/wrong-software read the absent kernel's version (undefined) as "installed
 * another group's software": renewable-security was violated for a sound update design.
 */
import { describe, expect, it } from 'vitest';
import { ATTACKS, AttackContext, findAttack, runAttack, UpdateLab } from '../../emulator/update/index.js';
import { firstStageSlot, kernelSlot } from '../../emulator/update/attacks/helpers.js';
import { builtinProfile } from '../helpers/check-context.js';
import { loadPlatformFixture } from '../helpers/platform-fixture.js';
import { defaultDesign, fixtureProduct, openLab } from './helpers.js';

async function contextOf(fixture: string) {
  const product = loadPlatformFixture(fixture);
  return AttackContext.create(await UpdateLab.open(product.platform, product.update!, { seed: 5 }), builtinProfile());
}

describe('update attacks on a device maker\'s own stage ids', () => {
  it('the built-in design keeps its targets: nw-kernel and one-bl', async () => {
    const lab = await openLab(defaultDesign());
    expect([kernelSlot(lab), firstStageSlot(lab)]).toEqual(['image/nw-kernel', 'image/one-bl']);
  });

  it('sound (maker-ids-update-attacks): every attack is played on fab-kernel and fab-boot1 and defended', async () => {
    const context = await contextOf('maker-ids-update-attacks');
    expect([kernelSlot(context.lab), firstStageSlot(context.lab)]).toEqual(['image/fab-kernel', 'image/fab-boot1']);
    for (const attack of ATTACKS) {
      const result = runAttack(attack, context);
      expect(result.verdict, `${result.id}: ${result.lines.join('\n')}`).toBe('defended');
    }
  });

  it('flawed (maker-ids-single-bank-update): the attacks on the maker\'s kernel and first stage succeed', async () => {
    const context = await contextOf('maker-ids-single-bank-update');
    for (const id of ['tuf/mix-and-match', 'suit/net-onpath', 'suit/img-replace']) {
      const result = runAttack(findAttack(id)!, context);
      expect(result.verdict, `${id}: ${result.lines.join('\n')}`).toBe('succeeded');
    }
    expect(runAttack(findAttack('suit/img-replace')!, context).summary).toMatch(/fab-boot1/);
  });
});

// A design that lacks what a scenario is played on (a second device group, one that takes no app updates) leaves that
// attack undecided with the reason: before, the scenario threw, and the attack was an "error" with the lab's stack
// trace in the verdict's evidence. The apps of a one-bundle design (no app kind) are found in the kind that carries them.
describe('scenarios whose premise the design lacks are undecided, never errors with a stack', () => {
  const contextOfProduct = async (fixture: string) => {
    const product = fixtureProduct(fixture);
    return AttackContext.create(await UpdateLab.open(product.platform, product.update!, { seed: 5 }), builtinProfile());
  };
  it('renewal-one-device-group: wrong-software and extraneous-dependencies undecided, the rest defended', async () => {
    const context = await contextOfProduct('renewal-one-device-group');
    const results = ATTACKS.map((a) => runAttack(a, context));
    const open = results.filter((r) => r.verdict !== 'defended');
    expect(open.map((r) => [r.id, r.verdict])).toEqual([['tuf/extraneous-dependencies', 'undecided'], ['tuf/wrong-software', 'undecided']]);
    for (const r of open) expect(r.lines.join('\n')).not.toMatch(/\n\s+at /);
    expect(open[1]!.summary).toMatch(/has one device group only/);
  });
  it('its sound twin renewal-two-device-groups: every attack defended', async () => {
    const context = await contextOfProduct('renewal-two-device-groups');
    for (const attack of ATTACKS) {
      const result = runAttack(attack, context);
      expect(result.verdict, `${result.id}: ${result.lines.join('\n')}`).toBe('defended');
    }
  });
  it('renewal-apps-in-os-bundle: the development-signed sideload is tried on the bundled app slot', async () => {
    const result = runAttack(findAttack('suit/upd-unapproved')!, await contextOfProduct('renewal-apps-in-os-bundle'));
    expect(result.verdict, result.lines.join('\n')).toBe('defended');
    expect(result.lines.join('\n')).toMatch(/sideload of image\/hl-app onto a Production device: refused/);
  });
});

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
import { defaultDesign, openLab } from './helpers.js';

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

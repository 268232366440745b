/**
 * The update attacks' oracles read the device's failure events, which quote the maker's product name. An oracle that
 * matched "is for <product>/<other group>" with `.*` failed on a product name holding a line terminator (a carriage
 * return, U+2028 or U+2029: `.` matches none of them; a line feed before free-text.ts marked it): the device refused
 * the other group's metadata and reported it, and renewable-security was violated all the same
 * (`tuf/wrong-software succeeded: no update-failure event matching /is for .*Field Test OS Evaluation/`), for a product
 * named "Contoso\nGateway". The name is the maker's text; no oracle may depend on what is in it.
 */
import { describe, expect, it } from 'vitest';
import { AttackContext, UpdateLab, findAttack, runAttack } from '../../emulator/update/index.js';
import { builtinProfile } from '../helpers/check-context.js';
import { defaultDesign } from './helpers.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';

describe('tuf/wrong-software on a product whose name holds a line terminator', () => {
  for (const name of ['Contoso\rGateway', 'Contoso\u2028Gateway', 'Contoso\u2029Gateway', 'Contoso\nGateway']) {
    it(`${JSON.stringify(name)}: refused, reported and judged defended`, async () => {
      const platform = loadPlatform(builtinPlatformFile()).design!;
      const lab = await UpdateLab.open(platform, { ...defaultDesign(), timeSync: 'authenticated' }, { seed: 5, product: name });
      const result = runAttack(findAttack('tuf/wrong-software')!, await AttackContext.create(lab, builtinProfile()));
      expect(result.verdict, result.lines.join('\n')).toBe('defended');
    });
  }
});

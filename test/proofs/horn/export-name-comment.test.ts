/**
 * A protocol design's name is the maker's text, and the exports put it in a comment: a name holding the comment's
 * closing sequence ended the comment and wrote model code the tool would read ("x *) free leak: bitstring. (* y"
 * declared a name in the ProVerif model), and a line feed in it started a line of the model. Now `*)` and `*` `/` are
 * split and controls are shown as escapes (proofs/horn/comment-text.ts).
 */
import { describe, expect, it } from 'vitest';
import { builtinProtocol } from '../../../model/attestation/load-protocol.js';
import { markFreeText } from '../../../formats/json/free-text.js';
import { exportProverif } from '../../../proofs/horn/export-proverif.js';
import { exportTamarin } from '../../../proofs/horn/export-tamarin.js';

const named = (name: string) => ({ ...builtinProtocol(), name: markFreeText(name) });

describe('a design name in an exported model', () => {
  it('cannot close the ProVerif comment or start a line', () => {
    const model = exportProverif(named('Contoso *) free leak: bitstring. (* x\nquery attacker(leak).'), 'contoso.json');
    const header = model.slice(0, model.indexOf('*)'));
    expect(header).toContain('Contoso * ) free leak');
    expect(model).not.toMatch(/^free leak/m);
    expect(model).not.toMatch(/^query attacker\(leak\)/m);
    expect(header).toContain('\\u000aquery attacker(leak).');
  });

  it('cannot close the Tamarin comment', () => {
    const model = exportTamarin(named('Contoso */ rule Leak: [ ] --[ ]-> [ Out(~k) ] /* x'), 'contoso.json');
    const header = model.slice(model.indexOf('/*'), model.indexOf('*/'));
    expect(header).toContain('Contoso * / rule Leak');
    expect(model).not.toMatch(/\*\/ rule Leak/);
  });
});

import { describe, expect, it } from 'vitest';
import { parsedMetadata } from '../../emulator/update/update-agent.js';
import { parseUpdateMetadata } from '../../formats/update-metadata/metadata.js';
import { openLab } from './helpers.js';

/** The update agent's parsed documents, remembered by their exact bytes: a changed byte is parsed afresh, and a later change to the caller's buffer changes nothing remembered. */
describe('metadata parsed once per distinct document', () => {
  it('a document that differs in one byte gets its own parse, equal to parsing it directly', async () => {
    const lab = await openLab();
    const service = lab.newService();
    const bytes = service.issueMetadata('Production');
    const first = parsedMetadata(bytes);
    expect(first.ok).toBe(true);
    for (const at of [20, bytes.length - 1]) {
      const changed = bytes.slice();
      changed[at]! ^= 0x01;
      const parsed = parsedMetadata(changed);
      expect(parsed).toEqual(parseUpdateMetadata(changed));
      expect(parsed).not.toEqual(first);
    }
  });

  it('keeps its own copy: changing the bytes it was given afterwards does not change what it remembers', async () => {
    const lab = await openLab();
    const bytes = lab.newService().issueMetadata('Production', lab.now + 3600);
    const before = structuredClone(parsedMetadata(bytes));
    bytes.fill(0);
    const again = lab.newService().issueMetadata('Production', lab.now + 3600);
    expect(parsedMetadata(again)).toEqual(before);
    expect(parsedMetadata(bytes)).toEqual(parseUpdateMetadata(bytes));
  });
});

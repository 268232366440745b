/**
 * The emulated bus's DMA requesters (emulator/boot/dma-engines.ts dmaRequester, read by access-rules.ts): each engine
 * carries a name of its own on the bus, so the firewall decides each engine's transfers by that engine's window alone.
 * s38-mutants: mutation testing (npm run mutate emulator/boot/dma-engines.ts) left both mutants of dmaRequester alive
 * (every engine named '' or undefined on the bus): the engines' windows then pooled under one name, and an app slot's
 * engine confined to its own buffer could write through another engine's window (the emulated compromised component of
 * hardware-root-of-trust would report a write the design does not allow: a false violation, and a second reading that
 * no longer reads the design).
 */
import { describe, expect, it } from 'vitest';
import { AccessRules } from '../../emulator/boot/access-rules.js';
import { dmaRequester } from '../../emulator/boot/dma-engines.js';

describe('dmaRequester', () => {
  const design = {
    access: [{ component: 'rt-app-0', asset: 'm4-0-ram', rights: ['read', 'write'] as ('read' | 'write')[] }],
    busMasters: [
      { id: 'isu0-dma', name: 'ISU0 DMA', controlledBy: ['rt-app-0'], reaches: [{ asset: 'm4-0-ram', rights: ['write'] as ('read' | 'write')[] }] },
      { id: 'isu1-dma', name: 'ISU1 DMA', controlledBy: ['nw-kernel'], reaches: [{ asset: 'nw-memory', rights: ['write'] as ('read' | 'write')[] }] },
    ],
  };

  it('each engine is a requester of its own: one engine never gets another engine\'s window, nor a component\'s rights', () => {
    const rules = new AccessRules(design);
    expect(rules.decide(dmaRequester('isu0-dma'), 'm4-0-ram', 'write').granted).toBe(true);
    expect(rules.decide(dmaRequester('isu0-dma'), 'nw-memory', 'write').granted).toBe(false);
    expect(rules.decide(dmaRequester('isu1-dma'), 'nw-memory', 'write').granted).toBe(true);
    expect(rules.decide(dmaRequester('isu1-dma'), 'm4-0-ram', 'write').granted).toBe(false);
    // Not the app's own rights (read), and no name a component of the design has.
    expect(rules.decide(dmaRequester('isu0-dma'), 'm4-0-ram', 'read').granted).toBe(false);
    expect(new Set([dmaRequester('isu0-dma'), dmaRequester('isu1-dma'), 'rt-app-0', 'nw-kernel', '']).size).toBe(5);
  });
});

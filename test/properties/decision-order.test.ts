/**
 * `verify` decides certificate-authentication after the other properties when its worker was started
 * early (properties/parallel/decide-properties.ts), so the worker's search overlaps every other property;
 * otherwise in the order given. The verdicts are returned in the order given either way (the JSON report
 * and the summary table keep their order; only the streamed [n/N] lines follow the finishing order).
 */
import { describe, expect, it } from 'vitest';
import { decisionOrder } from '../../properties/parallel/decide-properties.js';
import { PROPERTIES } from '../../properties/registry.js';

const ids = (list: readonly { id: string }[]) => list.map((p) => p.id);

describe('the order verify decides properties in', () => {
  it('puts certificate-authentication last when its worker was started, keeping the others in order', () => {
    expect(ids(decisionOrder(PROPERTIES, true))).toEqual([...ids(PROPERTIES).filter((id) => id !== 'certificate-authentication'), 'certificate-authentication']);
  });

  it('keeps the given order when no worker was started', () => {
    expect(ids(decisionOrder(PROPERTIES, false))).toEqual(ids(PROPERTIES));
  });

  it('decides each selected property exactly once', () => {
    const selected = PROPERTIES.filter((p) => ['small-tcb', 'certificate-authentication', 'failure-reporting'].includes(p.id));
    expect(ids(decisionOrder(selected, true))).toEqual(['small-tcb', 'failure-reporting', 'certificate-authentication']);
  });
});

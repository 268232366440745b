import { describe, expect, it } from 'vitest';
import { checkFailureReporting } from '../../properties/failure-reporting/index.js';
import { builtinProduct, context, defaultDesign, fixtureDesign } from './helpers.js';

describe('failure-reporting', () => {
  it('holds on the built-in design: random runs with power cuts, bounded reports, a flooding app', async () => {
    const result = await checkFailureReporting(builtinProduct(defaultDesign()), context('failure-reporting', 3, 40));
    expect(result.verdict, result.summary).toBe('holds');
    expect(result.bound).toMatch(/40 random runs .* \d+ power cuts/);
    const text = result.evidence!.flatMap((e) => e.lines).join('\n');
    expect(text).toMatch(/report 1: 1000 events/);
    expect(text).toMatch(/deletes "failure-log" through storage: refused/);
  });

  it('is violated by a failure log kept in RAM, with the shortest run that loses an event', async () => {
    const result = await checkFailureReporting(builtinProduct(fixtureDesign('failure-log-in-ram')), context('failure-reporting', 3, 40));
    expect(result.verdict).toBe('violated');
    expect(result.summary).toMatch(/no failure is lost across power cuts: event #\d+ .*(never reached the service|was lost)/);
    const run = result.evidence!.find((e) => e.title.startsWith('no failure is lost'))!;
    expect(run.title).toMatch(/shortest failing run \(seed \d+, path "[\d:]+"\)/);
    expect(run.lines.at(-1)).toMatch(/^LOST: /);
    expect(run.reproduce).toBe('sevenfold verify --property failure-reporting --seed 3');
  });
});

describe('failure-reporting without runs', () => {
  it('is unknown, never holds, when no random run was made', async () => {
    const result = await checkFailureReporting(builtinProduct(defaultDesign()), context('failure-reporting', 3, 0));
    expect(result.verdict).toBe('unknown');
    expect(result.summary).toMatch(/no random runs were made/);
  });
});

import { describe, expect, it } from 'vitest';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import { builtinProduct, context, defaultDesign, fixtureDesign } from './helpers.js';

const ctx = context('renewable-security');

describe('renewable-security', () => {
  it('holds on the built-in design, with every rule run and bounded', async () => {
    const result = await checkRenewableSecurity(builtinProduct(defaultDesign()), ctx);
    expect(result.verdict, result.summary).toBe('holds');
    expect(result.bound).toMatch(/5 groups within 3 checks/);
    expect(result.bound).toMatch(/26 attacks \(TUF 10, Uptane 3, SUIT 13/);
    expect(result.bound).toMatch(/\d+ flash operations × cut and torn = \d+ power cuts/);
    expect(result.evidence!.map((e) => e.title).join('\n')).toMatch(/Thermostat defers at every check/);
  });

  // Each flawed fixture is violated, and the evidence carries the trace that shows why.
  it.each([
    ['unbounded-deferral', /deferral has no bound/, /Thermostat defers the os update until/],
    ['dev-signed-in-production', /suit\/upd-unapproved succeeded/, /sideload onto a Production device: ACCEPTED/],
    ['freeze-undetected', /tuf\/indefinite-freeze.* succeeded: the freeze was never reported/, /replays the first metadata/],
    ['counter-raised-before-verify', /update attacks are defeated: .*succeeded/, /no bank boots|recovery mode/],
    ['no-ab-slot', /update attacks are defeated: .*succeeded/, /recovery mode|halted/],
  ])('is violated by %s', async (fixture, summary, trace) => {
    const result = await checkRenewableSecurity(builtinProduct(fixtureDesign(fixture), `test/fixtures/updates/${fixture}/update.json`), ctx);
    expect(result.verdict).toBe('violated');
    expect(result.summary).toMatch(summary);
    const evidence = result.evidence!.flatMap((e) => [e.title, ...e.lines]).join('\n');
    expect(evidence).toMatch(trace);
    expect(result.evidence!.find((e) => e.reproduce)?.reproduce).toBe('sevenfold verify --property renewable-security --seed 3');
  });

  it('is violated, before anything runs, when a boot stage can never be renewed', async () => {
    const d = defaultDesign();
    const broken = { ...d, updateKinds: d.updateKinds.filter((k) => k.kind !== 'app') };
    const result = await checkRenewableSecurity(builtinProduct(broken), ctx);
    expect(result.verdict).toBe('violated');
    expect(result.summary).toMatch(/updated by no update kind/);
  });
});

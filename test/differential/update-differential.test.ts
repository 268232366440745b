/**
 * The update spec and the update emulator, driven with the same random update designs (the built-in
 * Azure Sphere design and the flawed ones of test/fixtures/updates, with their groups' policies, deferral
 * bound, metadata keys, expiry and clock skew redrawn) and the same sequences of checks and documents,
 * make the same decision at every update step (update-harness.ts). And the harness is not blind: a
 * disagreement planted on either side, an agent or a spec that reads one rule differently, is found.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkForUpdates } from '../../emulator/update/update-agent.js';
import type { UpdateDevice } from '../../emulator/update/index.js';
import type { UpdateSource } from '../../emulator/update/service-api.js';
import { isFresh, kindsReceived } from '../../model/update/policy.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import * as stepSpec from '../../model/update/update-step.js';
import { compareUpdateSteps, describeStepDisagreements, type DocumentPlan, type StepDisagreement, type StepSpec, type UpdateCase, type UpdateReadings } from './update-harness.js';
import { updateCaseArb } from './update-generators.js';
import { defaultDesign } from '../update/helpers.js';

const SEED = 20261205;
const RUNS = 30;
/** A planted fault needs a particular case (a deferral that outlives its bound, a single-bank install): more runs, stopping at the first. */
const FAULT_RUNS = 100;
const HOUR = 3600;


class Disagreed extends Error {
  constructor(
    readonly list: StepDisagreement[],
    described: string,
  ) {
    super(`${described}\n${describeStepDisagreements(list)}`);
  }
}

async function search(readings: UpdateReadings = {}, runs = FAULT_RUNS): Promise<{ list: StepDisagreement[]; message: string } | undefined> {
  const details = await fc.check(
    fc.asyncProperty(updateCaseArb, async (c) => {
      const list = await compareUpdateSteps(c, readings);
      if (list.length) throw new Disagreed(list, c.describe);
    }),
    // A planted fault is shown by the first case that finds it; shrinking it would cost more than the search.
    { seed: SEED, numRuns: runs, endOnFailure: runs === FAULT_RUNS },
  );
  if (!details.failed) return undefined;
  const error = details.errorInstance;
  if (!(error instanceof Disagreed)) throw error;
  return { list: error.list, message: error.message };
}

/** An agent run on a device whose design is changed for the duration of the check (a misread field). */
const agentReading =
  (change: (design: UpdateDesign, device: UpdateDevice) => UpdateDesign) =>
  (device: UpdateDevice, source: UpdateSource, now: number) => {
    const own = device.design;
    Object.defineProperty(device, 'design', { value: change(structuredClone(own), device), configurable: true, writable: true });
    try {
      return checkForUpdates(device, source, now);
    } finally {
      Object.defineProperty(device, 'design', { value: own, configurable: true, writable: true });
    }
  };

const specWith = (changes: Partial<StepSpec>): StepSpec => ({ ...stepSpec, ...changes });

describe('differential harness: the update spec and the update emulator', () => {
  it(`agree on every update step of ${RUNS} random designs and check sequences`, async () => {
    const found = await search({}, RUNS);
    expect(found?.message).toBeUndefined();
  });

  // Boundaries random cases rarely land on, pinned: a check exactly at the end of a deferral window
  // (installs: the window is open only while now < its end), and one a second before it (defers).
  const genuine: DocumentPlan = { signers: 'all', issuedOffset: 0, sequence: 'issued', expiry: 'design', addressee: 'own', kinds: 'group', lowerOs: false };
  const windowCase = (secondCheckAt: number): UpdateCase => {
    const design = defaultDesign();
    design.deferral.maxHours = 20;
    return { design, group: 'Production', deferralHours: 1000, osVersion: 3, appVersion: 3, keyStore: 'factory', steps: [{ advanceSeconds: 0, document: genuine }, { advanceSeconds: secondCheckAt, document: genuine }], describe: `a deferral window of 20 h, second check at +${secondCheckAt} s` };
  };
  it.each([20 * HOUR, 20 * HOUR - 1])('agree at the end of a deferral window (second check at +%i s)', async (at) => {
    const seen: stepSpec.KindDecision[] = [];
    const recording = specWith({ kindDecision: (...args) => { const d = stepSpec.kindDecision(...args); if (args[2] === 'os') seen.push(d); return d; } });
    expect(describeStepDisagreements(await compareUpdateSteps(windowCase(at), { spec: recording }))).toBe('');
    expect(seen).toEqual(['deferred', at === 20 * HOUR ? 'install' : 'deferred']);
  });

  // A newer app release arriving while the app defers: counted from first notice the window still ends 20 h after the
  // first check (installs at +20 h); counted per release (each-release) the newer release opens a new one (defers).
  const newerReleaseCase = (countedFrom: 'first-notice' | 'each-release'): UpdateCase => {
    const design = defaultDesign();
    design.deferral.maxHours = 20;
    design.deferral.countedFrom = countedFrom;
    const steps = [{ advanceSeconds: 0, document: genuine }, { advanceSeconds: 10 * HOUR, document: genuine, newerApps: true }, { advanceSeconds: 10 * HOUR, document: genuine }];
    return { design, group: 'Production', deferralHours: 1000, osVersion: 2, appVersion: 3, keyStore: 'factory', steps, describe: `a deferral window of 20 h counted from ${countedFrom}, apps release 4 at +10 h` };
  };
  it.each(['first-notice', 'each-release'] as const)('agree when a newer release arrives inside the deferral window (counted from %s)', async (countedFrom) => {
    const seen: stepSpec.KindDecision[] = [];
    const recording = specWith({ kindDecision: (...args) => { const d = stepSpec.kindDecision(...args); if (args[2] === 'app') seen.push(d); return d; } });
    expect(describeStepDisagreements(await compareUpdateSteps(newerReleaseCase(countedFrom), { spec: recording }))).toBe('');
    expect(seen).toEqual(['deferred', 'deferred', countedFrom === 'first-notice' ? 'install' : 'deferred']);
  });

  describe('catches a disagreement planted in the emulator', () => {
    it('an agent whose deferral window restarts with each newer release (the design counts it from first notice)', async () => {
      const check = agentReading((d) => ({ ...d, deferral: { ...d.deferral, countedFrom: 'each-release' } }));
      const found = describeStepDisagreements(await compareUpdateSteps(newerReleaseCase('first-notice'), { check }));
      expect(found).toMatch(/the app kind\n\s+spec: +install\n\s+emulator: deferred/);
    });

    it('an agent that reads the clock skew as an hour longer', async () => {
      const found = await search({ check: agentReading((d) => ({ ...d, metadata: { ...d.metadata, maxClockSkewSeconds: d.metadata.maxClockSkewSeconds + HOUR } })) });
      // Accepted, or (a document that also never expires) refused by the check after the one the spec stopped at.
      expect(found?.message).toMatch(/the document\n\s+spec: +refused \(fast-forward\)\n\s+emulator: (accepted|refused \((expired|no-expiry)\))/);
    });

    it('an agent whose group takes every kind whatever its policy', async () => {
      const found = await search({ check: agentReading((d, device) => ({ ...d, deviceGroups: d.deviceGroups.map((g) => (g.name === device.identity.deviceGroup ? { ...g, updatePolicy: 'UpdateAll' } : g)) })) });
      expect(found?.message).toMatch(/the (app|os|prerequisite) kind\n\s+spec: +nothing\n\s+emulator: (install|deferred)/);
    });

    it('an agent that lets deferral run without a bound', async () => {
      const found = await search({ check: agentReading((d) => ({ ...d, deferral: { ...d.deferral, maxHours: null } })) });
      expect(found?.message).toMatch(/the (os|app) kind\n\s+spec: +install\n\s+emulator: deferred/);
    });

    it('an agent that reads every counter as 0 (no rollback refusal)', async () => {
      const found = await search({
        check: (device, source, now) => {
          const read = device.chip.readCounter.bind(device.chip);
          device.chip.readCounter = (_counter, by) => (by === 'update-agent' ? { ok: true, value: 0 } : read(_counter, by));
          try {
            return checkForUpdates(device, source, now);
          } finally {
            device.chip.readCounter = read;
          }
        },
      });
      expect(found?.message).toMatch(/the os kind\n\s+spec: +refused-rollback\n\s+emulator: (install|nothing|deferred)/);
    });
  });

  describe('catches a disagreement planted in the spec', () => {
    it('metadata still fresh one second past its expiry', async () => {
      const found = await search({ spec: specWith({ metadataDecision: (design, device, meta, now) => stepSpec.metadataDecision(design, device, { ...meta, expiresAt: meta.neverExpires ? meta.expiresAt : meta.expiresAt + 1 }, now) }) });
      expect(found?.message).toMatch(/the document\n\s+spec: +accepted\n\s+emulator: refused \(expired\)/);
    });

    it('No3rdPartyAppUpdates read as taking apps too', async () => {
      const found = await search({ spec: specWith({ kindDecision: (design, group, kind, facts, now, deferral) => stepSpec.kindDecision(design, group.updatePolicy === 'No3rdPartyAppUpdates' ? { updatePolicy: 'UpdateAll' } : group, kind, facts, now, deferral) }) });
      expect(found?.message).toMatch(/the app kind\n\s+spec: +(install|deferred)\n\s+emulator: nothing/);
    });

    it('a deferral window counted from each request instead of from when the update was learnt', async () => {
      const found = await search({ spec: specWith({ kindDecision: (design, group, kind, facts, now, deferral) => stepSpec.kindDecision(design, group, kind, { ...facts, learnedAt: now }, now, deferral) }) });
      expect(found?.message).toMatch(/the (os|app) kind\n\s+spec: +deferred\n\s+emulator: install/);
    });

    it('a threshold of one signature whatever the design says', async () => {
      const found = await search({ spec: specWith({ metadataDecision: (design, device, meta, now) => stepSpec.metadataDecision({ ...design, metadata: { ...design.metadata, threshold: 1 } }, device, meta, now) }) });
      expect(found?.message).toMatch(/the document\n\s+spec: +(accepted|refused \((addressee|rollback|fast-forward|expired|no-expiry)\))\n\s+emulator: refused \(signatures\)/);
    });

    it('a single-bank design read as switching banks', async () => {
      const found = await search({ spec: specWith({ bankAfter: (design, running, installed) => stepSpec.bankAfter({ ...design, slots: { ...design.slots, layout: 'ab' } }, running, installed) }) });
      expect(found?.message).toMatch(/the bank it runs afterwards\n\s+spec: +bank b\n\s+emulator: bank a/);
    });
  });

  it('the update agent reads the rules itself: it imports no decision from the spec, only types, and says which rules it mirrors', () => {
    const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
    for (const file of ['update-agent.ts', 'agent-policy.ts']) {
      const text = readFileSync(join(root, 'emulator/update', file), 'utf8');
      const valueImports = [...text.matchAll(/^import\s+(?!type\b)[^;]*from\s+'([^']*model\/update\/(policy|update-step)\.js)'/gm)].map((m) => m[1]);
      expect(valueImports, file).toEqual([]);
      expect(text.slice(0, text.indexOf('*/')).replace(/\s*\n\s*\*\s*/g, ' '), file).toContain('test/differential/update-harness.ts');
    }
  });

  it('the policy rules the agent reads again still say what the harness assumes', () => {
    // Guards the harness's own premise: the spec's isFresh includes the expiry second, NoUpdates takes nothing.
    expect(isFresh(100, 100)).toBe(true);
    expect(kindsReceived({ updatePolicy: 'NoUpdates' })).toEqual([]);
  });
});

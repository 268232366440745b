/**
 * The failure log's recording policy: the spec's rule (model/update/failure-log-policy.ts) and the update
 * emulator's failure log (emulator/update/failure-log.ts), two readings of the design's recordedKinds,
 * recordedApps, droppedEvents and erasableBy, held against each other on random policies; the defaults
 * (Azure Sphere's behaviour); and the loader's located errors for bad values.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';
import { CountedFlash, FailureReportLog, type EventOrigin } from '../../emulator/update/index.js';
import { AZURE_SPHERE_LOG_POLICY, eventsForEveryQuota, logErasableBy, logPolicyOf, logRecords, logRecordsAppFailures, logReportsDropped } from '../../model/update/failure-log-policy.js';
import { builtinUpdateFile, loadUpdateDesign, validateUpdateDesign } from '../../model/update/load-update.js';
import { APP_FAILURE_KINDS, FAILURE_LOG_KINDS, type FailureLogPolicy, type UpdateDesign } from '../../model/update/update-design.js';
import type { FailureKind } from '../../emulator/failure-log.js';
import { captureIo, tempDir } from '../helpers.js';
import { defaultDesign, FIXTURES, platform } from './helpers.js';

const base = defaultDesign();
const ORIGINS: EventOrigin[] = ['os', 'high-level', 'real-time'];

const policyArbitrary: fc.Arbitrary<FailureLogPolicy> = fc.record({
  recordedKinds: fc.subarray([...FAILURE_LOG_KINDS]),
  recordedApps: fc.subarray(['high-level', 'real-time'] as const),
  droppedEvents: fc.constantFrom('recorded' as const, 'silent' as const),
  erasableBy: fc.constantFrom(['security-service'] as const, ['security-service', 'apps'] as const, ['apps'] as const).map((e) => [...e]),
});

/** A design with `policy` and a log so small (one event per source) that a second event overflows it. */
const designWith = (policy: FailureLogPolicy): UpdateDesign => ({ ...base, failureReporting: { ...base.failureReporting, ...policy, systemEventCapacity: 1, eventsPerAppCapacity: 1 } });
const failure = (kind: string, source: string, n = 1) => ({ time: 1000 + n, kind: kind as FailureLogPolicy['recordedKinds'][number], source, detail: `${kind} ${n}`, boot: 1 });
const sourceOf = (origin: EventOrigin) => (origin === 'os' ? 'os' : `${origin}-app`);

describe('the spec and the emulator read the failure log policy alike', () => {
  it('for every kind and origin, the emulated log stores a failure exactly when logRecords says it records it', () => {
    fc.assert(
      fc.property(policyArbitrary, fc.constantFrom(...FAILURE_LOG_KINDS), fc.constantFrom(...ORIGINS), (policy, kind, origin) => {
        const log = FailureReportLog.open(new CountedFlash(), designWith(policy), platform);
        const result = log.offer(failure(kind, sourceOf(origin)), origin);
        expect(result.outcome === 'stored').toBe(logRecords(policy, kind, origin));
        if (result.outcome !== 'stored') expect(result.outcome).toBe('not-recorded');
      }),
      { numRuns: 300 },
    );
  });

  it('an event over capacity leaves a marker and a count exactly when logReportsDropped says so', () => {
    fc.assert(
      fc.property(policyArbitrary, (policy) => {
        const p = { ...policy, recordedKinds: [...FAILURE_LOG_KINDS] };
        const log = FailureReportLog.open(new CountedFlash(), designWith(p), platform);
        log.offer(failure('update-failure', 'os', 1));
        expect(log.offer(failure('update-failure', 'os', 2)).outcome).toBe('dropped');
        const report = log.nextReport('d');
        const told = report.events.some((e) => e.kind === 'events-dropped') && (report.dropped['os'] ?? 0) > 0;
        expect(told).toBe(logReportsDropped(p));
        expect(report.events.some((e) => e.kind === 'events-dropped')).toBe(told);
      }),
      { numRuns: 50 },
    );
  });

  // eventsForEveryQuota against the emulated log: with the total it asks for, no interleaving of sources
  // (each failing up to past its quota) loses a failure under its source's quota; one event fewer, and the
  // others flooding first while the victim fills its quota does.
  const quotaCase = fc.record({
    policy: policyArbitrary.map((p) => ({ ...p, recordedKinds: [...FAILURE_LOG_KINDS] })),
    apps: fc.array(fc.constantFrom('high-level' as const, 'real-time' as const), { maxLength: 3 }),
    systemEventCapacity: fc.integer({ min: 1, max: 6 }),
    eventsPerAppCapacity: fc.integer({ min: 1, max: 6 }),
  });
  type QuotaCase = { policy: FailureLogPolicy; apps: ('high-level' | 'real-time')[]; systemEventCapacity: number; eventsPerAppCapacity: number };
  const quotaLog = (c: QuotaCase, total: number) =>
    FailureReportLog.open(new CountedFlash(), { ...base, failureReporting: { ...base.failureReporting, ...c.policy, systemEventCapacity: c.systemEventCapacity, eventsPerAppCapacity: c.eventsPerAppCapacity, totalEventCapacity: total } }, platform);
  const neededFor = (c: QuotaCase) => eventsForEveryQuota({ ...c.policy, systemEventCapacity: c.systemEventCapacity, eventsPerAppCapacity: c.eventsPerAppCapacity, totalEventCapacity: 0 }, c.apps);
  it('with the total eventsForEveryQuota asks for, no source under its quota loses a failure, in any order', () => {
    fc.assert(
      fc.property(quotaCase, fc.array(fc.nat({ max: 3 }), { maxLength: 60 }), (c, order) => {
        const sources = ['os', ...c.apps.filter((a) => c.policy.recordedApps.includes(a)).map((a, i) => ({ a, id: `app-${i}` }))];
        const log = quotaLog(c, neededFor(c));
        const offered = new Map<string, number>();
        for (const pick of order) {
          const s = sources[pick % sources.length]!;
          const id = typeof s === 'string' ? s : s.id;
          const n = (offered.get(id) ?? 0) + 1;
          offered.set(id, n);
          const outcome = log.offer(failure('app-crash', id, n), typeof s === 'string' ? 'os' : s.a).outcome;
          if (n <= (id === 'os' ? c.systemEventCapacity : c.eventsPerAppCapacity)) expect(outcome, `${id} event ${n}`).toBe('stored');
        }
      }),
      { numRuns: 200 },
    );
  });
  it('one event fewer than eventsForEveryQuota, and a source still under its quota loses a failure', () => {
    fc.assert(
      fc.property(quotaCase, (c) => {
        const recorded = c.apps.filter((a) => c.policy.recordedApps.includes(a));
        const needed = neededFor(c);
        fc.pre(needed > 1 && recorded.length > 0);
        const log = quotaLog(c, needed - 1);
        // Every app but the last floods past its quota, and the OS too; then the last app fills its own.
        recorded.slice(0, -1).forEach((a, i) => {
          for (let n = 1; n <= c.eventsPerAppCapacity + 1; n++) log.offer(failure('app-crash', `app-${i}`, n), a);
        });
        for (let n = 1; n <= c.systemEventCapacity + 1; n++) log.offer(failure('update-failure', 'os', n));
        const outcomes = Array.from({ length: c.eventsPerAppCapacity }, (_, n) => log.offer(failure('app-crash', 'victim', n + 1), recorded.at(-1)!).outcome);
        expect(outcomes).toContain('dropped');
      }),
      { numRuns: 200 },
    );
  });

  it('APP_FAILURE_KINDS are exactly the kinds the app emulator raises; logRecordsAppFailures needs one of them recorded for the class', () => {
    // A Record over the emulator's FailureKind: a kind added there and not here does not compile. device-reboot
    // is the device's own (raised with no app, logged as the OS's), so not an app's.
    const emulated: Record<Exclude<FailureKind, 'device-reboot'>, true> = { 'firewall-denial': true, 'capability-denial': true, 'channel-denial': true, 'network-denial': true, 'storage-denial': true, 'storage-quota': true, 'no-such-resource': true, 'app-crash': true, 'app-exit': true };
    expect([...APP_FAILURE_KINDS].sort()).toEqual(Object.keys(emulated).sort());
    const p = (recordedKinds: FailureLogPolicy['recordedKinds'], recordedApps: FailureLogPolicy['recordedApps']): FailureLogPolicy => ({ ...AZURE_SPHERE_LOG_POLICY, recordedKinds, recordedApps });
    expect(logRecordsAppFailures(p(['power-cut', 'update-failure'], ['high-level']), 'high-level')).toBe(false);
    expect(logRecordsAppFailures(p(['app-crash'], []), 'high-level')).toBe(false);
    expect(logRecordsAppFailures(p(['app-crash'], ['high-level']), 'high-level')).toBe(true);
    expect(logRecordsAppFailures(p(['app-crash'], ['high-level']), 'real-time')).toBe(false);
  });

  it('an erase by an app, and an acknowledgement by the service, succeed exactly when logErasableBy says so', () => {
    fc.assert(
      fc.property(policyArbitrary, (policy) => {
        const p = { ...policy, recordedKinds: [...FAILURE_LOG_KINDS] };
        const byApp = FailureReportLog.open(new CountedFlash(), designWith(p), platform);
        byApp.offer(failure('update-failure', 'os'));
        expect(byApp.erase('apps', 'test')).toBe(logErasableBy(p, 'apps'));
        expect(byApp.pending().length).toBe(logErasableBy(p, 'apps') ? 0 : 1);
        const byService = FailureReportLog.open(new CountedFlash(), designWith(p), platform);
        const event = byService.append(failure('update-failure', 'os'))!;
        byService.acknowledge(event.sequence);
        expect(byService.pending().length).toBe(logErasableBy(p, 'security-service') ? 0 : 1);
      }),
      { numRuns: 50 },
    );
  });

  it('the spec rule itself: a kind or an app class left out is not recorded; the OS needs only its kind', () => {
    const noCrash = { ...AZURE_SPHERE_LOG_POLICY, recordedKinds: FAILURE_LOG_KINDS.filter((k) => k !== 'app-crash') };
    expect(logRecords(noCrash, 'app-crash', 'high-level')).toBe(false);
    expect(logRecords(noCrash, 'app-crash', 'os')).toBe(false);
    expect(logRecords(AZURE_SPHERE_LOG_POLICY, 'app-crash', 'high-level')).toBe(true);
    expect(logRecords(AZURE_SPHERE_LOG_POLICY, 'app-crash', 'real-time')).toBe(false);
    expect(logRecords({ ...AZURE_SPHERE_LOG_POLICY, recordedApps: [] }, 'power-cut', 'os')).toBe(true);
    expect(logReportsDropped({ ...AZURE_SPHERE_LOG_POLICY, droppedEvents: 'silent' })).toBe(false);
    expect(logErasableBy(AZURE_SPHERE_LOG_POLICY, 'apps')).toBe(false);
    expect(logErasableBy({ ...AZURE_SPHERE_LOG_POLICY, erasableBy: ['security-service', 'apps'] }, 'apps')).toBe(true);
  });
});

describe('defaults and the loader', () => {
  const edited = (edit: (failureReporting: Record<string, unknown>) => void) => {
    const t = tempDir();
    const design = JSON.parse(readFileSync(builtinUpdateFile(), 'utf8')) as { failureReporting: Record<string, unknown> };
    delete (design as { $schema?: string }).$schema;
    edit(design.failureReporting);
    const file = t.write('update.json', JSON.stringify(design, null, 2));
    return { t, file };
  };

  it('the built-in design states Azure Sphere\'s policy, and a file that leaves it out gets the same', () => {
    const { recordedKinds, recordedApps, droppedEvents, erasableBy } = base.failureReporting;
    expect({ recordedKinds, recordedApps, droppedEvents, erasableBy }).toEqual(AZURE_SPHERE_LOG_POLICY);
    const { t, file } = edited((fr) => {
      for (const key of ['recordedKinds', 'recordedApps', 'droppedEvents', 'erasableBy']) delete fr[key];
    });
    try {
      const loaded = loadUpdateDesign(file);
      expect(loaded.errors).toEqual([]);
      // Kept as stated (the device fills absent fields by its own reading, test/differential/log-defaults-differential.test.ts);
      // the spec reads it through logPolicyOf, Azure Sphere's for every field left out.
      expect(loaded.design!.failureReporting.recordedApps).toBeUndefined();
      expect(logPolicyOf(loaded.design!, platform)).toEqual(AZURE_SPHERE_LOG_POLICY);
    } finally {
      t.cleanup();
    }
  });

  it.each([
    ['a log only apps may erase', (fr: Record<string, unknown>) => void (fr['erasableBy'] = ['apps']), '/failureReporting/erasableBy', /the security service must be able to erase the events it acknowledged/],
    ['an unknown failure kind', (fr: Record<string, unknown>) => void (fr['recordedKinds'] = ['app-crash', 'app-explosion']), '/failureReporting/recordedKinds/1', /app-crash/],
    ['a kind listed twice', (fr: Record<string, unknown>) => void (fr['recordedKinds'] = ['app-crash', 'app-crash']), '/failureReporting/recordedKinds', /duplicate|identical|unique/i],
    ['an unknown app class', (fr: Record<string, unknown>) => void (fr['recordedApps'] = ['kernel']), '/failureReporting/recordedApps/0', /high-level/],
    ['a droppedEvents value that is neither', (fr: Record<string, unknown>) => void (fr['droppedEvents'] = 'sometimes'), '/failureReporting/droppedEvents', /recorded/],
    ['nobody who may erase', (fr: Record<string, unknown>) => void (fr['erasableBy'] = []), '/failureReporting/erasableBy', /fewer than 1|at least 1|must NOT have fewer/i],
  ])('%s is a located error', (_what, edit, pointer, message) => {
    const { t, file } = edited(edit);
    try {
      const loaded = loadUpdateDesign(file);
      expect(loaded.design).toBeUndefined();
      const error = loaded.errors.find((e) => e.pointer === pointer);
      expect(error, JSON.stringify(loaded.errors)).toBeDefined();
      expect(error!.file).toBe(file);
      expect(error!.line).toBeGreaterThan(1);
      expect(error!.message).toMatch(message);
    } finally {
      t.cleanup();
    }
  });

  it('a design given as a value is held to the same rule', () => {
    expect(validateUpdateDesign({ ...base, failureReporting: { ...base.failureReporting, erasableBy: ['apps'] } })).toEqual(['/failureReporting/erasableBy: the security service must be able to erase the events it acknowledged, or the log never drains']);
  });

  it('verify exits 2 with the file and pointer for a bad value, never a stack trace', async () => {
    const { t, file } = edited((fr) => void (fr['erasableBy'] = ['apps']));
    try {
      // The reference thermostat, as the flawed-update fixtures name it, with this design.
      const reference = resolve(FIXTURES, 'apps-erase-log');
      const spec = JSON.parse(readFileSync(resolve(reference, 'sevenfold.json'), 'utf8')) as { hardwareDefinition: string; hardwarePath: string[]; apps: { manifest: string }[] };
      const product = t.write('sevenfold.json', { schemaVersion: 1, name: 'bad log', chip: 'mt3620', update: file, hardwareDefinition: resolve(reference, spec.hardwareDefinition), hardwarePath: spec.hardwarePath.map((p) => resolve(reference, p)), apps: spec.apps.map((a) => ({ manifest: resolve(reference, a.manifest) })) });
      const io = captureIo(t.dir);
      expect(await runCli(['verify', '--product', product, '--property', 'failure-reporting'], io)).toBe(2);
      expect(io.stderr()).toMatch(/update\.json:\d+:\d+: .*the security service must be able to erase/);
      expect(io.stderr()).toContain('/failureReporting/erasableBy');
      expect(io.stderr()).not.toMatch(/\n\s+at /);
    } finally {
      t.cleanup();
    }
  });
});

/**
 * The failure log's recording policy where an update design leaves fields out: the spec's reading
 * (model/update/failure-log-policy.ts, logPolicyOf over AZURE_SPHERE_LOG_POLICY, which failure-reporting reads)
 * and the device's (emulator/update/log-policy-defaults.ts, deviceLogPolicy, which the emulated log runs) agree.
 * Each random design is the built-in update design with every policy field either stated (any value) or left out
 * of the file, loaded by the loader as a user's file is; then for every failure kind and origin the emulated log
 * stores a failure exactly when logRecords says the log records it, an overflow leaves a marker exactly when
 * logReportsDropped says so, and an app's erase goes through exactly when logErasableBy says apps may. Before, the
 * loader filled absent fields with the spec's defaults and both sides read the filled design, so a wrong default
 * was agreed by both. Each design is paired with a platform whose OS is Azure Sphere's (the built-in one) or is
 * not (a maker's kernel and services labelled as Azure Sphere's but signed under the maker's keys: the
 * labelled-os-maker-signed fixture, and the built-in with its keys' holder left out): Azure Sphere's defaults may
 * stand only on the first, and on the others a field left out promises nothing, on both sides. The harness is not
 * blind: a spec default that records real-time apps disagrees, and so does one that reads every platform as
 * Azure Sphere's (the defaults taken on a label, as before).
 * Also held here (s32): every update design among the fixtures, on each platform, the same way; and the room the
 * spec says a log has offline (eventsStorable over logPolicyOf) against the events the emulated log keeps when each
 * source fails until it is counted instead of stored, for random capacities, policies and apps. The failure-reporting
 * plays read the device's policy (properties/failure-reporting/world.ts devicePolicy), not the spec's:
 * properties/failure-reporting/no-suppression.ts, properties/failure-reporting/recorded-failures.ts,
 * properties/failure-reporting/log-capacity.ts's play (its static side reads the spec), so this differential is
 * what holds their stimuli and expectations to the spec.
 */
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CountedFlash, FailureReportLog, type EventOrigin } from '../../emulator/update/index.js';
import { AZURE_SPHERE_LOG_POLICY, eventsStorable, logErasableBy, logPolicyOf, logRecords, logReportsDropped, withLogPolicyDefaults, type LogKeeper } from '../../model/update/failure-log-policy.js';
import { builtinUpdateFile, loadUpdateDesign } from '../../model/update/load-update.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import { packageRoot } from '../../model/product/builtin.js';
import { FAILURE_LOG_KINDS, type AppClass, type FailureLogPolicy, type UpdateDesign } from '../../model/update/update-design.js';
import { devicePolicy } from '../../properties/failure-reporting/world.js';

const ORIGINS: EventOrigin[] = ['os', 'high-level', 'real-time'];
const POLICY_FIELDS = ['recordedKinds', 'recordedApps', 'droppedEvents', 'erasableBy'] as const;
const builtinText = readFileSync(builtinUpdateFile(), 'utf8');

/** Each policy field stated with some value, or left out of the file (undefined). */
const statedArb = fc.record({
  recordedKinds: fc.option(fc.subarray([...FAILURE_LOG_KINDS]), { nil: undefined }),
  recordedApps: fc.option(fc.subarray(['high-level', 'real-time'] as const).map((a) => [...a]), { nil: undefined }),
  droppedEvents: fc.option(fc.constantFrom('recorded' as const, 'silent' as const), { nil: undefined }),
  erasableBy: fc.option(fc.constantFrom(['security-service'] as const, ['security-service', 'apps'] as const).map((e) => [...e]), { nil: undefined }),
});
type Stated = { [K in keyof FailureLogPolicy]?: FailureLogPolicy[K] };

const builtinPlatform = loadPlatform(builtinPlatformFile()).design!;
const makerSigned = loadPlatform(join(packageRoot(), 'test/fixtures/platforms/labelled-os-maker-signed/platform.json')).design!;
const holderLeftOut = { ...builtinPlatform, keys: builtinPlatform.keys.map(({ holder: _holder, ...k }) => k) };
const PLATFORMS: [string, LogKeeper][] = [
  ['Azure Sphere', builtinPlatform],
  ['maker-signed OS', makerSigned],
  ['holder left out', holderLeftOut],
];

const scratch = mkdtempSync(join(tmpdir(), 'log-defaults-differential-'));
/** The built-in design with the policy fields as `stated` (the rest removed from the file), read by the loader; a log of one event per source. */
function loadedWith(stated: Stated): UpdateDesign {
  const doc = JSON.parse(builtinText) as { $schema?: string; failureReporting: Record<string, unknown> };
  delete doc.$schema;
  for (const field of POLICY_FIELDS) {
    if (stated[field] === undefined) delete doc.failureReporting[field];
    else doc.failureReporting[field] = stated[field];
  }
  Object.assign(doc.failureReporting, { systemEventCapacity: 1, eventsPerAppCapacity: 1 });
  const file = join(scratch, 'update.json');
  writeFileSync(file, JSON.stringify(doc));
  const loaded = loadUpdateDesign(file);
  if (!loaded.design) throw new Error(`the generated update design does not load: ${loaded.errors.map((e) => e.message).join('; ')}`);
  return loaded.design;
}

const failure = (kind: string, source: string, n = 1) => ({ time: 1000 + n, kind: kind as FailureLogPolicy['recordedKinds'][number], source, detail: `${kind} ${n}`, boot: 1 });
const sourceOf = (origin: EventOrigin) => (origin === 'os' ? 'os' : `${origin}-app`);

type PolicyOf = typeof logPolicyOf;

/** The first decision on which the spec (through `policyOf`) and the emulated log differ, if any. */
function disagreement(design: UpdateDesign, platform: LogKeeper, policyOf: PolicyOf): string | undefined {
  const policy = policyOf(design, platform);
  for (const kind of FAILURE_LOG_KINDS) {
    for (const origin of ORIGINS) {
      const stored = FailureReportLog.open(new CountedFlash(), design, platform).offer(failure(kind, sourceOf(origin)), origin).outcome === 'stored';
      if (stored !== logRecords(policy, kind, origin)) return `${kind} from ${origin}: the log ${stored ? 'stores' : 'does not store'} it, logRecords says ${stored ? 'not' : 'recorded'}`;
    }
  }
  const overflow = FailureReportLog.open(new CountedFlash(), design, platform);
  const osKind = FAILURE_LOG_KINDS.find((k) => logRecords(policy, k, 'os'));
  if (osKind) {
    overflow.offer(failure(osKind, 'os', 1));
    overflow.offer(failure(osKind, 'os', 2));
    const marked = overflow.nextReport('d').events.some((e) => e.kind === 'events-dropped');
    if (marked !== logReportsDropped(policy)) return `an overflow ${marked ? 'leaves' : 'leaves no'} marker, logReportsDropped says ${logReportsDropped(policy)}`;
  }
  const erased = FailureReportLog.open(new CountedFlash(), design, platform).erase('apps', 'an app');
  if (erased !== logErasableBy(policy, 'apps')) return `an app's erase ${erased ? 'goes through' : 'is refused'}, logErasableBy says ${logErasableBy(policy, 'apps')}`;
  return undefined;
}

function search(policyOf: PolicyOf = logPolicyOf): { absent: number; found?: string } {
  let absent = 0;
  let found: string | undefined;
  fc.assert(
    fc.property(statedArb, fc.constantFrom(...PLATFORMS), (stated, [name, platform]) => {
      if (found) return;
      absent += POLICY_FIELDS.filter((f) => stated[f] === undefined).length;
      const why = disagreement(loadedWith(stated), platform, policyOf);
      if (why) found = `${why}\nplatform: ${name}\nstated: ${JSON.stringify(stated)}`;
    }),
    { seed: 20261208, numRuns: 60 },
  );
  return { absent, ...(found ? { found } : {}) };
}

describe('differential: the failure log policy a design leaves out, spec and emulated log', () => {
  it('agree for every kind, origin, overflow and erase, with each field stated or left out', () => {
    const result = search();
    expect(result.found).toBeUndefined();
    expect(result.absent).toBeGreaterThan(0);
  });

  it('a design that leaves the whole policy out is read as Azure Sphere\'s by both: no real-time app failure is kept, and apps cannot erase', () => {
    const design = loadedWith({});
    expect(design.failureReporting.recordedApps).toBeUndefined();
    expect(logRecords(logPolicyOf(design, builtinPlatform), 'app-crash', 'real-time')).toBe(false);
    expect(FailureReportLog.open(new CountedFlash(), design, builtinPlatform).offer(failure('app-crash', 'rt'), 'real-time').outcome).toBe('not-recorded');
    expect(FailureReportLog.open(new CountedFlash(), design, builtinPlatform).offer(failure('app-crash', 'hl'), 'high-level').outcome).toBe('stored');
    expect(FailureReportLog.open(new CountedFlash(), design, builtinPlatform).erase('apps', 'an app')).toBe(false);
  });

  it("on an OS not shown to be Microsoft's, a design that leaves the policy out gets none of Azure Sphere's: both sides record nothing and let apps erase", () => {
    const design = loadedWith({});
    for (const platform of [makerSigned, holderLeftOut]) {
      expect(logRecords(logPolicyOf(design, platform), 'app-crash', 'high-level')).toBe(false);
      expect(FailureReportLog.open(new CountedFlash(), design, platform).offer(failure('app-crash', 'hl'), 'high-level').outcome).toBe('not-recorded');
      expect(FailureReportLog.open(new CountedFlash(), design, platform).erase('apps', 'an app')).toBe(true);
    }
  });

  it('is not blind: a spec whose default records real-time apps too, or lets apps erase, disagrees', () => {
    // A wrong Azure Sphere default (where Azure Sphere's defaults apply).
    const withDefaults = (fill: Partial<FailureLogPolicy>): PolicyOf => (design, platform) => platform !== builtinPlatform ? logPolicyOf(design, platform) : logPolicyOf({ failureReporting: { ...fill, ...Object.fromEntries(Object.entries(design.failureReporting).filter(([, v]) => v !== undefined)) } as UpdateDesign['failureReporting'] }, platform);
    expect(search(withDefaults({ recordedApps: ['high-level', 'real-time'] })).found).toMatch(/from real-time/);
    expect(search(withDefaults({ erasableBy: ['security-service', 'apps'] })).found).toMatch(/erase/);
    // The old rule: Azure Sphere's defaults on every platform, whoever signs its OS.
    const onAnyPlatform: PolicyOf = (design) => withLogPolicyDefaults(design.failureReporting, AZURE_SPHERE_LOG_POLICY);
    expect(search(onAnyPlatform).found).toMatch(/platform: (maker-signed OS|holder left out)/);
  });

  it("agree on every update design among the fixtures, on each platform; and the failure-reporting plays take the device's policy", () => {
    const fixtures = join(packageRoot(), 'test/fixtures');
    const files = (readdirSync(fixtures, { recursive: true }) as string[]).filter((f) => f.endsWith('update.json')).map((f) => join(fixtures, f));
    const designs = files.flatMap((f) => loadUpdateDesign(f).design ?? []);
    expect(designs.length).toBeGreaterThan(50);
    // A log of one event per source, as loadedWith makes, so that the overflow probe overflows.
    const found = designs.flatMap((loaded, i) => PLATFORMS.flatMap(([name, platform]) => {
      const design = { ...loaded, failureReporting: { ...loaded.failureReporting, systemEventCapacity: 1, eventsPerAppCapacity: 1 } };
      const why = disagreement(design, platform, logPolicyOf);
      return why ? [`${files[i]} on ${name}: ${why}`] : [];
    }));
    expect(found).toEqual([]);
    // The plays' reading is the log's own: the same recording decisions, whatever the spec's policy says.
    for (const [, platform] of PLATFORMS) expect(devicePolicy(loadedWith({}), platform)).toEqual(FailureReportLog.open(new CountedFlash(), loadedWith({}), platform).policy);
  });

  it("agree on the room a log has offline: eventsStorable against the events the emulated log keeps, each source failing up to its quota", () => {
    const apps = fc.array(fc.constantFrom<AppClass>('high-level', 'real-time'), { maxLength: 3 });
    let compared = 0;
    const capacities = fc.record({ systemEventCapacity: fc.integer({ min: 1, max: 6 }), eventsPerAppCapacity: fc.integer({ min: 1, max: 6 }), totalEventCapacity: fc.integer({ min: 1, max: 20 }) });
    fc.assert(
      fc.property(statedArb, capacities, apps, fc.constantFrom(...PLATFORMS), (stated, numbers, classes, [, platform]) => {
        const design = loadedWith(stated);
        Object.assign(design.failureReporting, numbers);
        const log = FailureReportLog.open(new CountedFlash(), design, platform);
        // Failures of a kind the device records: the OS's quota of them, then each app's (the design's numbers, as the play offers them).
        const kind = FAILURE_LOG_KINDS.find((k) => log.policy.recordedKinds.includes(k) && (k === 'app-crash' || classes.length === 0)) ?? log.policy.recordedKinds[0];
        if (!kind) return;
        const sources: [string, EventOrigin, number][] = [['os', 'os', numbers.systemEventCapacity], ...classes.map((c, i): [string, EventOrigin, number] => [`app-${i}`, c, numbers.eventsPerAppCapacity])];
        let kept = 0;
        for (const [source, origin, quota] of sources) {
          for (let n = 0; n < quota; n++) if (log.offer(failure(kind, source, n), origin).outcome === 'stored') kept++;
        }
        const spec = { ...design.failureReporting, ...logPolicyOf(design, platform) };
        // The spec counts an app class whose failures it records; the device stores app failures of the kind chosen.
        const recordsAppKind = classes.length === 0 || logRecords(spec, kind, 'high-level') || logRecords(spec, kind, 'real-time');
        if (!recordsAppKind || !logRecords(spec, kind, 'os')) return;
        compared++;
        expect(kept, JSON.stringify({ stated, numbers, classes, kind })).toBe(eventsStorable(spec, classes));
      }),
      { seed: 20261206, numRuns: 80 },
    );
    expect(compared).toBeGreaterThan(30);
  });
});

/**
 * certificate-authentication's concrete suites against the real parties (CBOR, X.509, P-256) under
 * the protocol design's trust anchors, each a fast-check run with a seed:
 *  - forged certificate chains: expired, not-yet-valid, wrong-tenant, wrong-key-usage, broken-chain,
 *    self-signed, against the validators of both sides, genuine chains as controls;
 *  - hostile input to every party: no receive throws, and a rejected message changes nothing;
 *  - server certificates out of their validity, with the device clock moved by each app the OS lets move it.
 * They read the design, the seed, the runs and a PKI; the outcome is plain data, so the proof worker
 * (proof-worker.ts) can run them too. Each suite starts with one case of everything it names (every
 * forgery kind and the genuine control on both sides: 14; every receiver: 5), then random ones; a suite
 * that passed without trying every case (fewer runs than that: --runs 1 tried one) is unknown, never a
 * pass for the cases it did not try (untriedCases).
 */
import fc from 'fast-check';
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { AttestationWorld } from '../../emulator/attestation/world.js';
import type { Pki } from '../../emulator/attestation/pki.js';
import type { Evidence } from '../verdict.js';
import { decideForgery, describeForgery, forgeryArbitrary, forgeryKeys, FORGERY_KINDS, type Forgery } from './forged-chains.js';
import { clockMoveOf, type InstalledApp } from '../../emulator/update/index.js';
import { checkHostileInput, hostileInputArbitrary, makeRobustnessBench, RobustnessViolation, TARGETS, type HostileInput } from './robustness.js';

export interface SuiteOutcome {
  evidence: Evidence;
  violation?: string;
  unknown?: string;
}

export async function forgedChainSuite(design: ProtocolDesign, runs: number, seed: number, pki: Pki): Promise<SuiteOutcome> {
  const world = await AttestationWorld.create(design, { pki });
  world.setPeriod(0);
  const ctx = { design, pki: world.pki, now: world.clock.now(), deviceName: world.deviceIdOf('d1'), keys: forgeryKeys(seed) };
  const seen = new Map<string, number>();
  const tried = new Set<string>();
  let problem: { forgery: Forgery; accepted: boolean; reason?: string } | undefined;
  const details = await fc.check(
    fc.asyncProperty(forgeryArbitrary(), async (f) => {
      const d = await decideForgery(f, ctx);
      seen.set(f.kind, (seen.get(f.kind) ?? 0) + 1);
      tried.add(`${f.kind} ${f.side}`);
      if (d.accepted !== d.expected) {
        problem = { forgery: f, accepted: d.accepted, ...(d.reason ? { reason: d.reason } : {}) };
        return false;
      }
      return true;
    }),
    { seed, numRuns: runs, endOnFailure: true, examples: FORGED_EXAMPLES.map((f) => [f] as [Forgery]) },
  );
  const counts = [...seen].map(([k, n]) => `${k} ${n}`).join(', ');
  if (details.failed && problem) {
    const f = problem.forgery;
    const verdict = problem.accepted ? `accepts ${describeForgery(f)}` : `rejects ${describeForgery(f)} (${problem.reason})`;
    const who = f.side === 'server-certificate' ? 'the device' : 'the cloud service';
    if (!problem.accepted) return { evidence: { title: 'forged chains: the genuine control was rejected', lines: [`${who} ${verdict}`] }, unknown: `forged-chain suite: ${who} ${verdict}; the suite cannot decide` };
    return { evidence: { title: `forged chains: ${who} ${verdict}`, lines: [`seed ${seed}, counterexample ${JSON.stringify(f)}`, `cases: ${counts}`], reproduce: `seed ${seed}` }, violation: `${who} ${verdict}` };
  }
  if (details.failed) return { evidence: { title: 'forged chains: the suite failed internally', lines: [String(details.errorInstance)] }, unknown: `forged-chain suite failed internally: ${String(details.errorInstance)}` };
  const lines = [`cases: ${counts}`, `anchors: cloud ${design.cloudService.deviceTrustAnchors}, device ${design.device.serverTrustAnchors}`];
  const untried = untriedCases(FORGED_CASES, tried);
  if (untried) return { evidence: { title: `forged chains: ${details.numRuns} runs passed, but ${untried.count} of ${FORGED_CASES.length} cases were never tried`, lines: [...lines, `never tried: ${untried.list}`] }, unknown: `forged-chain suite: ${details.numRuns} run${details.numRuns === 1 ? '' : 's'} never tried ${untried.list}; more --runs try every case` };
  return { evidence: { title: `forged chains: all ${details.numRuns} rejected, genuine ones accepted (seed ${seed})`, lines } };
}

/**
 * The device judges a server certificate's validity by its own clock; an app the OS lets move that clock
 * (emulator/update/system-time.ts clockMoveOf: SystemTime, or a time server it names with TimeSyncConfig) moves it to
 * inside a certificate's validity. Played for each such app with a server certificate that expired an hour ago and one
 * valid only from an hour from now, the app moving the clock two hours: a device that accepts either has a validity
 * check an app defeats. The forged-chain suite above judges at the true time, with no app moving the clock.
 */
export async function clockMovedChainPlay(design: ProtocolDesign, seed: number, pki: Pki, apps: readonly InstalledApp[]): Promise<SuiteOutcome> {
  const movers = apps.flatMap((app) => {
    const how = clockMoveOf(app);
    return how ? [{ app: app.name, how }] : [];
  });
  if (movers.length === 0) return { evidence: { title: 'server certificates judged by a clock no app moves', lines: [`the OS lets none of ${apps.length} app${apps.length === 1 ? '' : 's'} set the clock or name its time server (SystemTime, TimeSyncConfig)`] } };
  const world = await AttestationWorld.create(design, { pki });
  world.setPeriod(0);
  const now = world.clock.now();
  const hour = 3_600_000;
  const base = { design, pki: world.pki, now, deviceName: world.deviceIdOf('d1'), keys: forgeryKeys(seed) };
  const lines: string[] = [];
  const accepted: string[] = [];
  for (const { app, how } of movers) {
    for (const kind of ['expired', 'not-yet-valid'] as const) {
      const f: Forgery = { kind, variant: 0, hours: 1, byte: 0, side: 'server-certificate' };
      const deviceNow = new Date(now.getTime() + (kind === 'expired' ? -2 : 2) * hour);
      const d = await decideForgery(f, { ...base, deviceNow });
      const line = `${app} (${how}) moves the device clock ${kind === 'expired' ? 'back' : 'forward'} 2 h: the device ${d.accepted ? 'accepts' : 'rejects'} ${describeForgery(f)}${d.accepted ? '' : ` (${d.reason})`}`;
      lines.push(line);
      if (d.accepted) accepted.push(line);
    }
  }
  if (accepted.length) return { evidence: { title: `server certificates judged by a clock an app moves: ${accepted.length} accepted`, lines, reproduce: `seed ${seed}` }, violation: accepted[0]! };
  return { evidence: { title: 'server certificates judged by a clock an app moves: every one rejected', lines } };
}

export async function hostileInputSuite(design: ProtocolDesign, runs: number, seed: number, pki: Pki): Promise<SuiteOutcome> {
  const bench = await makeRobustnessBench(design, { pki });
  let failure: string | undefined;
  const tried = new Set<string>();
  const details = await fc.check(
    fc.asyncProperty(hostileInputArbitrary(), async (h) => {
      tried.add(h.target);
      try {
        await checkHostileInput(h, bench);
        return true;
      } catch (err) {
        if (err instanceof RobustnessViolation) failure = err.message;
        throw err;
      }
    }),
    { seed, numRuns: runs, endOnFailure: true, examples: HOSTILE_EXAMPLES.map((h) => [h] as [HostileInput]) },
  );
  if (details.failed && failure) return { evidence: { title: `hostile input: ${failure}`, lines: [`seed ${seed}`], reproduce: `seed ${seed}` }, violation: failure };
  if (details.failed) return { evidence: { title: 'hostile input: the suite failed internally', lines: [String(details.errorInstance)] }, unknown: `hostile-input suite failed internally: ${String(details.errorInstance)}` };
  const untried = untriedCases(TARGETS, tried);
  if (untried) return { evidence: { title: `hostile input: ${details.numRuns} messages, none threw, but ${untried.count} of ${TARGETS.length} receivers got none`, lines: [`never tried: ${untried.list}`] }, unknown: `hostile-input suite: ${details.numRuns} run${details.numRuns === 1 ? '' : 's'} sent nothing to ${untried.list}; more --runs try every receiver` };
  return { evidence: { title: `hostile input: ${details.numRuns} messages to ${TARGETS.length} receivers, none threw, every rejection left the state unchanged (seed ${seed})`, lines: [] } };
}

const SIDES = ['device-certificate', 'server-certificate'] as const;
/** One forgery of every kind, and the genuine control, on both sides: tried first, so 14 runs try every case. */
const FORGED_EXAMPLES: readonly Forgery[] = [...FORGERY_KINDS, 'genuine' as const].flatMap((kind) => SIDES.map((side): Forgery => ({ kind, variant: 0, hours: 25, byte: 0, side })));
/** What the forged-chain suite claims to have tried. */
const FORGED_CASES: readonly string[] = FORGED_EXAMPLES.map((f) => `${f.kind} ${f.side}`);
/** One empty message to every receiver, tried first. */
const HOSTILE_EXAMPLES: readonly HostileInput[] = TARGETS.map((target) => ({ target, input: { kind: 'bytes', bytes: new Uint8Array() } }));

/** The cases a passing suite names but never tried, or undefined when it tried them all. */
function untriedCases(cases: readonly string[], tried: ReadonlySet<string>): { count: number; list: string } | undefined {
  const missing = cases.filter((c) => !tried.has(c));
  return missing.length ? { count: missing.length, list: missing.join(', ') } : undefined;
}
